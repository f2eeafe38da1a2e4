// Contract schemas for the insecure-services standard, its versions and the insecure items classified
// against it. Kept apart from contract.ts for size; zod only (the renderer imports it).
import { z } from 'zod';
import { StandardDocument } from '../core/standard/schema';

export { StandardEdit } from '../core/standard/edits';
export { StandardDocument };

export const StandardVersionInfo = z.object({
  version: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  change: z.string(),
});

export const StandardVersion = StandardVersionInfo.extend({ document: StandardDocument });

const Basis = z.enum(['fact', 'service', 'port']);

export const Evidence = z.object({
  field: z.enum(['port', 'service', 'tunnel', 'product', 'version', 'fact']),
  key: z.string().optional(),
  value: z.string(),
  source: z.string().optional(),
  excerpt: z.string().optional(),
});

const ItemSource = z.object({ importId: z.number().int(), fileName: z.string(), format: z.string() });

export const InsecureItem = z.object({
  key: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: z.enum(['high', 'medium', 'low']),
  criteria: z.array(z.string()),
  proto: z.string(),
  port: z.number().int(),
  services: z.array(z.string()),
  hostCount: z.number().int(),
  observationCount: z.number().int(),
  networks: z.array(z.object({ network: z.string(), hosts: z.number().int() })),
  basis: Basis,
  sources: z.array(ItemSource),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  summary: z.string(),
  /** What the review decided so far (null until the item is reviewed). */
  review: z
    .object({
      disposition: z.enum(['disable', 'replace', 'constrain']).nullable(),
      status: z.enum(['draft', 'in-review', 'approved', 'expired', 'retired']),
      justification: z.string().nullable(),
    })
    .nullable(),
});

export const ItemList = z.object({
  standardVersion: z.number().int(),
  items: z.array(InsecureItem),
  notApplicable: z.array(
    z.object({
      ruleId: z.string(),
      title: z.string(),
      reason: z.string(),
      hostCount: z.number().int(),
      observationCount: z.number().int(),
    }),
  ),
});

export const ItemHost = z.object({
  observationId: z.number().int(),
  host: z.string(),
  hostIp: z.string().nullable(),
  hostNames: z.array(z.string()),
  state: z.string(),
  service: z.string().nullable(),
  product: z.string().nullable(),
  version: z.string().nullable(),
  tunnel: z.string().nullable(),
  bindAddress: z.string().nullable(),
  process: z.string().nullable(),
  seenAt: z.string().nullable(),
  source: ItemSource,
  basis: Basis,
  label: z.string(),
  evidence: z.array(Evidence),
});

export const ItemDetail = z.object({
  item: InsecureItem,
  rule: StandardDocument.shape.rules.element,
  hosts: z.array(ItemHost),
});

export const StandardExport = z.object({
  fileName: z.string(),
  mediaType: z.string(),
  text: z.string(),
  /** Where it was written when saving was asked for; null when not saved or the dialog was cancelled. */
  savedTo: z.string().nullable(),
});
