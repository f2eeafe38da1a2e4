// Contract schemas for drift between two scan imports and the timeline of one service across every scan.
// zod only (the renderer imports it).
import { z } from 'zod';

export const DriftKind = z.enum(['opened', 'new-host', 'closed', 'host-gone', 'service-changed', 'scripts-changed']);

const filePath = z
  .string()
  .min(1, 'a file path is required')
  .max(4096)
  .refine((s) => !s.includes('\u0000'), 'must not contain NUL');
const importId = (role: string) =>
  z
    .number({ error: `expected the ${role} import's number, e.g. 3 (see "portcullis imports")` })
    .int(`expected the ${role} import's number, e.g. 3`)
    .positive(`expected the ${role} import's number, e.g. 3`);

export const ScanImportInfo = z.object({
  importId: z.number().int(),
  fileName: z.string(),
  format: z.string(),
  formatLabel: z.string(),
  startedAt: z.string().nullable(),
  importedAt: z.string(),
  hostCount: z.number().int(),
  observationCount: z.number().int(),
});

const DriftSide = z.object({
  observationId: z.number().int(),
  state: z.string(),
  service: z.string().nullable(),
  product: z.string().nullable(),
  version: z.string().nullable(),
  tunnel: z.string().nullable(),
});

const names = z.array(z.string());

export const DriftRow = z.object({
  kind: DriftKind,
  host: z.string(),
  hostNames: names,
  proto: z.string().nullable(),
  port: z.number().int().nullable(),
  before: DriftSide.nullable(),
  after: DriftSide.nullable(),
  rulesBefore: names,
  rulesAfter: names,
  insecure: z.boolean(),
  fields: z.array(
    z.object({
      field: z.enum(['service', 'product', 'version', 'tunnel']),
      before: z.string().nullable(),
      after: z.string().nullable(),
    }),
  ),
  content: z
    .object({
      scripts: z.object({ added: names, removed: names, changed: names }),
      facts: z.object({ added: names, removed: names }),
      tls: z.object({ offered: names, withdrawn: names }),
    })
    .nullable(),
});

export const DriftSummary = z.object({
  kind: DriftKind,
  rows: z.number().int(),
  hosts: z.number().int(),
  insecure: z.number().int(),
});

export const DriftCompareRequest = z
  .object({
    path: filePath,
    from: importId('earlier'),
    to: importId('later'),
    change: DriftKind.optional(),
    /** Only rows whose observation matched an applicable rule of the standard. */
    insecure: z.boolean().optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict()
  .refine((r) => r.from !== r.to, { message: 'expected two different imports to compare', path: ['to'] });

export const DriftPage = z.object({
  from: ScanImportInfo,
  to: ScanImportInfo,
  standardVersion: z.number().int(),
  summary: z.array(DriftSummary),
  total: z.number().int(),
  offset: z.number().int(),
  rows: z.array(DriftRow),
  rules: z.array(z.object({ ruleId: z.string(), title: z.string() })),
});

export const TimelineRequest = z
  .object({
    path: filePath,
    proto: z.enum(['tcp', 'udp', 'sctp'], { error: 'expected the protocol tcp, udp or sctp' }),
    port: z
      .number({ error: 'expected a port number 0-65535' })
      .int('expected a port number 0-65535')
      .min(0, 'expected a port number 0-65535')
      .max(65535, 'expected a port number 0-65535'),
    host: z
      .string()
      .trim()
      .min(1, 'the host must not be blank')
      .max(255)
      .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters')
      .optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();

export const Timeline = z.object({
  proto: z.enum(['tcp', 'udp', 'sctp']),
  port: z.number().int(),
  imports: z.array(ScanImportInfo),
  total: z.number().int(),
  offset: z.number().int(),
  hosts: z.array(
    z.object({
      host: z.string(),
      hostNames: names,
      cells: z.array(
        z.object({
          covered: z.boolean(),
          state: z.string().nullable(),
          inUse: z.boolean(),
          service: z.string().nullable(),
          product: z.string().nullable(),
          version: z.string().nullable(),
          rules: names,
        }),
      ),
    }),
  ),
  rules: z.array(z.object({ ruleId: z.string(), title: z.string() })),
});
