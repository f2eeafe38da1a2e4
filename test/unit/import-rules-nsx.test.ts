// VMware NSX-V distributed firewall XML and NSX-T policy JSON: detection over the whole corpus, exact rule
// counts and hand-checked rules of the two aerleon references, hand-written fixtures for what they lack
// (the whole NSX-V firewall configuration, objects, negation, families; the NSX-T hierarchical tree,
// sequence numbers, connectivity strategy, service entry kinds, rule lists), hostile input, and imports
// through the runner that either land whole or leave the engagement untouched.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { vmwareNsxFormats } from '../../src-main/core/import/rulebases/vmware-nsx';
import { nsxtFormat } from '../../src-main/core/import/rulebases/vmware-nsxt';
import { nsxvFormat } from '../../src-main/core/import/rulebases/vmware-nsxv';
import type { Rule } from '../../src-main/core/model/rule';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import {
  corpus,
  corpusAvailable,
  expectUntouched,
  importInto,
  manifestFiles,
  parseError,
  parseWith,
} from './import-helpers';

const NSXV = 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_nsxv.nsx.ref';
const NSXT = 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_nsxt.nsxt.ref';
const RFC1918 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const ANY = ['0.0.0.0/0', '::/0'];

/** Enabled rules admitting protocol/port from any source port, in evaluation order. */
function admitting(rules: Rule[], protocol: string, port: number): Rule[] {
  return rules.filter(
    (r) =>
      r.enabled &&
      r.action === 'allow' &&
      r.sourcePorts === null &&
      (r.protocol === 'any' || r.protocol === protocol) &&
      (r.destinationPorts === null ||
        r.destinationPorts.some((p) => {
          const [a, b] = p.split('-').map(Number) as [number, number | undefined];
          return port >= a && port <= (b ?? a);
        })),
  );
}

describe('NSX formats', () => {
  it('are registered in this order with their ids', () => {
    expect(vmwareNsxFormats.map((f) => [f.id, f.family, f.needsHostName])).toEqual([
      ['vmware-nsxv-xml', 'rulebase', false],
      ['vmware-nsxt-json', 'rulebase', false],
    ]);
  });
});

describe.skipIf(!corpusAvailable)('NSX detection over the whole corpus', () => {
  it('claims exactly the NSX files, each for its own format, also through the registry', () => {
    const mine = new Map(
      [...manifestFiles(/^vmware-nsxv-xml$/)]
        .map((f): [string, string] => [f, 'vmware-nsxv-xml'])
        .concat(manifestFiles(/^vmware-nsxt-json$/).map((f): [string, string] => [f, 'vmware-nsxt-json'])),
    );
    expect([...mine.keys()].sort()).toEqual([NSXT, NSXV]);
    const all = manifestFiles(/./);
    expect(all.length).toBeGreaterThan(200);
    for (const rel of all) {
      const head = readFileSync(corpus(rel))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      const want = mine.get(rel);
      for (const f of vmwareNsxFormats) expect(f.detect(head, rel) > 0, `${f.id} on ${rel}`).toBe(f.id === want);
      if (want) expect(detectFormat(head, rel)?.id, rel).toBe(want);
    }
  });
});

describe.skipIf(!corpusAvailable)('NSX-V corpus: aerleon sample_nsxv', () => {
  // python3 xml.etree: 22 <rule> elements; allow-dns-fragments has two <service> entries of different
  // protocols (tcp/53, udp/53) and becomes two rules: 23.
  const out = parseWith(nsxvFormat, readFileSync(corpus(NSXV)));

  it('23 rules in document order, one section, no invented policy, the applied-to group and default noted', () => {
    expect(out.rules).toHaveLength(23);
    expect(out.rules.map((r) => r.order)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(new Set(out.rules.map((r) => `${r.device}|${r.ruleset}`))).toEqual(
      new Set(['sample_nsxv_filter|sample_nsxv_filter']),
    );
    expect(out.policies).toEqual([]);
    expect(out.meta).toEqual({ sections: '1' });
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      [8, 'SecurityGroup "securitygroupId" is defined outside this export; kept unresolved'],
      [
        null,
        expect.stringMatching(
          /^NSX-V distributed firewall: the default rule .* is not in this export, so no default policy/,
        ),
      ],
    ]);
    // Every rule is applied to the security group only.
    for (const r of out.rules) {
      expect(r.conditions).toEqual(['applied to SecurityGroup securitygroupId']);
      expect(r.unresolved).toEqual(['SecurityGroup securitygroupId']);
    }
  });

  it('hand-checked: who reaches ssh, and the dns rule split in two (lines 192-221, 530-689)', () => {
    // lines 192-221: accept-ssh-requests, sources 10/8 172.16/12 192.168/16, protocol 6 destinationPort 22.
    expect(admitting(out.rules, 'tcp', 22).map((r) => [r.order, r.name, r.sources, r.lineFrom, r.lineTo])).toEqual([
      [10, 'accept-ssh-requests', RFC1918, 192, 221],
    ]);
    expect(out.rules[9]).toMatchObject({
      action: 'allow',
      protocol: 'tcp',
      destinationPorts: ['22'],
      sourcePorts: null,
      destinations: ANY,
      direction: null,
      enabled: true,
    });
    expect(out.rules[9]!.text.startsWith('  <rule logged="false">\n    <name>accept-ssh-requests</name>')).toBe(true);
    // lines 530-689: allow-dns-fragments, 32 source blocks (0.0.0.0/1 ... 224.0.0.0/3), to 8.8.4.4 and 8.8.8.8,
    // services tcp/53 and udp/53.
    const dns = out.rules.filter((r) => r.name === 'allow-dns-fragments');
    expect(dns.map((r) => [r.order, r.protocol, r.destinationPorts, r.sources.length, r.destinations])).toEqual([
      [19, 'tcp', ['53'], 32, ['8.8.4.4/32', '8.8.8.8/32']],
      [20, 'udp', ['53'], 32, ['8.8.4.4/32', '8.8.8.8/32']],
    ]);
    expect(dns[0]!.sources.slice(0, 3)).toEqual(['0.0.0.0/1', '128.0.0.0/2', '192.0.0.0/5']);
    expect(dns[0]!.sources).toContain('200.1.1.2/32');
    // lines 690-723: reject-large-dns with IPv6 destinations; 750-759: discard-default, deny everything.
    expect(out.rules[20]).toMatchObject({
      name: 'reject-large-dns',
      action: 'reject',
      destinations: ['8.8.4.4/32', '8.8.8.8/32', '2001:4860:4860::8844/128', '2001:4860:4860::8888/128'],
    });
    expect(out.rules[22]).toMatchObject({
      name: 'discard-default',
      action: 'deny',
      protocol: 'any',
      sources: ANY,
      destinations: ANY,
      lineFrom: 750,
      lineTo: 759,
    });
    // Source-port-only replies and protocol numbers: accept-bgp-replies (sourcePort 179), accept-ospf (89).
    expect(out.rules[2]).toMatchObject({ protocol: 'tcp', destinationPorts: null, sourcePorts: ['179'] });
    expect(out.rules[3]).toMatchObject({ name: 'accept-ospf', protocol: '89', sources: RFC1918 });
    expect(out.rules[3]!.comment).toBe('Allow outbound OSPF traffic from other RFC1918 routers.');
  });

  it('gives the same rules at piece sizes 1 and 7', () => {
    const bytes = readFileSync(corpus(NSXV));
    expect(parseWith(nsxvFormat, bytes, {}, 1)).toEqual(out);
    expect(parseWith(nsxvFormat, bytes, {}, 7)).toEqual(out);
  });
});

describe.skipIf(!corpusAvailable)('NSX-T corpus: aerleon sample_nsxt', () => {
  // python3 json: 22 rules; allow-dns-fragments has two service_entries (TCP, UDP): 23.
  const out = parseWith(nsxtFormat, readFileSync(corpus(NSXT)));

  it('23 rules, device and ruleset from display_name, the scope group and empty service entries noted', () => {
    expect(out.rules).toHaveLength(23);
    expect(new Set(out.rules.map((r) => `${r.device}|${r.ruleset}`))).toEqual(
      new Set(['sample_nsxt_filter|sample_nsxt_filter']),
    );
    expect(out.rules.map((r) => r.order)).toEqual(Array.from({ length: 23 }, (_, i) => i + 1));
    expect(out.policies).toEqual([]);
    const empty = (line: number, name: string) => [
      line,
      `policy "sample_nsxt_filter" rule ${name}: service_entries is empty and services is ANY, so the rule matches every protocol and port`,
    ];
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      [3, 'group /infra/domains/default/groups/securitygroupId is defined outside this export; kept unresolved'],
      empty(99, 'accept-ospf'),
      empty(126, 'allow-vrrp'),
      empty(187, 'accept-ipsec'),
      empty(212, 'accept-pim'),
      empty(239, 'accept-igmp'),
      [null, expect.stringMatching(/^NSX-T distributed firewall: the default rule .* no default policy is recorded/)],
    ]);
    // The policy's scope (line 730) applies to every rule.
    for (const r of out.rules) {
      expect(r.conditions).toEqual(['applied to /infra/domains/default/groups/securitygroupId']);
      expect(r.unresolved).toEqual(['/infra/domains/default/groups/securitygroupId']);
    }
  });

  it('hand-checked: ssh and telnet reach the scope from RFC 1918 through the rules whose protocol was lost', () => {
    // lines 99-125: accept-ospf from the RFC 1918 blocks with "services": ["ANY"] and "service_entries": []
    // (aerleon wrote no entry for protocol 89): as exported the rule admits every protocol. Same for
    // allow-vrrp (126-150, from ANY), accept-ipsec (187-211, ANY), accept-pim and accept-igmp (RFC 1918).
    const expected = [
      [4, 'accept-ospf', RFC1918, 99, 125],
      [5, 'allow-vrrp', ANY, 126, 150],
      [7, 'accept-ipsec', ANY, 187, 211],
      [8, 'accept-pim', RFC1918, 212, 238],
      [9, 'accept-igmp', RFC1918, 239, 265],
    ];
    const summary = (rules: Rule[]) => rules.map((r) => [r.order, r.name, r.sources, r.lineFrom, r.lineTo]);
    expect(summary(admitting(out.rules, 'tcp', 23))).toEqual(expected);
    expect(summary(admitting(out.rules, 'tcp', 22))).toEqual([
      ...expected.slice(0, 4),
      [9, 'accept-igmp', RFC1918, 239, 265],
      [10, 'accept-ssh-requests', RFC1918, 266, 300],
    ]);
    expect(out.rules[3]).toMatchObject({ protocol: 'any', destinationPorts: null, action: 'allow' });
    // lines 589-631: allow-dns-fragments, source_groups ["0.0.0.0/0"] (IPv4 only), four destinations.
    expect(out.rules.slice(18, 20).map((r) => [r.protocol, r.destinationPorts, r.sources, r.destinations])).toEqual([
      [
        'tcp',
        ['53'],
        ['0.0.0.0/0'],
        ['8.8.4.4/32', '8.8.8.8/32', '2001:4860:4860::8844/128', '2001:4860:4860::8888/128'],
      ],
      [
        'udp',
        ['53'],
        ['0.0.0.0/0'],
        ['8.8.4.4/32', '8.8.8.8/32', '2001:4860:4860::8844/128', '2001:4860:4860::8888/128'],
      ],
    ]);
    // lines 3-32: accept-icmp, ICMPTypeServiceEntry ICMPv4; lines 151-186: accept-ike udp 500 -> 500.
    expect(out.rules[0]).toMatchObject({ name: 'accept-icmp', protocol: 'icmp', lineFrom: 3, lineTo: 32 });
    expect(out.rules[5]).toMatchObject({ protocol: 'udp', sourcePorts: ['500'], destinationPorts: ['500'] });
    // lines 702-725: discard-default, DROP, no service_entries at all.
    expect(out.rules[22]).toMatchObject({ name: 'discard-default', action: 'drop', protocol: 'any', sources: ANY });
    expect(out.rules[1]).toMatchObject({ comment: 'Allow BGP requests from peers.', direction: null });
    expect(out.rules[0]!.text.startsWith('{\n      "action": "ALLOW"')).toBe(true);
  });

  it('gives the same rules at piece sizes 1 and 7', () => {
    const bytes = readFileSync(corpus(NSXT));
    expect(parseWith(nsxtFormat, bytes, {}, 1)).toEqual(out);
    expect(parseWith(nsxtFormat, bytes, {}, 7)).toEqual(out);
  });
});

// A whole NSX-V firewall configuration (GET /api/4.0/firewall/globalroot-0/config), written by hand.
const NSXV_FULL = `<?xml version="1.0" encoding="UTF-8"?>
<firewallConfiguration timestamp="1500000000000">
  <contextId>globalroot-0</contextId>
  <layer3Sections>
    <section id="1010" name="PCI web" generationNumber="1" timestamp="1" type="LAYER3">
      <rule id="2001" disabled="false" logged="true">
        <name>telnet from jump hosts</name>
        <action>allow</action>
        <appliedToList>
          <appliedTo><name>DISTRIBUTED_FIREWALL</name><value>DISTRIBUTED_FIREWALL</value><type>DISTRIBUTED_FIREWALL</type><isValid>true</isValid></appliedTo>
        </appliedToList>
        <sectionId>1010</sectionId>
        <sources excluded="false">
          <source><name>jump-hosts</name><value>ipset-7</value><type>IPSet</type><isValid>true</isValid></source>
          <source><value>10.9.0.1-10.9.0.6,10.9.1.0/24</value><type>Ipv4Address</type><isValid>true</isValid></source>
        </sources>
        <destinations excluded="true">
          <destination><value>192.168.50.0/24</value><type>Ipv4Address</type><isValid>true</isValid></destination>
        </destinations>
        <services>
          <service><isValid>true</isValid><destinationPort>23,2323</destinationPort><protocol>6</protocol><protocolName>TCP</protocolName></service>
          <service><name>HTTP</name><value>application-13</value><type>Application</type><isValid>true</isValid></service>
        </services>
        <direction>in</direction>
        <packetType>ipv4</packetType>
        <notes>legacy admin access</notes>
      </rule>
      <rule id="2002" disabled="true">
        <name>ping v6</name>
        <action>reject</action>
        <destinations excluded="false">
          <destination><value>2001:db8::1</value><type>Ipv6Address</type></destination>
          <destination><value>10.0.0.1</value><type>Ipv4Address</type></destination>
        </destinations>
        <services><service><protocol>58</protocol><subProtocol>128</subProtocol></service></services>
        <direction>out</direction>
        <packetType>ipv6</packetType>
        <frobnicate>1</frobnicate>
      </rule>
    </section>
    <section id="1003" name="Default Section Layer3" type="LAYER3">
      <rule id="1001" disabled="false" logged="false">
        <name>Default Rule</name>
        <action>deny</action>
        <appliedToList><appliedTo><value>DISTRIBUTED_FIREWALL</value><type>DISTRIBUTED_FIREWALL</type></appliedTo></appliedToList>
        <direction>inout</direction>
        <packetType>any</packetType>
      </rule>
    </section>
  </layer3Sections>
  <layer2Sections>
    <section id="1002" name="Default Section Layer2" type="LAYER2">
      <rule id="1000"><name>Default Rule</name><action>allow</action></rule>
    </section>
  </layer2Sections>
</firewallConfiguration>
`;

describe('NSX-V: a whole firewall configuration (hand-written)', () => {
  const out = parseWith(nsxvFormat, NSXV_FULL);
  const device = 'NSX-V distributed firewall globalroot-0';

  it('imports the layer 3 sections as rulesets, objects unresolved, services split, families limited', () => {
    expect(nsxvFormat.detect(NSXV_FULL, 'x.xml')).toBe(0.95);
    expect(out.rules.map((r) => [r.device, r.ruleset, r.order, r.name, r.protocol])).toEqual([
      [device, 'PCI web', 1, 'telnet from jump hosts', 'tcp'],
      [device, 'PCI web', 2, 'telnet from jump hosts', 'any'],
      [device, 'PCI web', 3, 'ping v6', 'icmpv6'],
      [device, 'Default Section Layer3', 1, 'Default Rule', 'any'],
    ]);
    // 10.9.0.1-10.9.0.6 is 10.9.0.1/32, 10.9.0.2/31, 10.9.0.4/31, 10.9.0.6/32; the IPSet stays a name.
    expect(out.rules[0]).toMatchObject({
      action: 'allow',
      direction: 'in',
      sources: ['10.9.0.1/32', '10.9.0.2/31', '10.9.0.4/31', '10.9.0.6/32', '10.9.1.0/24'],
      sourcesNegated: false,
      destinations: ['192.168.50.0/24'],
      destinationsNegated: true,
      destinationPorts: ['23', '2323'],
      objects: ['jump-hosts', 'HTTP'],
      unresolved: ['IPSet jump-hosts', 'Application HTTP'],
      conditions: [],
      comment: 'legacy admin access',
      enabled: true,
      lineFrom: 6,
      lineTo: 27,
    });
    expect(out.rules[1]).toMatchObject({ destinationPorts: null, conditions: ['service Application HTTP'] });
    // packetType ipv6: any source is ::/0 only, the IPv4 destination can never match.
    expect(out.rules[2]).toMatchObject({
      action: 'reject',
      direction: 'out',
      enabled: false,
      sources: ['::/0'],
      destinations: ['2001:db8::1/128'],
      conditions: ['icmpv6 type 128'],
    });
    expect(out.rules[3]).toMatchObject({ action: 'deny', sources: ANY, destinations: ANY, conditions: [] });
    expect(out.policies).toEqual([]);
    expect(out.meta).toEqual({
      context: 'globalroot-0',
      sections: '2',
      evaluation: expect.stringMatching(/^sections run top to bottom/),
    });
  });

  it('notes each object once, what it cannot read, and the layer 2 section; the default rule is present', () => {
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      // Lines counted in NSXV_FULL: the layer 2 <section> 52, the IPSet source 14, the HTTP service 22,
      // <frobnicate> 38, rule 2002 opens on 28.
      [
        52,
        'layer 2 section (Ethernet frames, not IP) "Default Section Layer2" with 1 rule(s): not access rules, not imported',
      ],
      [14, 'IPSet "jump-hosts" (ipset-7) is defined outside this export; kept unresolved'],
      [22, 'Application "HTTP" is defined outside this export; kept unresolved'],
      [38, 'section "PCI web" rule ping v6: <frobnicate> not understood, not imported'],
      [28, 'section "PCI web" rule ping v6: packetType ipv6: 10.0.0.1/32 can never match'],
    ]);
  });

  it('is the same at piece size 1', () => {
    expect(parseWith(nsxvFormat, NSXV_FULL, {}, 1)).toEqual(out);
  });

  it('an export whose sections hold no rule imports with one note', () => {
    const r = parseWith(nsxvFormat, '<section id="7" name="empty" type="LAYER3"></section>');
    expect([r.rules, r.policies]).toEqual([[], []]);
    expect(r.notes).toEqual([
      { line: null, column: null, what: 'no access rules: 1 NSX-V layer 3 section without rules; kept as evidence' },
    ]);
    expect(r.meta).toEqual({ sections: '1', contents: 'firewall sections or policies without rules' });
  });
});

describe('NSX-V: broken and hostile input', () => {
  it('refuses a rule without action, malformed XML, entity declarations and a foreign root, with positions', () => {
    const noAction = parseError(() =>
      parseWith(nsxvFormat, '<section name="s">\n <rule>\n  <name>a</name>\n </rule>\n</section>'),
    );
    expect([noAction.line, noAction.message]).toEqual([
      2,
      expect.stringMatching(/rule a has no <action>; expected an NSX-V/),
    ]);
    const bad = parseError(() =>
      parseWith(nsxvFormat, '<section name="s">\n<rule><action>allow</action></rul>\n</section>'),
    );
    expect(bad.line).toBe(2);
    const entity = parseError(() =>
      parseWith(nsxvFormat, '<?xml version="1.0"?>\n<!DOCTYPE s [<!ENTITY a "aaaa">]>\n<section>&a;</section>'),
    );
    expect(entity.message).toMatch(/entity declarations are refused/);
    expect(parseError(() => parseWith(nsxvFormat, '<rules/>')).message).toMatch(
      /expected <section> or <firewallConfiguration>/,
    );
    expect(parseError(() => parseWith(nsxvFormat, '<section name="s">\n<rule>')).line).toBe(2);
  });
});

// The hierarchical policy tree (GET /policy/api/v1/infra?filter=Type-Domain|SecurityPolicy|Rule), by hand.
const NSXT_TREE = JSON.stringify(
  {
    resource_type: 'Infra',
    children: [
      {
        resource_type: 'ChildDomain',
        Domain: {
          id: 'default',
          resource_type: 'Domain',
          children: [
            {
              resource_type: 'ChildSecurityPolicy',
              SecurityPolicy: {
                id: 'pci-app',
                display_name: 'PCI app',
                resource_type: 'SecurityPolicy',
                path: '/infra/domains/default/security-policies/pci-app',
                category: 'Application',
                sequence_number: 10,
                scope: ['ANY'],
                connectivity_strategy: 'WHITELIST',
                children: [
                  {
                    resource_type: 'ChildRule',
                    Rule: {
                      id: 'r-ftp',
                      display_name: 'ftp in',
                      resource_type: 'Rule',
                      sequence_number: 20,
                      action: 'ALLOW',
                      source_groups: ['10.1.0.0/16', '/infra/domains/default/groups/partners'],
                      destination_groups: ['ANY'],
                      services: ['/infra/services/FTP'],
                      service_entries: [
                        { resource_type: 'ALGTypeServiceEntry', alg: 'FTP', destination_ports: ['21'] },
                      ],
                      scope: ['/infra/domains/default/groups/web'],
                      profiles: ['ANY'],
                      direction: 'IN',
                      ip_protocol: 'IPV4',
                      disabled: false,
                      logged: true,
                    },
                  },
                  {
                    resource_type: 'ChildRule',
                    Rule: {
                      id: 'r-telnet',
                      display_name: 'telnet to the pair',
                      resource_type: 'Rule',
                      sequence_number: 10,
                      action: 'REJECT',
                      source_groups: ['ANY'],
                      destination_groups: ['10.2.0.10-10.2.0.11'],
                      destinations_excluded: true,
                      services: ['ANY'],
                      service_entries: [
                        {
                          resource_type: 'L4PortSetServiceEntry',
                          l4_protocol: 'TCP',
                          destination_ports: ['23', '2323-2324'],
                        },
                      ],
                      direction: 'IN_OUT',
                      ip_protocol: 'IPV4_IPV6',
                      disabled: true,
                    },
                  },
                  {
                    resource_type: 'ChildRule',
                    Rule: {
                      id: 'r-icmp',
                      resource_type: 'Rule',
                      sequence_number: 10,
                      action: 'DROP',
                      source_groups: ['2001:db8::/64', '192.0.2.1'],
                      destination_groups: ['ANY'],
                      service_entries: [
                        { resource_type: 'ICMPTypeServiceEntry', protocol: 'ICMPv6', icmp_type: '128' },
                        { resource_type: 'IPProtocolServiceEntry', protocol_number: 47 },
                      ],
                      ip_protocol: 'IPV6',
                      direction: 'OUT',
                      colour: 'blue',
                    },
                  },
                ],
              },
            },
            {
              resource_type: 'ChildSecurityPolicy',
              SecurityPolicy: {
                id: 'env',
                display_name: 'Env',
                resource_type: 'SecurityPolicy',
                category: 'Environment',
                scope: ['/infra/domains/default/groups/pci'],
                rules: [
                  {
                    id: 'jump',
                    resource_type: 'Rule',
                    action: 'JUMP_TO_APPLICATION',
                    source_groups: ['ANY'],
                    destination_groups: ['ANY'],
                    services: ['ANY'],
                    scope: ['/infra/domains/default/groups/ignored'],
                    profiles: ['/infra/context-profiles/SSL'],
                  },
                ],
              },
            },
          ],
        },
      },
    ],
  },
  null,
  1,
);

describe('NSX-T: the hierarchical policy tree (hand-written)', () => {
  const out = parseWith(nsxtFormat, NSXT_TREE);
  const device = 'NSX-T domain default';
  const line = (needle: string) => NSXT_TREE.slice(0, NSXT_TREE.indexOf(needle)).split('\n').length;

  it('orders by sequence_number (ties in document order), splits services, reads each entry kind', () => {
    expect(nsxtFormat.detect(NSXT_TREE, 'x.json')).toBe(0.95);
    expect(
      out.rules.map((r) => [r.device, r.ruleset, r.order, r.name, r.action, r.protocol, r.destinationPorts]),
    ).toEqual([
      [device, 'PCI app', 1, 'telnet to the pair', 'reject', 'tcp', ['23', '2323-2324']],
      [device, 'PCI app', 2, 'r-icmp', 'drop', 'icmpv6', null],
      [device, 'PCI app', 3, 'r-icmp', 'drop', 'gre', null],
      [device, 'PCI app', 4, 'ftp in', 'allow', 'tcp', ['21']],
      [device, 'PCI app', 5, 'ftp in', 'allow', 'any', null],
      [device, 'Env', 1, 'jump', 'other', 'any', null],
    ]);
    // 10.2.0.10-10.2.0.11 is 10.2.0.10/31; destinations_excluded negates it; disabled.
    expect(out.rules[0]).toMatchObject({
      sources: ANY,
      destinations: ['10.2.0.10/31'],
      destinationsNegated: true,
      enabled: false,
      direction: null,
      conditions: [],
      unresolved: [],
    });
    // ip_protocol IPV6: 192.0.2.1 can never match; any destination is ::/0.
    expect(out.rules[1]).toMatchObject({
      sources: ['2001:db8::/64'],
      destinations: ['::/0'],
      direction: 'out',
      conditions: ['icmpv6 type 128'],
    });
    const groups = ['/infra/domains/default/groups/partners', '/infra/domains/default/groups/web'];
    expect(out.rules[3]).toMatchObject({
      sources: ['10.1.0.0/16'],
      destinations: ['0.0.0.0/0'],
      direction: 'in',
      unresolved: [...groups, '/infra/services/FTP'],
      objects: groups,
      conditions: ['applied to /infra/domains/default/groups/web', 'ALG FTP'],
    });
    expect(out.rules[4]!.conditions).toEqual([
      'applied to /infra/domains/default/groups/web',
      'service /infra/services/FTP',
    ]);
    // The policy's scope wins over the rule's; the context profile is a condition.
    expect(out.rules[5]).toMatchObject({
      target: 'JUMP_TO_APPLICATION',
      unresolved: ['/infra/domains/default/groups/pci'],
      conditions: ['applied to /infra/domains/default/groups/pci', 'context profile /infra/context-profiles/SSL'],
    });
    for (const r of out.rules) expect(r.lineFrom !== null && r.lineTo !== null && r.text.startsWith('{')).toBe(true);
  });

  it('records the connectivity strategy as the policy default, and notes what it does not resolve', () => {
    expect(out.policies).toEqual([
      { device, ruleset: 'PCI app', policy: 'drop', lineFrom: line('"id": "pci-app"') - 1 },
    ]);
    expect(out.meta).toEqual({ policies: '2', evaluation: expect.stringMatching(/^policies run by category/) });
    const icmp = line('"id": "r-icmp"') - 1;
    const ftp = line('"id": "r-ftp"') - 1;
    const jump = line('"id": "jump"') - 1;
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      [icmp, 'policy "PCI app" rule r-icmp: field "colour" not understood ("blue")'],
      [icmp, 'policy "PCI app" rule r-icmp: ip_protocol IPV6: 192.0.2.1/32 can never match'],
      [ftp, 'group /infra/domains/default/groups/partners is defined outside this export; kept unresolved'],
      [ftp, 'group /infra/domains/default/groups/web is defined outside this export; kept unresolved'],
      [ftp, 'service /infra/services/FTP is defined outside this export; kept unresolved'],
      [jump, 'policy "Env" rule jump: action JUMP_TO_APPLICATION kept as other'],
      [jump, 'group /infra/domains/default/groups/pci is defined outside this export; kept unresolved'],
    ]);
  });

  it('reads {"results": [rules]} grouped by parent policy, and says when a page is missing', () => {
    const list = JSON.stringify({
      results: [
        {
          resource_type: 'Rule',
          id: 'a',
          parent_path: '/infra/domains/prod/security-policies/p1',
          action: 'ALLOW',
          source_groups: ['ANY'],
          destination_groups: ['10.0.0.0/24'],
          services: ['ANY'],
          service_entries: [{ resource_type: 'L4PortSetServiceEntry', l4_protocol: 'UDP', destination_ports: ['69'] }],
        },
      ],
      result_count: 2,
      cursor: '00012',
    });
    const r = parseWith(nsxtFormat, list);
    expect(r.rules.map((x) => [x.device, x.ruleset, x.protocol, x.destinationPorts, x.destinations])).toEqual([
      ['NSX-T domain prod', 'p1', 'udp', ['69'], ['10.0.0.0/24']],
    ]);
    expect(r.notes.map((n) => n.what)).toEqual([
      'cursor is set: the list is one page of several; the other pages are missing',
      expect.stringMatching(/^NSX-T distributed firewall: the default rule/),
    ]);
    expect(parseWith(nsxtFormat, list, { hostName: 'nsx-mgr-1' }).rules[0]!.device).toBe('nsx-mgr-1');
  });

  it('is the same at piece size 1', () => {
    expect(parseWith(nsxtFormat, NSXT_TREE, {}, 1)).toEqual(out);
  });

  it('a policy list without rules (as the list API returns it) imports with one note', () => {
    const list = JSON.stringify({
      results: [
        { resource_type: 'SecurityPolicy', id: 'a', display_name: 'A', category: 'Application', scope: ['ANY'] },
        { resource_type: 'SecurityPolicy', id: 'b', display_name: 'B', category: 'Environment', scope: ['ANY'] },
      ],
      result_count: 2,
    });
    const r = parseWith(nsxtFormat, list);
    expect([r.rules, r.policies]).toEqual([[], []]);
    expect(r.notes).toEqual([
      {
        line: null,
        column: null,
        what: 'no access rules: 2 NSX-T policies without rules (the policy list API leaves rules out: export each policy with its rules); kept as evidence',
      },
    ]);
    expect(r.meta).toMatchObject({ policies: '2', contents: 'firewall sections or policies without rules' });
  });
});

describe('NSX-T: broken and hostile input', () => {
  it('refuses cut JSON, rules without action, foreign JSON and deep nesting, with positions', () => {
    const cut = parseError(() => parseWith(nsxtFormat, '{"rules": [\n {"action": "ALLOW", "source_groups": ["ANY"]'));
    expect([cut.line, cut.message]).toEqual([2, expect.stringMatching(/not valid JSON .*expected NSX-T policy JSON/)]);
    const noAction = parseError(() =>
      parseWith(
        nsxtFormat,
        '{"resource_type": "SecurityPolicy", "display_name": "p",\n "rules": [\n  {"display_name": "x", "source_groups": ["ANY"], "destination_groups": ["ANY"]}]}',
      ),
    );
    expect([noAction.line, noAction.message]).toEqual([3, expect.stringMatching(/rule x has no action/)]);
    expect(parseError(() => parseWith(nsxtFormat, '[1, 2]')).message).toMatch(/neither policies nor rules/);
    expect(parseError(() => parseWith(nsxtFormat, '{"foo": 1}')).message).toMatch(/no NSX-T policy or rule found/);
    expect(parseError(() => parseWith(nsxtFormat, '"x"')).message).toMatch(/a JSON string/);
    expect(parseError(() => parseWith(nsxtFormat, '['.repeat(5000))).message).toMatch(/nested deeper/);
    expect(parseError(() => parseWith(nsxtFormat, '')).message).toMatch(/empty/);
  });
});

describe.skipIf(!corpusAvailable)('NSX files through the import runner', () => {
  it('detects and imports both aerleon references', async () => {
    for (const [rel, format, device] of [
      [NSXV, 'vmware-nsxv-xml', 'sample_nsxv_filter'],
      [NSXT, 'vmware-nsxt-json', 'sample_nsxt_filter'],
    ] as const) {
      const { store, result } = await importInto(corpus(rel));
      expect(result).toMatchObject({ format, ruleCount: 23 });
      const rows = listRules(store.db).rows;
      expect(rows).toHaveLength(23);
      expect(rows.find((r) => r.name === 'accept-ssh-requests')).toMatchObject({
        device,
        protocol: 'tcp',
        destinationPorts: ['22'],
        sources: RFC1918,
      });
      expect(listPolicies(store.db)).toEqual([]);
      store.close();
    }
  });

  it('a broken export leaves the engagement unchanged', async () => {
    const dir = tempDir();
    for (const [name, text] of [
      ['cut.nsxt.json', readFileSync(corpus(NSXT)).subarray(0, 5000)],
      ['cut.nsx.xml', readFileSync(corpus(NSXV)).subarray(0, 5000)],
    ] as const) {
      writeFileSync(join(dir, name), text);
      const store = newEngagement(tempDir());
      await expect(importFile(store, fixedContext(), join(dir, name))).rejects.toMatchObject({ code: 'PARSE_ERROR' });
      expectUntouched(store);
      store.close();
    }
  });
});
