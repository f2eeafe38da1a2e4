// The source-set walk behind reachability: follow the rules a flow may meet, chain by chain and in order,
// carrying the set of sources that may still reach each point (never enumerating addresses). A rule that
// surely matches takes its sources out of that set; one that only may match records its outcome for them
// and leaves them in; a jump walks the called chain with the matching part and puts back what returns.
// Every source so ends with the set of outcomes it may get. Undecidable rules are independent unknowns.
import type { CompiledChain, CompiledDevice, CompiledRule } from './compile';
import type { IntervalOps } from './interval-ops';
import type { Bound, Intervals } from './intervals';
import { matchFlow, NO, YES, type Flow } from './match';
import { candidates } from './relevant';

/** An undecidable rule, or (a chain) a ruleset whose default policy is missing or not understood. */
export type Cause = CompiledRule | CompiledChain;

/** Attribution records in walk order. Piece arrays are canonical and never edited once recorded. */
export interface Records<T extends Bound> {
  /** Allow rules (or allow policies, keyed by chain) with the sources they may admit... */
  admitBy: (CompiledRule | CompiledChain)[];
  admitPieces: Intervals<T>[];
  /** ...and the part they admit on the main path (where no undecidable rule matches), if any. */
  admitMain: (Intervals<T> | null)[];
  /** Undecidable rules (or policy-less chains) with the sources they may have matched. */
  doubtBy: Cause[];
  doubtPieces: Intervals<T>[];
}

export interface Outcome<T extends Bound> {
  admitted: Intervals<T>;
  conditional: Intervals<T>;
  records: Records<T>;
  problems: ReadonlySet<string>;
}

/** `x` as an array the caller may edit, never the same array as `other`. */
function own<T extends Bound>(x: Intervals<T>, other: readonly T[]): T[] {
  return x === other ? x.slice() : (x as T[]);
}

/**
 * One walk per entry ruleset. Besides the sources that may reach each point (`p`), it follows the main
 * path — where no undecidable rule matches — as `pm` (null while it is all of `p`), so that each surely
 * admitted source is credited to the rule that admits it on that path.
 */
class Walk<T extends Bound> {
  /** Possible outcomes of the current entry, as canonical piece lists. */
  allow: Intervals<T>[] = [];
  block: Intervals<T>[] = [];
  unknown: Intervals<T>[] = [];
  readonly records: Records<T> = { admitBy: [], admitPieces: [], admitMain: [], doubtBy: [], doubtPieces: [] };
  readonly problems = new Set<string>();

  constructor(
    private readonly device: CompiledDevice,
    private readonly flow: Flow,
    private readonly srcOf: (r: CompiledRule) => Intervals<T>,
    private readonly iv: IntervalOps,
  ) {}

  private admit(by: CompiledRule | CompiledChain, pieces: Intervals<T>, main: Intervals<T> | null): void {
    this.allow.push(pieces);
    this.records.admitBy.push(by);
    this.records.admitPieces.push(pieces);
    this.records.admitMain.push(main !== null && main.length > 0 ? main : null);
  }

  private doubt(by: Cause, pieces: Intervals<T>): void {
    this.records.doubtBy.push(by);
    this.records.doubtPieces.push(pieces);
  }

  entry(chain: CompiledChain, all: Intervals<T>): void {
    this.allow = [];
    this.block = [];
    this.unknown = [];
    const { back, main } = this.chain(chain, all.slice(), null, [chain.id]);
    if (back.length === 0) return;
    const v = chain.policyVerdict;
    if (v === 'allow') this.admit(chain, back, main ?? back);
    else if (v === null || v === 'unknown') {
      this.unknown.push(back);
      this.doubt(chain, back);
      if (v === null) this.problems.add(`${chain.name} has no default policy`);
    } else this.block.push(back);
  }

  /**
   * Walks `chain` with the sources `p` that may reach it and the part `pm` that reaches it on the main path
   * (null: all of p); both owned. Returns what falls through or returns, in the same two forms.
   */
  private chain(
    chain: CompiledChain,
    p: T[],
    pm: T[] | null,
    active: readonly number[],
  ): { back: Intervals<T>; main: Intervals<T> | null } {
    const iv = this.iv;
    // Arrays are made and filled by the family's interval module (see intervals.ts on why).
    const ret: T[] = iv.empty();
    let retMain: T[] | null = null;
    const addRet = (pieces: Intervals<T>, mainPieces: Intervals<T> | null): void => {
      if (mainPieces !== null && retMain === null) retMain = ret.slice();
      iv.appendTo(ret, pieces);
      if (retMain !== null) iv.appendTo(retMain, mainPieces ?? pieces);
    };
    const rules = chain.rules;
    const [broad, narrow] = candidates(chain, this.flow);
    let bi = 0;
    let ni = 0;
    // Merge the two ascending candidate lists on the fly; stop as soon as no source is left.
    while ((bi < broad.length || ni < narrow.length) && p.length > 0) {
      const pos = ni >= narrow.length || (bi < broad.length && broad[bi]! < narrow[ni]!) ? broad[bi++]! : narrow[ni++]!;
      const r = rules[pos]!;
      const src = this.srcOf(r);
      if (!iv.overlaps(p, src)) continue;
      const m = matchFlow(r, this.flow);
      if (m === NO) continue;
      const hit = iv.intersect(p, src);
      const sure = m === YES && !r.addressesUnknown;
      // The main path: null while it is the whole of `hit`.
      const hitMain: Intervals<T> | null = pm === null ? null : iv.intersect(pm, src);
      if (!sure) this.doubt(r, hit);
      const e = r.effect;
      switch (e.kind) {
        case 'verdict':
          if (e.verdict === 'allow') this.admit(r, hit, sure ? (hitMain ?? hit) : null);
          else this.block.push(hit);
          break;
        case 'return':
          addRet(hit, sure ? hitMain : []);
          break;
        case 'jump':
        case 'goto': {
          if (active.includes(e.chain)) {
            const name = this.device.chains[e.chain]!.name;
            this.problems.add(`${r.ref.ruleset} #${r.ref.order}: ${e.kind} loop into ${name}`);
            this.unknown.push(hit);
            this.doubt(r, hit);
            continue; // like an unknown action: the packet may also carry on
          }
          // Every chain on the path counts for loops: iptables refuses any cycle of jumps and gotos.
          const sub = this.chain(
            this.device.chains[e.chain]!,
            hit.slice(),
            sure ? (hitMain === null ? null : hitMain.slice()) : [],
            [...active, e.chain],
          );
          // A goto's return goes to our own caller; a call returns here.
          if (e.kind === 'goto') addRet(sub.back, sure ? sub.main : []);
          if (!sure) continue; // sources that may not have jumped carry on anyway, and `back` is among them
          iv.subtractInPlace(p, src);
          if (pm !== null) iv.subtractInPlace(pm, src);
          if (e.kind === 'jump') {
            if (pm !== null || sub.main !== null) pm = own(iv.union(pm ?? p, sub.main ?? sub.back), p);
            p = own(iv.union(p, sub.back), pm ?? p);
          }
          continue;
        }
        case 'unknown':
          // May end evaluation with a verdict we cannot name, or carry on: both stay possible.
          this.unknown.push(hit);
          if (sure) this.doubt(r, hit);
          continue;
        case 'continue':
          continue;
      }
      if (sure) {
        iv.subtractInPlace(p, src);
        if (pm !== null) iv.subtractInPlace(pm, src);
      }
    }
    addRet(p, pm);
    return { back: iv.normalise(ret), main: retMain === null ? null : iv.normalise(retMain) };
  }
}

/**
 * Walks every entry. 'any': a source is admitted if some entry admits it (alternative paths, such as
 * INPUT and FORWARD, or several security groups on one interface); 'all': only if every entry admits it
 * (stages one after the other, such as nft base chains on one hook, or a NACL then a security group).
 */
export function runWalks<T extends Bound>(
  device: CompiledDevice,
  flow: Flow,
  entries: readonly CompiledChain[],
  srcOf: (r: CompiledRule) => Intervals<T>,
  all: Intervals<T>,
  iv: IntervalOps,
  combine: 'any' | 'all' = 'any',
): Outcome<T> {
  let admitted: Intervals<T> | null = null;
  let possible: Intervals<T> | null = null;
  const w = new Walk<T>(device, flow, srcOf, iv);
  for (const c of entries) {
    w.entry(c, all);
    const allow = iv.unionAll(w.allow);
    const unknown = iv.unionAll(w.unknown);
    const sure = iv.subtract(allow, iv.union(iv.unionAll(w.block), unknown));
    const maybe = iv.union(allow, unknown);
    const join = combine === 'any' ? iv.union : iv.intersect;
    admitted = admitted === null ? sure : join(admitted, sure);
    possible = possible === null ? maybe : join(possible, maybe);
  }
  admitted ??= iv.empty();
  possible ??= iv.empty();
  return { admitted, conditional: iv.subtract(possible, admitted), records: w.records, problems: w.problems };
}
