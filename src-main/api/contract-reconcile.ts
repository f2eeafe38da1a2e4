// Contract schemas for the reconciliation of what is open with what is documented. zod only (the
// renderer imports it); the categories and rows are described in core/reconcile/reconcile-types.
import { z } from 'zod';
import { RECONCILE_CATEGORIES } from '../core/reconcile/reconcile-types';

export const ReconcileCategoryId = z.enum(RECONCILE_CATEGORIES);

export const ReconcileRequest = z.object({
  /** The day exceptions are judged on; default today by the host's clock. */
  asOf: z.iso.date('expected a date as YYYY-MM-DD').optional(),
  /** Exceptions expiring within this many days of asOf are listed (default 30). */
  days: z.number().int().min(0, 'expected 0 days or more').max(3660, 'expected at most 3660 days').default(30),
  categories: z
    .array(ReconcileCategoryId)
    .min(1, 'name at least one category')
    .default([...RECONCILE_CATEGORIES]),
  /** Rows returned per category (counts are always complete); absent = every row. */
  limit: z.number().int().min(1).max(1_000_000).optional(),
  /** Ask where to save it (native save dialog) and write every row there in `format`. */
  save: z.boolean().default(false),
  format: z.enum(['json', 'csv']).default('json'),
});

const Status = z.enum(['draft', 'in-review', 'approved', 'expired', 'retired']);

export const ReconcileRow = z.object({
  kind: z.enum(['endpoint', 'exception', 'inventory', 'rule']),
  itemKey: z.string().nullable(),
  title: z.string(),
  host: z.string().nullable(),
  endpoint: z.string().nullable(),
  services: z.array(z.string()),
  importIds: z.array(z.number().int()),
  ruleIds: z.array(z.number().int()),
  rules: z.array(z.string()),
  disposition: z.enum(['disable', 'replace', 'constrain']).nullable(),
  status: Status.nullable(),
  owner: z.string().nullable(),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  decisionDate: z.string().nullable(),
  expiryDate: z.string().nullable(),
  targetDate: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  finding: z.string(),
  action: z.string(),
});

export const ReconcileCategory = z.object({
  id: ReconcileCategoryId,
  title: z.string(),
  question: z.string(),
  state: z.enum(['done', 'no-rulebase']),
  count: z.number().int(),
  rows: z.array(ReconcileRow),
  truncated: z.boolean(),
  notes: z.array(z.string()),
});

export const Reconciliation = z.object({
  asOf: z.string(),
  days: z.number().int(),
  standardVersion: z.number().int(),
  snapshot: z.object({
    scanImports: z.number().int(),
    hostsCovered: z.number().int(),
    devices: z.number().int(),
  }),
  categories: z.array(ReconcileCategory),
  /** Where the export was written when saving was asked for; null when not saved or the dialog was cancelled. */
  savedTo: z.string().nullable(),
});
