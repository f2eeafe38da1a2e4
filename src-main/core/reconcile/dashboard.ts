// The engagement at a glance, as counts for charts: insecure items per criterion of the standard and per
// disposition, readiness, exceptions by the month they expire, and — per scan, in scan order — how many
// insecure endpoints were open (the drift of what is in use over time). Reads only.
import type { Database } from 'better-sqlite3';
import { ReviewRecord } from '../review/model';
import type { StandardDocument } from '../standard/schema';

export interface DashboardItem {
  key: string;
  criteria: string[];
  disposition: ReviewRecord['disposition'];
  auditReady: boolean;
}

export interface Dashboard {
  items: number;
  ready: number;
  score: number;
  byCriterion: { criterion: string; title: string; items: number }[];
  byDisposition: { disposition: NonNullable<ReviewRecord['disposition']> | 'none'; items: number; ready: number }[];
  /** Approved or in-review exceptions (constrain) by expiry month; 'expired' and 'no expiry' first. */
  expiry: { month: string; exceptions: number }[];
  /** Scan imports in the order they ran, with open endpoints and the insecure ones among them. */
  timeline: { importId: number; fileName: string; date: string; open: number; insecure: number }[];
}

const MONTHS_AHEAD = 12;

function monthsFrom(today: string, n: number): string[] {
  const [y, m] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  return Array.from({ length: n }, (_, i) => {
    const t = y * 12 + (m - 1) + i;
    return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
  });
}

export function dashboard(db: Database, doc: StandardDocument, items: DashboardItem[], today: string): Dashboard {
  const ready = items.filter((i) => i.auditReady).length;
  const byCriterion = doc.criteria
    .map((c) => ({ criterion: c.id, title: c.title, items: items.filter((i) => i.criteria.includes(c.id)).length }))
    .filter((c) => c.items > 0)
    .sort((a, b) => b.items - a.items || a.criterion.localeCompare(b.criterion));
  const dispositions = ['none', 'disable', 'replace', 'constrain'] as const;
  const byDisposition = dispositions.map((d) => {
    const of = items.filter((i) => (i.disposition ?? 'none') === d);
    return { disposition: d, items: of.length, ready: of.filter((i) => i.auditReady).length };
  });

  // Exceptions: constrain records that are approved or on their way (drafts are not exceptions yet).
  const keys = new Set(items.map((i) => i.key));
  const records = (db.prepare('SELECT item_key, record FROM review').all() as { item_key: string; record: string }[])
    .filter((r) => keys.has(r.item_key))
    .map((r) => ReviewRecord.parse(JSON.parse(r.record)))
    .filter((r) => r.disposition === 'constrain' && (r.status === 'approved' || r.status === 'in-review'));
  const months = monthsFrom(today, MONTHS_AHEAD);
  const count = (f: (r: ReviewRecord) => boolean) => records.filter(f).length;
  const expiry = [
    { month: 'expired', exceptions: count((r) => r.expiryDate !== null && r.expiryDate < today) },
    { month: 'no expiry', exceptions: count((r) => r.expiryDate === null) },
    ...months.map((m) => ({
      month: m,
      exceptions: count((r) => r.expiryDate !== null && r.expiryDate >= today && r.expiryDate.slice(0, 7) === m),
    })),
    {
      month: 'later',
      exceptions: count((r) => r.expiryDate !== null && r.expiryDate.slice(0, 7) > months[months.length - 1]!),
    },
  ];

  // Scans only (not rulebases or tickets), without the scans that ran planned tests from a vantage point.
  const states = JSON.stringify(doc.inUseStates);
  const applicable = JSON.stringify(doc.rules.filter((r) => r.applicable).map((r) => r.id));
  const timeline = db
    .prepare(
      `SELECT i.id AS importId, i.file_name AS fileName,
         coalesce(json_extract(i.meta, '$.start'), i.imported_at) AS date,
         (SELECT count(*) FROM observation o WHERE o.import_id = i.id
            AND o.state IN (SELECT value FROM json_each(@states))) AS open,
         (SELECT count(DISTINCT o.id) FROM observation o JOIN finding f ON f.observation_id = o.id
            WHERE o.import_id = i.id AND o.state IN (SELECT value FROM json_each(@states))
              AND f.rule_id IN (SELECT value FROM json_each(@applicable))) AS insecure
       FROM import i
       WHERE i.observation_count > 0 AND json_extract(i.meta, '$.testplan') IS NULL
       ORDER BY date, i.id`,
    )
    .all({ states, applicable }) as Dashboard['timeline'];

  return {
    items: items.length,
    ready,
    score: items.length === 0 ? 100 : Math.round((ready / items.length) * 100),
    byCriterion,
    byDisposition,
    expiry,
    timeline,
  };
}
