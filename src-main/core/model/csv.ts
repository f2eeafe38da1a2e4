// CSV output that spreadsheets cannot turn into formulas: cells starting with = + - @ or a control
// character are prefixed with a quote (OWASP CSV injection guidance), and every cell is quoted. Pure, so
// the CLI and the handler table (files saved from the app) write the same CSV.

export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
