// Reachability over real network firewall rulebases of the corpus (Cisco, FortiGate, Palo Alto, Juniper,
// pfSense, Check Point), answered by the engine behind rule.reach and checked by hand against the files.
// Above each flow: the lines that decide it and why.
import { describe, expect, it } from 'vitest';
import { corpusAvailable } from './import-helpers';
import { allV4Except, importRulebase } from './rules-reach-corpus-helpers';

describe.skipIf(!corpusAvailable)('reachability by hand: Cisco', () => {
  it('cisco-asa-config: aerleon multitarget asa_in', async () => {
    const asa = await importRulebase(
      'aerleon--TestRegressionDemo.testSmokeTest.sample_multitarget.asa.ref',
      'cisco-asa-config',
    );
    // 13-20 "deny ip <bogon> any" for 0/8, 192.0.0.0/24, 192.0.2.0/24, 198.18/15, 198.51.100.0/24,
    // 203.0.113.0/24, 224/4, 240/4; 24-32 "deny ip <reserved> any" adding 10/8, 100.64/10, 127/8,
    // 169.254/16, 172.16/12, 192.168/16; then 42 "permit tcp any host 200.1.1.4 eq smtp": every other
    // source reaches SMTP on 200.1.1.4.
    const dropped = [
      '0.0.0.0/8',
      '10.0.0.0/8',
      '100.64.0.0/10',
      '127.0.0.0/8',
      '169.254.0.0/16',
      '172.16.0.0/12',
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.168.0.0/16',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '224.0.0.0/4',
      '240.0.0.0/4',
    ];
    expect(asa.answer({ to: '200.1.1.4', port: 25, entry: ['asa_in'] })).toEqual({
      admitted: allV4Except(dropped),
      conditional: [],
    });
    // 36 "deny ip any 10.0.0.0 255.0.0.0" comes before every permit: nothing reaches 10.1.1.1.
    expect(asa.answer({ to: '10.1.1.1', port: 25, entry: ['asa_in'] })).toEqual({ admitted: [], conditional: [] });
    // udp/5060 to 200.1.1.3: only 70 "permit udp any range 1024 65535 host 200.1.1.3" (a SOURCE port range)
    // matches, then 76 "deny ip any any": the non-dropped sources, and only from ports 1024-65535.
    expect(asa.answer({ to: '200.1.1.3', proto: 'udp', port: 5060, entry: ['asa_in'] })).toEqual({
      admitted: [],
      conditional: allV4Except(dropped),
    });
  });

  it('cisco-asa-show-access-list: ntc-templates update2 listing', async () => {
    const asa = await importRulebase(
      'ntc-templates--cisco_asa_show_access-list_update2.raw',
      'cisco-asa-show-access-list',
    );
    // 6 "line 5 extended permit udp any host 8.8.8.8 eq domain": the first udp entry toward 8.8.8.8 (3 and 5
    // are tcp, 4 is inactive), from anyone.
    expect(asa.answer({ to: '8.8.8.8', proto: 'udp', port: 53 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // 35-38 "line 14 ... permit udp 10.0.0.0 255.0.0.0 host 20.20.20.1 lt 55554 / eq 55555 / gt 55556":
    // SNMP (161 < 55554) from 10/8; nothing earlier is udp to 20.20.20.1 on 161 and 98-100 "line 22 deny
    // tcp/udp any any" stops the rest.
    expect(asa.answer({ to: '20.20.20.1', proto: 'udp', port: 161 })).toEqual({
      admitted: ['10.0.0.0/8'],
      conditional: [],
    });
  });

  it('cisco-ios-acl: batfish as2border1 running-config', async () => {
    const ios = await importRulebase('batfish-example-as2border1.cfg', 'cisco-ios-acl');
    // 64-66 interface GigabitEthernet0/0 "ip access-group OUTSIDE_TO_INSIDE in"; 134-137 OUTSIDE_TO_INSIDE:
    // "deny ip 2.0.0.0 0.255.255.255 any", "deny ip any host 2.128.1.101", "permit ip any any": every
    // source outside 2.0.0.0/8 reaches 2.128.1.50 through Gi0/0.
    const via = { entry: ['OUTSIDE_TO_INSIDE'], inInterface: 'GigabitEthernet0/0' };
    expect(ios.answer({ to: '2.128.1.50', port: 22, ...via })).toEqual({
      admitted: allV4Except(['2.0.0.0/8']),
      conditional: [],
    });
    // 136 denies everything to 2.128.1.101 before the permit of 137.
    expect(ios.answer({ to: '2.128.1.101', port: 22, ...via })).toEqual({ admitted: [], conditional: [] });
  });

  it('cisco-ios-show-access-lists: ntc-templates show ip access-lists (969)', async () => {
    const ios = await importRulebase(
      'ntc-templates--cisco_ios_show_ip_access-lists_969.raw',
      'cisco-ios-show-access-lists',
    );
    // 1-4 "Standard IP access list 99": "10 permit 172.16.191.199", "20 deny any log", "30 permit 10.0.10.0,
    // wildcard bits 0.255.0.255" (never reached): a standard list tests the source only.
    expect(ios.answer({ to: '192.0.2.10', port: 22, entry: ['99'] })).toEqual({
      admitted: ['172.16.191.199/32'],
      conditional: [],
    });
    // 23 "Extended IP access list sample"; 64 "410 permit tcp 10.10.37.24 0.0.0.7 host 10.10.6.146 eq 4020"
    // is the only entry for that port and host.
    expect(ios.answer({ to: '10.10.6.146', port: 4020, entry: ['sample'] })).toEqual({
      admitted: ['10.10.37.24/29'],
      conditional: [],
    });
    // The sample list has no entry for tcp/22 to 10.10.6.146 (62-67 are ports 4000-4320): implicit deny.
    expect(ios.answer({ to: '10.10.6.146', port: 22, entry: ['sample'] })).toEqual({ admitted: [], conditional: [] });
  });
});

describe.skipIf(!corpusAvailable)('reachability by hand: FortiGate and Palo Alto', () => {
  it('fortigate-config: lab-validation FortiOS 6.4 show', async () => {
    const fgt = await importRulebase('lab-validation--show.txt', 'fortigate-config');
    // 9806-9816 policy 3 ALLOW_PING_SSH: srcintf/dstintf "any", srcaddr/dstaddr "all", service "SSH" "PING",
    // action accept: SSH to anything from anyone.
    expect(fgt.answer({ to: '192.168.123.6', port: 22, entry: ['policy'] })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    // 9784-9794 policy 1 ALLOW_CUSTOM_SERVICES: inside -> outside, OBJ_192.168.123.1 (6657-6660) ->
    // OBJ_192.168.123.6 (6661-6664), CUSTOM_TCP_9100 (7250-7252): only that host, and only when the
    // traffic goes from zone inside to outside (not given here).
    expect(fgt.answer({ to: '192.168.123.6', port: 9100, entry: ['policy'] })).toEqual({
      admitted: [],
      conditional: ['192.168.123.1/32'],
    });
    // 9795-9805 policy 2 DENY_CUSTOM_SERVICES has no "set action" (deny) and CUSTOM_TCP_9101 (7256-7258);
    // nothing else allows 9101: nobody.
    expect(fgt.answer({ to: '192.168.123.6', port: 9101, entry: ['policy'] })).toEqual({
      admitted: [],
      conditional: [],
    });
  });

  it('panos-xml: aerleon stateful multitarget (simple)', async () => {
    const pan = await importRulebase(
      'aerleon--TestRegressionDemo.testSmokeTest.sample_stateful_multitarget_simple.xml.ref',
      'panos-xml',
    );
    // 101-128 test-tcp-log-both (any tcp, internal -> external) and 317-342 accept-webserver-traffic (any ->
    // WEB_SERVERS tcp 80/443, external -> internal) both allow HTTPS to 200.1.1.1, each for one zone
    // pair; with the zones not given, and the predefined intrazone-default allow, nobody is admitted for
    // sure and anyone may be.
    expect(pan.answer({ to: '200.1.1.1', port: 443 })).toEqual({ admitted: [], conditional: ['0.0.0.0/0'] });
    // 426-451 ipv6-accept-webserver-traffic (external -> internal) to WEB_IPV6_SERVERS: the same for IPv6.
    expect(pan.answer({ to: '2620:15c:2c4:202:b0e7:158f:6a7a:3188', port: 443 })).toEqual({
      admitted: [],
      conditional: ['::/0'],
    });
    // With both zones named the rule types decide: external -> internal is interzone, so 317-342
    // accept-webserver-traffic admits every source for HTTPS to the web server.
    expect(pan.answer({ to: '200.1.1.1', port: 443, fromZone: 'external', toZone: 'internal' })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
  });

  it('panos-set: lab-validation fwl01 (show config running | set)', async () => {
    const pan = await importRulebase('4-lab-validation--show.txt', 'panos-set');
    expect(pan.devices).toEqual(['fwl01']);
    // 173-179 IN_TO_OUT_PING (application ping) may take the packet first but allows too; 180-186
    // IN_TO_OUT_SMTP: INSIDE -> OUTSIDE, source any, destination any, service S_TCP_25 (157: tcp 25),
    // action allow: every source, whatever rule matches.
    expect(pan.answer({ to: '203.0.113.25', port: 25, fromZone: 'INSIDE', toZone: 'OUTSIDE' })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    // 236-242 OUT_TO_IN_WEB: OUTSIDE -> INSIDE to WEB-SERVERS (247, 253-254: 10.200.1.0/24, 10.200.2.0/24),
    // SG_WEB_SERVICES (155, 170-171: tcp 80, 443), allow; 229-235 OUT_TO_IN_PING before it allows too.
    expect(pan.answer({ to: '10.200.2.7', port: 443, fromZone: 'OUTSIDE', toZone: 'INSIDE' })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
  });

  it('panos-brace: batfish security rules (show config running)', async () => {
    const pan = await importRulebase('batfish-panos-security-rules.conf', 'panos-brace');
    // 56-58 DST_ADDR_1 ip-netmask 2.2.2.2/32; 88-96 PERMIT_DST_1: from/to any, source any, destination
    // DST_ADDR_1, service any, allow.
    expect(pan.answer({ to: '2.2.2.2', port: 22 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // 97-105 DENY_ALL: any -> any deny, before the predefined defaults: nothing reaches 3.3.3.3.
    expect(pan.answer({ to: '3.3.3.3', port: 22 })).toEqual({ admitted: [], conditional: [] });
  });

  it('panos-show-running-security-policy: ntc-templates show running security-policy', async () => {
    const pan = await importRulebase(
      'ntc-templates--paloalto_panos_show_running_security-policy.raw',
      'panos-show-running-security-policy',
      'pa1',
    );
    // 46-59 "Inbound to DMZ Web": from Untrust, source any, to DMZ, destination 200.10.10.100,
    // application/service any/tcp/any/8080 (and 8000, 80), action allow.
    expect(pan.answer({ to: '200.10.10.100', port: 8080, fromZone: 'Untrust', toZone: 'DMZ' })).toEqual({
      admitted: ['0.0.0.0/0'],
      conditional: [],
    });
    // 1-14 "Outside Web Server" allows 10.1.1.0/24 -> 200.10.10.10 tcp 80 from Trust to Untrust, 76-89
    // intrazone-default allows within one zone: with the zones not given, anyone only conditionally.
    expect(pan.answer({ to: '200.10.10.10', port: 80 })).toEqual({ admitted: [], conditional: ['0.0.0.0/0'] });
    // Trust -> Untrust named: only "Outside Web Server" (10.1.1.0/24) admits; intrazone-default (same
    // zone only) does not apply, and interzone-default denies the rest.
    expect(pan.answer({ to: '200.10.10.10', port: 80, fromZone: 'Trust', toZone: 'Untrust' })).toEqual({
      admitted: ['10.1.1.0/24'],
      conditional: [],
    });
  });
});

describe.skipIf(!corpusAvailable)('reachability by hand: Juniper, pfSense, Check Point', () => {
  it('junos-set: batfish firewall filters', async () => {
    const junos = await importRulebase('batfish-junos-firewall-filters.conf', 'junos-set');
    expect(junos.devices).toEqual(['firewall-filters']);
    // 4-5 "filter FILTER1 term TERM from source-address 1.2.3.6" / "then accept"; the filter's implicit
    // discard takes the rest.
    expect(junos.answer({ to: '1.2.3.4', port: 22, entry: ['firewall family inet filter FILTER1'] })).toEqual({
      admitted: ['1.2.3.6/32'],
      conditional: [],
    });
    // 6-8 FILTER2 rejects 1.2.3.6 and 1.2.3.5, then the implicit discard: nobody.
    expect(junos.answer({ to: '2.2.3.4', port: 22, entry: ['firewall family inet filter FILTER2'] })).toEqual({
      admitted: [],
      conditional: [],
    });
    // 53-54 "family inet6 filter FILTER6_1 term TERM from next-header tcp" / "then accept": any IPv6 source
    // for tcp, and nothing for udp.
    const six = { to: '2001:db8::1', entry: ['firewall family inet6 filter FILTER6_1'] };
    expect(junos.answer({ ...six, port: 443 })).toEqual({ admitted: ['::/0'], conditional: [] });
    expect(junos.answer({ ...six, proto: 'udp', port: 443 })).toEqual({ admitted: [], conditional: [] });
  });

  it('junos-config: aerleon SRX policy (from-zone Untrust to-zone DMZ)', async () => {
    const srx = await importRulebase('aerleon--TestRegressionDemo.testSmokeTest.sample_srx.srx.ref', 'junos-config');
    const zones = { fromZone: 'Untrust', toZone: 'DMZ' };
    // 4-11 address-set RFC1918 = 10/8, 172.16/12, 192.168/16; 25-38 policy test-tcp: source any ->
    // RFC1918, application test-tcp-app (79-82: test-tcp-app1 tcp, 73-75, and test-tcp-app2 udp), permit.
    expect(srx.answer({ to: '10.1.1.1', port: 22, ...zones })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
    // 8.8.8.8 is not in RFC1918: 52-64 default-deny (any any any, deny).
    expect(srx.answer({ to: '8.8.8.8', port: 22, ...zones })).toEqual({ admitted: [], conditional: [] });
  });

  it('pfsense-config: pfSense factory default config.xml', async () => {
    const pf = await importRulebase('pfsense--config.xml', 'pfsense-config');
    expect(pf.devices).toEqual(['pfSense']);
    // 56-70 <wan> with <blockpriv> (64) and <blockbogons> (65); the <filter> (124-151) has only lan rules:
    // nothing passes in on WAN (pfSense blocks by default).
    expect(pf.answer({ to: '192.168.1.1', port: 22, entry: ['wan'], inInterface: 'wan' })).toEqual({
      admitted: [],
      conditional: [],
    });
    // 138-150 "Default allow LAN IPv6 to any rule": inet6 from the lan network, whose IPv6 prefix is
    // track6 (77) and so not known offline: any IPv6 source may be in it.
    expect(pf.answer({ to: '2001:db8::10', port: 22, entry: ['lan'], inInterface: 'lan' })).toEqual({
      admitted: [],
      conditional: ['::/0'],
    });
  });

  it('checkpoint-mgmt-json: lab-validation show-access-rulebase', async () => {
    const cp = await importRulebase('lab-validation--show-access-rulebase.json', 'checkpoint-mgmt-json');
    // 253-336 rule 4 Allow_SSH_in_to_out: INSIDE_10.12.11.0 (693-701: 10.12.11.0/24) and INSIDE_172.16.0.1
    // (729-736) -> OUTSIDE_172.16.0.3 (822-829), service ssh (884: tcp 22), Accept; rule 3 (171-252) is
    // icmp only and rules 1-2 go to other hosts.
    expect(cp.answer({ to: '172.16.0.3', port: 22 })).toEqual({
      admitted: ['10.12.11.0/24', '172.16.0.1/32'],
      conditional: [],
    });
    // Port 80 to the same host: 337-417 rule 5 Cleanup rule (Any Any Any Drop).
    expect(cp.answer({ to: '172.16.0.3', port: 80 })).toEqual({ admitted: [], conditional: [] });
    // 5-87 rule 1 MGMT: Any -> cp-gw1 (481-507: 10.23.21.1, 10.150.0.15, ...), service Any, Accept.
    expect(cp.answer({ to: '10.23.21.1', port: 443 })).toEqual({ admitted: ['0.0.0.0/0'], conditional: [] });
  });
});
