// Rows about insecure items open on hosts (see reconcile-rows for the shared query): what is open without
// an approved exception (1), and what was decided to be disabled or replaced but is still open (6).
import type { Database } from 'better-sqlite3';
import { baseRow, day, importList, queryEndpoints, type Lookups } from './reconcile-rows';
import type { ReconcileRow } from './reconcile-types';

function seen(row: ReconcileRow): string {
  return `last seen open ${day(row.lastSeen)} (${importList(row.importIds)})`;
}

const STATUS_WORDS: Record<string, string> = {
  draft: 'still a draft',
  'in-review': 'in review',
  expired: 'expired',
  retired: 'retired',
};

/** 1. Open now with no decision, or kept under an exception that is not approved. */
export function openWithoutException(db: Database, look: Lookups, limit: number | undefined) {
  const { count, rows } = queryEndpoints(
    db,
    look,
    "e.open_now AND (e.disposition IS NULL OR (e.disposition = 'constrain' AND e.status <> 'approved'))",
    limit,
  );
  return {
    count,
    rows: rows.map((e) => {
      const row = baseRow(e, look);
      const what = `${row.title} is open on ${row.host} ${row.endpoint}, ${seen(row)}`;
      if (row.disposition === null) {
        row.finding = `${what}; ${e.review ? 'its review records no decision yet' : 'no review records a decision'}.`;
        const replacement = look.rules.get(e.ruleId)?.replacement;
        row.action = look.text(
          `Decide: disable it (preferred), replace it${replacement ? ` with ${replacement}` : ''}, or constrain it under an approved exception with security features.`,
        );
      } else {
        const status = row.status ?? 'draft';
        row.finding = `${what}; it is kept under an exception that is ${STATUS_WORDS[status] ?? status}, not approved.`;
        row.action = look.text(
          status === 'expired' || status === 'retired'
            ? 'Renew the exception with a new approval and expiry date, or disable the service.'
            : `Have the exception approved${e.review?.approver ? ` by ${e.review.approver}` : ''} (not by its requester), or disable the service.`,
        );
      }
      return row;
    }),
  };
}

/** 6. Decided to be disabled or replaced, still open in a sighting after the decision date. */
export function disposedStillObserved(db: Database, look: Lookups, asOf: string, limit: number | undefined) {
  const disposed = "e.open_now AND e.disposition IN ('disable', 'replace')";
  const after = '(e.decision_date IS NULL OR substr(e.last_seen, 1, 10) > e.decision_date)';
  const { count, rows } = queryEndpoints(db, look, `${disposed} AND ${after}`, limit);
  const before = queryEndpoints(db, look, `${disposed} AND NOT ${after}`, 5);
  const notes: string[] = [];
  if (before.count > 0) {
    const list = before.rows.map((e) => `${e.asset} ${e.port}/${e.proto}`).join(', ');
    notes.push(
      `${before.count} host(s) decided to be disabled or replaced were last seen open before the decision and no scan since covered them (${list}${before.count > 5 ? ', …' : ''}): not listed; rescan them to prove the closure.`,
    );
  }
  return {
    count,
    notes,
    rows: rows.map((e) => {
      const row = baseRow(e, look);
      const decided = row.decisionDate ? ` on ${row.decisionDate}` : '';
      const still = `yet ${row.host} ${row.endpoint} was still open on ${day(row.lastSeen)} (${importList(row.importIds)})`;
      const target = row.targetDate;
      if (row.disposition === 'disable') {
        row.finding = `${row.title} was decided${decided} to be disabled, ${still}.`;
        row.action = look.text(
          'Disable it as decided (stop the service or close the port), then import the rescan that shows it closed; if it must stay, change the decision.',
        );
      } else {
        row.finding = `${row.title} was decided${decided} to be replaced${target ? ` by ${target}` : ''}, ${still}.`;
        row.action = look.text(
          target && target < asOf
            ? `The target date ${target} has passed: finish the replacement and import the rescan, or record a new approved date.`
            : `Finish the replacement${target ? ` by ${target}` : ' and set a target date'}; a rescan after it should show the port closed.`,
        );
      }
      return row;
    }),
  };
}
