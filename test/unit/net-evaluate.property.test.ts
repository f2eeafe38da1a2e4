// Random rule lists (jumps, gotos, returns, undecidable rules, negation, ports, interfaces) checked against
// a brute-force evaluator written here from the semantics alone: evaluatePacket must give the same verdicts,
// and reachability the same admitted / conditional sources as evaluating every source one by one.
import { describe, expect, it } from 'vitest';
import { blankRule, type Rule, type RuleAction, type RulesetPolicy } from '../../src-main/core/model/rule';
import {
  AddressSet,
  evaluatePacket,
  reachability,
  type NetRule,
  type ReachabilityResult,
} from '../../src-main/core/net';
import { prng } from '../prng';

const D = 'fw';
const CHAINS = ['filter/INPUT', 'filter/A', 'filter/B', 'filter/C'];
const PROTO: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, gre: 47 };

// ---- The brute-force evaluator ----

interface RefPacket {
  src: string;
  dst: string;
  proto: string;
  dport?: number;
  sport?: number;
  inInterface?: string;
}

const num = (ip: string): number => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const readable = (t: string): boolean => /^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(t);

function inCidr(addr: number, cidr: string): boolean {
  const [a, p] = cidr.split('/') as [string, string | undefined];
  const size = 2 ** (32 - (p === undefined ? 32 : Number(p)));
  return Math.floor(addr / size) === Math.floor(num(a) / size);
}

function inPorts(port: number, specs: string[]): boolean {
  return specs.some((s) => {
    const [a, b] = s.split('-').map(Number) as [number, number | undefined];
    return port >= a && port <= (b ?? a);
  });
}

function ifMatch(pattern: string, name: string): boolean {
  if (pattern.startsWith('!')) return !ifMatch(pattern.slice(1), name);
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

function refMatch(r: Rule, p: RefPacket): 'yes' | 'no' | 'maybe' {
  let maybe = r.conditions.length > 0 || r.unresolved.length > 0;
  if (r.unresolved.length > 0 || [...r.sources, ...r.destinations].some((t) => !readable(t))) maybe = true;
  else {
    if (r.sources.some((c) => inCidr(num(p.src), c)) === r.sourcesNegated) return 'no';
    if (r.destinations.some((c) => inCidr(num(p.dst), c)) === r.destinationsNegated) return 'no';
  }
  if (r.protocol !== 'any' && PROTO[r.protocol] !== PROTO[p.proto]) return 'no';
  if (p.proto === 'tcp' || p.proto === 'udp') {
    for (const [specs, port] of [
      [r.destinationPorts, p.dport],
      [r.sourcePorts, p.sport],
    ] as const) {
      if (specs === null) continue;
      if (port === undefined) maybe = true;
      else if (!inPorts(port, specs)) return 'no';
    }
  }
  if (r.interfaces.in !== null) {
    if (p.inInterface === undefined) maybe = true;
    else if (!ifMatch(r.interfaces.in, p.inInterface)) return 'no';
  }
  return maybe ? 'maybe' : 'yes';
}

interface RefResult {
  main: string;
  /** ruleId of the deciding rule, or 'policy'. */
  decidedBy: number | 'policy';
  possible: Set<string>;
}

function refEvaluate(rules: NetRule[], policies: RulesetPolicy[], entry: string, p: RefPacket): RefResult {
  const chain = (name: string) =>
    rules.filter((r) => r.ruleset === name && r.enabled).sort((a, b) => a.order - b.order);
  const policyOf = policies.find((x) => x.ruleset === entry)?.policy ?? 'unknown';
  type Frame = { chain: string; i: number };
  // Every branch, no memo: the lists are small.
  const explore = (name: string, from: number, stack: Frame[]): Set<string> => {
    const acc = new Set<string>();
    const rs = chain(name);
    for (let i = from; i < rs.length; i++) {
      const r = rs[i]!;
      const m = refMatch(r, p);
      if (m === 'no') continue;
      let res: Set<string>;
      if (['allow', 'deny', 'drop', 'reject'].includes(r.action)) res = new Set([r.action]);
      else if (r.action === 'log') continue;
      else if (r.action === 'other') {
        if (r.target === 'MARK') continue;
        acc.add('unknown');
        continue;
      } else if (r.action === 'return') res = pop(stack);
      else if (r.action === 'jump') res = explore(`filter/${r.target}`, 0, [...stack, { chain: name, i: i + 1 }]);
      else res = explore(`filter/${r.target}`, 0, stack);
      for (const v of res) acc.add(v);
      if (m === 'yes') return acc;
    }
    for (const v of pop(stack)) acc.add(v);
    return acc;
  };
  const pop = (stack: Frame[]): Set<string> =>
    stack.length === 0 ? new Set([policyOf]) : explore(stack.at(-1)!.chain, stack.at(-1)!.i, stack.slice(0, -1));

  // The main path: undecidable rules do not match, unknown actions carry on.
  let name = entry;
  let i = 0;
  const stack: Frame[] = [];
  for (;;) {
    const rs = chain(name);
    let next: Frame | null = null;
    for (; i < rs.length; i++) {
      const r = rs[i]!;
      if (refMatch(r, p) !== 'yes') continue;
      if (['allow', 'deny', 'drop', 'reject'].includes(r.action))
        return { main: r.action, decidedBy: r.ruleId!, possible: explore(entry, 0, []) };
      if (r.action === 'jump') {
        stack.push({ chain: name, i: i + 1 });
        next = { chain: `filter/${r.target}`, i: 0 };
      } else if (r.action === 'goto') next = { chain: `filter/${r.target}`, i: 0 };
      else if (r.action === 'return') next = stack.pop() ?? { chain: '', i: 0 };
      else continue;
      break;
    }
    if (next === null) next = stack.pop() ?? { chain: '', i: 0 };
    if (next.chain === '') return { main: policyOf, decidedBy: 'policy', possible: explore(entry, 0, []) };
    name = next.chain;
    i = next.i;
  }
}

// ---- Random rule lists ----

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

function block(rand: () => number, base: string): string {
  const len = 28 + Math.floor(rand() * 5);
  const size = 2 ** (32 - len);
  return `${base}${Math.floor(rand() * (16 / size)) * size}/${len}`;
}

function randomRules(rand: () => number): { rules: NetRule[]; policies: RulesetPolicy[] } {
  const rules: NetRule[] = [];
  CHAINS.forEach((ruleset, ci) => {
    const n = Math.floor(rand() * 8);
    for (let k = 0; k < n; k++) {
      const later = CHAINS.slice(ci + 1).map((c) => c.slice('filter/'.length));
      const x = rand();
      let action: RuleAction =
        x < 0.25
          ? 'allow'
          : x < 0.38
            ? 'drop'
            : x < 0.43
              ? 'deny'
              : x < 0.48
                ? 'reject'
                : x < 0.55
                  ? 'log'
                  : x < 0.64
                    ? 'return'
                    : x < 0.8
                      ? 'jump'
                      : x < 0.88
                        ? 'goto'
                        : 'other';
      if ((action === 'jump' || action === 'goto') && later.length === 0) action = 'allow';
      const r: NetRule = { ...blankRule(D, ruleset, k + 1, action), ruleId: rules.length + 1 };
      r.target =
        action === 'jump' || action === 'goto'
          ? pick(rand, later)
          : action === 'other'
            ? pick(rand, ['MARK', 'QUEUE'])
            : null;
      const s = rand();
      r.sources =
        s < 0.7
          ? Array.from({ length: 1 + Math.floor(rand() * 2) }, () => block(rand, '10.0.0.'))
          : s < 0.92
            ? ['0.0.0.0/0']
            : [block(rand, '10.0.0.'), 'branch-office'];
      if (rand() < 0.04) {
        r.sources = [];
        r.unresolved = ['sg-123'];
      }
      r.sourcesNegated = rand() < 0.15;
      r.destinations = rand() < 0.6 ? ['0.0.0.0/0'] : [block(rand, '10.0.1.')];
      r.destinationsNegated = rand() < 0.1;
      r.protocol = pick(rand, ['any', 'any', 'any', 'tcp', 'tcp', 'tcp', 'udp', 'udp', 'icmp']);
      if (rand() < 0.3) r.destinationPorts = pick(rand, [['22'], ['80', '443'], ['1000-2000']]);
      if (rand() < 0.1) r.sourcePorts = ['53'];
      if (rand() < 0.1) r.interfaces = { in: pick(rand, ['eth0', 'eth+', '!eth1']), out: null };
      if (rand() < 0.1) r.conditions = ['ctstate NEW'];
      if (rand() < 0.05) r.enabled = false;
      rules.push(r);
    }
  });
  const policies: RulesetPolicy[] =
    rand() < 0.1
      ? []
      : [
          {
            device: D,
            ruleset: 'filter/INPUT',
            policy: pick(rand, ['allow', 'drop', 'reject'] as const),
            lineFrom: null,
          },
        ];
  // User chains exist even when empty, as iptables-save declares them (":A - [0:0]").
  for (const c of CHAINS.slice(1)) policies.push({ device: D, ruleset: c, policy: 'return', lineFrom: null });
  // Keep INPUT a ruleset even when it drew no rules and no policy.
  if (!rules.some((r) => r.ruleset === 'filter/INPUT') && !policies.some((x) => x.ruleset === 'filter/INPUT'))
    rules.push({ ...blankRule(D, 'filter/INPUT', 1, 'log'), ruleId: rules.length + 1 });
  return { rules, policies };
}

function randomPacket(rand: () => number): RefPacket {
  const proto = pick(rand, ['tcp', 'tcp', 'udp', 'icmp', 'gre']);
  const ported = proto === 'tcp' || proto === 'udp';
  const p: RefPacket = {
    src: rand() < 0.85 ? `10.0.0.${Math.floor(rand() * 16)}` : pick(rand, ['10.0.0.16', '192.168.1.1']),
    dst: rand() < 0.85 ? `10.0.1.${Math.floor(rand() * 16)}` : '10.0.1.200',
    proto,
  };
  if (ported && rand() < 0.9) p.dport = pick(rand, [22, 80, 443, 1500, 3000]);
  if (ported && rand() < 0.5) p.sport = pick(rand, [53, 40000]);
  if (rand() < 0.6) p.inInterface = pick(rand, ['eth0', 'eth1', 'wlan0']);
  return p;
}

// ---- The checks ----

describe('evaluatePacket against a brute-force evaluator', () => {
  it('agrees on 6000 random packets over 600 random rule lists', () => {
    const rand = prng(0xe7a1);
    let conditional = 0;
    let viaJumps = 0;
    let returns = 0;
    for (let c = 0; c < 600; c++) {
      const { rules, policies } = randomRules(rand);
      for (let k = 0; k < 10; k++) {
        const p = randomPacket(rand);
        const ref = refEvaluate(rules, policies, 'filter/INPUT', p);
        const got = evaluatePacket(rules, policies, {
          entry: 'filter/INPUT',
          packet: { ...p, dport: p.dport ?? null },
        });
        const ctx = JSON.stringify({
          p,
          rules: rules.map((r) => [r.ruleset, r.order, r.action, r.target, r.sources, r.conditions]),
        });
        expect(got.verdict, ctx).toBe(ref.main);
        expect(got.possibleVerdicts, ctx).toEqual([...ref.possible].sort());
        expect(got.decidedBy.kind === 'rule' ? got.decidedBy.rule.ruleId : 'policy', ctx).toBe(ref.decidedBy);
        expect(got.conditional).toBe(ref.possible.size > 1);
        if (got.conditional) conditional++;
        if (got.trail.some((s) => s.kind === 'rule' && s.match === 'yes' && /^(jump|goto) /.test(s.effect))) viaJumps++;
        if (got.trail.some((s) => s.kind === 'end' && s.then === 'return')) returns++;
      }
    }
    // The draw exercises what it should.
    expect(conditional).toBeGreaterThan(500);
    expect(viaJumps).toBeGreaterThan(400);
    expect(returns).toBeGreaterThan(200);
  });
});

const SOURCES = [
  ...Array.from({ length: 16 }, (_, i) => `10.0.0.${i}`),
  '10.0.0.16',
  '192.168.1.1',
  '0.0.0.0',
  '255.255.255.255',
];

function category(possible: Set<string>): 'admitted' | 'conditional' | 'refused' {
  if (possible.size === 1 && possible.has('allow')) return 'admitted';
  return possible.has('allow') || possible.has('unknown') ? 'conditional' : 'refused';
}

describe('reachability against evaluating every source', () => {
  it('agrees on 4000 random flows over 800 random rule lists, and credits the right rule', () => {
    const rand = prng(0x4eac);
    const seen = { admitted: 0, conditional: 0, refused: 0 };
    for (let c = 0; c < 800; c++) {
      const { rules, policies } = randomRules(rand);
      for (let k = 0; k < 5; k++) {
        const flow = randomPacket(rand);
        const res: ReachabilityResult = reachability(rules, policies, {
          entry: 'filter/INPUT',
          destination: flow.dst,
          proto: flow.proto,
          port: flow.dport ?? (flow.proto === 'tcp' || flow.proto === 'udp' ? 22 : null),
          sourcePort: flow.sport ?? null,
          inInterface: flow.inInterface ?? null,
        });
        if (flow.dport === undefined && (flow.proto === 'tcp' || flow.proto === 'udp')) flow.dport = 22;
        expect(res.admitted.intersects(res.conditionallyAdmitted)).toBe(false);
        for (const src of SOURCES) {
          const ref = refEvaluate(rules, policies, 'filter/INPUT', { ...flow, src });
          const want = category(ref.possible);
          const got = res.admitted.contains(src)
            ? 'admitted'
            : res.conditionallyAdmitted.contains(src)
              ? 'conditional'
              : 'refused';
          const ctx = JSON.stringify({
            src,
            flow,
            rules: rules.map((r) => [r.ruleset, r.order, r.action, r.target, r.sources]),
          });
          expect(got, ctx).toBe(want);
          seen[got]++;
          if (got === 'admitted') {
            // Credited to the rule (or policy) that admits it on the main path, and to nothing else.
            const credited = res.byRule.filter((b) => b.sources.contains(src));
            expect(
              credited.map((b) => b.rule?.ruleId ?? 'policy'),
              ctx,
            ).toEqual([ref.decidedBy]);
          }
          if (got === 'conditional')
            expect(
              res.conditional.some((part) => part.sources.contains(src)),
              ctx,
            ).toBe(true);
        }
        // Every address outside 10.0.0.0/28 is alike to these rules: all admitted or none.
        const outside = res.admitted.subtract(AddressSet.parse('10.0.0.0/28'));
        expect(outside.isEmpty() || outside.size() === 2n ** 32n - 16n).toBe(true);
      }
    }
    expect(Math.min(seen.admitted, seen.conditional, seen.refused)).toBeGreaterThan(2000);
  });
});
