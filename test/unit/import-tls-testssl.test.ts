// testssl.sh CSV (corpus file), flat JSON and pretty JSON (real testssl.sh 3.0.8 output, trimmed) and
// hand-written edge cases: one observation per scanned address and port, with the shared TLS fact keys.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { testsslCsv } from '../../src-main/core/import/tls/testssl-csv';
import { testsslJson } from '../../src-main/core/import/tls/testssl-json';
import { ParseError } from '../../src-main/core/import/types';
import type { Observation } from '../../src-main/core/model/observation';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, importInto, parseWith } from './import-helpers';

const values = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);
const count = (store: EngagementStore, table: string) =>
  store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

/*
 * Real output, trimmed: `testssl --quiet --warnings off --color 0 -p -E -S -U --jsonfile t1.json 127.0.0.1:44330`
 * (testssl.sh 3.0.8 from Debian 12) against `openssl s_server -accept 127.0.0.1:44330 -www -cipher
 * 'ALL:@SECLEVEL=0' -min_protocol TLSv1` with a self-signed RSA-1024 certificate valid 2020-01-01..2021-01-01.
 * Rows kept verbatim (selected with jq 'select(.id | IN(…))'); the DROWN_hint finding is shortened.
 */
const FLAT_ROWS = [
  { id: 'service', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'INFO', finding: 'HTTP' },
  { id: 'SSLv2', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'OK', finding: 'not offered' },
  { id: 'SSLv3', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'OK', finding: 'not offered' },
  { id: 'TLS1', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'LOW', finding: 'offered (deprecated)' },
  { id: 'TLS1_1', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'LOW', finding: 'offered (deprecated)' },
  { id: 'TLS1_2', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'OK', finding: 'offered' },
  { id: 'TLS1_3', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'OK', finding: 'offered with final' },
  { id: 'cert_keySize', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'MEDIUM', finding: 'RSA 1024 bits' },
  { id: 'cert_commonName', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'OK', finding: 'legacy.example.test' },
  {
    id: 'cert_trust',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'HIGH',
    finding: 'certificate does not match supplied URI',
  },
  {
    id: 'cert_chain_of_trust',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'CRITICAL',
    finding: 'failed (self signed).',
  },
  { id: 'cert_expirationStatus', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'CRITICAL', finding: 'expired' },
  {
    id: 'heartbleed',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'OK',
    cve: 'CVE-2014-0160',
    cwe: 'CWE-119',
    finding: 'not vulnerable, no heartbeat extension',
  },
  {
    id: 'CCS',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'OK',
    cve: 'CVE-2014-0224',
    cwe: 'CWE-310',
    finding: 'not vulnerable',
  },
  {
    id: 'secure_renego',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'OK',
    cwe: 'CWE-310',
    finding: 'supported',
  },
  {
    id: 'SWEET32',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'OK',
    cve: 'CVE-2016-2183 CVE-2016-6329',
    cwe: 'CWE-327',
    finding: 'not vulnerable',
  },
  {
    id: 'DROWN_hint',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    cve: 'CVE-2016-0800 CVE-2016-0703',
    cwe: 'CWE-310',
    finding: "Make sure you don't use this certificate elsewhere with SSLv2 enabled services",
  },
  {
    id: 'LOGJAM-common_primes',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'HIGH',
    cve: 'CVE-2015-4000',
    cwe: 'CWE-310',
    finding: 'RFC2409/Oakley Group 2',
  },
  {
    id: 'LOGJAM',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'OK',
    cve: 'CVE-2015-4000',
    cwe: 'CWE-310',
    finding: 'not vulnerable, no DH EXPORT ciphers,',
  },
  {
    id: 'BEAST_CBC_TLS1',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'MEDIUM',
    cve: 'CVE-2011-3389',
    cwe: 'CWE-20',
    finding: 'ECDHE-RSA-AES256-SHA DHE-RSA-AES256-SHA ADH-AES256-SHA AES256-SHA',
  },
  {
    id: 'BEAST',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'LOW',
    cve: 'CVE-2011-3389',
    cwe: 'CWE-20',
    finding: 'VULNERABLE -- but also supports higher protocols  TLSv1.1 TLSv1.2 (likely mitigated)',
  },
  {
    id: 'LUCKY13',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'LOW',
    cve: 'CVE-2013-0169',
    cwe: 'CWE-310',
    finding: 'potentially vulnerable, uses TLS CBC ciphers',
  },
  {
    id: 'RC4',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'OK',
    cve: 'CVE-2013-2566 CVE-2015-2808',
    cwe: 'CWE-310',
    finding: 'not vulnerable',
  },
  {
    id: 'cipher-tls1_xc014',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    finding:
      'TLS 1   xc014   ECDHE-RSA-AES256-SHA              ECDH 521   AES         256      TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  },
  {
    id: 'cipher-tls1_x3a',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    finding:
      'TLS 1   x3a     ADH-AES256-SHA                    DH 3072    AES         256      TLS_DH_anon_WITH_AES_256_CBC_SHA',
  },
  {
    id: 'cipher-tls1_1_x3a',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    finding:
      'TLS 1.1   x3a     ADH-AES256-SHA                    DH 3072    AES         256      TLS_DH_anon_WITH_AES_256_CBC_SHA',
  },
  {
    id: 'cipher-tls1_2_xc030',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    finding:
      'TLS 1.2   xc030   ECDHE-RSA-AES256-GCM-SHA384       ECDH 253   AESGCM      256      TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
  },
  {
    id: 'cipher-tls1_2_xa7',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    finding:
      'TLS 1.2   xa7     ADH-AES256-GCM-SHA384             DH 3072    AESGCM      256      TLS_DH_anon_WITH_AES_256_GCM_SHA384',
  },
  {
    id: 'cipher-tls1_2_x3a',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    finding:
      'TLS 1.2   x3a     ADH-AES256-SHA                    DH 3072    AES         256      TLS_DH_anon_WITH_AES_256_CBC_SHA',
  },
  {
    id: 'cipher-tls1_3_x1302',
    ip: '127.0.0.1/127.0.0.1',
    port: '44330',
    severity: 'INFO',
    finding:
      'TLS 1.3   x1302   TLS_AES_256_GCM_SHA384            ECDH 253   AESGCM      256      TLS_AES_256_GCM_SHA384',
  },
  { id: 'scanTime', ip: '127.0.0.1/127.0.0.1', port: '44330', severity: 'INFO', finding: '73' },
];

// The first two findings exactly as testssl.sh 3.0.8 lays out --jsonfile (for detection on the real layout).
const FLAT_HEAD = `[
         {
              "id"           : "service",
              "ip"           : "127.0.0.1/127.0.0.1",
              "port"         : "44330",
              "severity"     : "INFO",
              "finding"      : "HTTP"
          }
,         {
              "id"           : "pre_128cipher",
              "ip"           : "127.0.0.1/127.0.0.1",
              "port"         : "44330",
              "severity"     : "INFO",
              "finding"      : "No 128 cipher limit bug"
          }
`;

/* Real output, trimmed the same way: the same server with `-p -e -S -U --jsonfile-pretty t2.json`. */
const PRETTY = {
  Invocation: 'testssl --quiet --warnings off --color 0 -p -e -S -U --jsonfile-pretty t2.json 127.0.0.1:44330',
  at: 'vm:/usr/bin/openssl',
  version: '3.0.8  from ',
  openssl: 'OpenSSL 3.0.19 from Apr  3 12:29:32 2026',
  startTime: '1795767310',
  scanResult: [
    {
      targetHost: '127.0.0.1',
      ip: '127.0.0.1',
      port: '44330',
      rDNS: '--',
      service: 'HTTP',
      pretest: [{ id: 'pre_128cipher', severity: 'INFO', finding: 'No 128 cipher limit bug' }],
      protocols: [
        { id: 'SSLv2', severity: 'OK', finding: 'not offered' },
        { id: 'SSLv3', severity: 'OK', finding: 'not offered' },
        { id: 'TLS1', severity: 'LOW', finding: 'offered (deprecated)' },
        { id: 'TLS1_1', severity: 'LOW', finding: 'offered (deprecated)' },
        { id: 'TLS1_2', severity: 'OK', finding: 'offered' },
        { id: 'TLS1_3', severity: 'OK', finding: 'offered with final' },
      ],
      ciphers: [],
      cipherTests: [
        {
          id: 'cipher_x1302',
          severity: 'INFO',
          finding: 'x1302   TLS_AES_256_GCM_SHA384            ECDH 253   AESGCM      256      TLS_AES_256_GCM_SHA384',
        },
        {
          id: 'cipher_xc030',
          severity: 'INFO',
          finding:
            'xc030   ECDHE-RSA-AES256-GCM-SHA384       ECDH 253   AESGCM      256      TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
        },
        {
          id: 'cipher_xa7',
          severity: 'INFO',
          finding:
            'xa7     ADH-AES256-GCM-SHA384             DH 3072    AESGCM      256      TLS_DH_anon_WITH_AES_256_GCM_SHA384',
        },
        {
          id: 'cipher_x3a',
          severity: 'INFO',
          finding:
            'x3a     ADH-AES256-SHA                    DH 3072    AES         256      TLS_DH_anon_WITH_AES_256_CBC_SHA',
        },
      ],
      serverDefaults: [
        { id: 'cert_keySize', severity: 'MEDIUM', finding: 'RSA 1024 bits' },
        { id: 'cert_trust', severity: 'HIGH', finding: 'certificate does not match supplied URI' },
        { id: 'cert_chain_of_trust', severity: 'CRITICAL', finding: 'failed (self signed).' },
        { id: 'cert_expirationStatus', severity: 'CRITICAL', finding: 'expired' },
      ],
      vulnerabilities: [
        {
          id: 'heartbleed',
          severity: 'OK',
          cve: 'CVE-2014-0160',
          cwe: 'CWE-119',
          finding: 'not vulnerable, no heartbeat extension',
        },
        { id: 'secure_renego', severity: 'OK', cwe: 'CWE-310', finding: 'supported' },
        {
          id: 'LOGJAM-common_primes',
          severity: 'HIGH',
          cve: 'CVE-2015-4000',
          cwe: 'CWE-310',
          finding: 'RFC2409/Oakley Group 2',
        },
        {
          id: 'BEAST',
          severity: 'LOW',
          cve: 'CVE-2011-3389',
          cwe: 'CWE-20',
          finding: 'VULNERABLE -- but also supports higher protocols  TLSv1.1 TLSv1.2 (likely mitigated)',
        },
        { id: 'RC4', severity: 'OK', cve: 'CVE-2013-2566 CVE-2015-2808', cwe: 'CWE-310', finding: 'not vulnerable' },
      ],
    },
  ],
  scanTime: 126,
};

describe.skipIf(!corpusAvailable)('testssl.sh CSV (corpus tls/testssl-many-vuln.csv)', () => {
  const file = () => corpus('tls/testssl-many-vuln.csv');

  it('gives one observation per address, with protocols, suites and the reported weaknesses', () => {
    const out = parseWith(testsslCsv, readFileSync(file()), {}, 4093);
    expect(parseWith(testsslCsv, readFileSync(file()), {}, 7)).toEqual(out);
    // python3 csv: distinct (fqdn/ip, port) whose ip part is not empty -> 4 addresses of www.defectdojo.org
    expect(out.observations.map((o) => [o.hostIp, o.hostNames, o.port, o.service, o.tunnel])).toEqual([
      ['185.199.110.153', ['www.defectdojo.org'], 443, 'https', 'ssl'],
      ['185.199.108.153', ['www.defectdojo.org'], 443, 'https', 'ssl'],
      ['185.199.109.153', ['www.defectdojo.org'], 443, 'https', 'ssl'],
      ['185.199.111.153', ['www.defectdojo.org'], 443, 'https', 'ssl'],
    ]);
    expect(out.hosts).toHaveLength(4);
    for (const o of out.observations) {
      // Protocol rows whose finding starts "offered": only TLS1_2.
      expect(values(o, 'tls.protocol')).toEqual(['TLSv1.2']);
      // grep -c '^"cipher_x' -> 36 rows = 9 per address; last column of each finding is the IANA name.
      expect(values(o, 'tls.cipher')).toHaveLength(9);
      expect(values(o, 'tls.cipher.weak')).toEqual([]);
      // Rows with a CVE saying "vulnerable" (not "not vulnerable") or graded MEDIUM+: BREACH (HIGH,
      // "potentially VULNERABLE") and LUCKY13 (LOW, "potentially vulnerable").
      expect(values(o, 'vuln')).toEqual(['BREACH', 'LUCKY13']);
      // cert_expirationStatus "30 >= 30 days", chain "passed.", trust "Ok via SAN and CN", RSA 2048 INFO.
      expect(values(o, 'tls.certificate')).toEqual([]);
    }
    expect(values(out.observations[0], 'tls.cipher')).toContain('TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384');
    // The one run-level row (fqdn/ip ends in "/") is engine_problem WARN on line 2.
    expect(out.notes).toEqual([
      {
        line: 2,
        column: null,
        what: 'testssl engine_problem (WARN): No engine or GOST support via engine with your /opt/repo_github/testssl.sh/bin/openssl.Linux.x86_64',
      },
    ]);
  });

  it('imports through the runner by detection', async () => {
    const { store, result } = await importInto(file());
    // 4 x (1 protocol + 9 suites + 2 vulns)
    expect(result).toMatchObject({ format: 'testssl-csv', observationCount: 4, hostCount: 4, noteCount: 1 });
    expect(count(store, 'observation_fact')).toBe(4 * 12);
    store.close();
  });

  it('a copy cut inside a record fails with its line, and nothing is imported', async () => {
    const text = readFileSync(file(), 'utf8');
    // Cut five characters into lines 2, 30, 300 and the last: inside the quoted id field.
    const lineStarts = [0, ...[...text.matchAll(/\n/g)].map((m) => (m.index ?? 0) + 1)];
    const last = text.endsWith('\n') ? lineStarts.length - 2 : lineStarts.length - 1;
    for (const lineIndex of [1, 29, 299, last]) {
      const cut = text.slice(0, (lineStarts[lineIndex] ?? 0) + 5);
      let err: unknown;
      try {
        parseWith(testsslCsv, cut);
      } catch (e) {
        err = e;
      }
      expect(err, `cut in line ${lineIndex + 1}`).toBeInstanceOf(ParseError);
      expect((err as ParseError).line).toBe(lineIndex + 1);
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'cut.csv'), text.slice(0, 40_000));
    const store = newEngagement(dir);
    await expect(importFile(store, fixedContext(), join(dir, 'cut.csv'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
    });
    for (const t of ['import', 'observation', 'observation_fact', 'parse_note', 'artifact'])
      expect(count(store, t), t).toBe(0);
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });
});

describe('testssl.sh JSON (real 3.0.8 output, trimmed)', () => {
  const flat = JSON.stringify(FLAT_ROWS, null, 1);
  // Expected values counted from FLAT_ROWS: protocol rows "offered…", distinct last words of cipher-* findings,
  // the two of those with "_anon_", rows graded not OK/INFO or saying VULNERABLE.
  const offered = FLAT_ROWS.filter((r) => /^TLS1/.test(r.id) && r.finding.startsWith('offered')).length;
  const suites = new Set(
    FLAT_ROWS.filter((r) => r.id.startsWith('cipher-')).map((r) => r.finding.trim().split(/\s+/).pop()),
  );

  it('detects both layouts and nothing else', () => {
    expect(testsslJson.detect(FLAT_HEAD, 'x.json')).toBeGreaterThanOrEqual(0.9);
    expect(testsslJson.detect(flat, 'x.json')).toBeGreaterThanOrEqual(0.9);
    expect(testsslJson.detect(JSON.stringify(PRETTY, null, 2), 'x.json')).toBeGreaterThanOrEqual(0.9);
    expect(testsslJson.detect('[{"id":1,"name":"x"}]', 'x.json')).toBe(0);
    expect(testsslJson.detect('{"scanResult": []}', 'x.json')).toBe(0);
  });

  it('--jsonfile: protocols, per-protocol suites, certificate problems and vulnerabilities', () => {
    const out = parseWith(testsslJson, flat, {}, 7);
    expect(out.observations).toHaveLength(1);
    const o = out.observations[0];
    expect(o).toMatchObject({
      hostIp: '127.0.0.1',
      hostNames: [],
      port: 44330,
      service: 'https',
      tunnel: 'ssl',
      seenAt: null,
    });
    expect(offered).toBe(4);
    expect(values(o, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    expect(suites.size).toBe(5);
    expect(new Set(values(o, 'tls.cipher'))).toEqual(suites);
    expect(values(o, 'tls.cipher.weak')).toEqual([
      'TLS_DH_anon_WITH_AES_256_CBC_SHA',
      'TLS_DH_anon_WITH_AES_256_GCM_SHA384',
    ]);
    // The anonymous suite was accepted with three versions.
    expect(o?.facts.find((f) => f.value === 'TLS_DH_anon_WITH_AES_256_CBC_SHA')?.evidence).toMatch(
      /with TLSv1\.0, TLSv1\.1, TLSv1\.2/,
    );
    expect(values(o, 'tls.certificate')).toEqual(['weak key', 'hostname mismatch', 'self-signed', 'expired']);
    // LOGJAM-common_primes HIGH, BEAST "VULNERABLE", LUCKY13 "potentially vulnerable"; BEAST_CBC_TLS1 is BEAST's
    // detail row and DROWN_hint a hint, neither a verdict.
    expect(values(o, 'vuln')).toEqual(['LOGJAM', 'BEAST', 'LUCKY13']);
    expect(o?.facts.find((f) => f.key === 'vuln' && f.value === 'LOGJAM')?.evidence).toBe(
      'LOGJAM-common_primes: RFC2409/Oakley Group 2 [HIGH] CVE-2015-4000',
    );
    expect(out.notes).toEqual([]);
  });

  it('--jsonfile-pretty: the same findings grouped by section, with the start time and version', () => {
    const out = parseWith(testsslJson, JSON.stringify(PRETTY, null, 2), {}, 7);
    expect(out.observations).toHaveLength(1);
    const o = out.observations[0];
    expect(o).toMatchObject({ hostIp: '127.0.0.1', port: 44330, service: 'https', seenAt: '2026-11-27T08:15:10.000Z' });
    expect(values(o, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    // The four cipherTests rows name four distinct IANA suites, two "_anon_".
    expect(values(o, 'tls.cipher')).toEqual([
      'TLS_AES_256_GCM_SHA384',
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
      'TLS_DH_anon_WITH_AES_256_GCM_SHA384',
      'TLS_DH_anon_WITH_AES_256_CBC_SHA',
    ]);
    expect(values(o, 'tls.cipher.weak')).toHaveLength(2);
    expect(values(o, 'tls.certificate')).toEqual(['weak key', 'hostname mismatch', 'self-signed', 'expired']);
    expect(values(o, 'vuln')).toEqual(['LOGJAM', 'BEAST']);
    expect(out.meta).toMatchObject({
      scanner: 'testssl.sh',
      'scanner.version': '3.0.8',
      'scan.started': '2026-11-27T08:15:10.000Z',
    });
    expect(out.notes).toEqual([]);
  });

  it('refuses truncated, empty, junk and other JSON', () => {
    for (const at of [10, 500, Math.floor(flat.length / 2), flat.length - 3]) {
      const cut = flat.slice(0, at);
      let err: unknown;
      try {
        parseWith(testsslJson, cut);
      } catch (e) {
        err = e;
      }
      expect(err, `cut at ${at}`).toBeInstanceOf(ParseError);
      expect((err as ParseError).line).toBeGreaterThanOrEqual(1);
    }
    expect(() => parseWith(testsslJson, '')).toThrow(/empty/);
    expect(() => parseWith(testsslJson, Buffer.from([0x5b, 0, 1, 2]))).toThrow(/binary data/);
    expect(() => parseWith(testsslJson, '{"server_scan_results": []}')).toThrow(
      /expected a testssl.sh --jsonfile array/,
    );
    expect(() => parseWith(testsslJson, '[{"port": 1}]')).toThrow(
      /finding 0 in the array to be an object with an "id"/,
    );
    expect(() => parseWith(testsslJson, '<?xml version="1.0"?><nmaprun/>')).toThrow(/not valid JSON/);
  });
});

describe('testssl.sh CSV edge cases (hand-written in the --csvfile layout)', () => {
  const CSV = [
    '"id","fqdn/ip","port","severity","finding","cve","cwe"',
    '"service","mail.example.test/192.0.2.5","993","INFO","IMAP","",""',
    '"SSLv3","mail.example.test/192.0.2.5","993","HIGH","offered (NOT ok)","",""',
    '"TLS1_3","mail.example.test/192.0.2.5","993","INFO","local problem: no TLS 1.3 support","",""',
    '"cipherlist_EXPORT","mail.example.test/192.0.2.5","993","HIGH","offered (NOT ok)","","CWE-327"',
    '"cipherlist_NULL","mail.example.test/192.0.2.5","993","OK","not offered","","CWE-327"',
    '"cipher_x04","mail.example.test/192.0.2.5","993","INFO","x04     RC4-MD5                           RSA        RC4         128      TLS_RSA_WITH_RC4_128_MD5                           available","",""',
    '"cipher_x0a","mail.example.test/192.0.2.5","993","INFO","x0a     DES-CBC3-SHA                      RSA        3DES        168      TLS_RSA_WITH_3DES_EDE_CBC_SHA                      not a/v","",""',
    '"RC4","mail.example.test/192.0.2.5","993","HIGH","VULNERABLE (NOT ok): RC4-MD5","CVE-2013-2566 CVE-2015-2808","CWE-310"',
    '"secure_renego","mail.example.test/192.0.2.5","993","HIGH","Not supported / VULNERABLE (NOT ok)","","CWE-310"',
    '"cert_keySize <hostCert#1>","mail.example.test/192.0.2.5","993","MEDIUM","RSA 1024 bits","",""',
    '"cert_signatureAlgorithm <hostCert#1>","mail.example.test/192.0.2.5","993","MEDIUM","SHA1 with RSA","",""',
    '"winshock","mail.example.test/192.0.2.5","993","CRITICAL","VULNERABLE (NOT ok)","CVE-2014-6321",""',
    '"brand_new_check","mail.example.test/192.0.2.5","993","INFO","something, with ""quotes""',
    'and a second line","",""',
    '"banner_server","mail.example.test/192.0.2.5","993","INFO","<script>alert(1)</script>","",""',
    '"scanProblem","down.example.test/192.0.2.6","443","FATAL","Can\'t connect to 192.0.2.6:443","",""',
    '',
  ].join('\r\n');

  it('reads offered categories, per-suite rows, id suffixes, CVE-tied checks and multi-line fields', () => {
    expect(testsslCsv.detect(CSV, 'x.csv')).toBeGreaterThanOrEqual(0.9);
    const out = parseWith(testsslCsv, CSV, {}, 7);
    // Two targets; the second only has a scan problem, so it is noted and not observed.
    expect(out.observations).toHaveLength(1);
    const o = out.observations[0];
    expect(o).toMatchObject({
      hostIp: '192.0.2.5',
      hostNames: ['mail.example.test'],
      port: 993,
      service: 'imap',
      tunnel: 'ssl',
    });
    expect(values(o, 'tls.protocol')).toEqual(['SSLv3']);
    // The "not a/v" suite was tried and refused (--show-each).
    expect(values(o, 'tls.cipher')).toEqual(['TLS_RSA_WITH_RC4_128_MD5']);
    expect(values(o, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_RC4_128_MD5', 'EXPORT ciphers (testssl category)']);
    expect(values(o, 'vuln')).toEqual(['RC4', 'secure renegotiation missing', 'winshock']);
    expect(values(o, 'tls.certificate')).toEqual(['weak key', 'weak signature']);
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      [4, 'testssl TLS1_3 result not understood on mail.example.test:993: local problem: no TLS 1.3 support'],
      [
        14,
        'unrecognised testssl id "brand_new_check" (first seen on mail.example.test:993): something, with "quotes" and a second line',
      ],
      [17, "testssl scanProblem on down.example.test:443 (FATAL): Can't connect to 192.0.2.6:443"],
    ]);
  });

  it('refuses a wrong header, other formats, empty input and broken quoting', () => {
    expect(() => parseWith(testsslCsv, '')).toThrow(/empty; expected the testssl.sh CSV header/);
    expect(() => parseWith(testsslCsv, 'host,port,service\n1.2.3.4,22,ssh\n')).toThrow(
      /expected the testssl.sh CSV header/,
    );
    expect(() => parseWith(testsslCsv, JSON.stringify(FLAT_ROWS))).toThrow(ParseError);
    expect(() => parseWith(testsslCsv, Buffer.from([0x22, 0x69, 0, 0x64]))).toThrow(/binary data/);
    const header = '"id","fqdn/ip","port","severity","finding","cve","cwe"\n';
    expect(() => parseWith(testsslCsv, `${header}"a","b/1.2.3.4","443","OK"\n`)).toThrow(/expected 7 quoted fields/);
    expect(() => parseWith(testsslCsv, `${header}"a","b/1.2.3.4","443","OK","x"y","",""\n`)).toThrow(ParseError);
    try {
      parseWith(testsslCsv, `${header}"SSLv3","b/1.2.3.4","443","OK","not off`);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({
        line: 2,
        message: expect.stringMatching(/ends inside a quoted field opened on line 2/),
      });
    }
  });

  it('keeps HTML in findings as plain text', () => {
    const out = parseWith(testsslCsv, CSV);
    // banner_* rows are not facts, but unrecognised rows keep their text verbatim in notes.
    const oddRow = CSV.replace('"banner_server"', '"odd_row"');
    const notes = parseWith(testsslCsv, oddRow).notes.map((n) => n.what);
    expect(notes).toContain(
      'unrecognised testssl id "odd_row" (first seen on mail.example.test:993): <script>alert(1)</script>',
    );
    expect(out.observations).toHaveLength(1);
  });
});
