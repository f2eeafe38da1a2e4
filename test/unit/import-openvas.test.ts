// OpenVAS / Greenbone report XML: the corpus (GMP 9/22 reports, the OpenVAS 7 and GVM 24 layouts), a
// hand-written GMP fixture inside <get_reports_response>, chunk-boundary safety and hostile input.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src-main/core/model/observation';
import { importFile } from '../../src-main/core/import/run-import';
import { openvasXml } from '../../src-main/core/import/scans/openvas-xml';
import { ParseError } from '../../src-main/core/import/types';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { corpus, corpusAvailable, countBy, importInto, parseWith } from './import-helpers';
import { fixedContext, newEngagement, tempDir } from './helpers';

const facts = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);
const at = (obs: Observation[], proto: string, p: number) => obs.find((o) => o.proto === proto && o.port === p);

/**
 * Hand-written GMP report (the shape `gvm-cli ... get_reports` returns): results sorted by severity across
 * two hosts, a general/tcp result, a "telnet (23/tcp)" port with its service name, the <ports> list with a
 * port that has no result (3306/tcp), and host details (hostname, MAC, best_os_cpe) after the results.
 */
const FIXTURE = `<get_reports_response status="200" status_text="OK">
<report id="r1" format_id="a994b278-1f62-11e1-96ac-406186ea4fc5" extension="xml" content_type="text/xml">
<name>fixture</name>
<report id="r1">
<gmp><version>22.4</version></gmp>
<scan_start>2024-05-02T08:00:00Z</scan_start>
<ports start="1" max="-1"><count>5</count>
<port>23/tcp<host>198.51.100.7</host><severity>4.8</severity><threat>Medium</threat></port>
<port>443/tcp<host>198.51.100.7</host><severity>4.3</severity><threat>Medium</threat></port>
<port>161/udp<host>198.51.100.8</host><severity>7.5</severity><threat>High</threat></port>
<port>3306/tcp<host>198.51.100.8</host><severity>0.0</severity><threat>Log</threat></port>
<port>general/tcp<host>198.51.100.7</host><severity>10.0</severity><threat>High</threat></port>
</ports>
<results start="1" max="-1">
<result id="a1"><name>Operating System (OS) End of Life (EOL) Detection</name>
<host>198.51.100.7<asset asset_id=""/><hostname>pos-gw.example</hostname></host><port>general/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.103674"><type>nvt</type><name>Operating System (OS) End of Life (EOL) Detection</name></nvt>
<threat>High</threat><severity>10.0</severity><description>The "Windows Server 2008" OS has reached the end of life.</description></result>
<result id="a2"><name>Report default community names of the SNMP Agent</name>
<host>198.51.100.8<asset asset_id=""/><hostname></hostname></host><port>161/udp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.103914"><type>nvt</type><name>Report default community names of the SNMP Agent</name></nvt>
<threat>High</threat><severity>7.5</severity><description>SNMP Agent responded as expected when using the following community name:

public
</description></result>
<result id="a3"><name>Telnet Unencrypted Cleartext Login</name>
<host>198.51.100.7<asset asset_id=""/><hostname>pos-gw.example</hostname></host><port>telnet (23/tcp)</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.108522"><type>nvt</type><name>Telnet Unencrypted Cleartext Login</name></nvt>
<threat>Medium</threat><severity>4.8</severity><description></description></result>
<result id="a4"><name>SSL/TLS: Report Weak Cipher Suites</name>
<host>198.51.100.7<asset asset_id=""/><hostname>pos-gw.example</hostname></host><port>443/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.103440"><type>nvt</type><name>SSL/TLS: Report Weak Cipher Suites</name></nvt>
<threat>Medium</threat><severity>4.3</severity><description>'Weak' cipher suites accepted by this service via the TLSv1.0 protocol:

TLS_RSA_WITH_3DES_EDE_CBC_SHA
TLS_RSA_WITH_RC4_128_SHA
</description></result>
<result id="a5"><name>SSL/TLS: Deprecated TLSv1.0 and TLSv1.1 Protocol Detection</name>
<host>198.51.100.7<asset asset_id=""/><hostname>pos-gw.example</hostname></host><port>443/tcp</port>
<nvt oid="1.3.6.1.4.1.25623.1.0.117274"><type>nvt</type><name>SSL/TLS: Deprecated TLSv1.0 and TLSv1.1 Protocol Detection</name></nvt>
<threat>Medium</threat><severity>4.3</severity><description>In addition to TLSv1.2+ the service is also providing the deprecated TLSv1.0 and TLSv1.1 protocols and supports one or more ciphers. &lt;b&gt;See&lt;/b&gt; the VT.</description></result>
</results>
<host><ip>198.51.100.7</ip><start>2024-05-02T08:01:00Z</start><end>2024-05-02T08:30:00Z</end>
<detail><name>hostname</name><value>pos-gw.example</value><source><type>nvt</type></source></detail>
<detail><name>MAC</name><value>00:11:22:33:44:55</value></detail>
<detail><name>best_os_cpe</name><value>cpe:/o:microsoft:windows_server_2008</value></detail>
</host>
<host><ip>198.51.100.8</ip><start>2024-05-02T08:02:00Z</start>
<detail><name>hostname</name><value>db01.example</value></detail>
</host>
</report>
</report>
</get_reports_response>
`;

describe('openvas-xml: hand-written GMP fixture', () => {
  const r = parseWith(openvasXml, FIXTURE, { fileName: 'fixture.xml' }, 4093);
  const obs = r.observations;

  it('makes one observation per host+port from results and the <ports> list; general/tcp is host-level', () => {
    // Ports: 23/tcp, 443/tcp (198.51.100.7), 161/udp, 3306/tcp (198.51.100.8); general/tcp makes none.
    expect(obs.map((o) => `${o.hostIp} ${o.port}/${o.proto}`).sort()).toEqual([
      '198.51.100.7 23/tcp',
      '198.51.100.7 443/tcp',
      '198.51.100.8 161/udp',
      '198.51.100.8 3306/tcp',
    ]);
    expect(countBy(obs, (o) => o.state)).toEqual({ open: 4 });
    // Host details come after the results and still reach every observation of the host.
    expect(at(obs, 'tcp', 443)).toMatchObject({
      hostNames: ['pos-gw.example'],
      mac: '00:11:22:33:44:55',
      seenAt: '2024-05-02T08:01:00.000Z',
    });
    expect(at(obs, 'tcp', 3306)).toMatchObject({ hostNames: ['db01.example'], facts: [] });
    expect(r.hosts.map((h) => [h.ip, h.hostNames, h.seenAt])).toEqual([
      ['198.51.100.7', ['pos-gw.example'], '2024-05-02T08:01:00.000Z'],
      ['198.51.100.8', ['db01.example'], '2024-05-02T08:02:00.000Z'],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('reads the service name in "telnet (23/tcp)" and the facts of known NVTs', () => {
    expect(at(obs, 'tcp', 23)?.service).toBe('telnet');
    expect(facts(at(obs, 'tcp', 23), 'vuln')).toEqual([
      '1.3.6.1.4.1.25623.1.0.108522: Telnet Unencrypted Cleartext Login',
    ]);
    const snmp = at(obs, 'udp', 161);
    expect(snmp?.service).toBe('snmp'); // named by the NVT (no service in "161/udp")
    expect(facts(snmp, 'snmp.community')).toEqual(['public']);
    const tls = at(obs, 'tcp', 443);
    // "In addition to TLSv1.2+ ..." is the baseline; the deprecated ones named are TLSv1.0 and TLSv1.1.
    expect(facts(tls, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.1']);
    expect(facts(tls, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_3DES_EDE_CBC_SHA', 'TLS_RSA_WITH_RC4_128_SHA']);
    // Markup in descriptions stays text.
    expect(tls?.facts.find((f) => f.key === 'tls.protocol')?.evidence).toContain('<b>See</b>');
    expect(tls?.facts.find((f) => f.key === 'vuln')?.evidence).toMatch(/^severity Medium 4\.3; 'Weak' cipher suites/);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    for (const size of [7, 61]) expect(parseWith(openvasXml, FIXTURE, { fileName: 'fixture.xml' }, size)).toEqual(r);
  });
});

describe.skipIf(!corpusAvailable)('openvas-xml: corpus files', () => {
  const parse = (rel: string) => parseWith(openvasXml, readFileSync(corpus(rel)), { fileName: rel }, 7);

  it('openvas-many-vuln.xml (metasploitable, GMP 9): 14 ports, SSL/SSH/FTP facts, a sanitised address noted', () => {
    const r = parse('scans/openvas-many-vuln.xml');
    // xmllint count(//results/result) = 44; one is general/tcp; the other 43 are on 14 distinct ports
    // (//results/result/port/text() | sort -u lists 15 values including general/tcp).
    expect(r.observations.map((o) => o.port).sort((a, b) => a - b)).toEqual([
      21, 22, 80, 445, 512, 1524, 2121, 3632, 5432, 5900, 6200, 6667, 6697, 8787,
    ]);
    // Every result on those ports has severity > 0 and a distinct (NVT, port): 43 vuln facts.
    expect(r.observations.flatMap((o) => facts(o, 'vuln'))).toHaveLength(43);
    // The address "192.168.1.1001" is not an IP (the file was sanitised): kept as a name, noted once.
    expect(r.hosts).toEqual([
      {
        ip: null,
        hostNames: ['192.168.1.1001', 'b6b9f466d63'],
        mac: null,
        status: 'up',
        seenAt: '2023-09-26T10:50:34.000Z',
      },
    ]);
    expect(r.notes.map((n) => n.what)).toEqual(['host "192.168.1.1001" is not an IP address; kept as a host name']);
    const pg = at(r.observations, 'tcp', 5432);
    // 111012: "... the deprecated SSLv3 protocol ..."; 117274: "only providing the deprecated TLSv1.0 protocol".
    expect(facts(pg, 'tls.protocol')).toEqual(['SSLv3', 'TLSv1.0']);
    expect(facts(pg, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_RC4_128_SHA']);
    expect(facts(at(r.observations, 'tcp', 21), 'ftp.anonymous')).toEqual(['true']);
    // SSH NVTs list 2 weak KEX, 1 weak host key and 10 weak encryption algorithms (same 10 both directions).
    expect(facts(at(r.observations, 'tcp', 22), 'ssh.weak')).toHaveLength(13);
    expect(at(r.observations, 'tcp', 512)?.service).toBe('exec'); // "The rexec service is running"
  });

  it('dradis report_v7.xml (OpenVAS 7): results, extra ports from <ports>, a product CPE from <detection>', () => {
    const r = parse('scans/dradis-openvas--report_v7.xml');
    // count(//ports/port) = 9, two general/* -> 7 ports; the 6 results are on 4 of them.
    expect(r.observations.map((o) => o.port).sort((a, b) => a - b)).toEqual([25, 443, 541, 1443, 3390, 3391, 8443]);
    expect(at(r.observations, 'tcp', 8443)?.cpes).toEqual(['cpe:/a:apache:tomcat:6.0.26']);
    // "Check for SSL Weak Ciphers" with an empty description: a weak-cipher fact without suite names.
    expect(facts(at(r.observations, 'tcp', 443), 'tls.cipher.weak')).toEqual(['weak (suites not listed)']);
    expect(r.notes).toEqual([]);
  });

  it('dradis report_v24.xml (nested report, "http (80/tcp)"), report-detail-v2, one_vuln and no_vuln', () => {
    const v24 = parse('scans/dradis-openvas--report_v24.xml');
    expect(v24.observations.map((o) => [o.hostIp, o.hostNames, o.port, o.service])).toEqual([
      ['188.111.11.85', ['www.google.com'], 80, 'http'],
    ]);
    const d2 = parse('scans/openvas-report-detail-v2.xml');
    expect(d2.observations.map((o) => [o.hostIp, o.hostNames, `${o.port}/${o.proto}`])).toEqual([
      ['10.99.99.99', ['server99'], '42/tcp'],
    ]);
    // one_vuln: its single result is on general/tcp -> a host, no observation.
    const one = parse('scans/django-DefectDojo--one_vuln.xml');
    expect([one.hosts.length, one.observations.length]).toEqual([1, 0]);
    const none = parse('scans/django-DefectDojo--no_vuln.xml');
    expect([none.hosts.length, none.observations.length, none.notes.length]).toEqual([0, 0, 0]);
  });

  it('imports through the runner', async () => {
    const { store, result } = await importInto(corpus('scans/dradis-openvas--report_v7.xml'));
    try {
      expect(result).toMatchObject({ format: 'openvas-xml', hostCount: 1, observationCount: 7, noteCount: 0 });
    } finally {
      store.close();
    }
  });
});

describe('openvas-xml: hostile and broken input', () => {
  const err = (text: string | Buffer): ParseError => {
    try {
      parseWith(openvasXml, text, { fileName: 'x.xml' }, 7);
    } catch (e) {
      if (e instanceof ParseError) return e;
      throw e;
    }
    throw new Error('expected a ParseError');
  };

  it('a file cut anywhere fails with a line number', () => {
    for (const cut of [50, 700, 2000, FIXTURE.length - 40])
      expect(err(FIXTURE.slice(0, cut)).line, `cut ${cut}`).toBeGreaterThan(0);
  });

  it('refuses other formats, junk, empty input and entity declarations', () => {
    expect(err('<NessusClientData_v2></NessusClientData_v2>').message).toMatch(
      /expected <report> or <get_reports_response>/,
    );
    expect(err(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x41])).message).toMatch(/not UTF-8 text/);
    expect(err('').message).toMatch(/no XML element found; expected </);
    expect(
      err(
        `<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><report><results><result><host>&xxe;</host></result></results></report>`,
      ).message,
    ).toMatch(/entity declarations are refused/);
    expect(err(`<report><report><results><result id="x"><nvt/></result></results></report></report>`).message).toBe(
      'expected <nvt> to have an oid attribute',
    );
  });

  it('a failed import leaves the engagement unchanged', async () => {
    const dir = tempDir();
    const path = join(dir, 'cut-openvas.xml');
    writeFileSync(path, FIXTURE.slice(0, 2500));
    const store = newEngagement(dir);
    try {
      await expect(importFile(store, fixedContext(), path, { format: 'openvas-xml' })).rejects.toMatchObject({
        code: 'PARSE_ERROR',
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
