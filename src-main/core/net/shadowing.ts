// Ruleset analysis of a whole device: rules that can never match because earlier rules of their ruleset
// cover their whole match region (shadowed), rules no packet can reach (their ruleset is never entered,
// or only by traffic they cannot match), and allow rules for any source to any destination.
//
// Shadowing is exact over the box decomposition (see box.ts) with three sound limits: only rules that
// surely decide (verdict, goto, return; no undecidable part) count as covering; interface patterns
// ("eth+", "!eth1") are compared as written; and a rule whose remaining region grows past BOX_BUDGET
// boxes or needs more than STEP_BUDGET subtractions is reported `undetermined` rather than guessed.
// A rule is never reported shadowed or unreachable unless proven.
import { type CompiledChain, type CompiledDevice, type CompiledRule, type RuleRef } from './compile';
import { boxesIntersect, boxSubtract, ruleBoxes, type Box } from './box';
import { IntervalIndex } from './interval-index';
import { opsFor, OPS_V4, OPS_V6, type IntervalOps } from './interval-ops';
import type { Bound, Intervals } from './intervals';
import * as iv from './intervals';
import { V4_SPACE, V6_SPACE } from './address';
import { PORT_PROTOCOLS, PROTO_SPACE, SCTP, TCP, UDP } from './protocols';

export interface ShadowFinding {
  rule: RuleRef;
  /** The earlier rules whose regions together cover it. */
  by: RuleRef[];
  /** The rule decides (allow vs deny/drop/reject) differently from some rule covering it. */
  conflicting: boolean;
}

export interface UnreachableFinding {
  rule: RuleRef;
  reason: 'ruleset-not-entered' | 'outside-ruleset-entry' | 'matches-nothing';
}

export interface RuleAnalysis {
  /** Rulesets evaluation starts in: those with a default policy nothing jumps into (all roots without policies). */
  roots: string[];
  shadowed: ShadowFinding[];
  unreachable: UnreachableFinding[];
  /** Rules the budgets stopped before a proof either way. */
  undetermined: RuleRef[];
  /**
   * Allow rules for every source and every destination of a family, with no undecidable part; `scope`
   * lists the interface/zone/direction they are limited to (an "any/any on lo" is not an exposure).
   */
  anyAnyAllows: { rule: RuleRef; allServices: boolean; scope: string[] }[];
}

/** Rule boxes, made once per analysis and dropped with it: kept around, they slow every later GC. */
type BoxesOf = (r: CompiledRule, family: 4 | 6) => Box[];

function boxMaker(): BoxesOf {
  const made = new Map<CompiledRule, [Box[], Box[]]>();
  return (r, family) => {
    let b = made.get(r);
    if (!b) made.set(r, (b = [ruleBoxes(r, 4), ruleBoxes(r, 6)]));
    return b[family === 4 ? 0 : 1];
  };
}

const FULL_V4 = OPS_V4.of(0, V4_SPACE);
const FULL_V6 = OPS_V6.of(0n, V6_SPACE);
const ALL_PROTOS = iv.of(0, PROTO_SPACE);

const BOX_BUDGET = 512;
const STEP_BUDGET = 20_000;

function covers(r: CompiledRule): boolean {
  const k = r.effect.kind;
  return r.doubts.length === 0 && !r.addressesUnknown && (k === 'verdict' || k === 'goto' || k === 'return');
}

function decisionClass(r: CompiledRule): string {
  const e = r.effect;
  return e.kind === 'verdict' ? (e.verdict === 'allow' ? 'allow' : 'block') : e.kind;
}

/**
 * Per box, its hull in each interval dimension, as doubles. IPv6 bounds keep their top 53 bits (start
 * rounded down, end rounded up), so hulls that overlap still overlap and none becomes empty.
 */
const HULL = 9;

function protoMask(protos: Intervals<number>): number {
  let m = 0;
  if (iv.contains(protos, TCP)) m |= 1;
  if (iv.contains(protos, UDP)) m |= 2;
  if (iv.contains(protos, SCTP)) m |= 4;
  if (iv.subtract(protos, PORT_PROTOCOLS).length > 0) m |= 8;
  return m;
}

function hullOf(b: Box, out: number[], addr: IntervalOps): void {
  // Through the family's module, never reading both families' lists here (see intervals.ts).
  for (const dim of [0, 1] as const) addr.hullInto(b[dim] as Intervals<Bound>, out);
  out.push(protoMask(b[2] as Intervals<number>));
  for (const dim of [3, 4] as const) iv.hullInto(b[dim] as Intervals<number>, out);
}

/** Whether the hulls of box records a and b (offsets into h) overlap in every dimension. */
function hullsMeet(h: readonly number[], a: number, b: number): boolean {
  return (
    h[a]! < h[b + 1]! &&
    h[b]! < h[a + 1]! &&
    h[a + 2]! < h[b + 3]! &&
    h[b + 2]! < h[a + 3]! &&
    (h[a + 4]! & h[b + 4]!) !== 0 &&
    h[a + 5]! < h[b + 6]! &&
    h[b + 5]! < h[a + 6]! &&
    h[a + 7]! < h[b + 8]! &&
    h[b + 7]! < h[a + 8]!
  );
}

interface FamilyCover {
  boxes: Box[][];
  /** Hull records of every box; firstBox[pos] .. firstBox[pos + 1] are rule pos's boxes. */
  hulls: number[];
  firstBox: Int32Array;
  /**
   * Covering rules' box hulls, indexed so that a query stays selective: boxes with a narrow destination
   * by destination and by source, boxes with a wide destination (a /8 or more) by source only.
   */
  narrowByDst: IntervalIndex;
  narrowBySrc: IntervalIndex;
  wideBySrc: IntervalIndex;
  /** Hull width from which a destination counts as wide. */
  wide: number;
}

function familyCover(rules: readonly CompiledRule[], boxes: Box[][], family: 4 | 6): FamilyCover {
  const hulls: number[] = [];
  const firstBox = new Int32Array(rules.length + 1);
  const wide = family === 4 ? 2 ** 24 : 2 ** 45;
  const addr = opsFor(family);
  const narrow = { src: [] as number[], dst: [] as number[], ids: [] as number[] };
  const wideSrc: number[] = [];
  const wideIds: number[] = [];
  rules.forEach((r, pos) => {
    firstBox[pos] = hulls.length / HULL;
    const cover = covers(r);
    for (const b of boxes[pos]!) {
      const at = hulls.length;
      hullOf(b, hulls, addr);
      if (!cover) continue;
      if (hulls[at + 3]! - hulls[at + 2]! >= wide) {
        wideSrc.push(hulls[at]!, hulls[at + 1]!);
        wideIds.push(pos);
      } else {
        narrow.src.push(hulls[at]!, hulls[at + 1]!);
        narrow.dst.push(hulls[at + 2]!, hulls[at + 3]!);
        narrow.ids.push(pos);
      }
    }
  });
  firstBox[rules.length] = hulls.length / HULL;
  return {
    boxes,
    hulls,
    firstBox,
    narrowByDst: new IntervalIndex(narrow.dst, narrow.ids),
    narrowBySrc: new IntervalIndex(narrow.src, narrow.ids),
    wideBySrc: new IntervalIndex(wideSrc, wideIds),
    wide,
  };
}

/** Earlier covering rules whose box hulls meet one of the boxes of rule pos, ascending. */
function candidatesFor(fam: FamilyCover, pos: number, seen: Int32Array): number[] {
  const h = fam.hulls;
  const from = fam.firstBox[pos]!;
  const to = fam.firstBox[pos + 1]!;
  let sLo = Infinity;
  let sHi = -Infinity;
  let dLo = Infinity;
  let dHi = -Infinity;
  for (let b = from; b < to; b++) {
    sLo = Math.min(sLo, h[b * HULL]!);
    sHi = Math.max(sHi, h[b * HULL + 1]!);
    dLo = Math.min(dLo, h[b * HULL + 2]!);
    dHi = Math.max(dHi, h[b * HULL + 3]!);
  }
  const found: number[] = [];
  fam.wideBySrc.overlapping(sLo, sHi, found);
  // Narrow-destination rules: through the destination unless ours is wide too.
  if (dHi - dLo < fam.wide) fam.narrowByDst.overlapping(dLo, dHi, found);
  else fam.narrowBySrc.overlapping(sLo, sHi, found);
  const out: number[] = [];
  for (const c of found) {
    if (c >= pos || seen[c] === pos + 1) continue;
    let meets = false;
    for (let cb = fam.firstBox[c]!; cb < fam.firstBox[c + 1]! && !meets; cb++)
      for (let b = from; b < to && !meets; b++) meets = hullsMeet(h, b * HULL, cb * HULL);
    if (!meets) continue;
    seen[c] = pos + 1;
    out.push(c);
  }
  return out.sort((a, b) => a - b);
}

/** Shadowing inside one chain: for each rule, null (not shadowed), 'undetermined', or the covering positions. */
function shadowChain(chain: CompiledChain, boxesOf: BoxesOf): (number[] | 'undetermined' | null)[] {
  const rules = chain.rules;
  const fams = ([4, 6] as const).map((f) =>
    familyCover(
      rules,
      rules.map((r) => boxesOf(r, f)),
      f,
    ),
  );
  const seen = [new Int32Array(rules.length), new Int32Array(rules.length)];
  return rules.map((_, pos) => {
    const used = new Set<number>();
    let steps = 0;
    let matchesSomething = false;
    for (let f = 0; f < 2; f++) {
      const fam = fams[f]!;
      let remaining = fam.boxes[pos]!;
      if (remaining.length === 0) continue;
      matchesSomething = true;
      const addr = opsFor(f === 0 ? 4 : 6);
      for (const c of candidatesFor(fam, pos, seen[f]!)) {
        const cover = fam.boxes[c]!;
        let changed = false;
        const next: Box[] = [];
        for (const box of remaining) {
          let pieces: Box[] = [box];
          for (const cb of cover) {
            if (++steps > STEP_BUDGET) return 'undetermined';
            const after: Box[] = [];
            for (const p of pieces) {
              if (boxesIntersect(p, cb, addr)) {
                changed = true;
                for (const q of boxSubtract(p, cb, addr)) after.push(q);
              } else after.push(p);
            }
            pieces = after;
          }
          for (const q of pieces) next.push(q);
        }
        if (changed) used.add(c);
        remaining = next;
        if (remaining.length === 0) break;
        if (remaining.length > BOX_BUDGET) return 'undetermined';
      }
      if (remaining.length > 0) return null;
    }
    return matchesSomething ? [...used].sort((a, b) => a - b) : [];
  });
}

const cache = new WeakMap<CompiledDevice, RuleAnalysis>();

/** The analysis of a device (cached per compiled device). */
export function analyseRules(device: CompiledDevice): RuleAnalysis {
  let a = cache.get(device);
  if (!a) cache.set(device, (a = analyse(device)));
  return a;
}

function analyse(device: CompiledDevice): RuleAnalysis {
  const shadowed: ShadowFinding[] = [];
  const unreachable: UnreachableFinding[] = [];
  const undetermined: RuleRef[] = [];
  const anyAnyAllows: RuleAnalysis['anyAnyAllows'] = [];
  const dead = new Set<CompiledRule>();
  const emptyRules = new Set<CompiledRule>();
  const boxesOf = boxMaker();

  for (const chain of device.chains) {
    const result = shadowChain(chain, boxesOf);
    chain.rules.forEach((r, pos) => {
      const s = result[pos]!;
      if (s === null) return;
      if (s === 'undetermined') {
        undetermined.push(r.ref);
        return;
      }
      dead.add(r);
      if (s.length === 0) {
        emptyRules.add(r);
        unreachable.push({ rule: r.ref, reason: 'matches-nothing' });
        return;
      }
      const by = s.map((c) => chain.rules[c]!);
      const cls = decisionClass(r);
      const decides = cls === 'allow' || cls === 'block';
      shadowed.push({
        rule: r.ref,
        by: by.map((b) => b.ref),
        conflicting: decides && by.some((b) => decisionClass(b) !== cls),
      });
    });
  }

  // Chains reachable from the roots through jumps/gotos that can match something.
  const withPolicy = device.chains.filter((c) => c.enteredBy.length === 0 && c.policy !== null);
  const roots = withPolicy.length > 0 ? withPolicy : device.chains.filter((c) => c.enteredBy.length === 0);
  const reached = new Set<number>(roots.map((c) => c.id));
  const queue = [...reached];
  while (queue.length > 0) {
    const c = device.chains[queue.pop()!]!;
    for (const r of c.rules) {
      const e = r.effect;
      if ((e.kind === 'jump' || e.kind === 'goto') && !dead.has(r) && !reached.has(e.chain)) {
        reached.add(e.chain);
        queue.push(e.chain);
      }
    }
  }
  const rootIds = new Set(roots.map((c) => c.id));
  for (const chain of device.chains) {
    if (!reached.has(chain.id)) {
      for (const r of chain.rules)
        if (!emptyRules.has(r)) unreachable.push({ rule: r.ref, reason: 'ruleset-not-entered' });
      continue;
    }
    if (!rootIds.has(chain.id)) {
      // What can enter: the regions of the live jumps into this chain (a superset, so the test stays sound).
      const entering = chain.enteredBy.filter((j) => !dead.has(j) && reached.has(j.chain));
      for (const r of chain.rules) {
        if (dead.has(r)) continue;
        const inside = ([4, 6] as const).some((f) => {
          const mine = boxesOf(r, f);
          const addr = opsFor(f);
          return entering.some((j) => boxesOf(j, f).some((jb) => mine.some((b) => boxesIntersect(b, jb, addr))));
        });
        if (!inside) unreachable.push({ rule: r.ref, reason: 'outside-ruleset-entry' });
      }
    }
    for (const r of chain.rules) {
      if (dead.has(r) || r.effect.kind !== 'verdict' || r.effect.verdict !== 'allow') continue;
      if (r.doubts.length > 0 || r.addressesUnknown) continue;
      const anyAny =
        (OPS_V4.equals(r.src4, FULL_V4) && OPS_V4.equals(r.dst4, FULL_V4)) ||
        (OPS_V6.equals(r.src6, FULL_V6) && OPS_V6.equals(r.dst6, FULL_V6));
      if (anyAny)
        anyAnyAllows.push({
          rule: r.ref,
          allServices: iv.equals(r.protos, ALL_PROTOS) && r.dport === null && r.sport === null,
          scope: [
            r.inInterface === null ? '' : `in ${r.inInterface}`,
            r.outInterface === null ? '' : `out ${r.outInterface}`,
            r.fromZones === null ? '' : `from ${r.fromZones.join(',')}`,
            r.toZones === null ? '' : `to ${r.toZones.join(',')}`,
            r.direction === null ? '' : `direction ${r.direction}`,
          ].filter((x) => x !== ''),
        });
    }
  }
  return { roots: roots.map((c) => c.name), shadowed, unreachable, undetermined, anyAnyAllows };
}
