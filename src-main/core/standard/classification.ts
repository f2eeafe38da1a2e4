// Keeps findings in step with the observations and the current standard: an edit of the standard
// recomputes them all (inside the edit's transaction, see standard-store); new imports are classified
// incrementally, from the last observation classified.
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { Classifier } from './classifier';
import { classifyFrom, readState, reclassifyAll, saveState } from './findings-store';
import { ensureStandard } from './standard-store';

/**
 * Brings findings up to date with the current standard and every observation imported so far, adopting
 * the default standard first if needed. Returns the standard version the findings reflect.
 */
export function ensureClassified(store: EngagementStore, ctx: CommandContext): number {
  const current = ensureStandard(store, ctx);
  const db = store.db;
  const state = readState(db);
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM observation').get() as { m: number }).m;
  if (state && state.standard_version === current.version && state.through_observation >= maxId) {
    return current.version;
  }
  db.transaction(() => {
    if (!state || state.standard_version !== current.version) reclassifyAll(db, current.version, current.document);
    else saveState(db, current.version, classifyFrom(db, new Classifier(current.document), state.through_observation));
  })();
  return current.version;
}
