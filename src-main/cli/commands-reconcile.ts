// The reconcile command: what is open against what is documented, as text (counts, then rows with the
// action for each), JSON (--json) or CSV (--csv, every row), judged on --as-of with a --days expiry window.
import { reconcileCsv } from '../core/reconcile/reconcile-export';
import type { Response } from '../api/contract';
import { path0, str } from './args';
import type { CommandSpec } from './commands';
import { formatReconcile } from './format-reconcile';

function whole(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,7}$/.test(text)) throw new Error(`${option}: expected a whole number, got "${text}"`);
  return Number(text);
}

/** Rows per category the text output shows unless --limit says otherwise. */
const TEXT_ROWS = 100;

export const reconcileCommands: CommandSpec[] = [
  {
    words: ['reconcile'],
    usage:
      'portcullis reconcile <file.portcullis> [--as-of YYYY-MM-DD] [--days N] [--category ID]... [--limit N] [--csv]',
    summary:
      'what is open against what is documented: open without exception, stale, allowed never seen, seen not admitted, expiring, disposed still open',
    options: {
      'as-of': { type: 'string' },
      days: { type: 'string' },
      category: { type: 'string', multiple: true },
      limit: { type: 'string' },
      csv: { type: 'boolean' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'reconcile.run',
    request: (a) => {
      const days = whole(str(a.values.days), '--days');
      const limit = whole(str(a.values.limit), '--limit');
      const categories = a.values.category;
      return {
        path: path0(a),
        ...(str(a.values['as-of']) !== undefined ? { asOf: str(a.values['as-of']) } : {}),
        ...(days !== undefined ? { days } : {}),
        ...(Array.isArray(categories) ? { categories } : {}),
        // CSV is for the binder: every row, whatever --limit says. JSON has every row unless limited; the
        // text for a person shows the first rows of each category.
        ...(a.values.csv === true
          ? {}
          : limit !== undefined
            ? { limit }
            : a.values.json === true
              ? {}
              : { limit: TEXT_ROWS }),
      };
    },
    render: (v, a) =>
      a.values.csv === true
        ? reconcileCsv(v as Response<'reconcile.run'>)
        : formatReconcile(v as Response<'reconcile.run'>),
  },
];
