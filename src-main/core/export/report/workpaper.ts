// The QSA workpaper for Requirement 1.2.6: the evidence examined for each defined-approach testing
// procedure, by evidence id, with why it counts. 1.2.6.a is documentation (what the assessor marked for
// it, and documents that define features); 1.2.6.b is configuration (what was marked for it, rulebases
// whose rule lines implement features, configuration files linked as implementation, and test proofs).
import type { EvidenceEntry } from '../../store/evidence';
import type { EvidenceIndex } from './evidence-index';
import type { ItemReport, WorkpaperLine } from './types';

const MAX_REASONS = 4;

class Collector {
  private readonly reasons = new Map<string, string[]>();

  add(ref: string | null, why: string): void {
    if (!ref) return;
    const list = this.reasons.get(ref) ?? [];
    if (!list.includes(why)) list.push(why);
    this.reasons.set(ref, list);
  }

  lines(index: EvidenceIndex): WorkpaperLine[] {
    const byNumber = (r: string) => Number(r.slice(2));
    return [...this.reasons.keys()]
      .sort((a, b) => byNumber(a) - byNumber(b))
      .map((ref) => {
        const e: EvidenceEntry | undefined = index.entry(ref);
        const all = this.reasons.get(ref) ?? [];
        const shown = all.slice(0, MAX_REASONS);
        const more = all.length - shown.length;
        return {
          ref,
          type: e?.type ?? 'unknown',
          title: e?.title ?? '(not in the register)',
          version: e?.version ?? null,
          revisionDate: e?.revisionDate ?? null,
          why: `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
        };
      });
  }
}

export function workpaper(items: ItemReport[], index: EvidenceIndex): { a: WorkpaperLine[]; b: WorkpaperLine[] } {
  const a = new Collector();
  const b = new Collector();
  for (const e of index.entries) {
    const purpose = e.purpose ? `: ${e.purpose}` : '';
    if (e.procedure === '1.2.6.a') a.add(e.ref, `marked for 1.2.6.a${purpose}`);
    if (e.procedure === '1.2.6.b') b.add(e.ref, `marked for 1.2.6.b${purpose}`);
  }
  for (const it of items) {
    const where = `item ${it.index} (${it.item.title} on ${it.item.port}/${it.item.proto})`;
    it.review.record.features.forEach((f, i) => {
      const name = `${f.id ?? `feature ${i + 1}`} of ${where}`;
      for (const link of f.implementedBy) {
        if (link.kind === 'rule') {
          const rule = index.rule(link.ruleId);
          if (rule) b.add(index.refOfImport(rule.importId), `rule lines implementing ${name}`);
          continue;
        }
        const ref = link.kind === 'file' ? index.refOfSha(link.sha256) : link.kind === 'evidence' ? link.ref : null;
        if (!ref) continue;
        const type = index.entry(ref)?.type;
        if (type === 'document' || type === 'interview') a.add(ref, `defines ${name}`);
        else b.add(ref, `configuration implementing ${name}`);
      }
      for (const t of f.tests) {
        if (!t.proof) continue;
        const ref =
          t.proof.kind === 'file'
            ? index.refOfSha(t.proof.sha256)
            : t.proof.kind === 'import'
              ? index.refOfImport(t.proof.importId)
              : t.proof.kind === 'evidence'
                ? t.proof.ref
                : null;
        b.add(ref, `proof of a ${t.result} test of ${name}`);
      }
    });
  }
  return { a: a.lines(index), b: b.lines(index) };
}
