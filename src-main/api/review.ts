// Review channels: one item's record with what is still missing, applying a record, and the readiness of
// the whole engagement. Each brings the derived tables up to date first, so item keys are current.
import { ensureDerived } from '../core/inventory/derived';
import { PortcullisError } from '../core/model/errors';
import type { Disposition, ReviewRecord } from '../core/review/model';
import { addFeatureToItems, applyReview, reviewState, type ReviewState } from '../core/review/review-store';
import { undoPlan, undoReview } from '../core/review/review-undo';
import type { ValidationIssue } from '../core/review/validations';
import { listItems } from '../core/standard/items';
import type { CommandContext } from '../core/store/context';
import type { EngagementStore } from '../core/store/engagement-store';
import { HOST_FORMATS } from './host-formats';

const today = (ctx: CommandContext) => ctx.now().slice(0, 10);

function current(store: EngagementStore, ctx: CommandContext, key: string) {
  const derived = ensureDerived(store, ctx, HOST_FORMATS);
  const item = listItems(store.db, derived.document, derived.version).items.find((i) => i.key === key);
  if (!item) throw new PortcullisError('NOT_FOUND', `${store.path}: no insecure item "${key}"`);
  return derived;
}

/** The item's review as the core judges it, with what undo would do now. */
function stateWithUndo(store: EngagementStore, ctx: CommandContext, key: string, inUse: readonly string[]) {
  const state = reviewState(store.db, key, today(ctx), inUse);
  const { plan, reason } = undoPlan(store.db, key);
  const detail = plan
    ? `undo audit entry ${plan.undoes}: ${plan.restores ? 'back to the record saved before it' : 'back to no review'}`
    : (reason ?? '');
  return { ...state, undo: { available: plan !== null, detail } };
}

export function getReview(store: EngagementStore, ctx: CommandContext, key: string): ReviewState {
  const { document } = current(store, ctx, key);
  return stateWithUndo(store, ctx, key, document.inUseStates);
}

export function putReview(store: EngagementStore, ctx: CommandContext, key: string, record: unknown): ReviewState {
  const { document } = current(store, ctx, key);
  applyReview(store, ctx, key, record);
  return stateWithUndo(store, ctx, key, document.inUseStates);
}

export function undo(store: EngagementStore, ctx: CommandContext, key: string): ReviewState {
  const { document } = current(store, ctx, key);
  undoReview(store, ctx, key);
  return stateWithUndo(store, ctx, key, document.inUseStates);
}

export interface ItemReadiness {
  key: string;
  summary: string;
  severity: 'high' | 'medium' | 'low';
  disposition: Disposition | null;
  status: ReviewRecord['status'];
  auditReady: boolean;
  issues: ValidationIssue[];
}

export interface Readiness {
  /** Share of insecure items that are audit-ready, 0-100. */
  score: number;
  ready: number;
  total: number;
  items: ItemReadiness[];
}

export function validateEngagement(store: EngagementStore, ctx: CommandContext): Readiness {
  const derived = ensureDerived(store, ctx, HOST_FORMATS);
  const items = listItems(store.db, derived.document, derived.version).items.map((i) => {
    const s = reviewState(store.db, i.key, today(ctx), derived.document.inUseStates);
    return {
      key: i.key,
      summary: i.summary,
      severity: i.severity,
      disposition: s.record.disposition,
      status: s.record.status,
      auditReady: s.auditReady,
      issues: s.issues,
    };
  });
  const ready = items.filter((i) => i.auditReady).length;
  return {
    score: items.length === 0 ? 100 : Math.round((ready / items.length) * 100),
    ready,
    total: items.length,
    items,
  };
}

export function addFeature(
  store: EngagementStore,
  ctx: CommandContext,
  keys: string[],
  feature: unknown,
): { keys: string[] } {
  ensureDerived(store, ctx, HOST_FORMATS);
  addFeatureToItems(store, ctx, keys, feature);
  return { keys: [...new Set(keys)] };
}
