// nmap XML: every corpus file imports or fails with a clear ParseError; real local scans and hand-written
// script results become the agreed facts; hostscripts reach the SMB ports; chunk boundaries anywhere give
// the same result; hostile XML (entities, truncation, junk) is refused and leaves an engagement unchanged.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatById } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { nmapXmlFormat } from '../../src-main/core/import/scans/nmap-xml';
import type { Observation } from '../../src-main/core/model/observation';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, countBy, importInto, parseError, parseWith } from './import-helpers';
import { NMAP_LOCAL_TCP_XML, NMAP_LOCAL_UDP_XML } from './import-scan-fixtures';

const port = (obs: Observation[], n: number, proto = 'tcp') => {
  const o = obs.find((x) => x.port === n && x.proto === proto);
  if (!o) throw new Error(`no observation for ${proto}/${n}`);
  return o;
};
const values = (o: Observation, key: string) => o.facts.filter((f) => f.key === key).map((f) => f.value);

describe('nmap XML: a real nmap 7.93 scan of local services (fixture generated against 127.0.0.1)', () => {
  const r = parseWith(nmapXmlFormat, NMAP_LOCAL_TCP_XML, {}, 7);

  it('one observation per <port>, host and run meta', () => {
    // grep -c '<port ' local-tcp.xml -> 6, all state="open"; one <host> with status up.
    expect(r.observations.map((o) => `${o.hostIp} ${o.proto}/${o.port} ${o.state} ${o.service}`)).toEqual([
      '127.0.0.1 tcp/2121 open ftp',
      '127.0.0.1 tcp/2222 open ssh',
      '127.0.0.1 tcp/4433 open http',
      '127.0.0.1 tcp/6379 open redis',
      '127.0.0.1 tcp/8000 open http',
      '127.0.0.1 tcp/11211 open memcached',
    ]);
    expect(r.hosts).toEqual([
      { ip: '127.0.0.1', hostNames: ['localhost'], mac: null, status: 'up', seenAt: '2026-11-27T08:15:23.000Z' },
    ]);
    expect(r.meta).toMatchObject({
      scanner: 'nmap',
      version: '7.93',
      xmloutputversion: '1.05',
      start: '2026-11-27T08:14:34.000Z',
      exit: 'success',
    });
    expect(r.meta.args).toMatch(/^nmap -sV -Pn -p 2121,2222/);
    expect(r.notes).toEqual([]);
    // The service fields as written in <service>.
    expect(port(r.observations, 4433)).toMatchObject({
      tunnel: 'ssl',
      method: 'probed',
      confidence: 10,
      product: 'OpenSSL s_server -www httpd',
    });
    expect(port(r.observations, 2222).cpes).toEqual(['cpe:/a:openbsd:openssh:9.2p1', 'cpe:/o:linux:linux_kernel']);
    // seenAt is the host's endtime (1795767323); the run started at start="1795767274".
    expect(port(r.observations, 2222).seenAt).toBe('2026-11-27T08:15:23.000Z');
  });

  it('keeps every script output: 10 <script> elements in the file', () => {
    // grep -c '<script id=' local-tcp.xml -> 10 (banner x2, ftp-anon, http-server-header, http-title,
    // memcached-info, redis-info, ssh2-enum-algos, ssl-cert, ssl-enum-ciphers).
    expect(r.observations.flatMap((o) => o.scripts).length).toBe(10);
    expect(port(r.observations, 8000).scripts.map((s) => s.id)).toEqual(['http-server-header', 'http-title']);
  });

  it('ssl-enum-ciphers: offered versions, every suite, and the suites nmap grades below A', () => {
    const tls = port(r.observations, 4433);
    // xmllint --xpath 'count(//script[@id="ssl-enum-ciphers"]/table)' -> 4 protocol tables.
    expect(values(tls, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    // xmllint --xpath '...table[@key="ciphers"]/table/elem[@key="name"]/text()' | sort -u | wc -l -> 59
    expect(values(tls, 'tls.cipher')).toHaveLength(59);
    // Same with [elem[@key="strength"]!="A"] -> 12, all *_anon_* suites graded F.
    const weak = values(tls, 'tls.cipher.weak');
    expect(weak).toHaveLength(12);
    expect(weak.every((n) => /_anon_/.test(n))).toBe(true);
    const evidence = tls.facts.find(
      (f) => f.key === 'tls.cipher.weak' && f.value === 'TLS_DH_anon_WITH_AES_128_CBC_SHA',
    )?.evidence;
    expect(evidence).toMatch(
      /^TLSv1\.0, TLSv1\.1, TLSv1\.2: TLS_DH_anon_WITH_AES_128_CBC_SHA \(dh 1024\) - F; graded F in TLSv1\.0; Anonymous key exchange/,
    );
    expect(values(tls, 'tls.certificate')).toEqual([
      'subject commonName=localhost/organizationName=Portcullis Test; self-signed; key rsa 2048; signature sha256WithRSAEncryption; valid 2026-11-27T08:14:30 to 2026-12-27T08:14:30',
    ]);
  });

  it('ssh2-enum-algos and the SSH protocol version from service detection and the banner', () => {
    const ssh = port(r.observations, 2222);
    // count(//script[@id='ssh2-enum-algos']/table[@key=K]/elem): kex 12, hostkey 3, encryption 6, mac 10.
    expect([
      values(ssh, 'ssh.kex').length,
      values(ssh, 'ssh.hostkey').length,
      values(ssh, 'ssh.cipher').length,
      values(ssh, 'ssh.mac').length,
    ]).toEqual([12, 3, 6, 10]);
    expect(values(ssh, 'ssh.hostkey')).toEqual(['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256']);
    // extrainfo="protocol 2.0" and banner "SSH-2.0-..." say the same: one fact, from service detection.
    expect(ssh.facts.filter((f) => f.key === 'ssh.protocol')).toEqual([
      { key: 'ssh.protocol', value: '2', source: 'nmap-service', evidence: 'service ssh: "protocol 2.0"' },
    ]);
    expect(values(ssh, 'banner')).toEqual(['SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10']);
  });

  it('anonymous FTP, unauthenticated redis and memcached, page title; a banner with HTML stays plain text', () => {
    const ftp = port(r.observations, 2121);
    expect(values(ftp, 'ftp.anonymous')).toEqual(['true']);
    expect(ftp.facts.find((f) => f.key === 'ftp.anonymous')?.evidence).toBe(
      'Anonymous FTP login allowed (FTP code 230)',
    );
    expect(values(ftp, 'banner')).toEqual(['220 Portcullis test FTP <b>hello</b>']);
    expect(values(port(r.observations, 6379), 'auth.none')).toEqual(['true']);
    expect(values(port(r.observations, 11211), 'auth.none')).toEqual(['true']);
    expect(values(port(r.observations, 8000), 'http.title')).toEqual(['Directory listing for /']);
  });

  it('SNMP over UDP: version and the community that answered', () => {
    const u = parseWith(nmapXmlFormat, NMAP_LOCAL_UDP_XML, {}, 7);
    expect(u.observations).toHaveLength(1);
    const snmp = port(u.observations, 1161, 'udp');
    expect(snmp.state).toBe('open');
    // product "SNMPv1 server; net-snmp SNMPv3 server", extrainfo "public"; snmp-info is SNMPv3 engine
    // discovery; snmp-sysdescr read sysDescr with the default community.
    expect(values(snmp, 'snmp.version').sort()).toEqual(['1', '3']);
    expect(values(snmp, 'snmp.community')).toEqual(['public']);
  });

  it('gives the same result whatever the piece size', () => {
    for (const size of [1, 13, 4093, 1 << 20]) {
      expect(parseWith(nmapXmlFormat, NMAP_LOCAL_TCP_XML, {}, size)).toEqual(r);
    }
  });
});

/**
 * Hand-written in the shapes nmap 7.9x documents for each script (@output / @xmloutput in the NSE
 * sources) and in the text-only shapes of older nmap, for the signals the local scan could not show.
 */
const SCRIPTS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nmaprun>
<nmaprun scanner="nmap" args="nmap -sV -sC 192.0.2.10" start="1700000000" startstr="Tue Nov 14 22:13:20 2023" version="7.94" xmloutputversion="1.05">
<scaninfo type="syn" protocol="tcp" numservices="1000" services="1-1000"/>
<verbose level="0"/>
<debugging level="0"/>
<host starttime="1700000000" endtime="1700000100"><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="192.0.2.10" addrtype="ipv4"/>
<address addr="00:11:22:AA:BB:CC" addrtype="mac" vendor="Acme"/>
<hostnames><hostname name="legacy.example" type="PTR"/></hostnames>
<ports><extraports state="closed" count="980"><extrareasons reason="reset" count="980"/></extraports>
<extraports state="filtered" count="5"><extrareasons reason="no-response" count="5"/></extraports>
<port protocol="tcp" portid="443"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="https" tunnel="ssl" method="probed" conf="10"/><script id="ssl-enum-ciphers" output="&#xa;  SSLv3: ..."><table key="SSLv3">
<table key="ciphers">
<table><elem key="strength">C</elem><elem key="name">TLS_RSA_WITH_RC4_128_SHA</elem><elem key="kex_info">rsa 2048</elem></table>
<table><elem key="strength">C</elem><elem key="name">TLS_RSA_WITH_3DES_EDE_CBC_SHA</elem><elem key="kex_info">rsa 2048</elem></table>
<table><elem key="strength">A</elem><elem key="name">TLS_RSA_WITH_AES_128_CBC_SHA</elem><elem key="kex_info">rsa 2048</elem></table>
</table>
<table key="compressors"><elem>NULL</elem></table>
<elem key="cipher preference">server</elem>
<table key="warnings"><elem>64-bit block cipher 3DES vulnerable to SWEET32 attack</elem><elem>Broken cipher RC4 is deprecated by RFC 7465</elem><elem>CBC-mode cipher in SSLv3 (CVE-2014-3566)</elem></table>
</table>
<table key="TLSv1.2">
<table key="ciphers">
<table><elem key="strength">A</elem><elem key="name">TLS_RSA_WITH_AES_128_CBC_SHA</elem><elem key="kex_info">rsa 2048</elem></table>
<table><elem key="strength">A</elem><elem key="name">TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256</elem><elem key="kex_info">secp256r1</elem></table>
<table><elem key="strength">E</elem><elem key="name">TLS_RSA_EXPORT_WITH_RC4_40_MD5</elem><elem key="kex_info">rsa 512</elem></table>
</table>
<table key="compressors"><elem>NULL</elem></table>
<elem key="cipher preference">server</elem>
<table key="warnings"><elem>Export key exchange</elem><elem>Ciphersuite uses MD5 for message integrity</elem></table>
</table>
<elem key="least strength">E</elem>
</script></port>
<port protocol="tcp" portid="8443"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="https-alt" tunnel="ssl" method="table" conf="3"/><script id="ssl-enum-ciphers" output="&#xa;  SSLv3: &#xa;    ciphers: &#xa;      TLS_RSA_WITH_RC4_128_MD5 - strong&#xa;      TLS_RSA_EXPORT_WITH_DES40_CBC_SHA - weak&#xa;    compressors: &#xa;      NULL&#xa;  TLSv1.0: &#xa;    ciphers: &#xa;      TLS_RSA_WITH_AES_256_CBC_SHA - strong&#xa;    compressors: &#xa;      NULL&#xa;  least strength: weak"/></port>
<port protocol="tcp" portid="21"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="ftp" method="probed" conf="10"/><script id="Anonymous FTP" output="FTP: Anonymous login allowed"/></port>
<port protocol="tcp" portid="22"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="ssh" product="OpenSSH" version="3.9p1" extrainfo="protocol 1.99" method="probed" conf="10"/><script id="sshv1" output="Server supports SSHv1"/></port>
<port protocol="tcp" portid="25"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="smtp" method="probed" conf="10"/><script id="ftp-anon" output="ERROR: Script execution failed (use -d to debug)"/></port>
<port protocol="tcp" portid="53"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="domain" method="probed" conf="10"/><script id="dns-zone-transfer" output="&#xa;example.com.    SOA  ns1.example.com. hostmaster.example.com.&#xa;example.com.    NS   ns1.example.com.&#xa;example.com.    SOA  ns1.example.com. hostmaster.example.com."/></port>
<port protocol="tcp" portid="80"><state state="open" reason="syn-ack" reason_ttl="64"/><owner name="www-data"/><service name="http" method="probed" conf="10"/><script id="http-title" output="&lt;script&gt;alert(1)&lt;/script&gt; Admin"><elem key="title">&lt;script&gt;alert(1)&lt;/script&gt; Admin</elem></script></port>
<port protocol="tcp" portid="139"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="netbios-ssn" method="probed" conf="10"/></port>
<port protocol="tcp" portid="445"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="microsoft-ds" method="probed" conf="10"/></port>
<port protocol="tcp" portid="3389"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="ms-wbt-server" method="probed" conf="10"/><script id="rdp-enum-encryption" output="&#xa;  Security layer&#xa;    CredSSP (NLA): SUCCESS&#xa;    Native RDP: SUCCESS&#xa;    SSL: SUCCESS&#xa;  RDP Encryption level: Client Compatible&#xa;    40-bit RC4: SUCCESS&#xa;    128-bit RC4: SUCCESS&#xa;  RDP Protocol Version:  RDP 5.x, 6.x, 7.x, or 8.x server&#xa;"/></port>
<port protocol="tcp" portid="5900"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="vnc" method="probed" conf="10"/><script id="vnc-info" output="&#xa;  Protocol version: 3.8&#xa;  Security types: &#xa;    None (1)&#xa;  WARNING: Server does not require authentication"><elem key="Protocol version">3.8</elem>
<table key="Security types"><table><elem key="name">None</elem><elem key="type">1</elem></table></table>
<elem key="WARNING">Server does not require authentication</elem>
</script></port>
<port protocol="tcp" portid="6000"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="X11" method="probed" conf="10"/><script id="x11-access" output="X server access is granted"/></port>
<port protocol="tcp" portid="27017"><state state="open" reason="syn-ack" reason_ttl="64"/><service name="mongodb" method="probed" conf="10"/><script id="mongodb-info" output="&#xa;  MongoDB Build info&#xa;    version = 2.6.10&#xa;    ok = 1"/></port>
<port protocol="udp" portid="123"><state state="open" reason="udp-response" reason_ttl="64"/><service name="ntp" method="probed" conf="10"/><script id="ntp-monlist" output="&#xa;  Target is synchronised with 127.127.38.0 (reference clock)&#xa;  Public Clients (1)&#xa;      198.51.100.7"/></port>
<port protocol="udp" portid="161"><state state="open" reason="udp-response" reason_ttl="64"/><service name="snmp" method="probed" conf="10"/><script id="snmp-brute" output="&#xa;  public - Valid credentials&#xa;  private - Valid credentials"/><script id="snmp-sysdescr" output="Cisco IOS Software, C2960&#xa;  System uptime: 5 days"/></port>
<port protocol="ip" portid="6"><state state="open" reason="proto-response" reason_ttl="64"/><service name="tcp" method="table" conf="8"/></port>
</ports>
<os><portused state="open" proto="tcp" portid="22"/><osmatch name="Linux 2.6" accuracy="90" line="1"><osclass type="general purpose" vendor="Linux" osfamily="Linux" osgen="2.6.X" accuracy="90"><cpe>cpe:/o:linux:linux_kernel:2.6</cpe></osclass></osmatch></os>
<foo bar="1"><baz/></foo>
<hostscript><script id="smb-protocols" output="&#xa;  dialects: &#xa;    NT LM 0.12 (SMBv1) [dangerous, but default]&#xa;    2.0.2&#xa;    3.1.1"><table key="dialects">
<elem>NT LM 0.12 (SMBv1) [dangerous, but default]</elem>
<elem>2.0.2</elem>
<elem>3.1.1</elem>
</table>
</script><script id="smb2-security-mode" output="&#xa;  3:1:1: &#xa;    Message signing enabled but not required"><table key="3:1:1">
<elem>Message signing enabled but not required</elem>
</table>
</script><script id="clock-skew" output="0s"/></hostscript>
<times srtt="100" rttvar="50" to="100000"/>
</host>
<host starttime="1700000000" endtime="1700000100"><status state="down" reason="no-response" reason_ttl="0"/>
<address addr="2001:DB8:0:0:0:0:0:1" addrtype="ipv6"/>
</host>
<postscript><script id="reverse-index" output="&#xa;  22/tcp: 192.0.2.10"/></postscript>
<runstats><finished time="1700000200" timestr="Tue Nov 14 22:16:40 2023" summary="Nmap done" elapsed="200.00" exit="success"/><hosts up="1" down="1" total="2"/>
</runstats>
</nmaprun>
`;

describe('nmap XML: script results written in the documented shapes (hand-written fixture)', () => {
  const r = parseWith(nmapXmlFormat, SCRIPTS_XML, {}, 7);
  const o = r.observations;

  it('observations, hosts (a down host only as a host), meta for <extraports>', () => {
    // 16 <port> elements: 13 tcp, 2 udp and one IP-protocol entry (protocol="ip"), which is not a port.
    expect(o).toHaveLength(15);
    expect(countBy(o, (x) => x.proto)).toEqual({ tcp: 13, udp: 2 });
    expect(r.hosts).toEqual([
      {
        ip: '192.0.2.10',
        hostNames: ['legacy.example'],
        mac: '00:11:22:aa:bb:cc',
        status: 'up',
        seenAt: '2023-11-14T22:15:00.000Z',
      },
      { ip: '2001:db8::1', hostNames: [], mac: null, status: 'down', seenAt: '2023-11-14T22:15:00.000Z' },
    ]);
    expect(o.every((x) => x.hostIp === '192.0.2.10' && x.mac === '00:11:22:aa:bb:cc')).toBe(true);
    expect(r.meta).toMatchObject({
      extraports: 'closed 980; filtered 5',
      'extraports.hosts': '1',
      'hosts.down': '1',
      end: '2023-11-14T22:16:40.000Z',
    });
  });

  it('notes what it skipped, with the line; <os> and <times> are ignored by design', () => {
    const lines = SCRIPTS_XML.split('\n');
    const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(r.notes).toEqual([
      {
        line: lineOf('<owner name="www-data"/>'),
        column: null,
        what: 'skipped <owner> of tcp/80: ident user "www-data" has no observation field',
      },
      {
        line: lineOf('portid="6"'),
        column: null,
        what: 'skipped IP protocol scan entry ip/6: protocols are not ports',
      },
      {
        line: lineOf('<foo bar="1">'),
        column: null,
        what: 'unrecognised <foo> element inside <host>; skipped with its content',
      },
      {
        line: lineOf('id="clock-skew"'),
        column: null,
        what: 'hostscript "clock-skew" on 192.0.2.10 not attached to any observation (a host-level result with no related port)',
      },
      {
        line: lineOf('id="reverse-index"'),
        column: null,
        what: 'postscript script "reverse-index" is about the whole run, not a port; not imported',
      },
    ]);
  });

  it('ssl-enum-ciphers, structured: weak by grade or by a warning that names the suite', () => {
    const p = port(o, 443);
    expect(values(p, 'tls.protocol')).toEqual(['SSLv3', 'TLSv1.2']);
    expect(values(p, 'tls.cipher')).toEqual([
      'TLS_RSA_WITH_RC4_128_SHA',
      'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_RSA_EXPORT_WITH_RC4_40_MD5',
    ]);
    // RC4 and 3DES: graded C plus their warnings; AES_128_CBC_SHA: graded A but CBC in SSLv3 (POODLE);
    // the export suite: graded E, export, MD5. The GCM suite is the only one not weak.
    expect(values(p, 'tls.cipher.weak')).toEqual([
      'TLS_RSA_WITH_RC4_128_SHA',
      'TLS_RSA_WITH_3DES_EDE_CBC_SHA',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
      'TLS_RSA_EXPORT_WITH_RC4_40_MD5',
    ]);
    expect(
      p.facts.find((f) => f.key === 'tls.cipher.weak' && f.value === 'TLS_RSA_WITH_3DES_EDE_CBC_SHA')?.evidence,
    ).toBe(
      'SSLv3: TLS_RSA_WITH_3DES_EDE_CBC_SHA (rsa 2048) - C; graded C in SSLv3; 64-bit block cipher 3DES vulnerable to SWEET32 attack; CBC-mode cipher in SSLv3 (CVE-2014-3566)',
    );
  });

  it('ssl-enum-ciphers, nmap 6 text with strong/weak words', () => {
    const p = port(o, 8443);
    expect(values(p, 'tls.protocol')).toEqual(['SSLv3', 'TLSv1.0']);
    expect(values(p, 'tls.cipher')).toEqual([
      'TLS_RSA_WITH_RC4_128_MD5',
      'TLS_RSA_EXPORT_WITH_DES40_CBC_SHA',
      'TLS_RSA_WITH_AES_256_CBC_SHA',
    ]);
    expect(values(p, 'tls.cipher.weak')).toEqual(['TLS_RSA_EXPORT_WITH_DES40_CBC_SHA']);
  });

  it('SSH 1.99 means both versions; sshv1 confirms version 1', () => {
    const p = port(o, 22);
    expect(p.facts.filter((f) => f.key === 'ssh.protocol').map((f) => `${f.value} ${f.source}`)).toEqual([
      '1 nmap-service',
      '2 nmap-service',
    ]);
  });

  it('legacy script names, failed scripts, zone transfer, HTML kept as text', () => {
    expect(values(port(o, 21), 'ftp.anonymous')).toEqual(['true']);
    expect(port(o, 21).facts[0]?.source).toBe('Anonymous FTP');
    expect(port(o, 25).facts).toEqual([]);
    expect(port(o, 25).scripts).toEqual([
      { id: 'ftp-anon', output: 'ERROR: Script execution failed (use -d to debug)' },
    ]);
    expect(values(port(o, 53), 'dns.axfr')).toEqual(['true']);
    expect(values(port(o, 80), 'http.title')).toEqual(['<script>alert(1)</script> Admin']);
  });

  it('RDP security layers, VNC without authentication, X11, NTP monlist, MongoDB, SNMP communities', () => {
    expect(values(port(o, 3389), 'rdp.security')).toEqual(['CredSSP (NLA)', 'Native RDP', 'SSL']);
    expect(values(port(o, 5900), 'vnc.auth')).toEqual(['None']);
    expect(values(port(o, 6000), 'x11.access')).toEqual(['granted']);
    expect(values(port(o, 123, 'udp'), 'ntp.monlist')).toEqual(['true']);
    expect(values(port(o, 27017), 'auth.none')).toEqual(['true']);
    const snmp = port(o, 161, 'udp');
    // snmp-brute found two communities; with snmp-brute present snmp-sysdescr's community is not guessed.
    expect(values(snmp, 'snmp.community')).toEqual(['public', 'private']);
    expect(values(snmp, 'snmp.version')).toEqual(['1']);
  });

  it('SMB hostscripts attach to both SMB ports of the host', () => {
    for (const n of [139, 445]) {
      const p = port(o, n);
      expect(values(p, 'smb.dialect')).toEqual(['NT LM 0.12', '2.0.2', '3.1.1']);
      expect(values(p, 'smb.signing')).toEqual(['enabled']);
      expect(p.scripts.map((s) => s.id)).toEqual(['smb-protocols', 'smb2-security-mode']);
    }
  });
});

/**
 * Every nmap XML in the corpus. Expected numbers from xmllint on each file:
 *   hosts = count(/nmaprun/host), up = count(/nmaprun/host[status/@state="up"]),
 *   open/closed/filtered/open|filtered = count(/nmaprun/host/ports/port[state/@state="..."]).
 */
const IMPORTS: [string, { hosts: number; up: number; states: Record<string, number> }][] = [
  ['nmap-nmap_0port.xml', { hosts: 1, up: 1, states: {} }],
  ['nmap-nmap_1port.xml', { hosts: 1, up: 1, states: { open: 1 } }],
  ['nmap-nmap_multiple_port.xml', { hosts: 1, up: 1, states: { open: 13 } }],
  ['nmap-nmap_script_vulners.xml', { hosts: 1, up: 1, states: { open: 1 } }],
  ['nmap-issue4406.xml', { hosts: 1, up: 1, states: { open: 25 } }],
  ['nmap-issue12411.xml', { hosts: 2, up: 2, states: { open: 4, filtered: 3 } }],
  ['nmap-ndiff-complex.xml', { hosts: 1, up: 1, states: { open: 4, closed: 2 } }],
  ['nmap-ndiff-os.xml', { hosts: 1, up: 1, states: { open: 1, closed: 1 } }],
  ['nmap-ndiff-random-1.xml', { hosts: 55, up: 55, states: { open: 89, closed: 24, filtered: 141 } }],
  ['nmap-ndiff-random-2.xml', { hosts: 61, up: 61, states: { open: 100, closed: 35, filtered: 152 } }],
  ['nmap-ndiff-single.xml', { hosts: 1, up: 1, states: { open: 3, closed: 2 } }],
  ['python-libnmap--1_hosts_banner.xml', { hosts: 1, up: 1, states: { open: 5 } }],
  ['python-libnmap--1_os_banner_scripts.xml', { hosts: 1, up: 1, states: { open: 8 } }],
  ['python-libnmap--2_hosts_achange.xml', { hosts: 2, up: 2, states: { open: 7, closed: 1, filtered: 1 } }],
  ['python-libnmap--2_hosts_version.xml', { hosts: 2, up: 2, states: { open: 8, filtered: 1 } }],
  ['python-libnmap--dionaea_scan.xml', { hosts: 1, up: 1, states: { open: 16 } }],
  ['python-libnmap--extra_ports.xml', { hosts: 1, up: 1, states: { open: 16 } }],
  ['python-libnmap--full_sudo5.xml', { hosts: 256, up: 4, states: { open: 11 } }],
  ['python-libnmap--full_sudo6.xml', { hosts: 256, up: 4, states: { open: 12 } }],
  ['python-libnmap--fullscan.xml', { hosts: 256, up: 2, states: { open: 9 } }],
  ['python-libnmap--os_scan5.xml', { hosts: 256, up: 4, states: { open: 11 } }],
  ['python-libnmap--os_scan6.xml', { hosts: 256, up: 3, states: { open: 11 } }],
  ['python-libnmap--1_hosts_down.xml', { hosts: 1, up: 1, states: {} }],
  ['python-libnmap--2_null_hosts.xml', { hosts: 2, up: 2, states: {} }],
  ['python-libnmap--1_host_ping.xml', { hosts: 1, up: 1, states: {} }],
  ['python-libnmap--1_hosts_banner_ports_xmas.xml', { hosts: 1, up: 1, states: { 'open|filtered': 2, closed: 2 } }],
  ['nmap--down.xml', { hosts: 0, up: 0, states: {} }],
  ['nmap--empty.xml', { hosts: 0, up: 0, states: {} }],
  ['nmap--nmap_example.xml', { hosts: 8, up: 8, states: { open: 32, closed: 9, filtered: 2 } }],
  ['nmap--xml_test1.xml', { hosts: 1, up: 1, states: { open: 4 } }],
  ['nmap--xml_test11.xml', { hosts: 4, up: 4, states: { open: 6, closed: 2 } }],
  ['nmap--xml_test17.xml', { hosts: 1, up: 1, states: { open: 2, 'open|filtered': 2 } }],
  ['nmap--xml_test6.xml', { hosts: 4, up: 4, states: { open: 6, closed: 10 } }],
  ['nmap--xml_test16.xml', { hosts: 1, up: 1, states: { open: 3 } }],
  ['nmap--scan_base.xml', { hosts: 1, up: 1, states: { open: 1, closed: 1 } }],
];

/** The corpus files that must be refused, and why. */
const REFUSED: [string, RegExp, number][] = [
  // A DOCTYPE declaring an external entity (XXE test): refused before any element is read.
  ['python-libnmap--defused_et_local_includer.xml', /DOCTYPE declares entities/, 4],
  // The XXE test's companion: a <root> document, not nmap output.
  ['python-libnmap--defused_et_included.xml', /expected <nmaprun> as the root element, found <root>/, 2],
  // A control character (0x05) inside an attribute value on line 14: not well-formed XML.
  ['nmap--nmap-output-error.xml', /a character that XML does not allow/, 14],
  // <finished errormsg=...>: nmap itself says the run failed, so "no hosts" would be a false record.
  ['nmap--scan_error_resolving_name.xml', /nmap reported that the scan failed: "Error resolving name localhost"/, 4],
  ['nmap--scan_error_other.xml', /nmap reported that the scan failed: "Unsupported error"/, 4],
  // <port portid="80"> without the protocol the DTD requires: tcp or udp cannot be guessed.
  ['nmap--scan_invalid_services.xml', /expected <port> to have a protocol attribute/, 6],
  // Addresses anonymised to addr="IP" by the library's authors: a host must have a real address.
  ['python-libnmap--test_osclass.xml', /expected <address addr> to be an ipv4 address, found "IP"/, 14],
];

describe.skipIf(!corpusAvailable)('nmap XML: every corpus file', () => {
  it('covers all 42 nmap-xml files of the manifest', () => {
    const manifest = readFileSync(corpus('MANIFEST.tsv'), 'utf8')
      .split('\n')
      .filter((l) => l.split('\t')[1] === 'nmap-xml')
      .map((l) => l.split('\t')[2]?.replace(/^scans\//, ''));
    expect(manifest).toHaveLength(42);
    expect([...IMPORTS.map(([f]) => f), ...REFUSED.map(([f]) => f)].sort()).toEqual(manifest.sort());
  });

  it.each(IMPORTS)('%s imports with the expected hosts and port states', (file, want) => {
    const bytes = readFileSync(corpus(`scans/${file}`));
    const r = parseWith(nmapXmlFormat, bytes);
    expect(r.hosts).toHaveLength(want.hosts);
    expect(r.hosts.filter((h) => h.status === 'up')).toHaveLength(want.up);
    expect(countBy(r.observations, (o) => o.state)).toEqual(want.states);
    expect(parseWith(nmapXmlFormat, bytes, {}, 61)).toEqual(r);
  });

  it.each(REFUSED)('%s is refused: %s', (file, message, line) => {
    const err = parseError(() => parseWith(nmapXmlFormat, readFileSync(corpus(`scans/${file}`))));
    expect(err.message).toMatch(message);
    expect(err.line).toBe(line);
  });

  it('vulners (nmap_script_vulners.xml): one vuln fact per CVE', () => {
    // xmllint --xpath '//script[@id="vulners"]//elem[@key="type"][.="cve"]' -> 2 (CVE-2018-15919, CVE-2017-15906)
    const r = parseWith(nmapXmlFormat, readFileSync(corpus('scans/nmap-nmap_script_vulners.xml')));
    const p = port(r.observations, 5022);
    expect(values(p, 'vuln')).toEqual(['CVE-2018-15919', 'CVE-2017-15906']);
    expect(p.facts.find((f) => f.key === 'vuln')?.evidence).toBe(
      'CVE-2018-15919 cvss 5.0 (cpe:/a:openbsd:openssh:7.4)',
    );
  });

  it('dionaea_scan.xml: SMB hostscripts reach port 445, the rest are noted', () => {
    const r = parseWith(nmapXmlFormat, readFileSync(corpus('scans/python-libnmap--dionaea_scan.xml')));
    const smb = port(r.observations, 445);
    expect(values(smb, 'smb.dialect')).toEqual(['NT LM 0.12']);
    expect(values(smb, 'smb.signing')).toEqual(['disabled']);
    expect(values(smb, 'vuln')).toEqual(['Double Pulsar SMB Backdoor', 'CVE-2017-0143']);
    // 17 hostscript results (count(/nmaprun/host/hostscript/script)); 9 are smb-*, msrpc-* or ms-sql-*
    // and attach to 445 or 1433, 8 are noted. 7 prescript/postscript results are noted.
    const notes = r.notes.map((n) => n.what);
    expect(notes.filter((w) => w.startsWith('hostscript '))).toHaveLength(8);
    expect(notes.filter((w) => /^(prescript|postscript) script/.test(w))).toHaveLength(7);
    expect(r.notes).toHaveLength(15);
    expect(values(port(r.observations, 21), 'ftp.anonymous')).toEqual(['true']);
  });

  it('nmap_example.xml (nmap 4.53): old script names become the same facts', () => {
    const r = parseWith(nmapXmlFormat, readFileSync(corpus('scans/nmap--nmap_example.xml')));
    // grep -o 'id="SSLv2"' | wc -l -> 4, all "server still supports SSLv2"; 'id="Anonymous FTP"' -> 1
    // ("FTP: Anonymous login allowed"); 'id="zone-transfer"' -> 1, listing the zone's SOA record.
    const facts = r.observations.flatMap((o) => o.facts);
    expect(facts.filter((f) => f.key === 'tls.protocol' && f.value === 'SSLv2')).toHaveLength(4);
    expect(facts.filter((f) => f.key === 'ftp.anonymous')).toHaveLength(1);
    expect(facts.filter((f) => f.key === 'dns.axfr')).toHaveLength(1);
  });

  it('imports through the runner: counts stored with the import', async () => {
    const { store, result } = await importInto(corpus('scans/nmap-ndiff-random-1.xml'));
    expect(result).toMatchObject({ format: 'nmap-xml', hostCount: 55, observationCount: 254, noteCount: 0 });
    expect(result.meta).toMatchObject({ scanner: 'nmap', version: '4.85BETA4' });
    store.close();
  });

  it('a failed import (nmap reported an error) leaves the engagement unchanged', async () => {
    const store = newEngagement(tempDir());
    await expect(importFile(store, fixedContext(), corpus('scans/nmap--scan_error_other.xml'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(
        /scan_error_other\.xml: line 4: nmap reported that the scan failed.*nothing was imported/,
      ),
    });
    for (const t of ['import', 'observation', 'scan_host', 'parse_note', 'stored_file']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
    }
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });
});

describe('nmap XML: hostile and broken input', () => {
  it('refuses billion laughs and external entities without expanding them', () => {
    const laughs = `<?xml version="1.0"?>\n<!DOCTYPE nmaprun [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<nmaprun scanner="nmap" version="7.94" xmloutputversion="1.05"><host><hostnames><hostname name="&b;"/></hostnames></host></nmaprun>\n`;
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<nmaprun scanner="nmap" version="7.94" xmloutputversion="1.05"><runstats><finished time="1" elapsed="1" summary="&xxe;"/></runstats></nmaprun>\n`;
    for (const text of [laughs, xxe]) {
      const err = parseError(() => parseWith(nmapXmlFormat, text));
      expect(err.message).toMatch(/DOCTYPE declares entities/);
    }
    // An undeclared entity reference is an error too, not an empty string.
    expect(
      parseError(() => parseWith(nmapXmlFormat, '<nmaprun scanner="nmap"><output>&xxe;</output></nmaprun>')).message,
    ).toMatch(/entity/i);
  });

  it('a file cut anywhere fails with the line where it ends', () => {
    const lines = NMAP_LOCAL_TCP_XML.split('\n');
    for (const fraction of [0.1, 0.35, 0.5, 0.8, 0.97]) {
      const cut = Math.floor(NMAP_LOCAL_TCP_XML.length * fraction);
      const head = NMAP_LOCAL_TCP_XML.slice(0, cut);
      const err = parseError(() => parseWith(nmapXmlFormat, head, {}, 4093));
      expect(err.line, `cut at ${cut}`).toBe(head.split('\n').length);
      expect(err.line).toBeLessThanOrEqual(lines.length);
    }
  });

  it('refuses other formats, binary junk and an empty file', () => {
    const masscanXml =
      '<?xml version="1.0"?>\r\n<!-- masscan v1.0 scan -->\r\n<nmaprun scanner="masscan" start="1700000000" version="1.0-BETA"  xmloutputversion="1.03">\r\n</nmaprun>\r\n';
    expect(parseError(() => parseWith(nmapXmlFormat, masscanXml)).message).toMatch(/this is masscan XML/);
    expect(
      parseError(() => parseWith(nmapXmlFormat, '[\n{   "ip": "10.0.0.1",   "timestamp": "1", "ports": []}\n]\n'))
        .message,
    ).toMatch(/text outside the root element; expected an XML document whose root is <nmaprun>/);
    expect(
      parseError(() => parseWith(nmapXmlFormat, Buffer.from([0x3c, 0x6e, 0x00, 0xff, 0xfe, 0x01]))).message,
    ).toMatch(/binary data|not UTF-8/);
    expect(parseError(() => parseWith(nmapXmlFormat, '')).message).toBe(
      'the file is empty; expected nmap XML (<nmaprun>)',
    );
    expect(parseError(() => parseWith(nmapXmlFormat, '<?xml version="1.0"?>\n<!-- nothing -->\n')).message).toMatch(
      /^no XML element found; expected <nmaprun>$/,
    );
  });

  it('a <port> without state or portid is refused with its line', () => {
    const base = (portXml: string) =>
      `<nmaprun scanner="nmap" version="7.94" xmloutputversion="1.05">\n<host><status state="up" reason="x" reason_ttl="0"/><address addr="10.0.0.1" addrtype="ipv4"/>\n<ports>\n${portXml}\n</ports></host>\n</nmaprun>\n`;
    expect(parseError(() => parseWith(nmapXmlFormat, base('<port protocol="tcp" portid="22"></port>')))).toMatchObject({
      message: 'expected <port> tcp/22 to contain a <state> element',
      line: 4,
    });
    expect(
      parseError(() => parseWith(nmapXmlFormat, base('<port protocol="tcp" portid="x"><state state="open"/></port>'))),
    ).toMatchObject({
      message: 'expected <port> to have a portid attribute 0-65535, found "x"',
      line: 4,
    });
  });

  it('a failed import of truncated XML through the runner stores nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cut.xml'), NMAP_LOCAL_TCP_XML.slice(0, 20_000));
    const store = newEngagement(dir);
    await expect(importFile(store, fixedContext(), join(dir, 'cut.xml'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
    });
    expect(store.db.prepare('SELECT count(*) FROM observation').pluck().get()).toBe(0);
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });

  it('is registered under its id', () => {
    expect(formatById('nmap-xml')).toBe(nmapXmlFormat);
  });
});
