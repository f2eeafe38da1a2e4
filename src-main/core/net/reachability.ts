// Reachability: for one destination (address, protocol, port) and a device's entry rulesets, the exact set
// of source addresses admitted, which rules admit which part, what is admitted only if undecidable rules
// (state, interfaces, zones, unresolved names...) go one way, and permissiveness figures. The work is in
// relevant.ts (which rules a flow may meet) and walk.ts (the source-set walk through them).
//
// Admitted = sources whose every possible outcome is allow; conditional = sources with allow (or an
// unknown outcome) among other outcomes.
//
// Entry rulesets: the caller names them (e.g. only 'filter/INPUT' for traffic to a host, 'filter/FORWARD'
// for a router); by default every ruleset with a policy that nothing jumps into (see defaultEntries).
// With several entries a source counts as admitted if any entry admits it, or (combine: 'all') only if
// every one does.
import type { RulesetPolicy } from '../model/rule';
import { V4_SPACE, V6_SPACE } from './address';
import { entryChains, type CompiledDevice, type NetRule, type RuleRef } from './compile';
import { compiledDevice } from './device-cache';
import { OPS_V4, OPS_V6, opsFor, type IntervalOps } from './interval-ops';
import type { Bound, Intervals } from './intervals';
import { AddressSet } from './ip-set';
import { doubtsFor, toFlow, type Flow } from './match';
import { hasPorts } from './protocols';
import { analyseRules, type RuleAnalysis } from './shadowing';
import { PUBLIC_SPACE } from './special-use';
import { runWalks, type Cause, type Outcome } from './walk';

export interface ReachabilityQuery {
  /** Needed when the rules hold more than one device. */
  device?: string;
  /** Entry ruleset(s); default: defaultEntries(). */
  entry?: string | readonly string[];
  /**
   * With several entries: 'any' (default) admits a source that any entry admits — alternative paths such
   * as INPUT and FORWARD; 'all' only one that every entry admits — stages passed one after the other.
   */
  combine?: 'any' | 'all';
  destination: string;
  /** Protocol name or number: tcp, udp, icmp, 47... */
  proto: string;
  /** Destination port; ignored for protocols without ports. */
  port?: number | null;
  /** Unknown when absent: rules that test these fields then only "may match". */
  sourcePort?: number | null;
  inInterface?: string | null;
  outInterface?: string | null;
  fromZone?: string | null;
  toZone?: string | null;
  direction?: 'in' | 'out' | null;
  /** Compute the CIDR lists for display (default true). */
  cidrs?: boolean;
  /** Include the ruleset analysis (shadowed/unreachable rules; computed once per device and entries). Default true. */
  analysis?: boolean;
}

export interface AdmittingRule {
  /** null: admitted by the default policy of `ruleset`. */
  rule: RuleRef | null;
  ruleset: string;
  /** Sources this rule admits for sure / only conditionally. */
  sources: AddressSet;
  conditionalSources: AddressSet;
}

export interface ConditionalPart {
  /** The undecidable rule (null: a ruleset without default policy, named in `ruleset`). */
  rule: RuleRef | null;
  ruleset: string;
  /** Why it cannot be decided. */
  doubts: string[];
  /** The conditionally admitted sources whose outcome this rule may change. */
  sources: AddressSet;
  cidrs: string[];
}

export interface Permissiveness {
  /** Sources admitted for sure, per family (the destination's family only can be non-zero). */
  admittedV4: bigint;
  admittedV6: bigint;
  /** Sources admitted only conditionally. */
  conditionalV4: bigint;
  conditionalV6: bigint;
  /** Every source address of the destination's family is admitted for sure ("any source"). */
  anySource: boolean;
  /** Every source address may be admitted (some only conditionally). */
  anySourceConditional: boolean;
  /** Publicly routable sources admitted for sure (see special-use.ts), and as a share of that public space. */
  publicV4: bigint;
  publicV6: bigint;
  publicShare: number;
  /** Publicly routable sources admitted only conditionally. */
  publicConditionalV4: bigint;
  publicConditionalV6: bigint;
  /** From the ruleset analysis of the device and entries (empty when `analysis: false`). */
  shadowed: RuleAnalysis['shadowed'];
  unreachable: RuleAnalysis['unreachable'];
}

export interface ReachabilityResult {
  device: string;
  entries: string[];
  admitted: AddressSet;
  admittedCidrs: string[];
  /** Sources admitted only if undecidable rules go one way. */
  conditionallyAdmitted: AddressSet;
  conditionalCidrs: string[];
  byRule: AdmittingRule[];
  conditional: ConditionalPart[];
  permissiveness: Permissiveness;
  analysis: RuleAnalysis | null;
  problems: string[];
}

const ALL_V4 = OPS_V4.of(0, V4_SPACE);
const NONE_V4: Intervals<number> = OPS_V4.empty();
const NONE_V6: Intervals<bigint> = OPS_V6.empty();
const ALL_V6 = OPS_V6.of(0n, V6_SPACE);

function share(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number(part) / Number(whole);
}

const PUBLIC_V4 = PUBLIC_SPACE.sizeV4();
const PUBLIC_V6 = PUBLIC_SPACE.sizeV6();

type ToSet = (x: Intervals<Bound>) => AddressSet;

/** Which rule (or allow policy) admits which part: surely admitted sources on the main path, the rest maybe. */
function creditRules(out: Outcome<Bound>, iv: IntervalOps, toSet: ToSet): AdmittingRule[] {
  const rec = out.records;
  const admits = new Map<Cause, { pieces: Intervals<Bound>[]; main: Intervals<Bound>[] }>();
  rec.admitBy.forEach((k, i) => {
    let a = admits.get(k);
    if (!a) admits.set(k, (a = { pieces: [], main: [] }));
    a.pieces.push(rec.admitPieces[i]!);
    const m = rec.admitMain[i];
    if (m) a.main.push(m);
  });
  const byRule: AdmittingRule[] = [];
  for (const [k, a] of admits) {
    const sure =
      a.main.length > 0 && out.admitted.length > 0 ? iv.intersect(iv.unionAll(a.main), out.admitted) : iv.empty();
    const maybe = out.conditional.length > 0 ? iv.intersect(iv.unionAll(a.pieces), out.conditional) : iv.empty();
    if (sure.length === 0 && maybe.length === 0) continue;
    // A cause is a rule, or a chain standing for its default policy.
    const isRule = 'rule' in k;
    byRule.push({
      rule: isRule ? k.ref : null,
      ruleset: isRule ? k.ref.ruleset : k.name,
      sources: toSet(sure),
      conditionalSources: toSet(maybe),
    });
  }
  return byRule;
}

/** The undecidable rules (or policy-less rulesets) behind the conditionally admitted sources, and why. */
function conditionalCauses(
  out: Outcome<Bound>,
  iv: IntervalOps,
  toSet: ToSet,
  flow: Flow,
  withCidrs: boolean,
): ConditionalPart[] {
  if (out.conditional.length === 0) return [];
  const rec = out.records;
  const doubts = new Map<Cause, Intervals<Bound>[]>();
  rec.doubtBy.forEach((k, i) => {
    const list = doubts.get(k);
    if (list) list.push(rec.doubtPieces[i]!);
    else doubts.set(k, [rec.doubtPieces[i]!]);
  });
  const parts: ConditionalPart[] = [];
  for (const [k, pieces] of doubts) {
    const part = iv.intersect(iv.unionAll(pieces), out.conditional);
    if (part.length === 0) continue;
    const sources = toSet(part);
    const cidrs = withCidrs ? sources.toCidrs() : [];
    if (!('rule' in k)) {
      const why = [k.policy === null ? 'no default policy' : `policy not understood: ${k.policy.policy}`];
      parts.push({ rule: null, ruleset: k.name, doubts: why, sources, cidrs });
      continue;
    }
    const why = doubtsFor(k, flow);
    if (k.effect.kind === 'unknown') why.push(k.effect.why);
    if ((k.effect.kind === 'jump' || k.effect.kind === 'goto') && why.length === 0) why.push(`${k.effect.kind} loop`);
    parts.push({ rule: k.ref, ruleset: k.ref.ruleset, doubts: why, sources, cidrs });
  }
  return parts;
}

/** Reachability of one destination; compiles (and caches) the device from `rules` and `policies`. */
export function reachability(
  rules: readonly NetRule[],
  policies: readonly RulesetPolicy[],
  query: ReachabilityQuery,
): ReachabilityResult {
  return reachabilityCompiled(compiledDevice(rules, policies, query.device), query);
}

export function reachabilityCompiled(device: CompiledDevice, query: ReachabilityQuery): ReachabilityResult {
  const entries = entryChains(device, query.entry);
  const flow = toFlow({
    destination: query.destination,
    proto: query.proto,
    dport: query.port ?? null,
    sport: query.sourcePort ?? null,
    inInterface: query.inInterface ?? null,
    outInterface: query.outInterface ?? null,
    fromZone: query.fromZone ?? null,
    toZone: query.toZone ?? null,
    direction: query.direction ?? null,
  });
  if (!hasPorts(flow.proto)) flow.dport = null;
  else if (flow.dport === null) throw new Error(`expected a destination port for ${query.proto}`);

  const withCidrs = query.cidrs !== false;
  const withAnalysis = query.analysis !== false;
  // The source space is the destination's family: a packet never mixes IPv4 and IPv6.
  const iv = opsFor(flow.family);
  const out: Outcome<Bound> =
    flow.family === 4
      ? (runWalks(device, flow, entries, (r) => r.src4, ALL_V4, iv, query.combine) as Outcome<Bound>)
      : (runWalks(device, flow, entries, (r) => r.src6, ALL_V6, iv, query.combine) as Outcome<Bound>);
  const toSet = (x: Intervals<Bound>): AddressSet =>
    flow.family === 4
      ? AddressSet.fromIntervals(x as Intervals<number>, NONE_V6)
      : AddressSet.fromIntervals(NONE_V4, x as Intervals<bigint>);
  const admitted = toSet(out.admitted);
  const conditional = toSet(out.conditional);
  const problems = new Set([...device.problems, ...out.problems]);

  const byRule = creditRules(out, iv, toSet);
  const conditionalParts = conditionalCauses(out, iv, toSet, flow, withCidrs);

  const analysis = withAnalysis ? analyseRules(device) : null;
  const pub = admitted.intersect(PUBLIC_SPACE);
  const pubCond = conditional.intersect(PUBLIC_SPACE);
  const publicTotal = flow.family === 4 ? PUBLIC_V4 : PUBLIC_V6;
  const permissiveness: Permissiveness = {
    admittedV4: admitted.sizeV4(),
    admittedV6: admitted.sizeV6(),
    conditionalV4: conditional.sizeV4(),
    conditionalV6: conditional.sizeV6(),
    anySource: admitted.isAll(flow.family),
    anySourceConditional: admitted.union(conditional).isAll(flow.family),
    publicV4: pub.sizeV4(),
    publicV6: pub.sizeV6(),
    publicShare: share(pub.size(), publicTotal),
    publicConditionalV4: pubCond.sizeV4(),
    publicConditionalV6: pubCond.sizeV6(),
    shadowed: analysis?.shadowed ?? [],
    unreachable: analysis?.unreachable ?? [],
  };
  return {
    device: device.device,
    entries: entries.map((c) => c.name),
    admitted,
    admittedCidrs: withCidrs ? admitted.toCidrs() : [],
    conditionallyAdmitted: conditional,
    conditionalCidrs: withCidrs ? conditional.toCidrs() : [],
    byRule,
    conditional: conditionalParts,
    permissiveness,
    analysis,
    problems: [...problems],
  };
}
