// Qualys XML: the scan report (<SCAN>, ids qualys-scan-xml) and the asset data report (<ASSET_DATA_REPORT>,
// qualys-asset-xml). Corpus files, a hand-written scan report, chunk-boundary safety and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src-main/core/model/observation';
import { importFile } from '../../src-main/core/import/run-import';
import { qualysAssetXml, qualysScanXml } from '../../src-main/core/import/scans/qualys-xml';
import { ParseError, type FormatSpec } from '../../src-main/core/import/types';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { corpus, corpusAvailable, countBy, importInto, parseWith } from './import-helpers';
import { fixedContext, newEngagement, tempDir } from './helpers';

const facts = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);
const at = (obs: Observation[], ip: string, proto: string, p: number) =>
  obs.find((o) => o.hostIp === ip && o.proto === proto && o.port === p);

/**
 * Hand-written scan report in the scan-1.dtd shape (QIDs and RESULT tables as Qualys writes them): the open
 * TCP/UDP services lists, SSH daemon information, SSLv3 / RC4 / TLS 1.0 findings on 443, a host-level vuln.
 */
const FIXTURE = `<?xml version="1.0" encoding="UTF-8" ?>
<!DOCTYPE SCAN SYSTEM "https://qualysapi.qualys.eu/scan-1.dtd">
<SCAN value="scan/1709280000.12345">
<HEADER>
  <KEY value="DATE">2024-03-01T08:00:00Z</KEY>
  <KEY value="TITLE"><![CDATA[Quarterly internal]]></KEY>
</HEADER>
<IP value="203.0.113.20" name="pay-gw.example">
  <OS><![CDATA[Linux 3.x]]></OS>
  <INFOS>
    <CAT value="Information gathering">
      <INFO number="45038" severity="1"><TITLE><![CDATA[Host Scan Time]]></TITLE>
        <RESULT><![CDATA[Scan duration: 300 seconds

Start time: Fri, Mar 01 2024, 08:05:00 GMT

End time: Fri, Mar 01 2024, 08:10:00 GMT]]></RESULT></INFO>
    </CAT>
  </INFOS>
  <SERVICES>
    <CAT value="TCP/IP">
      <SERVICE number="82023" severity="1"><TITLE><![CDATA[Open TCP Services List]]></TITLE>
        <RESULT><![CDATA[Port	IANA Assigned Ports/Services	Description	Service Detected	OS On Redirected Port
21	ftp	File Transfer [Control]	ftp
22	ssh	SSH Remote Login Protocol	ssh
443	https	http protocol over TLS/SSL	http over ssl
8081	unknown	unknown	unknown]]></RESULT></SERVICE>
      <SERVICE number="82004" severity="1"><TITLE><![CDATA[Open UDP Services List]]></TITLE>
        <RESULT><![CDATA[Port	IANA Assigned Ports/Services	Description	Service Detected
161	snmp	SNMP	snmp
500	isakmp	isakmp	unknown]]></RESULT></SERVICE>
    </CAT>
    <CAT value="General remote services" port="22" protocol="tcp">
      <SERVICE number="38047" severity="1"><TITLE><![CDATA[SSH daemon information retrieving]]></TITLE>
        <RESULT><![CDATA[SSH1 supported	no
SSH2 supported	yes
Supported key exchange algorithms for SSH2	curve25519-sha256,diffie-hellman-group1-sha1
Supported host key algorithms for SSH2	ssh-ed25519
Supported encryption ciphers for SSH2	aes256-ctr,3des-cbc
Supported encryption macs for SSH2	hmac-sha2-256,hmac-md5]]></RESULT></SERVICE>
    </CAT>
  </SERVICES>
  <VULNS>
    <CAT value="TCP/IP">
      <VULN number="82054" severity="2"><TITLE><![CDATA[TCP Sequence Number Approximation Based Denial of Service]]></TITLE><RESULT><![CDATA[Tested on port 22]]></RESULT></VULN>
    </CAT>
    <CAT value="General remote services" port="443" protocol="tcp">
      <VULN number="38606" severity="3"><TITLE><![CDATA[SSL Server Has SSLv3 Enabled Vulnerability]]></TITLE><RESULT><![CDATA[SSLv3 is supported]]></RESULT></VULN>
      <VULN number="38628" severity="3"><TITLE><![CDATA[SSL/TLS Server supports TLSv1.0]]></TITLE><RESULT><![CDATA[TLSv1.0 is supported]]></RESULT></VULN>
      <VULN number="38601" severity="3"><TITLE><![CDATA[SSL/TLS use of weak RC4(Arcfour) cipher]]></TITLE>
        <RESULT><![CDATA[CIPHER	KEY-EXCHANGE	AUTHENTICATION	MAC	ENCRYPTION(KEY-STRENGTH)	GRADE
TLSv1 WITH RC4 CIPHERS IS SUPPORTED	 	 	 	 	 
RC4-SHA	RSA	RSA	SHA1	RC4(128)	MEDIUM]]></RESULT></VULN>
    </CAT>
    <CAT value="SSH" port="22" protocol="tcp">
      <VULN number="38739" severity="3"><TITLE><![CDATA[Deprecated SSH Cryptographic Settings]]></TITLE>
        <RESULT><![CDATA[Type	Name
key exchange	diffie-hellman-group1-sha1
cipher	3des-cbc]]></RESULT></VULN>
    </CAT>
  </VULNS>
</IP>
</SCAN>
`;

describe('qualys-scan-xml: hand-written scan report', () => {
  const r = parseWith(qualysScanXml, FIXTURE, { fileName: 'scan.xml' }, 4093);
  const ip = '203.0.113.20';

  it('takes open ports from QIDs 82023/82004 and from the findings', () => {
    // 82023 lists 21, 22, 443, 8081/tcp; 82004 lists 161, 500/udp; findings add no other port.
    expect(r.observations.map((o) => `${o.port}/${o.proto} ${o.service} ${o.method} ${o.tunnel}`)).toEqual([
      '21/tcp ftp null null',
      '22/tcp ssh null null',
      '443/tcp http null ssl', // "http over ssl"
      '8081/tcp null null null', // unknown in both columns
      '161/udp snmp null null',
      '500/udp isakmp table null', // detected "unknown": only the IANA name, a guess
    ]);
    expect(countBy(r.observations, (o) => o.state)).toEqual({ open: 6 });
    // QID 45038's start time; the IP's name attribute.
    expect(r.hosts).toEqual([
      { ip, hostNames: ['pay-gw.example'], mac: null, status: 'up', seenAt: '2024-03-01T08:05:00.000Z' },
    ]);
    expect(r.observations.every((o) => o.seenAt === '2024-03-01T08:05:00.000Z')).toBe(true);
    expect(r.notes).toEqual([]);
  });

  it('reads SSH algorithms and TLS facts from RESULT tables', () => {
    const ssh = at(r.observations, ip, 'tcp', 22);
    expect(facts(ssh, 'ssh.protocol')).toEqual(['2']); // SSH1 no, SSH2 yes
    expect(facts(ssh, 'ssh.kex')).toEqual(['curve25519-sha256', 'diffie-hellman-group1-sha1']);
    expect(facts(ssh, 'ssh.cipher')).toEqual(['aes256-ctr', '3des-cbc']);
    expect(facts(ssh, 'ssh.mac')).toEqual(['hmac-sha2-256', 'hmac-md5']);
    expect(facts(ssh, 'ssh.weak')).toEqual(['diffie-hellman-group1-sha1', '3des-cbc']); // QID 38739's Name column
    const tls = at(r.observations, ip, 'tcp', 443);
    expect(facts(tls, 'tls.protocol')).toEqual(['SSLv3', 'TLSv1.0']);
    expect(facts(tls, 'tls.cipher.weak')).toEqual(['RC4-SHA']);
    // VULNS are vulnerabilities: each also a vuln fact; the host-level 82054 (no port) is not attached anywhere.
    expect(facts(tls, 'vuln')).toEqual([
      '38606: SSL Server Has SSLv3 Enabled Vulnerability',
      '38628: SSL/TLS Server supports TLSv1.0',
      '38601: SSL/TLS use of weak RC4(Arcfour) cipher',
    ]);
    expect(r.observations.flatMap((o) => o.facts).filter((f) => f.source === 'qualys:82054')).toEqual([]);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    for (const size of [7, 97]) expect(parseWith(qualysScanXml, FIXTURE, { fileName: 'scan.xml' }, size)).toEqual(r);
  });
});

describe.skipIf(!corpusAvailable)('qualys: corpus files', () => {
  const parse = (spec: FormatSpec, rel: string) => parseWith(spec, readFileSync(corpus(rel)), { fileName: rel }, 7);

  it('qualys-sample-report.xml (asset data report): 7 hosts, 53 ports, titles from the GLOSSARY', () => {
    const r = parse(qualysAssetXml, 'scans/qualys-sample-report.xml');
    // xmllint count(//HOST_LIST/HOST) = 7. Ports: a python3 xml.etree pass over each HOST, taking the
    // PORT/PROTOCOL of every VULN_INFO plus the rows of the QID 82023/82004 RESULT tables, gives
    // 4 + 3 + 3 + 8 + 6 + 19 + 10 = 53 distinct (ip, proto, port); no VULN_STATUS is Fixed (grep -c = 0).
    expect(r.hosts).toHaveLength(7);
    expect(r.observations).toHaveLength(53);
    // Same pass by protocol: tcp 1 + 1 + 1 + 3 + 5 + 10 + 7 = 28, udp 3 + 2 + 2 + 5 + 1 + 9 + 3 = 25.
    expect(countBy(r.observations, (o) => o.proto)).toEqual({ tcp: 28, udp: 25 });
    // 161/udp is in 64.41.200.243's Open UDP Services List only.
    expect(at(r.observations, '64.41.200.243', 'udp', 161)?.service).toBe('snmp');
    const rdp = at(r.observations, '64.41.200.247', 'tcp', 3389);
    expect([rdp?.service, rdp?.tunnel]).toEqual(['ms-wbt-server', 'ssl']);
    // QID 38116 on 3389: "TLSv1 PROTOCOL IS ENABLED" (others DISABLED) and 7 suite rows; 38628 "TLSv1.0 is supported".
    expect(facts(rdp, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.0']);
    expect(facts(rdp, 'tls.cipher')).toHaveLength(7);
    // 38601 (RC4-MD5, RC4-SHA) and 38657 (DES-CBC3-SHA).
    expect(facts(rdp, 'tls.cipher.weak')).toEqual(['RC4-MD5', 'RC4-SHA', 'DES-CBC3-SHA']);
    const web = at(r.observations, '64.41.200.250', 'tcp', 8443);
    // 38116 says SSLv3 and TLSv1, 1.1, 1.2 ENABLED; 38606 "SSLv3 is supported"; 38628 "TLSv1.0 is supported".
    expect([...new Set(facts(web, 'tls.protocol'))]).toEqual(['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2']);
    const ssh = at(r.observations, '64.41.200.243', 'tcp', 22);
    expect([ssh?.product, ssh?.version]).toEqual(['OpenSSH', '5.3']); // QID 38050 "SSH-2.0-OpenSSH_5.3"
    expect(facts(ssh, 'ssh.weak')).toEqual([
      'diffie-hellman-group1-sha1',
      'arcfour256',
      'arcfour128',
      '3des-cbc',
      'blowfish-cbc',
      'cast128-cbc',
      'arcfour',
    ]);
    expect(r.notes).toEqual([]);
  });

  it('the small asset reports: simple_asset (host-level finding only) and empty', () => {
    const a = parse(qualysAssetXml, 'scans/dradis-qualys--simple_asset.xml');
    expect([a.hosts.length, a.observations.length]).toEqual([1, 0]); // its one VULN_INFO has no PORT
    const e = parse(qualysAssetXml, 'scans/django-DefectDojo--empty.xml');
    expect([e.hosts.length, e.observations.length, e.notes.length]).toEqual([0, 0, 0]);
  });

  it('scan reports: dradis simple / two hosts / with_ciphers and the webgui exports', () => {
    const s = parse(qualysScanXml, 'scans/dradis-qualys--simple.xml');
    // 82023 lists "80 www ... http"; Web server findings on port 80; QID 86000 "Apache 1.3".
    expect(s.observations.map((o) => [o.port, o.service, o.product, o.version])).toEqual([
      [80, 'http', 'Apache', '1.3'],
    ]);
    const two = parse(qualysScanXml, 'scans/dradis-qualys--two_hosts_common_issue.xml');
    // xmllint count(//IP) = 2; each has findings in a CAT with port="80" (the first has no 82023 list:
    // its service comes from the "Web server" category, a guess).
    expect(two.observations.map((o) => `${o.hostIp} ${o.port} ${o.service} ${o.method}`)).toEqual([
      '10.0.155.157 80 http table',
      '10.0.155.160 80 http null',
    ]);
    expect(two.hosts.map((h) => h.hostNames)).toEqual([['smtp.example.com'], []]);
    const c = parse(qualysScanXml, 'scans/dradis-qualys--with_ciphers.xml');
    // QID 38140 here is titled "Apache Web Server ETag ..." (a fixture): no TLS fact, one vuln fact.
    expect(c.observations.map((o) => o.facts.map((f) => f.key))).toEqual([['vuln']]);
    const m = parse(qualysScanXml, 'scans/django-DefectDojo--qualys_infrascan_webgui_multiple.xml');
    // Its 82023/82004 RESULTs are the placeholder "some output": noted (2 hosts x 2), no port.
    expect([m.hosts.length, m.observations.length]).toEqual([2, 0]);
    expect(m.notes.map((n) => n.what)).toEqual([
      'QID 82023 (Open TCP Services List): RESULT is not a port table: "some output"',
      'QID 82004 (Open UDP Services List): RESULT is not a port table: "some output"',
      'QID 82023 (Open TCP Services List): RESULT is not a port table: "some output"',
      'QID 82004 (Open UDP Services List): RESULT is not a port table: "some output"',
    ]);
    const w3 = parse(qualysScanXml, 'scans/django-DefectDojo--qualys_infrascan_webgui_3.xml');
    expect([w3.hosts.length, w3.observations.length]).toEqual([1, 0]);
  });

  it('imports through the runner, each root to its format', async () => {
    for (const [file, format, obs] of [
      ['scans/qualys-sample-report.xml', 'qualys-asset-xml', 53],
      ['scans/dradis-qualys--simple.xml', 'qualys-scan-xml', 1],
    ] as const) {
      const { store, result } = await importInto(corpus(file));
      try {
        expect(result).toMatchObject({ format, observationCount: obs });
      } finally {
        store.close();
      }
    }
  });
});

describe('qualys: hostile and broken input', () => {
  const err = (spec: FormatSpec, text: string | Buffer): ParseError => {
    try {
      parseWith(spec, text, { fileName: 'x.xml' }, 7);
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    throw new Error('expected a ParseError');
  };

  it('a file cut anywhere fails with a line number', () => {
    for (const cut of [40, 600, 1800, FIXTURE.length - 20])
      expect(err(qualysScanXml, FIXTURE.slice(0, cut)).line).toBeGreaterThan(0);
  });

  it('refuses the other root, junk, empty input and entity declarations; says what is missing', () => {
    expect(err(qualysAssetXml, FIXTURE).message).toMatch(
      /expected <ASSET_DATA_REPORT> as the root element, found <SCAN>/,
    );
    expect(err(qualysScanXml, '<ASSET_DATA_REPORT/>').message).toMatch(/expected <SCAN>/);
    expect(err(qualysScanXml, Buffer.from([0x1f, 0x8b, 0x08, 0x00])).message).toMatch(/not UTF-8 text/);
    expect(err(qualysAssetXml, '').message).toMatch(/no XML element found; expected <ASSET_DATA_REPORT>/);
    expect(
      err(qualysScanXml, `<!DOCTYPE SCAN [<!ENTITY x SYSTEM "file:///etc/passwd">]><SCAN>&x;</SCAN>`).message,
    ).toMatch(/entity declarations are refused/);
    expect(err(qualysScanXml, `<SCAN value="scan/1"><IP name="x"></IP></SCAN>`).message).toMatch(
      /expected <IP> to have a value attribute/,
    );
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    const path = join(dir, 'cut-qualys.xml');
    writeFileSync(path, FIXTURE.slice(0, 2000));
    const store = newEngagement(dir);
    try {
      await expect(importFile(store, fixedContext(), path)).rejects.toMatchObject({ code: 'PARSE_ERROR' });
      for (const t of ['import', 'observation', 'observation_fact', 'scan_host', 'parse_note', 'stored_file']) {
        expect(store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
      }
      expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    } finally {
      store.close();
    }
  });
});
