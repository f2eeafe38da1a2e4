// Contract schemas for the in-use inventory: queries, groups, one entry's detail, and owner / purpose
// annotations. Kept apart from contract.ts for size; zod only (the renderer imports it).
import { z } from 'zod';
import { inventorySorts } from '../core/inventory/sorts';

const Proto = z.enum(['tcp', 'udp', 'sctp']);
const cell = z.string().max(2000).nullable();

export const InventoryFilter = z
  .object({
    text: z.string().max(200).optional(),
    asset: z.string().max(300).optional(),
    proto: Proto.optional(),
    port: z.number().int().min(0).max(65535).optional(),
    service: z.string().max(100).optional(),
    owner: z.string().max(300).optional(),
    insecure: z.boolean().optional(),
  })
  .strict();

const InsecureReason = z.object({
  ruleId: z.string(),
  title: z.string(),
  severity: z.enum(['high', 'medium', 'low']),
  itemKey: z.string(),
});

export const InventoryRow = z.object({
  asset: z.string(),
  hostIp: z.string().nullable(),
  hostNames: z.array(z.string()),
  proto: Proto,
  port: z.number().int(),
  services: z.array(z.string()),
  products: z.array(z.string()),
  observationCount: z.number().int(),
  importCount: z.number().int(),
  listedByHost: z.boolean(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  owner: z.string().nullable(),
  purpose: z.string().nullable(),
  insecure: z.array(InsecureReason),
});

export const InventoryQuery = z
  .object({
    filter: InventoryFilter.default({}),
    sort: z.enum(inventorySorts).default('asset'),
    descending: z.boolean().default(false),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(200),
  })
  .strict();

export const InventoryPage = z.object({
  total: z.number().int(),
  rows: z.array(InventoryRow),
  standardVersion: z.number().int(),
});

export const InventoryGroup = z.object({
  key: z.string(),
  rows: z.number().int(),
  assets: z.number().int(),
  insecure: z.number().int(),
});

export const InventoryKey = z
  .object({ asset: z.string().min(1).max(300), proto: Proto, port: z.number().int().min(0).max(65535) })
  .strict();

const AnnotationLayer = z
  .object({ owner: z.string().nullable(), purpose: z.string().nullable(), source: z.string(), recordedFor: z.string() })
  .nullable();

export const InventoryDetail = z.object({
  row: InventoryRow,
  annotations: z.object({ service: AnnotationLayer, asset: AnnotationLayer }),
  sources: z.array(
    z.object({
      importId: z.number().int(),
      fileName: z.string(),
      format: z.string(),
      importedAt: z.string(),
      observations: z.number().int(),
      firstSeen: z.string().nullable(),
      lastSeen: z.string().nullable(),
    }),
  ),
  listings: z.array(
    z.object({
      importId: z.number().int(),
      process: z.string().nullable(),
      bindAddress: z.string().nullable(),
      state: z.string(),
    }),
  ),
  allowedBy: z.array(
    z.object({
      device: z.string(),
      importId: z.number().int(),
      anySource: z.boolean(),
      admittedCidrs: z.array(z.string()),
      /** Admitted only if conditions the rules name (state, interface, schedule…) hold. */
      conditionalCidrs: z.array(z.string()),
      rules: z.array(
        z.object({
          ruleset: z.string(),
          order: z.number().int(),
          action: z.string(),
          name: z.string().nullable(),
          lineFrom: z.number().int().nullable(),
        }),
      ),
      problems: z.array(z.string()),
    }),
  ),
});

export const Annotation = z
  .object({
    asset: z.string().trim().min(1, 'the asset (address or host name) is required').max(300),
    proto: Proto.nullable().default(null),
    port: z.number().int().min(0).max(65535).nullable().default(null),
    owner: cell.default(null),
    purpose: cell.default(null),
  })
  .strict()
  .refine((a) => (a.proto === null) === (a.port === null), {
    message: 'give both the protocol and the port, or neither (whole asset)',
    path: ['port'],
  });

export const AssetImportResult = z.object({
  fileName: z.string(),
  sha256: z.string(),
  rows: z.number().int(),
  replaced: z.number().int(),
  columns: z.record(z.string(), z.string()),
});
