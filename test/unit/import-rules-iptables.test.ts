// iptables-save / ip6tables-save / iptables-restore (with ipset), iptables -L listings and iptables-xml:
// detection over the whole corpus for every Linux rulebase format, exact rule counts per corpus file,
// hand-checked flows, small inline fixtures for what the corpus lacks, and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { detectFormat } from '../../src-main/core/import/formats';
import { iptablesList } from '../../src-main/core/import/rulebases/iptables-list';
import { iptablesSave } from '../../src-main/core/import/rulebases/iptables-save';
import { iptablesXml } from '../../src-main/core/import/rulebases/iptables-xml';
import { linuxRulebaseFormats } from '../../src-main/core/import/rulebases/linux';
import { HEAD_BYTES, importFile } from '../../src-main/core/import/run-import';
import type { FormatSpec } from '../../src-main/core/import/types';
import type { Rule } from '../../src-main/core/model/rule';
import { compiledDevice, defaultEntries, reachability } from '../../src-main/core/net';
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
  defaultPolicies,
} from './import-helpers';

const host = { hostName: 'pos-gw-01' };

const parseFile = (spec: FormatSpec, rel: string, pieceSize?: number) =>
  parseWith(spec, readFileSync(corpus(rel)), { ...host, fileName: rel.split('/').pop() }, pieceSize);

const inRuleset = (rules: Rule[], ruleset: string) => rules.filter((r) => r.ruleset === ruleset);
const ruleAt = (rules: Rule[], ruleset: string, order: number): Rule => {
  const r = rules.find((x) => x.ruleset === ruleset && x.order === order);
  if (!r) throw new Error(`no rule ${ruleset}#${order}`);
  return r;
};

/** The head the runner gives detection: the first 64 KiB, decoded (or '' when it is not text). */
function head(rel: string): string {
  const bytes = readFileSync(corpus(rel)).subarray(0, HEAD_BYTES);
  try {
    const { encoding, bom } = sniffEncoding(bytes);
    return createDecoder(encoding, bom).decode(bytes, 0);
  } catch {
    return '';
  }
}

/** MANIFEST's format column -> our format id, for every Linux host firewall file. */
const EXPECTED_ID: Readonly<Record<string, string>> = {
  'iptables-save': 'iptables-save',
  'ip6tables-save': 'iptables-save',
  'iptables-restore': 'iptables-save',
  'ipset+iptables': 'iptables-save',
  'iptables-L': 'iptables-list',
  'iptables-xml': 'iptables-xml',
  'nft-ruleset': 'nft-text',
  'nft-list-ruleset': 'nft-text',
  'nft-json': 'nft-json',
};

describe.skipIf(!corpusAvailable)('Linux rulebase detection over the whole corpus', () => {
  it('every iptables / nftables file is claimed by its own format, through the full registry', () => {
    const mine = manifest().filter((m) => m.category === 'rulebases' && Object.hasOwn(EXPECTED_ID, m.format));
    // awk -F'\t' '$1=="rulebases"' MANIFEST.tsv | cut -f2 | grep -cE 'iptables|nft|ipset' -> 31
    expect(mine).toHaveLength(31);
    for (const m of mine) {
      const name = m.file.split('/').pop() ?? '';
      expect(detectFormat(head(m.file), name)?.id, m.file).toBe(EXPECTED_ID[m.format]);
      const spec = linuxRulebaseFormats.find((f) => f.id === EXPECTED_ID[m.format]);
      expect(spec?.detect(head(m.file), name), m.file).toBeGreaterThanOrEqual(0.9);
      for (const other of linuxRulebaseFormats.filter((f) => f.id !== spec?.id)) {
        expect(other.detect(head(m.file), name), `${other.id} on ${m.file}`).toBe(0);
      }
    }
  });

  it('no Linux rulebase format (the rule CSV included) claims any other corpus file', () => {
    const others = manifest().filter((m) => !(m.category === 'rulebases' && Object.hasOwn(EXPECTED_ID, m.format)));
    expect(others.length).toBeGreaterThan(200);
    for (const m of others) {
      const h = head(m.file);
      const name = m.file.split('/').pop() ?? '';
      for (const f of linuxRulebaseFormats) expect(f.detect(h, name), `${f.id} on ${m.file}`).toBe(0);
    }
  });
});

describe('iptables detection: content, not file names', () => {
  it('a file named like a dump but holding prose is not claimed; a shell script of iptables commands is not either', () => {
    for (const f of linuxRulebaseFormats) {
      expect(f.detect('Minutes of the CAB meeting\n*filter is discussed\n', 'rules.v4')).toBe(0);
      expect(f.detect('', 'iptables-save.txt')).toBe(0);
      expect(f.detect('#!/bin/sh\niptables -A INPUT -p tcp --dport 22 -j ACCEPT\n', 'fw.sh')).toBe(0);
    }
  });
});

// Counts derived with grep: rules = grep -cE '^(\[[0-9]+:[0-9]+\] )?-A ' FILE; policies =
// grep -cE '^(:[A-Z]+ (ACCEPT|DROP)|-P )' FILE (built-in chains only: user chains are declared with "-").
// Per table: awk '/^\*/{t=substr($1,2)} /-A /{c[t]++} END{for(k in c) print k, c[k]}' FILE.
const SAVE_COUNTS: [string, number, number, Record<string, number>][] = [
  ['rulebases/batfish-example-host1.iptables', 2, 11, { filter: 2 }],
  ['rulebases/batfish-example-host2.iptables', 2, 11, { filter: 2 }],
  ['rulebases/batfish--z2-firewall.v4', 8, 1, { mangle: 8 }],
  ['rulebases/platform_external_iptables--fedora27-iptables', 73, 10, { mangle: 13, raw: 10, filter: 50 }],
  ['rulebases/platform_external_iptables--fedora27-ip6tables', 63, 10, { mangle: 12, raw: 10, filter: 41 }],
  ['rulebases/platform_external_iptables--ipt-save-completed.txt', 74, 14, { nat: 17, mangle: 12, raw: 9, filter: 36 }],
  ['rulebases/platform_external_iptables--ipt-save-filter.txt', 55, 3, { filter: 55 }],
  ['rulebases/platform_external_iptables--wireless.txt', 58, 5, { raw: 3, filter: 55 }],
  ['rulebases/platform_external_iptables--policy-drop.txt', 1, 3, { filter: 1 }],
  ['rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.ipt.ref', 69, 2, { filter: 69 }],
  ['rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_speedway.ipt.ref', 25, 3, { filter: 25 }],
  ['rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_ipset.ips.ref', 3, 1, { filter: 3 }],
];

describe.skipIf(!corpusAvailable)('iptables-save files (corpus)', () => {
  it.each(SAVE_COUNTS)('%s: %i rules, %i policies, no notes', (rel, rules, policies, perTable) => {
    const out = parseFile(iptablesSave, rel);
    expect(out.rules).toHaveLength(rules);
    expect(defaultPolicies(out)).toHaveLength(policies);
    expect(out.notes).toEqual([]);
    expect(countBy(out.rules, (r) => r.ruleset.split('/')[0] ?? '')).toEqual(perTable);
    expect(out.meta.rules).toBe(String(rules));
    // Positions are 1..n inside each ruleset, and every rule is traced to its line.
    for (const [ruleset, n] of Object.entries(countBy(out.rules, (r) => r.ruleset))) {
      expect(
        inRuleset(out.rules, ruleset)
          .map((r) => r.order)
          .sort((a, b) => a - b),
      ).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    }
    for (const r of out.rules) {
      expect(r.device).toBe('pos-gw-01');
      expect(r.lineFrom).toBe(r.lineTo);
      expect(r.text).toMatch(/-A \S+/);
    }
  });

  it('the same result whatever the piece size (7 and 4093 characters)', () => {
    for (const [rel] of SAVE_COUNTS) {
      expect(parseFile(iptablesSave, rel, 7)).toEqual(parseFile(iptablesSave, rel, 4093));
    }
  });

  it('batfish host1: any IPv4 source reaches tcp/22 and udp/53 on INPUT, whose policy is DROP', () => {
    // *filter
    // :INPUT DROP [157:11076]
    // -A INPUT -p udp --dport 53 -j ACCEPT
    // -A INPUT -p tcp --dport 22 -j ACCEPT
    const out = parseFile(iptablesSave, 'rulebases/batfish-example-host1.iptables');
    expect(defaultPolicies(out).find((p) => p.ruleset === 'filter/INPUT')).toMatchObject({
      policy: 'drop',
      lineFrom: 12,
    });
    const ssh = inRuleset(out.rules, 'filter/INPUT').filter(
      (r) => r.action === 'allow' && r.protocol === 'tcp' && r.destinationPorts?.includes('22'),
    );
    expect(ssh).toHaveLength(1);
    expect(ssh[0]).toMatchObject({
      order: 2,
      direction: 'in',
      sources: ['0.0.0.0/0'],
      sourcesNegated: false,
      destinations: ['0.0.0.0/0'],
      sourcePorts: null,
      conditions: [],
      lineFrom: 16,
      text: '-A INPUT -p tcp --dport 22 -j ACCEPT',
    });
    expect(ruleAt(out.rules, 'filter/INPUT', 1)).toMatchObject({ protocol: 'udp', destinationPorts: ['53'] });
    expect(out.meta).toMatchObject({ tool: 'iptables-save', family: 'ipv4', tables: 'mangle, filter, nat' });
  });

  it('batfish host2: OUTPUT drops one destination; z2: a mangle PREROUTING with policy DROP and OSPF', () => {
    // -A OUTPUT -d 2.128.0.101 -j DROP
    const h2 = parseFile(iptablesSave, 'rulebases/batfish-example-host2.iptables');
    expect(ruleAt(h2.rules, 'filter/OUTPUT', 1)).toMatchObject({
      action: 'drop',
      direction: 'out',
      destinations: ['2.128.0.101/32'],
      protocol: 'any',
    });
    // :PREROUTING DROP [0:0]
    // -A PREROUTING  -s 10.0.1.1 -p 89 -j ACCEPT
    // -A PREROUTING -s 10.0.3.0/24 -i eth0 -j ACCEPT
    // -A PREROUTING  -d 10.0.8.10 -p tcp --dport 443 -j ACCEPT
    const z2 = parseFile(iptablesSave, 'rulebases/batfish--z2-firewall.v4');
    expect(defaultPolicies(z2)).toEqual([
      { device: 'pos-gw-01', ruleset: 'mangle/PREROUTING', policy: 'drop', lineFrom: 5 },
    ]);
    expect(ruleAt(z2.rules, 'mangle/PREROUTING', 1)).toMatchObject({ protocol: '89', sources: ['10.0.1.1/32'] });
    expect(ruleAt(z2.rules, 'mangle/PREROUTING', 2)).toMatchObject({ interfaces: { in: 'eth0', out: null } });
    expect(ruleAt(z2.rules, 'mangle/PREROUTING', 7)).toMatchObject({
      destinations: ['10.0.8.10/32'],
      destinationPorts: ['443'],
      lineFrom: 17,
    });
    // "# allow all output" then "-A POSTROUTING -j ACCEPT": a table without a COMMIT-time policy for POSTROUTING.
    expect(ruleAt(z2.rules, 'mangle/POSTROUTING', 1)).toMatchObject({ action: 'allow', direction: 'out' });
  });

  it('ipt-save-filter: ssh from ppp0 goes to in_trusted, which admits two hosts; negated sources on FORWARD', () => {
    // -A INPUT -i ppp0 -p tcp -m tcp --dport 22 -j in_trusted
    // -A in_trusted -s 10.230.173.148/32 -j ACCEPT
    // -A in_trusted -s 10.230.173.151/32 -j ACCEPT
    // -A FORWARD ! -s 192.168.0.0/24 -i eth2 -p tcp -j DROP
    const out = parseFile(iptablesSave, 'rulebases/platform_external_iptables--ipt-save-filter.txt');
    expect(ruleAt(out.rules, 'filter/INPUT', 4)).toMatchObject({
      action: 'jump',
      target: 'filter/in_trusted',
      protocol: 'tcp',
      destinationPorts: ['22'],
      interfaces: { in: 'ppp0', out: null },
    });
    expect(inRuleset(out.rules, 'filter/in_trusted').map((r) => [r.action, r.sources, r.direction])).toEqual([
      ['allow', ['10.230.173.148/32'], 'in'],
      ['allow', ['10.230.173.151/32'], 'in'],
    ]);
    expect(ruleAt(out.rules, 'filter/FORWARD', 9)).toMatchObject({
      action: 'drop',
      sources: ['192.168.0.0/24'],
      sourcesNegated: true,
      protocol: 'tcp',
      direction: null,
    });
    // -A FORWARD -o ppp0 -p udp -m udp --sport 137:139 -j DROP
    expect(ruleAt(out.rules, 'filter/FORWARD', 13)).toMatchObject({ sourcePorts: ['137-139'], destinationPorts: null });
    // -A reject_log -i ppp0 -p tcp -m tcp --dport 22:80 --tcp-flags SYN,RST,ACK SYN -m limit --limit 1/sec -j LOG ...
    expect(ruleAt(out.rules, 'filter/reject_log', 1)).toMatchObject({
      action: 'log',
      destinationPorts: ['22-80'],
      conditions: ['-m tcp --tcp-flags SYN,RST,ACK SYN', '-m limit --limit 1/sec'],
    });
    // -A WLAN -s 192.168.200.4/32 -m mac --mac-source 00:00:f1:05:a0:e0 -j RETURN
    expect(ruleAt(out.rules, 'filter/WLAN', 1)).toMatchObject({
      action: 'return',
      conditions: ['-m mac --mac-source 00:00:f1:05:a0:e0'],
    });
    // -A FORWARD -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
    expect(ruleAt(out.rules, 'filter/FORWARD', 21)).toMatchObject({
      action: 'other',
      target: 'TCPMSS --clamp-mss-to-pmtu',
    });
  });

  it('wireless: multiport destination ports, tcp flags kept as a condition, jumps to logging chains', () => {
    // -A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m multiport --dports 22,80,443,873,1723 -j L_ACCEPT
    // -A L_ACCEPT -j NFLOG --nflog-group 1 --nflog-threshold 5
    // -A L_ACCEPT -j ACCEPT
    const out = parseFile(iptablesSave, 'rulebases/platform_external_iptables--wireless.txt');
    expect(ruleAt(out.rules, 'filter/INPUT', 5)).toMatchObject({
      action: 'jump',
      target: 'filter/L_ACCEPT',
      protocol: 'tcp',
      destinationPorts: ['22', '80', '443', '873', '1723'],
      conditions: ['-m tcp --tcp-flags FIN,SYN,RST,ACK SYN'],
    });
    expect(inRuleset(out.rules, 'filter/L_ACCEPT').map((r) => r.action)).toEqual(['log', 'allow']);
    // L_ACCEPT is reached from INPUT and FORWARD: no single direction.
    expect(ruleAt(out.rules, 'filter/L_ACCEPT', 2).direction).toBeNull();
    // -A INPUT -i gre-davo-+ -j L_ACCEPT (an interface wildcard, as written)
    expect(ruleAt(out.rules, 'filter/INPUT', 16).interfaces.in).toBe('gre-davo-+');
    // -A VPN_USERS_IN -i ppp0 -m comment --comment "User: " -j ACCEPT
    expect(ruleAt(out.rules, 'filter/VPN_USERS_IN', 1)).toMatchObject({ comment: 'User: ', conditions: [] });
    // -A port_assignment -p tcp -m tcp --dport 1723 -j CT --helper pptp
    expect(ruleAt(out.rules, 'raw/port_assignment', 1)).toMatchObject({ action: 'other', target: 'CT --helper pptp' });
  });

  it('fedora27: packet counters become hit counts; conntrack states are conditions; goto keeps its target', () => {
    // [5:6] -A INPUT -i virbr0 -p udp -m udp --dport 53 -j ACCEPT
    // [0:123456789] -A INPUT -i virbr0 -p tcp -m tcp --dport 53 -j ACCEPT
    // [7:8] -A IN_FedoraWorkstation_allow -p tcp -m tcp --dport 1025:65535 -m conntrack --ctstate NEW -j ACCEPT
    // [0:0] -A INPUT_ZONES -i wlp58s0 -g IN_FedoraWorkstation
    const out = parseFile(iptablesSave, 'rulebases/platform_external_iptables--fedora27-iptables');
    expect(ruleAt(out.rules, 'filter/INPUT', 1).hitCount).toBe(5);
    expect(ruleAt(out.rules, 'filter/INPUT', 2).hitCount).toBe(0);
    expect(ruleAt(out.rules, 'filter/IN_FedoraWorkstation_allow', 6)).toMatchObject({
      hitCount: 7,
      destinationPorts: ['1025-65535'],
      conditions: ['-m conntrack --ctstate NEW'],
      direction: 'in',
    });
    expect(ruleAt(out.rules, 'filter/INPUT_ZONES', 1)).toMatchObject({
      action: 'goto',
      target: 'filter/IN_FedoraWorkstation',
      interfaces: { in: 'wlp58s0', out: null },
    });
    // Who reaches tcp/22? INPUT jumps to INPUT_ZONES, which goes to IN_FedoraWorkstation, which jumps to
    // IN_FedoraWorkstation_allow: "-p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT" from anywhere.
    expect(ruleAt(out.rules, 'filter/IN_FedoraWorkstation_allow', 3)).toMatchObject({
      action: 'allow',
      sources: ['0.0.0.0/0'],
      destinationPorts: ['22'],
    });
  });

  it('fedora27 ip6tables: the header makes it IPv6 (any = ::/0), ICMPv6 is named as the model names it', () => {
    // # Generated by ip6tables-save v1.6.1 on Sat Feb 17 10:51:39 2018
    // -A IN_FedoraWorkstation_allow -d ff02::fb/128 -p udp -m udp --dport 5353 -m conntrack --ctstate NEW -j ACCEPT
    // -A IN_FedoraWorkstation -p ipv6-icmp -j ACCEPT
    const out = parseFile(iptablesSave, 'rulebases/platform_external_iptables--fedora27-ip6tables');
    expect(out.meta.family).toBe('ipv6');
    expect(ruleAt(out.rules, 'filter/IN_FedoraWorkstation_allow', 4)).toMatchObject({
      sources: ['::/0'],
      destinations: ['ff02::fb/128'],
      destinationPorts: ['5353'],
    });
    expect(ruleAt(out.rules, 'filter/IN_FedoraWorkstation', 4)).toMatchObject({ protocol: 'icmpv6', action: 'allow' });
  });

  it('aerleon speedway (iptables-restore with -N chains): ssh only from the RFC 1918 ranges', () => {
    // :INPUT DROP [0:0]
    // -A I_base-allow-ssh-in -p tcp --dport 22 -s 10.0.0.0/8 -m state --state NEW,ESTABLISHED,RELATED -j ACCEPT
    // -A I_base-allow-ssh-in -p tcp --dport 22 -s 172.16.0.0/12 -m state --state NEW,ESTABLISHED,RELATED -j ACCEPT
    // -A I_base-allow-ssh-in -p tcp --dport 22 -s 192.168.0.0/16 -m state --state NEW,ESTABLISHED,RELATED -j ACCEPT
    const out = parseFile(iptablesSave, 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_speedway.ipt.ref');
    const ssh = out.rules.filter(
      (r) => r.action === 'allow' && r.destinationPorts?.includes('22') && r.direction === 'in',
    );
    expect(ssh.map((r) => r.sources)).toEqual([['10.0.0.0/8'], ['172.16.0.0/12'], ['192.168.0.0/16']]);
    expect(ssh.every((r) => r.conditions[0] === '-m state --state NEW,ESTABLISHED,RELATED')).toBe(true);
    expect(ruleAt(out.rules, 'filter/INPUT', 4)).toMatchObject({
      action: 'jump',
      target: 'filter/I_base-allow-ssh-in',
    });
    expect(defaultPolicies(out).map((p) => [p.ruleset, p.policy])).toEqual([
      ['filter/INPUT', 'drop'],
      ['filter/OUTPUT', 'drop'],
      ['filter/FORWARD', 'drop'],
    ]);
  });

  it('an empty user chain exists: jumping to it returns at once instead of making every answer uncertain', () => {
    const text = [
      '*filter',
      ':INPUT DROP [0:0]',
      ':FORWARD DROP [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':EMPTY - [0:0]',
      ':LOGDROP - [0:0]',
      '-A INPUT -j EMPTY',
      '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
      '-A INPUT -p tcp -m tcp --dport 23 -j LOGDROP',
      '-A INPUT -s 10.0.0.0/8 -p tcp -m tcp --dport 23 -j ACCEPT',
      '-A LOGDROP -j LOG',
      'COMMIT',
      '',
    ].join('\n');
    const out = parseWith(iptablesSave, text, host);
    expect(out.policies.filter((p) => p.policy === 'return').map((p) => p.ruleset)).toEqual([
      'filter/EMPTY',
      'filter/LOGDROP',
    ]);
    const ask = (port: number) =>
      reachability(out.rules, out.policies, {
        device: 'pos-gw-01',
        destination: '192.0.2.7',
        proto: 'tcp',
        port,
        direction: 'in',
      });
    const ssh = ask(22);
    expect(ssh.problems).toEqual([]);
    expect(ssh.admittedCidrs).toEqual(['0.0.0.0/0']);
    expect(ssh.conditionalCidrs).toEqual([]);
    // LOG does not decide and LOGDROP returns: telnet falls through to the 10/8 accept.
    expect(ask(23).admittedCidrs).toEqual(['10.0.0.0/8']);
    expect(defaultEntries(compiledDevice(out.rules, out.policies, 'pos-gw-01'))).toEqual([
      'filter/INPUT',
      'filter/FORWARD',
    ]);
  });

  it('aerleon multitarget: a rule with only a comment decides nothing (action continue, no target)', () => {
    // -A I_deny-from-bogons -m comment --comment "multi-line comment that"
    const out = parseFile(
      iptablesSave,
      'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.ipt.ref',
    );
    expect(ruleAt(out.rules, 'filter/I_deny-from-bogons', 2)).toMatchObject({
      action: 'continue',
      target: null,
      comment: 'multi-line comment that',
    });
    // -A I_permit-mail-services -p tcp -m multiport --dports 25,465,587,995 -d 200.1.1.4/32 -m state ... -j ACCEPT
    expect(ruleAt(out.rules, 'filter/I_permit-mail-services', 1)).toMatchObject({
      destinations: ['200.1.1.4/32'],
      destinationPorts: ['25', '465', '587', '995'],
    });
  });

  it('ipset + iptables: sets defined in the file are expanded, and named in objects', () => {
    // create allow-web-to-mail-src hash:net family inet hashsize 4 maxelem 4
    // add allow-web-to-mail-src 200.1.1.1/32 / 200.1.1.2/32; allow-web-to-mail-dst 200.1.1.4/32 / 200.1.1.5/32
    // -P OUTPUT DROP
    // -A OUTPUT -p all -m set --match-set allow-web-to-mail-src src -m set --match-set allow-web-to-mail-dst dst -m state --state NEW,ESTABLISHED,RELATED -j ACCEPT
    const out = parseFile(iptablesSave, 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_ipset.ips.ref');
    expect(defaultPolicies(out)).toEqual([
      { device: 'pos-gw-01', ruleset: 'filter/OUTPUT', policy: 'drop', lineFrom: 34 },
    ]);
    expect(ruleAt(out.rules, 'filter/OUTPUT', 3)).toMatchObject({
      action: 'allow',
      sources: ['200.1.1.1/32', '200.1.1.2/32'],
      destinations: ['200.1.1.4/32', '200.1.1.5/32'],
      objects: ['ipset:allow-web-to-mail-src', 'ipset:allow-web-to-mail-dst'],
      unresolved: [],
      conditions: ['-m state --state NEW,ESTABLISHED,RELATED'],
    });
    expect(ruleAt(out.rules, 'filter/OUTPUT', 1).destinations).toHaveLength(9);
    expect(out.meta['table-assumed']).toMatch(/^filter/);
  });
});

describe('iptables-save syntax (inline fixtures written for these tests)', () => {
  const save = (body: string, opts: { fileName?: string } = {}) =>
    parseWith(iptablesSave, `*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n${body}COMMIT\n`, {
      ...host,
      ...opts,
    });

  it('quoted comments with escapes, comma lists, host names, old-style negation, iprange', () => {
    const out = save(
      [
        '-A INPUT -s 10.0.0.1,10.0.0.2/31 -p tcp -m tcp --dport 23 -m comment --comment "telnet for the \\"legacy\\" POS" -j ACCEPT',
        '-A INPUT -s jump.example.com -p tcp --dport 22 -j ACCEPT',
        '-A INPUT -p tcp --dport ! 22 -j DROP',
        '-A INPUT -m iprange --src-range 10.1.1.5-10.1.1.20 -p udp --dport 161 -j ACCEPT',
        '-A INPUT -s 10.9.0.0/255.255.0.0 -p tcp -m multiport --ports 21,20 -j ACCEPT',
        '',
      ].join('\n'),
    );
    expect(out.notes).toEqual([]);
    expect(ruleAt(out.rules, 'filter/INPUT', 1)).toMatchObject({
      sources: ['10.0.0.1/32', '10.0.0.2/31'],
      destinationPorts: ['23'],
      comment: 'telnet for the "legacy" POS',
    });
    // A name is resolved when iptables loads the rule; offline the rule keeps "any" plus the condition.
    expect(ruleAt(out.rules, 'filter/INPUT', 2)).toMatchObject({
      sources: ['0.0.0.0/0'],
      unresolved: ['jump.example.com'],
      conditions: ['-s jump.example.com'],
    });
    expect(ruleAt(out.rules, 'filter/INPUT', 3)).toMatchObject({
      destinationPorts: null,
      conditions: ['! --dport 22'],
    });
    expect(ruleAt(out.rules, 'filter/INPUT', 4).sources).toEqual([
      '10.1.1.5/32',
      '10.1.1.6/31',
      '10.1.1.8/29',
      '10.1.1.16/30',
      '10.1.1.20/32',
    ]);
    expect(ruleAt(out.rules, 'filter/INPUT', 5)).toMatchObject({
      sources: ['10.9.0.0/16'],
      destinationPorts: null,
      conditions: ['-m multiport --ports 21,20'],
    });
  });

  it('an ipset filled elsewhere stays unresolved; -I inserts at the top; -c sets counters; jumps follow -N', () => {
    const out = parseWith(
      iptablesSave,
      [
        '*filter',
        ':INPUT DROP [0:0]',
        '-N ADMIN',
        '-A INPUT -m set --match-set blocklist src -j DROP',
        '-A INPUT -c 42 4200 -p tcp --dport 22 -j ADMIN',
        '-I INPUT -i lo -j ACCEPT',
        '-A ADMIN -s 192.0.2.10 -j ACCEPT',
        'COMMIT',
        '',
      ].join('\n'),
      host,
    );
    expect(inRuleset(out.rules, 'filter/INPUT').map((r) => [r.order, r.lineFrom])).toEqual([
      [1, 6],
      [2, 4],
      [3, 5],
    ]);
    expect(ruleAt(out.rules, 'filter/INPUT', 2)).toMatchObject({
      action: 'drop',
      sources: ['0.0.0.0/0'],
      unresolved: ['ipset:blocklist'],
      objects: ['ipset:blocklist'],
      conditions: ['-m set --match-set blocklist src'],
    });
    expect(ruleAt(out.rules, 'filter/INPUT', 3)).toMatchObject({
      hitCount: 42,
      action: 'jump',
      target: 'filter/ADMIN',
    });
    expect(ruleAt(out.rules, 'filter/ADMIN', 1)).toMatchObject({ direction: 'in', sources: ['192.0.2.10/32'] });
  });

  it('iptables and ip6tables dumps in one file: the IPv6 tables get their own ruleset names', () => {
    const text = [
      '# Generated by iptables-save v1.8.7',
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT -s 192.0.2.0/24 -p tcp --dport 22 -j ACCEPT',
      'COMMIT',
      '# Generated by ip6tables-save v1.8.7',
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT -s 2001:db8::/32 -p tcp --dport 22 -j ACCEPT',
      'COMMIT',
      '',
    ].join('\n');
    const out = parseWith(iptablesSave, text, host);
    expect(defaultPolicies(out).map((p) => p.ruleset)).toEqual(['filter/INPUT', 'ip6/filter/INPUT']);
    expect(out.rules.map((r) => [r.ruleset, r.sources, r.destinations])).toEqual([
      ['filter/INPUT', ['192.0.2.0/24'], ['0.0.0.0/0']],
      ['ip6/filter/INPUT', ['2001:db8::/32'], ['::/0']],
    ]);
    expect(out.meta.family).toBe('ipv4 and ipv6');
  });

  it('what it cannot read is noted with the line, and the rule kept as written', () => {
    const out = save(
      '-A INPUT -p tcp --dport telnetx -j ACCEPT\n-A INPUT -j NOSUCHCHAIN\n-A INPUT --bogus-opt -j DROP\nthis is not a rule\n',
    );
    const notes = out.notes
      .map((n) => [n.line, n.what.split(':')[0]] as const)
      .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
    expect(notes).toEqual([
      [5, 'port "telnetx" of --dport is not a port number, range or known service name'],
      [6, 'jump to "NOSUCHCHAIN", which is neither a chain declared in table filter nor a known target'],
      [7, 'option --bogus-opt is not under a "-m" match; kept as a condition'],
      [8, 'unrecognised line'],
    ]);
    expect(ruleAt(out.rules, 'filter/INPUT', 1)).toMatchObject({
      destinationPorts: null,
      conditions: ['--dport telnetx'],
    });
    expect(ruleAt(out.rules, 'filter/INPUT', 3)).toMatchObject({ action: 'drop', conditions: ['--bogus-opt'] });
  });

  it('with no address and no header, the family comes from the file name, else IPv4 (and says so)', () => {
    expect(save('-A INPUT -p tcp --dport 22 -j ACCEPT\n', { fileName: 'rules.v6' }).rules[0]?.sources).toEqual([
      '::/0',
    ]);
    const v4 = save('-A INPUT -p tcp --dport 22 -j ACCEPT\n', { fileName: 'dump.txt' });
    expect(v4.rules[0]?.sources).toEqual(['0.0.0.0/0']);
    expect(v4.meta.family).toMatch(/^ipv4 \(assumed/);
  });
});

// Rows counted with grep -vcE '^(Chain |\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot|\s*$)' FILE; policies
// with grep -c '^Chain .*(policy' FILE.
const LIST_COUNTS: [string, number, number, string][] = [
  ['rulebases/jc--iptables-filter-nv.out', 57, 3, 'filter'],
  ['rulebases/jc--iptables-filter-line-numbers.out', 51, 3, 'filter'],
  ['rulebases/jc--iptables-nat.out', 21, 4, 'nat'],
  ['rulebases/2-jc--iptables-filter-nv.out', 22, 3, 'filter'],
  ['rulebases/jc--iptables-no-jump.out', 1, 1, 'filter'],
];

describe.skipIf(!corpusAvailable)('iptables -L listings (corpus)', () => {
  it.each(LIST_COUNTS)('%s: %i rules, %i policies, table %s, no notes', (rel, rules, policies, table) => {
    const out = parseFile(iptablesList, rel);
    expect(out.rules).toHaveLength(rules);
    expect(defaultPolicies(out)).toHaveLength(policies);
    expect(out.notes).toEqual([]);
    expect(new Set(out.rules.map((r) => r.ruleset.split('/')[0]))).toEqual(new Set([table]));
    expect(parseFile(iptablesList, rel, 7)).toEqual(out);
  });

  it('-n -v: counters, interfaces, [goto] and a negated interface; ssh only from 15.15.15.0/24', () => {
    //  4175 1130K ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate RELATED,ESTABLISHED
    //     0     0 ACCEPT     tcp  --  *      *       15.15.15.0/24        0.0.0.0/0            tcp dpt:22 ctstate NEW,ESTABLISHED
    //     0     0 ACCEPT     all  --  docker0 !docker0  0.0.0.0/0            0.0.0.0/0
    //  2367  202K IN_public  all  --  ens33  *       0.0.0.0/0            0.0.0.0/0           [goto]
    const out = parseFile(iptablesList, 'rulebases/jc--iptables-filter-nv.out');
    expect(ruleAt(out.rules, 'filter/INPUT', 1)).toMatchObject({
      hitCount: 4175,
      conditions: ['-m conntrack --ctstate RELATED,ESTABLISHED'],
    });
    const sshInput = inRuleset(out.rules, 'filter/INPUT').filter((r) => r.destinationPorts?.includes('22'));
    expect(sshInput.map((r) => [r.order, r.sources, r.action])).toEqual([
      [11, ['15.15.15.0/24'], 'allow'],
      [16, ['15.15.15.0/24'], 'allow'],
    ]);
    expect(ruleAt(out.rules, 'filter/FORWARD', 4)).toMatchObject({
      interfaces: { in: 'docker0', out: null },
      conditions: ['! -o docker0'],
    });
    expect(ruleAt(out.rules, 'filter/INPUT_ZONES', 1)).toMatchObject({
      action: 'goto',
      target: 'filter/IN_public',
      interfaces: { in: 'ens33', out: null },
      hitCount: 2367,
    });
    expect(out.meta.counters).toMatch(/rounded/);
  });

  it('without -v: interfaces are not shown, which every rule says; service names become ports', () => {
    // 13   ACCEPT     tcp  --  15.15.15.0/24        anywhere             tcp dpt:ssh ctstate NEW,ESTABLISHED
    const out = parseFile(iptablesList, 'rulebases/jc--iptables-filter-line-numbers.out');
    expect(ruleAt(out.rules, 'filter/INPUT', 13)).toMatchObject({
      sources: ['15.15.15.0/24'],
      destinationPorts: ['22'],
      conditions: ['-m conntrack --ctstate NEW,ESTABLISHED', 'interfaces not shown (listing made without -v)'],
    });
    expect(out.meta.interfaces).toMatch(/without -v/);
  });

  it('the nat listing: table inferred from its chains; names that are not addresses stay unresolved', () => {
    // DOCKER     all  --  anywhere            !loopback/8           ADDRTYPE match dst-type LOCAL
    const out = parseFile(iptablesList, 'rulebases/jc--iptables-nat.out');
    expect(out.meta.table).toMatch(/^nat/);
    expect(ruleAt(out.rules, 'nat/OUTPUT', 2)).toMatchObject({
      action: 'jump',
      target: 'nat/DOCKER',
      unresolved: ['loopback/8'],
      conditions: [
        '! -d loopback/8',
        'ADDRTYPE match dst-type LOCAL',
        'interfaces not shown (listing made without -v)',
      ],
    });
    // MASQUERADE  all  --  172.17.0.0/16        anywhere
    expect(ruleAt(out.rules, 'nat/POSTROUTING', 1)).toMatchObject({ action: 'other', target: 'MASQUERADE' });
  });

  it('a row with no target decides nothing: the packet goes on to the next rule', () => {
    //            udp  --  anywhere             anywhere
    const out = parseFile(iptablesList, 'rulebases/jc--iptables-no-jump.out');
    expect(out.rules[0]).toMatchObject({ action: 'continue', target: null, protocol: 'udp' });
  });
});

describe.skipIf(!corpusAvailable)('iptables-xml (corpus)', () => {
  it('fedora27: the same 73 rules and 10 policies as its iptables-save source, traced to XML lines', () => {
    const xml = parseFile(iptablesXml, 'rulebases/platform_external_iptables--fedora27-iptables.xml');
    const save = parseFile(iptablesSave, 'rulebases/platform_external_iptables--fedora27-iptables');
    expect(xml.notes).toEqual([]);
    expect(xml.rules).toHaveLength(73);
    const strip = (r: Rule) => ({ ...r, lineFrom: 0, lineTo: 0, text: '' });
    expect(xml.rules.map(strip)).toEqual(save.rules.map(strip));
    expect(defaultPolicies(xml).map((p) => [p.ruleset, p.policy])).toEqual(
      defaultPolicies(save).map((p) => [p.ruleset, p.policy]),
    );
    // <rule packet-count="7" byte-count="8" > ... <tcp><dport>1025:65535</dport></tcp> ... on lines 890-906
    const last = ruleAt(xml.rules, 'filter/IN_FedoraWorkstation_allow', 6);
    expect(last).toMatchObject({ lineFrom: 890, lineTo: 906, hitCount: 7 });
    expect(last.text).toBe(
      '-A IN_FedoraWorkstation_allow -p tcp -m tcp --dport 1025:65535 -m conntrack --ctstate NEW -j ACCEPT',
    );
    expect(parseFile(iptablesXml, 'rulebases/platform_external_iptables--fedora27-iptables.xml', 7)).toEqual(xml);
  });
});

describe('hostile and broken input', () => {
  it('0 bytes, prose, binary junk and a missing device name are refused', () => {
    for (const f of [iptablesSave, iptablesList, iptablesXml]) {
      expect(parseError(() => parseWith(f, '', host)).line, f.id).toBe(1);
      expect(parseError(() => parseWith(f, Buffer.from('*filter\n\0\0\0junk'), host)).message).toMatch(/binary data/);
      expect(parseError(() => parseWith(f, '-A INPUT -j ACCEPT\n', {})).message).toMatch(/expected the device's name/);
    }
    const prose = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of the change ticket`).join('\n');
    expect(parseError(() => parseWith(iptablesSave, prose, host)).message).toMatch(/expected iptables-save output/);
    expect(parseError(() => parseWith(iptablesList, prose, host)).message).toMatch(/expected an iptables -L listing/);
    expect(parseError(() => parseWith(iptablesXml, prose, host)).message).toMatch(/iptables-rules/);
  });

  it('entity declarations (billion laughs, XXE) are refused in iptables-xml', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><iptables-rules>&b;</iptables-rules>';
    expect(parseError(() => parseWith(iptablesXml, bomb, host)).message).toMatch(/entity declarations are refused/);
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><iptables-rules>&x;</iptables-rules>';
    expect(parseError(() => parseWith(iptablesXml, xxe, host)).message).toMatch(/entity declarations are refused/);
  });

  it.skipIf(!corpusAvailable)(
    'a dump cut inside a table (no COMMIT) is refused; cut after the last COMMIT it imports',
    () => {
      const text = readFileSync(corpus('rulebases/platform_external_iptables--fedora27-iptables'), 'utf8');
      for (const fraction of [0.1, 0.35, 0.6, 0.85]) {
        const cut = text.slice(0, Math.floor(text.length * fraction));
        const err = parseError(() => parseWith(iptablesSave, cut, host, 7));
        expect(err.message).toMatch(/ends inside table \w+ .* before its COMMIT/);
      }
      const lastCommit = text.lastIndexOf('COMMIT\n') + 'COMMIT\n'.length;
      expect(parseWith(iptablesSave, text.slice(0, lastCommit + 5), host).rules).toHaveLength(73);
    },
  );

  it.skipIf(!corpusAvailable)(
    'a listing or XML cut short: the XML is refused, the listing keeps the rows before the cut',
    () => {
      const xml = readFileSync(corpus('rulebases/platform_external_iptables--fedora27-iptables.xml'), 'utf8');
      for (const fraction of [0.2, 0.5, 0.9]) {
        expect(() => parseWith(iptablesXml, xml.slice(0, Math.floor(xml.length * fraction)), host)).toThrow();
      }
      const list = readFileSync(corpus('rulebases/jc--iptables-filter-nv.out'), 'utf8');
      for (const fraction of [0.25, 0.5, 0.75]) {
        const out = parseWith(iptablesList, list.slice(0, Math.floor(list.length * fraction)), host);
        expect(out.rules.length).toBeLessThan(57);
      }
    },
  );

  it.skipIf(!corpusAvailable)("another tool's output given to the iptables formats is refused", () => {
    const nmap = readFileSync(corpus('scans/nmap-nmap_1port.xml'));
    expect(parseError(() => parseWith(iptablesSave, nmap, host)).message).toMatch(/expected iptables-save output/);
    expect(parseError(() => parseWith(iptablesList, nmap, host)).message).toMatch(/expected an iptables -L listing/);
    expect(parseError(() => parseWith(iptablesXml, nmap, host)).message).toMatch(/expected <iptables-rules>/);
    const nft = readFileSync(corpus('rulebases/nftables--sample-ruleset.nft'));
    expect(parseError(() => parseWith(iptablesSave, nft, host)).message).toMatch(/expected iptables-save output/);
  });
});

describe.skipIf(!corpusAvailable)('iptables through the import runner', () => {
  it('detects and imports fedora27 iptables-save: 73 rules and 10 policies in the engagement', async () => {
    const { store, result } = await importInto(corpus('rulebases/platform_external_iptables--fedora27-iptables'), {
      hostName: 'pos-gw-01',
    });
    expect(result).toMatchObject({ format: 'iptables-save', hostName: 'pos-gw-01', ruleCount: 73, noteCount: 0 });
    expect(listRules(store.db).total).toBe(73);
    expect(defaultPolicies({ policies: listPolicies(store.db) })).toHaveLength(10);
    const ssh = listRules(store.db, { ruleset: 'filter/IN_FedoraWorkstation_allow' }).rows[2];
    expect(ssh).toMatchObject({ destinationPorts: ['22'], conditions: ['-m conntrack --ctstate NEW'], lineFrom: 131 });
    store.close();
  });

  it('every iptables file of the corpus imports through detection', async () => {
    const files = manifest().filter((m) => /^(ip6?tables|ipset)/.test(m.format));
    expect(files).toHaveLength(18);
    for (const m of files) {
      const { store, result } = await importInto(corpus(m.file), { hostName: 'pos-gw-01' });
      expect(result.ruleCount, m.file).toBeGreaterThan(0);
      store.close();
    }
  });

  it('a failed import (truncated dump, wrong format forced, no device name) leaves the engagement unchanged', async () => {
    const dir = tempDir();
    const text = readFileSync(corpus('rulebases/platform_external_iptables--fedora27-iptables'), 'utf8');
    writeFileSync(join(dir, 'cut.txt'), text.slice(0, 3000));
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'cut.txt'), { hostName: 'pos-gw-01' }),
    ).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/before its COMMIT/),
    });
    expectUntouched(store);
    await expect(
      importFile(store, fixedContext(), corpus('scans/nmap-nmap_1port.xml'), {
        format: 'iptables-save',
        hostName: 'x',
      }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expectUntouched(store);
    await expect(
      importFile(store, fixedContext(), corpus('rulebases/batfish-example-host1.iptables')),
    ).rejects.toMatchObject({ code: 'NEEDS_HOST_NAME' });
    expectUntouched(store);
    store.close();
  });
});
