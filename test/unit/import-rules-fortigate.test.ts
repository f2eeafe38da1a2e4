// FortiGate configurations: full lab `show` captures, batfish and aerleon CLI snippets; policy order as
// listed, objects, groups, exclusions, services (dst:src ports), predefined services, VDOMs, local-in
// policies and interface allowaccess; detection, cut and hostile input, and the import runner.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, formats } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { fortigateConfig } from '../../src-main/core/import/rulebases/fortigate-config';
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

const MINE = new Set(['fortigate-conf', 'fortigate-cli', 'fortigate-config']);

const text = (rel: string) => readFileSync(corpus(rel));
const perRuleset = (rules: Rule[]) => countBy(rules, (r) => r.ruleset);

function coversPort(ports: string[] | null, port: number): boolean {
  if (ports === null) return true;
  return ports.some((p) => {
    const [a, b] = p.split('-').map(Number) as [number, number | undefined];
    return port >= a && port <= (b ?? a);
  });
}

/** Enabled allow rules admitting protocol/port, in list order, up to the first unconditional deny of all. */
function admitting(rules: Rule[], ruleset: string, protocol: string, port: number): Rule[] {
  const out: Rule[] = [];
  for (const r of rules.filter((x) => x.ruleset === ruleset && x.enabled)) {
    if (!(r.protocol === 'any' || r.protocol === protocol) || !coversPort(r.destinationPorts, port)) continue;
    if (r.action !== 'allow') {
      const total = r.conditions.length === 0 && r.unresolved.length === 0 && r.sources.includes('0.0.0.0/0');
      if (total && r.destinations.includes('0.0.0.0/0') && r.zones.from === null) break;
      continue;
    }
    out.push(r);
  }
  return out;
}

/** A VDOM-mode configuration written for these tests (not from the corpus). */
const FIXTURE = `#config-version=FG100F-7.0.12-FW-build0523-230523:opmode=0:vdom=1:user=admin
config vdom
edit root
next
edit dmz
next
end
config global
config system global
    set hostname "fgt-core"
    set admin-sport 8443
end
config system interface
    edit "wan1"
        set vdom "root"
        set ip 203.0.113.2 255.255.255.248
        set allowaccess ping https http telnet
    next
    edit "lan"
        set vdom "root"
        set ip 10.10.0.1 255.255.255.0
    next
    edit "dmz1"
        set vdom "dmz"
        set ip 172.20.0.1/24
        set allowaccess ssh speed-test
    next
end
end
config vdom
edit root
config system zone
    edit "inside"
        set interface "lan"
    next
end
config firewall address
    edit "pos-net"
        set subnet 10.10.0.0 255.255.255.0
    next
    edit "pos-range"
        set type iprange
        set start-ip 10.10.0.10
        set end-ip 10.10.0.13
    next
    edit "vendor"
        set type fqdn
        set fqdn "support.vendor.example"
    next
    edit "geo-ru"
        set type geography
        set country "RU"
    next
    edit "till-7"
        set subnet 10.10.0.7/32
    next
end
config firewall addrgrp
    edit "pos-all"
        set member "pos-net" "vendor"
        set exclude enable
        set exclude-member "till-7"
    next
    edit "nested"
        set member "pos-all" "pos-range"
    next
end
config firewall vip
    edit "web-vip"
        set extip 203.0.113.5
        set mappedip "10.10.0.80"
    next
end
config firewall service custom
    edit "TN3270"
        set tcp-portrange 23 992:1024-65535
    next
    edit "LEGACY-IP"
        set protocol IP
        set protocol-number 47
    next
end
config firewall service group
    edit "legacy"
        set member "TN3270" "TELNET" "FTP"
    next
end
config firewall policy
    edit 7
        set name "vendor-telnet"
        set srcintf "wan1"
        set dstintf "inside"
        set srcaddr "vendor" "geo-ru"
        set srcaddr-negate enable
        set dstaddr "nested"
        set action accept
        set schedule "business-hours"
        set service "legacy"
        set users "alice"
        set comments "temporary: CHG-42
expires 2025-06-30"
    next
    edit 3
        set srcintf "wan1"
        set dstintf "inside"
        set srcaddr "all"
        set dstaddr "web-vip"
        set action accept
        set service "HTTP" "LEGACY-IP"
        set status disable
        set unknown-knob 5
    next
    edit 9
        set srcintf "inside"
        set dstintf "wan1"
        set srcaddr "pos-net"
        set internet-service enable
        set internet-service-name "Microsoft-Office365"
        set action accept
    next
end
config firewall policy
    edit 3
        set status enable
    next
end
config firewall local-in-policy
    edit 1
        set intf "wan1"
        set srcaddr "geo-ru"
        set dstaddr "all"
        set service "ALL"
        set schedule "always"
    next
end
next
edit dmz
config firewall policy
    edit 1
        set srcintf "dmz1"
        set dstintf "dmz1"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set service "ALL"
    next
end
next
end
`;

describe('fortigate-config: VDOMs, objects, services, local-in (inline fixture)', () => {
  const r = parseWith(fortigateConfig, FIXTURE);

  it('files each VDOM\'s lists as "vdom/list", in list order, with an implicit deny each', () => {
    expect(r.meta).toMatchObject({ device: 'fgt-core', configVersion: 'FG100F-7.0.12-FW-build0523-230523' });
    expect(perRuleset(r.rules)).toEqual({
      'root/policy': 5,
      'root/local-in-policy': 5,
      'dmz/policy': 1,
      'dmz/local-in-policy': 1,
    });
    expect(r.policies.map((p) => [p.ruleset, p.policy])).toEqual([
      ['root/policy', 'deny'],
      ['root/local-in-policy', 'deny'],
      ['dmz/policy', 'deny'],
      ['dmz/local-in-policy', 'deny'],
    ]);
    // edit 7 comes before edit 3: FortiOS evaluates the list as written, not by id.
    expect(r.rules.filter((x) => x.ruleset === 'root/policy').map((x) => x.name)).toEqual([
      'vendor-telnet',
      'vendor-telnet',
      'policy 3',
      'policy 3',
      'policy 9',
    ]);
  });

  it('groups, exclusions, negation, schedule, users and a comment over two lines', () => {
    const [telnet, tn3270] = r.rules;
    expect(telnet).toMatchObject({
      sources: [],
      sourcesNegated: true,
      unresolved: ['support.vendor.example', 'country RU'],
      destinations: ['10.10.0.0/24', '10.10.0.10/31', '10.10.0.12/31'],
      protocol: 'tcp',
      destinationPorts: ['21', '23'],
      zones: { from: 'wan1', to: 'inside' },
      interfaces: { in: 'wan1', out: 'lan' },
      comment: 'temporary: CHG-42\nexpires 2025-06-30',
      conditions: [
        'destination except 10.10.0.7/32 (exclude-member of "pos-all")',
        'schedule "business-hours"',
        'users alice',
      ],
      lineFrom: 89,
      lineTo: 102,
    });
    // TN3270 = tcp-portrange 23 992:1024-65535 -> destination 992 from source ports 1024-65535
    expect(tn3270).toMatchObject({ protocol: 'tcp', destinationPorts: ['992'], sourcePorts: ['1024-65535'] });
  });

  it('a virtual IP, a second edit of the same policy, IP-protocol services, internet services', () => {
    // The later 'edit 3 / set status enable' changes policy 3 in place.
    expect(r.rules[2]).toMatchObject({
      enabled: true,
      destinations: ['203.0.113.5/32'],
      destinationPorts: ['80'],
      conditions: ['destination virtual IP "web-vip" translated to 10.10.0.80'],
    });
    expect(r.rules[3]).toMatchObject({ protocol: 'gre' });
    expect(r.rules[4]).toMatchObject({ destinations: [], unresolved: ['internet service Microsoft-Office365'] });
    expect(r.notes.map((n) => n.what)).toEqual([
      'policy setting "unknown-knob" not interpreted (first seen in policy 3)',
      'interface dmz1: allowaccess "speed-test" not imported (port not known)',
    ]);
  });

  it('local-in: explicit policies first, then administrative access; who reaches the wan1 address on tcp/23', () => {
    const local = r.rules.filter((x) => x.ruleset === 'root/local-in-policy');
    expect(local[0]).toMatchObject({
      action: 'deny',
      direction: 'in',
      interfaces: { in: 'wan1', out: null },
      unresolved: ['country RU'],
    });
    expect(local.slice(1).map((x) => [x.protocol, x.destinationPorts, x.destinations])).toEqual([
      ['icmp', null, ['203.0.113.2/32']],
      ['tcp', ['8443'], ['203.0.113.2/32']],
      ['tcp', ['80'], ['203.0.113.2/32']],
      ['tcp', ['23'], ['203.0.113.2/32']],
    ]);
    expect(admitting(r.rules, 'root/local-in-policy', 'tcp', 23).map((x) => [x.name, x.sources])).toEqual([
      ['allowaccess wan1 telnet', ['0.0.0.0/0']],
    ]);
  });
});

describe.skipIf(!corpusAvailable)('fortigate-config on the corpus', () => {
  it('batfish firewall-policy: 6 rules from 5 policies, in list order; default action deny', () => {
    // 5 'edit' blocks under 'config firewall policy' (0, 4294967294, 1, 2, 3); policy 1 uses two custom
    // services with different source ports (11, and 12 from 11), so it is two rules.
    const r = parseWith(fortigateConfig, text('rulebases/batfish-fortios-firewall-policy.conf'));
    expect(r.rules.map((x) => [x.name, x.action, x.enabled, x.destinationPorts, x.sourcePorts])).toEqual([
      ['policy 0', 'deny', false, ['11'], null],
      ['longest allowed firewall policy nam', 'deny', true, ['12'], ['11']],
      ['Permit Custom TCP Traffic', 'allow', true, ['11'], null],
      ['Permit Custom TCP Traffic', 'allow', true, ['12'], ['11']],
      ['policy 2', 'allow', true, null, null],
      ['policy 3', 'allow', true, null, null],
    ]);
    expect(r.meta.device).toBe('firewall_policy');
    // 'append srcaddr addr2' and 'append dstintf port1' add to the lists set before them.
    expect(r.rules[2]).toMatchObject({
      sources: ['10.0.1.0/24', '10.0.2.0/24'],
      destinations: ['10.0.2.0/24', '10.0.1.0/24'],
      zones: { from: 'port1,port2', to: 'port2,port1' },
    });
    // srcintf zone1 port2 zone3 + append zone2: zones stay as written, interfaces are their members.
    expect(r.rules[5]).toMatchObject({
      zones: { from: 'zone1,port2,zone3,zone2', to: 'zone1,zone3' },
      interfaces: { in: 'port3,port2,port5,port4', out: 'port3,port5' },
    });
  });

  it('batfish address.conf holds no policy: imported with no rule and one note; its addresses resolve once a policy uses them', () => {
    const file = text('rulebases/batfish-fortios-address.conf').toString('utf8');
    // 13 'edit' names under 'config firewall address' ("wildcard" is edited twice), 2 interfaces, 1 zone.
    const empty = parseWith(fortigateConfig, file);
    expect([empty.rules, empty.policies]).toEqual([[], []]);
    expect(empty.notes).toEqual([
      {
        line: null,
        column: null,
        what: "no access rules: a FortiGate configuration with 13 addresses, 2 interfaces, 1 zone and no firewall policy to import (no 'config firewall policy', policy6 or local-in-policy entries, no interface allowaccess); kept as evidence",
      },
    ]);
    expect(empty.meta).toEqual({ contents: 'FortiGate objects without firewall policy', device: 'address' });
    const names = [
      'ipmask',
      'iprange',
      'fqdn',
      'geography',
      'interface-subnet',
      'wildcard',
      'iprange-default',
      'dynamic',
      'mac',
    ];
    const r = parseWith(
      fortigateConfig,
      `${file}config firewall policy\n    edit 1\n        set srcaddr ${names.map((n) => `"${n}"`).join(' ')}\n        set dstaddr "all"\n        set action accept\n        set service "ALL"\n    next\nend\n`,
    );
    expect(r.rules[0]).toMatchObject({
      // ipmask 1.1.1.0/24 (iprange and interface-subnet give the same); the second 'edit "wildcard"' block
      // sets 2.2.2.2 255.0.0.255 (match octets 1 and 4); iprange-default runs from 0.0.0.0 to 1.1.1.1.
      sources: ['1.1.1.0/24', '2.0.0.0/8', '0.0.0.0/8', '1.0.0.0/16', '1.1.0.0/24', '1.1.1.0/31'],
      unresolved: ['google.com', 'country AQ', 'dynamic address "dynamic"', 'mac address "mac"'],
      conditions: ['source matches 2.2.2.2 wildcard 0.255.255.0 (non-contiguous; 2.0.0.0/8 covers it)'],
    });
    expect(r.notes.map((n) => n.what)).toContainEqual(
      expect.stringMatching(/^address "wildcard": non-contiguous wildcard/),
    );
  });

  it.each([
    // two policies x (tcp-portrange 53:80 + udp-portrange 53:80)
    ['aerleon--FortigateTest.testMultipleTerms.stdout.ref', { policy: 4 }],
    ['aerleon--FortigateTest.testLocalInPolicy.stdout.ref', { 'local-in-policy': 2 }],
    ['aerleon--FortigateTest.testDestinationExcludesMixed_Exclude_Mixed.stdout.ref', { policy: 1 }],
  ])('%s', (file, counts) => {
    const r = parseWith(fortigateConfig, text(`rulebases/${file}`));
    expect(perRuleset(r.rules)).toEqual(counts);
    expect(r.notes.map((n) => n.what)).toEqual([expect.stringMatching(/names no device/)]);
  });

  it('aerleon flows: FOO+GOO to BAR on tcp and udp 53 from source port 80; exclusions that touch nothing vanish', () => {
    const r = parseWith(fortigateConfig, text('rulebases/aerleon--FortigateTest.testMultipleTerms.stdout.ref'));
    // set srcaddr "FOO" "GOO" / set dstaddr "BAR" / set service "good-term-1" (tcp-portrange 53:80)
    expect(r.rules[0]).toMatchObject({
      sources: ['10.1.1.1/32', '10.1.1.2/32', '10.1.1.9/32'],
      destinations: ['10.1.1.3/32', '10.1.1.4/32'],
      protocol: 'tcp',
      destinationPorts: ['53'],
      sourcePorts: ['80'],
      zones: { from: 'port1', to: 'port2' },
    });
    const ex = parseWith(
      fortigateConfig,
      text('rulebases/aerleon--FortigateTest.testDestinationExcludesMixed_Exclude_Mixed.stdout.ref'),
    );
    // good-term-1-destination = MIXED_P (1.1.1.1, 2001:db8::1) except MIXED_Q (1.1.1.3, 2001:db8::3)
    expect(ex.rules[0]).toMatchObject({
      sources: ['0.0.0.0/0', '::/0'],
      destinations: ['1.1.1.1/32', '2001:db8::1/128'],
      conditions: [],
    });
  });

  it('lab-validation show.txt (FortiOS 6.4.4): 6 policy rules and 7 administrative-access rules', () => {
    // policies 1-3 each list two services; allowaccess: port1 ping, port2 ping https ssh http fgfm,
    // fortilink ping (+ fabric, noted)
    const r = parseWith(fortigateConfig, text('rulebases/lab-validation--show.txt'));
    expect(perRuleset(r.rules)).toEqual({ policy: 6, 'local-in-policy': 7 });
    expect(r.meta.device).toBe('fw');
    // edit 2 "DENY_CUSTOM_SERVICES" has no 'set action': FortiOS's default is deny.
    expect(r.rules.filter((x) => x.name === 'DENY_CUSTOM_SERVICES').map((x) => x.action)).toEqual(['deny', 'deny']);
    // edit 1: srcintf "inside" (zone of port1, port2) -> dstintf "outside" (port3)
    expect(r.rules[0]).toMatchObject({
      zones: { from: 'inside', to: 'outside' },
      interfaces: { in: 'port1,port2', out: 'port3' },
      sources: ['192.168.123.1/32'],
      destinations: ['192.168.123.6/32'],
      protocol: 'udp',
      destinationPorts: ['9200'],
    });
    // Cleartext HTTP administration is open on port2 (192.168.123.2) from any source.
    expect(admitting(r.rules, 'local-in-policy', 'tcp', 80).map((x) => [x.name, x.destinations])).toEqual([
      ['allowaccess port2 http', ['192.168.123.2/32']],
    ]);
    expect(r.notes).toEqual([
      { line: 87, column: null, what: 'interface fortilink: allowaccess "fabric" not imported (port not known)' },
    ]);
  });

  it('2-lab-validation show.txt: one any/any/ALL policy, so tcp/23 passes from anywhere', () => {
    const r = parseWith(fortigateConfig, text('rulebases/2-lab-validation--show.txt'));
    expect(perRuleset(r.rules)).toEqual({ policy: 1, 'local-in-policy': 9 });
    expect(admitting(r.rules, 'policy', 'tcp', 23).map((x) => [x.sources, x.destinations, x.zones])).toEqual([
      [['0.0.0.0/0'], ['0.0.0.0/0'], { from: null, to: null }],
    ]);
  });
});

describe.skipIf(!corpusAvailable)('FortiGate detection over the whole corpus', () => {
  const rows = readFileSync(`${corpusDir}/MANIFEST.tsv`, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split('\t') as [string, string, string]);

  it('claims exactly the FortiGate files', () => {
    for (const [, format, file] of rows) {
      const head = readFileSync(corpus(file))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(fortigateConfig.detect(head, file) > 0, file).toBe(MINE.has(format));
      if (MINE.has(format)) expect(detectFormat(head, file)?.id, file).toBe('fortigate-config');
    }
  });

  it('is registered', () => {
    expect(formats).toContain(fortigateConfig);
  });
});

describe.skipIf(!corpusAvailable)('FortiGate input in pieces, cut and hostile', () => {
  it('the same rules with pieces of 7 and 4093 characters', () => {
    const file = text('rulebases/lab-validation--show.txt');
    expect(parseWith(fortigateConfig, file, {}, 7)).toEqual(parseWith(fortigateConfig, file, {}, 4093));
    expect(parseWith(fortigateConfig, FIXTURE, {}, 7)).toEqual(parseWith(fortigateConfig, FIXTURE, {}, 4093));
  });

  it('a configuration cut anywhere inside a block is refused as cut', () => {
    const whole = text('rulebases/batfish-fortios-firewall-policy.conf').toString('utf8');
    for (const fraction of [0.1, 0.4, 0.7, 0.95]) {
      const err = parseError(() =>
        parseWith(fortigateConfig, whole.slice(0, Math.floor(whole.length * fraction)), {}, 7),
      );
      expect(err.message, `${fraction}`).toMatch(/the file ends inside .*looks cut/);
    }
    const quote = parseError(() => parseWith(fortigateConfig, FIXTURE.slice(0, FIXTURE.indexOf('expires'))));
    expect(quote.message).toMatch(/inside a quoted value opened on line 100/);
  });

  it('empty, binary, foreign and unbalanced input are refused', () => {
    expect(parseError(() => parseWith(fortigateConfig, '')).message).toMatch(/^expected a FortiOS configuration/);
    expect(parseError(() => parseWith(fortigateConfig, Buffer.from('config system\0\0junk'))).message).toMatch(
      /binary|NUL/,
    );
    expect(parseError(() => parseWith(fortigateConfig, Buffer.from([0x61, 0xff, 0xfe, 0x0a]))).message).toMatch(
      /UTF-8/,
    );
    expect(parseError(() => parseWith(fortigateConfig, 'next\n')).message).toMatch(/'next' without an open 'edit'/);
    expect(parseError(() => parseWith(fortigateConfig, 'edit 1\n')).message).toMatch(/'edit' outside a 'config' block/);
    const ios = parseError(() => parseWith(fortigateConfig, text('rulebases/ciscoconfparse--sample_01.ios')));
    expect(ios.message).toMatch(/expected FortiOS/);
    const prose = parseError(() => parseWith(fortigateConfig, 'a\nb\nc\nd\ne\nf\ng\n'));
    expect([prose.line, prose.message]).toEqual([
      6,
      `"f" is not a FortiOS statement; expected FortiOS 'config' / 'edit' / 'set' / 'next' / 'end' structure`,
    ]);
  });
});

describe.skipIf(!corpusAvailable)('FortiGate files through the import runner', () => {
  it('detects and imports the lab FortiGate configuration', async () => {
    const { store, result } = await importInto(corpus('rulebases/lab-validation--show.txt'));
    expect(result).toMatchObject({ format: 'fortigate-config', ruleCount: 13, noteCount: 1 });
    expect(listRules(store.db, { ruleset: 'policy' }).rows.map((x) => x.order)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(listPolicies(store.db).map((p) => [p.device, p.ruleset, p.policy])).toEqual([
      ['fw', 'local-in-policy', 'deny'],
      ['fw', 'policy', 'deny'],
    ]);
    store.close();
  });

  it('an address-only configuration imports with no rule and its note', async () => {
    const { store, result } = await importInto(corpus('rulebases/batfish-fortios-address.conf'));
    expect(result).toMatchObject({ format: 'fortigate-config', ruleCount: 0, noteCount: 1 });
    expect(result.meta).toMatchObject({ contents: 'FortiGate objects without firewall policy' });
    expect(listRules(store.db).rows).toEqual([]);
    expect(listPolicies(store.db)).toEqual([]);
    store.close();
  });

  it('a file that is not FortiOS at all, forced as FortiGate, is refused and leaves the engagement unchanged', async () => {
    const store = newEngagement();
    await expect(
      importFile(
        store,
        fixedContext(),
        corpus('rulebases/ntc-templates--cisco_asa_show_running-config_object_service.raw'),
        {
          format: 'fortigate-config',
        },
      ),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/is not a FortiOS statement.*nothing was imported/),
    });
    expectUntouched(store);
    store.close();
  });
});
