// First-match evaluation of single packets on hand-built rule lists (inline fixtures written for these
// tests): jumps and returns, gotos, policies, log and disabled rules, undecidable rules, negation,
// protocols and ports, interfaces, and data problems (unknown targets, loops, missing policies).
import { describe, expect, it } from 'vitest';
import { blankRule, type Rule, type RuleAction, type RulesetPolicy } from '../../src-main/core/model/rule';
import { evaluatePacket, type NetRule, type Packet, type PacketResult } from '../../src-main/core/net';

const D = 'host1';

/** Rules in the order given; `order` counts up per ruleset, ruleId = position in the list. */
function rules(...list: [string, RuleAction, Partial<Rule>?][]): NetRule[] {
  const next = new Map<string, number>();
  return list.map(([ruleset, action, extra], i) => {
    const order = (next.get(ruleset) ?? 0) + 1;
    next.set(ruleset, order);
    return {
      ...blankRule(D, ruleset, order, action),
      sources: ['0.0.0.0/0'],
      destinations: ['0.0.0.0/0'],
      ...extra,
      ruleId: i + 1,
    };
  });
}

function policy(ruleset: string, p: RuleAction): RulesetPolicy {
  return { device: D, ruleset, policy: p, lineFrom: null };
}

const pkt = (src: string, extra: Partial<Packet> = {}): Packet => ({
  src,
  dst: '10.9.9.9',
  proto: 'tcp',
  dport: 22,
  ...extra,
});

function decided(r: PacketResult): string {
  const d = r.decidedBy;
  return d.kind === 'rule' ? `${d.rule.ruleset}#${d.rule.order}` : `${d.kind}:${d.ruleset}`;
}

function path(r: PacketResult): string[] {
  return r.trail.map((s) =>
    s.kind === 'rule'
      ? `${s.rule.ruleset}#${s.rule.order}${s.match === 'maybe' ? '?' : ''} ${s.effect}`
      : s.kind === 'end'
        ? `end ${s.ruleset} -> ${s.then}`
        : `policy ${s.ruleset} ${s.verdict}`,
  );
}

describe('evaluatePacket', () => {
  const pol = [policy('filter/INPUT', 'drop')];

  it('takes the first matching rule, else the policy', () => {
    const rs = rules(
      ['filter/INPUT', 'allow', { protocol: 'tcp', destinationPorts: ['22'], sources: ['10.0.0.0/8'] }],
      ['filter/INPUT', 'reject', { protocol: 'tcp', sources: ['192.168.0.0/16'] }],
    );
    const a = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.2.3') });
    expect([a.verdict, decided(a), a.conditional]).toEqual(['allow', 'filter/INPUT#1', false]);
    const b = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('192.168.1.1') });
    expect([b.verdict, decided(b)]).toEqual(['reject', 'filter/INPUT#2']);
    const c = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('8.8.8.8') });
    expect([c.verdict, decided(c)]).toEqual(['drop', 'policy:filter/INPUT']);
    expect(path(c)).toEqual(['end filter/INPUT -> policy', 'policy filter/INPUT drop']);
    expect(c.possibleVerdicts).toEqual(['drop']);
  });

  it('jumps into a user chain and comes back on RETURN or at its end (iptables -j)', () => {
    const rs = rules(
      ['filter/INPUT', 'jump', { target: 'SSH', protocol: 'tcp', destinationPorts: ['22'] }],
      ['filter/INPUT', 'allow', { sources: ['10.1.0.0/16'] }],
      ['filter/SSH', 'drop', { sources: ['10.66.0.0/16'] }],
      ['filter/SSH', 'return', { sources: ['10.0.0.0/8'] }],
      ['filter/SSH', 'allow', { sources: ['172.16.0.0/12'] }],
    );
    const dropped = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.66.1.1') });
    expect([dropped.verdict, decided(dropped)]).toEqual(['drop', 'filter/SSH#1']);
    const returned = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') });
    expect(path(returned)).toEqual([
      'filter/INPUT#1 jump filter/SSH',
      'filter/SSH#2 return',
      'end filter/SSH -> return',
      'filter/INPUT#2 allow',
    ]);
    expect(decided(returned)).toBe('filter/INPUT#2');
    // Falling off the end of SSH also returns: 8.8.8.8 matches nothing there, nor INPUT#2.
    const fell = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('8.8.8.8') });
    expect(path(fell)).toEqual([
      'filter/INPUT#1 jump filter/SSH',
      'end filter/SSH -> return',
      'end filter/INPUT -> policy',
      'policy filter/INPUT drop',
    ]);
    // UDP never enters SSH.
    const udp = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('172.16.1.1', { proto: 'udp' }) });
    expect(decided(udp)).toBe('policy:filter/INPUT');
  });

  it('does not return from a goto: the end of the goto target returns to the caller of the chain that went', () => {
    const rs = rules(
      ['filter/INPUT', 'jump', { target: 'A' }],
      ['filter/INPUT', 'allow', {}],
      ['filter/A', 'goto', { target: 'B', sources: ['10.0.0.0/8'] }],
      ['filter/A', 'drop', {}],
      ['filter/B', 'log', {}],
      ['filter/FWD', 'goto', { target: 'B' }],
      ['filter/FWD', 'allow', {}],
    );
    const pols = [...pol, policy('filter/FWD', 'reject')];
    const a = evaluatePacket(rs, pols, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') });
    // A#2 (drop) is skipped: B ends and control returns after INPUT#1, not into A.
    expect(path(a)).toEqual([
      'filter/INPUT#1 jump filter/A',
      'filter/A#1 goto filter/B',
      'filter/B#1 log',
      'end filter/B -> return',
      'filter/INPUT#2 allow',
    ]);
    const notGoto = evaluatePacket(rs, pols, { entry: 'filter/INPUT', packet: pkt('11.1.1.1') });
    expect(decided(notGoto)).toBe('filter/A#2');
    // A goto from the entry ruleset ends in the entry's policy, not in FWD#2.
    const f = evaluatePacket(rs, pols, { entry: 'filter/FWD', packet: pkt('10.1.1.1') });
    expect([f.verdict, decided(f)]).toEqual(['reject', 'policy:filter/FWD']);
  });

  it('applies the policy on RETURN in the entry ruleset; log and disabled rules do not decide', () => {
    const rs = rules(
      ['filter/INPUT', 'log', { comment: 'log everything' }],
      ['filter/INPUT', 'allow', { enabled: false }],
      ['filter/INPUT', 'return', { sources: ['10.0.0.0/8'] }],
      ['filter/INPUT', 'allow', {}],
    );
    const r = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') });
    expect(path(r)).toEqual([
      'filter/INPUT#1 log',
      'filter/INPUT#3 return',
      'end filter/INPUT -> policy',
      'policy filter/INPUT drop',
    ]);
    expect(decided(evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('11.1.1.1') }))).toBe('filter/INPUT#4');
  });

  it('treats undecidable rules as "may match" and says which verdicts they could lead to', () => {
    const rs = rules(
      ['filter/INPUT', 'allow', { conditions: ['ctstate RELATED,ESTABLISHED'] }],
      ['filter/INPUT', 'allow', { interfaces: { in: 'lo', out: null } }],
      ['filter/INPUT', 'drop', { sources: ['10.0.0.0/8'], conditions: ['recent --rcheck --name ssh'] }],
      ['filter/INPUT', 'allow', { protocol: 'tcp', destinationPorts: ['22'] }],
    );
    const r = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') });
    expect(r.verdict).toBe('allow');
    expect(decided(r)).toBe('filter/INPUT#4');
    expect(r.possibleVerdicts).toEqual(['allow', 'drop']);
    expect(r.conditional).toBe(true);
    expect(r.mayMatch.map((m) => [m.rule.order, m.doubts])).toEqual([
      [1, ['condition: ctstate RELATED,ESTABLISHED']],
      [2, ['in-interface lo']],
      [3, ['condition: recent --rcheck --name ssh']],
    ]);
    // With the interface known, rule 2 is decided; from outside 10/8 only allows remain possible.
    const known = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('11.1.1.1', { inInterface: 'eth0' }) });
    expect([known.verdict, known.conditional, known.possibleVerdicts]).toEqual(['allow', false, ['allow']]);
    expect(known.mayMatch.map((m) => m.rule.order)).toEqual([1]);
    const lo = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1', { inInterface: 'lo' }) });
    expect(decided(lo)).toBe('filter/INPUT#2');
  });

  it('explores undecidable jumps too', () => {
    const rs = rules(
      ['filter/INPUT', 'jump', { target: 'X', conditions: ['ctstate NEW'] }],
      ['filter/INPUT', 'allow', {}],
      ['filter/X', 'reject', { sources: ['10.0.0.0/8'] }],
    );
    const r = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') });
    expect([r.verdict, r.possibleVerdicts]).toEqual(['allow', ['allow', 'reject']]);
    const outside = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('11.1.1.1') });
    expect([outside.verdict, outside.conditional]).toEqual(['allow', false]);
  });

  it('matches negated address lists as their complement', () => {
    const rs = rules(
      ['filter/INPUT', 'drop', { sources: ['10.0.0.0/8', '192.168.0.0/16'], sourcesNegated: true }],
      ['filter/INPUT', 'allow', { destinations: ['10.9.9.0/24'], destinationsNegated: true }],
      ['filter/INPUT', 'reject', {}],
    );
    const run = (src: string, dst = '10.9.9.9') =>
      decided(evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt(src, { dst }) }));
    expect(run('8.8.8.8')).toBe('filter/INPUT#1');
    expect(run('192.168.1.1')).toBe('filter/INPUT#3');
    expect(run('10.1.1.1', '10.9.8.1')).toBe('filter/INPUT#2');
  });

  it('matches protocol any for everything and ports only for tcp/udp/sctp', () => {
    const rs = rules(
      ['filter/INPUT', 'allow', { protocol: 'tcp', destinationPorts: ['22', '1000-2000'] }],
      ['filter/INPUT', 'reject', { protocol: 'udp', sourcePorts: ['53'] }],
      ['filter/INPUT', 'deny', { protocol: 'any', destinationPorts: ['9999'] }],
      ['filter/INPUT', 'allow', { protocol: '1' }],
    );
    const run = (p: Partial<Packet>) =>
      decided(evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('1.1.1.1', p) }));
    expect(run({ dport: 1500 })).toBe('filter/INPUT#1');
    expect(run({ dport: 2001 })).toBe('policy:filter/INPUT');
    expect(run({ proto: 'udp', dport: 22, sport: 53 })).toBe('filter/INPUT#2');
    expect(run({ proto: 'udp', dport: 22, sport: 54 })).toBe('policy:filter/INPUT');
    expect(run({ proto: 'sctp', dport: 9999 })).toBe('filter/INPUT#3');
    // ICMP has no ports: the port test of rule 3 does not apply to it, and 'icmp' is protocol 1.
    expect(run({ proto: 'icmp', dport: null })).toBe('filter/INPUT#3');
    expect(run({ proto: 'gre', dport: null })).toBe('filter/INPUT#3');
    // A source-port rule with the source port unknown may match.
    const maybe = evaluatePacket(rs, pol, {
      entry: 'filter/INPUT',
      packet: pkt('1.1.1.1', { proto: 'udp', dport: 22 }),
    });
    expect([maybe.verdict, maybe.possibleVerdicts]).toEqual(['drop', ['drop', 'reject']]);
    expect(maybe.mayMatch[0]!.doubts).toEqual(['source port (rule: 53)']);
  });

  it('matches interface names, "+" wildcards and negation', () => {
    const rs = rules(
      ['filter/INPUT', 'allow', { interfaces: { in: 'eth+', out: null } }],
      ['filter/INPUT', 'reject', { interfaces: { in: '!wg0', out: null } }],
    );
    const run = (inInterface: string) =>
      decided(evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('1.1.1.1', { inInterface }) }));
    expect(run('eth1')).toBe('filter/INPUT#1');
    expect(run('ens3')).toBe('filter/INPUT#2');
    expect(run('wg0')).toBe('policy:filter/INPUT');
  });

  it('cannot decide rules with unresolved names or unreadable addresses', () => {
    const rs = rules(
      ['filter/INPUT', 'allow', { sources: [], unresolved: ['sg-0abc (security group reference)'] }],
      ['filter/INPUT', 'allow', { sources: ['10.0.0.0/8', 'branch-office'] }],
    );
    const r = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') });
    expect(r.mayMatch.map((m) => m.doubts)).toEqual([
      ['unresolved name: sg-0abc (security group reference)'],
      ['unreadable source address "branch-office"'],
    ]);
    expect([r.verdict, r.possibleVerdicts]).toEqual(['drop', ['allow', 'drop']]);
  });

  it('reads a jump to a built-in target as that action, and reports jumps to missing rulesets', () => {
    const rs = rules(
      ['filter/INPUT', 'jump', { target: 'ACCEPT', sources: ['10.0.0.0/8'] }],
      ['filter/INPUT', 'jump', { target: 'f2b-sshd' }],
      ['filter/INPUT', 'allow', {}],
    );
    expect(decided(evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') }))).toBe('filter/INPUT#1');
    const r = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('11.1.1.1') });
    expect([r.verdict, r.possibleVerdicts, r.conditional]).toEqual(['allow', ['allow', 'unknown'], true]);
    expect(r.problems).toEqual(['filter/INPUT #2: jump target "f2b-sshd" is not a ruleset of host1']);
  });

  it('finds jump targets beside the jumping ruleset ("filter/INPUT" -> "SSH" is "filter/SSH")', () => {
    const rs = rules(
      ['nat/PREROUTING', 'allow', {}],
      ['filter/INPUT', 'jump', { target: 'SSH' }],
      ['filter/SSH', 'reject', {}],
    );
    expect(decided(evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('1.1.1.1') }))).toBe('filter/SSH#1');
  });

  it('carries on after non-terminating "other" targets and doubts unknown ones', () => {
    const rs = rules(
      ['filter/INPUT', 'other', { target: 'MARK' }],
      ['filter/INPUT', 'other', { target: 'NFQUEUE', sources: ['10.0.0.0/8'] }],
      ['filter/INPUT', 'allow', {}],
    );
    const marked = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('11.1.1.1') });
    expect([marked.verdict, marked.conditional]).toEqual(['allow', false]);
    const queued = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('10.1.1.1') });
    expect([queued.verdict, queued.possibleVerdicts]).toEqual(['allow', ['allow', 'unknown']]);
    expect(queued.mayMatch[0]!.doubts).toEqual(['action not understood: NFQUEUE']);
  });

  it('reports loops instead of running forever', () => {
    const rs = rules(
      ['filter/INPUT', 'jump', { target: 'A' }],
      ['filter/A', 'jump', { target: 'B' }],
      ['filter/B', 'goto', { target: 'A' }],
    );
    const r = evaluatePacket(rs, pol, { entry: 'filter/INPUT', packet: pkt('1.1.1.1') });
    expect(r.decidedBy.kind).toBe('loop');
    expect(r.verdict).toBe('unknown');
    expect(r.problems.some((p) => p.includes('loop'))).toBe(true);
    const gotoLoop = rules(
      ['filter/INPUT', 'goto', { target: 'A' }],
      ['filter/A', 'goto', { target: 'B' }],
      ['filter/B', 'goto', { target: 'A' }],
    );
    expect(evaluatePacket(gotoLoop, pol, { entry: 'filter/INPUT', packet: pkt('1.1.1.1') }).decidedBy.kind).toBe(
      'loop',
    );
  });

  it('says when the entry ruleset has no policy, and refuses unknown entries and mixed families', () => {
    const rs = rules(['acl/outside_in', 'allow', { sources: ['10.0.0.0/8'] }]);
    const r = evaluatePacket(rs, [], { entry: 'acl/outside_in', packet: pkt('11.1.1.1') });
    expect([r.verdict, r.decidedBy.kind, r.problems]).toEqual([
      'unknown',
      'no-policy',
      ['acl/outside_in has no default policy'],
    ]);
    expect(() => evaluatePacket(rs, [], { entry: 'filter/INPUT', packet: pkt('1.1.1.1') })).toThrow(
      /"filter\/INPUT" is not a ruleset of host1; expected one of acl\/outside_in/,
    );
    expect(() => evaluatePacket(rs, [], { entry: 'acl/outside_in', packet: pkt('2001:db8::1') })).toThrow(
      /same address family/,
    );
    expect(() =>
      evaluatePacket(rs, [], { entry: 'acl/outside_in', packet: pkt('1.1.1.1', { proto: 'bogus' }) }),
    ).toThrow(/protocol/);
  });

  it('only looks at the device asked for', () => {
    const rs: NetRule[] = [
      { ...blankRule('a', 'in', 1, 'allow'), ruleId: 1 },
      { ...blankRule('b', 'in', 1, 'drop'), ruleId: 2 },
    ];
    const pols = [
      { device: 'a', ruleset: 'in', policy: 'drop' as const, lineFrom: null },
      { device: 'b', ruleset: 'in', policy: 'drop' as const, lineFrom: null },
    ];
    expect(() => evaluatePacket(rs, pols, { entry: 'in', packet: pkt('1.1.1.1') })).toThrow(/one device/);
    expect(evaluatePacket(rs, pols, { entry: 'in', device: 'b', packet: pkt('1.1.1.1') }).verdict).toBe('drop');
    expect(
      evaluatePacket(rs, pols, { entry: 'in', device: 'a', packet: pkt('2001:db8::1', { dst: '2001:db8::2' }) })
        .verdict,
    ).toBe('allow');
  });
});
