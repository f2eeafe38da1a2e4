// Contract schemas for signing identities, the signed evidence package and its verification. zod only
// (the renderer imports it). Passphrases travel in requests and go nowhere else: never stored, logged
// or audited.
import { z } from 'zod';

const filePath = z
  .string()
  .min(1, 'a file path is required')
  .max(4096)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL');
const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must be one line of printable characters');

export const IdentityName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
    'expected an identity name of 1-64 letters, digits, dots, dashes or underscores',
  );
export const Passphrase = z.string().min(1, 'a passphrase is required').max(1024);
export const KeyType = z.enum(['rsa-3072', 'p256']);

export const IdentityInfo = z.object({
  name: z.string(),
  commonName: z.string(),
  organization: z.string().nullable(),
  subject: z.string(),
  issuer: z.string(),
  keyType: z.string(),
  isCa: z.boolean(),
  selfSigned: z.boolean(),
  notBefore: z.string(),
  notAfter: z.string(),
  serial: z.string(),
  fingerprintSha256: z.string(),
  p12Path: z.string(),
  certPath: z.string(),
});

export const IdentityNewRequest = z
  .object({
    name: IdentityName,
    commonName: line(64),
    organization: line(64).optional(),
    email: z
      .string()
      .regex(/^[^@\s]+@[^@\s]+$/, 'expected an e-mail address such as name@example.org')
      .optional(),
    keyType: KeyType.default('rsa-3072'),
    /** The firm's local CA (made once with localCa: true) that issues this identity's certificate. */
    ca: z.object({ name: IdentityName, passphrase: Passphrase }).strict().optional(),
    /** Make the firm's local certificate authority instead of an assessor identity. */
    localCa: z.boolean().default(false),
    validDays: z.number().int().min(1).max(36500).optional(),
    passphrase: Passphrase.pipe(z.string().min(8, 'the passphrase must be at least 8 characters long')),
  })
  .strict();

export const IdentityImportRequest = z
  .object({ name: IdentityName, source: filePath, passphrase: Passphrase })
  .strict();

export const PackageResult = z.object({
  out: z.string(),
  packageId: z.string(),
  engagementHash: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  payloadFiles: z.number().int(),
  payloadBytes: z.number().int(),
  report: z.boolean(),
  reconciliation: z.boolean(),
  signer: z.object({ subject: z.string(), fingerprintSha256: z.string(), selfSigned: z.boolean() }),
});

export const ExportPackageRequest = z
  .object({
    path: filePath,
    /** Where to write the package; may be left out when `save` asks the save dialog instead. */
    out: filePath.refine((s) => s.toLowerCase().endsWith('.zip'), 'expected a file name ending in .zip').optional(),
    /** Without `out`: ask where to save it (native save dialog); a cancelled dialog cancels the export. */
    save: z.boolean().default(false),
    identity: IdentityName,
    passphrase: Passphrase,
    /** The export time written into the package (ISO 8601); now when absent. Fix it to reproduce a package. */
    fixedTime: z.iso
      .datetime({ offset: true, message: 'expected an ISO 8601 time such as 2026-12-01T10:00:00Z' })
      .optional(),
  })
  .strict()
  .refine((r) => r.out !== undefined || r.save, {
    message: 'expected a file name ending in .zip, or save: true to choose it in the save dialog',
    path: ['out'],
  });

export const VerifyCheck = z.object({
  name: z.string(),
  status: z.enum(['pass', 'fail', 'warn']),
  ok: z.boolean(),
  detail: z.string(),
  problems: z.array(z.string()),
});

export const PackageVerdict = z.object({
  path: z.string(),
  valid: z.boolean(),
  trusted: z.boolean(),
  packageId: z.string().nullable(),
  exportTime: z.string().nullable(),
  checks: z.array(VerifyCheck),
});

export const PackageVerifyRequest = z
  .object({
    package: filePath,
    /** PEM file of the CA certificate(s) to trust. */
    ca: filePath.optional(),
  })
  .strict();
