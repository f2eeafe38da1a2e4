// First-match evaluation of one concrete packet through a device's rulesets, with iptables semantics:
// jump = call (the called chain's end or RETURN comes back after the jump), goto = no return, RETURN or
// the end of the entry ruleset = its default policy; log and other non-terminating rules carry on; disabled
// rules never match. Rules that cannot be decided offline "may match": the reported verdict is the one
// reached when none of them matches, and every verdict reachable when some do is listed beside it.
import type { RulesetPolicy } from '../model/rule';
import { parseAddress } from './address';
import { entryChains, type CompiledChain, type CompiledDevice, type CompiledRule, type NetRule } from './compile';
import type { RuleRef, Verdict } from './compile';
import { compiledDevice } from './device-cache';
import * as iv from './intervals';
import * as iv6 from './intervals-v6';
import { doubtsFor, matchFlow, MAYBE, NO, toFlow, YES, type Flow, type Match } from './match';

export interface Packet {
  src: string;
  dst: string;
  /** Protocol name or number: tcp, udp, icmp, 47... */
  proto: string;
  dport?: number | null;
  sport?: number | null;
  /** Unknown when absent: rules testing these fields then only "may match". */
  inInterface?: string | null;
  outInterface?: string | null;
  fromZone?: string | null;
  toZone?: string | null;
  direction?: 'in' | 'out' | null;
}

export type TrailStep =
  | { kind: 'rule'; rule: RuleRef; match: 'yes' | 'maybe'; effect: string; doubts: string[] }
  | { kind: 'end'; ruleset: string; then: 'return' | 'policy' }
  | { kind: 'policy'; ruleset: string; verdict: Verdict | null };

export type DecidedBy =
  | { kind: 'rule'; rule: RuleRef }
  | { kind: 'policy'; ruleset: string }
  /** The entry ruleset has no default policy: the outcome is not in the data. */
  | { kind: 'no-policy'; ruleset: string }
  | { kind: 'loop'; ruleset: string };

export interface PacketResult {
  /** The verdict when no undecidable rule matches. */
  verdict: Verdict;
  decidedBy: DecidedBy;
  /** True when undecidable rules could lead to another verdict (see possibleVerdicts, mayMatch). */
  conditional: boolean;
  /** Every verdict some choice of the undecidable rules leads to (sorted). */
  possibleVerdicts: Verdict[];
  /** Undecidable rules met on the reported path, each with why it is undecidable. */
  mayMatch: { rule: RuleRef; effect: string; doubts: string[] }[];
  trail: TrailStep[];
  problems: string[];
}

interface Frame {
  chain: number;
  index: number;
}

function effectText(r: CompiledRule, device: CompiledDevice): string {
  const e = r.effect;
  switch (e.kind) {
    case 'verdict':
      return e.verdict;
    case 'jump':
    case 'goto':
      return `${e.kind} ${device.chains[e.chain]!.name}`;
    case 'return':
      return 'return';
    case 'continue':
      return r.rule.action === 'log' ? 'log' : `continue (${r.rule.target ?? r.rule.action})`;
    case 'unknown':
      return `unknown: ${e.why}`;
  }
}

/** The packet's match on one rule, source address included. */
function matchPacket(r: CompiledRule, flow: Flow, src: number | bigint): Match {
  const m = matchFlow(r, flow);
  if (m === NO || r.addressesUnknown) return m === NO ? NO : MAYBE;
  const inSrc = flow.family === 4 ? iv.contains(r.src4, src as number) : iv6.contains(r.src6, src as bigint);
  return inSrc ? m : NO;
}

/** Evaluates one packet; the device is the only one in `rules` unless named. Throws on an unknown entry. */
export function evaluatePacket(
  rules: readonly NetRule[],
  policies: readonly RulesetPolicy[],
  query: { entry: string; packet: Packet; device?: string },
): PacketResult {
  return evaluateCompiled(compiledDevice(rules, policies, query.device), query.entry, query.packet);
}

export function evaluateCompiled(device: CompiledDevice, entry: string, packet: Packet): PacketResult {
  const [entryChain] = entryChains(device, entry) as [CompiledChain];
  const flow = toFlow({ ...packet, destination: packet.dst });
  const src = parseAddress(packet.src);
  if (!src) throw new Error(`expected a source IPv4/IPv6 address, got ${JSON.stringify(packet.src)}`);
  if (src.family !== flow.family) throw new Error('source and destination must be of the same address family');
  const problems = new Set<string>(device.problems);
  const chains = device.chains;
  const loopAt = (target: number, current: number, frames: readonly Frame[]): boolean =>
    target === current || frames.some((f) => f.chain === target);
  const policyOf = (): Verdict => entryChain.policyVerdict ?? 'unknown';

  // Every verdict reachable from a state; states are memoised, so shared tails are explored once.
  const memo = new Map<string, Set<Verdict> | null>();
  const explore = (chain: number, index: number, frames: readonly Frame[]): Set<Verdict> => {
    const key = `${chain}:${index}:${frames.map((f) => `${f.chain}.${f.index}`).join(',')}`;
    const seen = memo.get(key);
    if (seen) return seen;
    if (seen === null) {
      problems.add(`goto loop through ${chains[chain]!.name}`);
      return new Set(['unknown']);
    }
    memo.set(key, null);
    const out = new Set<Verdict>();
    const add = (s: Iterable<Verdict>): void => {
      for (const v of s) out.add(v);
    };
    const rules = chains[chain]!.rules;
    let ended = false;
    for (let i = index; i < rules.length && !ended; i++) {
      const r = rules[i]!;
      const m = matchPacket(r, flow, src.value);
      if (m === NO) continue;
      const e = r.effect;
      let reached: Iterable<Verdict> | null = null;
      if (e.kind === 'verdict') reached = [e.verdict];
      else if (e.kind === 'return') reached = back(frames);
      else if (e.kind === 'jump' || e.kind === 'goto') {
        if (loopAt(e.chain, chain, frames)) {
          problems.add(`${r.ref.ruleset} #${r.ref.order}: ${e.kind} loop into ${chains[e.chain]!.name}`);
          reached = ['unknown'];
        } else {
          reached = explore(e.chain, 0, e.kind === 'jump' ? [...frames, { chain, index: i + 1 }] : frames);
        }
      } else if (e.kind === 'unknown') {
        out.add('unknown');
        continue; // it may also let the packet carry on
      } else continue;
      add(reached);
      if (m === YES) ended = true;
    }
    if (!ended) add(back(frames));
    memo.set(key, out);
    return out;
  };
  const back = (frames: readonly Frame[]): Set<Verdict> =>
    frames.length === 0
      ? new Set([policyOf()])
      : explore(frames[frames.length - 1]!.chain, frames[frames.length - 1]!.index, frames.slice(0, -1));

  // The reported path: undecidable rules taken as not matching, actions not understood as carrying on.
  const trail: TrailStep[] = [];
  const mayMatch: PacketResult['mayMatch'] = [];
  const frames: Frame[] = [];
  // Chain entries seen on this path (target + return stack): seeing one twice is a goto loop.
  const visited = new Set<string>();
  /** Leaving a chain (RETURN or its end): where the caller resumes, or null for the entry's policy. */
  const leave = (chain: number): Frame | null => {
    trail.push({ kind: 'end', ruleset: chains[chain]!.name, then: frames.length > 0 ? 'return' : 'policy' });
    return frames.pop() ?? null;
  };
  let decided: { verdict: Verdict; by: DecidedBy } | null = null;
  let at: Frame | null = { chain: entryChain.id, index: 0 };
  while (at !== null && decided === null) {
    const chain: number = at.chain;
    const rules = chains[chain]!.rules;
    let next: Frame | null | undefined; // undefined: the chain ran out of rules
    for (let i = at.index; i < rules.length && next === undefined && decided === null; i++) {
      const r = rules[i]!;
      const m = matchPacket(r, flow, src.value);
      if (m === NO) continue;
      const effect = effectText(r, device);
      const e = r.effect;
      if (m === MAYBE || e.kind === 'unknown') {
        const doubts = doubtsFor(r, flow);
        if (e.kind === 'unknown') doubts.push(e.why);
        trail.push({ kind: 'rule', rule: r.ref, match: m === YES ? 'yes' : 'maybe', effect, doubts });
        mayMatch.push({ rule: r.ref, effect, doubts });
        continue;
      }
      trail.push({ kind: 'rule', rule: r.ref, match: 'yes', effect, doubts: [] });
      if (e.kind === 'verdict') decided = { verdict: e.verdict, by: { kind: 'rule', rule: r.ref } };
      else if (e.kind === 'return') next = leave(chain);
      else if (e.kind === 'jump' || e.kind === 'goto') {
        const back = e.kind === 'jump' ? [...frames, { chain, index: i + 1 }] : frames;
        const key = `${e.chain}|${back.map((f) => `${f.chain}.${f.index}`).join(',')}`;
        if (loopAt(e.chain, chain, frames) || visited.has(key)) {
          problems.add(`${r.ref.ruleset} #${r.ref.order}: ${e.kind} loop into ${chains[e.chain]!.name}`);
          decided = { verdict: 'unknown', by: { kind: 'loop', ruleset: chains[e.chain]!.name } };
        } else {
          visited.add(key);
          if (e.kind === 'jump') frames.push({ chain, index: i + 1 });
          next = { chain: e.chain, index: 0 };
        }
      }
    }
    if (decided === null) at = next === undefined ? leave(chain) : next;
  }
  if (decided === null) {
    trail.push({ kind: 'policy', ruleset: entryChain.name, verdict: entryChain.policyVerdict });
    const by: DecidedBy =
      entryChain.policyVerdict === null
        ? { kind: 'no-policy', ruleset: entryChain.name }
        : { kind: 'policy', ruleset: entryChain.name };
    decided = { verdict: policyOf(), by };
  }
  const { verdict, by: decidedBy } = decided;
  if (decidedBy.kind === 'no-policy') problems.add(`${entryChain.name} has no default policy`);

  const possible = explore(entryChain.id, 0, []);
  possible.add(verdict);
  const possibleVerdicts = [...possible].sort();
  return {
    verdict,
    decidedBy,
    conditional: possibleVerdicts.length > 1,
    possibleVerdicts,
    mayMatch,
    trail,
    problems: [...problems],
  };
}
