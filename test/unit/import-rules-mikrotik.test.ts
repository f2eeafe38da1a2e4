// MikroTik RouterOS firewall listings: the filter print (real capture with console messages echoed in the
// middle of entries), the NAT print (no access rules), a hand-written fixture for user chains, jumps,
// address ranges, negated ports and addresses, flags and actions the corpus lacks, an IPv6 listing, the
// entry rulesets the evaluator derives from the chain names, and hostile input. Detection over the whole
// corpus is in import-rules-ufw.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mikrotikFirewall } from '../../src-main/core/import/rulebases/mikrotik-firewall';
import { importFile } from '../../src-main/core/import/run-import';
import type { Rule } from '../../src-main/core/model/rule';
import { compiledDevice, defaultEntries } from '../../src-main/core/net';
import { listPolicies, listRules } from '../../src-main/core/store/rules';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, countBy, expectUntouched, importInto, parseError, parseWith } from './import-helpers';

const host = { hostName: 'rb-gw' };
const FILTER = 'rulebases/ntc-templates--mikrotik_routeros_ip_firewall_filter_print_all_without-paging.raw';
const NAT = 'rulebases/ntc-templates--mikrotik_routeros_ip_firewall_nat_print_all_without-paging.raw';
const parseFile = (rel: string, pieceSize?: number) =>
  parseWith(mikrotikFirewall, readFileSync(corpus(rel)), { ...host, fileName: rel }, pieceSize);
const parseText = (text: string, pieceSize?: number) => parseWith(mikrotikFirewall, text, host, pieceSize);
const ruleAt = (rules: Rule[], ruleset: string, order: number): Rule => {
  const r = rules.find((x) => x.ruleset === ruleset && x.order === order);
  if (!r) throw new Error(`no rule ${ruleset}#${order}`);
  return r;
};

describe.skipIf(!corpusAvailable)('RouterOS /ip firewall filter print (corpus)', () => {
  // Entries 0..22: grep -o 'chain=[a-z]*' FILE | sort | uniq -c -> 13 input, 10 forward.
  it('23 rules: 13 input, 10 forward; policies allow on input, forward and output', () => {
    const out = parseFile(FILTER);
    expect(out.rules).toHaveLength(23);
    expect(countBy(out.rules, (r) => r.ruleset)).toEqual({ input: 13, forward: 10 });
    expect(out.policies).toEqual(
      ['input', 'forward', 'output'].map((ruleset) => ({ device: 'rb-gw', ruleset, policy: 'allow', lineFrom: null })),
    );
    expect(out.meta).toMatchObject({
      rules: '23',
      chains: 'input, forward',
      family: 'ipv4',
      'console-messages-skipped': '2',
    });
    expect(out.notes).toEqual([
      {
        line: 26,
        column: 1,
        what: 'console message echoed into the capture, skipped: "17:20:06 echo: system,error,critical login failure for user admin from 65.160.140.13 via ssh"',
      },
      {
        line: 61,
        column: 1,
        what: 'console message echoed into the capture, skipped: "17:20:06 echo: system,error,critical login failure for user admin from 65.160.140.13 via ssh"',
      },
      {
        line: 21,
        column: 1,
        what: 'address list "Supervision" is kept in /ip firewall address-list, not in this listing: its addresses are unresolved',
      },
      {
        line: 52,
        column: 1,
        what: 'address list "Eqinoxe" is kept in /ip firewall address-list, not in this listing: its addresses are unresolved',
      },
      {
        line: null,
        column: null,
        what: 'RouterOS accepts packets that no rule of a built-in chain drops or rejects: input, forward, output are recorded with the default policy allow',
      },
    ]);
    for (const r of out.rules) expect(r.direction).toBe(r.ruleset === 'input' ? 'in' : null);
  });

  it('hand-checked entries', () => {
    const out = parseFile(FILTER);
    // lines 21-22: " 7    ;;; Acces WAN" / "chain=input action=accept protocol=tcp src-address-list=Supervision dst-port=4430,22,8291"
    expect(ruleAt(out.rules, 'input', 6)).toMatchObject({
      action: 'allow',
      protocol: 'tcp',
      sources: ['0.0.0.0/0'],
      destinationPorts: ['22', '4430', '8291'],
      unresolved: ['src-address-list=Supervision'],
      objects: ['Supervision'],
      comment: 'Acces WAN',
      conditions: [],
      lineFrom: 21,
      lineTo: 22,
    });
    // lines 16-17: " 5    ;;; Acces VPN" / "chain=input action=accept protocol=udp dst-port=500,1701,4500 log-prefix="Acces VPN""
    expect(ruleAt(out.rules, 'input', 4)).toMatchObject({
      protocol: 'udp',
      destinationPorts: ['500', '1701', '4500'],
      conditions: [],
      text: ' 5    ;;; Acces VPN\n      chain=input action=accept protocol=udp dst-port=500,1701,4500 log-prefix="Acces VPN"',
    });
    // line 19: " 6    chain=input action=accept protocol=ipsec-esp"
    expect(ruleAt(out.rules, 'input', 5)).toMatchObject({ protocol: 'esp', comment: null, lineFrom: 19, lineTo: 19 });
    // lines 8-9: " 2    ;;; FIREWALL-DMZ-1" / "chain=forward action=accept connection-state=established,related,new in-interface=dmz-1-vlan out-interface=pppoe-out1"
    expect(ruleAt(out.rules, 'forward', 1)).toMatchObject({
      action: 'allow',
      interfaces: { in: 'dmz-1-vlan', out: 'pppoe-out1' },
      conditions: ['connection-state=established,related,new'],
    });
    // line 11: " 3    chain=forward action=accept dst-address=185.163.212.156/30"
    expect(ruleAt(out.rules, 'forward', 2)).toMatchObject({ destinations: ['185.163.212.156/30'], conditions: [] });
    // lines 40-41: "13 X  ;;; defconf: fasttrack" / "chain=forward action=fasttrack-connection hw-offload=yes connection-state=established,related"
    expect(ruleAt(out.rules, 'forward', 5)).toMatchObject({
      action: 'allow',
      enabled: false,
      conditions: ['action=fasttrack-connection', 'connection-state=established,related'],
    });
    // lines 31-32: "10    ;;; defconf: drop all not coming from LAN" / "chain=input action=drop in-interface-list=!LAN"
    expect(ruleAt(out.rules, 'input', 9)).toMatchObject({ action: 'drop', conditions: ['in-interface-list=!LAN'] });
    // lines 55-56: "18    ;;; related established" / "chain=input connection-state=established,related": no action= is accept.
    expect(ruleAt(out.rules, 'input', 11)).toMatchObject({ action: 'allow', lineFrom: 55 });
    // lines 60-62: entry 20, with a console message (line 61) between its comment and its properties.
    expect(ruleAt(out.rules, 'forward', 10)).toMatchObject({
      action: 'drop',
      protocol: 'tcp',
      comment: 'drop invalid connections',
      conditions: ['connection-state=invalid'],
      lineFrom: 60,
      lineTo: 62,
      text: '20    ;;; drop invalid connections\n      chain=forward action=drop connection-state=invalid protocol=tcp',
    });
    // line 67: "22    chain=input action=drop in-interface=all-ethernet log-prefix=""": all-* names a kind of interface.
    expect(ruleAt(out.rules, 'input', 13)).toMatchObject({
      interfaces: { in: null, out: null },
      conditions: ['in-interface=all-ethernet'],
    });
  });

  it('the same result whatever the piece size (1, 7 and 4093 characters)', () => {
    expect(parseFile(FILTER, 1)).toEqual(parseFile(FILTER, 4093));
    expect(parseFile(FILTER, 7)).toEqual(parseFile(FILTER, 4093));
  });

  it('input and forward are where evaluation starts; output is left out like iptables OUTPUT', () => {
    const out = parseFile(FILTER);
    expect(defaultEntries(compiledDevice(out.rules, out.policies, 'rb-gw'))).toEqual(['input', 'forward']);
  });
});

describe.skipIf(!corpusAvailable)('RouterOS /ip firewall nat print (corpus)', () => {
  it('no access rules: imported with none, with the entries counted', () => {
    // 5 entries: 4 chain=srcnat, 1 chain=dstnat (grep -o 'chain=[a-z]*' FILE | sort | uniq -c).
    const out = parseFile(NAT);
    expect(out.rules).toEqual([]);
    expect(out.policies).toEqual([]);
    expect(out.meta).toMatchObject({ contents: 'nat', 'console-messages-skipped': '2' });
    expect(out.notes.map((n) => [n.line, n.what.slice(0, 40)])).toEqual([
      [2, 'console message echoed into the capture,'],
      [9, 'console message echoed into the capture,'],
      [null, 'no access rules: a RouterOS NAT listing '],
    ]);
    expect(out.notes[2]?.what).toBe(
      'no access rules: a RouterOS NAT listing (/ip firewall nat print) with 5 entries (srcnat 4, dstnat 1); NAT translates addresses and never passes or blocks; kept as evidence',
    );
    expect(parseFile(NAT, 1)).toEqual(out);
  });

  it('both listings import through detection', async () => {
    const filter = await importInto(corpus(FILTER), host);
    expect(filter.result).toMatchObject({ format: 'mikrotik-firewall', hostName: 'rb-gw', ruleCount: 23 });
    expect(listRules(filter.store.db, { ruleset: 'input' }).total).toBe(13);
    expect(listPolicies(filter.store.db)).toHaveLength(3);
    filter.store.close();
    const nat = await importInto(corpus(NAT), host);
    expect(nat.result).toMatchObject({ format: 'mikrotik-firewall', ruleCount: 0, noteCount: 3 });
    nat.store.close();
  });
});

const FIXTURE = [
  'Flags: X - disabled, I - invalid, D - dynamic ',
  ' 0  D ;;; special dummy rule to show fasttrack counters',
  '      chain=forward action=passthrough ',
  '',
  ' 1    chain=input action=jump jump-target=ssh-guard protocol=tcp dst-port=22 in-interface=ether1 ',
  '',
  ' 2    chain=ssh-guard action=accept src-address=192.168.88.0/24 ',
  '',
  ' 3    chain=ssh-guard action=add-src-to-address-list address-list=ssh_blacklist address-list-timeout=1d ',
  '',
  ' 4    chain=ssh-guard action=drop ',
  '',
  ' 5    ;;; management from a range,',
  '      except web',
  '      chain=input action=accept protocol=tcp src-address=10.0.0.5-10.0.0.20 dst-port=!80,443 ',
  '      log=yes log-prefix="mgmt in" ',
  '',
  ' 6 I  chain=input action=accept protocol=udp dst-port=161 ',
  '',
  ' 7    chain=forward action=reject reject-with=icmp-network-unreachable protocol=tcp dst-address=!192.168.88.0/24 out-interface=ether1 ',
  '',
  ' 8    chain=input action=tarpit protocol=tcp dst-port=23 ',
  '',
  ' 9    chain=output action=drop protocol=udp dst-port=53 dst-address=8.8.8.8 ',
  '',
  '10    chain=ssh-guard action=return ',
  '',
  '11    chain=input action=accept protocol=tcp dst-port=8080 frobnicate=yes stray',
  '',
].join('\n');

describe('RouterOS fixture: user chains, jumps, ranges, negation, flags, actions', () => {
  const out = parseText(FIXTURE);

  it('rules per chain in order; user chains take the direction of their callers', () => {
    expect(countBy(out.rules, (r) => r.ruleset)).toEqual({ forward: 2, input: 5, 'ssh-guard': 4, output: 1 });
    expect(out.rules.filter((r) => r.ruleset === 'ssh-guard').map((r) => [r.order, r.action, r.direction])).toEqual([
      [1, 'allow', 'in'],
      [2, 'log', 'in'],
      [3, 'drop', 'in'],
      [4, 'return', 'in'],
    ]);
    expect(ruleAt(out.rules, 'ssh-guard', 2)).toMatchObject({
      target: 'add-src-to-address-list address-list=ssh_blacklist',
      conditions: [],
    });
    expect(ruleAt(out.rules, 'forward', 1)).toMatchObject({
      action: 'log',
      enabled: true,
      comment: 'special dummy rule to show fasttrack counters',
    });
    expect(ruleAt(out.rules, 'input', 1)).toMatchObject({
      action: 'jump',
      target: 'ssh-guard',
      protocol: 'tcp',
      destinationPorts: ['22'],
      interfaces: { in: 'ether1', out: null },
    });
    // Only the built-in chains have a policy; ssh-guard is entered by a jump, output is not an entry.
    expect(out.policies.map((p) => p.ruleset)).toEqual(['input', 'forward', 'output']);
    expect(defaultEntries(compiledDevice(out.rules, out.policies, 'rb-gw'))).toEqual(['forward', 'input']);
  });

  it('address ranges, negated ports and addresses, a comment over two lines, properties over two lines', () => {
    expect(ruleAt(out.rules, 'input', 2)).toMatchObject({
      sources: ['10.0.0.5/32', '10.0.0.6/31', '10.0.0.8/29', '10.0.0.16/30', '10.0.0.20/32'],
      destinationPorts: ['0-79', '81-442', '444-65535'],
      comment: 'management from a range, except web',
      conditions: [],
      lineFrom: 13,
      lineTo: 16,
    });
    expect(ruleAt(out.rules, 'forward', 2)).toMatchObject({
      action: 'reject',
      destinations: ['192.168.88.0/24'],
      destinationsNegated: true,
      interfaces: { in: null, out: 'ether1' },
      direction: null,
    });
    expect(ruleAt(out.rules, 'output', 1)).toMatchObject({
      action: 'drop',
      direction: 'out',
      destinations: ['8.8.8.8/32'],
    });
    expect(ruleAt(out.rules, 'input', 4)).toMatchObject({ action: 'drop', destinationPorts: ['23'] });
  });

  it('invalid entries are disabled, unknown properties kept as conditions; both said', () => {
    expect(ruleAt(out.rules, 'input', 3)).toMatchObject({ enabled: false, destinationPorts: ['161'] });
    expect(ruleAt(out.rules, 'input', 5)).toMatchObject({ conditions: ['frobnicate=yes'], destinationPorts: ['8080'] });
    expect(out.notes.filter((n) => n.line !== null).map((n) => [n.line, n.what])).toEqual([
      [28, 'entry 11: "stray" is not a key=value property; skipped'],
      [18, 'entry 6 is invalid (flag I): RouterOS ignores it'],
      [28, 'entry 11: property "frobnicate" not understood; kept as a condition'],
    ]);
  });

  it('the same result whatever the piece size', () => {
    expect(parseText(FIXTURE, 1)).toEqual(out);
    expect(parseText(FIXTURE, 7)).toEqual(out);
  });

  it('an /ipv6 firewall listing: IPv6 any, rulesets under ipv6/', () => {
    const v6 = parseText(
      [
        'Flags: X - disabled, I - invalid, D - dynamic ',
        ' 0    chain=input action=accept protocol=tcp src-address=2001:db8::/32 dst-port=22 ',
        '',
        ' 1    chain=input action=drop ',
        '',
      ].join('\n'),
    );
    expect(v6.rules.map((r) => [r.ruleset, r.sources, r.destinations])).toEqual([
      ['ipv6/input', ['2001:db8::/32'], ['::/0']],
      ['ipv6/input', ['::/0'], ['::/0']],
    ]);
    expect(v6.policies.map((p) => p.ruleset)).toEqual(['ipv6/input', 'ipv6/forward', 'ipv6/output']);
  });
});

describe('RouterOS detection and hostile input', () => {
  it('detects by the entries and their chain= properties, not by the legend alone', () => {
    expect(
      mikrotikFirewall.detect('Flags: X - disabled, I - invalid, D - dynamic\n 0    chain=input action=drop\n', 'x'),
    ).toBe(0.95);
    // "/ip address print" has the same legend but no chain=.
    expect(
      mikrotikFirewall.detect(
        'Flags: X - disabled, I - invalid, D - dynamic\n #   ADDRESS  NETWORK\n 0   10.0.0.1/24  10.0.0.0\n',
        'x',
      ),
    ).toBe(0);
    expect(mikrotikFirewall.detect('iptables -A INPUT -j ACCEPT # chain=input\n', 'x')).toBe(0);
  });

  it('rejects what is not a listing; an entry with no chain is noted', () => {
    const prose = Array.from({ length: 12 }, (_, i) => `paragraph ${i} of a memo`).join('\n');
    expect(parseError(() => parseText(prose))).toMatchObject({ line: 10, column: 1 });
    expect(parseError(() => parseText('\n\n')).message).toMatch(/no firewall entries found/);
    expect(parseError(() => parseWith(mikrotikFirewall, FIXTURE, {})).message).toMatch(/device's name/);
    const empty = parseText('Flags: X - disabled, I - invalid, D - dynamic\n');
    expect(empty).toMatchObject({ rules: [], policies: [], meta: { contents: 'empty' } });
    expect(empty.notes[0]?.what).toBe('no access rules: a RouterOS firewall listing with no entries; kept as evidence');
    const out = parseText(' 0    action=drop protocol=tcp\n\n 1    chain=input action=accept\n');
    expect(out.rules).toHaveLength(1);
    expect(out.notes[0]).toEqual({ line: 1, column: 1, what: 'entry 0 has no chain=; skipped' });
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'memo.txt'), Array.from({ length: 12 }, (_, i) => `paragraph ${i}`).join('\n'));
    const store = newEngagement(dir);
    await expect(
      importFile(store, fixedContext(), join(dir, 'memo.txt'), { format: 'mikrotik-firewall', hostName: 'rb-gw' }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expectUntouched(store);
    writeFileSync(join(dir, 'empty.txt'), '\n\n');
    await expect(
      importFile(store, fixedContext(), join(dir, 'empty.txt'), { format: 'mikrotik-firewall', hostName: 'rb-gw' }),
    ).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expectUntouched(store);
    store.close();
  });
});
