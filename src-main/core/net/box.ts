// Match regions of rules as unions of product boxes over one address family: source × destination ×
// protocol × destination port × source port × in/out interface × from/to zone × direction. Boxes make
// "is this rule covered by the rules before it" exact: subtract each earlier box, see if anything is left.
import type { CompiledRule } from './compile';
import type { IntervalOps } from './interval-ops';
import * as iv from './intervals';
import type { Bound, Intervals } from './intervals';
import { PORT_SPACE } from './port-set';
import { PORT_PROTOCOLS } from './protocols';

/** A set of names (interfaces, zones, directions): exactly `names`, or (co) every name but `names`. */
export interface Atoms {
  co: boolean;
  names: readonly string[];
}

const ALL_NAMES: Atoms = { co: true, names: [] };

function atomsOf(value: string | null): Atoms {
  return value === null ? ALL_NAMES : { co: false, names: [value] };
}

/** Directions are the one finite name space: 'in' and 'out' together cover every packet. */
const BOTH_DIRECTIONS: Atoms = { co: false, names: ['in', 'out'] };

function atomsIntersect(a: Atoms, b: Atoms): Atoms {
  if (a.co && b.co) return { co: true, names: [...new Set([...a.names, ...b.names])] };
  if (a.co) return { co: false, names: b.names.filter((n) => !a.names.includes(n)) };
  if (b.co) return { co: false, names: a.names.filter((n) => !b.names.includes(n)) };
  return { co: false, names: a.names.filter((n) => b.names.includes(n)) };
}

function atomsSubtract(a: Atoms, b: Atoms): Atoms {
  return atomsIntersect(a, { co: !b.co, names: b.names });
}

// The name space is unbounded, so a co-set is never empty.
function atomsEmpty(a: Atoms): boolean {
  return !a.co && a.names.length === 0;
}

/**
 * Dimensions 0-4 are interval lists (source, destination, protocol, destination port, source port),
 * 5-9 name sets (in-interface, out-interface, from-zone, to-zone, direction). Interface patterns such as
 * "eth+" are kept as opaque names: that can only hide a cover, never invent one.
 */
export type Box = readonly (Intervals<Bound> | Atoms)[];
const INTERVAL_DIMS = 5;
const DIMS = 10;

/** The algebra of interval dimension i: the family's for the two address dimensions, numbers after. */
function opsAt(i: number, addr: IntervalOps): IntervalOps {
  return i < 2 ? addr : iv;
}

function dimIntersect(
  i: number,
  a: Intervals<Bound> | Atoms,
  b: Intervals<Bound> | Atoms,
  addr: IntervalOps,
): Intervals<Bound> | Atoms {
  return i < INTERVAL_DIMS
    ? opsAt(i, addr).intersect(a as Intervals<Bound>, b as Intervals<Bound>)
    : atomsIntersect(a as Atoms, b as Atoms);
}

function dimSubtract(
  i: number,
  a: Intervals<Bound> | Atoms,
  b: Intervals<Bound> | Atoms,
  addr: IntervalOps,
): Intervals<Bound> | Atoms {
  return i < INTERVAL_DIMS
    ? opsAt(i, addr).subtract(a as Intervals<Bound>, b as Intervals<Bound>)
    : atomsSubtract(a as Atoms, b as Atoms);
}

function dimEmpty(i: number, a: Intervals<Bound> | Atoms): boolean {
  return i < INTERVAL_DIMS ? (a as Intervals<Bound>).length === 0 : atomsEmpty(a as Atoms);
}

function isAll(a: Atoms): boolean {
  return a.co && a.names.length === 0;
}

/** Whether a ⊆ b in dimension i. */
function dimCovered(i: number, a: Intervals<Bound> | Atoms, b: Intervals<Bound> | Atoms, addr: IntervalOps): boolean {
  if (i < INTERVAL_DIMS) return opsAt(i, addr).isSubset(a as Intervals<Bound>, b as Intervals<Bound>);
  const x = a as Atoms;
  const y = b as Atoms;
  if (x === y || isAll(y)) return true;
  if (!x.co) return y.co ? x.names.every((n) => !y.names.includes(n)) : x.names.every((n) => y.names.includes(n));
  return y.co && y.names.every((n) => x.names.includes(n));
}

/** Boxes of one family meet; `addr` is that family's interval algebra (interval-ops.ts). */
export function boxesIntersect(a: Box, b: Box, addr: IntervalOps): boolean {
  for (let i = 0; i < INTERVAL_DIMS; i++)
    if (!opsAt(i, addr).intersects(a[i] as Intervals<Bound>, b[i] as Intervals<Bound>)) return false;
  for (let i = INTERVAL_DIMS; i < DIMS; i++) {
    const x = a[i] as Atoms;
    const y = b[i] as Atoms;
    if (x !== y && !isAll(x) && !isAll(y) && atomsEmpty(atomsIntersect(x, y))) return false;
  }
  return true;
}

/** a \ b as disjoint boxes (at most one per dimension); a is returned whole when they do not meet. */
export function boxSubtract(a: Box, b: Box, addr: IntervalOps): Box[] {
  if (!boxesIntersect(a, b, addr)) return [a];
  const out: Box[] = [];
  // `a` with the dimensions already passed narrowed to a ∩ b (copied only once one differs).
  let cur: (Intervals<Bound> | Atoms)[] | null = null;
  for (let i = 0; i < DIMS; i++) {
    if (dimCovered(i, a[i]!, b[i]!, addr)) continue; // nothing of a lies outside b here, and a ∩ b = a
    const rest = dimSubtract(i, a[i]!, b[i]!, addr);
    if (!dimEmpty(i, rest)) {
      const piece = (cur ?? a).slice();
      piece[i] = rest;
      out.push(piece);
    }
    cur ??= a.slice();
    cur[i] = dimIntersect(i, a[i]!, b[i]!, addr);
  }
  return out;
}

const ALL_PORTS: Intervals<number> = iv.of(0, PORT_SPACE);

/**
 * The region a rule may match in one family (conditions and other undecidable parts ignored, so it is
 * the largest the rule could match). Packets without ports match whatever ports the rule names, so a
 * port-constrained rule is two boxes: port protocols with its ports, other protocols with any port.
 */
export function ruleBoxes(r: CompiledRule, family: 4 | 6): Box[] {
  const src: Intervals<Bound> = family === 4 ? r.src4 : r.src6;
  const dst: Intervals<Bound> = family === 4 ? r.dst4 : r.dst6;
  if (src.length === 0 || dst.length === 0 || r.protos.length === 0) return [];
  const names = [
    atomsOf(r.inInterface),
    atomsOf(r.outInterface),
    r.fromZones === null ? ALL_NAMES : { co: false, names: r.fromZones },
    r.toZones === null ? ALL_NAMES : { co: false, names: r.toZones },
    r.direction === null ? BOTH_DIRECTIONS : atomsOf(r.direction),
  ];
  if (r.dport === null && r.sport === null) return [[src, dst, r.protos, ALL_PORTS, ALL_PORTS, ...names]];
  const out: Box[] = [];
  const withPorts = iv.intersect(r.protos, PORT_PROTOCOLS);
  const without = iv.subtract(r.protos, PORT_PROTOCOLS);
  if (withPorts.length > 0) out.push([src, dst, withPorts, r.dport ?? ALL_PORTS, r.sport ?? ALL_PORTS, ...names]);
  if (without.length > 0) out.push([src, dst, without, ALL_PORTS, ALL_PORTS, ...names]);
  return out;
}
