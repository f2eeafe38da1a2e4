// Reachability of a destination on hand-built rule lists (inline fixtures written for these tests): the
// admitted sources and who admits them, conditional parts, permissiveness figures, entry rulesets,
// families, cloud-style allow-only rulesets and direction.
import { describe, expect, it } from 'vitest';
import {
  blankRule,
  DIFFERENT_ZONE_CONDITION,
  SAME_ZONE_CONDITION,
  type Rule,
  type RuleAction,
  type RulesetPolicy,
} from '../../src-main/core/model/rule';
import { AddressSet, defaultEntries, compiledDevice, reachability, type NetRule } from '../../src-main/core/net';

const D = 'gw1';

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
      ruleId: 100 + i,
    };
  });
}

const pol = (ruleset: string, policy: RuleAction): RulesetPolicy => ({ device: D, ruleset, policy, lineFrom: null });
const telnet = { destination: '10.20.0.5', proto: 'tcp', port: 23 };

describe('reachability', () => {
  const rs = rules(
    ['filter/FORWARD', 'drop', { sources: ['10.1.5.0/24'] }],
    [
      'filter/FORWARD',
      'allow',
      { sources: ['10.1.0.0/16'], protocol: 'tcp', destinationPorts: ['23'], destinations: ['10.20.0.0/24'] },
    ],
    [
      'filter/FORWARD',
      'allow',
      { sources: ['203.0.114.0/24', '198.51.100.0/24'], protocol: 'tcp', destinationPorts: ['20-23'] },
    ],
    ['filter/FORWARD', 'allow', { sources: ['10.1.0.0/16'], protocol: 'tcp', destinationPorts: ['22'] }],
  );
  const pols = [pol('filter/FORWARD', 'drop')];

  it('gives the exact admitted sources and the rule admitting each part', () => {
    const r = reachability(rs, pols, telnet);
    expect(r.entries).toEqual(['filter/FORWARD']);
    expect(r.admittedCidrs).toEqual([
      '10.1.0.0/22',
      '10.1.4.0/24',
      '10.1.6.0/23',
      '10.1.8.0/21',
      '10.1.16.0/20',
      '10.1.32.0/19',
      '10.1.64.0/18',
      '10.1.128.0/17',
      '198.51.100.0/24',
      '203.0.114.0/24',
    ]);
    expect(r.byRule.map((b) => [b.rule?.ruleId, b.sources.toCidrs().length, b.sources.size()])).toEqual([
      [101, 8, 65536n - 256n],
      [102, 2, 512n],
    ]);
    expect(r.conditional).toEqual([]);
    expect(r.conditionallyAdmitted.isEmpty()).toBe(true);
    const p = r.permissiveness;
    expect([p.admittedV4, p.admittedV6, p.anySource, p.anySourceConditional]).toEqual([
      65536n - 256n + 512n,
      0n,
      false,
      false,
    ]);
    // 198.51.100.0/24 is TEST-NET-2: only 203.0.114.0/24 counts as public.
    expect(p.publicV4).toBe(256n);
    expect(p.publicShare).toBeCloseTo(256 / 3702258434, 12);
    // Another port, another answer: telnet's neighbour 22 comes only from rule 103 and from 10.1/16 minus the drop.
    const ssh = reachability(rs, pols, { ...telnet, port: 22 });
    expect(ssh.byRule.map((b) => b.rule?.ruleId)).toEqual([102, 103]);
    // A destination outside 10.20.0.0/24 loses rule 101.
    expect(reachability(rs, pols, { ...telnet, destination: '10.30.0.1' }).admittedCidrs).toEqual([
      '198.51.100.0/24',
      '203.0.114.0/24',
    ]);
  });

  it('flags any source, and counts the policy as the admitting "rule" when it allows', () => {
    const open = rules(['acl/in', 'deny', { sources: ['192.0.2.0/24'] }]);
    const r = reachability(open, [pol('acl/in', 'allow')], telnet);
    expect(r.admitted.equals(AddressSet.parse('192.0.2.0/24').complement(4))).toBe(true);
    expect(r.byRule).toHaveLength(1);
    expect(r.byRule[0]!.rule).toBeNull();
    expect(r.byRule[0]!.ruleset).toBe('acl/in');
    expect(r.permissiveness.anySource).toBe(false);
    const anyAny = reachability(rules(['acl/in', 'allow']), [pol('acl/in', 'deny')], telnet);
    expect([anyAny.permissiveness.anySource, anyAny.permissiveness.publicShare, anyAny.admittedCidrs]).toEqual([
      true,
      1,
      ['0.0.0.0/0'],
    ]);
  });

  it('reports what is admitted only if undecidable rules go one way, and why', () => {
    const list = rules(
      ['filter/INPUT', 'allow', { interfaces: { in: 'lo', out: null } }],
      ['filter/INPUT', 'drop', { sources: ['10.0.0.0/8'], conditions: ['ctstate INVALID'] }],
      [
        'filter/INPUT',
        'allow',
        { sources: ['10.0.0.0/8', '172.16.0.0/12'], protocol: 'tcp', destinationPorts: ['23'] },
      ],
    );
    const r = reachability(list, [pol('filter/INPUT', 'drop')], telnet);
    expect(r.admittedCidrs).toEqual(['172.16.0.0/12']);
    expect(r.permissiveness.conditionalV4).toBe(2n ** 32n - 2n ** 20n);
    expect(r.permissiveness.anySourceConditional).toBe(true);
    expect(r.conditional.map((c) => [c.rule?.ruleId, c.doubts, c.sources.size()])).toEqual([
      [100, ['in-interface lo'], 2n ** 32n - 2n ** 20n],
      [101, ['condition: ctstate INVALID'], 2n ** 24n],
    ]);
    // The sure part is credited to rule 102; rule 100 may admit everything else.
    expect(r.byRule.map((b) => [b.rule?.ruleId, b.sources.toCidrs(), b.conditionalSources.size()])).toEqual([
      [100, [], 2n ** 32n - 2n ** 20n],
      [102, ['172.16.0.0/12'], 2n ** 24n],
    ]);
    // With the interface known, only the ctstate rule is left undecided.
    const eth0 = reachability(list, [pol('filter/INPUT', 'drop')], { ...telnet, inInterface: 'eth0' });
    expect(eth0.admittedCidrs).toEqual(['172.16.0.0/12']);
    expect(eth0.conditionalCidrs).toEqual(['10.0.0.0/8']);
  });

  it('follows jumps and returns with the matching part of the sources', () => {
    const r = reachability(
      rules(
        ['filter/INPUT', 'jump', { target: 'mgmt', sources: ['10.0.0.0/8'] }],
        ['filter/INPUT', 'allow', { sources: ['10.9.0.0/16'] }],
        ['filter/mgmt', 'return', { sources: ['10.9.0.0/16'] }],
        ['filter/mgmt', 'allow', { sources: ['10.8.0.0/15'] }],
        ['filter/mgmt', 'reject', {}],
      ),
      [pol('filter/INPUT', 'drop')],
      telnet,
    );
    // 10.8/16 is admitted in mgmt; 10.9/16 returns and is admitted by INPUT#2; the rest of 10/8 is rejected.
    expect(r.admittedCidrs).toEqual(['10.8.0.0/15']);
    expect(r.byRule.map((b) => [b.rule?.ruleset, b.rule?.order, b.sources.toCidrs()])).toEqual([
      ['filter/mgmt', 2, ['10.8.0.0/16']],
      ['filter/INPUT', 2, ['10.9.0.0/16']],
    ]);
  });

  it('takes every ruleset with a policy that nothing jumps into as an entry, but not output or NAT chains', () => {
    const multi = rules(
      ['filter/INPUT', 'allow', { sources: ['10.0.0.0/8'] }],
      ['filter/FORWARD', 'jump', { target: 'fw' }],
      ['filter/fw', 'allow', { sources: ['192.168.0.0/16'] }],
      ['filter/OUTPUT', 'allow', {}],
      ['nat/PREROUTING', 'other', { target: 'DNAT' }],
      ['filter/orphan', 'allow', {}],
    );
    const pols = ['filter/INPUT', 'filter/FORWARD', 'filter/OUTPUT', 'nat/PREROUTING'].map((c) =>
      pol(c, c === 'nat/PREROUTING' ? 'allow' : 'drop'),
    );
    expect(defaultEntries(compiledDevice(multi, pols))).toEqual(['filter/INPUT', 'filter/FORWARD']);
    // Several entries: admitted by any of them.
    expect(reachability(multi, pols, telnet).admittedCidrs).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(reachability(multi, pols, { ...telnet, entry: 'filter/INPUT' }).admittedCidrs).toEqual(['10.0.0.0/8']);
    expect(() => reachability(multi, pols, { ...telnet, entry: 'INPUT' })).toThrow(/not a ruleset of gw1/);
  });

  it('can require every entry to admit (stages one after the other, such as a NACL then a security group)', () => {
    const layers = rules(
      ['acl-1 ingress', 'deny', { sources: ['10.9.0.0/16'] }],
      ['acl-1 ingress', 'allow', { sources: ['10.0.0.0/8'] }],
      ['sg-1 ingress', 'allow', { sources: ['10.0.0.0/9'], protocol: 'tcp', destinationPorts: ['23'] }],
      ['sg-1 ingress', 'allow', { sources: ['192.168.0.0/16'], conditions: ['ctstate NEW'] }],
    );
    const pols = [pol('acl-1 ingress', 'deny'), pol('sg-1 ingress', 'deny')];
    const q = { ...telnet, entry: ['acl-1 ingress', 'sg-1 ingress'] };
    expect(reachability(layers, pols, { ...q, combine: 'all' }).admittedCidrs).toEqual([
      '10.0.0.0/13',
      '10.8.0.0/16',
      '10.10.0.0/15',
      '10.12.0.0/14',
      '10.16.0.0/12',
      '10.32.0.0/11',
      '10.64.0.0/10',
    ]);
    // 192.168/16 passes the SG only conditionally and never passes the NACL: refused under 'all'.
    expect(reachability(layers, pols, { ...q, combine: 'all' }).conditionalCidrs).toEqual([]);
    expect(reachability(layers, pols, q).admittedCidrs).toEqual(['10.0.0.0/8']);
    expect(reachability(layers, pols, q).conditionalCidrs).toEqual(['192.168.0.0/16']);
  });

  it('keeps to the destination family', () => {
    const dual = rules(
      [
        'inet/filter/input',
        'allow',
        { sources: ['2001:db8:1::/48'], protocol: 'tcp', destinationPorts: ['23'], destinations: ['::/0'] },
      ],
      [
        'inet/filter/input',
        'allow',
        { sources: ['0.0.0.0/0'], sourcesNegated: true, protocol: 'tcp', destinations: ['::/0'] },
      ],
      [
        'inet/filter/input',
        'allow',
        { sources: ['10.0.0.0/8', '2001:db8:2::/48'], destinations: ['0.0.0.0/0', '::/0'] },
      ],
    );
    const pols = [pol('inet/filter/input', 'drop')];
    const v6 = reachability(dual, pols, { destination: '2001:db8:ff::5', proto: 'tcp', port: 23 });
    // "not 0.0.0.0/0" is every IPv6 source.
    expect(v6.admittedCidrs).toEqual(['::/0']);
    expect([v6.permissiveness.admittedV4, v6.permissiveness.admittedV6]).toEqual([0n, 2n ** 128n]);
    expect(v6.permissiveness.anySource).toBe(true);
    const v4 = reachability(dual, pols, { destination: '10.1.1.1', proto: 'udp', port: 23 });
    expect(v4.admittedCidrs).toEqual(['10.0.0.0/8']);
    expect(v4.permissiveness.admittedV6).toBe(0n);
  });

  it('unions the allows of cloud security groups (allow-only rulesets, default deny)', () => {
    const sg = rules(
      ['sg-web', 'allow', { direction: 'in', protocol: 'tcp', destinationPorts: ['443'] }],
      ['sg-web', 'allow', { direction: 'in', protocol: 'tcp', destinationPorts: ['22'], sources: ['203.0.113.10/32'] }],
      ['sg-web', 'allow', { direction: 'out' }],
      ['sg-admin', 'allow', { direction: 'in', protocol: 'tcp', destinationPorts: ['22'], sources: ['10.0.0.0/8'] }],
      ['sg-admin', 'allow', { direction: 'in', protocol: 'any', sources: [], unresolved: ['sg-bastion'] }],
    );
    const pols = [pol('sg-web', 'deny'), pol('sg-admin', 'deny')];
    const q = {
      destination: '10.0.3.4',
      proto: 'tcp',
      port: 22,
      direction: 'in' as const,
      entry: ['sg-web', 'sg-admin'],
    };
    const r = reachability(sg, pols, q);
    expect(r.admittedCidrs).toEqual(['10.0.0.0/8', '203.0.113.10/32']);
    // The security-group reference may admit anyone: reported, not guessed.
    expect(r.conditional.map((c) => [c.rule?.ruleId, c.doubts])).toEqual([[104, ['unresolved name: sg-bastion']]]);
    // Without a direction, the egress rule may be the one that applies: everything becomes conditional.
    const noDir = reachability(sg, pols, { ...q, direction: null });
    expect(noDir.conditional.some((c) => c.doubts.includes('direction out'))).toBe(true);
    const https = reachability(sg, pols, { ...q, port: 443 });
    expect(https.permissiveness.anySource).toBe(true);
  });

  it('ignores the port for protocols without ports, and asks for one for tcp/udp', () => {
    const r = rules(
      ['acl', 'allow', { protocol: 'icmp', sources: ['10.0.0.0/8'] }],
      ['acl', 'allow', { destinationPorts: ['80'] }],
    );
    const pols = [pol('acl', 'deny')];
    // Rule 2's port test does not apply to ICMP: it admits every source.
    expect(reachability(r, pols, { destination: '10.1.1.1', proto: 'icmp', port: 80 }).permissiveness.anySource).toBe(
      true,
    );
    expect(() => reachability(r, pols, { destination: '10.1.1.1', proto: 'tcp' })).toThrow(/destination port/);
    expect(() => reachability(r, pols, { destination: 'web01', proto: 'tcp', port: 1 })).toThrow(
      /destination IPv4\/IPv6/,
    );
  });

  it('finds IPv6 rules through the projected index, and needs an entry to start from', () => {
    const v6 = rules(
      ['in', 'jump', { target: 'hosts', destinations: ['2001:db8::1', '2001:db8::3'], sources: ['::/0'] }],
      ['in', 'allow', { sources: ['2001:db8:aa::/48'], destinations: ['::/0'] }],
      ['hosts', 'allow', { sources: ['2001:db8:bb::/48'], destinations: ['::/0'] }],
    );
    const r = reachability(v6, [pol('in', 'drop')], { destination: '2001:db8::1', proto: 'tcp', port: 22 });
    expect(r.admittedCidrs).toEqual(['2001:db8:aa::/48', '2001:db8:bb::/48']);
    expect(r.byRule.map((b) => [b.rule?.ruleId, b.sources.toCidrs()])).toEqual([
      [102, ['2001:db8:bb::/48']],
      [101, ['2001:db8:aa::/48']],
    ]);
    expect(() => reachability(rules(['x', 'jump', { target: 'x' }]), [], telnet)).toThrow(/name the entry ruleset/);
  });

  it('does not build CIDR lists when asked not to', () => {
    const r = reachability(rs, pols, { ...telnet, cidrs: false, analysis: false });
    expect(r.admittedCidrs).toEqual([]);
    expect(r.admitted.sizeV4()).toBe(65536n - 256n + 512n);
    expect(r.analysis).toBeNull();
  });
});

describe('zone relations (PAN-OS rule types)', () => {
  it('decides intrazone / interzone rules once both zones are named, and leaves them open otherwise', () => {
    const list = rules(
      ['pol', 'allow', { sources: ['10.1.0.0/16'], conditions: [DIFFERENT_ZONE_CONDITION] }],
      ['pol', 'allow', { conditions: [SAME_ZONE_CONDITION] }],
    );
    const pols = [pol('pol', 'deny')];
    const ask = (fromZone?: string, toZone?: string) =>
      reachability(list, pols, { ...telnet, ...(fromZone ? { fromZone } : {}), ...(toZone ? { toZone } : {}) });
    expect(ask('trust', 'untrust').admittedCidrs).toEqual(['10.1.0.0/16']);
    expect(ask('trust', 'untrust').conditionalCidrs).toEqual([]);
    expect(ask('trust', 'trust').admittedCidrs).toEqual(['0.0.0.0/0']);
    expect(ask().admittedCidrs).toEqual([]);
    expect(ask().conditionalCidrs).toEqual(['0.0.0.0/0']);
    expect(ask('trust').conditionalCidrs).toEqual(['0.0.0.0/0']);
  });
});
