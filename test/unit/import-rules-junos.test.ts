// Juniper JunOS / SRX: set and curly configurations, with exact rule counts for every corpus file,
// hand-checked flows, inline fixtures for zone and attached address books, predefined junos-* applications,
// deactivate / insert / inactive:, global policies, default-policy and firewall filters with "except" and
// prefix lists, and hostile input.
import { readFileSync } from 'node:fs';
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
import { listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, corpusDir, countBy, importInto, parseError, parseWith } from './import-helpers';

const JUNOS_IDS = ['junos-set', 'junos-config'];
const spec = (id: string): FormatSpec => {
  const f = paloaltoJuniperFormats.find((x) => x.id === id);
  if (!f) throw new Error(`no format ${id}`);
  return f;
};
const R = 'rulebases/';
const SRX = 'aerleon--TestRegressionDemo.testSmokeTest.sample_';

const EXPECTED: Readonly<Record<string, string>> = {
  'batfish-junos-firewall-filters.conf': 'junos-set',
  'batfish--juniper_security': 'junos-set',
  [`${SRX}multitarget.jcl.ref`]: 'junos-config',
  [`${SRX}srx.srx.ref`]: 'junos-config',
  [`${SRX}stateful_multitarget_simple.srx.ref`]: 'junos-config',
  [`${SRX}stateful_multitarget_complex.srx.ref`]: 'junos-config',
  'aerleon--JuniperSRXTest.testLargeTermSplitting.stdout.ref': 'junos-config',
  'ciscoconfparse--sample_03.junos': 'junos-config',
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

const parseFile = (id: string, file: string, pieceSize?: number) =>
  parseWith(spec(id), readFileSync(corpus(R + file)), {}, pieceSize);
const byRuleset = (rules: Rule[]) => countBy(rules, (r) => r.ruleset);
const named = (rules: Rule[], name: string) => rules.filter((r) => r.name === name);

const count = (store: EngagementStore, table: string) =>
  store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe.skipIf(!corpusAvailable)('JunOS detection over the whole corpus', () => {
  it('claims exactly the JunOS files, each for its own format, also through the registry', () => {
    const files = manifest();
    expect(files.length).toBeGreaterThan(200);
    for (const rel of files) {
      const name = rel.split('/').pop()!;
      const h = head(rel);
      const want = rel.startsWith(R) ? EXPECTED[name] : undefined;
      for (const id of JUNOS_IDS) {
        const score = spec(id).detect(h, name);
        if (id === want) expect(score, `${id} on ${rel}`).toBeGreaterThanOrEqual(0.9);
        else expect(score, `${id} on ${rel}`).toBe(0);
      }
      if (want) expect(detectFormat(h, name)?.id, rel).toBe(want);
    }
  });
});

// Counts derived independently. SRX policies: a python3 regex walk (/tmp script, described here) over
// "from-zone X to-zone Y { policy P { … application A; …" that expands application-sets to their terms and
// counts one rule per distinct (protocol, source-port, icmp-type) per policy ("any" counts once).
// Firewall filters: grep -c 'term ' per filter (no term lists several protocols). Set files: the policies
// and terms named by grep -oP 'policy \S+|term \S+' | sort -u.
const COUNTS: [string, string, Record<string, number>][] = [
  ['junos-set', 'batfish--juniper_security', { global: 1, 'from-zone A to-zone B': 1 }],
  [
    'junos-set',
    'batfish-junos-firewall-filters.conf',
    {
      'firewall family inet filter FILTER1': 1,
      'firewall family inet filter FILTER2': 1,
      'firewall family inet filter FILTER_UNUSED': 1,
      'firewall family inet filter PARSING': 5,
      'firewall family inet6 filter FILTER6_1': 1,
      'firewall family inet6 filter FILTER6_2': 1,
      'firewall family inet filter FILTER': 2,
    },
  ],
  [
    'junos-config',
    `${SRX}multitarget.jcl.ref`,
    { 'firewall family inet filter edge-inbound': 8, 'firewall family inet filter edge-outbound': 2 },
  ],
  ['junos-config', `${SRX}srx.srx.ref`, { 'from-zone Untrust to-zone DMZ': 5 }],
  [
    'junos-config',
    `${SRX}stateful_multitarget_simple.srx.ref`,
    {
      'from-zone internal to-zone external': 14,
      'from-zone external to-zone internal': 2,
      'from-zone unknown to-zone internal': 8,
    },
  ],
  ['junos-config', `${SRX}stateful_multitarget_complex.srx.ref`, { 'from-zone internal to-zone external': 550 }],
  [
    'junos-config',
    'aerleon--JuniperSRXTest.testLargeTermSplitting.stdout.ref',
    { 'from-zone untrust to-zone trust': 4 },
  ],
  ['junos-config', 'ciscoconfparse--sample_03.junos', {}],
];

describe.skipIf(!corpusAvailable)('JunOS corpus files', () => {
  it.each(COUNTS)(
    '%s %s: exact rules per ruleset, a policy per ruleset, same at piece sizes 7 and 4093',
    (id, file, want) => {
      const a = parseFile(id, file, 4093);
      const b = parseFile(id, file, 7);
      expect(byRuleset(a.rules)).toEqual(want);
      expect(b.rules).toEqual(a.rules);
      expect(b.policies).toEqual(a.policies);
      expect(a.policies.map((p) => p.ruleset).sort()).toEqual(Object.keys(want).sort());
      for (const p of a.policies) expect(p.policy).toBe(p.ruleset.startsWith('firewall') ? 'drop' : 'deny');
    },
  );

  it('hand-checked: batfish firewall filters, terms, implicit accept and interface bindings', () => {
    const { rules, meta, notes } = parseFile('junos-set', 'batfish-junos-firewall-filters.conf');
    expect(notes).toEqual([]);
    // set firewall filter FILTER2 term TERM from source-address 1.2.3.6 / 1.2.3.5 ; then reject
    expect(rules.find((r) => r.ruleset === 'firewall family inet filter FILTER2')).toMatchObject({
      device: 'firewall-filters',
      action: 'reject',
      sources: ['1.2.3.6/32', '1.2.3.5/32'],
      destinations: ['0.0.0.0/0'],
    });
    // PARSING terms have no "then": JunOS accepts; their matches stay conditions.
    expect(named(rules, 'ICMP_TYPE')[0]).toMatchObject({
      action: 'allow',
      conditions: ['icmp-type 0', 'icmp-type 10-20', 'icmp-type-except 11', 'icmp-type-except 13-14'],
    });
    // family inet6 ... from next-header tcp -> IPv6 only, tcp.
    expect(rules.find((r) => r.ruleset === 'firewall family inet6 filter FILTER6_1')).toMatchObject({
      protocol: 'tcp',
      sources: ['::/0'],
    });
    expect(named(rules, 'DECAPSULATE-GRE')[0]).toMatchObject({ action: 'other', target: 'decapsulate gre' });
    expect(named(rules, 'IPV6')[0]).toMatchObject({ protocol: '41' });
    expect(meta['applied: firewall family inet filter FILTER2']).toBe(
      'xe-0/0/1.0 input; xe-0/0/1.0 output; xe-0/0/3.0 input-list; xe-0/0/3.0 output-list',
    );
  });

  it('hand-checked: aerleon JunOS filter, who may reach the mail servers on tcp 25', () => {
    const { rules } = parseFile('junos-config', `${SRX}multitarget.jcl.ref`);
    // term permit-mail-services { from { destination-address { 200.1.1.4/32; 200.1.1.5/32; }
    //   protocol tcp; destination-port [ 25 465 587 995 ]; } then accept; }
    // Earlier terms discard bogon/reserved sources and RFC1918 destinations, so any other source may.
    const mail = named(rules, 'permit-mail-services')[0]!;
    expect(mail).toMatchObject({
      order: 4,
      action: 'allow',
      sources: ['0.0.0.0/0'],
      destinations: ['200.1.1.4/32', '200.1.1.5/32'],
      protocol: 'tcp',
      destinationPorts: ['25', '465', '587', '995'],
      lineFrom: 77,
      lineTo: 89,
    });
    expect(rules.slice(0, 3).map((r) => r.action)).toEqual(['drop', 'drop', 'drop']);
    expect(named(rules, 'permit-tcp-established')[0]!.conditions).toEqual(['tcp-established']);
    // The comment written before the first term becomes its comment.
    expect(named(rules, 'deny-from-bogons')[0]!.comment).toMatch(/^this is a sample edge input filter/);
  });

  it('hand-checked: aerleon SRX, web servers from external on tcp 80/443, ICMP types split', () => {
    const simple = parseFile('junos-config', `${SRX}stateful_multitarget_simple.srx.ref`);
    // policy accept-webserver-traffic { match { source-address any; destination-address [ WEB_SERVERS ];
    //   application accept-webserver-traffic-app; } then { permit; } }
    // application-set accept-webserver-traffic-app = app1 (term t1 tcp 80) + app2 (term t2 tcp 443)
    expect(named(simple.rules, 'accept-webserver-traffic')[0]).toMatchObject({
      ruleset: 'from-zone external to-zone internal',
      order: 1,
      action: 'allow',
      sources: ['0.0.0.0/0', '::/0'],
      destinations: ['200.1.1.1/32', '200.1.1.2/32'],
      protocol: 'tcp',
      destinationPorts: ['80', '443'],
      zones: { from: 'external', to: 'internal' },
      comment: 'Allow webserver inbound traffic.',
    });
    const srx = parseFile('junos-config', `${SRX}srx.srx.ref`);
    // application test-icmp-app { term t1 protocol icmp icmp-type 0 …; term t2 protocol icmp icmp-type 8 …; }
    expect(named(srx.rules, 'test-icmp').map((r) => [r.protocol, r.conditions])).toEqual([
      ['icmp', ['icmp-type 0']],
      ['icmp', ['icmp-type 8']],
    ]);
    expect(named(srx.rules, 'test-tcp')[0]).toMatchObject({
      destinations: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
      objects: ['RFC1918', 'RFC1918_0', 'RFC1918_1', 'RFC1918_2', 'test-tcp-app', 'test-tcp-app1', 'test-tcp-app2'],
    });
  });

  it('a configuration without policies or filters imports nothing and says so', () => {
    const r = parseFile('junos-config', 'ciscoconfparse--sample_03.junos');
    expect(r.rules).toEqual([]);
    expect(r.notes.map((n) => n.what)).toContain(
      'the configuration holds no security policies and no firewall filters: no rules to import',
    );
  });

  it('imports through the runner', async () => {
    const { store, result } = await importInto(corpus(R + `${SRX}stateful_multitarget_simple.srx.ref`));
    expect(result).toMatchObject({ format: 'junos-config', ruleCount: 24 });
    expect(listRules(store.db, { ruleset: 'from-zone external to-zone internal' }).total).toBe(2);
    store.close();
  });
});

/** Hand-written set configuration exercising what the corpus lacks. */
const SET_CONFIG = `set system host-name srx1
set security zones security-zone trust address-book address admins 10.10.0.0/24
set security zones security-zone trust address-book address-set admin-set address admins
set security address-book shared address jump 10.20.0.5/32
set security address-book shared attach zone trust
set security address-book global address web1 192.0.2.10/32
set security address-book global address web-range range-address 192.0.2.20 to 192.0.2.23
set security address-book global address partner dns-name partner.example.com
set security address-book global address-set webs address web1
set security address-book global address-set webs address web-range
set applications application tcp-8080 protocol tcp destination-port 8080
set applications application legacy-ftp term t1 protocol tcp destination-port ftp
set applications application-set mgmt application junos-ssh
set applications application-set mgmt application junos-telnet
set applications application-set mgmt application tcp-8080
set security policies from-zone trust to-zone dmz policy admin match source-address admin-set
set security policies from-zone trust to-zone dmz policy admin match source-address jump
set security policies from-zone trust to-zone dmz policy admin match destination-address webs
set security policies from-zone trust to-zone dmz policy admin match application mgmt
set security policies from-zone trust to-zone dmz policy admin then permit
set security policies from-zone trust to-zone dmz policy old match source-address any
set security policies from-zone trust to-zone dmz policy old match destination-address partner
set security policies from-zone trust to-zone dmz policy old match application legacy-ftp
set security policies from-zone trust to-zone dmz policy old then reject
set security policies from-zone trust to-zone dmz policy snmp match source-address any
set security policies from-zone trust to-zone dmz policy snmp match destination-address any
set security policies from-zone trust to-zone dmz policy snmp match application junos-snmp-get
set security policies from-zone trust to-zone dmz policy snmp then permit
set security policies global policy g1 match source-address any
set security policies global policy g1 match destination-address web1
set security policies global policy g1 match application junos-http
set security policies global policy g1 match from-zone [ untrust guest ]
set security policies global policy g1 then permit
set security policies default-policy permit-all
set firewall family inet filter edge term t1 from source-address 10.0.0.0/8
set firewall family inet filter edge term t1 from source-address 10.1.0.0/16 except
set firewall family inet filter edge term t1 from destination-prefix-list servers
set firewall family inet filter edge term t1 from protocol [ tcp udp ]
set firewall family inet filter edge term t1 from destination-port [ 53 ssh ]
set firewall family inet filter edge term t1 then accept
set firewall family inet filter edge term t2 from protocol tcp
set firewall family inet filter edge term t2 from tcp-established
set firewall family inet filter edge term t2 then count est
set firewall family inet filter edge term t3 then discard
set policy-options prefix-list servers 192.0.2.0/28
deactivate security policies from-zone trust to-zone dmz policy snmp
deactivate firewall family inet filter edge term t2
insert security policies from-zone trust to-zone dmz policy old before policy admin
`;

/** Hand-written curly configuration: inactive:, groups, a multi-application match. */
const CURLY_CONFIG = `## Last commit: 2024-05-01 10:00:00 UTC by admin
version 21.4R3;
system {
    host-name srx2;
}
groups {
    G1 {
        security {
            policies {
                from-zone a to-zone b {
                    policy hidden {
                        then {
                            permit;
                        }
                    }
                }
            }
        }
    }
}
apply-groups G1;
security {
    policies {
        from-zone a to-zone b {
            inactive: policy p1 {
                match {
                    source-address any;
                    destination-address any;
                    application junos-telnet;
                }
                then {
                    permit;
                }
            }
            policy p2 {
                description "no admin protocols";
                match {
                    source-address any;
                    destination-address any;
                    application [ junos-ssh junos-https ];
                    inactive: dynamic-application junos:HTTP;
                }
                then {
                    deny;
                }
            }
        }
    }
}
`;

describe('JunOS deep nesting', () => {
  it('parses a deep but legal nesting in linear time and refuses hostile depth with its line', () => {
    const nest = (n: number) =>
      `system {\n    host-name fw1;\n}\nfirewall {\n${'a {\n'.repeat(n)}${'}\n'.repeat(n)}}\n`;
    const t = performance.now();
    expect(parseWith(spec('junos-config'), nest(500)).rules).toEqual([]);
    // Quadratic before: 8,000 levels took 3.3 s; 500 must be a few milliseconds.
    expect(performance.now() - t).toBeLessThan(2000);
    const deep = parseError(() => parseWith(spec('junos-config'), nest(100_000)));
    expect(deep.message).toBe('blocks nested deeper than 512 levels; no real configuration nests so deep');
    expect(deep.line).toBe(516);
  });
});

describe('JunOS inline fixtures', () => {
  it('set form: zone, attached and global books; insert and deactivate; global and default policies', () => {
    for (const piece of [7, 4093]) {
      const r = parseWith(spec('junos-set'), SET_CONFIG, {}, piece);
      expect(r.notes).toEqual([]);
      const pair = r.rules.filter((x) => x.ruleset === 'from-zone trust to-zone dmz');
      expect(pair.map((x) => [x.order, x.name, x.enabled])).toEqual([
        [1, 'old', true],
        [2, 'admin', true],
        [3, 'snmp', false],
      ]);
      expect(pair[0]).toMatchObject({
        action: 'reject',
        destinations: [],
        unresolved: ['partner (dns-name partner.example.com)'],
        protocol: 'tcp',
        destinationPorts: ['21'],
      });
      // admin: admin-set from the trust zone's book, jump from the book attached to trust, webs global;
      // junos-ssh, junos-telnet and tcp-8080 share one TCP rule.
      expect(pair[1]).toMatchObject({
        action: 'allow',
        sources: ['10.10.0.0/24', '10.20.0.5/32'],
        destinations: ['192.0.2.10/32', '192.0.2.20/30'],
        protocol: 'tcp',
        destinationPorts: ['22', '23', '8080'],
        zones: { from: 'trust', to: 'dmz' },
        objects: [
          'admin-set',
          'admins',
          'jump',
          'webs',
          'web1',
          'web-range',
          'mgmt',
          'junos-ssh',
          'junos-telnet',
          'tcp-8080',
        ],
      });
      expect(pair[2]).toMatchObject({ protocol: 'udp', destinationPorts: ['161'] });
      expect(r.rules.find((x) => x.ruleset === 'global')).toMatchObject({
        name: 'g1',
        zones: { from: 'untrust,guest', to: null },
        destinations: ['192.0.2.10/32'],
        protocol: 'tcp',
        destinationPorts: ['80'],
      });
      expect(r.policies).toEqual([
        { device: 'srx1', ruleset: 'from-zone trust to-zone dmz', policy: 'allow', lineFrom: 34 },
        { device: 'srx1', ruleset: 'global', policy: 'allow', lineFrom: 34 },
        { device: 'srx1', ruleset: 'firewall family inet filter edge', policy: 'drop', lineFrom: null },
      ]);
      const edge = r.rules.filter((x) => x.ruleset === 'firewall family inet filter edge');
      expect(edge.map((x) => [x.order, x.name, x.action, x.protocol, x.enabled])).toEqual([
        [1, 't1', 'allow', 'tcp', true],
        [2, 't1', 'allow', 'udp', true],
        [3, 't2', 'allow', 'tcp', false],
        [4, 't3', 'drop', 'any', true],
      ]);
      expect(edge[0]).toMatchObject({
        sources: ['10.0.0.0/8'],
        destinations: ['192.0.2.0/28'],
        destinationPorts: ['53', '22'],
        conditions: ['source-address 10.1.0.0/16 except'],
        objects: ['servers'],
      });
      expect(edge[2]!.conditions).toEqual(['tcp-established']);
    }
  });

  it('curly form: inactive policy and statement, groups not expanded (said so), description kept', () => {
    const r = parseWith(spec('junos-config'), CURLY_CONFIG, {}, 13);
    expect(r.rules.map((x) => [x.name, x.enabled, x.action, x.protocol, x.destinationPorts])).toEqual([
      ['p1', false, 'allow', 'tcp', ['23']],
      ['p2', true, 'deny', 'tcp', ['22', '443']],
    ]);
    expect(r.rules[1]).toMatchObject({ comment: 'no admin protocols', conditions: [], lineFrom: 35, lineTo: 46 });
    expect(r.notes.map((n) => [n.line, n.what])).toEqual([
      [7, 'configuration group "G1" is not expanded into the configuration; its statements are not imported'],
      [21, 'apply-groups not expanded: apply-groups G1'],
      [41, 'inactive statement, not in effect: match dynamic-application junos:HTTP'],
    ]);
    expect(r.policies).toEqual([{ device: 'srx2', ruleset: 'from-zone a to-zone b', policy: 'deny', lineFrom: null }]);
  });
});

describe.skipIf(!corpusAvailable)('JunOS hostile input', () => {
  it('truncated curly files are refused; truncated set files flag their open last line', () => {
    const curly = readFileSync(corpus(R + `${SRX}stateful_multitarget_simple.srx.ref`), 'utf8');
    const set = readFileSync(corpus(R + 'batfish-junos-firewall-filters.conf'), 'utf8');
    for (const frac of [0.05, 0.31, 0.5, 0.77, 0.995]) {
      expect(
        parseError(() => parseWith(spec('junos-config'), curly.slice(0, Math.floor(curly.length * frac)))).message,
      ).toMatch(/ends inside|never closed/);
      const cut = set.slice(0, Math.floor(set.length * frac));
      if (!cut.endsWith('\n') && !cut.slice(cut.lastIndexOf('\n') + 1).startsWith('#')) {
        expect(parseWith(spec('junos-set'), cut).notes.some((n) => /last line has no line end/.test(n.what))).toBe(
          true,
        );
      }
    }
  });

  it('wrong formats, empty files and binary junk are refused', () => {
    const panos = readFileSync(corpus(R + 'lab-validation--pa'));
    expect(parseError(() => parseWith(spec('junos-config'), panos)).message).toMatch(
      /no JunOS configuration statement/,
    );
    const panosSet = readFileSync(corpus(R + '4-lab-validation--show.txt'));
    expect(parseError(() => parseWith(spec('junos-set'), panosSet)).message).toMatch(
      /no JunOS configuration statement/,
    );
    expect(
      parseError(() => parseWith(spec('junos-config'), readFileSync(corpus(R + 'pfsense--config.xml')))).message,
    ).toMatch(/ends inside a statement|no JunOS/);
    for (const id of JUNOS_IDS) {
      expect(parseError(() => parseWith(spec(id), '')).message, id).toMatch(/no JunOS configuration statement/);
      expect(parseError(() => parseWith(spec(id), Buffer.from([0xff, 0xd8, 0xff, 0, 0x10]))).message, id).toMatch(
        /binary|not UTF-8/,
      );
      expect(parseError(() => parseWith(spec(id), 'set system \u0007host-name x;\n')).message, id).toMatch(
        /control character/,
      );
    }
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    const { writeFileSync } = await import('node:fs');
    const path = join(dir, 'cut.conf');
    const text = readFileSync(corpus(R + `${SRX}srx.srx.ref`), 'utf8');
    writeFileSync(path, text.slice(0, 900));
    const store = newEngagement(tempDir());
    await expect(importFile(store, fixedContext(), path)).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    for (const t of ['import', 'rule', 'ruleset_policy', 'parse_note', 'artifact']) expect(count(store, t), t).toBe(0);
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });
});
