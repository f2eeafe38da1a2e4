// Static index of [start, end) intervals tagged with ids: which intervals contain a point, or overlap a
// range, in O(log n + hits). Intervals sorted by start with an implicit balanced tree of subtree max-ends.
// Bounds are doubles: IPv6 callers index a conservative projection and check candidates exactly.

export class IntervalIndex {
  // Typed arrays: one storage kind whatever the values (see intervals.ts on why that matters).
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly ids: Int32Array;
  private readonly maxEnd: Float64Array;

  /** `pairs` are [start, end) pairs, `ids[k]` tags pair k. */
  constructor(pairs: readonly number[], ids: readonly number[]) {
    const n = ids.length;
    const order = Array.from({ length: n }, (_, k) => k);
    order.sort((a, b) => (pairs[2 * a]! < pairs[2 * b]! ? -1 : pairs[2 * a]! > pairs[2 * b]! ? 1 : 0));
    this.starts = Float64Array.from(order, (k) => pairs[2 * k]!);
    this.ends = Float64Array.from(order, (k) => pairs[2 * k + 1]!);
    this.ids = Int32Array.from(order, (k) => ids[k]!);
    this.maxEnd = this.ends.slice();
    this.build(0, n);
  }

  get size(): number {
    return this.ids.length;
  }

  private build(lo: number, hi: number): number | null {
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
  stab(x: number, out: number[]): void {
    this.visitPoint(0, this.ids.length, x, out);
  }

  /** Ids of the intervals overlapping [lo, hi), appended to out (unordered). */
  overlapping(lo: number, hi: number, out: number[]): void {
    this.visitRange(0, this.ids.length, lo, hi, out);
  }

  // Two walks rather than one with a flag: the point query serves reachability, the range query the
  // ruleset analysis, and each keeps V8's feedback to itself.
  private visitPoint(a: number, b: number, x: number, out: number[]): void {
    while (a < b) {
      const mid = (a + b) >> 1;
      if (this.maxEnd[mid]! <= x) return;
      this.visitPoint(a, mid, x, out);
      if (this.starts[mid]! > x) return;
      if (this.ends[mid]! > x) out.push(this.ids[mid]!);
      a = mid + 1; // the right subtree, iteratively
    }
  }

  private visitRange(a: number, b: number, lo: number, hi: number, out: number[]): void {
    while (a < b) {
      const mid = (a + b) >> 1;
      if (this.maxEnd[mid]! <= lo) return;
      this.visitRange(a, mid, lo, hi, out);
      if (this.starts[mid]! >= hi) return;
      if (this.ends[mid]! > lo) out.push(this.ids[mid]!);
      a = mid + 1;
    }
  }
}
