// Rapid7 Nexpose XML (NexposeReport 1.0/2.0 and the simple XML): corpus files including a duplicated node,
// a hand-written 2.0 report with TLS/SSH/FTP/telnet tests and configuration, chunk boundaries, hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src-main/core/model/observation';
import { importFile } from '../../src-main/core/import/run-import';
import { nexposeXml } from '../../src-main/core/import/scans/nexpose-xml';
import { ParseError } from '../../src-main/core/import/types';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { corpus, corpusAvailable, countBy, importInto, parseWith } from './import-helpers';
import { fixedContext, newEngagement, tempDir } from './helpers';

const facts = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);
const at = (obs: Observation[], ip: string, proto: string, p: number) =>
  obs.find((o) => o.hostIp === ip && o.proto === proto && o.port === p);

/**
 * Hand-written NexposeReport 2.0 (element and attribute names as InsightVM's "XML Export 2.0" writes them):
 * one node with FTP (anonymous access found), SSH (weak MACs), telnet, HTTPS (SSLv3 and TLS 1.0 offered
 * per configuration, RC4 test), a closed port, a not-vulnerable test and a node-level test.
 */
const FIXTURE = `<?xml version="1.0" encoding="UTF-8"?>
<NexposeReport version="2.0">
<scans><scan id="7" name="CDE quarterly" startTime="20240601T101500000" endTime="20240601T113000000" status="finished"/></scans>
<nodes>
<node address="192.0.2.50" status="alive" hardware-address="005056A1B2C3" device-id="12">
<names><name>pos-hub.example</name></names>
<fingerprints><os certainty="0.85" vendor="Microsoft" family="Windows" product="Windows Server 2016"/></fingerprints>
<tests><test id="generic-icmp-timestamp" status="vulnerable-exploited"><Paragraph>ICMP timestamp</Paragraph></test></tests>
<endpoints>
<endpoint protocol="tcp" port="21" status="open"><services><service name="FTP">
<fingerprints><fingerprint certainty="0.80" product="IIS" version="10.0"/></fingerprints>
<configuration><config name="ftp.banner">220 Microsoft FTP Service</config></configuration>
<tests>
<test id="ftp-generic-0002" status="vulnerable-exploited"><Paragraph><Paragraph>Running vulnerable FTP service.</Paragraph>Successfully authenticated to the FTP service with credentials: uid[anonymous] pw[nexpose@example.com]</Paragraph></test>
<test id="ftp-generic-0004" status="not-vulnerable"><Paragraph>Was not able to authenticate.</Paragraph></test>
</tests></service></services></endpoint>
<endpoint protocol="tcp" port="22" status="open"><services><service name="SSH">
<configuration><config name="ssh.banner">SSH-2.0-OpenSSH_for_Windows_8.1</config><config name="ssh.protocol.version">2.0</config></configuration>
<tests><test id="ssh-weak-message-authentication-code-algorithms" status="vulnerable-exploited"><Paragraph>Running SSH service. Insecure MAC algorithms in use: hmac-md5-96,hmac-sha1-96</Paragraph></test></tests>
</service></services></endpoint>
<endpoint protocol="tcp" port="23" status="open"><services><service name="Telnet"><tests>
<test id="telnet-open-port" status="vulnerable-version"><Paragraph><Paragraph>Running vulnerable Telnet service.</Paragraph></Paragraph></test>
</tests></service></services></endpoint>
<endpoint protocol="tcp" port="443" status="open"><services><service name="HTTPS">
<fingerprints><fingerprint certainty="0.90" vendor="Microsoft" family="IIS" product="IIS" version="10.0"/></fingerprints>
<configuration><config name="ssl">true</config><config name="sslv3">true</config><config name="tlsv1_0">true</config><config name="tlsv1_1">false</config><config name="tlsv1_2">true</config></configuration>
<tests>
<test id="tls-v1_0-enabled" status="vulnerable-exploited"><Paragraph>TLSv1.0 is supported</Paragraph></test>
<test id="rc4-cve-2013-2566" status="vulnerable-exploited"><Paragraph><Paragraph>Negotiated with the following insecure cipher suites: TLS 1.0 ciphers: TLS_RSA_WITH_RC4_128_SHA &lt;script&gt;x&lt;/script&gt;</Paragraph></Paragraph></test>
</tests></service></services></endpoint>
<endpoint protocol="tcp" port="3389" status="closed"><services><service name="RDP"><tests/></service></services></endpoint>
</endpoints>
</node>
</nodes>
<VulnerabilityDefinitions>
<vulnerability id="FTP-GENERIC-0002" title="FTP access with anonymous account" severity="4"><description><ContainerBlockElement><Paragraph>Anonymous FTP.</Paragraph></ContainerBlockElement></description></vulnerability>
<vulnerability id="ssh-weak-message-authentication-code-algorithms" title="SSH Weak Message Authentication Code Algorithms" severity="1"/>
<vulnerability id="telnet-open-port" title="Unencrypted Telnet Service Available" severity="4"/>
<vulnerability id="tls-v1_0-enabled" title="TLS Server Supports TLS version 1.0" severity="4"/>
<vulnerability id="rc4-cve-2013-2566" title="TLS/SSL Server Supports RC4 Cipher Algorithms (CVE-2013-2566)" severity="4"/>
</VulnerabilityDefinitions>
</NexposeReport>
`;

describe('nexpose-xml: hand-written NexposeReport 2.0', () => {
  const r = parseWith(nexposeXml, FIXTURE, { fileName: 'nexpose.xml' }, 4093);
  const ip = '192.0.2.50';

  it('makes one observation per endpoint, with state, service and product', () => {
    expect(
      r.observations.map((o) => `${o.port}/${o.proto} ${o.state} ${o.service} ${o.product} ${o.version} ${o.tunnel}`),
    ).toEqual([
      '21/tcp open ftp IIS 10.0 null',
      '22/tcp open ssh null null null',
      '23/tcp open telnet null null null',
      '443/tcp open https IIS 10.0 ssl',
      '3389/tcp closed rdp null null null',
    ]);
    expect(r.hosts).toEqual([
      {
        ip,
        hostNames: ['pos-hub.example'],
        mac: '00:50:56:A1:B2:C3',
        status: 'up',
        seenAt: '2024-06-01T10:15:00.000Z',
      },
    ]);
    expect(
      r.observations.every((o) => o.seenAt === '2024-06-01T10:15:00.000Z' && o.hostNames[0] === 'pos-hub.example'),
    ).toBe(true);
    expect(r.notes).toEqual([]);
  });

  it('reads facts from vulnerable tests and configuration only', () => {
    const ftp = at(r.observations, ip, 'tcp', 21);
    expect(facts(ftp, 'ftp.anonymous')).toEqual(['true']);
    expect(facts(ftp, 'banner')).toEqual(['220 Microsoft FTP Service']);
    // ftp-generic-0004 is not-vulnerable: no fact. Definitions are matched case-insensitively (FTP-GENERIC-0002).
    expect(facts(ftp, 'vuln')).toEqual(['ftp-generic-0002: FTP access with anonymous account']);
    const ssh = at(r.observations, ip, 'tcp', 22);
    expect(facts(ssh, 'ssh.protocol')).toEqual(['2']);
    expect(facts(ssh, 'ssh.weak')).toEqual(['hmac-md5-96', 'hmac-sha1-96']);
    const https = at(r.observations, ip, 'tcp', 443);
    // Config sslv3/tlsv1_0/tlsv1_2 = true (tlsv1_1 false) and the tls-v1_0-enabled test.
    expect(https?.facts.filter((f) => f.key === 'tls.protocol').map((f) => `${f.source}=${f.value}`)).toEqual([
      'nexpose:config:sslv3=SSLv3',
      'nexpose:config:tlsv1_0=TLSv1.0',
      'nexpose:config:tlsv1_2=TLSv1.2',
      'nexpose:tls-v1_0-enabled=TLSv1.0',
    ]);
    expect(facts(https, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_RC4_128_SHA']);
    expect(https?.facts.find((f) => f.key === 'tls.cipher.weak')?.evidence).toContain('<script>x</script>');
    expect(facts(at(r.observations, ip, 'tcp', 23), 'vuln')).toEqual([
      'telnet-open-port: Unencrypted Telnet Service Available',
    ]);
    // The node-level generic-icmp-timestamp test is about the host: on no observation.
    expect(r.observations.flatMap((o) => o.facts).some((f) => f.source.includes('icmp'))).toBe(false);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    for (const size of [7, 53]) expect(parseWith(nexposeXml, FIXTURE, { fileName: 'nexpose.xml' }, size)).toEqual(r);
  });
});

describe.skipIf(!corpusAvailable)('nexpose-xml: corpus files', () => {
  const parse = (rel: string) => parseWith(nexposeXml, readFileSync(corpus(rel)), { fileName: rel }, 7);

  it('nexpose-many-vulns.xml (1.0): 8 nodes, 27 endpoints, 15 vulnerable findings', () => {
    const r = parse('scans/nexpose-many-vulns.xml');
    // xmllint: count(//nodes/node) = 8, count(//endpoint) = 27, count(//endpoint[@status="open"]) = 27.
    expect(r.hosts).toHaveLength(8);
    expect(r.observations).toHaveLength(27);
    expect(countBy(r.observations, (o) => o.state)).toEqual({ open: 27 });
    // python3 xml.etree: endpoint tests with status vulnerable-* are 149, on 15 distinct (host, port, test id)
    // (http-basic-auth-cleartext repeats per URL); node-level tests are not attached to ports.
    expect(r.observations.flatMap((o) => facts(o, 'vuln'))).toHaveLength(15);
    const https = at(r.observations, '192.168.1.33', 'tcp', 443);
    // config ssl.version.ssl20 = true and test sslv2-and-up-enabled ("SSLv2 is supported").
    expect(facts(https, 'tls.protocol')).toEqual(['SSLv2', 'SSLv2']);
    // ssl-weak-ciphers lists 7 suites ("SSLv2 ciphers: SSL_CK_RC4_128_WITH_MD5 ... SSL_RSA_WITH_DES_CBC_SHA").
    expect(facts(https, 'tls.cipher.weak')).toHaveLength(7);
    expect(at(r.observations, '192.168.1.1', 'tcp', 22)).toMatchObject({
      product: 'Dropbear',
      version: '0.51',
      service: 'ssh',
    });
    expect(facts(at(r.observations, '192.168.1.1', 'tcp', 22), 'ssh.protocol')).toEqual(['2']); // ssh.protocol.version 2.0
    // The FTP "ftp-generic-000x" tests on 192.168.1.1:21 are all not-vulnerable: no anonymous fact.
    expect(facts(at(r.observations, '192.168.1.1', 'tcp', 21), 'ftp.anonymous')).toEqual([]);
    expect(r.hosts.find((h) => h.ip === '192.168.1.37')).toMatchObject({
      hostNames: ['MACBOOKPRO-C9A7'],
      mac: 'E4:CE:8F:49:0D:7C',
    });
    expect(r.notes).toEqual([]);
  });

  it('dradis full_with_duplicate_node.xml: the repeated node is merged into one host, and noted', () => {
    const r = parse('scans/dradis-nexpose--full_with_duplicate_node.xml');
    // Two <node address="1.1.1.1">, each with endpoints 123/udp and 161/udp (xmllint count(//endpoint) = 4).
    expect(r.hosts).toEqual([
      {
        ip: '1.1.1.1',
        hostNames: ['localhost:5000', 'localhost:6000'],
        mac: null,
        status: 'up',
        seenAt: '2014-11-10T09:45:38.362Z',
      },
    ]);
    expect(r.observations.map((o) => `${o.port}/${o.proto} ${o.service}`)).toEqual(['123/udp ntp', '161/udp snmp']);
    // The same vulnerable test in both nodes: one fact.
    expect(facts(r.observations[0], 'vuln')).toHaveLength(1);
    expect(r.notes).toEqual([
      { line: 56, column: null, what: 'node 1.1.1.1 appears more than once; its endpoints are merged into one host' },
    ]);
  });

  it('the other corpus files', () => {
    const dns = parse('scans/django-DefectDojo--dns.xml');
    // 2 endpoints (53/tcp, 53/udp) with 2 and 3 vulnerable tests; fingerprint product "Recursor" 4.3.5.
    expect(dns.observations.map((o) => [o.port, o.proto, o.service, o.product, facts(o, 'vuln').length])).toEqual([
      [53, 'tcp', 'domain', 'Recursor', 2],
      [53, 'udp', 'domain', 'Recursor', 3],
    ]);
    const auth = parse('scans/nexpose-report-auth.xml'); // 4 nodes, no endpoints
    expect([auth.hosts.length, auth.observations.length]).toEqual([4, 0]);
    const full = parse('scans/dradis-nexpose--full.xml');
    expect(full.observations.map((o) => `${o.port}/${o.proto}`)).toEqual(['123/udp', '161/udp']);
    const ssl = parse('scans/dradis-nexpose--ssl.xml'); // a definition, no endpoint
    expect([ssl.hosts.length, ssl.observations.length]).toEqual([1, 0]);
    // The simple XML's only service has port="000": no port, noted.
    const simple = parse('scans/dradis-nexpose--simple.xml');
    expect([simple.hosts.length, simple.observations.length]).toEqual([1, 0]);
    expect(simple.notes.map((n) => n.what)).toEqual(['service "000/udp" on 1.1.1.1: no usable port/protocol; skipped']);
    // A <nodes> element nested inside the node (DefectDojo fixture): noted, the rest read.
    const odd = parse('scans/2-django-DefectDojo--no_vuln.xml');
    expect([odd.hosts.length, odd.observations.length]).toEqual([1, 0]);
    expect(odd.notes.map((n) => n.what)).toEqual(['skipped <nodes> nested in <node> 192.168.1.1']);
  });

  it('imports through the runner', async () => {
    const { store, result } = await importInto(corpus('scans/nexpose-many-vulns.xml'));
    try {
      expect(result).toMatchObject({ format: 'nexpose-xml', hostCount: 8, observationCount: 27, noteCount: 0 });
    } finally {
      store.close();
    }
  });
});

describe('nexpose-xml: hostile and broken input', () => {
  const err = (text: string | Buffer): ParseError => {
    try {
      parseWith(nexposeXml, text, { fileName: 'x.xml' }, 7);
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    throw new Error('expected a ParseError');
  };

  it('a file cut anywhere fails with a line number', () => {
    for (const cut of [45, 900, 2600, FIXTURE.length - 25]) expect(err(FIXTURE.slice(0, cut)).line).toBeGreaterThan(0);
  });

  it('refuses other formats, junk, empty input and entity declarations; says what is missing', () => {
    expect(err('<report id="x"></report>').message).toMatch(/expected <NexposeReport> or <NeXposeSimpleXML>/);
    expect(err(Buffer.from([0x1f, 0x8b, 0x08, 0x00])).message).toMatch(/not UTF-8 text/);
    expect(err('').message).toMatch(/no XML element found; expected </);
    const laughs = `<!DOCTYPE n [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><NexposeReport version="2.0">&b;</NexposeReport>`;
    expect(err(laughs).message).toMatch(/entity declarations are refused/);
    expect(err(`<NexposeReport version="2.0"><nodes>\n<node status="alive"/></nodes></NexposeReport>`)).toMatchObject({
      message: 'expected <node> to have an address attribute',
      line: 2,
    });
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    const path = join(dir, 'cut-nexpose.xml');
    writeFileSync(path, FIXTURE.slice(0, 1500));
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
