// A reconciliation as a file for the binder: JSON (the whole answer) or CSV (one line per row, the
// category first, formulas neutralised). The CLI prints the same text the app saves.
import { csvRow } from '../model/csv';
import type { Reconciliation } from './reconcile-types';

export const RECONCILE_CSV_COLUMNS = [
  'category',
  'kind',
  'item',
  'title',
  'host',
  'port',
  'services',
  'imports',
  'rule ids',
  'rules',
  'disposition',
  'status',
  'owner',
  'first seen',
  'last seen',
  'decision date',
  'expiry date',
  'target date',
  'days left',
  'finding',
  'action',
] as const;

export function reconcileCsv(r: Pick<Reconciliation, 'categories'>): string {
  // Lines joined once at the end: one flat string, not a chain of hundreds of thousands of pieces.
  const out = [csvRow(RECONCILE_CSV_COLUMNS)];
  for (const c of r.categories) {
    for (const row of c.rows) {
      out.push(
        csvRow([
          c.id,
          row.kind,
          row.itemKey,
          row.title,
          row.host,
          row.endpoint,
          row.services.join(' '),
          row.importIds.join(' '),
          row.ruleIds.join(' '),
          row.rules.join('; '),
          row.disposition,
          row.status,
          row.owner,
          row.firstSeen,
          row.lastSeen,
          row.decisionDate,
          row.expiryDate,
          row.targetDate,
          row.daysLeft,
          row.finding,
          row.action,
        ]),
      );
    }
  }
  return out.join('');
}

export function reconcileJson(r: Reconciliation): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

export function reconcileFileName(r: Pick<Reconciliation, 'asOf'>, format: 'json' | 'csv'): string {
  return `reconciliation-${r.asOf}.${format}`;
}
