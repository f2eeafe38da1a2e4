// pfSense / OPNsense config.xml: exact rule counts for every corpus file, hand-checked flows (SSH open to
// the firewall from anywhere on an OPNsense WAN; the generated anti-lockout rule), an inline fixture for
// aliases, floating rules, tcp/udp, negation and interface addresses, and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { detectFormat } from '../../src-main/core/import/formats';
import { paloaltoJuniperFormats } from '../../src-main/core/import/rulebases/paloalto-juniper';
import { HEAD_BYTES, importFile } from '../../src-main/core/import/run-import';
import type { FormatSpec } from '../../src-main/core/import/types';
import type { Rule } from '../../src-main/core/model/rule';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, corpusDir, countBy, importInto, parseError, parseWith } from './import-helpers';

const spec: FormatSpec = paloaltoJuniperFormats.find((f) => f.id === 'pfsense-config')!;
const R = 'rulebases/';
const FILES = [
  'pfsense--config.xml',
  'opnDossier--sample.config.5.xml',
  'opnDossier--sample.config.6.xml',
  'opnDossier--opnsense-aliases.xml',
];

function head(rel: string): string {
  const bytes = readFileSync(corpus(rel)).subarray(0, HEAD_BYTES);
  try {
    const { encoding, bom } = sniffEncoding(bytes);
    return createDecoder(encoding, bom).decode(bytes, 0);
  } catch {
    return '';
  }
}

const parseFile = (file: string, pieceSize?: number) => parseWith(spec, readFileSync(corpus(R + file)), {}, pieceSize);
const byRuleset = (rules: Rule[]) => countBy(rules, (r) => r.ruleset);
const count = (store: EngagementStore, table: string) =>
  store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe.skipIf(!corpusAvailable)('pfSense detection over the whole corpus', () => {
  it('claims exactly the pfSense/OPNsense config.xml files, also through the registry', () => {
    const rows = readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(200);
    for (const row of rows) {
      const rel = row.split('\t')[2]!;
      const name = rel.split('/').pop()!;
      const mine = rel.startsWith(R) && FILES.includes(name);
      const score = spec.detect(head(rel), name);
      if (mine) {
        expect(score, rel).toBeGreaterThanOrEqual(0.9);
        expect(detectFormat(head(rel), name)?.id, rel).toBe('pfsense-config');
      } else expect(score, rel).toBe(0);
    }
  });
});

// Counts derived independently with python3 xml.etree: per interface the <filter><rule> elements
// (floating ones apart; "tcp/udp" counts twice; none in these files), plus the generated rules: the
// anti-lockout rule on LAN (no <noantilockout>), one rule per <blockpriv>/<blockbogons> interface flag.
const COUNTS: [string, Record<string, number>, string][] = [
  ['pfsense--config.xml', { lan: 3, wan: 2 }, 'pfSense'],
  ['opnDossier--sample.config.5.xml', { lan: 3, wan: 3 }, 'OPNsense'],
  ['opnDossier--opnsense-aliases.xml', { lan: 3, wan: 2 }, 'OPNsense'],
];

describe.skipIf(!corpusAvailable)('pfSense / OPNsense corpus files', () => {
  it.each(COUNTS)(
    '%s: exact rules per interface, a drop policy per interface, same at piece sizes 7 and 4093',
    (file, want, device) => {
      const a = parseFile(file, 4093);
      const b = parseFile(file, 7);
      expect(byRuleset(a.rules)).toEqual(want);
      expect(b.rules).toEqual(a.rules);
      expect(a.policies).toEqual(
        Object.keys(want).map((ruleset) => ({ device, ruleset, policy: 'drop', lineFrom: null })),
      );
      expect(a.notes).toEqual([]);
    },
  );

  it('opnDossier sample 6: 51 filter rules on 52 interfaces, one disabled CARP rule', () => {
    const { rules, notes } = parseFile('opnDossier--sample.config.6.xml', 4093);
    // python3: 51 <filter><rule>, interfaces wan + opt6..opt55; + anti-lockout (lan) + blockpriv, blockbogons (wan)
    expect(rules).toHaveLength(54);
    const counts = byRuleset(rules);
    expect(Object.keys(counts)).toHaveLength(52);
    expect(counts).toMatchObject({ lan: 1, wan: 3, opt6: 1, opt55: 1 });
    expect(notes).toEqual([]);
    // <rule uuid="validUUID"> <type>pass</type> <interface>wan</interface> <protocol>carp</protocol> … <disabled>1</disabled>
    expect(rules.find((r) => r.name === 'validUUID')).toMatchObject({
      ruleset: 'wan',
      protocol: '112',
      enabled: false,
    });
    // opt6 "default allow VLAN_723 any": source any (inet) -> everything, to anywhere.
    expect(rules.find((r) => r.ruleset === 'opt6')).toMatchObject({
      action: 'allow',
      sources: ['0.0.0.0/0'],
      destinations: ['0.0.0.0/0'],
      comment: 'default allow VLAN_723 any',
    });
  });

  it('hand-checked: OPNsense sample 5, which sources reach tcp/22 on the WAN interface', () => {
    const { rules } = parseFile('opnDossier--sample.config.5.xml');
    // <rule uuid="38ab15a5…"><type>pass</type><interface>wan</interface><ipprotocol>inet</ipprotocol>
    //   <protocol>tcp</protocol><source><any>1</any></source>
    //   <destination><network>(self)</network><port>22</port></destination>
    const ssh = rules.filter(
      (r) => r.ruleset === 'wan' && r.action === 'allow' && r.protocol === 'tcp' && r.destinationPorts?.includes('22'),
    );
    expect(ssh).toHaveLength(1);
    expect(ssh[0]).toMatchObject({
      order: 3,
      sources: ['0.0.0.0/0'],
      destinations: [],
      unresolved: ['(self): every address of this firewall'],
      direction: 'in',
      interfaces: { in: 'wan', out: null },
      lineFrom: 363,
      lineTo: 388,
    });
    // Before it, the generated "block private networks" and "block bogon networks" (<blockpriv>1, <blockbogons>1).
    expect(rules.filter((r) => r.ruleset === 'wan').map((r) => [r.order, r.name, r.action])).toEqual([
      [1, 'block private networks', 'drop'],
      [2, 'block bogon networks', 'drop'],
      [3, '38ab15a5-99c7-4cd7-87cd-e8662aee24f8', 'allow'],
    ]);
    // LAN here takes its address by DHCP: the "LAN net" source cannot be resolved offline.
    expect(rules.find((r) => r.comment === 'Default allow LAN to any rule')).toMatchObject({
      sources: [],
      unresolved: ['lan (IPv4 network: dhcp)'],
    });
  });

  it('hand-checked: pfSense factory config, LAN net and the anti-lockout rule (web GUI on 443 and 80)', () => {
    const { rules, meta } = parseFile('pfsense--config.xml');
    expect(meta).toMatchObject({ hostname: 'pfSense', domain: 'home.arpa', product: 'pfSense' });
    // <lan><ipaddr>192.168.1.1</ipaddr><subnet>24</subnet><ipaddrv6>track6</ipaddrv6>
    const lan = rules.filter((r) => r.ruleset === 'lan');
    expect(lan[0]).toMatchObject({
      name: 'anti-lockout',
      action: 'allow',
      protocol: 'tcp',
      destinations: ['192.168.1.1/32'],
      unresolved: ['lanip (IPv6 address: track6)'],
      destinationPorts: ['443', '80'],
    });
    expect(lan[1]).toMatchObject({
      name: 'tracker 0100000101',
      sources: ['192.168.1.0/24'],
      destinations: ['0.0.0.0/0'],
      comment: 'Default allow LAN to any rule',
    });
    expect(lan[2]).toMatchObject({ sources: [], unresolved: ['lan (IPv6 network: track6)'], destinations: ['::/0'] });
  });

  it('imports through the runner', async () => {
    const { store, result } = await importInto(corpus(R + 'opnDossier--sample.config.6.xml'));
    expect(result).toMatchObject({ format: 'pfsense-config', ruleCount: 54, noteCount: 0 });
    expect(listRules(store.db, { ruleset: 'wan' }).total).toBe(3);
    expect(listPolicies(store.db)).toHaveLength(52);
    store.close();
  });
});

/** Hand-written pfSense config exercising aliases, floating rules and interface addresses. */
const FIXTURE = `<?xml version="1.0"?>
<pfsense>
  <version>23.3</version>
  <system>
    <hostname>fw-edge</hostname>
    <domain>example.net</domain>
    <webgui><protocol>http</protocol><port>8080</port></webgui>
    <ssh><enable>enabled</enable><port>2222</port></ssh>
  </system>
  <interfaces>
    <wan><enable/><if>em0</if><ipaddr>dhcp</ipaddr><blockpriv/></wan>
    <lan><enable/><if>em1</if><ipaddr>10.0.0.1</ipaddr><subnet>24</subnet></lan>
    <opt1><descr>DMZ</descr><if>em2</if><ipaddr>172.16.5.1</ipaddr><subnet>24</subnet></opt1>
  </interfaces>
  <aliases>
    <alias><name>admins</name><type>host</type><address>10.0.0.10 10.0.0.20-10.0.0.23 jump mgmt.example.com</address></alias>
    <alias><name>jump</name><type>host</type><address>192.168.9.9</address></alias>
    <alias><name>webports</name><type>port</type><address>80 443 8000:8010</address></alias>
    <alias><name>badguys</name><type>urltable</type><url>https://example.com/list.txt</url></alias>
  </aliases>
  <filter>
    <rule>
      <type>block</type><floating>yes</floating><quick>yes</quick><interface>wan,opt1</interface>
      <direction>any</direction><ipprotocol>inet46</ipprotocol>
      <source><address>badguys</address></source><destination><any/></destination><descr>drop listed</descr>
    </rule>
    <rule>
      <type>pass</type><floating>yes</floating><interface>wan</interface><direction>out</direction>
      <ipprotocol>inet</ipprotocol><protocol>icmp</protocol><icmptype>echoreq</icmptype>
      <source><network>wanip</network></source><destination><any/></destination>
    </rule>
    <rule>
      <type>pass</type><interface>wan</interface><ipprotocol>inet</ipprotocol><protocol>tcp/udp</protocol>
      <source><address>admins</address></source>
      <destination><network>lanip</network><port>webports</port></destination>
      <descr>admins to gui</descr><sched>office</sched>
    </rule>
    <rule>
      <type>reject</type><interface>lan</interface><ipprotocol>inet</ipprotocol><protocol>tcp</protocol>
      <source><network>lan</network><not/></source>
      <destination><address>10.0.0.0/8</address><port>23</port></destination><disabled/>
    </rule>
    <rule>
      <type>pass</type><interface>opt1</interface><ipprotocol>inet</ipprotocol>
      <source><network>opt1</network></source><destination><any/></destination><frob>1</frob>
    </rule>
  </filter>
</pfsense>
`;

describe('pfSense inline fixture', () => {
  it('aliases, floating rules, tcp/udp, negation, interface addresses, generated rules', () => {
    for (const piece of [7, 4093]) {
      const r = parseWith(spec, FIXTURE, {}, piece);
      expect(byRuleset(r.rules)).toEqual({ lan: 2, wan: 3, floating: 2, opt1: 1 });
      expect(r.notes).toEqual([{ line: 45, column: null, what: 'rule field <frob> not understood' }]);
      expect(r.policies.map((p) => p.ruleset)).toEqual(['lan', 'wan', 'opt1']);
      const [antiLockout, telnet] = r.rules.filter((x) => x.ruleset === 'lan') as [Rule, Rule];
      // webgui http on 8080 (no redirect port) and SSH enabled on 2222.
      expect(antiLockout).toMatchObject({
        destinations: ['10.0.0.1/32'],
        unresolved: [],
        destinationPorts: ['8080', '2222'],
      });
      expect(telnet).toMatchObject({
        action: 'reject',
        enabled: false,
        sources: ['10.0.0.0/24'],
        sourcesNegated: true,
        destinations: ['10.0.0.0/8'],
        protocol: 'tcp',
        destinationPorts: ['23'],
      });
      const wan = r.rules.filter((x) => x.ruleset === 'wan');
      expect(wan.map((x) => [x.order, x.name ?? x.comment, x.protocol])).toEqual([
        [1, 'block private networks', 'any'],
        [2, 'admins to gui', 'tcp'],
        [3, 'admins to gui', 'udp'],
      ]);
      expect(wan[1]).toMatchObject({
        sources: ['10.0.0.10/32', '10.0.0.20/30', '192.168.9.9/32'],
        unresolved: ['mgmt.example.com (host name)'],
        destinations: ['10.0.0.1/32'],
        destinationPorts: ['80', '443', '8000-8010'],
        conditions: ['sched: office'],
        objects: ['admins', 'jump', 'lanip', 'webports'],
      });
      const [listed, ping] = r.rules.filter((x) => x.ruleset === 'floating') as [Rule, Rule];
      expect(listed).toMatchObject({
        action: 'drop',
        direction: null,
        interfaces: { in: 'wan,opt1', out: null },
        sources: [],
        unresolved: ['badguys (urltable alias)'],
        destinations: ['0.0.0.0/0', '::/0'],
        conditions: ['interface opt1 is not enabled: the rule is not loaded while it is off'],
      });
      expect(ping).toMatchObject({
        direction: 'out',
        interfaces: { in: null, out: 'wan' },
        protocol: 'icmp',
        sources: [],
        unresolved: ['wanip (IPv4 address: dhcp)'],
        conditions: [
          'not quick: pf keeps looking, the last matching rule decides (a later quick rule overrides it)',
          'icmp-type: echoreq',
        ],
      });
      expect(r.rules.find((x) => x.ruleset === 'opt1')).toMatchObject({ sources: ['172.16.5.0/24'] });
    }
  });
});

describe.skipIf(!corpusAvailable)('pfSense hostile input', () => {
  it('truncated, wrong-format, empty, binary and entity-declaring files are refused', () => {
    const text = readFileSync(corpus(R + 'opnDossier--sample.config.5.xml'), 'utf8');
    for (const frac of [0.02, 0.4, 0.66, 0.999]) {
      expect(parseError(() => parseWith(spec, text.slice(0, Math.floor(text.length * frac)))).message).toBeTruthy();
    }
    expect(parseError(() => parseWith(spec, readFileSync(corpus(R + 'lab-validation--pa')))).message).toMatch(
      /text outside the root element|root element/,
    );
    const panos = readFileSync(
      corpus(R + 'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_simple.xml.ref'),
    );
    expect(parseError(() => parseWith(spec, panos)).message).toMatch(
      /expected <pfsense> or <opnsense> as the root element/,
    );
    expect(parseError(() => parseWith(spec, '')).message).toMatch(/no XML element found/);
    expect(parseError(() => parseWith(spec, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]))).message).toMatch(
      /binary|not UTF-8/,
    );
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE pfsense [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><pfsense>&b;</pfsense>';
    expect(parseError(() => parseWith(spec, laughs)).message).toMatch(/entity declarations are refused/);
    const xxe = '<!DOCTYPE pfsense [<!ENTITY x SYSTEM "file:///etc/passwd">]><pfsense><system>&x;</system></pfsense>';
    expect(parseError(() => parseWith(spec, xxe)).message).toMatch(/entity declarations are refused/);
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const path = join(tempDir(), 'config.xml');
    writeFileSync(path, readFileSync(corpus(R + 'pfsense--config.xml'), 'utf8').slice(0, 3000));
    const store = newEngagement(tempDir());
    await expect(importFile(store, fixedContext(), path)).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    for (const t of ['import', 'rule', 'ruleset_policy', 'parse_note', 'artifact']) expect(count(store, t), t).toBe(0);
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });
});
