// A table the package writes twice, as CSV and as a workbook sheet: its columns and a generator of rows
// (read page by page, so a million inventory rows never sit in memory at once).
import { csvRow } from '../../model/csv';

export type Cell = string | number | boolean | null;

export interface Table {
  /** The sheet name in the workbook. */
  name: string;
  columns: readonly string[];
  rows(): Iterable<readonly Cell[]>;
}

/** CSV in the CLI's dialect: every cell quoted, formulas neutralised, CRLF line ends. */
export function* csvOf(table: Table): Generator<string> {
  yield csvRow(table.columns);
  let batch: string[] = [];
  for (const row of table.rows()) {
    batch.push(csvRow(row));
    if (batch.length >= 1000) {
      yield batch.join('');
      batch = [];
    }
  }
  if (batch.length > 0) yield batch.join('');
}

export function* jsonLines(values: Iterable<unknown>): Generator<string> {
  for (const v of values) yield `${JSON.stringify(v)}\n`;
}

/** Paged reads of a query until a short page comes back. */
export function* paged<T>(fetch: (offset: number, limit: number) => T[], limit = 5000): Generator<T> {
  for (let offset = 0; ; offset += limit) {
    const page = fetch(offset, limit);
    yield* page;
    if (page.length < limit) return;
  }
}
