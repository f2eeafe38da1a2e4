// Cisco ASA rulebases: running-config access lists (objects, groups, remarks, access-group bindings) and
// `show access-list` output (expanded elements, hit counts): exact counts per corpus file and ruleset,
// hand-checked flows, detection over the whole corpus, cut and hostile input, and the import runner.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, formats } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { ciscoAsaConfig } from '../../src-main/core/import/rulebases/cisco-asa-config';
import { ciscoAsaShowAccessList } from '../../src-main/core/import/rulebases/cisco-asa-show-access-list';
import type { FormatSpec } from '../../src-main/core/import/types';
import type { Rule } from '../../src-main/core/model/rule';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
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
  'cisco-asa': 'cisco-asa-config',
  'cisco-asa-acl': 'cisco-asa-config',
  'cisco-asa-running-config': 'cisco-asa-config',
  'cisco-asa-show-access-list': 'cisco-asa-show-access-list',
};
const SPECS: readonly FormatSpec[] = [ciscoAsaConfig, ciscoAsaShowAccessList];

const text = (rel: string) => readFileSync(corpus(rel));
const perRuleset = (rules: Rule[]) => countBy(rules, (r) => r.ruleset);

function coversPort(ports: string[] | null, port: number): boolean {
  if (ports === null) return true;
  return ports.some((p) => {
    const [a, b] = p.split('-').map(Number) as [number, number | undefined];
    return port >= a && port <= (b ?? a);
  });
}

/**
 * Enabled allow rules of a ruleset that admit protocol/port, in order, up to the first enabled
 * unconditional deny of everything for that protocol (first match wins in an ACL).
 */
function admitting(rules: Rule[], ruleset: string, protocol: string, port: number): Rule[] {
  const out: Rule[] = [];
  for (const r of rules.filter((x) => x.ruleset === ruleset && x.enabled)) {
    const proto = r.protocol === 'any' || r.protocol === protocol;
    if (!proto || !coversPort(r.destinationPorts, port)) continue;
    const total =
      r.sourcePorts === null &&
      r.conditions.length === 0 &&
      r.unresolved.length === 0 &&
      r.sources.includes('0.0.0.0/0') &&
      r.destinations.includes('0.0.0.0/0');
    if (r.action !== 'allow') {
      if (total) break;
      continue;
    }
    out.push(r);
  }
  return out;
}

/** A small running-config written for these tests (not from the corpus). */
const FIXTURE = `: Saved
ASA Version 9.12(4)
!
hostname fw-edge
names
name 192.0.2.10 jump-host description bastion
!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.1 255.255.255.0
!
object network web-server
 host 198.51.100.10
object network admin-net
 subnet 10.20.0.0 255.255.255.0
object network dhcp-pool
 range 10.30.0.10 10.30.0.20
object network partner
 fqdn v4 partner.example.com
object service telnet-svc
 service tcp destination eq telnet
object-group network admins
 network-object host jump-host
 network-object object admin-net
 group-object partners
object-group network partners
 network-object object partner
 network-object 172.16.5.0 255.255.255.0
object-group service legacy-mgmt
 service-object tcp destination eq telnet
 service-object tcp destination range ftp-data ftp
 service-object udp destination eq snmp
 service-object object telnet-svc
object-group service web-ports tcp
 port-object eq www
 port-object eq https
object-group protocol tcp-udp
 protocol-object tcp
 protocol-object udp
object-group icmp-type pings
 icmp-object echo
 icmp-object echo-reply
object-group network loop-a
 group-object loop-b
object-group network loop-b
 group-object loop-a
!
access-list outside_in remark telnet for the legacy switch (CHG-1234)
access-list outside_in extended permit object-group legacy-mgmt object-group admins object web-server
access-list outside_in extended permit tcp any object web-server object-group web-ports
access-list outside_in extended permit object-group tcp-udp host jump-host interface outside eq 8443 log
access-list outside_in extended permit icmp any4 any4 object-group pings
access-list outside_in extended deny tcp any any eq telnet inactive
access-list outside_in extended permit tcp 10.0.0.0 255.0.0.0 any eq telnet time-range office-hours
access-list outside_in extended permit ip object-group loop-a object dhcp-pool
access-list outside_in extended deny ip any any log
access-list inside_out extended permit ip any any
access-group outside_in in interface outside
access-group inside_out in interface inside
access-group inside_out out interface dmz
: end
`;

describe('cisco-asa-config: objects, groups and bindings (inline fixture)', () => {
  const r = parseWith(ciscoAsaConfig, FIXTURE);

  it('names the device from hostname and counts rules per ruleset', () => {
    expect(r.meta).toMatchObject({ device: 'fw-edge', asaVersion: '9.12(4)' });
    // 9 entries in outside_in; the service group splits into tcp + udp, the protocol group too: 10.
    // inside_out is bound twice, so it is filed once per binding.
    expect(perRuleset(r.rules)).toEqual({ outside_in: 10, 'inside_out (in inside)': 1, 'inside_out (out dmz)': 1 });
    expect(r.policies.map((p) => [p.ruleset, p.policy])).toEqual([
      ['outside_in', 'deny'],
      ['inside_out (in inside)', 'deny'],
      ['inside_out (out dmz)', 'deny'],
    ]);
  });

  it('expands nested network groups, names, service groups, and keeps the FQDN unresolved', () => {
    // access-list outside_in extended permit object-group legacy-mgmt object-group admins object web-server
    const [tcp, udp] = r.rules;
    expect(tcp).toMatchObject({
      order: 1,
      direction: 'in',
      interfaces: { in: 'outside', out: null },
      action: 'allow',
      sources: ['192.0.2.10/32', '10.20.0.0/24', '172.16.5.0/24'],
      destinations: ['198.51.100.10/32'],
      protocol: 'tcp',
      destinationPorts: ['20-21', '23'],
      unresolved: ['partner.example.com'],
      comment: 'telnet for the legacy switch (CHG-1234)',
      lineFrom: 50,
    });
    expect(tcp!.objects).toEqual(
      expect.arrayContaining(['legacy-mgmt', 'telnet-svc', 'admins', 'admin-net', 'partners', 'partner', 'web-server']),
    );
    expect(udp).toMatchObject({ order: 2, protocol: 'udp', destinationPorts: ['161'], comment: tcp!.comment });
  });

  it('port groups, protocol groups, interface addresses, ICMP groups, inactive and time-range', () => {
    expect(r.rules[2]).toMatchObject({
      protocol: 'tcp',
      destinationPorts: ['80', '443'],
      sources: ['0.0.0.0/0', '::/0'],
    });
    // permit object-group tcp-udp host jump-host interface outside eq 8443: the ASA's own outside address.
    expect(r.rules.slice(3, 5).map((x) => [x.protocol, x.sources, x.destinations, x.destinationPorts])).toEqual([
      ['tcp', ['192.0.2.10/32'], ['203.0.113.1/32'], ['8443']],
      ['udp', ['192.0.2.10/32'], ['203.0.113.1/32'], ['8443']],
    ]);
    expect(r.rules[5]).toMatchObject({
      protocol: 'icmp',
      sources: ['0.0.0.0/0'],
      conditions: ['icmp-type echo | echo-reply'],
    });
    expect(r.rules[6]).toMatchObject({ action: 'deny', enabled: false, destinationPorts: ['23'] });
    expect(r.rules[7]).toMatchObject({ sources: ['10.0.0.0/8'], conditions: ['time-range office-hours'] });
    // A group loop resolves to nothing: the rule keeps the name as unresolved and the loop is noted.
    expect(r.rules[8]).toMatchObject({
      sources: [],
      unresolved: ['loop-a'],
      destinations: expect.arrayContaining(['10.30.0.20/32']),
    });
    expect(r.notes).toEqual([{ line: 56, column: null, what: expect.stringMatching(/"loop-a" contains itself/) }]);
  });

  it('who reaches tcp/23: the admins group (with the partner FQDN), then 10/8 in office hours', () => {
    const who = admitting(r.rules, 'outside_in', 'tcp', 23);
    expect(who.map((x) => [x.order, x.sources, x.unresolved, x.conditions])).toEqual([
      [1, ['192.0.2.10/32', '10.20.0.0/24', '172.16.5.0/24'], ['partner.example.com'], []],
      [8, ['10.0.0.0/8'], [], ['time-range office-hours']],
      [9, [], ['loop-a'], []],
    ]);
  });
});

describe.skipIf(!corpusAvailable)('cisco-asa-config on the corpus', () => {
  it('batfish--asa_acl: 22 rules; the standard ACL is noted, undefined objects unresolved', () => {
    // grep -cE '^access-list \S+ extended' = 22 (outside_in 1, outside 1, inline_specifiers 20);
    // 'access-list Local_LAN_Access standard permit host 0.0.0.0' is a VPN route selector, not a filter.
    const r = parseWith(ciscoAsaConfig, text('rulebases/batfish--asa_acl'));
    expect(perRuleset(r.rules)).toEqual({ outside_in: 1, outside: 1, inline_specifiers: 20 });
    expect(r.meta.device).toBe('asa_acl');
    // access-list outside_in extended permit udp any4 host 1.2.3.4 eq tftp
    expect(r.rules[0]).toMatchObject({
      sources: ['0.0.0.0/0'],
      destinations: ['1.2.3.4/32'],
      protocol: 'udp',
      destinationPorts: ['69'],
    });
    // access-list outside remark some-remark ... / extended permit tcp object-group drawbridge_hosts interface outside eq https
    expect(r.rules[1]).toMatchObject({
      comment: 'some-remark with multiple words and 1 or 2 numbers',
      sources: [],
      destinations: [],
      destinationPorts: ['443'],
      unresolved: ['drawbridge_hosts', 'interface outside'],
    });
    expect(r.notes[0]).toMatchObject({ line: 7, what: expect.stringMatching(/^standard access-list entries/) });
  });

  it('batfish-asa-acl-object.cfg: service and network objects expanded', () => {
    // access-list acl1 extended permit object os1 object on1 object on2 (os1 = service icmp echo)
    const r = parseWith(ciscoAsaConfig, text('rulebases/batfish-asa-acl-object.cfg'));
    expect(perRuleset(r.rules)).toEqual({ acl1: 1, acl2: 1 });
    expect(r.rules[0]).toMatchObject({
      sources: ['1.1.1.1/32'],
      destinations: ['2.2.2.2/32'],
      protocol: 'icmp',
      conditions: ['icmp-type echo'],
      objects: ['os1', 'on1', 'on2'],
    });
    expect(r.rules[1]).toMatchObject({ protocol: 'any', unresolved: ['osfake', 'onfake1', 'onfake2'] });
  });

  it('aerleon asa.ref: 43 + 21 rules, remarks as comments, no hostname -> "asa" with a note', () => {
    // grep -c '^access-list asa_in extended' = 43, '^access-list asa_out extended' = 21
    const r = parseWith(
      ciscoAsaConfig,
      text('rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.asa.ref'),
    );
    expect(perRuleset(r.rules)).toEqual({ asa_in: 43, asa_out: 21 });
    expect(r.rules.every((x) => x.device === 'asa')).toBe(true);
    expect(r.notes.map((n) => n.what)).toContainEqual(expect.stringMatching(/names no device/));
    // remark permit-mail-services / extended permit tcp any host 200.1.1.4 eq smtp
    const smtp = r.rules.find((x) => x.comment === 'permit-mail-services')!;
    expect(smtp).toMatchObject({
      order: 21,
      sources: ['0.0.0.0/0', '::/0'],
      destinations: ['200.1.1.4/32'],
      destinationPorts: ['25'],
    });
    // Who reaches tcp/25 on asa_in: anyone, to the two mail hosts (after the bogon/RFC1918 denies).
    const who = admitting(r.rules, 'asa_in', 'tcp', 25);
    expect(who.map((x) => x.destinations[0])).toEqual([
      '200.1.1.4/32',
      '200.1.1.5/32',
      '200.1.1.1/32',
      '200.1.1.2/32',
      '200.1.1.3/32',
      '200.1.1.4/32',
      '200.1.1.5/32',
    ]);
    // The last entry: extended deny ip any any; asa_out ends with permit ip any any.
    expect(r.rules.filter((x) => x.ruleset === 'asa_in').at(-1)).toMatchObject({ action: 'deny', protocol: 'any' });
  });

  // Counted with grep -c '^access-group' (7) and grep -c '^object' (15, 5, 32).
  it.each([
    ['ntc-templates--show_running-config_access-group.raw', '7 access-group bindings', 'access-group bindings'],
    ['ntc-templates--cisco_asa_show_running-config_object_network.raw', '15 object definitions', 'ASA objects'],
    ['ntc-templates--show_running-config_object-group_service.raw', '5 object definitions', 'ASA objects'],
    ['ntc-templates--cisco_asa_show_running-config_object_service.raw', '32 object definitions', 'ASA objects'],
  ])('%s imports with no rule and one note: %s', (file, held, contents) => {
    const r = parseWith(ciscoAsaConfig, text(`rulebases/${file}`));
    expect([r.rules, r.policies]).toEqual([[], []]);
    expect(r.notes).toEqual([
      {
        line: null,
        column: null,
        what: `no access rules: the file holds only ${held} and no extended access-list entries; import the running-config that also contains the access lists; kept as evidence`,
      },
    ]);
    expect(r.meta).toEqual({ contents });
  });

  it('the object-only captures parse cleanly once an access list uses them', () => {
    // The corpus object files plus two entries written here: every object line is understood.
    const objs = text('rulebases/ntc-templates--cisco_asa_show_running-config_object_network.raw').toString('utf8');
    const r = parseWith(
      ciscoAsaConfig,
      `${objs}access-list t extended permit tcp object visitors object-group nothing eq telnet\n` +
        'access-list t extended permit ip object internal-ipv6-range object fqdn_test_v6\n',
    );
    // object network visitors / range 10.10.10.4 10.10.10.60
    expect(r.rules[0]).toMatchObject({
      sources: [
        '10.10.10.4/30',
        '10.10.10.8/29',
        '10.10.10.16/28',
        '10.10.10.32/28',
        '10.10.10.48/29',
        '10.10.10.56/30',
        '10.10.10.60/32',
      ],
      unresolved: ['nothing'],
    });
    // range fd00:: fd00::ffff ; fqdn v6 example.com
    expect(r.rules[1]).toMatchObject({ sources: ['fd00::/112'], destinations: [], unresolved: ['example.com'] });
    const svc = text('rulebases/ntc-templates--show_running-config_object-group_service.raw').toString('utf8');
    const s = parseWith(
      ciscoAsaConfig,
      `${svc}access-list t extended permit object-group three any any\naccess-list t extended permit tcp any any object-group five\n`,
    );
    expect(s.notes.filter((n) => !/names no device/.test(n.what))).toEqual([]);
    // object-group service three: udp dst 48129-48137 | udp src 48129-48137 | src 48129 dst 48137 |
    // src range 48129 48137 dst 48137 (inside the second: united with it) | src gt 1023 dst lt 40000
    expect(s.rules.filter((x) => x.order <= 4).map((x) => [x.protocol, x.sourcePorts, x.destinationPorts])).toEqual([
      ['udp', null, ['48129-48137']],
      ['udp', ['48129-48137'], null],
      ['udp', ['48129'], ['48137']],
      ['udp', ['1024-65535'], ['0-39999']],
    ]);
    expect(s.rules[4]).toMatchObject({ protocol: 'tcp', destinationPorts: ['139', '445'] });
  });
});

describe.skipIf(!corpusAvailable)('cisco-asa-show-access-list on the corpus', () => {
  it('ntc show_access-list: 33 entries -> 34 rules; expansions are the same rule, hit counts kept', () => {
    // 33 top-level 'access-list test line N extended' lines; line 7 (svcgrp4) expands to tcp and udp
    // elements, so it is two rules; every other entry is one (python over the indented children).
    const r = parseWith(ciscoAsaShowAccessList, text('rulebases/ntc-templates--cisco_asa_show_access-list.raw'));
    expect(perRuleset(r.rules)).toEqual({ test: 34 });
    // line 1 ... inactive (hitcnt=0) (inactive): switched off
    expect(r.rules[0]).toMatchObject({
      enabled: false,
      protocol: 'ah',
      unresolved: ['interface outside'],
      hitCount: 0,
    });
    // line 5 object-group svcgrp1: eq 60 | eq www | gt 100 | range gopher 71, to range 10.1.1.3 10.1.1.8
    expect(r.rules[4]).toMatchObject({
      sources: ['10.1.1.2/32'],
      destinations: ['10.1.1.3/32', '10.1.1.4/30', '10.1.1.8/32'],
      destinationPorts: ['60', '70-71', '80', '101-65535'],
      objects: ['svcgrp1', 'test2', 'test3'],
      lineFrom: 10,
      lineTo: 14,
    });
    // line 18 ... time-exceeded log informational interval 300 (hitcnt=31778)
    const counted = r.rules.filter((x) => (x.hitCount ?? 0) > 0).map((x) => [x.order, x.hitCount]);
    expect(counted).toEqual([
      [17, 31778],
      [19, 1902659],
      [21, 572136],
      [34, 3],
    ]);
    // line 17 remark ************ Allow ICMP ************* belongs to line 18
    expect(r.rules[16]!.comment).toBe('************ Allow ICMP *************');
    // Who reaches tcp/23 on "test": line 4 (tcp grptest1 -> 10.10.10.0/25) and line 6 (ip grptest2 -> any4),
    // then line 16 'extended deny ip any4 any' ends it.
    const who = admitting(r.rules, 'test', 'tcp', 23);
    expect(who.map((x) => [x.lineFrom, x.sources, x.destinations, x.unresolved])).toEqual([
      [6, ['10.1.1.10/32', '10.1.1.8/29'], ['10.10.10.0/25'], ['test.com']],
      [15, ['10.1.1.10/32', '10.1.1.8/29', '10.10.10.10/32'], ['0.0.0.0/0'], ['test.com']],
    ]);
  });

  it('ntc update2: 21 entries -> 28 rules (protocol groups split), IPv6 and ranges', () => {
    const r = parseWith(
      ciscoAsaShowAccessList,
      text('rulebases/ntc-templates--cisco_asa_show_access-list_update2.raw'),
    );
    expect(perRuleset(r.rules)).toEqual({ 'NTC_Test-ACL': 28 });
    // line 14 object-group ServiceGroup: lt 55554 | eq 55555 | gt 55556 (udp)
    expect(r.rules.find((x) => x.objects.includes('ServiceGroup'))).toMatchObject({
      protocol: 'udp',
      destinationPorts: ['0-55553', '55555', '55557-65535'],
    });
    // line 25 ... object-group NetworkGroupV6 2a02:810b:e40:322c::/112 time-range TimeRange9to5
    expect(r.rules.at(-1)).toMatchObject({
      sources: ['2a02:540f:0:1c:d1d2:2046:740:842d/128', '2000:810b:e40:322c::/96'],
      destinations: ['2a02:810b:e40:322c::/112'],
      unresolved: ['www.test-v6.com'],
      conditions: ['time-range TimeRange9to5'],
    });
  });

  it('ntc numeric: one entry for protocol 57 with its hit count; the missing final newline is noted', () => {
    const r = parseWith(
      ciscoAsaShowAccessList,
      text('rulebases/ntc-templates--cisco_asa_show_access-list_numeric.raw'),
      {
        hostName: 'fw1',
      },
    );
    expect(r.rules).toHaveLength(1);
    expect(r.rules[0]).toMatchObject({ device: 'fw1', ruleset: 'acl-out', protocol: '57', hitCount: 123 });
    expect(r.notes.map((n) => n.what)).toEqual([expect.stringMatching(/no line end/)]);
  });
});

describe('cisco-asa-show-access-list: a capture with its prompt (inline)', () => {
  it('takes the device from the prompt and the hit count from the entry', () => {
    const r = parseWith(
      ciscoAsaShowAccessList,
      'fw-dmz/admin# show access-list\n' +
        'access-list cached ACL log flows: total 0, denied 0 (deny-flow-max 4096)\n' +
        '            alert-interval 300\n' +
        'access-list mgmt; 1 elements; name hash: 0x1\n' +
        'access-list mgmt line 1 extended permit tcp 10.5.0.0 255.255.0.0 host 10.0.0.1 eq telnet (hitcnt=5) 0xabc\n',
    );
    expect(r.notes).toEqual([]);
    expect(r.rules).toEqual([
      expect.objectContaining({
        device: 'fw-dmz',
        ruleset: 'mgmt',
        sources: ['10.5.0.0/16'],
        destinations: ['10.0.0.1/32'],
        destinationPorts: ['23'],
        hitCount: 5,
      }),
    ]);
  });
});

describe.skipIf(!corpusAvailable)('ASA detection over the whole corpus', () => {
  const rows = readFileSync(`${corpusDir}/MANIFEST.tsv`, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t') as [string, string, string]);

  it('claims exactly the ASA files, each as its own format', () => {
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

  it('every ASA format is registered', () => {
    for (const s of SPECS) expect(formats).toContain(s);
  });
});

describe.skipIf(!corpusAvailable)('ASA input in pieces, cut and hostile', () => {
  it.each([
    ['rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.asa.ref', ciscoAsaConfig],
    ['rulebases/ntc-templates--cisco_asa_show_access-list_update2.raw', ciscoAsaShowAccessList],
  ] as const)('%s: the same rules with pieces of 7 and 4093 characters', (file, spec) => {
    const a = parseWith(spec, text(file), {}, 7);
    const b = parseWith(spec, text(file), {}, 4093);
    expect(a).toEqual(b);
  });

  it.each([
    ['rulebases/batfish--asa_acl', ciscoAsaConfig],
    ['rulebases/ntc-templates--cisco_asa_show_access-list.raw', ciscoAsaShowAccessList],
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
    expect(parseError(() => parseWith(spec, '')).message).toMatch(/^expected|found none/);
    expect(parseError(() => parseWith(spec, Buffer.from('access-list x\0\0\0junk'))).message).toMatch(/binary|NUL/);
    expect(parseError(() => parseWith(spec, Buffer.from([0x61, 0xff, 0xfe, 0x0a]))).message).toMatch(/UTF-8/);
    const nmap = text('scans/nmap-nmap_1port.xml');
    expect(parseError(() => parseWith(spec, nmap)).message).toMatch(/^expected/);
  });
});

describe.skipIf(!corpusAvailable)('ASA files through the import runner', () => {
  it('detects and imports a show access-list capture with its hit counts', async () => {
    const { store, result } = await importInto(corpus('rulebases/ntc-templates--cisco_asa_show_access-list.raw'));
    expect(result).toMatchObject({ format: 'cisco-asa-show-access-list', ruleCount: 34 });
    const rules = listRules(store.db).rows;
    expect(rules.find((x) => x.order === 19)?.hitCount).toBe(1902659);
    expect(listPolicies(store.db)).toEqual([expect.objectContaining({ ruleset: 'test', policy: 'deny' })]);
    store.close();
  });

  it('an object-only capture imports with no rule and its note', async () => {
    const { store, result } = await importInto(
      corpus('rulebases/ntc-templates--cisco_asa_show_running-config_object_service.raw'),
    );
    expect(result).toMatchObject({ format: 'cisco-asa-config', ruleCount: 0, noteCount: 1 });
    expect(result.meta).toMatchObject({ contents: 'ASA objects' });
    expect(listRules(store.db).rows).toEqual([]);
    store.close();
  });

  it('a foreign file forced as ASA is refused and leaves the engagement unchanged', async () => {
    const store = newEngagement();
    await expect(
      importFile(store, fixedContext(), corpus('rulebases/batfish-fortios-firewall-policy.conf'), {
        format: 'cisco-asa-config',
      }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expectUntouched(store);
    store.close();
  });
});
