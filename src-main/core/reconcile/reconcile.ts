// Reconciliation: what is open (scans, host listings) against what is documented (reviews and their
// exceptions, the in-use inventory, imported rulebases), in six categories with a plain-language action per
// row. Reads the derived tables (the caller brings them up to date first) into connection-local temp
// tables, answers every category set-wise in SQL plus one reachability question per destination region,
// and drops the temp tables again. Changes nothing in the engagement.
import type { Database } from 'better-sqlite3';
import type { StandardDocument } from '../standard/schema';
import { loadDevices } from './reconcile-devices';
import { disposedStillObserved, openWithoutException } from './reconcile-endpoints';
import { lookups, type RuleInfo } from './reconcile-rows';
import { admitEndpoints, observedNotAdmitted } from './reconcile-admission';
import { allowedNeverObserved } from './reconcile-allowed';
import { buildSnapshot, dropSnapshot } from './reconcile-snapshot';
import { expiring, stale } from './reconcile-stale';
import {
  CATEGORY_INFO,
  RECONCILE_CATEGORIES,
  type ReconcileCategory,
  type ReconcileCategoryId,
  type ReconcileOptions,
  type ReconcileRow,
  type Reconciliation,
} from './reconcile-types';

export * from './reconcile-types';

interface Answer {
  count: number;
  rows: ReconcileRow[];
  notes?: string[];
  state?: ReconcileCategory['state'];
}

function category(id: ReconcileCategoryId, answer: Answer, limit: number | undefined): ReconcileCategory {
  const rows = limit === undefined ? answer.rows : answer.rows.slice(0, limit);
  return {
    id,
    ...CATEGORY_INFO[id],
    state: answer.state ?? 'done',
    count: answer.count,
    rows,
    truncated: rows.length < answer.count,
    notes: answer.notes ?? [],
  };
}

const NO_RULEBASE: Answer = {
  state: 'no-rulebase',
  count: 0,
  rows: [],
  notes: ['No rulebase is imported: import the firewall, host firewall or cloud security group rules to answer this.'],
};

export function reconcile(
  db: Database,
  doc: StandardDocument,
  standardVersion: number,
  opts: ReconcileOptions,
): Reconciliation {
  const wanted = RECONCILE_CATEGORIES.filter((c) => opts.categories.includes(c));
  const rules = new Map<string, RuleInfo>(doc.rules.map((r) => [r.id, { title: r.title, replacement: r.replacement }]));
  const limit = opts.limit;
  const stats = buildSnapshot(db);
  try {
    const { devices, problems } = loadDevices(db);
    const needsAdmission = wanted.some(
      (c) => c === 'open-without-exception' || c === 'observed-not-admitted' || c === 'disposed-still-observed',
    );
    if (devices.length > 0 && needsAdmission) admitEndpoints(db, devices);
    const ruleNotes = problems;
    const look = lookups(db, rules);
    const answer = (id: ReconcileCategoryId): Answer => {
      switch (id) {
        case 'open-without-exception':
          return openWithoutException(db, look, limit);
        case 'stale':
          return stale(db, look, limit);
        case 'allowed-never-observed': {
          if (devices.length === 0) return NO_RULEBASE;
          const a = allowedNeverObserved(db, doc, devices);
          return { ...a, notes: [...a.notes, ...ruleNotes] };
        }
        case 'observed-not-admitted': {
          if (devices.length === 0) return NO_RULEBASE;
          const a = observedNotAdmitted(db, look, devices, limit);
          return { ...a, notes: [...a.notes, ...ruleNotes] };
        }
        case 'expiring':
          return expiring(db, look, opts.asOf, opts.days, limit);
        case 'disposed-still-observed':
          return disposedStillObserved(db, look, opts.asOf, limit);
      }
    };
    return {
      asOf: opts.asOf,
      days: opts.days,
      standardVersion,
      snapshot: { ...stats, devices: devices.length },
      categories: wanted.map((id) => category(id, answer(id), limit)),
    };
  } finally {
    dropSnapshot(db);
  }
}
