// Undo of the last change to one item's review, read back from the audit log. Every review.apply entry
// holds the whole record as saved, so the state before the last change is the record of the change
// before it (or no review at all). Undo is offered only where that is certain: when the last change to
// the item was an apply or an undo, and the one before it too (or there was none). A feature copied in from
// other items or a test recorded by a scan in between is not in those records, so undo refuses then. The
// undo is itself a change, audited with the entry it reverses.
import type { Database } from 'better-sqlite3';
import { PortcullisError } from '../model/errors';
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { ReviewRecord } from './model';
import { putReview, storedRecord } from './review-store';

interface Change {
  seq: number;
  command: string;
  /** The record saved by this change; undefined when the entry does not hold it. */
  record: ReviewRecord | null | undefined;
}

/** The audited changes to one item's review, newest first. */
function changesTo(db: Database, itemKey: string): Change[] {
  const rows = db
    .prepare(
      `SELECT seq, command, payload FROM audit_log
       WHERE command IN ('review.apply', 'review.undo', 'review.addFeature', 'testplan.results') ORDER BY seq DESC`,
    )
    .all() as { seq: number; command: string; payload: string }[];
  const casesOf = db.prepare('SELECT item_key FROM test_case WHERE ref = ?').pluck();
  const out: Change[] = [];
  for (const r of rows) {
    const p = JSON.parse(r.payload) as {
      itemKey?: string;
      itemKeys?: string[];
      record?: unknown;
      refs?: string[];
    };
    const touches =
      r.command === 'review.addFeature'
        ? (p.itemKeys ?? []).includes(itemKey)
        : r.command === 'testplan.results'
          ? (p.refs ?? []).some((ref) => casesOf.get(ref) === itemKey)
          : p.itemKey === itemKey;
    if (!touches) continue;
    const record =
      r.command === 'review.apply' || r.command === 'review.undo'
        ? p.record === null
          ? null
          : ReviewRecord.parse(p.record)
        : undefined;
    out.push({ seq: r.seq, command: r.command, record });
  }
  return out;
}

export interface UndoPlan {
  /** The entry undone and the state it returns to (null: no review, as before the first save). */
  undoes: number;
  restores: ReviewRecord | null;
}

/** What undo would do for the item now, or why it cannot (null and a reason). */
export function undoPlan(db: Database, itemKey: string): { plan: UndoPlan | null; reason: string | null } {
  const [last, before] = changesTo(db, itemKey);
  if (!last) return { plan: null, reason: 'nothing to undo: this item’s review was never changed' };
  if (last.record === undefined || (before && before.record === undefined)) {
    return {
      plan: null,
      reason: `the last change (audit entry ${last.seq}, ${last.command}) was not made in this review alone; undo only goes back over edits of the record itself`,
    };
  }
  return { plan: { undoes: last.seq, restores: before ? (before.record ?? null) : null }, reason: null };
}

/** Puts the item's review back as it was before its last change, in one audited transaction. */
export function undoReview(store: EngagementStore, ctx: CommandContext, itemKey: string): UndoPlan {
  const { plan, reason } = undoPlan(store.db, itemKey);
  if (!plan) throw new PortcullisError('INVALID_REQUEST', `review of ${itemKey}: ${reason}`);
  store.mutate(ctx, 'review.undo', { itemKey, undoes: plan.undoes, record: plan.restores }, () => {
    // Feature ids given since stay given: the restored record keeps the higher count.
    const seq = storedRecord(store.db, itemKey)?.featureSeq ?? 0;
    if (plan.restores) {
      putReview(store.db, ctx, itemKey, { ...plan.restores, featureSeq: Math.max(seq, plan.restores.featureSeq) });
    } else store.db.prepare('DELETE FROM review WHERE item_key = ?').run(itemKey);
  });
  return plan;
}
