// The ruleset analysis against brute force: random rule lists over a tiny universe where one packet per
// equivalence class can be listed (IPv4 and IPv6 addresses, protocols, ports, interfaces, directions), and
// "shadowed" checked by matching every such packet. Fixed seed, no dependency.
import { describe, expect, it } from 'vitest';
import { blankRule, type Rule, type RuleAction, type RulesetPolicy } from '../../src-main/core/model/rule';
import { analyseRules, compiledDevice, type NetRule } from '../../src-main/core/net';
import { prng } from '../prng';

const pick = <T>(rand: () => number, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

// The universe: every rule set below is a union of these blocks (or everything), so one packet per
// combination of representatives covers every class of packets the rules can tell apart.
const V4 = { blocks: ['10.0.0.0/30', '10.0.0.0/31', '10.0.0.2/31', '10.0.0.1/32', '10.0.0.3/32'], reps: [0, 1, 2, 3] };
const V6 = { blocks: ['2001:db8::/127', '2001:db8::/128', '2001:db8::1/128'], reps: [0, 1] };
const PROTOS = ['tcp', 'udp', 'sctp', 'icmp', 'gre'];
const DPORTS = [22, 80, 1500, 5000];
const SPORTS = [53, 6000];
const IFACES = ['eth0', 'eth1', 'wlan0'];
const DIRECTIONS = ['in', 'out'] as const;

interface Packet {
  family: 4 | 6;
  src: number; // offset in the universe, or -1 for "outside"
  dst: number;
  proto: string;
  dport: number;
  sport: number;
  iface: string;
  direction: 'in' | 'out';
}

const packets: Packet[] = [];
for (const [family, u] of [
  [4, V4],
  [6, V6],
] as const)
  for (const src of [...u.reps, -1])
    for (const dst of [...u.reps, -1])
      for (const proto of PROTOS)
        for (const dport of DPORTS)
          for (const sport of SPORTS)
            for (const iface of IFACES)
              for (const direction of DIRECTIONS)
                packets.push({ family, src, dst, proto, dport, sport, iface, direction });

function inBlock(family: 4 | 6, offset: number, block: string): boolean {
  if (block === '0.0.0.0/0') return family === 4;
  if (block === '::/0') return family === 6;
  if (offset < 0) return false;
  const [addr, len] = block.split('/') as [string, string];
  if ((family === 4) !== !addr.includes(':')) return false;
  const base = family === 4 ? Number(addr.split('.')[3]) : parseInt(addr.split(':').pop() || '0', 16);
  const size = 2 ** ((family === 4 ? 32 : 128) - Number(len));
  return offset >= base && offset < base + size;
}

function inPorts(port: number, specs: string[] | null): boolean {
  if (specs === null) return true;
  return specs.some((s) => {
    const [a, b] = s.split('-').map(Number) as [number, number | undefined];
    return port >= a && port <= (b ?? a);
  });
}

/** Whether the rule may match the packet (undecidable parts taken as matching). */
function mayMatch(r: Rule, p: Packet): boolean {
  if (r.sources.some((b) => inBlock(p.family, p.src, b)) === r.sourcesNegated) return false;
  if (r.destinations.some((b) => inBlock(p.family, p.dst, b)) === r.destinationsNegated) return false;
  if (r.protocol !== 'any' && r.protocol !== p.proto) return false;
  if (
    ['tcp', 'udp', 'sctp'].includes(p.proto) &&
    !(inPorts(p.dport, r.destinationPorts) && inPorts(p.sport, r.sourcePorts))
  )
    return false;
  if (r.interfaces.in !== null && r.interfaces.in !== p.iface) return false;
  return r.direction === null || r.direction === p.direction;
}

function decides(r: Rule): boolean {
  return (
    r.enabled && r.conditions.length === 0 && ['allow', 'deny', 'drop', 'reject', 'return', 'goto'].includes(r.action)
  );
}

function randomRules(rand: () => number): NetRule[] {
  const n = 2 + Math.floor(rand() * 9);
  const out: NetRule[] = [];
  for (let k = 0; k < n; k++) {
    const action: RuleAction = pick(rand, ['allow', 'allow', 'deny', 'drop', 'reject', 'log', 'return', 'jump']);
    const r: NetRule = { ...blankRule('fw', 'in', k + 1, action), ruleId: k + 1 };
    if (action === 'jump') r.target = 'other';
    const fam = rand();
    const addr = (u: typeof V4 | typeof V6, any: string) =>
      rand() < 0.3 ? [any] : Array.from({ length: 1 + Math.floor(rand() * 2) }, () => pick(rand, u.blocks));
    r.sources = fam < 0.6 ? addr(V4, '0.0.0.0/0') : fam < 0.85 ? addr(V6, '::/0') : ['0.0.0.0/0', '::/0'];
    r.destinations = fam < 0.6 ? addr(V4, '0.0.0.0/0') : fam < 0.85 ? addr(V6, '::/0') : ['0.0.0.0/0', '::/0'];
    r.sourcesNegated = rand() < 0.1;
    r.destinationsNegated = rand() < 0.1;
    r.protocol = pick(rand, ['any', 'any', 'tcp', 'tcp', 'udp', 'icmp']);
    if (rand() < 0.4) r.destinationPorts = pick(rand, [['22'], ['80', '443'], ['1000-2000'], ['1-1024']]);
    if (rand() < 0.1) r.sourcePorts = ['53'];
    if (rand() < 0.2) r.interfaces = { in: pick(rand, ['eth0', 'eth1']), out: null };
    if (rand() < 0.2) r.direction = pick(rand, DIRECTIONS);
    if (rand() < 0.08) r.conditions = ['ctstate NEW'];
    if (rand() < 0.05) r.enabled = false;
    out.push(r);
  }
  return out;
}

describe('shadowed rules against brute force over an enumerated universe', () => {
  it('agrees on 400 random rule lists (IPv4 and IPv6, ports, interfaces, directions)', () => {
    const rand = prng(0x54ad);
    const policies: RulesetPolicy[] = [{ device: 'fw', ruleset: 'in', policy: 'drop', lineFrom: null }];
    let shadowedSeen = 0;
    let emptySeen = 0;
    for (let c = 0; c < 400; c++) {
      const rules = randomRules(rand);
      // The jump target exists, so jumps are plain rules that never cover anything.
      const all = [...rules, { ...blankRule('fw', 'other', 1, 'log'), ruleId: 99 } as NetRule];
      const analysis = analyseRules(compiledDevice(all, policies));
      expect(analysis.undetermined).toEqual([]);
      const live = rules.filter((r) => r.enabled);
      for (const [i, r] of live.entries()) {
        const mine = packets.filter((p) => mayMatch(r, p));
        const earlier = live.slice(0, i).filter(decides);
        const covered = mine.every((p) => earlier.some((e) => mayMatch(e, p)));
        const finding = analysis.shadowed.find((s) => s.rule.ruleId === r.ruleId);
        const empty = analysis.unreachable.find((u) => u.rule.ruleId === r.ruleId && u.reason === 'matches-nothing');
        const ctx = JSON.stringify({
          rule: r.ruleId,
          rules: rules.map((x) => [
            x.action,
            x.sources,
            x.sourcesNegated,
            x.destinations,
            x.protocol,
            x.destinationPorts,
            x.interfaces.in,
            x.direction,
            x.conditions,
            x.enabled,
          ]),
        });
        if (mine.length === 0) {
          expect(empty, ctx).toBeDefined();
          emptySeen++;
          continue;
        }
        expect(finding !== undefined, ctx).toBe(covered);
        if (finding) {
          shadowedSeen++;
          // The rules it names are earlier deciding rules, and they are enough to cover it.
          const by = finding.by.map((b) => live.find((x) => x.ruleId === b.ruleId)!);
          expect(
            by.every((b) => earlier.includes(b)),
            ctx,
          ).toBe(true);
          expect(
            mine.every((p) => by.some((b) => mayMatch(b, p))),
            ctx,
          ).toBe(true);
          const decidesLikeR = (b: Rule) => (b.action === 'allow') === (r.action === 'allow');
          const verdicts = ['allow', 'deny', 'drop', 'reject'];
          if (verdicts.includes(r.action))
            expect(finding.conflicting, ctx).toBe(
              by.some((b) => verdicts.includes(b.action) && !decidesLikeR(b)) ||
                by.some((b) => !verdicts.includes(b.action)),
            );
        }
      }
    }
    expect(shadowedSeen).toBeGreaterThan(150);
    expect(emptySeen).toBeGreaterThan(10);
  });
});
