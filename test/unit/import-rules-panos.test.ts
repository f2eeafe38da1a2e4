// Palo Alto PAN-OS: XML, set and brace configurations and "show running security-policy", with exact rule
// counts for every corpus file, hand-checked flows to insecure ports, small inline fixtures for what the
// corpus lacks (shared objects, FQDN and dynamic groups, service groups spanning TCP and UDP, Panorama
// device groups, overridden default rules), the NAT-only and ten-document captures, and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { detectFormat } from '../../src-main/core/import/formats';
import { paloaltoJuniperFormats } from '../../src-main/core/import/rulebases/paloalto-juniper';
import { HEAD_BYTES, importFile } from '../../src-main/core/import/run-import';
import type { FormatSpec } from '../../src-main/core/import/types';
import type { Rule } from '../../src-main/core/model/rule';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
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

const PANOS_IDS = ['panos-xml', 'panos-set', 'panos-brace', 'panos-show-running-security-policy'];
const spec = (id: string): FormatSpec => {
  const f = paloaltoJuniperFormats.find((x) => x.id === id);
  if (!f) throw new Error(`no format ${id}`);
  return f;
};
const R = 'rulebases/';

/** Corpus file -> the format that must claim it (MANIFEST's format column names them loosely). */
const EXPECTED: Readonly<Record<string, string>> = {
  'batfish-panos-security-rules.conf': 'panos-brace',
  // MANIFEST says panos-curly, but the file is set commands with "move" lines.
  'batfish-panos-move-rulebase.conf': 'panos-set',
  'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_simple.xml.ref': 'panos-xml',
  'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_complex.xml.ref': 'panos-xml',
  'aerleon--PaloAltoFWTest.testPanApplication.stdout.ref': 'panos-xml',
  'ntc-templates--paloalto_panos_show_running_security-policy.raw': 'panos-show-running-security-policy',
  'ntc-templates--paloalto_panos_show_running_nat-policy.raw': 'panos-show-running-security-policy',
  '3-lab-validation--show.txt': 'panos-set',
  'lab-validation--show': 'panos-set',
  '4-lab-validation--show.txt': 'panos-set',
  'lab-validation--pa': 'panos-brace',
  'batfish--panorama-rulebase-copy': 'panos-set',
};

function head(rel: string): string {
  const bytes = readFileSync(corpus(rel)).subarray(0, HEAD_BYTES);
  try {
    const { encoding, bom } = sniffEncoding(bytes);
    return createDecoder(encoding, bom).decode(bytes, 0);
  } catch {
    return '';
  }
}

const manifest = (): string[] =>
  readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[2]!);

const parseFile = (id: string, file: string, pieceSize?: number, hostName?: string) =>
  parseWith(spec(id), readFileSync(corpus(R + file)), hostName ? { hostName } : {}, pieceSize);

const byRuleset = (rules: Rule[]) => countBy(rules, (r) => r.ruleset);
const named = (rules: Rule[], name: string) => rules.filter((r) => r.name === name);

describe.skipIf(!corpusAvailable)('PAN-OS detection over the whole corpus', () => {
  it('claims exactly the PAN-OS files, each for its own format, also through the registry', () => {
    const files = manifest();
    expect(files.length).toBeGreaterThan(200);
    for (const rel of files) {
      const name = rel.split('/').pop()!;
      const h = head(rel);
      const want = rel.startsWith(R) ? EXPECTED[name] : undefined;
      for (const id of PANOS_IDS) {
        const score = spec(id).detect(h, name);
        if (id === want) expect(score, `${id} on ${rel}`).toBeGreaterThanOrEqual(0.9);
        else expect(score, `${id} on ${rel}`).toBe(0);
      }
      if (want) expect(detectFormat(h, name)?.id, rel).toBe(want);
    }
    expect(Object.keys(EXPECTED)).toHaveLength(12);
  });
});

// Counts derived independently: for XML with python3 xml.etree (security rules entries, each split into
// one rule per distinct protocol among its service objects; "any"/"application-default" count once), for
// set files with grep -oP '^set (vsys \S+ |device-group \S+ (pre|post)-)?rulebase security rules \K("[^"]+"|\S+)'
// | sort -u, the service objects read by hand; each security ruleset ending a vsys or a device group gains
// the predefined intrazone-default rule (+1) and an interzone-default policy.
const COUNTS: [string, string, Record<string, number>, string][] = [
  ['panos-brace', 'batfish-panos-security-rules.conf', { 'vsys1/security': 3 }, 'security-rules-original-flow'],
  [
    'panos-set',
    'batfish-panos-move-rulebase.conf',
    { 'vsys1/security': 6, 'MY_VSYS/security': 3 },
    'move-rulebase-security',
  ],
  ['panos-set', '3-lab-validation--show.txt', { 'vsys1/security': 3 }, 'fw'],
  ['panos-set', 'lab-validation--show', { 'vsys1/security': 3 }, 'PA-VM'],
  ['panos-set', '4-lab-validation--show.txt', { 'vsys1/security': 11 }, 'fwl01'],
  ['panos-brace', 'lab-validation--pa', { 'vsys1/security': 1 }, 'PA-5020'],
  [
    'panos-set',
    'batfish--panorama-rulebase-copy',
    { 'device-group DG1/pre': 1, 'device-group DG1/post': 2 },
    'panorama-rulebase-copy',
  ],
  [
    'panos-xml',
    'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_simple.xml.ref',
    { 'vsys1/security': 19 },
    'localhost.localdomain',
  ],
  [
    'panos-xml',
    'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_complex.xml.ref',
    { 'vsys1/security': 7 },
    'localhost.localdomain',
  ],
];

describe.skipIf(!corpusAvailable)('PAN-OS corpus files', () => {
  it.each(COUNTS)(
    '%s %s: exact rules per ruleset, one policy per context, same at piece sizes 7 and 4093',
    (id, file, want, device) => {
      const a = parseFile(id, file, 4093);
      const b = parseFile(id, file, 7);
      expect(byRuleset(a.rules)).toEqual(want);
      expect(b.rules).toEqual(a.rules);
      expect(b.policies).toEqual(a.policies);
      expect(new Set(a.rules.map((r) => r.device))).toEqual(new Set([device]));
      for (const p of a.policies) expect(p).toMatchObject({ device, policy: 'deny' });
      // Orders run 1..n in each ruleset.
      for (const rs of Object.keys(want)) {
        expect(a.rules.filter((r) => r.ruleset === rs).map((r) => r.order)).toEqual(
          Array.from({ length: want[rs]! }, (_, i) => i + 1),
        );
      }
    },
  );

  it('show running security-policy: 6 rules, interzone-default as the policy (needs the device name)', () => {
    // grep -c ' {$' -> 7 blocks; interzone-default becomes the policy, the rest are rules (none split: each
    // block's application/service tuples share one protocol).
    const r = parseFile(
      'panos-show-running-security-policy',
      'ntc-templates--paloalto_panos_show_running_security-policy.raw',
      7,
      'pa-edge',
    );
    expect(spec('panos-show-running-security-policy').needsHostName).toBe(true);
    expect(r.rules.map((x) => x.name)).toEqual([
      'Outside Web Server',
      'ICMP Any',
      'DNS Outbound',
      'Inbound to DMZ Web',
      'Inbound to DMZ Deny',
      'intrazone-default',
    ]);
    expect(r.policies).toEqual([{ device: 'pa-edge', ruleset: 'security', policy: 'deny', lineFrom: 91 }]);
    expect(r.notes).toEqual([]);
    // "Outside Web Server" {  from Trust; source 10.1.1.0/24; to Untrust; destination 200.10.10.10;
    //   application/service [ any/tcp/any/8000 any/tcp/any/80 any/tcp/any/8080 ]; action allow;
    // Cleartext HTTP from the 10.1.1.0/24 users only, to one server.
    expect(r.rules[0]).toMatchObject({
      device: 'pa-edge',
      order: 1,
      action: 'allow',
      sources: ['10.1.1.0/24'],
      destinations: ['200.10.10.10/32'],
      protocol: 'tcp',
      destinationPorts: ['8000', '80', '8080'],
      zones: { from: 'Trust', to: 'Untrust' },
      conditions: [],
      lineFrom: 1,
      lineTo: 14,
    });
    // "DNS Outbound": application/service dns/udp/any/53 -> udp/53 with the application kept.
    expect(r.rules[2]).toMatchObject({
      protocol: 'udp',
      destinationPorts: ['53'],
      destinations: ['8.8.8.8/32', '8.8.4.4/32'],
      conditions: ['application/service: dns/udp/any/53'],
    });
    expect(r.rules[5]).toMatchObject({ action: 'allow', conditions: ['intrazone: source zone = destination zone'] });
  });

  it('show running nat-policy imports with no rule: NAT admits no traffic, said in one note', () => {
    // grep -c ' {$' -> 2 blocks, both with nat-type / translate-to.
    const run = (pieceSize: number) =>
      parseFile(
        'panos-show-running-security-policy',
        'ntc-templates--paloalto_panos_show_running_nat-policy.raw',
        pieceSize,
        'x',
      );
    const r = run(4093);
    expect(r.rules).toEqual([]);
    expect(r.policies).toEqual([]);
    expect(r.notes).toEqual([
      {
        line: null,
        column: null,
        what: 'no access rules: "show running nat-policy" output with 2 NAT rules: NAT rules translate addresses and admit no traffic; import "show running security-policy" output for the rules that allow traffic; kept as evidence',
      },
    ]);
    expect(r.meta).toEqual({ contents: 'NAT rules' });
    expect(run(7)).toEqual(r);
  });

  it('ten concatenated XML configurations: each imported, the n-th under "localhost.localdomain#n"', () => {
    // grep -c '^<?xml' -> 10 documents, grep -c '<entry name="rule-1">' -> 10 security rules; each vsys1
    // gains the predefined intrazone-default rule (+10) and an interzone-default policy (10).
    const file = 'aerleon--PaloAltoFWTest.testPanApplication.stdout.ref';
    const r = parseFile('panos-xml', file, 4093);
    const devices = ['localhost.localdomain', ...Array.from({ length: 9 }, (_, i) => `localhost.localdomain#${i + 2}`)];
    expect(r.rules).toHaveLength(20);
    expect(r.rules.map((x) => [x.device, x.ruleset, x.order, x.name])).toEqual(
      devices.flatMap((d) => [
        [d, 'vsys1/security', 1, 'rule-1'],
        [d, 'vsys1/security', 2, 'intrazone-default'],
      ]),
    );
    expect(r.policies.map((p) => [p.device, p.ruleset, p.policy])).toEqual(
      devices.map((d) => [d, 'vsys1/security', 'deny']),
    );
    expect(r.meta).toMatchObject({ documents: '10', 'device-entry': 'localhost.localdomain' });
    expect(r.notes).toEqual([
      {
        line: null,
        column: null,
        what: 'the file holds 10 PAN-OS configurations one after another; the rules of the n-th (n >= 2) are filed under its device name followed by "#n"',
      },
    ]);
    // Second document (lines 56-109), rule-1 on lines 70-91: from trust to untrust, source and destination
    // any-ipv4 (ip-range 0.0.0.0-255.255.255.255), service application-default, application app1, allow,
    // rule-type interzone.
    expect(r.rules[2]).toEqual({
      ...r.rules[2],
      device: 'localhost.localdomain#2',
      action: 'allow',
      sources: ['0.0.0.0/0'],
      destinations: ['0.0.0.0/0'],
      protocol: 'any',
      destinationPorts: null,
      zones: { from: 'trust', to: 'untrust' },
      objects: ['any-ipv4'],
      unresolved: [],
      conditions: [
        'service application-default: each application only on its default ports',
        'application: app1',
        'interzone: source zone ≠ destination zone',
      ],
      lineFrom: 70,
      lineTo: 91,
    });
    expect(r.rules[2]!.text).toMatch(/^ {16}<entry name="rule-1">\n[\s\S]*<member>app1<\/member>[\s\S]*<\/entry>$/);
    // Tenth document (lines 535-595): service-rule-1-tcp is <tcp><port>8080-8081</port>.
    expect(r.rules[18]).toMatchObject({
      device: 'localhost.localdomain#10',
      protocol: 'tcp',
      destinationPorts: ['8080-8081'],
      lineFrom: 556,
      lineTo: 577,
    });
    expect(parseFile('panos-xml', file, 7)).toEqual(r);
  });

  it('after a configuration: another document is read on its own, garbage is refused with its position', () => {
    const doc = (name: string, port: string) =>
      `<?xml version="1.0"?>\n<config urldb="paloaltonetworks">\n <devices><entry name="${name}"><vsys><entry name="vsys1">\n` +
      `  <service><entry name="s"><protocol><tcp><port>${port}</port></tcp></protocol></entry></service>\n` +
      '  <rulebase><security><rules><entry name="r"><from><member>a</member></from><to><member>b</member></to>' +
      '<source><member>any</member></source><destination><member>10.0.0.1</member></destination>' +
      '<service><member>s</member></service><action>allow</action></entry></rules></security></rulebase>\n' +
      ' </entry></vsys></entry></devices>\n</config>';
    // On one line after the first, behind a comment; CRLF line ends.
    const joined = `${doc('fw', '23')}<!-- next -->${doc('fw', '21')}\n`.replace(/\n/g, '\r\n');
    for (const size of [1, 5, 4093]) {
      const r = parseWith(spec('panos-xml'), joined, {}, size);
      expect(r.rules.filter((x) => x.name === 'r').map((x) => [x.device, x.destinationPorts, x.lineFrom])).toEqual([
        ['fw', ['23'], 5],
        ['fw#2', ['21'], 11],
      ]);
    }
    for (const size of [1, 5, 4093]) {
      const garbage = parseError(() => parseWith(spec('panos-xml'), `${doc('fw', '23')}\n\nhello\n`, {}, size));
      expect([garbage.line, garbage.column, garbage.message]).toEqual([
        9,
        1,
        'after the PAN-OS configuration that ends at line 7 comes text that does not start another XML document; expected nothing more, or another <config> document',
      ]);
    }
    // A broken second document fails at its own line in the file (its rulebase, line 12).
    const broken = parseError(() =>
      parseWith(spec('panos-xml'), `${doc('fw', '23')}\n${doc('fw', '21').replace('</rules>', '</rulez>')}`),
    );
    expect([broken.line, broken.message]).toEqual([12, 'unexpected close tag']);
  });

  it('hand-checked: 4-lab-validation, which rules admit tcp/23 (telnet) from INSIDE to OUTSIDE', () => {
    const { rules } = parseFile('panos-set', '4-lab-validation--show.txt');
    // set service-group SG_BAD_TCP members [ S_TCP_23 S_TCP_113 S_TCP_135 S_TCP_389 S_TCP_1433_1434 S_TCP_3389 S_TCP_5432 ]
    // set rulebase security rules IN_TO_OUT_BLOCK_BAD_TCP action deny / service SG_BAD_TCP
    const block = named(rules, 'IN_TO_OUT_BLOCK_BAD_TCP');
    expect(block).toHaveLength(1);
    expect(block[0]).toMatchObject({
      order: 6,
      action: 'deny',
      protocol: 'tcp',
      destinationPorts: ['23', '113', '135', '389', '1433', '1434', '3389', '5432'],
      sources: ['0.0.0.0/0', '::/0'],
      zones: { from: 'INSIDE', to: 'OUTSIDE' },
    });
    // The first matching rule for tcp/23 INSIDE->OUTSIDE is that deny (orders 1-5 are ping, tcp/25, udp/53
    // twice and udp/123); IN_TO_OUT_ALLOW_ALL (order 8, application-default) comes after it.
    const first = rules.find(
      (r) =>
        r.zones.from === 'INSIDE' &&
        (r.protocol === 'any' || r.protocol === 'tcp') &&
        (r.destinationPorts === null || r.destinationPorts.includes('23')) &&
        !r.conditions.some((c) => c.startsWith('application:')),
    );
    expect(first?.name).toBe('IN_TO_OUT_BLOCK_BAD_TCP');
    // OUT_TO_IN_WEB: destination WEB-SERVERS (static [ WEB-SERVERS_0 WEB-SERVERS_1 ] = 10.200.1.0/24,
    // 10.200.2.0/24), service SG_WEB_SERVICES [ S_HTTP S_HTTPS ] = tcp 80, 443, from any.
    expect(named(rules, 'OUT_TO_IN_WEB')[0]).toMatchObject({
      action: 'allow',
      sources: ['0.0.0.0/0', '::/0'],
      destinations: ['10.200.1.0/24', '10.200.2.0/24'],
      protocol: 'tcp',
      destinationPorts: ['80', '443'],
      zones: { from: 'OUTSIDE', to: 'INSIDE' },
      objects: ['WEB-SERVERS', 'WEB-SERVERS_0', 'WEB-SERVERS_1', 'SG_WEB_SERVICES', 'S_HTTP', 'S_HTTPS'],
    });
  });

  it('hand-checked: lab-validation--show, quoted rule names and application-default', () => {
    const { rules, meta } = parseFile('panos-set', 'lab-validation--show');
    // set rulebase security rules "web2internet allow" from trusted / to untrusted / source 10.1.101.0/24
    //   / application any / service application-default / action allow
    expect(named(rules, 'web2internet allow')[0]).toMatchObject({
      sources: ['10.1.101.0/24'],
      destinations: ['0.0.0.0/0', '::/0'],
      protocol: 'any',
      destinationPorts: null,
      conditions: ['service application-default: each application only on its default ports'],
      zones: { from: 'trusted', to: 'untrusted' },
    });
    // application web-browsing is kept as a condition.
    expect(named(rules, 'internet2web allow')[0]!.conditions).toContain('application: web-browsing');
    expect(meta['nat-rules-not-imported']).toBe('2');
  });

  it('hand-checked: move lines give the order 3, 4, 1, 5, 2 (the file says so in a comment)', () => {
    const { rules, notes } = parseFile('panos-set', 'batfish-panos-move-rulebase.conf');
    expect(rules.filter((r) => r.ruleset === 'vsys1/security').map((r) => r.name)).toEqual([
      'RULE3',
      'RULE4',
      'RULE1',
      'RULE5',
      'RULE2',
      'intrazone-default',
    ]);
    expect(rules.filter((r) => r.ruleset === 'MY_VSYS/security').map((r) => r.name)).toEqual([
      'RULE7',
      'RULE6',
      'intrazone-default',
    ]);
    // RULE2: source [ 2.2.2.2 ] negate-source yes, destination [ 1.1.1.2 1.1.4.2 ], to [ z1 z2 ].
    expect(named(rules, 'RULE2')[0]).toMatchObject({
      action: 'allow',
      sources: ['2.2.2.2/32'],
      sourcesNegated: true,
      destinations: ['1.1.1.2/32', '1.1.4.2/32'],
      zones: { from: null, to: 'z1,z2' },
    });
    // RULE1 names service "SERVICE1", defined nowhere: unresolved, and said so.
    expect(named(rules, 'RULE1')[0]).toMatchObject({
      protocol: 'any',
      unresolved: ['SERVICE1'],
      conditions: ['service SERVICE1 (not defined in this file)'],
    });
    expect(notes).toEqual([
      { line: 4, column: null, what: 'service "SERVICE1" is not defined in this file; kept unresolved' },
    ]);
  });

  it('hand-checked: aerleon XML, web servers reachable on tcp 80/443 from any, split TCP/UDP service lists', () => {
    const { rules } = parseFile(
      'panos-xml',
      'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_simple.xml.ref',
    );
    // <entry name="accept-webserver-traffic"> from external to internal, destination WEB_SERVERS
    // (200.1.1.1/32, 200.1.1.2/32), service service-accept-webserver-traffic-tcp (<tcp><port>80,443</port>).
    expect(named(rules, 'accept-webserver-traffic')[0]).toMatchObject({
      order: 10,
      action: 'allow',
      sources: ['0.0.0.0/0', '::/0'],
      destinations: ['200.1.1.1/32', '200.1.1.2/32'],
      protocol: 'tcp',
      destinationPorts: ['80', '443'],
      zones: { from: 'external', to: 'internal' },
      comment: 'Allow webserver inbound traffic.',
      lineFrom: 317,
      lineTo: 342,
    });
    // test-tcp-udp-any: service [ any-tcp any-udp ] (port 0-65535) -> two rules, any port each.
    expect(named(rules, 'test-tcp-udp-any').map((r) => [r.order, r.protocol, r.destinationPorts])).toEqual([
      [3, 'tcp', null],
      [4, 'udp', null],
    ]);
    // accept-traceroute-source-ports: <udp><port>0-65535</port><source-port>33434-33534</source-port>.
    expect(named(rules, 'accept-traceroute-source-ports')[0]).toMatchObject({
      protocol: 'udp',
      sourcePorts: ['33434-33534'],
      sources: ['0.0.0.0/0'],
    });
  });

  it('imports through the runner and stores rules and the policy', async () => {
    const { store, result } = await importInto(corpus(R + '4-lab-validation--show.txt'));
    expect(result).toMatchObject({ format: 'panos-set', ruleCount: 11, noteCount: 0 });
    expect(listRules(store.db).total).toBe(11);
    expect(listPolicies(store.db)).toMatchObject([{ device: 'fwl01', ruleset: 'vsys1/security', policy: 'deny' }]);
    store.close();
  });
});

/** A firewall XML with shared objects, FQDN and dynamic groups, a TCP+UDP service group. Hand-written. */
const FIREWALL_XML = `<?xml version="1.0"?>
<config version="10.1.0">
  <shared>
    <address>
      <entry name="jump-host"><ip-netmask>10.9.9.9</ip-netmask></entry>
      <entry name="partner"><fqdn>partner.example.com</fqdn></entry>
    </address>
    <service>
      <entry name="tcp-telnet"><protocol><tcp><port>23</port></tcp></protocol></entry>
    </service>
  </shared>
  <devices>
    <entry name="localhost.localdomain">
      <deviceconfig><system><hostname>pan-fw1</hostname></system></deviceconfig>
      <vsys>
        <entry name="vsys1">
          <address>
            <entry name="admin-net"><ip-range>10.0.0.1-10.0.0.6</ip-range></entry>
          </address>
          <address-group>
            <entry name="admins"><static><member>admin-net</member><member>jump-host</member><member>partner</member></static></entry>
            <entry name="tagged"><dynamic><filter>'web' and 'prod'</filter></dynamic></entry>
          </address-group>
          <service>
            <entry name="udp-snmp"><protocol><udp><port>161-162</port></udp></protocol></entry>
          </service>
          <service-group>
            <entry name="mgmt"><members><member>service-https</member><member>tcp-telnet</member><member>udp-snmp</member></members></entry>
          </service-group>
          <rulebase>
            <security>
              <rules>
                <entry name="mgmt-in" uuid="0f6b7c1e-0000-4000-8000-000000000001">
                  <from><member>trust</member></from>
                  <to><member>dmz</member><member>mgmt</member></to>
                  <source><member>admins</member></source>
                  <destination><member>tagged</member></destination>
                  <source-user><member>corp\\admins</member></source-user>
                  <service><member>mgmt</member></service>
                  <application><member>any</member></application>
                  <action>allow</action>
                  <description>admin access</description>
                  <log-end>yes</log-end>
                </entry>
                <entry name="old-telnet">
                  <from><member>any</member></from>
                  <to><member>any</member></to>
                  <source><member>any</member></source>
                  <destination><member>10.1.1.0/24</member></destination>
                  <negate-destination>yes</negate-destination>
                  <service><member>tcp-telnet</member></service>
                  <application><member>any</member></application>
                  <action>reset-both</action>
                  <disabled>yes</disabled>
                </entry>
              </rules>
            </security>
            <default-security-rules>
              <rules>
                <entry name="intrazone-default"><action>deny</action></entry>
                <entry name="interzone-default"><action>drop</action></entry>
              </rules>
            </default-security-rules>
            <nat><rules><entry name="n1"><from><member>trust</member></from></entry></rules></nat>
          </rulebase>
        </entry>
      </vsys>
    </entry>
  </devices>
</config>
`;

/** A Panorama XML: shared pre-rules, one device group with pre and post rules. Hand-written. */
const PANORAMA_XML = `<config>
  <shared>
    <address><entry name="mgmt-net"><ip-netmask>192.168.50.0/24</ip-netmask></entry></address>
    <pre-rulebase><security><rules>
      <entry name="shared-ssh">
        <from><member>any</member></from><to><member>any</member></to>
        <source><member>mgmt-net</member></source><destination><member>any</member></destination>
        <service><member>application-default</member></service><application><member>ssh</member></application>
        <action>allow</action>
      </entry>
    </rules></security></pre-rulebase>
  </shared>
  <devices>
    <entry name="localhost.localdomain">
      <deviceconfig><system><hostname>panorama1</hostname></system></deviceconfig>
      <device-group>
        <entry name="DG1">
          <address><entry name="web"><ip-netmask>10.2.0.10</ip-netmask></entry></address>
          <pre-rulebase><security><rules>
            <entry name="pre-web">
              <from><member>untrust</member></from><to><member>dmz</member></to>
              <source><member>any</member></source><destination><member>web</member></destination>
              <service><member>service-http</member></service><application><member>any</member></application>
              <action>allow</action>
              <target><devices><entry name="007051000012345"/></devices></target>
            </entry>
          </rules></security></pre-rulebase>
          <post-rulebase><security><rules>
            <entry name="post-deny">
              <from><member>any</member></from><to><member>any</member></to>
              <source><member>mgmt-net</member></source><destination><member>any</member></destination>
              <service><member>any</member></service><application><member>any</member></application>
              <action>drop</action>
            </entry>
          </rules></security></post-rulebase>
        </entry>
      </device-group>
    </entry>
  </devices>
</config>
`;

describe('PAN-OS inline fixtures', () => {
  it('firewall XML: groups expand through vsys and shared; FQDN and dynamic members stay unresolved', () => {
    for (const piece of [7, 4093]) {
      const r = parseWith(spec('panos-xml'), FIREWALL_XML, {}, piece);
      expect(r.notes).toEqual([]);
      expect(r.meta).toMatchObject({ hostname: 'pan-fw1', 'nat-rules-not-imported': '1' });
      expect(r.rules.map((x) => [x.order, x.name, x.protocol])).toEqual([
        [1, 'mgmt-in', 'tcp'],
        [2, 'mgmt-in', 'udp'],
        [3, 'old-telnet', 'tcp'],
        [4, 'intrazone-default', 'any'],
      ]);
      const [tcp, udp, telnet, intra] = r.rules as [Rule, Rule, Rule, Rule];
      expect(tcp).toMatchObject({
        device: 'pan-fw1',
        ruleset: 'vsys1/security',
        action: 'allow',
        // admin-net 10.0.0.1-10.0.0.6 in the fewest prefixes, then shared jump-host.
        sources: ['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32', '10.9.9.9/32'],
        destinations: [],
        destinationPorts: ['443', '23'],
        zones: { from: 'trust', to: 'dmz,mgmt' },
        comment: 'admin access',
        unresolved: ['partner (fqdn partner.example.com)', "tagged (dynamic group: 'web' and 'prod')"],
        conditions: ['source-user: corp\\admins'],
        objects: [
          'admins',
          'admin-net',
          'jump-host',
          'partner',
          'tagged',
          'mgmt',
          'service-https',
          'tcp-telnet',
          'udp-snmp',
        ],
      });
      expect(udp).toMatchObject({ protocol: 'udp', destinationPorts: ['161-162'], sources: tcp.sources });
      expect(telnet).toMatchObject({
        action: 'reject',
        enabled: false,
        destinations: ['10.1.1.0/24'],
        destinationsNegated: true,
        destinationPorts: ['23'],
      });
      // The overridden predefined rules: intrazone deny, interzone drop.
      expect(intra).toMatchObject({ action: 'deny', lineFrom: 60, conditions: [expect.stringMatching(/^intrazone/)] });
      expect(r.policies).toEqual([{ device: 'pan-fw1', ruleset: 'vsys1/security', policy: 'drop', lineFrom: 61 }]);
    }
  });

  it('Panorama XML: shared pre, device-group pre and post rulesets; the defaults end the post ruleset', () => {
    const r = parseWith(spec('panos-xml'), PANORAMA_XML, {}, 11);
    expect(byRuleset(r.rules)).toEqual({ 'shared/pre': 1, 'device-group DG1/pre': 1, 'device-group DG1/post': 2 });
    expect(r.rules.find((x) => x.name === 'pre-web')).toMatchObject({
      device: 'panorama1',
      destinations: ['10.2.0.10/32'],
      protocol: 'tcp',
      destinationPorts: ['80', '8080'],
      conditions: ['target: 007051000012345'],
    });
    // post-deny uses the shared mgmt-net from inside the device group.
    expect(r.rules.find((x) => x.name === 'post-deny')).toMatchObject({ action: 'drop', sources: ['192.168.50.0/24'] });
    expect(r.rules.find((x) => x.name === 'shared-ssh')?.conditions).toEqual([
      'service application-default: each application only on its default ports',
      'application: ssh',
    ]);
    expect(r.policies).toEqual([
      { device: 'panorama1', ruleset: 'device-group DG1/post', policy: 'deny', lineFrom: null },
    ]);
    expect(r.meta.evaluation).toMatch(/^shared\/pre, device-group pre/);
  });

  it('set form: dynamic groups, FQDNs, wildcards, moves and a default override', () => {
    const text = [
      'set deviceconfig system hostname edge',
      'set address web fqdn www.example.com',
      'set address odd ip-wildcard 10.0.0.0/0.0.255.0',
      "set address-group dyn dynamic filter \"'a' or 'b'\"",
      'set service tcp-ssh protocol tcp port 22',
      'set rulebase security rules A from any',
      'set rulebase security rules A source [ dyn web 192.0.2.1-192.0.2.2 ]',
      'set rulebase security rules A destination odd',
      'set rulebase security rules A service tcp-ssh',
      'set rulebase security rules A action allow',
      'set rulebase security rules B source any',
      'set rulebase security rules B destination any',
      'set rulebase security rules B action deny',
      'set rulebase security rules B schedule weekends',
      'set rulebase security rules B frobnicate yes',
      'move rulebase security rules B top',
      'set rulebase default-security-rules rules interzone-default action allow',
      '',
    ].join('\n');
    const r = parseWith(spec('panos-set'), text, {}, 5);
    expect(r.rules.map((x) => x.name)).toEqual(['B', 'A', 'intrazone-default']);
    expect(r.rules[1]).toMatchObject({
      sources: ['192.0.2.1/32', '192.0.2.2/32'],
      unresolved: [
        "dyn (dynamic group: 'a' or 'b')",
        'web (fqdn www.example.com)',
        'odd (ip-wildcard 10.0.0.0/0.0.255.0)',
      ],
      destinations: [],
      protocol: 'tcp',
      destinationPorts: ['22'],
    });
    expect(r.rules[0]!.conditions).toEqual(['schedule: weekends']);
    expect(r.policies).toEqual([{ device: 'edge', ruleset: 'vsys1/security', policy: 'allow', lineFrom: 17 }]);
    expect(r.notes).toEqual([{ line: 15, column: null, what: 'rule B: field "frobnicate" not understood' }]);
  });
});

describe.skipIf(!corpusAvailable)('PAN-OS hostile input', () => {
  it('truncated files are refused (XML, brace) or flagged (set: the open last line)', () => {
    const xml = readFileSync(
      corpus(R + 'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_simple.xml.ref'),
      'utf8',
    );
    const brace = readFileSync(corpus(R + 'lab-validation--pa'), 'utf8');
    const set = readFileSync(corpus(R + '4-lab-validation--show.txt'), 'utf8');
    for (const frac of [0.1, 0.37, 0.5, 0.83, 0.99]) {
      expect(
        parseError(() => parseWith(spec('panos-xml'), xml.slice(0, Math.floor(xml.length * frac)))).message,
      ).toBeTruthy();
      expect(
        parseError(() => parseWith(spec('panos-brace'), brace.slice(0, Math.floor(brace.length * frac)))).message,
      ).toMatch(/ends inside|never closed|expected/);
      const cut = set.slice(0, Math.floor(set.length * frac));
      if (!cut.endsWith('\n')) {
        const r = parseWith(spec('panos-set'), cut);
        expect(r.notes.some((n) => /last line has no line end/.test(n.what))).toBe(true);
      }
    }
  });

  it('wrong formats, empty files, binary junk and entity declarations are refused', () => {
    const nmap = readFileSync(corpus('scans/nmap-nmap_1port.xml'));
    expect(parseError(() => parseWith(spec('panos-xml'), nmap)).message).toMatch(
      /expected <config> or <response> as the root/,
    );
    const junos = readFileSync(corpus(R + 'batfish--juniper_security'));
    expect(parseError(() => parseWith(spec('panos-set'), junos)).message).toMatch(/no PAN-OS configuration statement/);
    expect(
      parseError(() => parseWith(spec('panos-brace'), readFileSync(corpus(R + 'ciscoconfparse--sample_03.junos'))))
        .message,
    ).toMatch(/no PAN-OS configuration statement/);
    expect(
      parseError(() => parseWith(spec('panos-show-running-security-policy'), junos, { hostName: 'x' })).message,
    ).toMatch(/expected "show running security-policy"/);
    for (const id of PANOS_IDS) {
      expect(parseError(() => parseWith(spec(id), '', { hostName: 'x' })).message, id).toMatch(/expected|no /);
      expect(
        parseError(() => parseWith(spec(id), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), { hostName: 'x' }))
          .message,
        id,
      ).toMatch(/binary|not UTF-8/);
      expect(
        parseError(() => parseWith(spec(id), 'set rulebase \u0001\u0002 junk\n', { hostName: 'x' })).message,
        id,
      ).toBeTruthy();
    }
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE config [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><config>&b;</config>';
    expect(parseError(() => parseWith(spec('panos-xml'), laughs)).message).toMatch(/entity declarations are refused/);
    const xxe = '<?xml version="1.0"?><!DOCTYPE config [<!ENTITY x SYSTEM "file:///etc/passwd">]><config>&x;</config>';
    expect(parseError(() => parseWith(spec('panos-xml'), xxe)).message).toMatch(/entity declarations are refused/);
  });

  it('a failed import leaves the engagement unchanged', async () => {
    // The ten-document capture with garbage after its last configuration, and a cut security-policy output.
    const dir = tempDir();
    const multi = readFileSync(corpus(R + 'aerleon--PaloAltoFWTest.testPanApplication.stdout.ref'), 'utf8');
    writeFileSync(join(dir, 'trailing.xml'), `${multi}\nTest output ends here.\n`);
    const show = readFileSync(corpus(R + 'ntc-templates--paloalto_panos_show_running_security-policy.raw'), 'utf8');
    writeFileSync(join(dir, 'cut.txt'), show.slice(0, show.indexOf('}', 300)));
    for (const [file, format] of [
      ['trailing.xml', 'panos-xml'],
      ['cut.txt', 'panos-show-running-security-policy'],
    ] as const) {
      const store = newEngagement(tempDir());
      await expect(
        importFile(store, fixedContext(), join(dir, file), { hostName: 'pa', format }),
      ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
      expectUntouched(store);
      store.close();
    }
  });

  it('the NAT-only capture and the ten-document capture import through the runner', async () => {
    const nat = await importInto(corpus(R + 'ntc-templates--paloalto_panos_show_running_nat-policy.raw'), {
      hostName: 'pa',
    });
    expect(nat.result).toMatchObject({ format: 'panos-show-running-security-policy', ruleCount: 0, noteCount: 1 });
    expect(nat.result.meta).toMatchObject({ contents: 'NAT rules' });
    nat.store.close();
    const multi = await importInto(corpus(R + 'aerleon--PaloAltoFWTest.testPanApplication.stdout.ref'));
    expect(multi.result).toMatchObject({ format: 'panos-xml', ruleCount: 20 });
    expect(listPolicies(multi.store.db)).toHaveLength(10);
    multi.store.close();
  });
});
