// Display formatting shared by the views. Everything here returns plain text; nothing is rendered as HTML.

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** 25165824 -> "24.0 MiB"; binary units because that is what file managers and `ls -h` show. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatCount(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The first and last few hex digits: enough to tell hashes apart at a glance. */
export function shortHash(hash: string, head = 10, tail = 6): string {
  return hash.length <= head + tail + 1 ? hash : `${hash.slice(0, head)}…${hash.slice(-tail)}`;
}

/**
 * "2025-11-27T07:56:01.123Z" -> "2025-11-27 07:56:01 UTC"; the core records UTC and so do we. Tables
 * whose column header already says UTC leave the suffix off.
 */
export function formatTime(iso: string, suffix = true): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  if (!m) return iso;
  return suffix ? `${m[1]} ${m[2]} UTC` : `${m[1]} ${m[2]}`;
}

export function formatPeriod(start: string | null, end: string | null): string {
  if (!start && !end) return 'Not set';
  return `${start ?? '…'} to ${end ?? '…'}`;
}

/** Where a parse note points: "line 12", "line 12, column 4", or null when the parser gave no position. */
export function formatNoteWhere(note: { line: number | null; column: number | null }): string | null {
  if (note.line === null) return null;
  return note.column === null ? `line ${note.line}` : `line ${note.line}, column ${note.column}`;
}

/** "Showing 1–100 of 12,345": the rows of one page of a larger result. */
export function formatPageRange(offset: number, shown: number, total: number): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (shown === 0) return `Showing 0 of ${n(total)}`;
  return `Showing ${n(offset + 1)}–${n(offset + shown)} of ${n(total)}`;
}

/** The last part of a path, whichever separator the platform uses. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** "4294967296" -> "4,294,967,296": a decimal integer string of any size, grouped in threes. */
export function groupDigits(decimal: string): string {
  if (!/^\d+$/.test(decimal)) return decimal;
  return decimal.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const FAMILY_SPACE = { 4: 2n ** 32n, 6: 2n ** 128n } as const;

/**
 * How many addresses, for people: "4,294,967,296 (all IPv4)", "256", and for IPv6 counts too long to
 * read also the power of two ("18,446,744,073,709,551,616 (2^64)"). Counts arrive as decimal strings
 * because IPv6 counts do not fit a number.
 */
export function formatAddressCount(decimal: string, family: 4 | 6): string {
  if (!/^\d+$/.test(decimal)) return decimal;
  const n = BigInt(decimal);
  const grouped = groupDigits(n.toString());
  if (n === FAMILY_SPACE[family]) return `${grouped} (all IPv${family})`;
  if (n >= 2n ** 40n) {
    const bits = n.toString(2).length - 1;
    if (n === 2n ** BigInt(bits)) return `${grouped} (2^${bits})`;
    return `${grouped} (≈ 2^${Math.log2(Number(n)).toFixed(1)})`;
  }
  return grouped;
}

/** A share of a whole as a percentage people can read: "100%", "25.4%", "0.38%", "<0.01%". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share) || share <= 0) return '0%';
  if (share >= 1) return '100%';
  const pct = share * 100;
  if (pct < 0.01) return '<0.01%';
  if (pct >= 99.95) return '>99.9%';
  return `${pct >= 10 ? pct.toFixed(1) : pct.toFixed(2)}%`;
}

/** "line 15", "lines 15–18", or null when the parser gave no position. */
export function formatLines(from: number | null, to: number | null): string | null {
  if (from === null) return null;
  return to === null || to === from ? `line ${from}` : `lines ${from}–${to}`;
}
