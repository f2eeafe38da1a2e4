// The dashboard channel: the readiness of every item (as review.validate judges it) folded into the
// counts the charts draw.
import { ensureDerived } from '../core/inventory/derived';
import { dashboard, type Dashboard } from '../core/reconcile/dashboard';
import { listItems } from '../core/standard/items';
import type { CommandContext } from '../core/store/context';
import type { EngagementStore } from '../core/store/engagement-store';
import { HOST_FORMATS } from './host-formats';
import { validateEngagement } from './review';

export function getDashboard(store: EngagementStore, ctx: CommandContext): Dashboard {
  const derived = ensureDerived(store, ctx, HOST_FORMATS);
  const readiness = new Map(validateEngagement(store, ctx).items.map((i) => [i.key, i]));
  const items = listItems(store.db, derived.document, derived.version).items.map((i) => ({
    key: i.key,
    criteria: i.criteria,
    disposition: readiness.get(i.key)?.disposition ?? null,
    auditReady: readiness.get(i.key)?.auditReady ?? false,
  }));
  return dashboard(store.db, derived.document, items, ctx.now().slice(0, 10));
}
