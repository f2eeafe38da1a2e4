// Turns what a review record points to (rules, stored files, imports, register entries) into the words
// and evidence ids (E-001…) the report prints, so every "where implemented" and every proof names the
// evidence an assessor can look up in the register.
import type { Database } from 'better-sqlite3';
import type { EvidenceEntry } from '../../store/evidence';
import type { ImplementationLink, Proof } from '../../review/model';

export interface RuleLine {
  ruleId: number;
  importId: number;
  device: string;
  ruleset: string;
  order: number;
  action: string;
  name: string | null;
  lineFrom: number | null;
  lineTo: number | null;
  text: string;
}

export class EvidenceIndex {
  private readonly bySha = new Map<string, EvidenceEntry>();
  private readonly byRef = new Map<string, EvidenceEntry>();
  private readonly importSha = new Map<number, { sha256: string | null; fileName: string }>();
  private readonly rules = new Map<number, RuleLine | null>();
  private readonly ruleStmt;

  constructor(
    db: Database,
    readonly entries: EvidenceEntry[],
  ) {
    for (const e of entries) {
      this.byRef.set(e.ref, e);
      // The first registration of a file is the one cited (a file stored twice keeps its first id).
      if (e.file && !this.bySha.has(e.file.sha256)) this.bySha.set(e.file.sha256, e);
    }
    const rows = db.prepare('SELECT id, sha256, file_name FROM import ORDER BY id').all() as {
      id: number;
      sha256: string | null;
      file_name: string;
    }[];
    for (const r of rows) this.importSha.set(r.id, { sha256: r.sha256, fileName: r.file_name });
    this.ruleStmt = db.prepare(
      `SELECT id AS ruleId, import_id AS importId, device, ruleset, ord AS "order", action, name,
         line_from AS lineFrom, line_to AS lineTo, text FROM rule WHERE id = ?`,
    );
  }

  refOfSha(sha256: string): string | null {
    return this.bySha.get(sha256)?.ref ?? null;
  }

  refOfImport(importId: number): string | null {
    const sha = this.importSha.get(importId)?.sha256;
    return sha ? this.refOfSha(sha) : null;
  }

  entry(ref: string): EvidenceEntry | undefined {
    return this.byRef.get(ref);
  }

  rule(ruleId: number): RuleLine | null {
    if (!this.rules.has(ruleId)) this.rules.set(ruleId, (this.ruleStmt.get(ruleId) as RuleLine | undefined) ?? null);
    return this.rules.get(ruleId) ?? null;
  }

  /** "fw1 filter/INPUT #4, lines 12–13 (allow, "ssh-admins")". */
  ruleLabel(r: RuleLine): string {
    const lines =
      r.lineFrom === null
        ? ''
        : r.lineTo !== null && r.lineTo !== r.lineFrom
          ? `, lines ${r.lineFrom}–${r.lineTo}`
          : `, line ${r.lineFrom}`;
    const name = r.name ? `, "${r.name}"` : '';
    return `${r.device} ${r.ruleset} #${r.order}${lines} (${r.action}${name})`;
  }

  /** Where a feature is implemented, in words, with the evidence id behind it. */
  describeLink(link: ImplementationLink): { text: string; refs: string[] } {
    switch (link.kind) {
      case 'rule': {
        const r = this.rule(link.ruleId);
        if (!r) return { text: `Rule #${link.ruleId} (no longer in the engagement)`, refs: [] };
        const ref = this.refOfImport(r.importId);
        const file = this.importSha.get(r.importId)?.fileName ?? `import #${r.importId}`;
        return {
          text: `Rule ${this.ruleLabel(r)} in ${file}${ref ? ` [${ref}]` : ''}: ${r.text}`,
          refs: ref ? [ref] : [],
        };
      }
      case 'file': {
        const e = this.bySha.get(link.sha256);
        const name = e?.file?.name ?? 'stored file';
        const excerpt = link.excerpt ? ` — excerpt: ${link.excerpt}` : '';
        return {
          text: `${e ? `${e.ref} ` : ''}${name} (SHA-256 ${link.sha256})${excerpt}`,
          refs: e ? [e.ref] : [],
        };
      }
      case 'evidence': {
        const e = this.byRef.get(link.ref);
        return { text: `${link.ref} ${e ? `${e.title} (${e.type})` : '(not in the register)'}`, refs: [link.ref] };
      }
      case 'note':
        return { text: `Note: ${link.text}`, refs: [] };
      default:
        return { text: `Link of kind "${(link as { kind: string }).kind}"`, refs: [] };
    }
  }

  /** What proves a test, in words, with its evidence id. */
  describeProof(proof: Proof): { text: string; refs: string[] } {
    switch (proof.kind) {
      case 'file': {
        const e = this.bySha.get(proof.sha256);
        return {
          text: `${e ? `${e.ref} ` : ''}${e?.file?.name ?? 'stored file'} (SHA-256 ${proof.sha256.slice(0, 16)}…)`,
          refs: e ? [e.ref] : [],
        };
      }
      case 'import': {
        const ref = this.refOfImport(proof.importId);
        const file = this.importSha.get(proof.importId)?.fileName ?? 'unknown file';
        return { text: `${ref ? `${ref} ` : ''}import #${proof.importId} ${file}`, refs: ref ? [ref] : [] };
      }
      case 'evidence': {
        const e = this.byRef.get(proof.ref);
        return { text: `${proof.ref} ${e ? e.title : '(not in the register)'}`, refs: [proof.ref] };
      }
      default:
        return { text: `Proof of kind "${(proof as { kind: string }).kind}"`, refs: [] };
    }
  }
}
