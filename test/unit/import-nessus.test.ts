// Nessus v2 XML (.nessus): the corpus files, a hand-written fixture with the TLS/SSH/FTP/SNMP/SMB plugins
// the insecure-service catalogue needs, chunk-boundary safety, hostile input, and detection across the corpus.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src-main/core/model/observation';
import { importFile } from '../../src-main/core/import/run-import';
import { nessusV2 } from '../../src-main/core/import/scans/nessus-v2';
import { vulnScannerFormats } from '../../src-main/core/import/scans/vuln-scanners';
import { ParseError, type FormatSpec } from '../../src-main/core/import/types';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { corpus, corpusAvailable, countBy, importInto, parseWith } from './import-helpers';
import { fixedContext, newEngagement, tempDir } from './helpers';

const facts = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);
const port = (obs: Observation[], ip: string | null, proto: string, p: number) =>
  obs.find((o) => o.hostIp === ip && o.proto === proto && o.port === p);

/**
 * Hand-written fixture in the shape of Nessus 10 output (plugin ids, names, families and output texts as Nessus
 * writes them). Host 1: FTP (anonymous), SSH 1.99 with weak algorithms, SNMP public, HTTPS with SSLv3/TLS 1.0
 * and a cipher list, SMB without signing and with SMBv1, telnet, a web server whose output holds a script tag,
 * port-0 and ICMP items. Host 2: IPv6 address, a service Nessus guessed ("ntp?").
 */
const FIXTURE = `<?xml version="1.0" ?>
<NessusClientData_v2>
<Policy><policyName>PCI internal</policyName><Preferences><ServerPreferences><preference><name>plugin_set</name><value>1;2</value></preference></ServerPreferences></Preferences></Policy>
<Report name="fixture scan" xmlns:cm="http://www.nessus.org/cm">
<ReportHost name="192.0.2.10"><HostProperties>
<tag name="HOST_END">Thu Mar 14 10:12:00 2024</tag>
<tag name="mac-address">00:50:56:aa:bb:cc
00:50:56:aa:bb:cd</tag>
<tag name="netbios-name">FILESRV01</tag>
<tag name="host-fqdn">filesrv01.corp.example</tag>
<tag name="host-ip">192.0.2.10</tag>
<tag name="HOST_START_TIMESTAMP">1710410400</tag>
<tag name="HOST_START">Thu Mar 14 10:00:00 2024</tag>
</HostProperties>
<ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="19506" pluginName="Nessus Scan Information" pluginFamily="Settings"><plugin_output>Information about this scan :

Nessus version : 10.7.1
Plugin feed version : 202403140000
</plugin_output></ReportItem>
<ReportItem port="0" svc_name="general" protocol="tcp" severity="0" pluginID="11936" pluginName="OS Identification" pluginFamily="General"><plugin_output>Remote operating system : Microsoft Windows Server 2012 R2</plugin_output></ReportItem>
<ReportItem port="0" svc_name="general" protocol="icmp" severity="0" pluginID="10114" pluginName="ICMP Timestamp Request Remote Date Disclosure" pluginFamily="General"><description>The remote host answers to an ICMP timestamp request.</description></ReportItem>
<ReportItem port="21" svc_name="ftp" protocol="tcp" severity="0" pluginID="11219" pluginName="Nessus SYN scanner" pluginFamily="Port scanners"><plugin_output>Port 21/tcp was found to be open</plugin_output></ReportItem>
<ReportItem port="21" svc_name="ftp" protocol="tcp" severity="0" pluginID="10092" pluginName="FTP Server Detection" pluginFamily="Service detection"><plugin_output>
The remote FTP banner is :

220 Microsoft FTP Service
</plugin_output></ReportItem>
<ReportItem port="21" svc_name="ftp" protocol="tcp" severity="2" pluginID="10079" pluginName="Anonymous FTP Enabled" pluginFamily="FTP"><cve>CVE-1999-0497</cve><plugin_output>
The contents of the remote FTP root are :
pub
</plugin_output></ReportItem>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="0" pluginID="10267" pluginName="SSH Server Type and Version Information" pluginFamily="Service detection"><plugin_output>
SSH version : SSH-1.99-OpenSSH_5.3
SSH supported authentication : publickey,password
</plugin_output></ReportItem>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="0" pluginID="10881" pluginName="SSH Protocol Versions Supported" pluginFamily="General"><plugin_output>
The remote SSH daemon supports the following versions of the
SSH protocol :

  - 1.5
  - 1.99
  - 2.0
</plugin_output></ReportItem>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="2" pluginID="90317" pluginName="SSH Weak Algorithms Supported" pluginFamily="Misc."><plugin_output>
The following weak server-to-client encryption algorithms are supported :

  arcfour
  arcfour128

The following weak client-to-server encryption algorithms are supported :

  arcfour
  arcfour128
</plugin_output></ReportItem>
<ReportItem port="22" svc_name="ssh" protocol="tcp" severity="1" pluginID="70658" pluginName="SSH Server CBC Mode Ciphers Enabled" pluginFamily="Misc."><plugin_output>
The following client-to-server Cipher Block Chaining (CBC) algorithms
are supported :

  3des-cbc
  aes128-cbc
</plugin_output></ReportItem>
<ReportItem port="23" svc_name="telnet" protocol="tcp" severity="2" pluginID="42263" pluginName="Unencrypted Telnet Server" pluginFamily="Misc."><plugin_output>Nessus collected the following banner from the remote Telnet server :

------------------------------ snip ------------------------------
Welcome to FILESRV01
------------------------------ snip ------------------------------
</plugin_output></ReportItem>
<ReportItem port="80" svc_name="www" protocol="tcp" severity="0" pluginID="10107" pluginName="HTTP Server Type and Version" pluginFamily="Web Servers"><plugin_output>The remote web server type is :

Microsoft-IIS/8.5
</plugin_output></ReportItem>
<ReportItem port="80" svc_name="www" protocol="tcp" severity="2" pluginID="85582" pluginName="Web Application Potentially Vulnerable to Clickjacking" pluginFamily="Web Servers"><plugin_output>
The following pages do not use a clickjacking mitigation response header :
  - http://filesrv01/?q=&lt;script&gt;alert(1)&lt;/script&gt;
</plugin_output></ReportItem>
<ReportItem port="161" svc_name="snmp" protocol="udp" severity="3" pluginID="41028" pluginName="SNMP Agent Default Community Name (public)" pluginFamily="SNMP"><plugin_output>
The remote SNMP server replies to the following default community
string :

public
</plugin_output></ReportItem>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="0" pluginID="22964" pluginName="Service Detection" pluginFamily="Service detection"><plugin_output>A web server is running on this port through TLSv1.</plugin_output></ReportItem>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="2" pluginID="20007" pluginName="SSL Version 2 and 3 Protocol Detection" pluginFamily="Service detection"><plugin_output>
- SSLv3 is enabled and the server supports at least one cipher.
	Explanation: TLS 1.0 and SSL 3.0 cipher suites may be used with SSLv3

	  Medium Strength Ciphers (&gt; 64-bit and &lt; 112-bit key, or 3DES)

	    Name                          Code             KEX           Auth     Encryption             MAC
	    ----------------------        ----------       ---           ----     ---------------------  ---
	    DES-CBC3-SHA                  0x00, 0x0A       RSA           RSA      3DES-CBC(168)          SHA1
</plugin_output></ReportItem>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="2" pluginID="104743" pluginName="TLS Version 1.0 Protocol Detection" pluginFamily="Service detection"><plugin_output>TLSv1 is enabled and the server supports at least one cipher.</plugin_output></ReportItem>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="0" pluginID="21643" pluginName="SSL Cipher Suites Supported" pluginFamily="General"><plugin_output>
Here is the list of SSL ciphers supported by the remote server :
Each group is reported per SSL Version.

SSL Version : TLSv12
  High Strength Ciphers (&gt;= 112-bit key)

    Name                          Code             KEX           Auth     Encryption             MAC
    ----------------------        ----------       ---           ----     ---------------------  ---
    ECDHE-RSA-AES128-SHA256       0xC0, 0x27       ECDH          RSA      AES-CBC(128)           SHA256

SSL Version : TLSv1
  Medium Strength Ciphers (&gt; 64-bit and &lt; 112-bit key, or 3DES)

    Name                          Code             KEX           Auth     Encryption             MAC
    ----------------------        ----------       ---           ----     ---------------------  ---
    DES-CBC3-SHA                  0x00, 0x0A       RSA           RSA      3DES-CBC(168)          SHA1

  High Strength Ciphers (&gt;= 112-bit key)

    Name                          Code             KEX           Auth     Encryption             MAC
    ----------------------        ----------       ---           ----     ---------------------  ---
    AES128-SHA                    0x00, 0x2F       RSA           RSA      AES-CBC(128)           SHA1

The fields above are :

  {Tenable ciphername}
  {Cipher ID code}
  Kex={key exchange}
</plugin_output></ReportItem>
<ReportItem port="443" svc_name="www" protocol="tcp" severity="2" pluginID="42873" pluginName="SSL Medium Strength Cipher Suites Supported (SWEET32)" pluginFamily="General"><plugin_output>
  Medium Strength Ciphers (&gt; 64-bit and &lt; 112-bit key, or 3DES)

    Name                          Code             KEX           Auth     Encryption             MAC
    ----------------------        ----------       ---           ----     ---------------------  ---
    DES-CBC3-SHA                  0x00, 0x0A       RSA           RSA      3DES-CBC(168)          SHA1
</plugin_output></ReportItem>
<ReportItem port="445" svc_name="cifs" protocol="tcp" severity="2" pluginID="57608" pluginName="SMB Signing not required" pluginFamily="Misc."></ReportItem>
<ReportItem port="445" svc_name="cifs" protocol="tcp" severity="0" pluginID="96982" pluginName="Server Message Block (SMB) Protocol Version 1 Enabled (uncredentialed check)" pluginFamily="Windows"><plugin_output>The remote host supports SMBv1.</plugin_output></ReportItem>
</ReportHost>
<ReportHost name="2001:db8::5"><HostProperties>
<tag name="host-ip">2001:0db8:0000:0000:0000:0000:0000:0005</tag>
<tag name="HOST_START_TIMESTAMP">1710410500</tag>
</HostProperties>
<ReportItem port="123" svc_name="ntp?" protocol="udp" severity="0" pluginID="34277" pluginName="Nessus UDP Scanner" pluginFamily="Port scanners"><plugin_output>Port 123/udp was found to be open</plugin_output></ReportItem>
</ReportHost>
</Report>
</NessusClientData_v2>
`;

describe('nessus-v2: hand-written fixture', () => {
  const r = parseWith(nessusV2, FIXTURE, { fileName: 'fixture.nessus' }, 4093);
  const h1 = '192.0.2.10';

  it('gives one host record per ReportHost with names, MAC and the exact start time', () => {
    expect(r.hosts).toEqual([
      {
        ip: h1,
        hostNames: ['filesrv01.corp.example', 'FILESRV01'],
        mac: '00:50:56:aa:bb:cc',
        status: 'up',
        // HOST_START_TIMESTAMP 1710410400 = 2024-03-14T10:00:00Z (date -u -d @1710410400).
        seenAt: '2024-03-14T10:00:00.000Z',
      },
      // host-ip written in full is normalised (RFC 5952); 1710410500 = 10:01:40Z.
      { ip: '2001:db8::5', hostNames: [], mac: null, status: 'up', seenAt: '2024-03-14T10:01:40.000Z' },
    ]);
    expect(r.meta).toMatchObject({
      scanner: 'Nessus',
      'scanner.version': '10.7.1',
      policy: 'PCI internal',
      report: 'fixture scan',
    });
  });

  it('merges findings into one observation per (host, proto, port) and skips port-0 items', () => {
    // Host 1 has items on 21, 22, 23, 80, 445, 443/tcp and 161/udp (7 ports); host 2 has 123/udp.
    // The three port-0 items (19506, 11936, the ICMP 10114) make no observation.
    expect(r.observations.map((o) => `${o.hostIp} ${o.port}/${o.proto}`)).toEqual([
      `${h1} 21/tcp`,
      `${h1} 22/tcp`,
      `${h1} 23/tcp`,
      `${h1} 80/tcp`,
      `${h1} 161/udp`,
      `${h1} 443/tcp`,
      `${h1} 445/tcp`,
      '2001:db8::5 123/udp',
    ]);
    expect(countBy(r.observations, (o) => o.state)).toEqual({ open: 8 });
    // svc_name mapped to nmap names: www -> http, cifs -> microsoft-ds; "ntp?" is a guess (method table).
    expect(r.observations.map((o) => o.service)).toEqual([
      'ftp',
      'ssh',
      'telnet',
      'http',
      'snmp',
      'http',
      'microsoft-ds',
      'ntp',
    ]);
    expect(port(r.observations, '2001:db8::5', 'udp', 123)?.method).toBe('table');
    expect(port(r.observations, h1, 'tcp', 443)?.tunnel).toBe('ssl');
    expect(r.notes).toEqual([]);
  });

  it('reads FTP, SSH, SNMP, SMB and telnet facts', () => {
    const ftp = port(r.observations, h1, 'tcp', 21);
    expect(facts(ftp, 'ftp.anonymous')).toEqual(['true']);
    expect(facts(ftp, 'banner')).toEqual(['220 Microsoft FTP Service']);
    // 10079 has severity 2, so it is also listed as a vuln; 11219 and 10092 only establish the port.
    expect(facts(ftp, 'vuln')).toEqual(['10079: Anonymous FTP Enabled']);

    const ssh = port(r.observations, h1, 'tcp', 22);
    expect([ssh?.product, ssh?.version]).toEqual(['OpenSSH', '5.3']);
    // SSH-1.99 (banner, 10267) and "- 1.5 / - 1.99 / - 2.0" (10881): versions 1 and 2 from each plugin.
    expect(ssh?.facts.filter((f) => f.key === 'ssh.protocol').map((f) => `${f.source}=${f.value}`)).toEqual([
      'nessus:10267=1',
      'nessus:10267=2',
      'nessus:10881=1',
      'nessus:10881=2',
    ]);
    // 90317 lists arcfour, arcfour128 twice (both directions); 70658 lists 3des-cbc, aes128-cbc.
    expect(facts(ssh, 'ssh.weak')).toEqual(['arcfour', 'arcfour128', '3des-cbc', 'aes128-cbc']);

    expect(facts(port(r.observations, h1, 'udp', 161), 'snmp.community')).toEqual(['public']);
    const smb = port(r.observations, h1, 'tcp', 445);
    expect(facts(smb, 'smb.signing')).toEqual(['disabled']);
    expect(facts(smb, 'smb.dialect')).toEqual(['NT LM 0.12']);
    const telnet = port(r.observations, h1, 'tcp', 23);
    expect(facts(telnet, 'vuln')).toEqual(['42263: Unencrypted Telnet Server']);
    expect(telnet?.facts[0]?.evidence).toMatch(/^severity 2 \(medium\); Nessus collected the following banner/);
  });

  it('reads TLS protocols and cipher suites, weak ones marked', () => {
    const https = port(r.observations, h1, 'tcp', 443);
    // 20007: only the plain "- SSLv3 is enabled" line counts (its "Explanation: TLS 1.0 and SSL 3.0 ..." does not);
    // 104743: "TLSv1 is enabled" -> TLSv1.0; 21643: "SSL Version : TLSv12" and "TLSv1" headings.
    expect(https?.facts.filter((f) => f.key === 'tls.protocol').map((f) => `${f.source}=${f.value}`)).toEqual([
      'nessus:20007=SSLv3',
      'nessus:104743=TLSv1.0',
      'nessus:21643=TLSv1.2',
      'nessus:21643=TLSv1.0',
    ]);
    // 21643 rows: ECDHE-RSA-AES128-SHA256 (High), DES-CBC3-SHA (Medium), AES128-SHA (High).
    expect(facts(https, 'tls.cipher')).toEqual(['ECDHE-RSA-AES128-SHA256', 'DES-CBC3-SHA', 'AES128-SHA']);
    // Weak: DES-CBC3-SHA from 21643's Medium group and from 42873 (two sources, one value).
    expect(https?.facts.filter((f) => f.key === 'tls.cipher.weak').map((f) => `${f.source}=${f.value}`)).toEqual([
      'nessus:21643=DES-CBC3-SHA',
      'nessus:42873=DES-CBC3-SHA',
    ]);
  });

  it('keeps HTML/script in outputs as plain text and reads the web server product', () => {
    const web = port(r.observations, h1, 'tcp', 80);
    expect([web?.product, web?.version]).toEqual(['Microsoft-IIS', '8.5']);
    const click = web?.facts.find((f) => f.source === 'nessus:85582');
    expect(click?.evidence).toContain('http://filesrv01/?q=<script>alert(1)</script>');
  });

  it('gives the same result whatever the chunk boundaries', () => {
    for (const size of [7, 64]) expect(parseWith(nessusV2, FIXTURE, { fileName: 'fixture.nessus' }, size)).toEqual(r);
  });
});

describe.skipIf(!corpusAvailable)('nessus-v2: corpus files', () => {
  const parse = (rel: string) => parseWith(nessusV2, readFileSync(corpus(rel)), { fileName: rel }, 7);

  it('nessus-cvssv3.nessus: one host, port 80 with every finding merged', () => {
    const r = parse('scans/nessus-cvssv3.nessus');
    // xmllint: count(//ReportHost) = 1; count(//ReportItem) = 49, of which count(//ReportItem[@port="0"]) = 8.
    expect(r.hosts).toHaveLength(1);
    expect(r.hosts[0]).toMatchObject({
      ip: '44.228.249.3',
      hostNames: ['testphp.vulnweb.com'],
      seenAt: '2022-03-23T13:31:51.000Z',
    });
    // The 41 port items are all on 80/tcp (xmllint //ReportItem[@port!="0"]/@port gives only "80").
    expect(r.observations.map((o) => `${o.port}/${o.proto} ${o.service}`)).toEqual(['80/tcp http']);
    const o = r.observations[0];
    // 40 distinct pluginIDs on port 80 (xmllint ... /@pluginID | sort -u | wc -l; 58987 appears twice) minus
    // the 3 that only establish the service: 11219 (Port scanners), 11153 (Service detection), 10107.
    expect(facts(o, 'vuln')).toHaveLength(37);
    // 10107's output "The remote web server type is : nginx/1.19.0".
    expect([o?.product, o?.version]).toEqual(['nginx', '1.19.0']);
    expect(facts(o, 'banner')).toEqual(['nginx/1.19.0']);
    expect(r.meta['scanner.version']).toBe('10.1.1'); // 19506: "Nessus version : 10.1.1"
    expect(r.notes).toEqual([]);
  });

  it('nessus-many-vuln.nessus: ports from the SYN scanner, a guessed service, a zone-less start time noted', () => {
    const r = parse('scans/nessus-many-vuln.nessus');
    // 7 items: 5 on port 0, 11219 on 443 (svc_name "https?") and on 264 (svc_name fw1-topology-download).
    expect(r.observations.map((o) => `${o.port}/${o.proto} ${o.service} ${o.method}`)).toEqual([
      '443/tcp https table',
      '264/tcp fw1-topology-download null',
    ]);
    expect(r.observations.every((o) => o.facts.length === 0)).toBe(true);
    // No HOST_START_TIMESTAMP in this file (grep -c TIMESTAMP = 0): HOST_START read as UTC, and noted.
    expect(r.hosts[0]?.seenAt).toBe('2013-06-25T10:32:42.000Z');
    expect(r.notes.map((n) => n.what)).toEqual(['HOST_START "Tue Jun 25 10:32:42 2013" has no time zone; read as UTC']);
  });

  it('nessus-issue6992 and nessus_with_cwe: one finding each on 80/tcp', () => {
    // xmllint count(//ReportItem) = 1 in each, on port 80, plugins 142591 and 31649.
    const a = parse('scans/nessus-issue6992.nessus');
    expect(a.observations.map((o) => facts(o, 'vuln'))).toEqual([['142591: PHP < 7.3.24 Multiple Vulnerabilities']]);
    const b = parse('scans/django-DefectDojo--nessus_with_cwe-.nessus');
    expect(b.observations.map((o) => facts(o, 'vuln'))).toEqual([['31649: PHP 5.x < 5.2 Multiple Vulnerabilities']]);
  });

  it('nessus_was_many_vuln.xml (Nessus WAS): a host named by URL, protocol "TCP", ISO times', () => {
    const r = parse('scans/django-DefectDojo--nessus_was_many_vuln.xml');
    // ReportHost name and host-fqdn are "http://google.com/"; no host-ip tag.
    expect(r.hosts).toEqual([
      { ip: null, hostNames: ['google.com'], mac: null, status: 'up', seenAt: '2021-03-12T12:34:30.120Z' },
    ]);
    // 5 ReportItems (xmllint //ReportItem/@pluginID: 98104 112491 98060 115540 112551), all port="80" protocol="TCP".
    expect(r.observations).toHaveLength(1);
    expect(r.observations[0]).toMatchObject({ proto: 'tcp', port: 80, service: 'http', hostIp: null });
    expect(facts(r.observations[0], 'vuln')).toHaveLength(5);
  });

  it('imports through the runner and is detected by content', async () => {
    const { store, result } = await importInto(corpus('scans/nessus-cvssv3.nessus'));
    try {
      expect(result).toMatchObject({ format: 'nessus-v2', hostCount: 1, observationCount: 1, noteCount: 0 });
      expect(store.db.prepare('SELECT count(*) FROM observation_fact').pluck().get()).toBe(38);
    } finally {
      store.close();
    }
  });
});

describe('nessus-v2: hostile and broken input', () => {
  const parse = (text: string | Buffer) => parseWith(nessusV2, text, { fileName: 'x.nessus' }, 7);
  const err = (text: string | Buffer): ParseError => {
    try {
      parse(text);
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    throw new Error('expected a ParseError');
  };

  it('a file cut anywhere fails with a line number', () => {
    for (const cut of [60, 800, 2500, FIXTURE.length - 30]) {
      const e = err(FIXTURE.slice(0, cut));
      expect(e.line, `cut at ${cut}`).toBeGreaterThan(0);
    }
  });

  it('refuses other formats, binary junk and an empty file', () => {
    expect(err('<?xml version="1.0"?>\n<nmaprun scanner="nmap"></nmaprun>\n').message).toMatch(
      /expected <NessusClientData_v2>/,
    );
    // gzip magic: not UTF-8 (the decoder); a PNG signature decodes but is not XML (saxes).
    expect(err(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42, 0x43])).message).toMatch(/not UTF-8 text/);
    expect(err(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')).message).toMatch(/text data outside of root node|not UTF-8/);
    expect(err('').message).toMatch(/no XML element found; expected </);
  });

  it('never expands entities: billion laughs and external entities are refused', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><NessusClientData_v2>&lol2;</NessusClientData_v2>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><NessusClientData_v2><Report name="r"><ReportHost name="h"><ReportItem port="22" protocol="tcp" pluginID="1" pluginName="&xxe;"/></ReportHost></Report></NessusClientData_v2>`;
    for (const x of [laughs, xxe]) expect(err(x).message).toMatch(/entity declarations are refused/);
  });

  it('says which attribute is missing', () => {
    const noPort = `<NessusClientData_v2><Report name="r"><ReportHost name="h">\n<ReportItem protocol="tcp" pluginID="1"/></ReportHost></Report></NessusClientData_v2>`;
    const e = err(noPort);
    expect(e.message).toBe('expected <ReportItem> to have a port attribute');
    expect(e.line).toBe(2);
    expect(err(`<NessusClientData_v2><Report><ReportHost></ReportHost></Report></NessusClientData_v2>`).message).toBe(
      'expected <ReportHost> to have a name attribute',
    );
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    const path = join(dir, 'cut.nessus');
    writeFileSync(path, FIXTURE.slice(0, 3000));
    const store = newEngagement(dir);
    try {
      await expect(importFile(store, fixedContext(), path)).rejects.toMatchObject({
        code: 'PARSE_ERROR',
        message: expect.stringMatching(
          /^cut\.nessus: line \d+, column \d+: .* \(as Nessus v2 XML \(\.nessus\)\); nothing was imported$/,
        ),
      });
      for (const t of ['import', 'observation', 'observation_fact', 'scan_host', 'parse_note', 'stored_file']) {
        expect(store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
      }
      expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    } finally {
      store.close();
    }
  });
});

describe('vulnerability-scanner detection across the corpus', () => {
  it.skipIf(!corpusAvailable)('claims exactly the files of its formats', () => {
    expectDetection(vulnScannerFormats);
  });
});

/** Every corpus file: a vuln-scanner format scores > 0 only on rows whose MANIFEST format is one of ours. */
function expectDetection(specs: readonly FormatSpec[]) {
  const ours: Record<string, string[]> = {
    nessus: ['nessus-v2'],
    'nessus-v2-xml': ['nessus-v2'],
    'openvas-xml': ['openvas-xml'],
    'qualys-xml': ['qualys-scan-xml', 'qualys-asset-xml'],
    'nexpose-xml': ['nexpose-xml'],
  };
  const rows = readFileSync(corpus('MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  let claimed = 0;
  for (const row of rows) {
    const [, format = '', file = ''] = row.split('\t');
    const head = readFileSync(corpus(file))
      .subarray(0, 64 * 1024)
      .toString('utf8');
    const name = file.split('/').pop() ?? '';
    const best = specs
      .map((s) => ({ id: s.id, score: s.detect(head, name) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score)[0];
    if (ours[format]) {
      expect(best?.id, file).toBeDefined();
      expect(ours[format], file).toContain(best?.id);
      expect(best?.score, file).toBeGreaterThanOrEqual(0.9);
      claimed++;
    } else expect(best, file).toBeUndefined();
  }
  // MANIFEST rows of our formats: nessus 3 + nessus-v2-xml 2 + openvas-xml 6 + qualys-xml 8 + nexpose-xml 8.
  expect(claimed).toBe(27);
}
