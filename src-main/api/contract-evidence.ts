// Contract schemas for the evidence register (ROC evidence references E-001…). zod only.
import { z } from 'zod';

export const EvidenceType = z.enum(['document', 'interview', 'observation', 'system']);
export const EvidenceProcedure = z.enum(['1.2.6.a', '1.2.6.b']);
const cell = (max: number) => z.string().max(max).nullable();

export const EvidenceEntry = z.object({
  ref: z.string(),
  type: EvidenceType,
  title: z.string(),
  version: z.string().nullable(),
  purpose: z.string().nullable(),
  revisionDate: z.string().nullable(),
  collectedOn: z.string(),
  collectedBy: z.string(),
  file: z.object({ sha256: z.string(), name: z.string(), role: z.string(), size: z.number().int() }).nullable(),
  note: z.string().nullable(),
  sampleSet: z.string().nullable(),
  procedure: EvidenceProcedure.nullable(),
});

export const EvidencePatch = z
  .object({
    type: EvidenceType.optional(),
    title: z.string().max(500).optional(),
    version: cell(100).optional(),
    purpose: cell(2000).optional(),
    revisionDate: z.iso.date().nullable().optional(),
    note: cell(8000).optional(),
    sampleSet: cell(500).optional(),
    procedure: EvidenceProcedure.nullable().optional(),
  })
  .strict();

export const EvidenceNote = z
  .object({
    type: z.enum(['interview', 'observation']),
    title: z.string().max(500),
    note: z.string().max(8000),
    procedure: EvidenceProcedure.nullable().optional(),
    sampleSet: cell(500).optional(),
  })
  .strict();
