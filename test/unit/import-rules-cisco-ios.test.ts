// IOS-family access lists: IOS / IOS-XE running-configs and ACL snippets, IOS-XR, NX-OS and Arista EOS
// dialects (aerleon outputs), and `show access-lists` of IOS, NX-OS and EOS with match counters: exact
// counts per corpus file and ruleset, hand-checked flows, detection, cut and hostile input, the runner.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, formats } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { ciscoIosAcl } from '../../src-main/core/import/rulebases/cisco-ios-acl';
import { ciscoIosShowAccessLists } from '../../src-main/core/import/rulebases/cisco-ios-show-access-lists';
import type { FormatSpec } from '../../src-main/core/import/types';
import type { Rule } from '../../src-main/core/model/rule';
import { listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement } from './helpers';
import {
  corpus,
  corpusAvailable,
  corpusDir,
  countBy,
  expectUntouched,
  importInto,
  parseError,
  parseWith,
} from './import-helpers';

const MINE: Readonly<Record<string, string>> = {
  'cisco-ios-acl': 'cisco-ios-acl',
  'cisco-ios-running-config': 'cisco-ios-acl',
  'cisco-ios-running-config-acl': 'cisco-ios-acl',
  'cisco-nxos-acl': 'cisco-ios-acl',
  'cisco-iosxr-acl': 'cisco-ios-acl',
  'arista-acl': 'cisco-ios-acl',
  'cisco-nxos-running-config': 'cisco-ios-acl',
  'cisco-iosxr-running-config': 'cisco-ios-acl',
  'cisco-ios-show-access-lists': 'cisco-ios-show-access-lists',
  'cisco-nxos-show-access-lists': 'cisco-ios-show-access-lists',
  'arista-show-access-lists': 'cisco-ios-show-access-lists',
};
const SPECS: readonly FormatSpec[] = [ciscoIosAcl, ciscoIosShowAccessLists];

const text = (rel: string) => readFileSync(corpus(rel));
const perRuleset = (rules: Rule[]) => countBy(rules, (r) => r.ruleset);

function coversPort(ports: string[] | null, port: number): boolean {
  if (ports === null) return true;
  return ports.some((p) => {
    const [a, b] = p.split('-').map(Number) as [number, number | undefined];
    return port >= a && port <= (b ?? a);
  });
}

/** Enabled allow rules admitting protocol/port, in order, up to the first unconditional deny of all. */
function admitting(rules: Rule[], ruleset: string, protocol: string, port: number): Rule[] {
  const out: Rule[] = [];
  for (const r of rules.filter((x) => x.ruleset === ruleset && x.enabled)) {
    if (!(r.protocol === 'any' || r.protocol === protocol) || !coversPort(r.destinationPorts, port)) continue;
    const total =
      r.sourcePorts === null &&
      r.conditions.length === 0 &&
      r.unresolved.length === 0 &&
      r.sources.some((s) => s.endsWith('/0')) &&
      r.destinations.some((s) => s.endsWith('/0'));
    if (r.action !== 'allow') {
      if (total) break;
      continue;
    }
    out.push(r);
  }
  return out;
}

/** A small IOS-XE running-config written for these tests (not from the corpus). */
const FIXTURE = `Building configuration...

Current configuration : 1234 bytes
!
version 17.3
hostname core-rtr
!
object-group network MGMT-HOSTS
 host 10.1.1.10
 10.1.2.0 255.255.255.0
 range 10.1.3.1 10.1.3.6
!
interface GigabitEthernet0/0
 ip address 192.0.2.1 255.255.255.0
 ip access-group EDGE-IN in
 ipv6 traffic-filter V6-IN in
!
interface GigabitEthernet0/1
 ip access-group 101 out
!
ip access-list extended EDGE-IN
 10 remark legacy telnet to the OOB switch
 10 permit tcp object-group MGMT-HOSTS host 192.0.2.50 eq telnet
 20 permit tcp 172.16.0.0 0.0.255.0 any eq 22 log
 30 permit udp any eq 53 any gt 1023
 40 permit tcp any any established
 50 deny   tcp any any eq telnet ftp www
 60 permit icmp any any echo-reply
 70 deny   ip any any log
ip access-list standard EMPTY-ACL
ipv6 access-list V6-IN
 permit tcp 2001:db8:1::/48 any eq 23
 deny ipv6 any any
access-list 101 permit ip 10.0.0.0 0.255.255.255 any
access-list 10 permit 10.9.9.9
access-list 10 permit 10.8.0.0 0.0.255.255
!
line vty 0 4
 access-class 10 in
 transport input telnet ssh
!
end
`;

describe('cisco-ios-acl: dialect features (inline fixture)', () => {
  const r = parseWith(ciscoIosAcl, FIXTURE);

  it('counts rules per ACL, binds them to interfaces and vty lines, and an empty ACL permits all', () => {
    expect(r.meta.device).toBe('core-rtr');
    expect(perRuleset(r.rules)).toEqual({ 'EDGE-IN': 7, 'V6-IN': 2, '101': 1, '10': 2 });
    expect(r.policies.map((p) => [p.ruleset, p.policy])).toEqual([
      ['EDGE-IN', 'deny'],
      ['EMPTY-ACL', 'allow'],
      ['V6-IN', 'deny'],
      ['101', 'deny'],
      ['10', 'deny'],
    ]);
    expect(r.rules.find((x) => x.ruleset === '101')).toMatchObject({
      direction: 'out',
      interfaces: { in: null, out: 'GigabitEthernet0/1' },
    });
    expect(r.rules.find((x) => x.ruleset === '10')).toMatchObject({
      direction: 'in',
      interfaces: { in: 'line vty 0 4', out: null },
    });
    expect(r.rules.find((x) => x.ruleset === 'V6-IN')).toMatchObject({
      sources: ['2001:db8:1::/48'],
      destinations: ['::/0'],
    });
  });

  it('object groups, non-contiguous wildcards, port lists and operators', () => {
    const acl = r.rules.filter((x) => x.ruleset === 'EDGE-IN');
    // 10 permit tcp object-group MGMT-HOSTS host 192.0.2.50 eq telnet
    expect(acl[0]).toMatchObject({
      sources: ['10.1.1.10/32', '10.1.2.0/24', '10.1.3.1/32', '10.1.3.2/31', '10.1.3.4/31', '10.1.3.6/32'],
      destinations: ['192.0.2.50/32'],
      destinationPorts: ['23'],
      objects: ['MGMT-HOSTS'],
      comment: 'legacy telnet to the OOB switch',
    });
    // 20 permit tcp 172.16.0.0 0.0.255.0 any eq 22: the covering /16, the exact match as a condition
    expect(acl[1]).toMatchObject({
      sources: ['172.16.0.0/16'],
      conditions: [expect.stringMatching(/wildcard 0\.0\.255\.0/)],
    });
    expect(r.notes).toContainEqual({
      line: 24,
      column: null,
      what: expect.stringMatching(/^non-contiguous wildcard mask/),
    });
    expect(acl[2]).toMatchObject({ protocol: 'udp', sourcePorts: ['53'], destinationPorts: ['1024-65535'] });
    expect(acl[3]).toMatchObject({ conditions: ['established'] });
    expect(acl[4]).toMatchObject({ action: 'deny', destinationPorts: ['21', '23', '80'] });
    expect(acl[5]).toMatchObject({ protocol: 'icmp', conditions: ['icmp-type echo-reply'] });
  });

  it("an IPv6 ACL sharing an IPv4 ACL's name is filed apart, each bound by its own command", () => {
    const dual = parseWith(
      ciscoIosAcl,
      'hostname r\ninterface Gi1\n ip access-group X in\n ipv6 traffic-filter X in\nip access-list extended X\n' +
        ' permit tcp any any eq 23\nipv6 access-list X\n deny ipv6 any any\n',
    );
    expect(dual.rules.map((x) => [x.ruleset, x.direction, x.interfaces.in, x.sources])).toEqual([
      ['X', 'in', 'Gi1', ['0.0.0.0/0']],
      ['X (ipv6)', 'in', 'Gi1', ['::/0']],
    ]);
  });

  it('who reaches tcp/23 inbound on Gi0/0: MGMT-HOSTS to 192.0.2.50, and return traffic (established)', () => {
    expect(admitting(r.rules, 'EDGE-IN', 'tcp', 23).map((x) => [x.order, x.destinations, x.conditions])).toEqual([
      [1, ['192.0.2.50/32'], []],
      [4, ['0.0.0.0/0'], ['established']],
    ]);
  });
});

describe.skipIf(!corpusAvailable)('cisco-ios-acl on the corpus', () => {
  it('batfish as2border1: two named and two numbered ACLs, bound on Gi0/0 in and out', () => {
    const r = parseWith(ciscoIosAcl, text('rulebases/batfish-example-as2border1.cfg'));
    expect(perRuleset(r.rules)).toEqual({ INSIDE_TO_AS1: 3, OUTSIDE_TO_INSIDE: 3, '101': 2, '103': 2 });
    // ip access-group OUTSIDE_TO_INSIDE in / deny ip 2.0.0.0 0.255.255.255 any
    expect(r.rules.find((x) => x.ruleset === 'OUTSIDE_TO_INSIDE')).toMatchObject({
      direction: 'in',
      interfaces: { in: 'GigabitEthernet0/0', out: null },
      action: 'deny',
      sources: ['2.0.0.0/8'],
    });
    // permit ip 10.12.11.2 0.0.0.0 10.12.11.1 0.0.0.0
    expect(r.rules.find((x) => x.ruleset === 'INSIDE_TO_AS1' && x.order === 2)).toMatchObject({
      direction: 'out',
      sources: ['10.12.11.2/32'],
      destinations: ['10.12.11.1/32'],
    });
    expect(r.notes).toEqual([]);
  });

  it.each([
    // awk '/^(ip|ipv6) access-list/{n=$NF} /^ (permit|deny)/{c[n]++}': 43, 25, 15, 24
    [
      'aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.acl.ref',
      { 'edge-inbound': 43, 'ipv6-edge-inbound': 25, 'edge-outbound': 15, 'ipv6-edge-outbound': 24 },
    ],
    ['aerleon--TestRegressionDemo.testSmokeTest.sample_cisco_lab.acl.ref', { allowtointernet: 15 }],
    ['aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.nxacl.ref', { 'edge-inbound': 43 }],
    ['aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.xacl.ref', { 'edge-inbound': 43 }],
    ['aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.eacl.ref', { 'edge-inbound': 43 }],
  ])('%s', (file, counts) => {
    const r = parseWith(ciscoIosAcl, text(`rulebases/${file}`));
    expect(perRuleset(r.rules)).toEqual(counts);
    expect(r.notes.map((n) => n.what)).toEqual([expect.stringMatching(/names no device/)]);
  });

  it('the four dialects of the same aerleon policy give the same IPv4 rules', () => {
    const key = (x: Rule) => [
      x.action,
      x.sources,
      x.destinations,
      x.protocol,
      x.destinationPorts,
      x.sourcePorts,
      x.conditions,
    ];
    const ios = parseWith(
      ciscoIosAcl,
      text('rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.acl.ref'),
    );
    const ref = ios.rules.filter((x) => x.ruleset === 'edge-inbound').map(key);
    for (const d of ['nxacl', 'xacl', 'eacl']) {
      const r = parseWith(
        ciscoIosAcl,
        text(`rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.${d}.ref`),
      );
      expect(r.rules.map(key), d).toEqual(ref);
    }
    // NX-OS: permit tcp any 200.1.1.4/32 eq 25 ; EOS: permit tcp any host 200.1.1.4 eq smtp
    expect(ref[20]).toEqual(['allow', ['0.0.0.0/0'], ['200.1.1.4/32'], 'tcp', ['25'], null, []]);
    // permit udp any range 1024 65535 host 200.1.1.1 ; permit tcp any host 200.1.1.1 established
    expect(ref.filter((k) => (k[6] as string[]).includes('established'))).toHaveLength(5);
    expect(ref[37]).toEqual(['allow', ['0.0.0.0/0'], ['200.1.1.1/32'], 'udp', null, ['1024-65535'], []]);
  });

  it('ciscoconfparse sample_01.ios: 50 rules; the malformed "host any" entry is skipped with a note', () => {
    // named entries 48 (BLACKHOLE 27, ETH0_0_IN 3, EXT_IN 12, EXT_OUT 1, INTERNAL_NETWORKS 3, PERMIT_ANY 1,
    // TEMPORARY 1) less ' permit esp host any any', plus numbered 11, 12, 99 (one each)
    const r = parseWith(ciscoIosAcl, text('rulebases/ciscoconfparse--sample_01.ios'));
    expect(perRuleset(r.rules)).toEqual({
      INTERNAL_NETWORKS: 3,
      PERMIT_ANY: 1,
      BLACKHOLE: 27,
      ETH0_0_IN: 3,
      EXT_IN: 11,
      EXT_OUT: 1,
      TEMPORARY: 1,
      '11': 1,
      '12': 1,
      '99': 1,
    });
    expect(r.notes).toEqual([{ line: 348, column: null, what: expect.stringMatching(/host "any" is not an address/) }]);
    // interface Dialer1 / ip access-group EXT_IN in: only tcp/1415 and tcp/1416 from anywhere, no telnet.
    const ext = r.rules.filter((x) => x.ruleset === 'EXT_IN');
    expect(ext[0]).toMatchObject({
      direction: 'in',
      interfaces: { in: 'Dialer1', out: null },
      destinationPorts: ['1415'],
    });
    expect(admitting(r.rules, 'EXT_IN', 'tcp', 23)).toEqual([]);
    expect(admitting(r.rules, 'EXT_IN', 'tcp', 1416).map((x) => x.order)).toEqual([2]);
    // permit udp host 1.1.1.1 eq ntp any: NTP replies from one server
    expect(ext[2]).toMatchObject({ sources: ['1.1.1.1/32'], sourcePorts: ['123'], destinationPorts: null });
  });

  it('ciscoconfparse sample_08.ios: an IPv6 ACL on two vty ranges is filed once per line range', () => {
    const r = parseWith(ciscoIosAcl, text('rulebases/ciscoconfparse--sample_08.ios'));
    expect(r.rules).toHaveLength(54);
    expect(perRuleset(r.rules)).toMatchObject({
      INTERNAL_NETWORKS: 5,
      'Deny_IPv6_Traffic (in line vty 0 4)': 1,
      'Deny_IPv6_Traffic (in line vty 5 15)': 1,
    });
    expect(r.rules.find((x) => x.ruleset.startsWith('Deny_IPv6'))).toMatchObject({
      action: 'deny',
      sources: ['::/0'],
      comment: 'deny all IPv6 traffic',
    });
  });

  it('ciscoconfparse sample_05.ios: 15031 entries in 100 ACLs (large file)', () => {
    // grep -cE '^ (permit|deny)' = 15031; grep '^ip access-list' | sort -u | wc -l = 100
    const r = parseWith(ciscoIosAcl, text('rulebases/ciscoconfparse--sample_05.ios'));
    expect(r.rules).toHaveLength(15031);
    expect(Object.keys(perRuleset(r.rules))).toHaveLength(100);
    expect(perRuleset(r.rules).ACL_00).toBe(246);
  });

  it('ciscoconfparse sample_01.iosxr: 8 rules; ACL 4 guards the SSH/Telnet line template', () => {
    const r = parseWith(ciscoIosAcl, text('rulebases/ciscoconfparse--sample_01.iosxr'));
    expect(perRuleset(r.rules)).toEqual({ '3': 5, '4': 2, 'ALL-LOOPBACKS': 1 });
    // line template SSH-TELNET / access-class ingress 4 ; ipv4 access-list 4 / 10 permit ipv4 100.2.3.0 0.0.0.31 any
    expect(r.rules.filter((x) => x.ruleset === '4').map((x) => [x.direction, x.interfaces.in, x.sources])).toEqual([
      ['in', 'line template SSH-TELNET', ['100.2.3.0/27']],
      ['in', 'line template SSH-TELNET', ['110.2.3.0/27']],
    ]);
    expect(r.meta.device).toBe('FOOS-DKS');
  });

  it('ntc partition access-list: 101 rules, empty ACLs permit all, time-range kept', () => {
    // 78 entries in named blocks + 23 numbered ('access-list N permit|deny')
    const r = parseWith(
      ciscoIosAcl,
      text('rulebases/ntc-templates--cisco_ios_show_running-config_partition_access-list_fixed.raw'),
    );
    expect(r.rules).toHaveLength(101);
    expect(r.policies.filter((p) => p.policy === 'allow').map((p) => p.ruleset)).toEqual(['test', 'test2']);
    // access-list 97 deny 10.1.0.1 0.0.255.0 log: non-contiguous, covered by 10.1.0.0/16
    expect(r.rules.find((x) => x.ruleset === '97')).toMatchObject({
      action: 'deny',
      sources: ['10.1.0.0/16'],
      comment: 'this is a remark',
    });
    // permit tcp host 10.1.1.1 eq ftp any eq tacacs log time-range test
    expect(r.rules.find((x) => x.ruleset === '101' && x.order === 4)).toMatchObject({
      sourcePorts: ['21'],
      destinationPorts: ['49'],
      conditions: ['time-range test'],
    });
  });

  it('ciscoconfparse sample_01.nxos defines no ACL: imported with no rule and one note saying why', () => {
    // grep -c '^interface' -> 82; no access-list, access-group, access-class or traffic-filter line.
    const r = parseWith(ciscoIosAcl, text('rulebases/ciscoconfparse--sample_01.nxos'));
    expect([r.rules, r.policies]).toEqual([[], []]);
    expect(r.notes).toEqual([
      {
        line: null,
        column: null,
        what: `no access rules: the configuration of "sample_nxos_01" (82 interfaces) defines no IP access list (no 'ip access-list', 'ipv4/ipv6 access-list' or numbered 'access-list'); kept as evidence`,
      },
    ]);
    expect(r.meta).toEqual({ contents: 'device configuration without access lists', device: 'sample_nxos_01' });
    // Text that is neither an ACL nor a configuration is still refused.
    expect(parseError(() => parseWith(ciscoIosAcl, 'just some words\nand more\n')).message).toMatch(
      /expected IOS-family access lists/,
    );
  });
});

describe.skipIf(!corpusAvailable)('cisco-ios-show-access-lists on the corpus', () => {
  it('IOS show ip access-lists: 97 rules with match counts (absent = 0 on IOS)', () => {
    const r = parseWith(
      ciscoIosShowAccessLists,
      text('rulebases/ntc-templates--cisco_ios_show_ip_access-lists_969.raw'),
    );
    expect(perRuleset(r.rules)).toEqual({
      '99': 3,
      stdacl: 2,
      '101': 13,
      sample: 66,
      ios_show_ip_acl: 2,
      'ntc-templates': 7,
      'mask-request': 1,
      Log_Tags_Test: 3,
    });
    // 30 permit 10.0.10.0, wildcard bits 0.255.0.255 (20 matches)
    expect(r.rules[2]).toMatchObject({
      sources: ['10.0.0.0/8'],
      hitCount: 20,
      conditions: [expect.stringMatching(/non-contiguous/)],
    });
    // 80 permit tcp 10.0.0.0 0.255.255.255 eq telnet ssh http 8080 host 10.1.0.0 neq telnet ssh
    expect(r.rules.find((x) => x.ruleset === '101' && x.order === 8)).toMatchObject({
      sourcePorts: ['22', '23', '80', '8080'],
      destinationPorts: ['0-21', '24-65535'],
      hitCount: 0,
    });
    // 10 permit 53 any any log (123456 matches)
    expect(r.rules.find((x) => x.ruleset === 'ios_show_ip_acl')).toMatchObject({ protocol: '53', hitCount: 123456 });
    expect(r.policies.filter((p) => p.policy === 'allow').map((p) => p.ruleset)).toEqual(['test', 'test2']);
    // Who reaches tcp/23 through ACL 101: host 10.1.10.11 while time-range test2 is active (50; it is
    // not now), ACK-without-FIN segments (90) and established sessions (100, 110).
    expect(admitting(r.rules, '101', 'tcp', 23).map((x) => [x.order, x.conditions])).toEqual([
      [5, ['time-range test2 (inactive)']],
      [9, ['match-all +ack -fin']],
      [10, ['established']],
      [11, ['established', 'tcp-flags psh']],
    ]);
  });

  it('IOS show ipv6 access-list: 18 rules, "sequence N" read, icmp is ICMPv6', () => {
    const r = parseWith(ciscoIosShowAccessLists, text('rulebases/ntc-templates--cisco_ios_show_ipv6_access-lists.raw'));
    expect(perRuleset(r.rules)).toEqual({ ACL2_IPv6: 1, ACL3_IPv6: 1, ACL_IPv6: 1, WAN_LOCAL: 8, WAN_ROUTEUR: 7 });
    // permit icmp any any sequence 9997
    expect(r.rules.find((x) => x.ruleset === 'WAN_LOCAL' && x.order === 6)).toMatchObject({
      protocol: 'icmpv6',
      sources: ['::/0'],
    });
    // deny tcp host 2A05:C100:53::14 host 2A05:C100:53::17 range 46 48 sequence 15
    expect(r.rules.find((x) => x.ruleset === 'WAN_LOCAL' && x.order === 4)).toMatchObject({
      sources: ['2a05:c100:53::14/128'],
      destinationPorts: ['46-48'],
    });
  });

  it('NX-OS show access-lists: 20 rules; MAC ACLs noted; undefined address groups unresolved', () => {
    const r = parseWith(ciscoIosShowAccessLists, text('rulebases/ntc-templates--cisco_nxos_show_access-lists.raw'));
    expect(r.rules).toHaveLength(20);
    expect(r.notes.filter((n) => /MAC access lists/.test(n.what))).toHaveLength(8);
    // 30 permit tcp any neq finger any ack psh rst fin
    expect(r.rules[2]).toMatchObject({
      sourcePorts: ['0-78', '80-65535'],
      conditions: ['tcp-flags ack psh rst fin'],
      hitCount: null,
    });
    // 60 permit tcp addrgroup TEST-START addrgroup TEST_FINISH
    expect(r.rules[5]).toMatchObject({ sources: [], destinations: [], unresolved: ['TEST-START', 'TEST_FINISH'] });
  });

  it('Arista EOS show ip access-lists: 12 rules; the control-plane ACL admits telnet from anywhere', () => {
    const r = parseWith(ciscoIosShowAccessLists, text('rulebases/ntc-templates--arista_eos_show_ip_access-lists.raw'));
    expect(perRuleset(r.rules)).toEqual({ TEST_1: 1, 'default-control-plane-acl': 6, test2: 2, test3: 3 });
    // 50 permit tcp any any eq ssh telnet www snmp bgp https msdp
    const cp = r.rules.filter((x) => x.ruleset === 'default-control-plane-acl');
    expect(cp[3]).toMatchObject({ destinationPorts: ['22', '23', '80', '161', '179', '443', '639'] });
    expect(admitting(r.rules, 'default-control-plane-acl', 'tcp', 23).map((x) => [x.order, x.conditions])).toEqual([
      [2, ['tracked']],
      [4, []],
    ]);
    // 20 permit tcp any eq www ups telnet time tunnel uucp vmnet host 10.10.10.10 ack
    expect(r.rules.find((x) => x.ruleset === 'test3' && x.order === 2)).toMatchObject({
      sourcePorts: ['23', '37', '80', '175', '401', '540', '604'],
      destinations: ['10.10.10.10/32'],
    });
  });
});

describe('cisco-ios-show-access-lists: a capture with its prompt (inline)', () => {
  it('takes the device from the prompt; IOS omits zero counters', () => {
    const r = parseWith(
      ciscoIosShowAccessLists,
      'edge-rtr1#show ip access-lists\nExtended IP access list VTY\n' +
        '    10 permit tcp 10.9.0.0 0.0.255.255 any eq telnet (7 matches)\n    20 deny   ip any any log\n',
    );
    expect(r.rules.map((x) => [x.device, x.ruleset, x.sources, x.destinationPorts, x.hitCount])).toEqual([
      ['edge-rtr1', 'VTY', ['10.9.0.0/16'], ['23'], 7],
      ['edge-rtr1', 'VTY', ['0.0.0.0/0'], null, 0],
    ]);
  });
});

describe.skipIf(!corpusAvailable)('IOS-family detection over the whole corpus', () => {
  const rows = readFileSync(`${corpusDir}/MANIFEST.tsv`, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t') as [string, string, string]);

  it('claims exactly the IOS-family files, each as its own format', () => {
    for (const [, format, file] of rows) {
      const head = readFileSync(corpus(file))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      const scored = SPECS.map((s) => [s.id, s.detect(head, file)] as const).filter(([, v]) => v > 0);
      const best = scored.sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
      expect(best, file).toBe(MINE[format] ?? null);
      if (MINE[format]) expect(detectFormat(head, file)?.id, file).toBe(MINE[format]);
    }
  });

  it('every IOS-family format is registered', () => {
    for (const s of SPECS) expect(formats).toContain(s);
  });
});

describe.skipIf(!corpusAvailable)('IOS-family input in pieces, cut and hostile', () => {
  it.each([
    ['rulebases/ciscoconfparse--sample_01.ios', ciscoIosAcl],
    ['rulebases/ntc-templates--cisco_ios_show_ip_access-lists_969.raw', ciscoIosShowAccessLists],
  ] as const)('%s: the same rules with pieces of 7 and 4093 characters', (file, spec) => {
    expect(parseWith(spec, text(file), {}, 7)).toEqual(parseWith(spec, text(file), {}, 4093));
  });

  it('a running-config cut anywhere before "end" is refused as cut', () => {
    const whole = text(
      'rulebases/ntc-templates--cisco_ios_show_running-config_partition_access-list_fixed.raw',
    ).toString('utf8');
    for (const fraction of [0.1, 0.5, 0.9]) {
      const err = parseError(() => parseWith(ciscoIosAcl, whole.slice(0, Math.floor(whole.length * fraction)), {}, 7));
      expect(err.message, `${fraction}`).toMatch(/looks cut/);
    }
  });

  it.each([
    ['rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_cisco_lab.acl.ref', ciscoIosAcl],
    ['rulebases/ntc-templates--arista_eos_show_ip_access-lists.raw', ciscoIosShowAccessLists],
  ] as const)('%s cut inside a line: refused as cut, or the cut noted', (file, spec) => {
    const whole = text(file).toString('utf8');
    const full = parseWith(spec, whole);
    for (const fraction of [0.3, 0.55, 0.8]) {
      let at = Math.floor(whole.length * fraction);
      while (whole[at - 1] === '\n' || whole[at] === '\n') at++;
      let r: ReturnType<typeof parseWith> | null = null;
      let failure: unknown = null;
      try {
        r = parseWith(spec, whole.slice(0, at), {}, 7);
      } catch (err) {
        failure = err;
      }
      if (r) {
        expect(
          r.notes.map((n) => n.what),
          `${fraction}`,
        ).toContainEqual(expect.stringMatching(/no line end/));
        expect(r.rules.length).toBeLessThanOrEqual(full.rules.length);
      } else expect(String(failure), `${fraction}`).toMatch(/looks cut/);
    }
  });

  it.each(SPECS.map((s) => [s.id, s] as const))('%s: empty, binary and foreign input are refused', (_id, spec) => {
    expect(parseError(() => parseWith(spec, '')).message).toMatch(/^expected/);
    expect(parseError(() => parseWith(spec, Buffer.from('ip access-list x\0\0\0junk'))).message).toMatch(/binary|NUL/);
    expect(parseError(() => parseWith(spec, Buffer.from([0x61, 0xff, 0xfe, 0x0a]))).message).toMatch(/UTF-8/);
    expect(parseError(() => parseWith(spec, text('scans/nmap-nmap_1port.xml'))).message).toMatch(/^expected/);
    expect(parseError(() => parseWith(spec, text('rulebases/lab-validation--show.txt'))).message).toMatch(/^expected/);
  });
});

describe.skipIf(!corpusAvailable)('IOS-family files through the import runner', () => {
  it('detects and imports an IOS running-config with its interface bindings', async () => {
    const { store, result } = await importInto(corpus('rulebases/ciscoconfparse--sample_01.ios'));
    expect(result).toMatchObject({ format: 'cisco-ios-acl', ruleCount: 50, noteCount: 1 });
    const ext = listRules(store.db, { ruleset: 'EXT_IN' }).rows;
    expect(ext).toHaveLength(11);
    expect(ext[0]).toMatchObject({ device: 'Foo', direction: 'in', interfaces: { in: 'Dialer1', out: null } });
    store.close();
  });

  it('the NX-OS config without ACLs imports with no rule and its note', async () => {
    const { store, result } = await importInto(corpus('rulebases/ciscoconfparse--sample_01.nxos'));
    expect(result).toMatchObject({ format: 'cisco-ios-acl', ruleCount: 0, noteCount: 1 });
    expect(result.meta).toMatchObject({ contents: 'device configuration without access lists' });
    expect(listRules(store.db).rows).toEqual([]);
    store.close();
  });

  it('a file that is neither ACLs nor a configuration, forced as IOS, is refused and leaves the engagement unchanged', async () => {
    const store = newEngagement();
    await expect(
      importFile(
        store,
        fixedContext(),
        corpus('rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_nsxt.nsxt.ref'),
        {
          format: 'cisco-ios-acl',
        },
      ),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/expected IOS-family access lists.*nothing was imported/),
    });
    expectUntouched(store);
    store.close();
  });
});
