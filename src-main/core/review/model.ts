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

export const Disposition = z.enum(['disable', 'replace', 'constrain']);
export type Disposition = z.infer<typeof Disposition>;

export const ExceptionStatus = z.enum(['draft', 'in-review', 'approved', 'expired', 'retired']);

export const FeatureKind = z.enum(['network', 'authentication', 'encryption', 'hardening', 'monitoring', 'time-bound']);
export type FeatureKind = z.infer<typeof FeatureKind>;

/** Where a feature is implemented: rule lines of an imported rulebase, a stored file, or a written note. */
export const ImplementationLink = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rule'), ruleId: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('file'), sha256, excerpt: optionalText(2000) }).strict(),
  z.object({ kind: z.literal('note'), text: text(4000).min(1, 'a note needs text') }).strict(),
]);
export type ImplementationLink = z.infer<typeof ImplementationLink>;

/** What proves a test: a stored file (screenshot, log sample) or a later import (e.g. a re-scan). */
export const Proof = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), sha256 }).strict(),
  z.object({ kind: z.literal('import'), importId: z.number().int().positive() }).strict(),
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
    kind: FeatureKind,
    title: text(300).min(1, 'a feature needs a title'),
    description: optionalText(4000),
    /** The hosts of the item this feature covers; empty = all of them. */
    hosts: z.array(text(300).min(1)).default([]),
    implementedBy: z.array(ImplementationLink).default([]),
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
    tickets: z.array(text(100).min(1)).max(100).default([]),
    features: z.array(SecurityFeature).max(200).default([]),
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
