// The reconciliation channel over one open engagement: brings the derived tables up to date, judges on
// the requested day (today by the host's clock unless one is given), and, when asked, writes every row to
// a file the face lets the user choose (JSON or CSV) while answering with the rows cut to the limit.
import { ensureDerived } from '../core/inventory/derived';
import { reconcile } from '../core/reconcile/reconcile';
import { reconcileCsv, reconcileFileName, reconcileJson } from '../core/reconcile/reconcile-export';
import type { CommandContext } from '../core/store/context';
import type { EngagementStore } from '../core/store/engagement-store';
import type { ParsedRequest, Response } from './contract';
import { HOST_FORMATS } from './host-formats';

/** Asks where to write `text` (default name `fileName`) and writes it; null when the user cancelled. */
export type SaveText = (fileName: string, text: string) => Promise<string | null>;

export async function runReconcile(
  store: EngagementStore,
  ctx: CommandContext,
  req: ParsedRequest<'reconcile.run'>,
  saveText: SaveText,
): Promise<Response<'reconcile.run'>> {
  const { version, document } = ensureDerived(store, ctx, HOST_FORMATS);
  const options = { asOf: req.asOf ?? ctx.now().slice(0, 10), days: req.days, categories: req.categories };
  if (!req.save) {
    const answer = reconcile(store.db, document, version, {
      ...options,
      ...(req.limit !== undefined ? { limit: req.limit } : {}),
    });
    return { ...answer, savedTo: null };
  }
  const full = reconcile(store.db, document, version, options);
  const text = req.format === 'csv' ? reconcileCsv(full) : reconcileJson(full);
  const savedTo = await saveText(reconcileFileName(full, req.format), text);
  const limit = req.limit;
  if (limit === undefined) return { ...full, savedTo };
  const categories = full.categories.map((c) => {
    const rows = c.rows.slice(0, limit);
    return { ...c, rows, truncated: rows.length < c.count };
  });
  return { ...full, categories, savedTo };
}
