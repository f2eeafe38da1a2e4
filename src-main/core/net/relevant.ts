// Which rules of a chain a flow toward one destination may meet: an index per chain and address family of
// the rules' destinations, with the any-destination rules kept apart and pre-filtered per protocol and
// port class, so a walk never looks at rules written for other destinations or services.
import { V4_SPACE, V6_SPACE } from './address';
import type { CompiledChain } from './compile';
import { OPS_V4, OPS_V6, opsFor } from './interval-ops';
import { IntervalIndex } from './interval-index';
import * as iv from './intervals';
import type { Bound, Intervals } from './intervals';
import type { Flow } from './match';
import { hasPorts } from './protocols';

interface FamilyIndex {
  /** Positions of rules matching every destination of the family (any, or unknown addresses). */
  broad: Int32Array;
  /** Where the broad rules' destination-port sets start or end: ports between two are alike to them. */
  portBreaks: Int32Array;
  /** Destination intervals of the other rules (IPv6 projected: see lowBound in intervals.ts). */
  narrow: IntervalIndex;
  /** Broad positions already filtered by protocol and port, per (protocol, port class). */
  byService: Map<number, Int32Array>;
}

const indexes = new WeakMap<CompiledChain, { v4?: FamilyIndex; v6?: FamilyIndex }>();
const FULL_V4 = OPS_V4.of(0, V4_SPACE);
const FULL_V6 = OPS_V6.of(0n, V6_SPACE);

function buildIndex(chain: CompiledChain, family: 4 | 6): FamilyIndex {
  const ops = opsFor(family);
  const full: Intervals<Bound> = family === 4 ? FULL_V4 : FULL_V6;
  const broad: number[] = [];
  const breaks = new Set<number>();
  const pairs: number[] = [];
  const ids: number[] = [];
  chain.rules.forEach((r, pos) => {
    const d: Intervals<Bound> = family === 4 ? r.dst4 : r.dst6;
    if (d.length === 0) return;
    if (ops.equals(d, full)) {
      broad.push(pos);
      for (const b of r.dport ?? []) breaks.add(b);
    } else {
      // Element access goes through the family's own module: a loop here reading both families'
      // lists would make V8 turn the IPv4 lists into generic storage (see intervals.ts).
      ops.projectInto(d, pairs);
      while (ids.length < pairs.length / 2) ids.push(pos);
    }
  });
  return {
    broad: Int32Array.from(broad),
    portBreaks: Int32Array.from(breaks).sort(),
    narrow: new IntervalIndex(pairs, ids),
    byService: new Map(),
  };
}

function familyIndex(chain: CompiledChain, family: 4 | 6): FamilyIndex {
  let entry = indexes.get(chain);
  if (!entry) indexes.set(chain, (entry = {}));
  return family === 4 ? (entry.v4 ??= buildIndex(chain, 4)) : (entry.v6 ??= buildIndex(chain, 6));
}

/** Number of breaks <= port: ports with the same count fall in or out of every broad rule together. */
function portClass(breaks: Int32Array, port: number): number {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid]! <= port) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const SERVICE_CACHE_LIMIT = 4096;
const NO_RULES: readonly number[] = [];

/**
 * The chain's rules whose destination, protocol and port may match the flow, as two ascending position
 * lists to merge: the any-destination rules (cached per protocol and port class) and those whose
 * destination holds the flow's address.
 */
export function candidates(chain: CompiledChain, flow: Flow): [Int32Array, readonly number[]] {
  const idx = familyIndex(chain, flow.family);
  const ported = hasPorts(flow.proto) && flow.dport !== null;
  const key = flow.proto * 131072 + (ported ? portClass(idx.portBreaks, flow.dport!) : 131071);
  let broad = idx.byService.get(key);
  if (!broad) {
    const keep: number[] = [];
    for (const pos of idx.broad) {
      const r = chain.rules[pos]!;
      if (!iv.contains(r.protos, flow.proto)) continue;
      if (ported && r.dport !== null && !iv.contains(r.dport, flow.dport!)) continue;
      keep.push(pos);
    }
    broad = Int32Array.from(keep);
    if (idx.byService.size >= SERVICE_CACHE_LIMIT) idx.byService.clear();
    idx.byService.set(key, broad);
  }
  const hits: number[] = [];
  idx.narrow.stab(opsFor(flow.family).lowBound(flow.dst), hits);
  if (hits.length === 0) return [broad, NO_RULES];
  // Few hits as a rule: an insertion sort in a plain array beats a typed-array sort (and its malloc).
  for (let i = 1; i < hits.length; i++) {
    const x = hits[i]!;
    let j = i;
    while (j > 0 && hits[j - 1]! > x) {
      hits[j] = hits[j - 1]!;
      j--;
    }
    hits[j] = x;
  }
  // A rule can be hit twice when two of its IPv6 intervals share a projection: keep each once.
  let n = 1;
  for (let i = 1; i < hits.length; i++) if (hits[i] !== hits[n - 1]) hits[n++] = hits[i]!;
  hits.length = n;
  return [broad, hits];
}
