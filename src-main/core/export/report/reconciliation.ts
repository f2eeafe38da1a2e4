// The reconciliation section's data: what is open (scans, host listings) against what is documented
// (reviews, the inventory, rulebases), as of the report's day, from core/reconcile. A category that
// could not be judged (no rulebase imported) says so instead of showing an empty, reassuring list.
import type { Database } from 'better-sqlite3';
import { RECONCILE_CATEGORIES, reconcile, type ReconcileRow } from '../../reconcile/reconcile';
import type { StandardDocument } from '../../standard/schema';

/** Rows printed per category; the count is always complete and the package carries every row. */
export const MAX_RECONCILE_ROWS = 200;
/** Exceptions expiring within this many days of the report's day are listed. */
export const EXPIRY_WINDOW_DAYS = 30;

export interface ReconciliationCategory {
  id: string;
  title: string;
  question: string;
  /** Said instead of rows when the category could not be judged (e.g. no rulebase imported). */
  note: string | null;
  /** Assumptions and what was left unjudged. */
  notes: string[];
  count: number;
  columns: string[];
  rows: string[][];
}

export type ReconciliationSection =
  | { status: 'not-run'; reason: string }
  | {
      status: 'run';
      asOf: string;
      days: number;
      scanImports: number;
      hostsCovered: number;
      devices: number;
      categories: ReconciliationCategory[];
    };

const COLUMNS = ['Item or rule', 'Host', 'Port', 'Finding', 'What to do'];

function row(r: ReconcileRow): string[] {
  const dates = [r.expiryDate && `expires ${r.expiryDate}`, r.targetDate && `target ${r.targetDate}`]
    .filter(Boolean)
    .join(', ');
  return [
    r.itemKey ? `${r.title} (${r.itemKey})` : r.title,
    r.host ?? '—',
    r.endpoint ?? '—',
    [r.finding, r.rules.length > 0 ? `Rules: ${r.rules.join('; ')}` : '', dates].filter(Boolean).join(' '),
    r.action,
  ];
}

export function reconciliationSection(
  db: Database,
  doc: StandardDocument,
  standardVersion: number,
  asOf: string,
): ReconciliationSection {
  const r = reconcile(db, doc, standardVersion, {
    asOf,
    days: EXPIRY_WINDOW_DAYS,
    categories: RECONCILE_CATEGORIES,
    limit: MAX_RECONCILE_ROWS,
  });
  return {
    status: 'run',
    asOf: r.asOf,
    days: r.days,
    scanImports: r.snapshot.scanImports,
    hostsCovered: r.snapshot.hostsCovered,
    devices: r.snapshot.devices,
    categories: r.categories.map((c) => ({
      id: c.id,
      title: c.title,
      question: c.question,
      note: c.state === 'no-rulebase' ? c.notes.join(' ') || 'No rulebase is imported.' : null,
      notes: c.state === 'no-rulebase' ? [] : c.notes,
      count: c.count,
      columns: COLUMNS,
      rows: c.rows.map(row),
    })),
  };
}
