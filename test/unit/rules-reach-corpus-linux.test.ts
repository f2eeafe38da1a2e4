// Reachability over real Linux and host firewall rulebases of the corpus, answered by the engine behind
// rule.reach and checked by hand against the files: for each format, the exact admitted (and conditionally
// admitted) source sets of chosen flows. Above each flow: the lines that decide it and why.
import { describe, expect, it } from 'vitest';
import { corpusAvailable } from './import-helpers';
import { creditedLines, importRulebase } from './rules-reach-corpus-helpers';

describe.skipIf(!corpusAvailable)('reachability by hand: iptables and nftables rulebases', () => {
  it('iptables-save: batfish host2 and a wireless router', async () => {
    const host2 = await importRulebase('batfish-example-host2.iptables', 'iptables-save', 'fw1');
    // 12 ":INPUT DROP [157:11076]"; 15 "-A INPUT -p tcp --dport 22 -j ACCEPT" (no source: anyone);
    // the *mangle chains (3-7) and OUTPUT (16) are not filter/INPUT.
    expect(host2.answer({ to: '10.0.0.5', port: 22, entry: ['filter/INPUT'] })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    // Port 80: no -A INPUT rule matches, so the DROP policy of line 12 decides: nobody.
    expect(host2.answer({ to: '10.0.0.5', port: 80, entry: ['filter/INPUT'] })).toEqual({
      admitted: [],
      conditional: [],
    });

    const wireless = await importRulebase('platform_external_iptables--wireless.txt', 'iptables-save', 'fw1');
    // 14 ":FORWARD DROP [0:0]"; 44 "-A FORWARD -i bond0.10 -j ACCEPT" is the first FORWARD rule: anything
    // arriving on bond0.10 is accepted before the conntrack rules (45, 47) are reached.
    expect(
      wireless.answer({ to: '10.31.63.81', port: 3306, entry: ['filter/FORWARD'], inInterface: 'bond0.10' }),
    ).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
  });

  it('iptables-save: comment-only rules decide nothing (aerleon multitarget)', async () => {
    const fw = await importRulebase(
      'aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.ipt.ref',
      'iptables-save',
      'mt',
    );
    // 12-14 "-A I_deny-from-bogons -m comment --comment ..." carry no -j: the packet goes on. 36 "-A INPUT ...
    // -j DROP" ends INPUT; mail (41, -d 200.1.1.4/32 --dports 25,...) only reaches 200.1.1.4, after the bogon
    // drops, and "-m state --state NEW,ESTABLISHED,RELATED" keeps it conditional.
    expect(fw.answer({ to: '10.1.1.1', port: 25, entry: ['filter/INPUT'] })).toEqual({ admitted: [], conditional: [] });
    const mail = fw.answer({ to: '200.1.1.4', port: 25, entry: ['filter/INPUT'] });
    expect(mail.admitted).toEqual([]);
    expect(mail.conditional).toContain('1.0.0.0/8');
    expect(mail.conditional).not.toContain('10.0.0.0/8');
    expect(mail.conditional).not.toContain('192.168.0.0/16');
  });

  it('iptables-list: iptables -L -v -n with interfaces (jc 2-iptables-filter-nv)', async () => {
    const fw = await importRulebase('2-jc--iptables-filter-nv.out', 'iptables-list', 'fw1');
    // 1 "Chain INPUT (policy ACCEPT ...)"; 3 "ACCEPT all -- lo * 0.0.0.0/0 0.0.0.0/0": everything arriving on
    // lo is accepted by the first rule.
    expect(fw.answer({ to: '10.0.0.5', port: 22, entry: ['filter/INPUT'], inInterface: 'lo' })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    // On eth0 line 3 does not match; 4 "ACCEPT ... ctstate RELATED,ESTABLISHED" may accept anyone, 5 "DROP
    // ... ctstate INVALID" may drop anyone, 6 "ACCEPT tcp 15.15.15.0/24 ... dpt:22 ctstate NEW,ESTABLISHED",
    // and the ACCEPT policy takes the rest: every source is accepted unless the packet is INVALID, so
    // nobody for sure and everybody conditionally.
    const eth0 = fw.reach({ to: '10.0.0.5', port: 22, entry: ['filter/INPUT'], inInterface: 'eth0' });
    expect({ admitted: eth0.admittedCidrs, conditional: eth0.conditionalCidrs }).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
    // The INVALID drops (5, 9, 13) are what keeps it conditional.
    expect(eth0.conditional.filter((c) => c.rule?.action === 'drop').map((c) => c.rule!.lineFrom)).toEqual([5, 9, 13]);
    // 17 "Chain FORWARD (policy ACCEPT ...)" with no rules: forwarded traffic is accepted from anywhere.
    expect(fw.answer({ to: '10.0.0.5', port: 22, entry: ['filter/FORWARD'] })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
  });

  it('iptables-xml: Fedora 27 firewalld ruleset rendered as XML', async () => {
    const fw = await importRulebase('platform_external_iptables--fedora27-iptables.xml', 'iptables-xml', 'fw1');
    // 285 <chain name="INPUT" policy="ACCEPT">; its first rule, 286-300: <i>virbr0</i> <p>udp</p>
    // <dport>53</dport> -> <ACCEPT/>: DNS from the libvirt bridge is accepted from anyone.
    expect(
      fw.answer({ to: '192.168.122.1', proto: 'udp', port: 53, entry: ['filter/INPUT'], inInterface: 'virbr0' }),
    ).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // SSH on wlp58s0: 286-348 are virbr0 rules; 350-360 ctstate RELATED,ESTABLISHED -> ACCEPT (maybe);
    // 392-399 call INPUT_ZONES -> 733-745 (-i wlp58s0) goto IN_FedoraWorkstation -> 776-783 call
    // IN_FedoraWorkstation_allow -> 835-851 tcp dport 22 ctstate NEW -> ACCEPT (maybe); back in INPUT,
    // 401-411 ctstate INVALID -> DROP and 413-420 REJECT. Accepted only for some connection states.
    const ssh = fw.reach({ to: '192.168.1.20', port: 22, entry: ['filter/INPUT'], inInterface: 'wlp58s0' });
    expect({ admitted: ssh.admittedCidrs, conditional: ssh.conditionalCidrs }).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
    expect(creditedLines(ssh)).toEqual([350, 835]);
    // Telnet on wlp58s0: the zone's allow chain has no tcp/23 rule, so only the ESTABLISHED rule (350) can
    // accept it; new connections meet the REJECT of 413.
    const telnet = fw.reach({ to: '192.168.1.20', port: 23, entry: ['filter/INPUT'], inInterface: 'wlp58s0' });
    expect({ admitted: telnet.admittedCidrs, conditional: telnet.conditionalCidrs }).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
    expect(creditedLines(telnet)).toEqual([350]);
  });

  it('nft-text: port knocking ruleset (nftables 0032pknock)', async () => {
    const fw = await importRulebase('nftables--0032pknock_0.nft', 'nft-text', 'fw1');
    // 15 "type filter hook input priority filter - 10; policy accept;"; every rule (16-23) tests tcp dport
    // 10001..10005 or 22, so port 80 falls through to the accept policy: anyone.
    expect(fw.answer({ to: '192.0.2.1', port: 80 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // 21 "tcp dport 22 ip saddr @clients_ipv4 ... accept" (set filled at run time by the knock of line 20),
    // 22 "tcp dport 22 ct state established,related ... accept", 23 "tcp dport 22 reject with tcp reset":
    // SSH only for knocked clients or established connections, and nobody for sure.
    const ssh = fw.reach({ to: '192.0.2.1', port: 22 });
    expect({ admitted: ssh.admittedCidrs, conditional: ssh.conditionalCidrs }).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
    expect(creditedLines(ssh)).toEqual([21, 22]);
    // 16 "tcp dport 10001 add @candidates_ipv4 { ip saddr . 10002 timeout 1s }": a set update, no verdict,
    // so the knock itself falls through to the accept policy (line 15).
    expect(fw.answer({ to: '192.0.2.1', port: 10001 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
  });

  it('nft-json: the same port knocking ruleset as nft -j output', async () => {
    const fw = await importRulebase('nftables--0032pknock_0.json-nft', 'nft-json', 'fw1');
    // 17-28 chain input: "hook": "input", "policy": "accept"; the rules (60-482) all match "dport" 10001..10005
    // or 22, so port 80 is accepted by the policy from anyone.
    expect(fw.answer({ to: '192.0.2.1', port: 80 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // 368-410 dport 22 + saddr "@clients_ipv4" -> accept; 411-455 dport 22 + ct state established/related ->
    // accept; 456-482 dport 22 -> reject "tcp reset": as in the text form, SSH only conditionally.
    const ssh = fw.reach({ to: '192.0.2.1', port: 22 });
    expect({ admitted: ssh.admittedCidrs, conditional: ssh.conditionalCidrs }).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
    expect(creditedLines(ssh)).toEqual([368, 411]);
  });
});

describe.skipIf(!corpusAvailable)('reachability by hand: host firewalls', () => {
  it('ufw-status: ufw status verbose (jc)', async () => {
    const fw = await importRulebase('jc--ufw-verbose.out', 'ufw-status', 'fw1');
    // 3 "Default: deny (incoming) ..."; 8 "22  ALLOW IN  Anywhere" (no protocol: tcp and udp).
    expect(fw.answer({ to: '10.0.0.1', port: 22 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // Nothing lists 8080/tcp (16 is 100:200,300:400/tcp): the incoming deny default of line 3.
    expect(fw.answer({ to: '10.0.0.1', port: 8080 })).toEqual({ admitted: [], conditional: [] });
    // 10 "80 on eth0  ALLOW IN  Anywhere": udp/80 only on eth0 (9 is 80,443/tcp).
    expect(fw.answer({ to: '10.0.0.1', proto: 'udp', port: 80, inInterface: 'eth0' })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    expect(fw.answer({ to: '10.0.0.1', proto: 'udp', port: 80, inInterface: 'eth1' })).toEqual({
      admitted: [],
      conditional: [],
    });
    // 18 "22 (v6)  ALLOW IN  Anywhere (v6)": the IPv6 rule admits every IPv6 source.
    expect(fw.answer({ to: '2001:db8::1', port: 22 })).toEqual({ admitted: ['::/0'], conditional: [] });
  });

  it('openbsd-pf: aerleon packetfilter sample', async () => {
    const fw = await importRulebase(
      'aerleon--TestRegressionDemo.testSmokeTest.sample_packetfilter.pf.ref',
      'openbsd-pf',
      'fw1',
    );
    // 1-4 table <GOOGLE_DNS> {8.8.4.4/32, 8.8.8.8/32, ...}; 29 "pass quick inet proto { udp } from { any }
    // to { <GOOGLE_DNS> } port { 53 } keep state": the first matching quick rule, from anyone.
    expect(fw.answer({ to: '8.8.8.8', proto: 'udp', port: 53 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // 13-14 table <WEB_SERVERS> {200.1.1.1/32, 200.1.1.2/32}; 40 "block drop quick inet from { any } to
    // { <MAIL_SERVERS>, <WEB_SERVERS> } flags S/SA" drops connection attempts (SYN), 44 "pass quick ...
    // flags S/SA keep state" and pf's default pass take the other packets: admitted only conditionally.
    expect(fw.answer({ to: '200.1.1.1', port: 443 })).toEqual({ admitted: [], conditional: ['0.0.0.0/0'] });
  });

  it('mikrotik-firewall: RouterOS /ip firewall filter print', async () => {
    const fw = await importRulebase(
      'ntc-templates--mikrotik_routeros_ip_firewall_filter_print_all_without-paging.raw',
      'mikrotik-firewall',
      'fw1',
    );
    // forward: 9 (in dmz-1-vlan, out pppoe-out1, connection-state) may accept; 11 "chain=forward
    // action=accept dst-address=185.163.212.156/30" accepts everything to that /30 unconditionally.
    expect(fw.answer({ to: '185.163.212.157', port: 443, entry: ['forward'] })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    // input: 3 accept established,related,untracked (maybe), 6 drop connection-state=invalid (maybe),
    // 17 "chain=input action=accept protocol=udp dst-port=500,1701,4500": accepted unless the packet is
    // invalid, so everyone conditionally.
    expect(fw.answer({ to: '192.0.2.1', proto: 'udp', port: 500, entry: ['input'] })).toEqual({
      admitted: [],
      conditional: ['0.0.0.0/0'],
    });
  });
});
