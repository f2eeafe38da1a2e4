// Compiles one device's normalised rules into what the evaluators walk: rulesets as chains in evaluation
// order, each rule's match as interval lists per family, its effect (verdict, jump, goto, return, continue
// or unknown), and what about it cannot be decided offline.
import {
  DIFFERENT_ZONE_CONDITION,
  SAME_ZONE_CONDITION,
  type Rule,
  type RuleAction,
  type RulesetPolicy,
} from '../model/rule';
import { V4_SPACE, V6_SPACE } from './address';
import { AddressSet } from './ip-set';
import * as iv from './intervals';
import * as iv6 from './intervals-v6';
import type { Intervals } from './intervals';
import { PortSet } from './port-set';
import { PROTO_SPACE, protocolNumber } from './protocols';

export type Verdict = 'allow' | 'deny' | 'drop' | 'reject' | 'unknown';
export type FinalVerdict = Exclude<Verdict, 'unknown'>;

/** A rule as stored (StoredRule carries `ruleId`) or as parsed (no id yet). */
export interface NetRule extends Rule {
  ruleId?: number | null;
}

/** How reports point back at a rule. */
export interface RuleRef {
  ruleId: number | null;
  device: string;
  ruleset: string;
  order: number;
  action: RuleAction;
  target: string | null;
  name: string | null;
  lineFrom: number | null;
  lineTo: number | null;
}

export type Effect =
  | { kind: 'verdict'; verdict: FinalVerdict }
  | { kind: 'jump' | 'goto'; chain: number }
  | { kind: 'return' }
  | { kind: 'continue' }
  /** Might end evaluation with a verdict we cannot name, or might let the packet continue. */
  | { kind: 'unknown'; why: string };

export interface CompiledRule {
  readonly chain: number;
  readonly rule: NetRule;
  readonly ref: RuleRef;
  readonly effect: Effect;
  /** Source/destination sets after negation. Full when `addressesUnknown`. */
  readonly src4: Intervals<number>;
  readonly src6: Intervals<bigint>;
  readonly dst4: Intervals<number>;
  readonly dst6: Intervals<bigint>;
  /** Unresolved names or unreadable address text: which addresses match is not known. */
  readonly addressesUnknown: boolean;
  /** Protocol numbers matched (all of them when the protocol name is not understood: see doubts). */
  readonly protos: Intervals<number>;
  /** Port sets; null = no constraint. They constrain only tcp/udp/sctp packets: others have no ports. */
  readonly dport: Intervals<number> | null;
  readonly sport: Intervals<number> | null;
  readonly inInterface: string | null;
  readonly outInterface: string | null;
  readonly fromZones: readonly string[] | null;
  readonly toZones: readonly string[] | null;
  readonly direction: 'in' | 'out' | null;
  /** Why this rule can never be decided offline (conditions, unresolved names, unreadable fields). */
  readonly doubts: readonly string[];
  /** 'same'/'different': the rule applies only when the source and destination zones are (not) equal. */
  readonly zoneRelation: 'same' | 'different' | null;
  /** The doubt that stands for zoneRelation (settled when a question names both zones). */
  readonly zoneDoubt: string | null;
}

export interface CompiledChain {
  readonly id: number;
  readonly name: string;
  /** Enabled rules in evaluation order; disabled rules never match and are left out. */
  readonly rules: readonly CompiledRule[];
  readonly disabled: readonly NetRule[];
  readonly policy: RulesetPolicy | null;
  /** The verdict of the default policy; null when the ruleset has none. */
  readonly policyVerdict: Verdict | null;
  /** Enabled jump/goto rules anywhere in the device that enter this chain. */
  readonly enteredBy: CompiledRule[];
}

export interface CompiledDevice {
  readonly device: string;
  readonly chains: readonly CompiledChain[];
  readonly chainByName: ReadonlyMap<string, CompiledChain>;
  /** Data problems met while compiling (jump targets that are not rulesets), for reports. */
  readonly problems: readonly string[];
}

const FULL_V4: Intervals<number> = iv.of(0, V4_SPACE);
const FULL_V6: Intervals<bigint> = iv6.of(0n, V6_SPACE);
const ALL_PROTOS: Intervals<number> = iv.of(0, PROTO_SPACE);

/**
 * Targets of `other` rules that never end evaluation (iptables/nft extensions that mark, log, count or
 * mangle and carry on). Any other `other` target may end it with a verdict we cannot name.
 */
const NON_TERMINATING = new Set(
  (
    'LOG NFLOG ULOG AUDIT MARK CONNMARK SECMARK CONNSECMARK CT NOTRACK TRACE TCPMSS TCPOPTSTRIP TOS DSCP TTL HL ' +
    'ECN CLASSIFY SET IDLETIMER LED RATEEST CHECKSUM TEE HMARK COUNTER'
  )
    .toLowerCase()
    .split(' '),
);

/** Built-in iptables targets some exports leave as a jump; read them as the action they are. */
const BUILTIN_TARGETS: Record<string, RuleAction> = {
  ACCEPT: 'allow',
  DROP: 'drop',
  REJECT: 'reject',
  RETURN: 'return',
};

export function ruleRef(r: NetRule): RuleRef {
  return {
    ruleId: r.ruleId ?? null,
    device: r.device,
    ruleset: r.ruleset,
    order: r.order,
    action: r.action,
    target: r.target,
    name: r.name,
    lineFrom: r.lineFrom,
    lineTo: r.lineTo,
  };
}

function policyVerdict(p: RulesetPolicy | undefined): Verdict | null {
  if (!p || p.policy === 'return') return null;
  return p.policy === 'allow' || p.policy === 'deny' || p.policy === 'drop' || p.policy === 'reject'
    ? p.policy
    : 'unknown';
}

function zoneList(z: string | null): string[] | null {
  if (z === null) return null;
  const names = z
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return names.length === 0 || names.some((n) => n.toLowerCase() === 'any') ? null : names;
}

function addressSide(
  texts: readonly string[],
  negated: boolean,
  doubts: string[],
  side: string,
): { v4: Intervals<number>; v6: Intervals<bigint>; unreadable: boolean } {
  const { set, invalid } = AddressSet.tryParse(texts);
  for (const t of invalid) doubts.push(`unreadable ${side} address ${JSON.stringify(t.slice(0, 60))}`);
  const s = negated ? set.complement() : set;
  return { v4: s.v4, v6: s.v6, unreadable: invalid.length > 0 };
}

function portSide(specs: readonly string[] | null, doubts: string[], side: string): Intervals<number> | null {
  if (specs === null) return null;
  const { set, invalid } = PortSet.tryParse(specs);
  for (const t of invalid) doubts.push(`unreadable ${side} port ${JSON.stringify(t.slice(0, 40))}`);
  // An unreadable port leaves the rule undecidable; matching it on any port keeps that "maybe" sound.
  return invalid.length > 0 || set.isAny() ? null : set.intervals;
}

function compileRule(
  r: NetRule,
  chain: number,
  resolve: (target: string, from: string) => number | null,
  problems: string[],
): CompiledRule {
  const doubts: string[] = r.conditions.map((c) => `condition: ${c}`);
  const zoneRelation = r.conditions.includes(SAME_ZONE_CONDITION)
    ? 'same'
    : r.conditions.includes(DIFFERENT_ZONE_CONDITION)
      ? 'different'
      : null;
  const zoneDoubt =
    zoneRelation === null
      ? null
      : `condition: ${zoneRelation === 'same' ? SAME_ZONE_CONDITION : DIFFERENT_ZONE_CONDITION}`;
  for (const u of r.unresolved) doubts.push(`unresolved name: ${u}`);
  const src = addressSide(r.sources, r.sourcesNegated, doubts, 'source');
  const dst = addressSide(r.destinations, r.destinationsNegated, doubts, 'destination');
  // Unresolved names may sit on either side (and either negated or not), so neither side can be trusted.
  const addressesUnknown = src.unreadable || dst.unreadable || r.unresolved.length > 0;
  const dport = portSide(r.destinationPorts, doubts, 'destination');
  const sport = portSide(r.sourcePorts, doubts, 'source');
  const p = protocolNumber(r.protocol);
  if (p === null) doubts.push(`protocol not understood: ${JSON.stringify(r.protocol.slice(0, 40))}`);
  const protos: Intervals<number> = p === null || p === 'any' ? ALL_PROTOS : iv.of(p, p + 1);

  let action = r.action;
  let target = r.target;
  if ((action === 'jump' || action === 'goto') && target !== null && BUILTIN_TARGETS[target] !== undefined) {
    action = BUILTIN_TARGETS[target]!;
    target = null;
  }
  let effect: Effect;
  switch (action) {
    case 'allow':
    case 'deny':
    case 'drop':
    case 'reject':
      effect = { kind: 'verdict', verdict: action };
      break;
    case 'log':
    case 'continue':
      effect = { kind: 'continue' };
      break;
    case 'return':
      effect = { kind: 'return' };
      break;
    case 'jump':
    case 'goto': {
      const to = target === null ? null : resolve(target, r.ruleset);
      if (to === null && target !== null && NON_TERMINATING.has(target.toLowerCase())) {
        effect = { kind: 'continue' }; // "-j LOG" kept as a jump: an extension that carries on
      } else if (to === null) {
        const why = `${action} target ${JSON.stringify(target)} is not a ruleset of ${r.device}`;
        problems.push(`${r.ruleset} #${r.order}: ${why}`);
        effect = { kind: 'unknown', why };
      } else effect = { kind: action, chain: to };
      break;
    }
    default:
      // "TCPMSS --clamp-mss-to-pmtu": the extension's name is the first word.
      effect =
        target !== null && NON_TERMINATING.has((target.trim().split(/\s+/)[0] ?? '').toLowerCase())
          ? { kind: 'continue' }
          : { kind: 'unknown', why: `action not understood: ${target ?? action}` };
  }

  return {
    chain,
    rule: r,
    ref: ruleRef(r),
    effect,
    src4: addressesUnknown ? FULL_V4 : src.v4,
    src6: addressesUnknown ? FULL_V6 : src.v6,
    dst4: addressesUnknown ? FULL_V4 : dst.v4,
    dst6: addressesUnknown ? FULL_V6 : dst.v6,
    addressesUnknown,
    protos,
    dport,
    sport,
    inInterface: r.interfaces.in,
    outInterface: r.interfaces.out,
    fromZones: zoneList(r.zones.from),
    toZones: zoneList(r.zones.to),
    direction: r.direction,
    doubts,
    zoneRelation,
    zoneDoubt,
  };
}

/**
 * Compiles the rules and policies of `device` (rules and policies of other devices are ignored).
 * Jump/goto targets are looked up by exact ruleset name, then beside the jumping ruleset ("filter/INPUT"
 * jumping to "f2b" finds "filter/f2b").
 */
export function compileDevice(
  rules: readonly NetRule[],
  policies: readonly RulesetPolicy[],
  device: string,
): CompiledDevice {
  const problems: string[] = [];
  const byName = new Map<string, NetRule[]>();
  const policyByName = new Map<string, RulesetPolicy>();
  for (const r of rules) {
    if (r.device !== device) continue;
    let list = byName.get(r.ruleset);
    if (!list) byName.set(r.ruleset, (list = []));
    list.push(r);
  }
  for (const p of policies) {
    if (p.device !== device) continue;
    // 'return' marks a user chain (iptables ":name - [0:0]"): it exists, even empty, but has no policy.
    if (p.policy !== 'return') policyByName.set(p.ruleset, p);
    if (!byName.has(p.ruleset)) byName.set(p.ruleset, []);
  }
  const names = [...byName.keys()];
  const ids = new Map(names.map((n, i) => [n, i]));
  const resolve = (target: string, from: string): number | null => {
    const exact = ids.get(target);
    if (exact !== undefined) return exact;
    const slash = from.lastIndexOf('/');
    return slash < 0 ? null : (ids.get(`${from.slice(0, slash + 1)}${target}`) ?? null);
  };

  const chains: CompiledChain[] = names.map((name, id) => {
    // A stable sort: rules sharing an order (one source rule expanded, such as an nft verdict map) keep
    // the order they came in.
    const list = byName
      .get(name)!
      .slice()
      .sort((a, b) => a.order - b.order);
    const policy = policyByName.get(name) ?? null;
    return {
      id,
      name,
      rules: list.filter((r) => r.enabled).map((r) => compileRule(r, id, resolve, problems)),
      disabled: list.filter((r) => !r.enabled),
      policy,
      policyVerdict: policyVerdict(policy ?? undefined),
      enteredBy: [],
    };
  });
  for (const c of chains)
    for (const r of c.rules)
      if (r.effect.kind === 'jump' || r.effect.kind === 'goto') chains[r.effect.chain]!.enteredBy.push(r);
  return { device, chains, chainByName: new Map(chains.map((c) => [c.name, c])), problems };
}

/** Output-path and non-filter chains of iptables/nft, which say nothing about what may reach a destination. */
// Not where traffic toward a destination is filtered: outbound/postrouting hooks, iptables' nat/mangle/raw/
// security tables, and nftables families that do not see IP traffic as such (arp, bridge, netdev).
const NOT_AN_ENTRY =
  /(^|[/ ])(OUTPUT|POSTROUTING|output|postrouting)$|^(nat|mangle|raw|security)[/ ]|^(arp|bridge|netdev)\//;

/**
 * The rulesets evaluation starts in when the caller names none: every ruleset with a default policy that
 * no jump/goto enters (iptables/nft built-in chains, ACLs, security groups...), leaving out output-path
 * and NAT/mangle/raw chains by name and rulesets whose rules all have direction 'out'. With no policies
 * at all, every ruleset nothing jumps into. INPUT and FORWARD both count: for a host the caller may
 * narrow the list.
 */
export function defaultEntries(device: CompiledDevice): string[] {
  let names = defaults.get(device);
  if (!names) defaults.set(device, (names = findDefaultEntries(device)));
  return names.slice();
}

const defaults = new WeakMap<CompiledDevice, string[]>();

function findDefaultEntries(device: CompiledDevice): string[] {
  const roots = device.chains.filter((c) => c.enteredBy.length === 0);
  const withPolicy = roots.filter((c) => c.policy !== null);
  const candidates = withPolicy.length > 0 ? withPolicy : roots;
  return candidates
    .filter((c) => !NOT_AN_ENTRY.test(c.name))
    .filter((c) => c.rules.length === 0 || !c.rules.every((r) => r.rule.direction === 'out'))
    .map((c) => c.name);
}

/** Resolves entry names (or the defaults); throws naming an entry that is not a ruleset of the device. */
export function entryChains(device: CompiledDevice, entry: string | readonly string[] | undefined): CompiledChain[] {
  const names = entry === undefined ? defaultEntries(device) : typeof entry === 'string' ? [entry] : entry;
  if (names.length === 0)
    throw new Error(`${device.device} has no ruleset evaluation starts in by default; name the entry ruleset`);
  return names.map((n) => {
    const c = device.chainByName.get(n);
    if (!c) {
      const known = device.chains.map((x) => x.name).slice(0, 20);
      throw new Error(`${JSON.stringify(n)} is not a ruleset of ${device.device}; expected one of ${known.join(', ')}`);
    }
    return c;
  });
}
