// The evidence register: every stored file (registered by a trigger as it is stored) and every interview
// or observation note, with the reference the Report on Compliance cites (E-001…) and what the assessor
// records about it. Changes are audited commands.
import type { Database } from 'better-sqlite3';
import { PortcullisError } from '../model/errors';
import type { CommandContext } from './context';
import type { EngagementStore } from './engagement-store';

export const evidenceTypes = ['document', 'interview', 'observation', 'system'] as const;
export type EvidenceType = (typeof evidenceTypes)[number];
export type EvidenceProcedure = '1.2.6.a' | '1.2.6.b';

export interface EvidenceEntry {
  ref: string;
  type: EvidenceType;
  title: string;
  version: string | null;
  purpose: string | null;
  revisionDate: string | null;
  collectedOn: string;
  collectedBy: string;
  /** The stored file, when the evidence is a file. */
  file: { sha256: string; name: string; role: string; size: number } | null;
  note: string | null;
  sampleSet: string | null;
  procedure: EvidenceProcedure | null;
}

/** What the assessor may set on an entry; absent fields are left as they are. */
export interface EvidencePatch {
  type?: EvidenceType;
  title?: string;
  version?: string | null;
  purpose?: string | null;
  revisionDate?: string | null;
  note?: string | null;
  sampleSet?: string | null;
  procedure?: EvidenceProcedure | null;
}

interface Row {
  ref: string;
  type: EvidenceType;
  title: string;
  version: string | null;
  purpose: string | null;
  revision_date: string | null;
  collected_on: string;
  collected_by: string;
  sha256: string | null;
  name: string | null;
  role: string | null;
  size: number | null;
  note: string | null;
  sample_set: string | null;
  procedure: EvidenceProcedure | null;
}

const SELECT = `SELECT e.ref, e.type, e.title, e.version, e.purpose, e.revision_date, e.collected_on, e.collected_by,
    f.sha256, f.name, f.role, a.size, e.note, e.sample_set, e.procedure
  FROM evidence e LEFT JOIN stored_file f ON f.id = e.stored_file_id LEFT JOIN artifact a ON a.sha256 = f.sha256`;

function toEntry(r: Row): EvidenceEntry {
  return {
    ref: r.ref,
    type: r.type,
    title: r.title,
    version: r.version,
    purpose: r.purpose,
    revisionDate: r.revision_date,
    collectedOn: r.collected_on,
    collectedBy: r.collected_by,
    file: r.sha256 ? { sha256: r.sha256, name: r.name ?? '', role: r.role ?? '', size: r.size ?? 0 } : null,
    note: r.note,
    sampleSet: r.sample_set,
    procedure: r.procedure,
  };
}

export function listEvidence(db: Database): EvidenceEntry[] {
  return (db.prepare(`${SELECT} ORDER BY e.id`).all() as Row[]).map(toEntry);
}

export function getEvidence(db: Database, ref: string): EvidenceEntry | null {
  const r = db.prepare(`${SELECT} WHERE e.ref = ?`).get(ref) as Row | undefined;
  return r ? toEntry(r) : null;
}

const COLUMNS: Record<keyof EvidencePatch, string> = {
  type: 'type',
  title: 'title',
  version: 'version',
  purpose: 'purpose',
  revisionDate: 'revision_date',
  note: 'note',
  sampleSet: 'sample_set',
  procedure: 'procedure',
};

/** Records what the assessor says about an entry (audited). A file cannot become an interview or observation. */
export function updateEvidence(
  store: EngagementStore,
  ctx: CommandContext,
  ref: string,
  patch: EvidencePatch,
): EvidenceEntry {
  const before = getEvidence(store.db, ref);
  if (!before) throw new PortcullisError('NOT_FOUND', `${store.path}: no evidence ${ref}`);
  if (before.file && (patch.type === 'interview' || patch.type === 'observation')) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `${ref} is a stored file (${before.file.name}): its type is document or system evidence; record an interview or observation as a note`,
    );
  }
  if (patch.title !== undefined && patch.title.trim() === '') {
    throw new PortcullisError('INVALID_REQUEST', `${ref}: the title must not be empty`);
  }
  store.mutate(ctx, 'evidence.update', { ref, patch }, () => {
    for (const [key, column] of Object.entries(COLUMNS) as [keyof EvidencePatch, string][]) {
      if (patch[key] !== undefined)
        store.db.prepare(`UPDATE evidence SET ${column} = ? WHERE ref = ?`).run(patch[key], ref);
    }
  });
  return getEvidence(store.db, ref) as EvidenceEntry;
}

/** An interview or an observation written down by the assessor (no file), audited. */
export function addEvidenceNote(
  store: EngagementStore,
  ctx: CommandContext,
  entry: {
    type: 'interview' | 'observation';
    title: string;
    note: string;
    procedure?: EvidenceProcedure | null;
    sampleSet?: string | null;
  },
): EvidenceEntry {
  if (entry.title.trim() === '' || entry.note.trim() === '') {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `an ${entry.type} needs a title and a note (who, roles, topics, what was seen)`,
    );
  }
  const id = store.mutate(ctx, 'evidence.note', entry, () =>
    Number(
      store.db
        .prepare(
          `INSERT INTO evidence (type, title, collected_on, collected_by, note, procedure, sample_set)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          entry.type,
          entry.title.trim(),
          ctx.now(),
          ctx.actor,
          entry.note,
          entry.procedure ?? null,
          entry.sampleSet ?? null,
        ).lastInsertRowid,
    ),
  );
  const ref = store.db.prepare('SELECT ref FROM evidence WHERE id = ?').pluck().get(id) as string;
  return getEvidence(store.db, ref) as EvidenceEntry;
}
