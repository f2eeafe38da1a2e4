// The assessor's record for one insecure item: what is done about it (disable, replace, or constrain and
// secure), the exception behind keeping it, and the security features that mitigate it — each tied to
// where it is implemented and how it was tested. Plain data validated by zod; no I/O.
import { z } from 'zod';

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .default(null)
    .transform((s) => (s === '' ? null : s));
const date = z.iso.date().nullable().default(null);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 as 64 lowercase hex digits');
/** An evidence register id (E-001, E-1234), as the register gives them. */
export const EvidenceRef = z.string().regex(/^E-\d{3,}$/, 'expected an evidence id such as E-001');
/** A feature's id within its item (F1, F2…), given by the core when the feature is first saved. */
export const FeatureId = z.string().regex(/^F[1-9]\d{0,3}$/, 'expected a feature id such as F1');
const ticketKeys = z.array(text(100).min(1)).max(100).default([]);

export const Disposition = z.enum(['disable', 'replace', 'constrain']);
export type Disposition = z.infer<typeof Disposition>;

export const ExceptionStatus = z.enum(['draft', 'in-review', 'approved', 'expired', 'retired']);

export const FeatureKind = z.enum(['network', 'authentication', 'encryption', 'hardening', 'monitoring', 'time-bound']);
export type FeatureKind = z.infer<typeof FeatureKind>;

/**
 * Where a feature is implemented: rule lines of an imported rulebase, a stored file, an entry of the
 * evidence register (a configuration document, an interview), or a written note.
 */
export const ImplementationLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rule'), ruleId: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('file'), sha256, excerpt: optionalText(2000) }).strict(),
  z.object({ kind: z.literal('evidence'), ref: EvidenceRef }).strict(),
  z.object({ kind: z.literal('note'), text: text(4000).min(1, 'a note needs text') }).strict(),
]);
export type ImplementationLink = z.infer<typeof ImplementationLink>;

/**
 * What proves a test: a stored file (screenshot, log sample), a later import (e.g. a re-scan), or an
 * entry of the evidence register (an observation or interview written down, a document).
 */
export const Proof = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), sha256 }).strict(),
  z.object({ kind: z.literal('import'), importId: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('evidence'), ref: EvidenceRef }).strict(),
]);
export type Proof = z.infer<typeof Proof>;

export const FeatureTest = z
  .object({
    procedure: text(4000).min(1, 'say how the feature was tested'),
    expected: optionalText(2000),
    actual: optionalText(2000),
    result: z.enum(['pass', 'fail', 'not-run']).default('not-run'),
    testedOn: date,
    tester: optionalText(200),
    proof: Proof.nullable().default(null),
  })
  .strict();
export type FeatureTest = z.infer<typeof FeatureTest>;

export const SecurityFeature = z
  .object({
    /** Absent until first saved; then kept for the life of the feature (tickets, test plans cite it). */
    id: FeatureId.optional(),
    kind: FeatureKind,
    title: text(300).min(1, 'a feature needs a title'),
    description: optionalText(4000),
    /** The hosts of the item this feature covers; empty = all of them. */
    hosts: z.array(text(300).min(1)).default([]),
    implementedBy: z.array(ImplementationLink).default([]),
    /** Keys of imported change tickets that put the feature in place (e.g. the rule change). */
    tickets: ticketKeys,
    tests: z.array(FeatureTest).default([]),
  })
  .strict();
export type SecurityFeature = z.infer<typeof SecurityFeature>;

export const ReviewRecord = z
  .object({
    disposition: Disposition.nullable().default(null),
    justification: optionalText(8000),
    /** The system or third party that needs the service. */
    dependency: optionalText(1000),
    thirdParty: optionalText(300),
    owner: optionalText(200),
    requester: optionalText(200),
    approver: optionalText(200),
    decisionDate: date,
    expiryDate: date,
    reviewCadenceDays: z.number().int().min(1).max(3660).nullable().default(null),
    replacementPlan: optionalText(4000),
    targetDate: date,
    retirementPlan: optionalText(4000),
    status: ExceptionStatus.default('draft'),
    /** Keys of imported change tickets behind the decision (the change that disables, replaces or constrains). */
    tickets: ticketKeys,
    features: z.array(SecurityFeature).max(200).default([]),
    /** The highest feature number ever given in this record, so that a removed feature's id is not reused. */
    featureSeq: z.number().int().min(0).max(9999).default(0),
  })
  .strict();
export type ReviewRecord = z.infer<typeof ReviewRecord>;
export type ReviewInput = z.input<typeof ReviewRecord>;

export function emptyReview(): ReviewRecord {
  return ReviewRecord.parse({});
}

/** The same person, whatever the case and spacing. */
export function samePerson(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * Gives every feature without an id the next number (F1, F2…) above any the record ever gave, so a
 * removed feature's id is never given again. `stored` is the record as saved before this change: an id
 * it never held must be new (above its count), and ids may not repeat — either would make citations of
 * a feature ambiguous.
 */
export function assignFeatureIds(record: ReviewRecord, stored: ReviewRecord | null): ReviewRecord {
  const storedIds = new Set(stored?.features.map((f) => f.id) ?? []);
  const floor = stored?.featureSeq ?? 0;
  const used = new Set<string>();
  for (const f of record.features) {
    if (!f.id) continue;
    if (used.has(f.id)) throw new Error(`two features have the id ${f.id}`);
    if (!storedIds.has(f.id) && Number(f.id.slice(1)) <= floor) {
      throw new Error(`${f.id} belonged to a feature that was removed; leave the id out and a new one is given`);
    }
    used.add(f.id);
  }
  let seq = Math.max(floor, ...[...used].map((id) => Number(id.slice(1))));
  const features = record.features.map((f) => {
    if (f.id) return f;
    seq++;
    if (seq > 9999) throw new Error('this record has given out 9,999 feature ids; no more can be given');
    return { ...f, id: `F${seq}` };
  });
  return { ...record, features, featureSeq: seq };
}
