// Check Point: management API JSON answers (access rulebases imported as rules; NAT rulebases, object
// catalogs and packages imported with no rules and a note) and Gaia clish configurations (no rules, a
// note with interfaces and routes). Exact counts for every corpus file, rules checked by hand against
// the files, a hand-written fixture for groups, exclusions, negation, sections, inline layers and the
// columns the corpus leaves at their defaults, and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { checkpointFormats } from '../../src-main/core/import/rulebases/checkpoint';
import { checkpointGaiaClish } from '../../src-main/core/import/rulebases/checkpoint-gaia';
import { checkpointMgmtJson } from '../../src-main/core/import/rulebases/checkpoint-mgmt';
import { checkpointPorts } from '../../src-main/core/import/rulebases/checkpoint-objects';
import { importFile } from '../../src-main/core/import/run-import';
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

const specFor = (rel: string) => (rel.endsWith('.txt') ? checkpointGaiaClish : checkpointMgmtJson);
const parseFile = (rel: string, pieceSize?: number) =>
  parseWith(specFor(rel), readFileSync(corpus(rel)), {}, pieceSize);

const BF_ACCESS = 'rulebases/batfish--show-access-rulebase.json';
const LAB_ACCESS = 'rulebases/lab-validation--show-access-rulebase.json';
const BF_GAIA = 'rulebases/batfish--show_configuration.txt';
const LAB_GAIA = 'rulebases/lab-validation--show_configuration.txt';

/** The match of a rule, for compact comparisons. */
const match = (r: Rule | undefined) =>
  r && [r.ruleset, r.order, r.name, r.action, r.sources, r.destinations, r.protocol, r.destinationPorts];

// Rule counts by hand (and python3 json.load, walking "rulebase" through access-sections): batfish holds
// three layers (Network: 2 access-rules, StandardCustomLayer1: 1, Sharedlayer2: 1); lab-validation one
// layer, Network, with 5 access-rules; each rule uses Any or one protocol, so one model rule each.
// Files without access rules: [file, contents meta, the "no access rules" note].
const ZERO: [string, string, string][] = [
  [
    'rulebases/batfish--show-nat-rulebase.json',
    'nat-rulebase',
    // python3: 1 nat-rule at the top and 4 in section "Network Hide NAT"; 7 nat-sections.
    'no access rules: a NAT rulebase with 5 NAT rules in 7 sections; NAT rules translate addresses and admit nothing; kept as evidence',
  ],
  [
    'rulebases/lab-validation--show-nat-rulebase.json',
    'nat-rulebase',
    'no access rules: a NAT rulebase with 2 NAT rules in 7 sections; NAT rules translate addresses and admit nothing; kept as evidence',
  ],
  [
    'rulebases/batfish--show-hosts.json',
    'objects',
    'no access rules: an object catalog with 4 objects (host 4); kept as evidence',
  ],
  [
    'rulebases/batfish--show-networks.json',
    'objects',
    'no access rules: an object catalog with 9 objects (network 9); kept as evidence',
  ],
  [
    'rulebases/batfish--show-groups.json',
    'objects',
    'no access rules: an object catalog with 1 object (group 1); kept as evidence',
  ],
  [
    'rulebases/batfish--show-services-tcp.json',
    'objects',
    'no access rules: an object catalog with 217 objects (service-tcp 217); kept as evidence',
  ],
  [
    'rulebases/batfish--show-gateways-and-servers.json',
    'objects',
    'no access rules: an object catalog with 2 objects (CpmiHostCkp 1, simple-gateway 1); kept as evidence',
  ],
  [
    'rulebases/batfish--show-packages.json',
    'packages',
    'no access rules: 2 policy packages: Standard (access layers Network, StandardCustomLayer1, Sharedlayer2; installed on all); test1 (access layers test1 Network; installed on all); kept as evidence',
  ],
  [
    'rulebases/lab-validation--show-objects.json',
    'objects',
    // "total": 8915 but only "from": 1 "to": 50 in the file.
    'no access rules: an object catalog with 50 objects (application-site 50) (items 1-50 of 8915: one page of the answer); kept as evidence',
  ],
];

describe.skipIf(!corpusAvailable)('Check Point detection over the whole corpus', () => {
  it('claims exactly the Check Point files, also through the registry', () => {
    const mgmt = new Set(manifestFiles(/^checkpoint-mgmt-api-json$/));
    const gaia = new Set(manifestFiles(/^checkpoint-gaia-clish$/));
    expect([mgmt.size, gaia.size]).toEqual([11, 2]);
    for (const rel of manifestFiles(/./)) {
      const head = readFileSync(corpus(rel))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(checkpointMgmtJson.detect(head, rel) > 0, rel).toBe(mgmt.has(rel));
      expect(checkpointGaiaClish.detect(head, rel) > 0, rel).toBe(gaia.has(rel));
      if (mgmt.has(rel)) expect(detectFormat(head, rel)?.id, rel).toBe('checkpoint-mgmt-json');
      if (gaia.has(rel)) expect(detectFormat(head, rel)?.id, rel).toBe('checkpoint-gaia-clish');
    }
    expect(checkpointFormats.map((f) => [f.id, f.needsHostName])).toEqual([
      ['checkpoint-mgmt-json', false],
      ['checkpoint-gaia-clish', false],
    ]);
  });
});

describe.skipIf(!corpusAvailable)('Check Point access rulebases (corpus)', () => {
  it('batfish: 4 rules in 3 ordered layers, each with the implicit drop policy', () => {
    const out = parseFile(BF_ACCESS);
    expect(out.rules).toHaveLength(4);
    expect(out.meta).toEqual({
      contents: 'access-rulebase',
      device: 'Network',
      layers: 'Network, StandardCustomLayer1, Sharedlayer2',
    });
    expect(out.rules.every((r) => r.device === 'Network')).toBe(true);
    // lines 6-75: "Cleanup rule", rule-number 1, source [somehost = host 10.1.1.1], destination/service Any, Accept
    // lines 76-145: "testrule", rule-number 2, Any/Any/Any, Accept
    const [cleanup1, testrule, layer1, shared2] = out.rules;
    expect(match(cleanup1)).toEqual([
      'Network',
      1,
      'Cleanup rule',
      'allow',
      ['10.1.1.1/32'],
      ['0.0.0.0/0', '::/0'],
      'any',
      null,
    ]);
    expect(cleanup1).toMatchObject({ objects: ['somehost'], lineFrom: 6, lineTo: 75, conditions: [], unresolved: [] });
    expect(cleanup1?.text).toMatch(/^\{\s+"uid": "76fd22f2-efa8-4c81-a617-40201d3f5c4e",/);
    expect(match(testrule)).toEqual([
      'Network',
      2,
      'testrule',
      'allow',
      ['0.0.0.0/0', '::/0'],
      ['0.0.0.0/0', '::/0'],
      'any',
      null,
    ]);
    expect([testrule?.lineFrom, testrule?.lineTo]).toEqual([76, 145]);
    // lines 334-403 and 530-599: each custom layer's "Cleanup rule", Any/Any/Any Accept.
    expect([layer1?.ruleset, layer1?.order, layer1?.action, layer1?.lineFrom]).toEqual([
      'StandardCustomLayer1',
      1,
      'allow',
      334,
    ]);
    expect([shared2?.ruleset, shared2?.order, shared2?.action, shared2?.lineFrom]).toEqual([
      'Sharedlayer2',
      1,
      'allow',
      530,
    ]);
    expect(out.policies.map((p) => [p.ruleset, p.policy])).toEqual([
      ['Network', 'drop'],
      ['StandardCustomLayer1', 'drop'],
      ['Sharedlayer2', 'drop'],
    ]);
    // Every layer has an explicit catch-all, so the only note is about ordered layers.
    expect(out.notes.map((n) => n.what)).toEqual([
      "3 ordered layers (Network, StandardCustomLayer1, Sharedlayer2): Check Point passes a connection only if every layer accepts it; ask reachability with every layer as an entry and combine 'all'",
    ]);
  });

  it('lab-validation: 5 rules; gateway, multicast range, ICMP, SSH and the cleanup drop (checked by hand)', () => {
    const out = parseFile(LAB_ACCESS);
    expect(out.rules).toHaveLength(5);
    expect(out.rules.map((r) => [r.order, r.name, r.action, r.hitCount, r.lineFrom, r.lineTo])).toEqual([
      [1, 'MGMT', 'allow', 779, 5, 87],
      [2, 'OSPF_Multicast', 'allow', 29056, 88, 170],
      [3, 'Deny_ICMP_in_to_out', 'drop', 31, 171, 252],
      [4, 'Allow_SSH_in_to_out', 'allow', 3, 253, 336],
      [5, 'Cleanup rule', 'drop', 35107, 337, 417],
    ]);
    const [mgmt, ospf, icmp, ssh, cleanup] = out.rules;
    // MGMT: Any -> cp-gw1 (simple-gateway: "ipv4-address" 10.150.0.15, interfaces eth2 10.23.21.1,
    // eth0 10.150.0.15, eth1 10.12.11.2), Any service, Accept.
    expect(match(mgmt)).toEqual([
      'Network',
      1,
      'MGMT',
      'allow',
      ['0.0.0.0/0', '::/0'],
      ['10.150.0.15/32', '10.23.21.1/32', '10.12.11.2/32'],
      'any',
      null,
    ]);
    // OSPF_Multicast: Any -> ospf_multicast (multicast-address-range 224.0.0.5 - 224.0.0.6), Accept.
    expect(match(ospf)?.slice(4)).toEqual([['0.0.0.0/0', '::/0'], ['224.0.0.5/32', '224.0.0.6/32'], 'any', null]);
    // Deny_ICMP_in_to_out: [INSIDE_172.16.0.1 host, INSIDE_10.12.11.0 network /24] -> OUTSIDE_172.16.0.3,
    // echo-request (service-icmp, icmp-type 8), Drop.
    expect(match(icmp)).toEqual([
      'Network',
      3,
      'Deny_ICMP_in_to_out',
      'drop',
      ['172.16.0.1/32', '10.12.11.0/24'],
      ['172.16.0.3/32'],
      'icmp',
      null,
    ]);
    expect(icmp?.conditions).toEqual(['icmp-type 8']);
    expect(icmp?.objects).toEqual(['INSIDE_172.16.0.1', 'INSIDE_10.12.11.0', 'OUTSIDE_172.16.0.3', 'echo-request']);
    // Allow_SSH_in_to_out: the same sources the other way round -> OUTSIDE_172.16.0.3, ssh (service-tcp "22"), Accept.
    expect(match(ssh)).toEqual([
      'Network',
      4,
      'Allow_SSH_in_to_out',
      'allow',
      ['10.12.11.0/24', '172.16.0.1/32'],
      ['172.16.0.3/32'],
      'tcp',
      ['22'],
    ]);
    expect(ssh).toMatchObject({ sourcesNegated: false, destinationsNegated: false, sourcePorts: null, conditions: [] });
    // Cleanup rule: Any/Any/Any Drop, the explicit catch-all.
    expect(match(cleanup)?.slice(3)).toEqual(['drop', ['0.0.0.0/0', '::/0'], ['0.0.0.0/0', '::/0'], 'any', null]);
    expect(out.policies).toEqual([{ device: 'Network', ruleset: 'Network', policy: 'drop', lineFrom: null }]);
    expect(out.notes).toEqual([]);
  });

  it.each(ZERO)('%s: no rules, contents %s, one note', (rel, contents, what) => {
    const out = parseFile(rel);
    expect(out.rules).toEqual([]);
    expect(out.policies).toEqual([]);
    expect(out.meta).toEqual({ contents });
    expect(out.notes).toEqual([{ line: null, column: null, what }]);
  });

  it('Gaia configurations: no rules; interfaces, routes and allowed clients in the note', () => {
    const bf = parseFile(BF_GAIA);
    expect(bf.rules).toEqual([]);
    expect(bf.meta).toMatchObject({ device: 'cp_gw1', contents: 'gaia-configuration', gaiaLanguageVersion: '13.4v1' });
    // grep: "set interface" names eth0..eth9 and lo (11), addresses on eth0, eth1, lo; one "set static-route".
    expect(bf.notes.at(-1)?.what).toBe(
      "no access rules: Gaia clish configuration of cp_gw1 with 11 interfaces (3 with addresses: eth0 10.0.0.1/16, eth1 10.1.1.1/24, lo 127.0.0.1/8) and 1 static route (default via 10.1.1.2); Gaia management allowed from any host; the gateway's access policy is installed from its management server; kept as evidence",
    );
    const lab = parseFile(LAB_GAIA);
    expect(lab.meta.device).toBe('cp-gw1');
    expect(lab.notes.at(-1)?.what).toBe(
      "no access rules: Gaia clish configuration of cp-gw1 with 5 interfaces (4 with addresses: eth0 10.150.0.15/16, eth1 10.12.11.2/24, eth2 10.23.21.1/24, lo 127.0.0.1/8) and 1 static route (default via 10.150.0.1); Gaia management allowed from any host; the gateway's access policy is installed from its management server; kept as evidence",
    );
    // Settings are counted per command, never quoted (the lab file holds password hashes).
    expect(lab.notes).toContainEqual({
      line: 108,
      column: null,
      what: '"set snmp …": 21 lines of gateway settings not read (no access rules in them)',
    });
    expect(lab.notes.some((n) => n.what.includes('$1$'))).toBe(false);
    expect(lab.notes.find((n) => n.what.startsWith('"set expert-password-hash'))?.line).toBe(32);
  });

  it('gives the same result whatever the piece size', () => {
    for (const rel of [BF_ACCESS, LAB_ACCESS, BF_GAIA, LAB_GAIA, ...ZERO.map(([f]) => f)]) {
      const whole = parseFile(rel, 1 << 24);
      expect(parseFile(rel, 7), rel).toEqual(whole);
      if (rel.endsWith('.txt')) expect(parseFile(rel, 1), rel).toEqual(whole);
    }
  });

  it('imports through the runner by detection; a truncated copy leaves the engagement untouched', async () => {
    const { store, result } = await importInto(corpus(LAB_ACCESS));
    expect(result).toMatchObject({ format: 'checkpoint-mgmt-json', ruleCount: 5 });
    expect(listRules(store.db).rows.map((r) => r.name)).toEqual([
      'MGMT',
      'OSPF_Multicast',
      'Deny_ICMP_in_to_out',
      'Allow_SSH_in_to_out',
      'Cleanup rule',
    ]);
    expect(listPolicies(store.db)).toHaveLength(1);
    store.close();

    const nat = await importInto(corpus(ZERO[0]![0]));
    expect(nat.result).toMatchObject({ format: 'checkpoint-mgmt-json', ruleCount: 0, noteCount: 1 });
    expect(nat.result.meta).toEqual({ contents: 'nat-rulebase' });
    nat.store.close();

    const gaia = await importInto(corpus(BF_GAIA));
    expect(gaia.result).toMatchObject({ format: 'checkpoint-gaia-clish', ruleCount: 0 });
    gaia.store.close();

    const dir = tempDir();
    writeFileSync(join(dir, 'cut.json'), readFileSync(corpus(LAB_ACCESS)).subarray(0, 5000));
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'cut.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+, column \d+: not valid JSON/),
    });
    expectUntouched(empty);
    empty.close();
  });
});

// Hand-written in the 'show-access-rulebase' layout (an ordered layer and the inline layer it applies) for
// what the corpus lacks: nested groups (with a loop), ranges, IPv6 networks, groups with exclusion,
// negation, service groups with Check Point port notation, sections, conditions, inline layers, paging.
const ANY = '97aeb369-9aea-11d5-bd16-0090272ccb30';
const o = (uid: string, name: string, type: string, extra: Record<string, unknown> = {}) => ({
  uid,
  name,
  type,
  ...extra,
});
const DICT = [
  o(ANY, 'Any', 'CpmiAnyObject'),
  o('a-accept', 'Accept', 'RulebaseAction'),
  o('a-drop', 'Drop', 'RulebaseAction'),
  o('a-reject', 'Reject', 'RulebaseAction'),
  o('a-ask', 'Ask', 'RulebaseAction'),
  o('a-layer', 'Apply Layer', 'RulebaseAction'),
  o('pt', 'Policy Targets', 'Global'),
  o('gw-east', 'gw-east', 'simple-gateway', { 'ipv4-address': '198.51.100.1' }),
  o('t-work', 'workhours', 'time'),
  o('h-a1', 'admin-1', 'host', { 'ipv4-address': '10.0.0.10', interfaces: [{ subnet4: '10.9.9.0' }] }),
  o('r-jump', 'jump-range', 'address-range', { 'ipv4-address-first': '10.0.1.5', 'ipv4-address-last': '10.0.1.20' }),
  o('n-v6', 'lab-v6', 'network', { subnet6: '2001:db8:1::', 'mask-length6': 64 }),
  o('g-jump', 'jump-hosts', 'group', { members: ['r-jump', 'n-v6', 'g-admins'] }),
  o('g-admins', 'admins', 'group', { members: ['h-a1', 'g-jump'] }),
  o('n-srv', 'servers', 'network', { subnet4: '192.168.10.0', 'subnet-mask': '255.255.255.0' }),
  o('s-ssh', 'ssh', 'service-tcp', { port: '22' }),
  o('s-high', 'high-tcp', 'service-tcp', { port: '>1023' }),
  o('s-low', 'low-udp', 'service-udp', { port: '<1024' }),
  o('s-dns', 'domain-udp', 'service-udp', { port: '53', 'source-port': '1024-65535' }),
  o('sg-admin', 'admin-services', 'service-group', { members: ['s-ssh', 's-high', 's-low', 's-dns'] }),
  o('d-partner', '.partner.example', 'dns-domain'),
  o('g-partners', 'partners', 'group', { members: ['d-partner', 'missing-uid'] }),
  o('n-10', 'ten', 'network', { subnet4: '10.0.0.0', 'mask-length4': 8 }),
  o('n-10-1', 'ten-one', 'network', { subnet4: '10.1.0.0', 'mask-length4': 16 }),
  o('gx', 'ten-but-one', 'group-with-exclusion', { include: 'n-10', except: 'n-10-1' }),
  o('s-https', 'https', 'service-tcp', { port: '443' }),
  o('n-dmz', 'dmz', 'network', { subnet4: '203.0.113.0', 'mask-length4': 24 }),
  o('app-fb', 'Facebook', 'application-site'),
  o('vpn-all', 'All_GwToGw', 'CpmiVpnCommunity'),
  o('s-telnet', 'telnet', 'service-tcp', { port: '23' }),
  o('h-dmz', 'dmz-web', 'host', { 'ipv4-address': '203.0.113.80', 'ipv6-address': '2001:db8:80::80' }),
  o('s-http', 'http', 'service-tcp', { port: '80' }),
  o('s-gre', 'gre', 'service-other', { 'ip-protocol': 47 }),
  o('s-echo', 'echo-request', 'service-icmp', { 'icmp-type': 8 }),
];
const rule = (n: number, name: string, fields: Record<string, unknown>) => ({
  uid: `r${n}-${name}`,
  name,
  type: 'access-rule',
  'rule-number': n,
  source: [ANY],
  'source-negate': false,
  destination: [ANY],
  'destination-negate': false,
  service: [ANY],
  'service-negate': false,
  vpn: [ANY],
  content: [ANY],
  time: [ANY],
  'install-on': ['pt'],
  enabled: true,
  comments: '',
  ...fields,
});
const FIXTURE = JSON.stringify(
  [
    {
      uid: 'L1',
      name: 'Corp Policy',
      rulebase: [
        {
          uid: 'sec-admin',
          name: 'Admin',
          type: 'access-section',
          from: 1,
          to: 2,
          rulebase: [
            rule(1, 'admins', {
              source: ['g-admins'],
              destination: ['n-srv'],
              service: ['sg-admin'],
              action: 'a-accept',
              time: ['t-work'],
              'install-on': ['gw-east'],
              hits: { value: 12, level: 'low' },
              comments: 'jump hosts',
            }),
            rule(2, 'not partners', {
              source: ['g-partners'],
              'source-negate': true,
              destination: ['gx'],
              service: ['s-https'],
              action: 'a-drop',
            }),
          ],
        },
        rule(3, 'dmz', { destination: ['n-dmz'], action: 'a-layer', 'inline-layer': 'L2' }),
        rule(4, 'social', { service: ['app-fb'], action: 'a-ask', vpn: ['vpn-all'] }),
        rule(5, 'no telnet', {
          service: ['s-telnet'],
          'service-negate': true,
          action: 'a-reject',
          enabled: false,
          'x-extra': 1,
        }),
        rule(6, 'elsewhere', { action: 'a-layer', 'inline-layer': 'L9' }),
      ],
      'objects-dictionary': DICT,
      from: 1,
      to: 6,
      total: 9,
    },
    {
      uid: 'L2',
      name: 'DMZ inline',
      rulebase: [
        rule(1, 'dmz web', { destination: ['h-dmz'], service: ['s-http', 's-gre', 's-echo'], action: 'a-reject' }),
        rule(2, 'Cleanup rule', { action: 'a-drop' }),
      ],
      'objects-dictionary': DICT,
      from: 1,
      to: 2,
      total: 2,
    },
  ],
  null,
  2,
);

describe('Check Point access rulebase (hand-written fixture)', () => {
  const out = parseWith(checkpointMgmtJson, FIXTURE);
  const ANYS = ['0.0.0.0/0', '::/0'];

  it('orders rules by rule-number, one model rule per protocol, later rules moved up', () => {
    expect(out.rules.map((r) => [r.ruleset, r.order, r.name, r.action, r.target, r.protocol, r.enabled])).toEqual([
      ['Corp Policy', 1, 'admins', 'allow', null, 'tcp', true],
      ['Corp Policy', 2, 'admins', 'allow', null, 'udp', true],
      ['Corp Policy', 3, 'admins', 'allow', null, 'udp', true],
      ['Corp Policy', 4, 'not partners', 'drop', null, 'tcp', true],
      ['Corp Policy', 5, 'dmz', 'goto', 'DMZ inline', 'any', true],
      ['Corp Policy', 6, 'social', 'allow', null, 'any', true],
      ['Corp Policy', 7, 'no telnet', 'reject', null, 'any', false],
      ['Corp Policy', 8, 'elsewhere', 'other', 'Apply Layer L9', 'any', true],
      ['DMZ inline', 1, 'dmz web', 'reject', null, 'tcp', true],
      ['DMZ inline', 2, 'dmz web', 'reject', null, 'gre', true],
      ['DMZ inline', 3, 'dmz web', 'reject', null, 'icmp', true],
      ['DMZ inline', 4, 'Cleanup rule', 'drop', null, 'any', true],
    ]);
    expect(out.rules.every((r) => r.device === 'Corp Policy')).toBe(true);
    expect(out.meta).toEqual({ contents: 'access-rulebase', device: 'Corp Policy', layers: 'Corp Policy, DMZ inline' });
  });

  it('expands nested groups, ranges, IPv6 networks and service groups with ">" and "<" ports', () => {
    const [tcp, udp, udpFromHigh] = out.rules;
    const sources = [
      '10.0.0.10/32',
      '10.0.1.5/32',
      '10.0.1.6/31',
      '10.0.1.8/29',
      '10.0.1.16/30',
      '10.0.1.20/32',
      '2001:db8:1::/64',
    ];
    expect(tcp).toMatchObject({
      sources,
      destinations: ['192.168.10.0/24'],
      destinationPorts: ['22', '1024-65535'],
      sourcePorts: null,
      hitCount: 12,
      comment: '[section Admin] jump hosts',
      objects: [
        'admins',
        'admin-1',
        'jump-hosts',
        'jump-range',
        'lab-v6',
        'servers',
        'admin-services',
        'ssh',
        'high-tcp',
        'low-udp',
        'domain-udp',
      ],
      unresolved: [],
      conditions: ['time workhours', 'install-on gw-east'],
    });
    expect(udp).toMatchObject({ sources, destinationPorts: ['0-1023'], sourcePorts: null });
    expect(udpFromHigh).toMatchObject({ destinationPorts: ['53'], sourcePorts: ['1024-65535'] });
  });

  it('negation, exclusion groups, unresolved names, conditions and inline layers', () => {
    const byName = (name: string) => out.rules.find((r) => r.name === name);
    expect(byName('not partners')).toMatchObject({
      sources: [],
      sourcesNegated: true,
      unresolved: ['.partner.example', 'missing-uid'],
      destinations: [
        '10.0.0.0/16',
        '10.2.0.0/15',
        '10.4.0.0/14',
        '10.8.0.0/13',
        '10.16.0.0/12',
        '10.32.0.0/11',
        '10.64.0.0/10',
        '10.128.0.0/9',
      ],
      destinationPorts: ['443'],
      objects: ['partners', '.partner.example', 'ten-but-one', 'ten', 'ten-one', 'https'],
      comment: '[section Admin]',
    });
    expect(byName('dmz')).toMatchObject({ sources: ANYS, destinations: ['203.0.113.0/24'], conditions: [] });
    expect(byName('social')?.conditions).toEqual([
      'action Ask: UserCheck asks the user, who may refuse',
      'vpn All_GwToGw',
      'service Facebook (application-site)',
    ]);
    expect(byName('no telnet')).toMatchObject({
      conditions: ['service not in: telnet'],
      destinationPorts: null,
      comment: null,
    });
    expect(
      out.rules
        .filter((r) => r.ruleset === 'DMZ inline')
        .map((r) => [r.destinations, r.destinationPorts, r.conditions]),
    ).toEqual([
      [['203.0.113.80/32', '2001:db8:80::80/128'], ['80'], []],
      [['203.0.113.80/32', '2001:db8:80::80/128'], null, []],
      [['203.0.113.80/32', '2001:db8:80::80/128'], null, ['icmp-type 8']],
      [ANYS, null, []],
    ]);
    expect(out.policies.map((p) => [p.device, p.ruleset, p.policy])).toEqual([
      ['Corp Policy', 'Corp Policy', 'drop'],
      ['Corp Policy', 'DMZ inline', 'drop'],
    ]);
  });

  it('notes paging, loops, unresolved objects, other services, unknown fields, missing inline layers, no catch-all', () => {
    expect(out.notes.map((n) => n.what)).toEqual([
      'layer Corp Policy: rules 1-6 of 9: one page of the answer; rules on other pages are missing',
      'layer Corp Policy rule 1 (admins): group admins contains itself; the loop is not followed',
      'layer Corp Policy rule 2 (not partners): dns-domain .partner.example has no address this import can read; kept unresolved',
      'layer Corp Policy rule 2 (not partners): object missing-uid is not in the objects-dictionary; kept unresolved',
      'layer Corp Policy rule 4 (social): application-site Facebook is not a port-based service; kept as a condition',
      'layer Corp Policy rule 5 (no telnet): field "x-extra" not understood (1)',
      "layer Corp Policy rule 6 (elsewhere): applies inline layer L9, whose rules are not in this file; the rule's effect is unknown here",
      "layer Corp Policy: no explicit catch-all (cleanup) rule; Check Point's implicit cleanup rule drops what the rules leave (recorded as the ruleset's 'drop' policy)",
    ]);
    expect(out.notes.every((n) => n.line !== null)).toBe(true);
    expect(parseWith(checkpointMgmtJson, FIXTURE, {}, 7)).toEqual(out);
  });

  it('a rulebase installed on one gateway names the device; an empty layer keeps its implicit drop', () => {
    const one = JSON.stringify({
      uid: 'L1',
      name: 'Edge',
      rulebase: [rule(1, 'web', { service: ['s-https'], action: 'a-accept', 'install-on': ['gw-east'] })],
      'objects-dictionary': DICT,
    });
    const r = parseWith(checkpointMgmtJson, one);
    expect(r.rules.map((x) => [x.device, x.ruleset, x.conditions])).toEqual([['gw-east', 'Edge', []]]);
    expect(r.meta.device).toBe('gw-east');
    const empty = parseWith(
      checkpointMgmtJson,
      '{"uid": "e", "name": "Empty", "rulebase": [], "objects-dictionary": []}',
    );
    expect(empty.rules).toEqual([]);
    expect(empty.policies).toEqual([{ device: 'Empty', ruleset: 'Empty', policy: 'drop', lineFrom: null }]);
    expect(empty.notes.map((n) => n.what)).toEqual([
      "layer Empty: no explicit catch-all (cleanup) rule; Check Point's implicit cleanup rule drops what the rules leave (recorded as the ruleset's 'drop' policy)",
    ]);
  });

  it('an access layer listed with a NAT rulebase: the NAT part is named in a note', () => {
    const doc = JSON.stringify([
      { uid: 'L1', name: 'Edge', rulebase: [rule(1, 'all', { action: 'a-accept' })], 'objects-dictionary': DICT },
      { uid: 'N', rulebase: [{ uid: 'n1', type: 'nat-rule', 'rule-number': 1 }], 'objects-dictionary': [] },
    ]);
    const r = parseWith(checkpointMgmtJson, doc);
    expect(r.rules).toHaveLength(1);
    expect(r.meta.contents).toBe('access-rulebase+nat-rulebase');
    expect(r.notes.map((n) => n.what)).toEqual([
      'the file also holds a NAT rulebase with 1 NAT rule in 0 sections; NAT rules translate addresses and admit nothing; not imported as rules',
    ]);
  });

  it('reads Check Point port notation', () => {
    expect(checkpointPorts('80')).toEqual([[80, 80]]);
    expect(checkpointPorts('1024-65535')).toEqual([[1024, 65535]]);
    expect(checkpointPorts('>1023')).toEqual([[1024, 65535]]);
    expect(checkpointPorts('<1024')).toEqual([[0, 1023]]);
    expect(checkpointPorts('>=1024')).toEqual([[1024, 65535]]);
    for (const bad of ['', 'http', '70000', '>65535', '<0', '90-80']) expect(checkpointPorts(bad), bad).toBeNull();
  });
});

describe('Check Point: hostile and wrong input', () => {
  const fails = (spec: typeof checkpointMgmtJson, input: string | Buffer, message: RegExp) => {
    const err = parseError(() => parseWith(spec, input));
    expect(err.message).toMatch(message);
    return err;
  };

  it('refuses empty input, other JSON documents and broken JSON, with positions', () => {
    fails(checkpointMgmtJson, '', /empty/);
    fails(checkpointMgmtJson, '"text"', /a JSON string; expected Check Point management API JSON/);
    fails(checkpointMgmtJson, '[]', /an empty list/);
    fails(checkpointMgmtJson, '{"SecurityGroups": []}', /no rulebase, objects or packages/);
    fails(checkpointMgmtJson, '[1, 2]', /no rulebase, objects or packages/);
    const err = fails(checkpointMgmtJson, '{"rulebase": [\n  {"type": "access-rule",}\n]}', /not valid JSON/);
    expect([err.line, err.column]).toEqual([2, 26]);
    const deep = fails(checkpointMgmtJson, `${'['.repeat(5000)}${']'.repeat(5000)}`, /nested deeper/);
    expect(deep.line).toBe(1);
  });

  it('crafted group graphs: shared subgroups are expanded once, deep chains are cut with a note', () => {
    // 30 levels, each group naming the next one twice: 2^30 paths, one leaf host; the same for services.
    const dict: unknown[] = [
      o(ANY, 'Any', 'CpmiAnyObject'),
      o('a-accept', 'Accept', 'RulebaseAction'),
      o('leaf', 'leaf', 'host', { 'ipv4-address': '192.0.2.7' }),
      o('sleaf', 'leaf-svc', 'service-tcp', { port: '8080' }),
    ];
    for (let i = 0; i < 30; i++) {
      const next = i === 29 ? 'leaf' : `g${i + 1}`;
      dict.push(o(`g${i}`, `g${i}`, 'group', { members: [next, next] }));
      const snext = i === 29 ? 'sleaf' : `s${i + 1}`;
      dict.push(o(`s${i}`, `s${i}`, 'service-group', { members: [snext, snext] }));
    }
    for (let i = 0; i < 40; i++)
      dict.push(o(`c${i}`, `c${i}`, 'group', { members: [i === 39 ? 'leaf' : `c${i + 1}`] }));
    const doc = JSON.stringify({
      uid: 'L',
      name: 'L',
      rulebase: [
        rule(1, 'diamond', { source: ['g0'], service: ['s0'], action: 'a-accept' }),
        rule(2, 'chain', { source: ['c0'], action: 'a-accept' }),
      ],
      'objects-dictionary': dict,
    });
    const started = Date.now();
    const r = parseWith(checkpointMgmtJson, doc);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.rules.map((x) => [x.name, x.sources, x.protocol, x.destinationPorts])).toEqual([
      ['diamond', ['192.0.2.7/32'], 'tcp', ['8080']],
      ['chain', [], 'any', null],
    ]);
    expect(r.notes.map((n) => n.what)).toContain(
      'layer L rule 2 (chain): group c32 is nested deeper than 32 levels; not followed further',
    );
  });

  it('names taken from the file never reach object prototypes', () => {
    const doc = JSON.stringify([
      {
        uid: 'L',
        name: 'constructor',
        rulebase: [rule(1, '__proto__', { action: 'x-ctor', service: ['s-ctor'], source: ['toString'] })],
        'objects-dictionary': [
          o(ANY, 'Any', 'CpmiAnyObject'),
          o('x-ctor', 'constructor', 'RulebaseAction'),
          o('s-ctor', 'hasOwnProperty', 'constructor'),
        ],
      },
      { uid: 'N', rulebase: [{ type: 'toString' }] },
    ]);
    const r = parseWith(checkpointMgmtJson, doc);
    expect(r.rules.map((x) => [x.ruleset, x.name, x.action, x.target, x.protocol, x.unresolved, x.conditions])).toEqual(
      [
        [
          'constructor',
          '__proto__',
          'other',
          'constructor',
          'any',
          ['toString'],
          ['service hasOwnProperty (constructor)'],
        ],
      ],
    );
    expect(r.notes.map((n) => n.what)).toContain(
      'the file also holds a rulebase of unknown kind with 1 entry (toString 1); not imported as rules',
    );
  });

  it('Gaia: refuses text that is not clish commands, naming the line', () => {
    fails(checkpointGaiaClish, '', /no clish commands/);
    fails(checkpointGaiaClish, '# Configuration of gw\n# Language version: 13.4v1\n', /no clish commands/);
    const err = fails(
      checkpointGaiaClish,
      'set hostname gw\nset interface eth0 state on\n<html>\n',
      /not a clish command/,
    );
    expect([err.line, err.column]).toEqual([3, 1]);
  });

  it('Gaia: VLANs, IPv6 routes and named allowed clients in a hand-written configuration', () => {
    const out = parseWith(
      checkpointGaiaClish,
      [
        'gw> show configuration',
        'set hostname edge-1',
        'add interface eth1 vlan 20',
        'set interface eth1.20 ipv4-address 192.0.2.1 mask-length 24',
        'set static-route 198.51.100.0/24 nexthop gateway address 192.0.2.254 on',
        'set ipv6 static-route 2001:db8::/32 nexthop gateway address 2001:db8:ffff::1 on',
        'set static-route 203.0.113.0/24 nexthop blackhole',
        'add allowed-client network ipv4-address 10.0.0.0 mask-length 8',
      ].join('\n'),
    );
    expect(out.meta).toEqual({ device: 'edge-1', contents: 'gaia-configuration' });
    expect(out.notes.map((n) => n.what)).toEqual([
      'the clish prompt and command line before the configuration; skipped',
      "no access rules: Gaia clish configuration of edge-1 with 1 interface (1 with addresses: eth1.20 192.0.2.1/24) and 3 static routes (198.51.100.0/24 via 192.0.2.254; 2001:db8::/32 via 2001:db8:ffff::1; 203.0.113.0/24 via blackhole); Gaia management allowed from network ipv4-address 10.0.0.0 mask-length 8; the gateway's access policy is installed from its management server; kept as evidence",
    ]);
  });

  it.skipIf(!corpusAvailable)('refuses corpus files truncated at several offsets', () => {
    for (const rel of [BF_ACCESS, LAB_ACCESS, ZERO[0]![0]]) {
      const text = readFileSync(corpus(rel), 'utf8');
      for (const at of [1, 50, 777, text.length - 4]) {
        const err = parseError(() => parseWith(checkpointMgmtJson, text.slice(0, at)));
        expect(err.message, `${rel} cut at ${at}`).toMatch(/not valid JSON/);
        expect(err.line, `${rel} cut at ${at}`).not.toBeNull();
      }
    }
  });

  it('a wrong-format import through the runner leaves the engagement untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.json'), '[{"objects-dictionary": [], "uid": "97aeb369-9aea-11d5-bd16-0090272ccb30"}]');
    const store = newEngagement(dir);
    await expect(importFile(store, fixedContext(), join(dir, 'x.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/no rulebase, objects or packages/),
    });
    expectUntouched(store);
    store.close();
  });
});
