// OpenBSD pf.conf: the aerleon-generated corpus sample (tables with continuation lines, quick rules), a
// hand-written fixture for macros, non-quick rules, negation, every port operator, interfaces and tables
// that do not expand, the last-match-unless-quick order checked against the evaluator packet by packet,
// and hostile input. Detection over the whole corpus is in import-rules-ufw.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openbsdPf } from '../../src-main/core/import/rulebases/openbsd-pf';
import { importFile } from '../../src-main/core/import/run-import';
import type { Rule } from '../../src-main/core/model/rule';
import { compiledDevice, defaultEntries, evaluatePacket, type Packet } from '../../src-main/core/net';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, expectUntouched, importInto, parseError, parseWith } from './import-helpers';

const host = { hostName: 'fw-01' };
const SAMPLE = 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_packetfilter.pf.ref';
const parseFile = (rel: string, pieceSize?: number) =>
  parseWith(openbsdPf, readFileSync(corpus(rel)), { ...host, fileName: rel }, pieceSize);
const parseText = (text: string, pieceSize?: number) => parseWith(openbsdPf, text, host, pieceSize);
const at = (rules: Rule[], order: number) => rules.filter((r) => r.order === order);

describe.skipIf(!corpusAvailable)('pf.conf (corpus: aerleon sample_packetfilter)', () => {
  // 6 rules: grep -cE '^(pass|block) ' FILE; all "quick", so the stored order is the file order.
  it('6 rules in file order, 1 default policy allow, tables expanded', () => {
    const out = parseFile(SAMPLE);
    expect(out.rules).toHaveLength(6);
    expect(out.rules.map((r) => [r.order, r.lineFrom, r.action])).toEqual([
      [1, 25, 'allow'],
      [2, 29, 'allow'],
      [3, 33, 'reject'],
      [4, 36, 'allow'],
      [5, 40, 'drop'],
      [6, 44, 'allow'],
    ]);
    expect(out.policies).toEqual([{ device: 'fw-01', ruleset: 'pf', policy: 'allow', lineFrom: null }]);
    expect(out.meta).toMatchObject({ rules: '6', 'quick-rules': '6', tables: '5', macros: '0', 'model-rules': '6' });
    expect(out.notes.map((n) => n.what)).toEqual([
      "pf passes packets that no rule matches (pf's implicit default): recorded as the default policy allow",
      'pf applies the last matching rule unless a "quick" rule matches first; the 6 quick rule(s) are stored first in file order, then the 0 other rule(s) in reverse file order, so that the first match gives pf\'s answer (each rule keeps its own lines)',
    ]);
    for (const r of out.rules) {
      expect(r).toMatchObject({ device: 'fw-01', ruleset: 'pf', direction: null, sources: ['0.0.0.0/0'] });
      expect(r.lineTo).toBe(r.lineFrom);
    }
  });

  it('hand-checked rules: a port range, an inet rule keeping only the IPv4 half of a table, flags, icmp types', () => {
    const out = parseFile(SAMPLE);
    // line 25: pass quick inet proto { udp } from { any } to { any } port { 67:68 } keep state
    expect(at(out.rules, 1)[0]).toMatchObject({
      protocol: 'udp',
      destinations: ['0.0.0.0/0'],
      destinationPorts: ['67-68'],
      conditions: [],
      comment: 'term accept-dhcp\nOptional - allow forwarding of DHCP requests.',
      text: 'pass quick inet proto { udp } from { any } to { any } port { 67:68 } keep state',
    });
    // line 29: ... to { <GOOGLE_DNS> } port { 53 }; GOOGLE_DNS (lines 1-4) also holds two IPv6 hosts.
    expect(at(out.rules, 2)[0]).toMatchObject({
      protocol: 'udp',
      destinations: ['8.8.4.4/32', '8.8.8.8/32'],
      destinationPorts: ['53'],
      objects: ['GOOGLE_DNS'],
    });
    // line 33: block return quick log inet from { any } to { <INTERNAL> } flags S/SA
    expect(at(out.rules, 3)[0]).toMatchObject({
      action: 'reject',
      protocol: 'any',
      destinations: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'],
      conditions: ['flags S/SA'],
      objects: ['INTERNAL'],
    });
    // line 36: pass quick inet proto { icmp } from { any } to { <RFC1918> } icmp-type { 0, 8 } keep state
    expect(at(out.rules, 4)[0]).toMatchObject({ protocol: 'icmp', conditions: ['icmp-type { 0 8 }'] });
    // line 40: block drop quick inet from { any } to { <MAIL_SERVERS>, <WEB_SERVERS> } flags S/SA
    expect(at(out.rules, 5)[0]).toMatchObject({
      action: 'drop',
      destinations: ['200.1.1.4/32', '200.1.1.5/32', '200.1.1.1/32', '200.1.1.2/32'],
      objects: ['MAIL_SERVERS', 'WEB_SERVERS'],
      lineFrom: 40,
    });
  });

  it('the same result whatever the piece size (1, 7 and 4093 characters)', () => {
    expect(parseFile(SAMPLE, 1)).toEqual(parseFile(SAMPLE, 4093));
    expect(parseFile(SAMPLE, 7)).toEqual(parseFile(SAMPLE, 4093));
  });

  it('imports through detection; the evaluator starts in "pf"', async () => {
    const { store, result } = await importInto(corpus(SAMPLE), host);
    expect(result).toMatchObject({ format: 'openbsd-pf', ruleCount: 6 });
    expect(listRules(store.db).rows.map((r) => r.lineFrom)).toEqual([25, 29, 33, 36, 40, 44]);
    expect(listPolicies(store.db)).toHaveLength(1);
    store.close();
    const out = parseFile(SAMPLE);
    expect(defaultEntries(compiledDevice(out.rules, out.policies, 'fw-01'))).toEqual(['pf']);
  });
});

// Line numbers are those of the fixture; the stored order is quick rules (lines 21, 22, 37) first, then the
// others from line 34 back to line 17.
const FIXTURE = [
  '# Hand-written pf.conf covering what the corpus sample lacks.',
  'ext_if = "em0"',
  'int_if = "em1"',
  'web_ports = "{ 80, 443 }"',
  'admins_net = "198.51.100.0/24"',
  'set block-policy return',
  'set skip on lo0',
  'set limit states 20000',
  '',
  'table <admins> { 192.0.2.10, 192.0.2.11 \\',
  '    $admins_net }',
  'table <bad> persist file "/etc/pf.bad"',
  'table <mixed> { 10.0.0.0/8, !10.1.0.0/16 }',
  'table <dual> { 203.0.113.0/24 2001:db8::/32 \\',
  '  mail.example.org }',
  '',
  'block all',
  'pass out on $ext_if inet proto { tcp udp } all keep state',
  'pass in on $ext_if proto tcp from <admins> to port 22 flags S/SA keep state (max-src-conn 10)',
  'pass in on $ext_if proto tcp to port $web_ports label "web"',
  'block in quick on $ext_if from <bad>',
  'block drop in quick inet6 all',
  'pass in proto tcp from ! 203.0.113.0/24 to port 8000:8080',
  'pass in proto tcp to port 6000 >< 6010',
  'pass in proto tcp to port 7000 <> 7010',
  'pass in proto udp to port != 53',
  'pass in proto tcp to port { < 10, >= 60000 }',
  'pass in on ! $int_if proto tcp to port 3389 user root',
  'pass in inet proto tcp from 10/8 port > 1023 to port ssh',
  'pass proto tcp from 192.0.2.1 - 192.0.2.6 to any port www',
  'pass on $int_if proto icmp all',
  'pass in inet proto tcp to <dual> port 25',
  'pass in proto tcp to <mixed> port 587',
  'pass in proto tcp from { 192.0.2.0/24, ! 192.0.2.128/25 } to self port 443',
  'match out on $ext_if nat-to ($ext_if)',
  'anchor "ftp-proxy/*"',
  'pass in quick proto tcp to port 21 rdr-to 127.0.0.1 port 8021',
  '',
].join('\n');

describe('pf fixture: macros, order, negation, port operators, interfaces, unresolved tables', () => {
  const out = parseText(FIXTURE);
  const byLine = (line: number) => out.rules.filter((r) => r.lineFrom === line);

  it('quick rules first in file order, then the others in reverse; lists become sibling rules', () => {
    // 19 pf rules (grep -cE '^(pass|block) '), 22 model rules: line 18 has two protocols, line 31 an
    // interface with no direction (in and out), line 34 a host list with a negated item.
    expect(out.meta).toMatchObject({ rules: '19', 'quick-rules': '3', 'model-rules': '22', macros: '4', tables: '4' });
    expect([...new Set(out.rules.map((r) => `${r.order}:${r.lineFrom}`))]).toEqual([
      '1:21',
      '2:22',
      '3:37',
      '4:34',
      '5:33',
      '6:32',
      '7:31',
      '8:30',
      '9:29',
      '10:28',
      '11:27',
      '12:26',
      '13:25',
      '14:24',
      '15:23',
      '16:20',
      '17:19',
      '18:18',
      '19:17',
    ]);
    expect(out.policies).toEqual([{ device: 'fw-01', ruleset: 'pf', policy: 'allow', lineFrom: null }]);
  });

  it('block-policy return makes a plain "block" a reject; "block drop" stays a drop', () => {
    expect(byLine(17)).toEqual([expect.objectContaining({ order: 19, action: 'reject', direction: null })]);
    expect(byLine(22)).toEqual([
      expect.objectContaining({ action: 'drop', direction: 'in', sources: ['::/0'], destinations: ['::/0'] }),
    ]);
  });

  it('macros, tables over continuation lines, flags and state options, labels', () => {
    expect(byLine(19)).toEqual([
      expect.objectContaining({
        action: 'allow',
        direction: 'in',
        protocol: 'tcp',
        sources: ['192.0.2.10/32', '192.0.2.11/32', '198.51.100.0/24'],
        destinations: ['0.0.0.0/0', '::/0'],
        destinationPorts: ['22'],
        interfaces: { in: 'em0', out: null },
        objects: ['admins'],
        conditions: ['flags S/SA', 'keep state (max-src-conn 10)'],
      }),
    ]);
    expect(byLine(20)[0]).toMatchObject({
      destinationPorts: ['80', '443'],
      name: 'web',
      interfaces: { in: 'em0', out: null },
    });
    expect(byLine(18).map((r) => [r.protocol, r.direction, r.interfaces.out, r.sources])).toEqual([
      ['tcp', 'out', 'em0', ['0.0.0.0/0']],
      ['udp', 'out', 'em0', ['0.0.0.0/0']],
    ]);
  });

  it('every port operator maps exactly to ranges', () => {
    expect(byLine(23)[0]?.destinationPorts).toEqual(['8000-8080']); // 8000:8080
    expect(byLine(24)[0]?.destinationPorts).toEqual(['6001-6009']); // 6000 >< 6010
    expect(byLine(25)[0]?.destinationPorts).toEqual(['0-6999', '7011-65535']); // 7000 <> 7010
    expect(byLine(26)[0]?.destinationPorts).toEqual(['0-52', '54-65535']); // != 53
    expect(byLine(27)[0]?.destinationPorts).toEqual(['0-9', '60000-65535']); // { < 10, >= 60000 }
    expect(byLine(29)[0]).toMatchObject({ sourcePorts: ['1024-65535'], destinationPorts: ['22'] }); // > 1023, ssh
    expect(byLine(30)[0]?.destinationPorts).toEqual(['80']); // www
  });

  it('negation: a negated source keeps the rule in its family; a negated list item is its own rule', () => {
    // from ! 203.0.113.0/24 (IPv4, inferred from the address): "not in 203.0.113.0/24 and not IPv6".
    expect(byLine(23)[0]).toMatchObject({
      sources: ['203.0.113.0/24', '::/0'],
      sourcesNegated: true,
      destinations: ['0.0.0.0/0'],
    });
    // from { 192.0.2.0/24, ! 192.0.2.128/25 } to self port 443
    expect(byLine(34).map((r) => [r.sources, r.sourcesNegated, r.destinations, r.unresolved])).toEqual([
      [['192.0.2.0/24'], false, [], ['self (the addresses of this host)']],
      [['192.0.2.128/25', '::/0'], true, [], ['self (the addresses of this host)']],
    ]);
    // on ! em1 ... user root
    expect(byLine(28)[0]).toMatchObject({ interfaces: { in: null, out: null }, conditions: ['user root', 'on ! em1'] });
  });

  it('interfaces without a direction, address ranges, pf short networks', () => {
    expect(byLine(31).map((r) => [r.direction, r.interfaces])).toEqual([
      ['in', { in: 'em1', out: null }],
      ['out', { in: null, out: 'em1' }],
    ]);
    expect(byLine(30)[0]).toMatchObject({
      direction: null,
      sources: ['192.0.2.1/32', '192.0.2.2/31', '192.0.2.4/31', '192.0.2.6/32'],
      destinations: ['0.0.0.0/0'],
    });
    expect(byLine(29)[0]?.sources).toEqual(['10.0.0.0/8']);
  });

  it('tables that cannot be expanded are unresolved, keeping what did resolve, and said once', () => {
    expect(byLine(21)[0]).toMatchObject({ sources: [], unresolved: ['<bad> file "/etc/pf.bad"'], objects: ['bad'] });
    expect(byLine(32)[0]).toMatchObject({
      destinations: ['203.0.113.0/24'],
      unresolved: ['<dual> entry mail.example.org'],
      sources: ['0.0.0.0/0'],
    });
    expect(byLine(33)[0]).toMatchObject({ destinations: [], unresolved: ['<mixed>'] });
    const notes = out.notes.map((n) => [n.line, n.what]);
    expect(notes).toEqual([
      [7, 'set skip: pf does not filter lo0 at all (every packet on it passes); not modelled as a rule'],
      [8, 'option not modelled (it does not decide what passes): "set limit states 20000"'],
      [
        35,
        'match rules change packets (scrub, tags, translation) but never pass or block them: "match out on $ext_if nat-to ($ext_if)"',
      ],
      [
        36,
        'rules inside anchors are not imported (they are evaluated where the anchor is, loaded at run time): "anchor \\"ftp-proxy/*\\""',
      ],
      [12, 'table <bad>: the addresses in file "/etc/pf.bad" are not in this file'],
      [
        37,
        '"rdr-to 127.0.0.1 port 8021" not modelled: the rule\'s translation or routing is not applied: "pass in quick proto tcp to port 21 rdr-to 127.0.0.1 port 8021"',
      ],
      [13, 'table <mixed> excludes addresses ("!" entries); it is not expanded'],
      [14, 'table <dual>: entry "mail.example.org" is a name pfctl resolves when it loads the rules; unresolved here'],
      [null, "pf passes packets that no rule matches (pf's implicit default): recorded as the default policy allow"],
      [
        null,
        'pf applies the last matching rule unless a "quick" rule matches first; the 3 quick rule(s) are stored first in file order, then the 16 other rule(s) in reverse file order, so that the first match gives pf\'s answer (each rule keeps its own lines)',
      ],
    ]);
  });

  it('the same result whatever the piece size', () => {
    expect(parseText(FIXTURE, 1)).toEqual(out);
    expect(parseText(FIXTURE, 7)).toEqual(out);
  });
});

// pf's own decision, worked out by hand for each packet: the first quick rule that matches, else the last
// rule that matches, else pass.
const ORDER = [
  'block in all', // 1
  'pass in proto tcp to port 20:30', // 2
  'pass in proto tcp to port 22', // 3
  'block in proto tcp from 198.51.100.0/24 to port 22', // 4
  'pass in quick proto tcp from 198.51.100.7 to port 22', // 5
  'pass in proto tcp to port 80', // 6
  'block in quick proto tcp to port 23', // 7
  'pass out all', // 8
  '',
].join('\n');

describe('pf last-match-unless-quick, checked through the first-match evaluator', () => {
  const out = parseText(ORDER);
  const verdict = (p: Partial<Packet>) => {
    const r = evaluatePacket(out.rules, out.policies, {
      entry: 'pf',
      packet: { src: '203.0.113.1', dst: '192.0.2.1', proto: 'tcp', direction: 'in', ...p },
    });
    const d = r.decidedBy;
    const by = d.kind === 'rule' ? out.rules.find((x) => x.order === d.rule.order)?.lineFrom : d.kind;
    return [r.verdict, by, r.conditional];
  };

  it('stores quick lines 5 and 7, then 8, 6, 4, 3, 2, 1', () => {
    expect(out.rules.map((r) => r.lineFrom)).toEqual([5, 7, 8, 6, 4, 3, 2, 1]);
  });

  it.each([
    ['any source to tcp/22: the last match is line 3', { dport: 22 }, ['allow', 3, false]],
    ['198.51.100.9 to tcp/22: the last match is line 4', { src: '198.51.100.9', dport: 22 }, ['drop', 4, false]],
    ['198.51.100.7 to tcp/22: the quick line 5 wins', { src: '198.51.100.7', dport: 22 }, ['allow', 5, false]],
    ['tcp/23: the quick block on line 7 beats the earlier pass 20:30', { dport: 23 }, ['drop', 7, false]],
    ['tcp/25: the last match is line 2', { dport: 25 }, ['allow', 2, false]],
    ['tcp/80: line 6', { dport: 80 }, ['allow', 6, false]],
    ['tcp/443: only line 1 matches', { dport: 443 }, ['drop', 1, false]],
    ['udp/53: only line 1 matches', { proto: 'udp', dport: 53 }, ['drop', 1, false]],
    ['outbound tcp/443: line 8', { dport: 443, direction: 'out' as const }, ['allow', 8, false]],
  ])('%s', (_what, packet, expected) => {
    expect(verdict(packet)).toEqual(expected);
  });

  it('with no rule at all, pf passes (the implicit default)', () => {
    const empty = parseText('set block-policy drop\n');
    expect(empty.rules).toEqual([]);
    const r = evaluatePacket(empty.rules, empty.policies, {
      entry: 'pf',
      packet: { src: '203.0.113.1', dst: '192.0.2.1', proto: 'tcp', dport: 22, direction: 'in' },
    });
    expect(r.verdict).toBe('allow');
  });
});

describe('pf detection and hostile input', () => {
  it('detects pf rules by content only', () => {
    expect(openbsdPf.detect('pass in quick proto tcp from any to any port 22\nblock all\n', 'x')).toBe(0.9);
    expect(openbsdPf.detect('block return in log on em0 all\n', 'x')).toBe(0.7);
    expect(openbsdPf.detect('Please pass the salt from the kitchen.\n', 'pf.conf')).toBe(0);
    expect(openbsdPf.detect('permit tcp any any eq 22\n', 'pf.conf')).toBe(0);
  });

  it('rejects a macro used before it is defined, with line and column', () => {
    const e = parseError(() => parseText('ext_if = "em0"\npass in on $ext_iff all\n'));
    expect([e.line, e.column]).toEqual([2, 12]);
    expect(e.message).toMatch(/macro \$ext_iff is used before it is defined/);
  });

  it('rejects unbalanced braces, open quotes, a dangling continuation and files with no pf statement', () => {
    expect(parseError(() => parseText('table <x> { 10.0.0.1,\n10.0.0.2\n')).line).toBe(1);
    expect(parseError(() => parseText('pass in all }\n')).message).toMatch(/"}" with no "{"/);
    expect(parseError(() => parseText('pass in label "web\n')).message).toMatch(/quoted string is not closed/);
    expect(parseError(() => parseText('pass in \\\n')).message).toMatch(/continuation/);
    expect(parseError(() => parseText('# only a comment\n')).message).toMatch(/no pf.conf statements found/);
    const prose = Array.from({ length: 12 }, (_, i) => `line ${i} of a memo`).join('\n');
    expect(parseError(() => parseText(prose))).toMatchObject({ line: 10, column: 1 });
    expect(parseError(() => parseWith(openbsdPf, 'block all\n', {})).message).toMatch(/device's name/);
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'pf.conf'), 'pass in on $nowhere all\n');
    const store = newEngagement(dir);
    await expect(importFile(store, fixedContext(), join(dir, 'pf.conf'), host)).rejects.toMatchObject({
      code: 'PARSE_ERROR',
    });
    expectUntouched(store);
    store.close();
  });
});
