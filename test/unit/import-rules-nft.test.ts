// nftables rulesets, text (nft list ruleset / nft -f) and JSON (nft -j list ruleset): exact counts per
// corpus file, the text and JSON dumps of the same ruleset giving the same rules, hand-checked flows,
// inline fixtures for defines, sets, commands and verdict maps, and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nftJson } from '../../src-main/core/import/rulebases/nft-json';
import { nftText } from '../../src-main/core/import/rulebases/nft-text';
import { importFile } from '../../src-main/core/import/run-import';
import type { FormatSpec } from '../../src-main/core/import/types';
import type { Rule } from '../../src-main/core/model/rule';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import {
  corpus,
  corpusAvailable,
  expectUntouched,
  importInto,
  parseError,
  parseWith,
  defaultPolicies,
} from './import-helpers';

const host = { hostName: 'pos-gw-01' };

const parseFile = (spec: FormatSpec, rel: string, pieceSize?: number) =>
  parseWith(spec, readFileSync(corpus(rel)), host, pieceSize);

const inRuleset = (rules: Rule[], ruleset: string) => rules.filter((r) => r.ruleset === ruleset);
const at = (rules: Rule[], ruleset: string, order: number): Rule[] =>
  rules.filter((x) => x.ruleset === ruleset && x.order === order);
const one = (rules: Rule[], ruleset: string, order: number): Rule => {
  const r = at(rules, ruleset, order);
  if (r.length !== 1) throw new Error(`${r.length} rules at ${ruleset}#${order}`);
  return r[0] as Rule;
};

// Source rules counted with jq '[.nftables[]|select(.rule)]|length' for JSON and, for text, a python3
// brace walker that counts the statements inside chain (and "jump {") blocks other than type/policy/comment
// lines; base chains (policies) with jq 'select(.chain.hook)' or the "type ... hook" lines. Model rules are
// more where a rule names several protocols or uses a verdict map (one rule per protocol / map entry):
// sample-ruleset +21 (vmap entries 4+2+4+2+4+3+4+4+2 less one each, meta l4proto {tcp,udp} +1),
// mixed-icmp +10 ({udp,tcp,icmp} x3 and {udp,tcp,icmpv6}, {udp,tcp} x2), 0049huge +4
// (meta l4proto { icmp, ipv6-icmp } on 4 lines), 0012 +2 (two verdict maps of two entries).
const TEXT_COUNTS: [string, number, number, number][] = [
  ['rulebases/nftables--sample-ruleset.nft', 99, 120, 7],
  ['rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_nftables.nft.ref', 51, 51, 7],
  ['rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_nftables-mixed-icmp.nft.ref', 24, 34, 1],
  ['rulebases/nftables--0032pknock_0.nft', 8, 8, 1],
  ['rulebases/nftables--nat_addr_port.nft', 31, 31, 3],
  ['rulebases/nftables--0049huge_0.nft', 197, 201, 9],
  ['rulebases/nftables--0021prio_0.nft', 0, 0, 390],
];
const JSON_COUNTS: [string, number, number, number][] = [
  ['rulebases/nftables--0032pknock_0.json-nft', 8, 8, 1],
  ['rulebases/nftables--0012different_defines_0.json-nft', 17, 19, 0],
  ['rulebases/nftables--nat_addr_port.json-nft', 31, 31, 3],
  ['rulebases/nftables--0043concatenated_ranges_1.json-nft', 0, 0, 0],
  ['rulebases/nftables--0049huge_0.json-nft', 197, 201, 9],
  ['rulebases/nftables--0021prio_0.json-nft', 0, 0, 390],
];
const PAIRS = ['0032pknock_0', 'nat_addr_port', '0049huge_0', '0021prio_0'];

describe.skipIf(!corpusAvailable)('nftables corpus: exact counts', () => {
  it.each(TEXT_COUNTS)('text %s: %i nft rules, %i model rules, %i policies, no notes', (rel, src, rules, pol) => {
    const out = parseFile(nftText, rel);
    expect(out.meta['nft-rules']).toBe(String(src));
    expect(out.rules).toHaveLength(rules);
    expect(defaultPolicies(out)).toHaveLength(pol);
    expect(out.notes).toEqual([]);
    expect(parseFile(nftText, rel, 7)).toEqual(out);
  });

  it.each(JSON_COUNTS)('JSON %s: %i nft rules, %i model rules, %i policies, no notes', (rel, src, rules, pol) => {
    const out = parseFile(nftJson, rel);
    expect(out.meta['nft-rules']).toBe(String(src));
    expect(out.rules).toHaveLength(rules);
    expect(defaultPolicies(out)).toHaveLength(pol);
    expect(out.notes).toEqual([]);
    expect(parseFile(nftJson, rel, 7)).toEqual(out);
  });

  it.each(PAIRS)('%s: the text and JSON dumps give the same rules and policies', (name) => {
    const text = parseFile(nftText, `rulebases/nftables--${name}.nft`);
    const json = parseFile(nftJson, `rulebases/nftables--${name}.json-nft`);
    // Positions and the spelling of conditions differ between the two dumps; what the rules match does not.
    const strip = (r: Rule) => ({
      ...r,
      lineFrom: 0,
      lineTo: 0,
      text: '',
      conditions: r.conditions.length,
      target: r.action === 'other' || r.action === 'continue' ? '' : r.target,
    });
    expect(json.rules.map(strip)).toEqual(text.rules.map(strip));
    expect(defaultPolicies(json).map((p) => [p.ruleset, p.policy])).toEqual(
      defaultPolicies(text).map((p) => [p.ruleset, p.policy]),
    );
  });
});

describe.skipIf(!corpusAvailable)('nftables corpus: hand-checked flows', () => {
  it('sample-ruleset: ssh to the router is admitted only from eth1 (home); eth0 (public) falls to the drop', () => {
    // chain INPUT { type filter hook input priority filter; policy drop;
    //   iif "lo" accept / ct state established,related accept / iifname vmap @if_input / log ... reject }
    // map if_input { elements = { "eth0" : jump public_input, "eth1" : jump home_input, "eth2.10" : jump home_input, ... } }
    // chain home_input { ... tcp dport 22 iifname "eth1" accept ... }
    // chain public_input { ... counter packets 0 bytes 0 drop }
    const out = parseFile(nftText, 'rulebases/nftables--sample-ruleset.nft');
    expect(defaultPolicies(out).find((p) => p.ruleset === 'inet/filter/INPUT')).toMatchObject({
      policy: 'drop',
      lineFrom: 98,
    });
    expect(at(out.rules, 'inet/filter/INPUT', 3).map((r) => [r.interfaces.in, r.action, r.target])).toEqual([
      ['eth0', 'jump', 'inet/filter/public_input'],
      ['eth1', 'jump', 'inet/filter/home_input'],
      ['eth2.10', 'jump', 'inet/filter/home_input'],
      ['eth2.20', 'jump', 'inet/filter/home_input'],
    ]);
    expect(one(out.rules, 'inet/filter/INPUT', 3 + 1)).toMatchObject({
      action: 'reject',
      conditions: ['limit rate 5/second burst 10 packets'],
    });
    const ssh = out.rules.filter(
      (r) => r.direction === 'in' && r.action === 'allow' && r.destinationPorts?.includes('22'),
    );
    expect(ssh).toHaveLength(1);
    expect(ssh[0]).toMatchObject({
      ruleset: 'inet/filter/home_input',
      order: 8,
      protocol: 'tcp',
      sources: ['0.0.0.0/0', '::/0'],
      interfaces: { in: 'eth1', out: null },
      lineFrom: 121,
      text: 'tcp dport 22 iifname "eth1" accept',
    });
    expect(inRuleset(out.rules, 'inet/filter/public_input').map((r) => r.action)).toEqual([
      'allow',
      'allow',
      'drop',
      'drop',
    ]);
  });

  it('sample-ruleset: a verdict map on tcp dport, anonymous chains, negated IPv6 sources, ranges', () => {
    // ip daddr { 192.168.3.30, 192.168.4.40 } tcp dport vmap { 22 : accept, 80 : drop, 443 : accept }
    const out = parseFile(nftText, 'rulebases/nftables--sample-ruleset.nft');
    expect(
      at(out.rules, 'inet/filter/trusted_forward', 4).map((r) => [r.destinationPorts, r.action, r.destinations]),
    ).toEqual([
      [['22'], 'allow', ['192.168.3.30/32', '192.168.4.40/32']],
      [['80'], 'drop', ['192.168.3.30/32', '192.168.4.40/32']],
      [['443'], 'allow', ['192.168.3.30/32', '192.168.4.40/32']],
    ]);
    // meta l4proto { tcp, udp } th dport 53 jump {
    //   ip6 saddr != { fd00::/8, fe80::/64 } counter packets 0 bytes 0 reject with icmpv6 port-unreachable
    //   accept }
    expect(
      at(out.rules, 'inet/filter/home_input', 9).map((r) => [
        r.protocol,
        r.destinationPorts,
        r.target,
        r.lineFrom,
        r.lineTo,
      ]),
    ).toEqual([
      ['tcp', ['53'], 'inet/filter/home_input/anon-122', 122, 125],
      ['udp', ['53'], 'inet/filter/home_input/anon-122', 122, 125],
    ]);
    expect(one(out.rules, 'inet/filter/home_input/anon-122', 1)).toMatchObject({
      action: 'reject',
      sources: ['fd00::/8', 'fe80::/64'],
      sourcesNegated: true,
      destinations: ['::/0'],
      hitCount: 0,
    });
    // ip saddr { 192.168.1.0-192.168.4.255 } oifname "eth0" masquerade
    expect(one(out.rules, 'inet/filter/POSTROUTING_SRCNAT', 1)).toMatchObject({
      action: 'other',
      target: 'masquerade',
      sources: ['192.168.1.0/24', '192.168.2.0/23', '192.168.4.0/24'],
      interfaces: { in: null, out: 'eth0' },
    });
    // ip saddr @ipv4_blacklist counter packets 0 bytes 0 drop (a set with no elements: filled at run time)
    expect(one(out.rules, 'inet/filter/blacklist_input_ipv4', 2)).toMatchObject({
      action: 'drop',
      sources: ['0.0.0.0/0'],
      unresolved: ['@ipv4_blacklist'],
      conditions: ['ip saddr @ipv4_blacklist'],
    });
    expect(out.meta['set inet/filter/ipv4_blacklist']).toMatch(/no elements listed/);
    // home_output: tcp dport 22 ip daddr 192.168.1.10 accept
    expect(one(out.rules, 'inet/filter/home_output', 7)).toMatchObject({
      direction: 'out',
      destinations: ['192.168.1.10/32'],
      sources: ['0.0.0.0/0'],
      destinationPorts: ['22'],
    });
  });

  it('port knocking: ssh from a dynamic set is unresolved; the set updates let the packet go on', () => {
    // tcp dport 22 ip saddr @clients_ipv4 counter packets 0 bytes 0 accept
    // tcp dport 22 ct state established,related counter packets 0 bytes 0 accept
    // tcp dport 22 reject with tcp reset
    for (const [spec, rel] of [
      [nftText, 'rulebases/nftables--0032pknock_0.nft'],
      [nftJson, 'rulebases/nftables--0032pknock_0.json-nft'],
    ] as const) {
      const out = parseFile(spec, rel);
      expect(one(out.rules, 'inet/portknock/input', 6)).toMatchObject({
        action: 'allow',
        sources: ['0.0.0.0/0'],
        destinations: ['0.0.0.0/0'],
        destinationPorts: ['22'],
        unresolved: ['@clients_ipv4'],
        hitCount: 0,
      });
      expect(one(out.rules, 'inet/portknock/input', 8)).toMatchObject({
        action: 'reject',
        sources: ['0.0.0.0/0', '::/0'],
      });
      expect(one(out.rules, 'inet/portknock/input', 1)).toMatchObject({
        action: 'continue',
        destinationPorts: ['10001'],
      });
      expect(one(out.rules, 'inet/portknock/input', 1).target).toMatch(/^add @candidates_ipv4 \{ ip saddr \. 10002/);
      expect(defaultPolicies(out)).toEqual([
        { device: 'pos-gw-01', ruleset: 'inet/portknock/input', policy: 'allow', lineFrom: expect.any(Number) },
      ]);
    }
  });

  it('aerleon: ssh-deny drops tcp 22 and 53 outbound; the dual-stack source term holds both families', () => {
    // chain ssh-deny { tcp dport { 22, 53 } drop }
    // ip saddr { 0.0.0.0/8, 0.0.0.0/8, 10.0.0.0/8, ... } drop   (20 entries, duplicates as written)
    // ip6 saddr { ::/8, ::1/128, ... } drop                      (24 entries)
    const out = parseFile(nftText, 'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_nftables.nft.ref');
    expect(one(out.rules, 'inet/filtering_policies/ssh-deny', 1)).toMatchObject({
      action: 'drop',
      direction: 'out',
      protocol: 'tcp',
      destinationPorts: ['22', '53'],
    });
    expect(one(out.rules, 'inet/filtering_policies/source-address-term', 1).sources).toHaveLength(20);
    expect(one(out.rules, 'inet/filtering_policies/source-address-term', 2).sources).toHaveLength(24);
    expect(one(out.rules, 'inet/filtering_policies/source-address-term', 2).destinations).toEqual(['::/0']);
    // table ip: chain test-port-snmp { comment "Test SNMP port 161 UDP - No addresses"; udp dport 161 ct state new accept }
    expect(one(out.rules, 'ip/filtering_policies/test-port-snmp', 1)).toMatchObject({
      protocol: 'udp',
      destinationPorts: ['161'],
      sources: ['0.0.0.0/0'],
      conditions: ['ct state new'],
      comment: 'Test SNMP port 161 UDP - No addresses',
    });
    // The chain allow-anything is written twice in table ip: its two blocks make one chain of two rules.
    expect(inRuleset(out.rules, 'ip/filtering_policies/allow-anything')).toHaveLength(2);
  });

  it('mixed icmp: one rule per protocol, each in the family its protocol lives in', () => {
    // meta l4proto { udp, tcp, icmpv6 } ct state new accept
    const out = parseFile(
      nftText,
      'rulebases/aerleon--TestRegressionDemo.testSmokeTest.sample_nftables-mixed-icmp.nft.ref',
    );
    expect(at(out.rules, 'inet/filtering_policies/multi-all-families', 2).map((r) => [r.protocol, r.sources])).toEqual([
      ['udp', ['0.0.0.0/0', '::/0']],
      ['tcp', ['0.0.0.0/0', '::/0']],
      ['icmpv6', ['::/0']],
    ]);
  });

  it('NAT: dnat rules keep their translation as the action; ports and protocols still read', () => {
    // ip saddr 10.1.1.2 tcp dport 42 dnat to 10.2.3.4:4242
    const out = parseFile(nftText, 'rulebases/nftables--nat_addr_port.nft');
    expect(one(out.rules, 'ip/ipfoo/c', 4)).toMatchObject({
      action: 'other',
      target: 'dnat to 10.2.3.4:4242',
      sources: ['10.1.1.2/32'],
      protocol: 'tcp',
      destinationPorts: ['42'],
    });
    const json = parseFile(nftJson, 'rulebases/nftables--nat_addr_port.json-nft');
    expect(one(json.rules, 'ip6/ip6foo/c', 4).target).toBe('dnat to [c0::1a]:4242');
  });

  it('JSON rules are traced to their lines and written back in nft syntax', () => {
    const out = parseFile(nftJson, 'rulebases/nftables--0049huge_0.json-nft');
    const ssh = out.rules.find((r) => r.ruleset === 'inet/firewalld/filter_IN_public_allow' && r.order === 1);
    expect(ssh).toMatchObject({
      protocol: 'tcp',
      destinationPorts: ['22'],
      conditions: ['ct state { new, untracked }'],
      text: 'tcp dport 22 ct state { new, untracked } accept',
    });
    const lines = readFileSync(corpus('rulebases/nftables--0049huge_0.json-nft'), 'utf8').split('\n');
    expect(lines[(ssh?.lineFrom ?? 0) - 1]).toMatch(/^\s*\{$/);
    expect(lines.slice((ssh?.lineFrom ?? 1) - 1, ssh?.lineTo ?? 0).join('\n')).toMatch(
      /"chain": "filter_IN_public_allow"/,
    );
  });
});

describe('nftables text syntax (inline fixtures written for these tests)', () => {
  it('defines, named sets, add/insert commands, th ports and an include that is not followed', () => {
    const text = [
      '#!/usr/sbin/nft -f',
      'flush ruleset',
      'include "/etc/nftables.d/*.nft"',
      'define ADMINS = { 192.0.2.10, 192.0.2.11 }',
      'define MGMT_IF = "eth9"',
      'table inet fw {',
      '  set jump_hosts { type ipv4_addr; flags interval; elements = { 198.51.100.0/28, 198.51.100.64-198.51.100.71 } }',
      '  chain input {',
      '    type filter hook input priority 0; policy drop;',
      '    iifname $MGMT_IF ip saddr $ADMINS tcp dport { ssh, 3389 } accept comment "admins"',
      '    ip saddr @jump_hosts tcp dport 23 counter packets 12 bytes 720 accept',
      '    meta l4proto udp th dport 161 ip saddr != 10.0.0.0/8 drop',
      '  }',
      '}',
      'add rule inet fw input tcp dport 80 accept',
      'insert rule inet fw input ct state established,related accept',
      '',
    ].join('\n');
    const out = parseWith(nftText, text, host, 5);
    expect(out.notes).toEqual([
      { line: 3, column: null, what: expect.stringMatching(/^include "\/etc\/nftables\.d\/\*\.nft" is not followed/) },
    ]);
    const input = inRuleset(out.rules, 'inet/fw/input');
    expect(input.map((r) => [r.order, r.lineFrom])).toEqual([
      [1, 16],
      [2, 10],
      [3, 11],
      [4, 12],
      [5, 15],
    ]);
    expect(input[1]).toMatchObject({
      sources: ['192.0.2.10/32', '192.0.2.11/32'],
      interfaces: { in: 'eth9', out: null },
      destinationPorts: ['22', '3389'],
      comment: 'admins',
    });
    expect(input[2]).toMatchObject({
      sources: ['198.51.100.0/28', '198.51.100.64/29'],
      objects: ['@jump_hosts'],
      hitCount: 12,
      destinationPorts: ['23'],
    });
    expect(input[3]).toMatchObject({
      protocol: 'udp',
      destinationPorts: ['161'],
      sources: ['10.0.0.0/8'],
      sourcesNegated: true,
    });
    expect(out.meta['includes-not-followed']).toBe('1');
  });

  it('a dormant table is imported disabled; an undefined variable and an unknown expression are noted', () => {
    const text = [
      'table ip t {',
      '  flags dormant',
      '  chain c {',
      '    type filter hook input priority 0; policy accept;',
      '    ip saddr $NOPE drop',
      '    frobnicate 7 tcp dport 22 accept',
      '  }',
      '}',
      '',
    ].join('\n');
    const out = parseWith(nftText, text, host);
    expect(out.rules.every((r) => !r.enabled)).toBe(true);
    expect(out.rules[0]).toMatchObject({
      sources: ['0.0.0.0/0'],
      unresolved: ['$NOPE'],
      conditions: ['ip saddr $NOPE'],
    });
    expect(out.rules[1]).toMatchObject({ destinationPorts: ['22'], conditions: ['frobnicate 7'] });
    expect(out.notes.map((n) => [n.line, n.what.split(':')[0]])).toEqual([
      [5, 'variable $NOPE is not defined in this file'],
      [6, '"frobnicate 7" is not understood and kept as a condition'],
    ]);
    expect(out.meta.tables).toBe('ip t (dormant: not applied)');
  });

  it('a named verdict map on the input interface expands to one jump per interface', () => {
    const text = [
      'table inet f {',
      '  map by_if { type ifname : verdict; elements = { "lan0" : jump lan, "wan0" : drop } }',
      '  chain lan { tcp dport 22 accept }',
      '  chain input { type filter hook input priority 0; policy drop; iifname vmap @by_if }',
      '}',
      '',
    ].join('\n');
    const out = parseWith(nftText, text, host);
    expect(inRuleset(out.rules, 'inet/f/input').map((r) => [r.interfaces.in, r.action, r.target, r.objects])).toEqual([
      ['lan0', 'jump', 'inet/f/lan', ['@by_if']],
      ['wan0', 'drop', null, ['@by_if']],
    ]);
    // The chain lan is reached only from the input hook.
    expect(one(out.rules, 'inet/f/lan', 1).direction).toBe('in');
  });
});

describe('nftables JSON (inline fixtures written for these tests)', () => {
  const doc = (...entries: unknown[]) =>
    JSON.stringify({ nftables: [{ metainfo: { version: '1.0.9' } }, ...entries] }, null, 1);
  const table = { table: { family: 'inet', name: 'f', handle: 1 } };
  const chain = {
    chain: {
      family: 'inet',
      table: 'f',
      name: 'in',
      handle: 2,
      type: 'filter',
      hook: 'input',
      prio: 0,
      policy: 'drop',
    },
  };

  it('matches, a named set, counters, comments, add/insert wrappers', () => {
    const set = {
      set: {
        family: 'inet',
        table: 'f',
        name: 'admins',
        type: 'ipv4_addr',
        flags: ['interval'],
        elem: [{ prefix: { addr: '10.20.0.0', len: 16 } }, { range: ['10.30.0.1', '10.30.0.2'] }],
      },
    };
    const rule = (expr: unknown[], extra: Record<string, unknown> = {}) => ({
      rule: { family: 'inet', table: 'f', chain: 'in', handle: 3, expr, ...extra },
    });
    const ssh = rule(
      [
        { match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '@admins' } },
        {
          match: {
            op: '==',
            left: { payload: { protocol: 'tcp', field: 'dport' } },
            right: { set: [22, { range: [2200, 2299] }] },
          },
        },
        { counter: { packets: 5, bytes: 300 } },
        { accept: null },
      ],
      { comment: 'admin ssh' },
    );
    const first = {
      insert: rule([
        { match: { op: 'in', left: { ct: { key: 'state' } }, right: ['established', 'related'] } },
        { accept: null },
      ]),
    };
    const out = parseWith(nftJson, doc(table, chain, set, ssh, first), host);
    expect(out.notes).toEqual([]);
    expect(out.rules.map((r) => r.order)).toEqual([1, 2]);
    expect(one(out.rules, 'inet/f/in', 2)).toMatchObject({
      sources: ['10.20.0.0/16', '10.30.0.1/32', '10.30.0.2/32'],
      objects: ['@admins'],
      destinationPorts: ['22', '2200-2299'],
      hitCount: 5,
      comment: 'admin ssh',
      text: 'ip saddr @admins tcp dport { 22, 2200-2299 } counter packets 5 accept comment "admin ssh"',
    });
    expect(one(out.rules, 'inet/f/in', 1).conditions).toEqual(['ct state { established, related }']);
    expect(defaultPolicies(out)).toEqual([
      { device: 'pos-gw-01', ruleset: 'inet/f/in', policy: 'drop', lineFrom: expect.any(Number) },
    ]);
  });

  it('missing fields and wrong shapes are refused with what was expected', () => {
    expect(parseError(() => parseWith(nftJson, '{"nftables": {}}', host)).message).toMatch(/"nftables" array/);
    expect(parseError(() => parseWith(nftJson, '[1,2]', host)).message).toMatch(/"nftables" array/);
    const noChain = doc(table, { rule: { family: 'inet', table: 'f', handle: 1, expr: [] } });
    expect(parseError(() => parseWith(nftJson, noChain, host)).message).toMatch(/a rule without "chain"/);
    const noExpr = doc(table, chain, { rule: { family: 'inet', table: 'f', chain: 'in' } });
    expect(parseError(() => parseWith(nftJson, noExpr, host)).message).toMatch(/without an "expr" list/);
    const badFamily = doc({ table: { family: 'ipx', name: 't' } });
    expect(parseError(() => parseWith(nftJson, badFamily, host)).message).toMatch(/unknown family "ipx"/);
    expect(parseError(() => parseWith(nftJson, doc(), host)).message).toMatch(/no table/);
  });

  it('an unknown expression is noted and kept as a condition', () => {
    const out = parseWith(
      nftJson,
      doc(table, chain, {
        rule: { family: 'inet', table: 'f', chain: 'in', expr: [{ frob: { x: 1 } }, { drop: null }] },
      }),
      host,
    );
    expect(out.rules[0]).toMatchObject({ action: 'drop', conditions: ['frob {"x":1}'] });
    expect(out.notes[0]?.what).toMatch(/^expression "frob" is not understood/);
  });
});

describe('hostile and broken nftables input', () => {
  it('0 bytes, prose, binary junk, a missing device name', () => {
    for (const f of [nftText, nftJson]) {
      expect(parseError(() => parseWith(f, '', host)).line, f.id).toBe(1);
      expect(parseError(() => parseWith(f, Buffer.from('table inet x {\n\0\0'), host)).message).toMatch(/binary data/);
      expect(parseError(() => parseWith(f, 'table inet x { }', {})).message).toMatch(/expected the device's name/);
    }
    expect(parseError(() => parseWith(nftText, 'Minutes of the meeting\nno rules here\n', host)).message).toMatch(
      /no table found/,
    );
    const prose = Array.from({ length: 30 }, (_, i) => `line ${i + 1} of the change ticket`).join('\n');
    const err = parseError(() => parseWith(nftText, prose, host));
    expect([err.line, err.message]).toEqual([
      10,
      'expected an nftables ruleset ("table <family> <name> { ... }") near the top',
    ]);
    expect(parseError(() => parseWith(nftJson, 'Minutes of the meeting', host)).message).toMatch(/not valid JSON/);
  });

  it('self-referencing and exploding defines, deep nesting: refused, not followed', () => {
    const loop = 'define A = $A\ntable ip t { chain c { ip saddr $A drop } }\n';
    expect(parseError(() => parseWith(nftText, loop, host)).message).toMatch(/expands without end/);
    const nested = 'define A = { $A, 1 }\ntable ip t { chain c { ip saddr $A drop } }\n';
    expect(parseError(() => parseWith(nftText, nested, host)).message).toMatch(/nested more than 64 deep/);
    const bomb = ['define A0 = { 10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4, 10.0.0.5, 10.0.0.6, 10.0.0.7, 10.0.0.8 }'];
    for (let i = 1; i <= 12; i++)
      bomb.push(
        `define A${i} = { ${Array(8)
          .fill(`$A${i - 1}`)
          .join(', ')} }`,
      );
    bomb.push('table ip t { chain c { ip saddr $A12 drop } }');
    expect(parseError(() => parseWith(nftText, bomb.join('\n'), host)).message).toMatch(/expands without end/);
    const deep = `table ip t { chain c { ip saddr ${'{ '.repeat(500)}1${' }'.repeat(500)} drop } }`;
    expect(parseError(() => parseWith(nftText, deep, host)).message).toMatch(/nested more than 64 deep/);
    const deepJson = `{"nftables": [{"table": {"family": "ip", "name": "t"}}, {"chain": {"family": "ip", "table": "t", "name": "c"}}, {"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"match": {"op": "==", "left": ${'{"concat": ['.repeat(3000)}1${']}'.repeat(3000)}, "right": 1}}]}}]}`;
    expect(() => parseWith(nftJson, deepJson, host)).toThrow();
  });

  it.skipIf(!corpusAvailable)('a ruleset cut short is refused (text: an open block; JSON: invalid)', () => {
    const text = readFileSync(corpus('rulebases/nftables--sample-ruleset.nft'), 'utf8');
    for (const fraction of [0.1, 0.4, 0.7, 0.95]) {
      const err = parseError(() => parseWith(nftText, text.slice(0, Math.floor(text.length * fraction)), host, 7));
      expect(err.message).toMatch(/the file ends inside|is not closed/);
    }
    const json = readFileSync(corpus('rulebases/nftables--0049huge_0.json-nft'), 'utf8');
    for (const fraction of [0.1, 0.5, 0.99]) {
      expect(
        parseError(() => parseWith(nftJson, json.slice(0, Math.floor(json.length * fraction)), host)).message,
      ).toMatch(/not valid JSON/);
    }
  });

  it.skipIf(!corpusAvailable)("another format's file given to the nft formats is refused", () => {
    const save = readFileSync(corpus('rulebases/platform_external_iptables--fedora27-iptables'));
    expect(parseError(() => parseWith(nftText, save, host)).message).toMatch(
      /expected an nftables ruleset .* near the top/,
    );
    expect(parseError(() => parseWith(nftJson, save, host)).message).toMatch(/not valid JSON/);
    const sg = readFileSync(corpus('rulebases/batfish--SecurityGroups.json'));
    expect(parseError(() => parseWith(nftJson, sg, host)).message).toMatch(/"nftables" array/);
  });
});

describe.skipIf(!corpusAvailable)('nftables through the import runner', () => {
  it('detects and imports the sample ruleset: 120 rules, 7 policies', async () => {
    const { store, result } = await importInto(corpus('rulebases/nftables--sample-ruleset.nft'), host);
    expect(result).toMatchObject({ format: 'nft-text', ruleCount: 120, noteCount: 0 });
    expect(defaultPolicies({ policies: listPolicies(store.db) })).toHaveLength(7);
    expect(listRules(store.db, { ruleset: 'inet/filter/trusted_forward' }).total).toBe(7);
    store.close();
  });

  it('every nftables file of the corpus imports through detection (a ruleset of sets only gives no rules)', async () => {
    const files = [...TEXT_COUNTS, ...JSON_COUNTS];
    for (const [rel, , rules] of files) {
      const { store, result } = await importInto(corpus(rel), host);
      expect(result.ruleCount, rel).toBe(rules);
      store.close();
    }
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    const text = readFileSync(corpus('rulebases/nftables--0049huge_0.json-nft'), 'utf8');
    writeFileSync(join(dir, 'cut.json'), text.slice(0, 5000));
    const store = newEngagement(dir);
    await expect(importFile(store, fixedContext(), join(dir, 'cut.json'), host)).rejects.toMatchObject({
      code: 'PARSE_ERROR',
    });
    expectUntouched(store);
    await expect(
      importFile(store, fixedContext(), corpus('rulebases/nftables--sample-ruleset.nft'), {
        ...host,
        format: 'nft-json',
      }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expectUntouched(store);
    store.close();
  });
});
