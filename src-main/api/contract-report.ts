// Contract schemas for the PDF report on its own (the evidence package carries one too). zod only (the
// renderer imports it). The passphrase travels in the request and goes nowhere else.
import { z } from 'zod';
import { IdentityName, Passphrase } from './contract-export';

const filePath = z
  .string()
  .min(1, 'a file path is required')
  .max(4096)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL');

export const ExportReportRequest = z
  .object({
    path: filePath,
    /** Where to write the report; may be left out when `save` asks the save dialog instead. */
    out: filePath.refine((s) => s.toLowerCase().endsWith('.pdf'), 'expected a file name ending in .pdf').optional(),
    /** Without `out`: ask where to save it (native save dialog); a cancelled dialog cancels the report. */
    save: z.boolean().default(false),
    /** Sign the report (PAdES-B-B) with this identity from the host's identity folder. */
    identity: IdentityName.optional(),
    passphrase: Passphrase.optional(),
    /** The report's date (ISO 8601); now when absent. Fix it to reproduce a report byte for byte. */
    fixedTime: z.iso
      .datetime({ offset: true, message: 'expected an ISO 8601 time such as 2026-12-01T10:00:00Z' })
      .optional(),
  })
  .strict()
  .refine((r) => r.out !== undefined || r.save, {
    message: 'expected a file name ending in .pdf, or save: true to choose it in the save dialog',
    path: ['out'],
  })
  .refine((r) => r.identity === undefined || r.passphrase !== undefined, {
    message: "the identity's passphrase is required to sign",
    path: ['passphrase'],
  })
  .refine((r) => r.passphrase === undefined || r.identity !== undefined, {
    message: 'a passphrase was given without an identity to sign with',
    path: ['identity'],
  });

export const ReportResult = z.object({
  out: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  pages: z.number().int(),
  items: z.number().int(),
  fixedTime: z.string(),
  /** The signer certificate's common name; null when the report is not signed. */
  signer: z.string().nullable(),
});
