// Keeps every derived table in step with the observations and the engagement's standard: findings
// (classification), host-name aliases, insecure items and the inventory. Cheap when nothing changed;
// otherwise one transaction rebuilds what depends on the new observations or the edited standard.
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { rebuildAliases } from '../standard/assets';
import { ensureClassified } from '../standard/classification';
import { rebuildItems } from '../standard/items-build';
import type { StandardDocument } from '../standard/schema';
import { currentStandard } from '../standard/standard-store';
import { readInventoryState, rebuildInventory } from './build';

export function ensureDerived(
  store: EngagementStore,
  ctx: CommandContext,
  hostFormats: readonly string[],
): { version: number; document: StandardDocument } {
  const version = ensureClassified(store, ctx);
  const current = currentStandard(store.db);
  if (!current) throw new Error('the standard was not adopted');
  const state = readInventoryState(store.db);
  const maxId = store.db.prepare('SELECT coalesce(max(id), 0) FROM observation').pluck().get() as number;
  if (!state || state.standard_version !== version || state.through_observation !== maxId) {
    store.db.transaction(() => {
      rebuildAliases(store.db);
      rebuildItems(store.db);
      rebuildInventory(store.db, current.document, version, hostFormats);
    })();
  }
  return { version, document: current.document };
}
