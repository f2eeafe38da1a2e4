// Static index of [start, end) intervals tagged with ids: which intervals contain a point, or overlap a
// range, in O(log n + hits). Intervals sorted by start with an implicit balanced tree of subtree max-ends.
// Bounds are doubles: IPv6 callers index a conservative projection and check candidates exactly.

type T = number;

export class IntervalIndex {
  private readonly starts: T[];
  private readonly ends: T[];
  private readonly ids: Int32Array;
  private readonly maxEnd: T[];

  /** `pairs` are [start, end) pairs, `ids[k]` tags pair k. */
  constructor(pairs: readonly number[], ids: readonly number[]) {
    const n = ids.length;
    const order = Array.from({ length: n }, (_, k) => k);
    order.sort((a, b) => (pairs[2 * a]! < pairs[2 * b]! ? -1 : pairs[2 * a]! > pairs[2 * b]! ? 1 : 0));
    this.starts = order.map((k) => pairs[2 * k]!);
    this.ends = order.map((k) => pairs[2 * k + 1]!);
    this.ids = Int32Array.from(order, (k) => ids[k]!);
    this.maxEnd = this.ends.slice();
    this.build(0, n);
  }

  get size(): number {
    return this.ids.length;
  }

  private build(lo: number, hi: number): T | null {
    if (lo >= hi) return null;
    const mid = (lo + hi) >> 1;
    let m = this.ends[mid]!;
    const l = this.build(lo, mid);
    const r = this.build(mid + 1, hi);
    if (l !== null && l > m) m = l;
    if (r !== null && r > m) m = r;
    this.maxEnd[mid] = m;
    return m;
  }

  /** Ids of the intervals containing x, appended to out (unordered). */
  stab(x: T, out: number[]): void {
    this.visit(0, this.ids.length, x, x, true, out);
  }

  /** Ids of the intervals overlapping [lo, hi), appended to out (unordered). */
  overlapping(lo: T, hi: T, out: number[]): void {
    this.visit(0, this.ids.length, lo, hi, false, out);
  }

  private visit(a: number, b: number, lo: T, hi: T, point: boolean, out: number[]): void {
    while (a < b) {
      const mid = (a + b) >> 1;
      if (this.maxEnd[mid]! <= lo) return;
      this.visit(a, mid, lo, hi, point, out);
      const s = this.starts[mid]!;
      if (point ? s > lo : s >= hi) return;
      if (this.ends[mid]! > lo) out.push(this.ids[mid]!);
      a = mid + 1; // the right subtree, iteratively
    }
  }
}
