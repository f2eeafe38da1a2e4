// Test plan channels: plan negative tests for network features from the reachability model (stored, so
// each case keeps its reference), and list the cases with their results.
import { ensureDerived } from '../core/inventory/derived';
import { PortcullisError } from '../core/model/errors';
import { planTests, type ReachFn, type Vantage } from '../core/reconcile/testplan';
import { listCases, saveCases, type TestCase } from '../core/reconcile/testplan-store';
import type { PlanGap } from '../core/reconcile/testplan';
import type { CommandContext } from '../core/store/context';
import type { EngagementStore } from '../core/store/engagement-store';
import { HOST_FORMATS } from './host-formats';
import { reachInEngagement } from './reach';

function checkItem(store: EngagementStore, key: string | undefined): void {
  if (key === undefined) return;
  if (!store.db.prepare('SELECT 1 FROM insecure_item WHERE key = ?').get(key)) {
    throw new PortcullisError('NOT_FOUND', `${store.path}: no insecure item "${key}"`);
  }
}

export function generate(
  store: EngagementStore,
  ctx: CommandContext,
  key: string | undefined,
  vantage: Vantage[],
): { cases: TestCase[]; added: number; gaps: PlanGap[] } {
  ensureDerived(store, ctx, HOST_FORMATS);
  checkItem(store, key);
  const reach: ReachFn = (q) => reachInEngagement(store.db, { ...q, direction: 'in', combine: 'any' });
  const plan = planTests(store.db, { ...(key !== undefined ? { itemKey: key } : {}), vantage }, reach);
  return saveCases(store, ctx, plan, key !== undefined ? { itemKey: key } : {});
}

export function list(store: EngagementStore, key: string | undefined, featureId: string | undefined): TestCase[] {
  checkItem(store, key);
  return listCases(store.db, {
    ...(key !== undefined ? { itemKey: key } : {}),
    ...(featureId !== undefined ? { featureId } : {}),
  });
}
