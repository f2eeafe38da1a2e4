// The interval algebra of intervals.ts for bigint bounds (IPv6). Same code, kept as a separate copy so
// V8's type feedback for the IPv4 path stays on plain numbers (see intervals.ts). A test keeps them equal.

export type Bound = number | bigint;
export type Intervals<T extends Bound> = readonly T[];

/**
 * Every list starts as a copy of this double-valued template, so that number lists all share V8's
 * double element storage (small port numbers would otherwise make some lists "small integer" ones, and
 * the mix sends the hot loops to slower code). Bigint lists move on to generic storage at the first push.
 */
const TEMPLATE: Bound[] = [0.5];

/** A new, empty list. */
export function empty<T extends Bound>(): T[] {
  return TEMPLATE.slice(0, 0) as T[];
}

/** A list of the given bounds (which must already be sorted, merged pairs). */
export function of<T extends Bound>(...bounds: T[]): Intervals<T> {
  const out = empty<T>();
  for (const b of bounds) out.push(b);
  return out;
}

/** Index of the first interval (pair index, even) whose end is > x; a.length if none. */
export function firstEndingAfter<T extends Bound>(a: Intervals<T>, x: T): number {
  let lo = 0;
  let hi = a.length >> 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[2 * mid + 1]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

export function contains<T extends Bound>(a: Intervals<T>, x: T): boolean {
  const i = firstEndingAfter(a, x);
  return i < a.length && a[i]! <= x;
}

export function union<T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = empty<T>();
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let s: T;
    let e: T;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      s = a[i]!;
      e = a[i + 1]!;
      i += 2;
    } else {
      s = b[j]!;
      e = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    // Touching intervals merge too: [1,3) + [3,5) = [1,5), so the representation stays canonical.
    if (n > 0 && s <= out[n - 1]!) {
      if (e > out[n - 1]!) out[n - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

export function intersect<T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> {
  if (a.length === 0) return a;
  if (b.length === 0) return b;
  const out = empty<T>();
  // Skip straight to the overlap when one list is short (the common rule-vs-state case).
  let i = a.length > 8 && b.length <= 4 ? firstEndingAfter(a, b[0]!) : 0;
  let j = b.length > 8 && a.length <= 4 ? firstEndingAfter(b, a[0]!) : 0;
  while (i < a.length && j < b.length) {
    const s = a[i]! > b[j]! ? a[i]! : b[j]!;
    const ae = a[i + 1]!;
    const be = b[j + 1]!;
    const e = ae < be ? ae : be;
    if (s < e) out.push(s, e);
    if (ae <= be) i += 2;
    else j += 2;
  }
  return out;
}

export function intersects<T extends Bound>(a: Intervals<T>, b: Intervals<T>): boolean {
  if (a.length === 0 || b.length === 0) return false;
  let i = a.length > 8 ? firstEndingAfter(a, b[0]!) : 0;
  let j = b.length > 8 ? firstEndingAfter(b, a[0]!) : 0;
  while (i < a.length && j < b.length) {
    const ae = a[i + 1]!;
    const be = b[j + 1]!;
    if ((a[i]! > b[j]! ? a[i]! : b[j]!) < (ae < be ? ae : be)) return true;
    if (ae <= be) i += 2;
    else j += 2;
  }
  return false;
}

export function subtract<T extends Bound>(a: Intervals<T>, b: Intervals<T>): Intervals<T> {
  if (a.length === 0 || b.length === 0) return a;
  const out = empty<T>();
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    const s = a[i]!;
    const e = a[i + 1]!;
    while (j < b.length && b[j + 1]! <= s) j += 2;
    let cur = s;
    // b intervals reaching past e may still cut the next a interval, so scan with k and keep j.
    for (let k = j; k < b.length && b[k]! < e; k += 2) {
      if (b[k]! > cur) out.push(cur, b[k]!);
      if (b[k + 1]! > cur) cur = b[k + 1]!;
      if (cur >= e) break;
    }
    if (cur < e) out.push(cur, e);
  }
  return out;
}

/** The gaps of `a` inside [lo, hi). */
export function complement<T extends Bound>(a: Intervals<T>, lo: T, hi: T): Intervals<T> {
  const out = empty<T>();
  let cur = lo;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]! > cur) out.push(cur, a[i]!);
    if (a[i + 1]! > cur) cur = a[i + 1]!;
  }
  if (cur < hi) out.push(cur, hi);
  return out;
}

export function isSubset<T extends Bound>(a: Intervals<T>, b: Intervals<T>): boolean {
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    while (j < b.length && b[j + 1]! <= a[i]!) j += 2;
    if (j >= b.length || b[j]! > a[i]! || b[j + 1]! < a[i + 1]!) return false;
  }
  return true;
}

export function equals<T extends Bound>(a: Intervals<T>, b: Intervals<T>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const INDEX_BITS = 2 ** 21;

/** Pair indices in order of start. Number starts (< 2^32) sort as packed float keys, without a comparator. */
function orderByStart<T extends Bound>(pairs: readonly T[], n: number): ArrayLike<number> {
  if (n <= 24) {
    // Insertion sort: the walk merges a handful of pieces at a time, below any library sort's overhead
    // (and a plain array: a typed one this size would live outside V8's heap, costing a malloc).
    const order: number[] = [];
    for (let k = 0; k < n; k++) {
      order.push(k);
      const start = pairs[2 * k]!;
      let j = k;
      while (j > 0 && pairs[2 * order[j - 1]!]! > start) {
        order[j] = order[j - 1]!;
        j--;
      }
      order[j] = k;
    }
    return order;
  }
  if (typeof pairs[0] === 'number' && n < INDEX_BITS) {
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = (pairs[2 * k] as number) * INDEX_BITS + k;
    keys.sort();
    for (let k = 0; k < n; k++) keys[k] = keys[k]! % INDEX_BITS;
    return keys;
  }
  const order = Array.from({ length: n }, (_, k) => k);
  order.sort((x, y) => (pairs[2 * x]! < pairs[2 * y]! ? -1 : pairs[2 * x]! > pairs[2 * y]! ? 1 : 0));
  return order;
}

/** Sorts and merges loose [start, end) pairs (any order, overlaps allowed, empty pairs dropped). */
export function normalise<T extends Bound>(pairs: readonly T[]): Intervals<T> {
  const n = pairs.length >> 1;
  if (n === 0) return empty();
  // Already canonical (the common case for walk output): no copy.
  let canonical = pairs[0]! < pairs[1]!;
  for (let i = 2; i < pairs.length && canonical; i += 2)
    canonical = pairs[i - 1]! < pairs[i]! && pairs[i]! < pairs[i + 1]!;
  if (canonical) return pairs;
  let sorted = true;
  for (let i = 2; i < pairs.length && sorted; i += 2) if (pairs[i]! < pairs[i - 2]!) sorted = false;
  const order = sorted ? null : orderByStart(pairs, n);
  const out = empty<T>();
  for (let k = 0; k < n; k++) {
    const p = order ? order[k]! : k;
    const s = pairs[2 * p]!;
    const e = pairs[2 * p + 1]!;
    if (!(s < e)) continue;
    const m = out.length;
    if (m > 0 && s <= out[m - 1]!) {
      if (e > out[m - 1]!) out[m - 1] = e;
    } else out.push(s, e);
  }
  return out;
}

/** Number of members. Number bounds (IPv4, ports, protocols) sum exactly in a double: totals stay < 2^53. */
export function sizeOf(a: Intervals<Bound>): bigint {
  if (a.length === 0) return 0n;
  if (typeof a[0] === 'number') {
    let n = 0;
    for (let i = 0; i < a.length; i += 2) n += (a[i + 1] as number) - (a[i] as number);
    return BigInt(n);
  }
  let total = 0n;
  for (let i = 0; i < a.length; i += 2) total += (a[i + 1] as bigint) - (a[i] as bigint);
  return total;
}

// ---- In-place operations for the reachability walk, which owns its working set. ----

/** Removes [s, e) from a, editing it in place (no temporary arrays: the walk does this per rule). */
function removeInterval<T extends Bound>(a: T[], s: T, e: T): void {
  const i = firstEndingAfter(a, s);
  const len = a.length;
  if (i >= len || a[i]! >= e) return;
  let j = i;
  while (j < len && a[j]! < e) j += 2;
  // a[i .. j) overlaps [s, e); what sticks out on either side stays.
  const first = a[i]!;
  const last = a[j - 1]!;
  const keepLeft = first < s;
  const keepRight = last > e;
  const width = (keepLeft ? 2 : 0) + (keepRight ? 2 : 0);
  const delta = width - (j - i);
  if (delta > 0) {
    // Grow by pushing (writing past the end would leave a hole and change the array's storage kind).
    for (let k = 0; k < delta; k++) a.push(last);
    for (let k = len - 1; k >= j; k--) a[k + delta] = a[k]!;
  } else if (delta < 0) {
    for (let k = j; k < len; k++) a[k + delta] = a[k]!;
    a.length = len + delta;
  }
  let w = i;
  if (keepLeft) {
    a[w++] = first;
    a[w++] = s;
  }
  if (keepRight) {
    a[w++] = e;
    a[w++] = last;
  }
}

/** Removes b from a, editing a. */
export function subtractInPlace<T extends Bound>(a: T[], b: Intervals<T>): void {
  for (let k = 0; k < b.length && a.length > 0; k += 2) removeInterval(a, b[k]!, b[k + 1]!);
}

// ---- Helpers for callers generic over the family, so that their arrays are made and read here. ----

/** Appends the pairs of `pieces` to `out`. */
export function appendTo<T extends Bound>(out: T[], pieces: Intervals<T>): void {
  for (let i = 0; i < pieces.length; i++) out.push(pieces[i]!);
}

/** The union of canonical lists. */
export function unionAll<T extends Bound>(lists: readonly Intervals<T>[]): Intervals<T> {
  if (lists.length === 1) return lists[0]!;
  const all = empty<T>();
  for (const l of lists) for (let i = 0; i < l.length; i++) all.push(l[i]!);
  return normalise(all);
}

/** Whether two lists overlap, searching the first: the second is usually a single interval. */
export function overlaps<T extends Bound>(a: Intervals<T>, b: Intervals<T>): boolean {
  if (b.length === 2) {
    const i = firstEndingAfter(a, b[0]!);
    return i < a.length && a[i]! < b[1]!;
  }
  return intersects(a, b);
}

/**
 * Bounds as doubles for the static indexes: numbers as they are, bigints by their top 53 bits (start
 * rounded down, end rounded up), so a projected interval still holds the projection of its members.
 */
export function lowBound(x: Bound): number {
  return typeof x === 'number' ? x : Number(x >> 75n);
}

export function highBound(x: Bound): number {
  return typeof x === 'number' ? x : Number((x - 1n) >> 75n) + 1;
}

/** Appends each interval's projected [low, high) to out. */
export function projectInto<T extends Bound>(a: Intervals<T>, out: number[]): void {
  for (let i = 0; i < a.length; i += 2) out.push(lowBound(a[i]!), highBound(a[i + 1]!));
}

/** Appends the projected hull [low, high) of a non-empty list to out. */
export function hullInto<T extends Bound>(a: Intervals<T>, out: number[]): void {
  out.push(lowBound(a[0]!), highBound(a[a.length - 1]!));
}
