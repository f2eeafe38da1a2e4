// Azure NSGs: exact rule counts for every corpus file (ARM resource JSON, 'nsg list' arrays, VCR cassettes),
// hand-checked flows to insecure ports, hand-written fixtures for the az CLI's flattened shape and a vcrpy
// YAML cassette, and hostile input (truncation, YAML alias bombs and custom tags, wrong formats).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { azureNsg } from '../../src-main/core/import/rulebases/azure-nsg';
import { publicAddressSpace } from '../../src-main/core/import/rulebases/cloud-common';
import { importFile } from '../../src-main/core/import/run-import';
import type { Rule } from '../../src-main/core/model/rule';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import {
  corpus,
  corpusAvailable,
  countBy,
  expectUntouched,
  importInto,
  manifestFiles,
  parseError,
  parseWith,
} from './import-helpers';

const parseFile = (rel: string, pieceSize?: number) => parseWith(azureNsg, readFileSync(corpus(rel)), {}, pieceSize);
const byName = (rules: Rule[], ruleset: string, name: string) =>
  rules.find((r) => r.ruleset === ruleset && r.name === name);

const DEVICE_BATFISH = 'azure/b31649d2-3118-472e-8120-043037233633/Anonymized-RG-12345';

// Counts derived with python3 (json.load): per NSG len(securityRules) + len(defaultSecurityRules) (rules
// under "properties"), two policies per NSG. For the cassettes, the NSGs of the last listing that shows
// each NSG id (interactions in order; response.body.data.value).
const COUNTS: [string, number, number][] = [
  ['rulebases/batfish-azure-VM1-nsg.json', 9, 2],
  ['rulebases/batfish-azure-subnet-nsg.json', 11, 2],
  ['rulebases/batfish--nsg-vm2.json', 9, 2],
  ['rulebases/2-cloud-custodian--NetworkSecurityGroupTest.test_cidr_and_ingress_no_match.json', 391, 86],
  ['rulebases/cloud-custodian--NetworkSecurityGroupTest.test_cidr_and_ingress_no_match.json', 391, 86],
  ['rulebases/cloud-custodian--NetworkSecurityGroupTest.test_open_ports.json', 13, 2],
];

describe.skipIf(!corpusAvailable)('Azure NSG detection over the whole corpus', () => {
  it('claims exactly the Azure files, also through the registry', () => {
    const mine = new Set(manifestFiles(/^azure-nsg/));
    expect(mine.size).toBe(COUNTS.length);
    for (const rel of manifestFiles(/./)) {
      const head = readFileSync(corpus(rel))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(azureNsg.detect(head, rel) > 0, rel).toBe(mine.has(rel));
      if (mine.has(rel)) expect(detectFormat(head, rel)?.id, rel).toBe('azure-nsg');
    }
  });
});

describe.skipIf(!corpusAvailable)('Azure NSGs (corpus)', () => {
  it.each(COUNTS)('%s: %i rules, %i policies', (rel, rules, policies) => {
    const out = parseFile(rel);
    expect(out.rules).toHaveLength(rules);
    expect(out.policies).toHaveLength(policies);
    expect(out.policies.every((p) => p.policy === 'deny')).toBe(true);
    expect(out.rules.every((r) => r.lineFrom !== null && r.text.startsWith('{'))).toBe(true);
  });

  it('VM1-nsg: SSH and 8080 are open to any source at priority 300, before the deny at 320', () => {
    const out = parseFile('rulebases/batfish-azure-VM1-nsg.json');
    expect(out.notes).toEqual([]);
    // lines 10-32: "name": "SSH", "protocol": "TCP", "sourceAddressPrefix": "*", "access": "Allow", "priority": 300,
    //              "direction": "Inbound", "destinationPortRanges": ["22", "8080"]
    const inbound = out.rules.filter((r) => r.ruleset === 'VM1-nsg inbound');
    expect(inbound.map((r) => [r.order, r.name, r.action, r.protocol, r.destinationPorts])).toEqual([
      [1, 'SSH', 'allow', 'tcp', ['22', '8080']],
      [2, 'AllowAnyCustomAnyInbound', 'allow', 'udp', null],
      [3, 'DenyAnyCustomAnyInbound', 'deny', 'any', null],
      [4, 'AllowVnetInBound', 'allow', 'any', null],
      [5, 'AllowAzureLoadBalancerInBound', 'allow', 'any', null],
      [6, 'DenyAllInBound', 'deny', 'any', null],
    ]);
    expect(inbound[0]).toMatchObject({
      device: DEVICE_BATFISH,
      sources: ['0.0.0.0/0', '::/0'],
      destinations: ['0.0.0.0/0', '::/0'],
      sourcePorts: null,
      lineFrom: 10,
      lineTo: 32,
    });
    expect(inbound[3]).toMatchObject({
      sources: [],
      destinations: [],
      unresolved: ['VirtualNetwork'],
      objects: ['VirtualNetwork'],
      comment: 'Allow inbound traffic from all VMs in VNET',
    });
    expect(out.meta[`attachments of ${DEVICE_BATFISH}/VM1-nsg`]).toMatch(/^interface /);
  });

  it('subnet-nsg: telnet (tcp/23) is admitted only from 10.0.0.0/24; the Internet tag is public space', () => {
    const out = parseFile('rulebases/batfish-azure-subnet-nsg.json');
    // lines 11-34: "AllowCidrBlockSSHInbound": TCP from "10.0.0.0/24", priority 100, destinationPortRanges ["22-23", "80", "8080"]
    // lines 35-55: "DenyCidrBlockCustomAnyInbound": "*" from "*", Deny, priority 110
    const [allow, deny] = out.rules.filter((r) => r.ruleset === 'subnet-nsg inbound');
    expect(allow).toMatchObject({
      order: 1,
      name: 'AllowCidrBlockSSHInbound',
      sources: ['10.0.0.0/24'],
      destinationPorts: ['22-23', '80', '8080'],
      lineFrom: 11,
      lineTo: 34,
    });
    expect(deny).toMatchObject({ order: 2, action: 'deny', sources: ['0.0.0.0/0', '::/0'], protocol: 'any' });
    const internet = byName(out.rules, 'subnet-nsg outbound', 'AllowInternetOutBound');
    expect(internet?.destinations).toEqual(publicAddressSpace());
    expect(internet?.destinations).toContain('11.0.0.0/8');
    expect(internet?.destinations).not.toContain('10.0.0.0/8');
    expect(internet?.objects).toEqual(['Internet']);
    expect(internet?.unresolved).toEqual([]);
    expect(internet?.conditions[0]).toMatch(/^destination: service tag Internet taken as public address space/);
  });

  it('nsg-vm2: ssh (priority 5) runs before the 8080 deny (priority 100); outbound DNS to 1.1.1.1 is denied', () => {
    const out = parseFile('rulebases/batfish--nsg-vm2.json');
    expect(out.rules[0]).toMatchObject({
      device: 'azure/test',
      ruleset: 'testNsg inbound',
      name: 'AllowCidrBlockSSHInbound',
    });
    expect(byName(out.rules, 'testNsg inbound', 'BlockCidrBlockHttpInbound')).toMatchObject({
      order: 2,
      action: 'deny',
    });
    expect(byName(out.rules, 'testNsg outbound', 'BlockCloudflareDns')).toMatchObject({
      order: 1,
      action: 'deny',
      protocol: 'udp',
      destinations: ['1.1.1.1/32'],
      destinationPorts: ['53'],
    });
  });

  it('nsg list: RDP reaches dusan-dbm-dev-windows-a-nsg only from nine addresses; ASGs stay unresolved', () => {
    const out = parseFile('rulebases/2-cloud-custodian--NetworkSecurityGroupTest.test_cidr_and_ingress_no_match.json');
    expect(out.notes).toEqual([]);
    // lines 593-622: "name": "RDP", "protocol": "TCP", "destinationPortRange": "3389", "priority": 101,
    //   "sourceAddressPrefixes": ["38.122.226.210", "70.23.102.154", … "162.83.188.31"]
    const rdp = byName(out.rules, 'dusan-dbm-dev-windows-a-nsg inbound', 'RDP');
    expect(rdp).toMatchObject({
      device: 'azure/ea42f556-5106-4743-99b0-c129bfa71a47/dusan-dbm-dev',
      order: 2,
      protocol: 'tcp',
      destinationPorts: ['3389'],
      lineFrom: 593,
      lineTo: 622,
    });
    expect(rdp?.sources).toEqual(
      [
        '38.122.226.210',
        '70.23.102.154',
        '50.74.49.246',
        '24.22.232.249',
        '73.96.5.225',
        '74.64.72.178',
        '162.210.160.226',
        '37.201.6.27',
        '162.83.188.31',
      ].map((a) => `${a}/32`),
    );
    // "dusan-allow": protocol "*", ports 22, 3389, 1433 from two addresses (priority 144, 7th inbound rule).
    expect(byName(out.rules, 'dusan-dbm-dev-windows-a-nsg inbound', 'dusan-allow')).toMatchObject({
      order: 7,
      protocol: 'any',
      sources: ['23.16.18.172/32', '208.185.219.228/32'],
      destinationPorts: ['22', '3389', '1433'],
    });
    // Application security groups on both sides of the vault rule.
    expect(byName(out.rules, 'dev-us3-staging-dog-vault inbound', 'dev-us3-staging-dog-vault-tcp8201')).toMatchObject({
      sources: [],
      destinations: [],
      unresolved: ['dev-us3-staging-dog-vault'],
      conditions: [
        'source: application security group dev-us3-staging-dog-vault (its members are not in this export)',
        'destination: application security group dev-us3-staging-dog-vault (its members are not in this export)',
      ],
    });
    // A service tag other than Internet: CorpNetSaw.
    const corp = out.rules.find((r) => r.unresolved.includes('CorpNetSaw'));
    expect(corp).toMatchObject({ sources: [], destinationPorts: ['9000', '9003', '1440'] });
    // Same-name NSGs in different resource groups stay apart (device = subscription/resource group).
    const names = countBy(out.policies, (p) => p.ruleset);
    expect(names['dbm-sqlserver-2012-nsg inbound']).toBe(2);
  });

  it('a cassette gives the same rules as its unwrapped listing', () => {
    const wrapped = parseFile(
      'rulebases/cloud-custodian--NetworkSecurityGroupTest.test_cidr_and_ingress_no_match.json',
    );
    const plain = parseFile(
      'rulebases/2-cloud-custodian--NetworkSecurityGroupTest.test_cidr_and_ingress_no_match.json',
    );
    const strip = (r: Rule) => ({ ...r, lineFrom: null, lineTo: null, text: '' });
    expect(wrapped.rules.map(strip)).toEqual(plain.rules.map(strip));
    expect(wrapped.meta.recording).toBe('VCR cassette, 1 interactions');
  });

  it('test_open_ports cassette: the NSG as it stands after the recorded change', () => {
    const out = parseFile('rulebases/cloud-custodian--NetworkSecurityGroupTest.test_open_ports.json');
    expect(out.notes.map((n) => n.what)).toEqual([
      expect.stringMatching(
        /^interaction 2 \(PUT https:\/\/management\.azure\.com\/.*\/securityRules\/c7n-policy-0{8}-.*\): a securityRules resource \(c7n-policy-baea42b8-85e7-11eb-b168-00155d1e47af\); not imported/,
      ),
      expect.stringMatching(/^interaction 3 \(GET .*\): NSG c7n-nsg replaces its state from interaction 1$/),
    ]);
    // Inbound by priority: c7n-policy 280 (1000-1100), test3 290 deny 8086, test1 300 (80), test2 310, test4 320 deny 22, test6 330.
    const inbound = out.rules.filter((r) => r.ruleset === 'c7n-nsg inbound');
    expect(inbound.map((r) => [r.name, r.action, r.destinationPorts])).toEqual([
      ['c7n-policy-baea42b8-85e7-11eb-b168-00155d1e47af', 'allow', ['1000-1100']],
      ['test3', 'deny', ['8086']],
      ['test1', 'allow', ['80']],
      ['test2', 'allow', ['8080-8084', '8086']],
      ['test4', 'deny', ['22']],
      ['test6', 'allow', ['88-90']],
      ['AllowVnetInBound', 'allow', null],
      ['AllowAzureLoadBalancerInBound', 'allow', null],
      ['DenyAllInBound', 'deny', null],
    ]);
    // The rules come from the third interaction (the later listing), not the first.
    expect(inbound[0]!.lineFrom).toBeGreaterThan(out.notes[1]!.line!);
    expect(out.policies[0]).toMatchObject({
      device: 'azure/ea42f556-5106-4743-99b0-c129bfa71a47/test_networksecuritygroup',
    });
  });

  it('gives the same result whatever the piece size', () => {
    for (const [rel] of COUNTS) {
      const whole = parseFile(rel, 1 << 24);
      expect(parseFile(rel, 4093), rel).toEqual(whole);
      if (whole.rules.length < 50) expect(parseFile(rel, 7), rel).toEqual(whole);
    }
  });

  it('imports through the runner by detection; a truncated copy leaves the engagement untouched', async () => {
    const rel = 'rulebases/batfish-azure-subnet-nsg.json';
    const { store, result } = await importInto(corpus(rel));
    expect(result).toMatchObject({ format: 'azure-nsg', ruleCount: 11 });
    expect(listRules(store.db, { ruleset: 'subnet-nsg inbound' }).rows.map((r) => r.name)).toEqual([
      'AllowCidrBlockSSHInbound',
      'DenyCidrBlockCustomAnyInbound',
      'AllowVnetInBound',
      'AllowAzureLoadBalancerInBound',
      'DenyAllInBound',
    ]);
    expect(listPolicies(store.db)).toHaveLength(2);
    store.close();

    const dir = tempDir();
    writeFileSync(join(dir, 'cut.json'), readFileSync(corpus(rel)).subarray(0, 4000));
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'cut.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+, column \d+: not valid JSON/),
    });
    expectUntouched(empty);
    empty.close();
  });
});

// Hand-written in the shape 'az network nsg show' prints (the CLI flattens "properties").
const AZ_CLI = JSON.stringify(
  {
    name: 'web-nsg',
    resourceGroup: 'rg-web',
    type: 'Microsoft.Network/networkSecurityGroups',
    id: '/subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.Network/networkSecurityGroups/web-nsg',
    subnets: [],
    securityRules: [
      {
        name: 'ftp-from-partner',
        priority: 200,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: 'Internet',
        destinationAddressPrefix: '10.0.1.0/24',
        destinationPortRanges: ['20-21', 'ftp'],
        sourcePortRange: '1024-65535',
        futureField: 1,
      },
      {
        name: 'telnet-deny',
        priority: 100,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefixes: ['0.0.0.0/0'],
        destinationAddressPrefix: '*',
        destinationPortRange: '23',
      },
      {
        name: 'to-storage',
        priority: 100,
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'Esp',
        sourceAddressPrefix: 'VirtualNetwork',
        destinationAddressPrefix: 'Storage.WestEurope',
        destinationPortRange: '*',
      },
    ],
  },
  null,
  2,
);

describe('Azure NSG (hand-written az CLI fixture)', () => {
  const out = parseWith(azureNsg, AZ_CLI);

  it('reads the flattened shape, orders by priority and keeps what it cannot express', () => {
    expect(out.rules.map((r) => [r.ruleset, r.order, r.name, r.action, r.protocol])).toEqual([
      ['web-nsg inbound', 1, 'telnet-deny', 'deny', 'any'],
      ['web-nsg inbound', 2, 'ftp-from-partner', 'allow', 'tcp'],
      ['web-nsg outbound', 1, 'to-storage', 'allow', 'esp'],
    ]);
    expect(out.rules[0]).toMatchObject({ device: 'azure/0000/rg-web', objects: ['0.0.0.0/0'], sources: ['0.0.0.0/0'] });
    expect(out.rules[1]).toMatchObject({
      sources: publicAddressSpace(),
      destinations: ['10.0.1.0/24'],
      destinationPorts: ['20-21'],
      sourcePorts: ['1024-65535'],
      objects: ['Internet'],
    });
    expect(out.rules[1]?.conditions.slice(1)).toEqual(['destination port ftp']);
    expect(out.rules[2]).toMatchObject({
      sources: [],
      destinations: [],
      unresolved: ['VirtualNetwork', 'Storage.WestEurope'],
    });
    expect(out.notes.map((n) => n.what)).toEqual([
      "NSG web-nsg: no defaultSecurityRules in the export; the platform's defaults (65000+) still apply after these rules",
      'NSG web-nsg rule ftp-from-partner: field "futureField" not understood (1)',
      'NSG web-nsg rule ftp-from-partner: destination port range "ftp" not understood; kept in the rule\'s conditions',
    ]);
    expect(out.meta['attachments of azure/0000/rg-web/web-nsg']).toBe('(none)');
  });

  it('public address space excludes private and special blocks exactly', () => {
    const space = publicAddressSpace();
    expect(space).toEqual(
      expect.arrayContaining(['1.0.0.0/8', '11.0.0.0/8', '100.0.0.0/10', '100.128.0.0/9', '2000::/3']),
    );
    for (const p of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '0.0.0.0/0', '::/0']) {
      expect(space).not.toContain(p);
    }
    expect(space.every((c) => !c.startsWith('224.') && !c.startsWith('240.'))).toBe(true);
  });
});

// A vcrpy cassette as it writes YAML by default: the response body is JSON text in a string.
const YAML_CASSETTE = `interactions:
- request:
    body: null
    headers: {}
    method: GET
    uri: https://management.azure.com/subscriptions/s1/providers/Microsoft.Network/networkSecurityGroups?api-version=2020-08-01
  response:
    body:
      string: '{"value": [{"name": "db-nsg", "id": "/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/db-nsg",
        "type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": [{"name": "mysql",
        "properties": {"protocol": "Tcp", "sourceAddressPrefix": "10.9.0.0/16", "destinationAddressPrefix": "*",
        "destinationPortRange": "3306", "access": "Allow", "priority": 100, "direction": "Inbound"}}], "defaultSecurityRules": []}}],
        "nextLink": "https://management.azure.com/next"}'
    headers: {}
    status:
      code: 200
      message: OK
- request:
    body: null
    headers: {}
    method: GET
    uri: https://management.azure.com/subscriptions/s1/providers/Microsoft.Network/networkSecurityGroups/missing
  response:
    body:
      string: '{"error": {"code": "NotFound"}}'
    headers: {}
    status:
      code: 404
      message: Not Found
version: 1
`;

describe('Azure NSG (hand-written vcrpy YAML cassette)', () => {
  it('reads the JSON body string, with the lines of the string, and notes pages and failures', () => {
    expect(azureNsg.detect(YAML_CASSETTE, 'cassette.yaml')).toBeGreaterThan(0);
    const out = parseWith(azureNsg, YAML_CASSETTE, {}, 7);
    expect(out.rules).toHaveLength(1);
    expect(out.rules[0]).toMatchObject({
      device: 'azure/s1/rg1',
      ruleset: 'db-nsg inbound',
      sources: ['10.9.0.0/16'],
      destinationPorts: ['3306'],
      lineFrom: 9,
      lineTo: 9,
    });
    expect(out.rules[0]?.text).toMatch(/^\{"name": "mysql"/);
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      [9, 'nextLink is set: the listing is one page of several; NSGs on other pages are missing'],
      [
        18,
        'interaction 2 (GET https://management.azure.com/subscriptions/s1/providers/Microsoft.Network/networkSecurityGroups/missing): no successful response (status 404); skipped',
      ],
    ]);
    expect(out).toEqual(parseWith(azureNsg, YAML_CASSETTE));
  });

  it('notes a compressed (!!binary) body instead of reading it', () => {
    const gz = YAML_CASSETTE.replace(
      /string: '\{"value"[\s\S]*?'\n/,
      'string: !!binary |\n        H4sIAAAAAAAAA6tWKkktLlGyUlBKSizOTM5QSEksSVSyUlAqLUpNyUxUslIqSk1JLUpVqgUAYp3hCScAAAA=\n',
    );
    expect(gz).not.toBe(YAML_CASSETTE);
    const out = parseWith(azureNsg, gz);
    expect(out.rules).toEqual([]);
    expect(out.notes[0]?.what).toMatch(
      /^interaction 1 \(GET .*\): the response body is binary \(compressed\?\), not JSON text; skipped$/,
    );
  });

  it('refuses YAML alias bombs and custom tags', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'interactions: [*e]',
    ].join('\n');
    expect(parseError(() => parseWith(azureNsg, bomb)).message).toMatch(/aliases expand too far.*resource-exhaustion/);
    expect(parseError(() => parseWith(azureNsg, 'interactions: &a [*a]\n')).message).toMatch(/contains it/);
    const tagged = 'interactions:\n- !!python/object/apply:os.system ["id"]\nversion: 1\n';
    expect(parseError(() => parseWith(azureNsg, tagged)).message).toMatch(/YAML tag .*python.* is refused/);
  });
});

describe('Azure NSG: hostile and wrong input', () => {
  const fails = (input: string | Buffer, message: RegExp) => {
    const err = parseError(() => parseWith(azureNsg, input));
    expect(err.message).toMatch(message);
    return err;
  };

  it('refuses empty input, binary junk, other documents and broken rules', () => {
    fails('', /empty/);
    fails(Buffer.from([0x7b, 0x00, 0x01]), /binary data/);
    fails('{"SecurityGroups": []}', /no network security group found/);
    fails('[{"name": "x", "allowed": []}]', /no network security group found/);
    fails('just some text', /no network security group found/);
    fails(
      '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": []}',
      /ARM deployment template/,
    );
    fails('{"type": "Microsoft.Network/networkSecurityGroups", "properties": {"securityRules": []}}', /without a name/);
    fails(
      '{"name": "n", "type": "Microsoft.Network/networkSecurityGroups", "securityRules": [{"name": "r", "priority": 1, "direction": "Sideways"}]}',
      /rule r: direction "Sideways".*expected Inbound\/Outbound/,
    );
    fails(
      '{"name": "n", "type": "Microsoft.Network/networkSecurityGroups", "securityRules": [{"name": "r", "priority": 1, "direction": "Inbound", "access": "Maybe"}]}',
      /access "Maybe"; expected Allow or Deny/,
    );
    // An empty listing is a real answer: no NSGs, nothing imported, no error.
    expect(parseWith(azureNsg, '{"value": []}').rules).toEqual([]);
  });

  it.skipIf(!corpusAvailable)('refuses corpus files truncated at several offsets', () => {
    for (const rel of [COUNTS[0]![0], COUNTS[5]![0]]) {
      const text = readFileSync(corpus(rel), 'utf8');
      for (const at of [1, 99, 2500, Math.floor(text.length / 2), text.length - 1]) {
        const err = parseError(() => parseWith(azureNsg, text.slice(0, at)));
        expect(err.message, `${rel} cut at ${at}`).toMatch(/not valid JSON/);
        expect(err.line).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it('a wrong-format import through the runner leaves the engagement untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'nsg.yaml'), 'interactions:\n  - !!python/name:os.system x\n');
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'nsg.yaml'), { format: 'azure-nsg' }),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
    });
    expectUntouched(store);
    store.close();
  });
});
