// ufw status (plain, verbose, numbered, inactive): detection over the whole corpus for the three host /
// small-router firewall formats, exact rule counts per corpus file, hand-checked rules, a hand-written
// fixture for what the corpus lacks (out and route rules, LIMIT/REJECT/DENY, application profiles, source
// ports, log attributes), the entry rulesets the evaluator derives from ufw's names, and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { hostFirewallFormats } from '../../src-main/core/import/rulebases/host-firewalls';
import { ufwStatus } from '../../src-main/core/import/rulebases/ufw-status';
import { HEAD_BYTES, importFile } from '../../src-main/core/import/run-import';
import type { Rule } from '../../src-main/core/model/rule';
import { compiledDevice, defaultEntries } from '../../src-main/core/net';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import {
  corpus,
  corpusAvailable,
  countBy,
  expectUntouched,
  importInto,
  manifest,
  parseError,
  parseWith,
} from './import-helpers';

const host = { hostName: 'web-01' };
const parseFile = (rel: string, pieceSize?: number) =>
  parseWith(ufwStatus, readFileSync(corpus(rel)), { ...host, fileName: rel }, pieceSize);
const parseText = (text: string, pieceSize?: number) => parseWith(ufwStatus, text, host, pieceSize);

const VERBOSE = 'rulebases/jc--ufw-verbose.out';
const NUMBERED = 'rulebases/jc--ufw-numbered.out';
const NUMBERED2 = 'rulebases/jc--ufw-numbered2.out';
const INACTIVE = 'rulebases/jc--ufw-inactive.out';

const at = (rules: Rule[], ruleset: string, order: number) =>
  rules.filter((r) => r.ruleset === ruleset && r.order === order);

/** MANIFEST format column -> our format id, for every host / small-router firewall file. */
const OURS: Readonly<Record<string, string>> = {
  'ufw-status': 'ufw-status',
  'openbsd-pf': 'openbsd-pf',
  'mikrotik-firewall-filter': 'mikrotik-firewall',
  'mikrotik-firewall-nat': 'mikrotik-firewall',
};

function head(rel: string): string {
  return readFileSync(corpus(rel)).subarray(0, HEAD_BYTES).toString('utf8');
}

describe.skipIf(!corpusAvailable)('host firewall detection over the whole corpus', () => {
  it('ufw-status, openbsd-pf and mikrotik-firewall claim exactly their files, also through the registry', () => {
    const all = manifest();
    const mine = all.filter((m) => Object.hasOwn(OURS, m.format));
    // grep -cE '\t(ufw-status|openbsd-pf|mikrotik-firewall-(filter|nat))\t' MANIFEST.tsv -> 4 + 1 + 2
    expect(mine).toHaveLength(7);
    for (const m of all) {
      const h = head(m.file);
      const expected = OURS[m.format];
      for (const f of hostFirewallFormats) {
        const score = f.detect(h, m.file);
        if (f.id === expected) expect(score, `${f.id} on ${m.file}`).toBeGreaterThanOrEqual(0.9);
        else expect(score, `${f.id} on ${m.file}`).toBe(0);
      }
      if (expected) expect(detectFormat(h, m.file)?.id, m.file).toBe(expected);
    }
  });
});

describe('ufw detection is by content', () => {
  it('needs the Status line first, and nothing but it when inactive', () => {
    expect(ufwStatus.detect('Status: active\n\nTo                         Action      From\n', 'x')).toBe(0.95);
    expect(ufwStatus.detect('Status: inactive\n', 'x')).toBe(0.9);
    expect(ufwStatus.detect('Status: inactive\nDisk 3 degraded\n', 'x')).toBe(0);
    expect(ufwStatus.detect('HTTP/1.1 200 OK\nStatus: active\n', 'ufw.txt')).toBe(0);
    expect(ufwStatus.detect('Status: active\nUptime: 3 days\n', 'ufw-status.out')).toBe(0);
    expect(ufwStatus.detect('', 'ufw-status.out')).toBe(0);
  });
});

// Counts by hand and with grep: listed rules = lines after the "--" separator; model rules add one rule per
// listed rule whose port has no protocol (ufw makes a tcp and a udp rule for it):
// grep -cE '^\s*(\[ ?[0-9]+\] )?[0-9,:]+( \(v6\))?( on \S+)?\s+(ALLOW|DENY)' FILE -> 4, 4, 12.
const COUNTS: [string, number, number][] = [
  [VERBOSE, 15, 19],
  [NUMBERED, 15, 19],
  [NUMBERED2, 15, 27],
  [INACTIVE, 0, 0],
];

describe.skipIf(!corpusAvailable)('ufw status (corpus)', () => {
  it.each(COUNTS)('%s: %i listed rules, %i model rules', (rel, listed, model) => {
    const out = parseFile(rel);
    expect(out.rules).toHaveLength(model);
    expect(out.meta['listed-rules']).toBe(String(listed));
    for (const r of out.rules) {
      expect(r.device).toBe('web-01');
      expect(r.ruleset).toBe('ufw/input');
      expect(r.direction).toBe('in');
      expect(r.lineFrom).toBe(r.lineTo);
    }
    // Orders run 1..listed in the one ruleset.
    expect([...new Set(out.rules.map((r) => r.order))]).toEqual(Array.from({ length: listed }, (_, i) => i + 1));
  });

  it('the same result whatever the piece size (1, 7 and 4093 characters)', () => {
    for (const [rel] of COUNTS) {
      expect(parseFile(rel, 1)).toEqual(parseFile(rel, 4093));
      expect(parseFile(rel, 7)).toEqual(parseFile(rel, 4093));
    }
  });

  it('verbose: default policies from the Default line; routing disabled gives no forward policy', () => {
    // Default: deny (incoming), allow (outgoing), disabled (routed)
    const out = parseFile(VERBOSE);
    expect(out.policies).toEqual([
      { device: 'web-01', ruleset: 'ufw/input', policy: 'drop', lineFrom: 3 },
      { device: 'web-01', ruleset: 'ufw/output', policy: 'allow', lineFrom: 3 },
    ]);
    expect(out.notes).toEqual([
      {
        line: 3,
        column: 1,
        what: 'routing is disabled (the host does not forward packets): ufw/forward has no default policy',
      },
      {
        line: null,
        column: null,
        what: "ufw's built-in before/after rules (loopback, established connections, ICMP, DHCP client, mDNS, UPnP) are not listed by `ufw status` and are not imported",
      },
    ]);
    expect(out.meta).toMatchObject({ status: 'active', logging: 'on (low)', 'new-profiles': 'skip', form: 'verbose' });
  });

  it('verbose: hand-checked rules (port without protocol, interface + comment, ESP to a host, ranges, IPv6)', () => {
    const out = parseFile(VERBOSE);
    // line 8: "22                         ALLOW IN    Anywhere"
    expect(
      at(out.rules, 'ufw/input', 1).map((r) => [r.protocol, r.destinationPorts, r.sources, r.destinations]),
    ).toEqual([
      ['tcp', ['22'], ['0.0.0.0/0'], ['0.0.0.0/0']],
      ['udp', ['22'], ['0.0.0.0/0'], ['0.0.0.0/0']],
    ]);
    // line 10: "80 on eth0                 ALLOW IN    Anywhere                   # test"
    expect(at(out.rules, 'ufw/input', 3)[0]).toMatchObject({
      action: 'allow',
      protocol: 'tcp',
      destinationPorts: ['80'],
      interfaces: { in: 'eth0', out: null },
      comment: 'test',
      lineFrom: 10,
      text: '80 on eth0                 ALLOW IN    Anywhere                   # test',
    });
    // line 13: "10.0.0.1/esp               ALLOW IN    10.4.0.0/16/esp"
    expect(at(out.rules, 'ufw/input', 6)).toEqual([
      expect.objectContaining({
        protocol: 'esp',
        sources: ['10.4.0.0/16'],
        destinations: ['10.0.0.1/32'],
        destinationPorts: null,
        lineFrom: 13,
      }),
    ]);
    // line 11: "10.0.0.1/ipv6 ... 10.4.0.0/16/ipv6": ufw's "ipv6" protocol is IPv6-in-IPv4, protocol 41.
    expect(at(out.rules, 'ufw/input', 4)[0]).toMatchObject({ protocol: '41', sources: ['10.4.0.0/16'] });
    // line 17: "1,2,100:200,300:400/udp    ALLOW IN    Anywhere"
    expect(at(out.rules, 'ufw/input', 10)[0]).toMatchObject({
      protocol: 'udp',
      destinationPorts: ['1', '2', '100-200', '300-400'],
      lineFrom: 17,
    });
    // line 20: "80 (v6) on eth0            ALLOW IN    Anywhere (v6)              # test"
    expect(at(out.rules, 'ufw/input', 13).map((r) => [r.protocol, r.sources, r.destinations, r.interfaces.in])).toEqual(
      [
        ['tcp', ['::/0'], ['::/0'], 'eth0'],
        ['udp', ['::/0'], ['::/0'], 'eth0'],
      ],
    );
  });

  it('numbered: the same rules as verbose, but no default policy (said in a note)', () => {
    const numbered = parseFile(NUMBERED);
    const verbose = parseFile(VERBOSE);
    const strip = (r: Rule) => ({ ...r, lineFrom: null, lineTo: null, text: '' });
    expect(numbered.rules.map(strip)).toEqual(verbose.rules.map(strip));
    expect(numbered.policies).toEqual([]);
    expect(numbered.meta.form).toBe('numbered');
    expect(numbered.notes.map((n) => n.what)).toContain(
      "the default policies are not shown by this form of `ufw status` (only `ufw status verbose` shows them); none is recorded. ufw's shipped default is deny incoming, allow outgoing, but this host's is not in the file",
    );
    // "[ 3] 80 on eth0                 ALLOW IN    Anywhere                   # test" is line 7 here.
    expect(at(numbered.rules, 'ufw/input', 3)[0]).toMatchObject({ lineFrom: 7, comment: 'test' });
  });

  it('numbered2: application profile names are unresolved, a source address alone, IPv6 ports', () => {
    const out = parseFile(NUMBERED2);
    // line 4: "[ 1] 224.0.0.251 mDNS           ALLOW IN    Anywhere"
    expect(at(out.rules, 'ufw/input', 1)).toEqual([
      expect.objectContaining({
        protocol: 'any',
        destinations: ['224.0.0.251/32'],
        destinationPorts: null,
        sources: ['0.0.0.0/0'],
        unresolved: ['application profile mDNS'],
        objects: ['mDNS'],
        lineFrom: 4,
      }),
    ]);
    // line 5: "[ 2] Anywhere                   ALLOW IN    123.123.123.123"
    expect(at(out.rules, 'ufw/input', 2)).toEqual([
      expect.objectContaining({
        protocol: 'any',
        sources: ['123.123.123.123/32'],
        destinations: ['0.0.0.0/0'],
        destinationPorts: null,
        unresolved: [],
      }),
    ]);
    // line 12: "[ 9] ff02::fb mDNS              ALLOW IN    Anywhere (v6)"
    expect(at(out.rules, 'ufw/input', 9)[0]).toMatchObject({
      destinations: ['ff02::fb/128'],
      sources: ['::/0'],
      unresolved: ['application profile mDNS'],
    });
    // line 18: "[15] 995 (v6)                   ALLOW IN    Anywhere (v6)" (no trailing blanks)
    expect(at(out.rules, 'ufw/input', 15).map((r) => [r.protocol, r.destinationPorts, r.sources])).toEqual([
      ['tcp', ['995'], ['::/0']],
      ['udp', ['995'], ['::/0']],
    ]);
    expect(out.notes.filter((n) => n.what.startsWith('application profile "mDNS"')).map((n) => n.line)).toEqual([
      4, 12,
    ]);
  });

  it('inactive: no rules, said, kept as evidence', () => {
    const out = parseFile(INACTIVE);
    expect(out.rules).toEqual([]);
    expect(out.policies).toEqual([]);
    expect(out.meta).toMatchObject({ status: 'inactive', contents: 'ufw-inactive' });
    expect(out.notes).toEqual([
      {
        line: null,
        column: null,
        what: 'no access rules: ufw is inactive: no rules are enforced by ufw (rules set with iptables or nftables directly are not shown by `ufw status`); kept as evidence',
      },
    ]);
  });

  it('the evaluator starts in ufw/input only: ufw/output is left out like iptables OUTPUT', () => {
    const out = parseFile(VERBOSE);
    expect(defaultEntries(compiledDevice(out.rules, out.policies, 'web-01'))).toEqual(['ufw/input']);
  });
});

// ufw's own layout: "%-26s %-12s%-26s%s%s" (To, Action, From, attributes, comment).
const FIXTURE_VERBOSE = [
  'Status: active',
  'Logging: on (medium)',
  'Default: deny (incoming), allow (outgoing), reject (routed)',
  'New profiles: skip',
  '',
  'To                         Action      From',
  '--                         ------      ----',
  '22/tcp (OpenSSH)           ALLOW IN    Anywhere                  ',
  '3306/tcp                   DENY IN     10.0.0.0/8                 (log)',
  '23                         REJECT IN   Anywhere                  ',
  '22/tcp                     LIMIT IN    192.168.1.0/24             # admins',
  'Anywhere                   ALLOW IN    203.0.113.5 53/udp        ',
  '80,443/tcp (Apache Full)   ALLOW IN    Anywhere                  ',
  '22/tcp (OpenSSH (v6))      ALLOW IN    Anywhere (v6)             ',
  '2001:db8::/32 25/tcp       ALLOW IN    Anywhere (v6)             ',
  '',
  'Anywhere                   DENY OUT    Anywhere on eth1          ',
  '25/tcp                     REJECT OUT  Anywhere                   (log-all)',
  '',
  '10.1.0.0/16 443/tcp on eth0 ALLOW FWD   10.2.0.0/16 on eth1      ',
  '',
].join('\n');

const FIXTURE_PLAIN = [
  'Status: active',
  '',
  'To                         Action      From',
  '--                         ------      ----',
  'OpenSSH                    ALLOW       Anywhere                  ',
  'Apache Full                ALLOW       Anywhere                  ',
  'OpenSSH (v6)               ALLOW       Anywhere (v6)             ',
  '',
  '53/udp                     ALLOW OUT   Anywhere                  ',
  '',
].join('\n');

describe('ufw fixtures: what the corpus lacks', () => {
  it('verbose: out and route rules, DENY/REJECT/LIMIT, resolved application profiles, a source port', () => {
    const out = parseText(FIXTURE_VERBOSE);
    expect(countBy(out.rules, (r) => r.ruleset)).toEqual({ 'ufw/input': 9, 'ufw/output': 2, 'ufw/forward': 1 });
    expect(out.policies.map((p) => [p.ruleset, p.policy])).toEqual([
      ['ufw/input', 'drop'],
      ['ufw/output', 'allow'],
      ['ufw/forward', 'reject'],
    ]);
    const input = (n: number) => at(out.rules, 'ufw/input', n);
    expect(input(1)).toEqual([
      expect.objectContaining({
        action: 'allow',
        protocol: 'tcp',
        destinationPorts: ['22'],
        objects: ['OpenSSH'],
        unresolved: [],
      }),
    ]);
    expect(input(2)[0]).toMatchObject({
      action: 'drop',
      sources: ['10.0.0.0/8'],
      destinationPorts: ['3306'],
      comment: null,
    });
    expect(input(3).map((r) => [r.action, r.protocol])).toEqual([
      ['reject', 'tcp'],
      ['reject', 'udp'],
    ]);
    expect(input(4)[0]).toMatchObject({
      action: 'allow',
      conditions: ['rate limited'],
      sources: ['192.168.1.0/24'],
      comment: 'admins',
    });
    expect(input(5)[0]).toMatchObject({
      protocol: 'udp',
      sources: ['203.0.113.5/32'],
      sourcePorts: ['53'],
      destinations: ['0.0.0.0/0'],
      destinationPorts: null,
    });
    expect(input(6)[0]).toMatchObject({ destinationPorts: ['80', '443'], objects: ['Apache Full'] });
    expect(input(7)[0]).toMatchObject({ sources: ['::/0'], destinations: ['::/0'], objects: ['OpenSSH'] });
    expect(input(8)[0]).toMatchObject({ destinations: ['2001:db8::/32'], sources: ['::/0'], destinationPorts: ['25'] });
    expect(at(out.rules, 'ufw/output', 1)).toEqual([
      expect.objectContaining({
        action: 'drop',
        direction: 'out',
        protocol: 'any',
        interfaces: { in: null, out: 'eth1' },
        lineFrom: 17,
      }),
    ]);
    expect(at(out.rules, 'ufw/output', 2)[0]).toMatchObject({
      action: 'reject',
      protocol: 'tcp',
      destinationPorts: ['25'],
    });
    expect(at(out.rules, 'ufw/forward', 1)).toEqual([
      expect.objectContaining({
        direction: null,
        sources: ['10.2.0.0/16'],
        destinations: ['10.1.0.0/16'],
        destinationPorts: ['443'],
        interfaces: { in: 'eth1', out: 'eth0' },
      }),
    ]);
    expect(out.notes.map((n) => n.what)).toEqual([
      "ufw's built-in before/after rules (loopback, established connections, ICMP, DHCP client, mDNS, UPnP) are not listed by `ufw status` and are not imported",
    ]);
    // Routed allowed/denied by policy: FORWARD is an entry too, OUTPUT is not.
    expect(defaultEntries(compiledDevice(out.rules, out.policies, 'web-01'))).toEqual(['ufw/input', 'ufw/forward']);
  });

  it('plain: profile names without ports are unresolved and noted; out rules; no policy', () => {
    const out = parseText(FIXTURE_PLAIN);
    expect(out.rules.map((r) => [r.ruleset, r.order, r.protocol, r.destinationPorts, r.unresolved, r.sources])).toEqual(
      [
        ['ufw/input', 1, 'any', null, ['application profile OpenSSH'], ['0.0.0.0/0']],
        ['ufw/input', 2, 'any', null, ['application profile Apache Full'], ['0.0.0.0/0']],
        ['ufw/input', 3, 'any', null, ['application profile OpenSSH'], ['::/0']],
        ['ufw/output', 1, 'udp', ['53'], [], ['0.0.0.0/0']],
      ],
    );
    expect(out.policies).toEqual([]);
    expect(out.meta.form).toBe('plain');
    expect(out.notes.filter((n) => n.line !== null).map((n) => [n.line, n.what.slice(0, 35)])).toEqual([
      [5, 'application profile "OpenSSH" is de'],
      [6, 'application profile "Apache Full" i'],
      [7, 'application profile "OpenSSH" is de'],
    ]);
    expect(parseText(FIXTURE_PLAIN, 1)).toEqual(out);
  });

  it('numbered: out and route rules interleaved, "(log, out)" attributes dropped, orders per ruleset', () => {
    const out = parseText(
      [
        'Status: active',
        '',
        '     To                         Action      From',
        '     --                         ------      ----',
        '[ 1] 22/tcp                     ALLOW IN    Anywhere                  ',
        '[ 2] 25/tcp                     ALLOW OUT   Anywhere                   (log, out)',
        '[ 3] 443/tcp                    ALLOW IN    Anywhere                   (log)',
        '[ 4] 10.9.0.0/16 on eth1        ALLOW FWD   10.8.0.0/16 on eth0        # vpn',
        '[ 5] 53/udp                     DENY OUT    Anywhere                   (out)',
        '',
      ].join('\n'),
    );
    expect(out.rules.map((r) => [r.ruleset, r.order, r.action, r.protocol, r.destinationPorts, r.sources])).toEqual([
      ['ufw/input', 1, 'allow', 'tcp', ['22'], ['0.0.0.0/0']],
      ['ufw/output', 1, 'allow', 'tcp', ['25'], ['0.0.0.0/0']],
      ['ufw/input', 2, 'allow', 'tcp', ['443'], ['0.0.0.0/0']],
      ['ufw/forward', 1, 'allow', 'any', null, ['10.8.0.0/16']],
      ['ufw/output', 2, 'drop', 'udp', ['53'], ['0.0.0.0/0']],
    ]);
    expect(at(out.rules, 'ufw/forward', 1)[0]).toMatchObject({
      destinations: ['10.9.0.0/16'],
      interfaces: { in: 'eth0', out: 'eth1' },
      comment: 'vpn',
    });
    expect(out.notes.filter((n) => n.line !== null)).toEqual([]);
  });

  it('active with no rules: nothing but the status, said', () => {
    const out = parseText('Status: active\n');
    expect(out.rules).toEqual([]);
    expect(out.notes.map((n) => n.what)).toContain(
      'ufw is active with no rules of its own: only its default policies apply',
    );
  });
});

describe('ufw hostile input', () => {
  it('rejects what is not ufw status output, with the position', () => {
    const e = parseError(() => parseText('\n\nStatus: maybe\n'));
    expect([e.line, e.column]).toEqual([3, 1]);
    expect(e.message).toMatch(/expected `ufw status` output starting with "Status: active"/);
    expect(parseError(() => parseText('')).message).toMatch(/the file is empty/);
    expect(parseError(() => parseWith(ufwStatus, 'Status: active\n', {})).message).toMatch(/device's name/);
  });

  it('notes what it cannot read instead of guessing', () => {
    const out = parseText(
      [
        'Status: active',
        'Uptime: 3 days',
        'To                         Action      From',
        '--                         ------      ----',
        '22/tcp                     PERMIT IN   Anywhere',
        '22/tcp                     ALLOW IN    Anywhere/gopher',
        '',
      ].join('\n'),
    );
    expect(out.rules).toHaveLength(1);
    expect(out.rules[0]).toMatchObject({ protocol: 'tcp', destinationPorts: ['22'], lineFrom: 6 });
    expect(out.notes.slice(0, 3)).toEqual([
      { line: 2, column: 1, what: 'line not understood before the rule table: "Uptime: 3 days"' },
      {
        line: 5,
        column: 1,
        what: 'rule line with no ALLOW/DENY/REJECT/LIMIT action: "22/tcp                     PERMIT IN   Anywhere"',
      },
      { line: 6, column: 1, what: 'To and From name different protocols (tcp, gopher); tcp kept' },
    ]);
  });
});

describe.skipIf(!corpusAvailable)('ufw through the import runner', () => {
  it('imports the verbose listing with its policies; the inactive one with no rules', async () => {
    const { store, result } = await importInto(corpus(VERBOSE), host);
    expect(result).toMatchObject({ format: 'ufw-status', hostName: 'web-01', ruleCount: 19 });
    expect(listRules(store.db).total).toBe(19);
    expect(listPolicies(store.db).map((p) => [p.ruleset, p.policy])).toEqual([
      ['ufw/input', 'drop'],
      ['ufw/output', 'allow'],
    ]);
    store.close();
    const inactive = await importInto(corpus(INACTIVE), host);
    expect(inactive.result).toMatchObject({ format: 'ufw-status', ruleCount: 0, noteCount: 1 });
    inactive.store.close();
  });

  it('a failed import (broken file, no device name) leaves the engagement unchanged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ufw.txt'), 'Status: unknown\n');
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'ufw.txt'), { format: 'ufw-status', hostName: 'web-01' }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expectUntouched(store);
    await expect(importFile(store, fixedContext(), corpus(VERBOSE))).rejects.toMatchObject({ code: 'NEEDS_HOST_NAME' });
    expectUntouched(store);
    store.close();
  });
});
