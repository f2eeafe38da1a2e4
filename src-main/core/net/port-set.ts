// PortSet: an exact set of ports 0–65535 as a sorted, merged interval list, read from the rule model's
// "22" / "1000-2000" strings (null there means any port).
import * as iv from './intervals';
import type { Intervals } from './intervals';

export const PORT_SPACE = 65536;

export class PortError extends Error {
  constructor(readonly text: string) {
    super(`expected a port 0-65535 or a range "first-last", got ${JSON.stringify(text.slice(0, 80))}`);
    this.name = 'PortError';
  }
}

function parsePort(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n < PORT_SPACE ? n : null;
}

/** "22" -> [22, 23); "1000-2000" (or iptables' "1000:2000") -> [1000, 2001); null when not a port spec. */
export function parsePortSpec(text: string): [number, number] | null {
  const t = text.trim();
  const sep = t.search(/[-:]/);
  if (sep < 0) {
    const p = parsePort(t);
    return p === null ? null : [p, p + 1];
  }
  const a = parsePort(t.slice(0, sep).trim());
  const b = parsePort(t.slice(sep + 1).trim());
  return a === null || b === null || a > b ? null : [a, b + 1];
}

export class PortSet {
  static readonly EMPTY = new PortSet(iv.empty());
  static readonly ANY = new PortSet(iv.of(0, PORT_SPACE));

  private constructor(
    /** [start, end) pairs within [0, 65536). */
    readonly intervals: Intervals<number>,
  ) {}

  static fromIntervals(intervals: Intervals<number>): PortSet {
    return intervals.length === 0 ? PortSet.EMPTY : new PortSet(intervals);
  }

  /** The rule model's port list; null = any port. Throws PortError naming the first bad text. */
  static parse(specs: readonly string[] | null): PortSet {
    const { set, invalid } = PortSet.tryParse(specs);
    if (invalid.length > 0) throw new PortError(invalid[0]!);
    return set;
  }

  static tryParse(specs: readonly string[] | null): { set: PortSet; invalid: string[] } {
    if (specs === null) return { set: PortSet.ANY, invalid: [] };
    const pairs = iv.empty<number>();
    const invalid: string[] = [];
    for (const s of specs) {
      const r = parsePortSpec(s);
      if (r) pairs.push(r[0], r[1]);
      else invalid.push(s);
    }
    return { set: PortSet.fromIntervals(iv.normalise(pairs)), invalid };
  }

  union(o: PortSet): PortSet {
    return PortSet.fromIntervals(iv.union(this.intervals, o.intervals));
  }

  intersect(o: PortSet): PortSet {
    return PortSet.fromIntervals(iv.intersect(this.intervals, o.intervals));
  }

  subtract(o: PortSet): PortSet {
    return PortSet.fromIntervals(iv.subtract(this.intervals, o.intervals));
  }

  complement(): PortSet {
    return PortSet.fromIntervals(iv.complement(this.intervals, 0, PORT_SPACE));
  }

  contains(port: number): boolean {
    return iv.contains(this.intervals, port);
  }

  isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  isAny(): boolean {
    return this.intervals.length === 2 && this.intervals[0] === 0 && this.intervals[1] === PORT_SPACE;
  }

  size(): number {
    let n = 0;
    for (let i = 0; i < this.intervals.length; i += 2) n += this.intervals[i + 1]! - this.intervals[i]!;
    return n;
  }

  equals(o: PortSet): boolean {
    return iv.equals(this.intervals, o.intervals);
  }

  isSubsetOf(o: PortSet): boolean {
    return iv.isSubset(this.intervals, o.intervals);
  }

  /** Back to the model's strings ("22", "1000-2000"); null for any port, like the model. */
  toStrings(): string[] | null {
    if (this.isAny()) return null;
    const out: string[] = [];
    for (let i = 0; i < this.intervals.length; i += 2) {
      const s = this.intervals[i]!;
      const e = this.intervals[i + 1]! - 1;
      out.push(s === e ? String(s) : `${s}-${e}`);
    }
    return out;
  }

  toString(): string {
    return this.toStrings()?.join(',') ?? 'any';
  }
}
