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

/** The last two audited changes to one item's review, newest first (found by SQLite, not by parsing every entry). */
function lastChangesTo(db: Database, itemKey: string): Change[] {
  const rows = db
    .prepare(
      `SELECT seq, command, payload FROM audit_log a
       WHERE (command IN ('review.apply', 'review.undo') AND json_extract(payload, '$.itemKey') = @key)
          OR (command = 'review.addFeature'
              AND EXISTS (SELECT 1 FROM json_each(a.payload, '$.itemKeys') k WHERE k.value = @key))
          OR (command = 'testplan.results'
              AND EXISTS (SELECT 1 FROM json_each(a.payload, '$.refs') r JOIN test_case t ON t.ref = r.value
                          WHERE t.item_key = @key))
       ORDER BY seq DESC LIMIT 2`,
    )
    .all({ key: itemKey }) as { seq: number; command: string; payload: string }[];
  return rows.map((r) => {
    const edit = r.command === 'review.apply' || r.command === 'review.undo';
    const record = (JSON.parse(r.payload) as { record?: unknown }).record;
    return {
      seq: r.seq,
      command: r.command,
      record: !edit ? undefined : record === null ? null : ReviewRecord.parse(record),
    };
  });
}

export interface UndoPlan {
  /** The entry undone and the state it returns to (null: no review, as before the first save). */
  undoes: number;
  restores: ReviewRecord | null;
}

/** What undo would do for the item now, or why it cannot (null and a reason). */
export function undoPlan(db: Database, itemKey: string): { plan: UndoPlan | null; reason: string | null } {
  const [last, before] = lastChangesTo(db, itemKey);
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
