// sslyze JSON (5.x corpus file, 3.x layout and a failed scan written by hand) and sslyze XML (1.4.3 corpus
// file): one observation per server with protocols, suites, weaknesses and certificate problems; broken input
// refused with a position and nothing imported.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { sslyzeJson } from '../../src-main/core/import/tls/sslyze-json';
import { sslyzeXml } from '../../src-main/core/import/tls/sslyze-xml';
import { ParseError } from '../../src-main/core/import/types';
import type { Observation } from '../../src-main/core/model/observation';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { corpus, corpusAvailable, expectUntouched, importInto, parseWith } from './import-helpers';

const values = (o: Observation | undefined, key: string) =>
  (o?.facts ?? []).filter((f) => f.key === key).map((f) => f.value);
const count = (store: EngagementStore, table: string) =>
  store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();

describe.skipIf(!corpusAvailable)('sslyze JSON 5.0.1 (corpus tls/sslyze-two-targets.json)', () => {
  const file = () => corpus('tls/sslyze-two-targets.json');

  it('gives one observation per server with its protocols, suites and weak suites', () => {
    const out = parseWith(sslyzeJson, readFileSync(file()), {}, 4093);
    // Same result when the text arrives in 7-character pieces.
    expect(parseWith(sslyzeJson, readFileSync(file()), {}, 7)).toEqual(out);
    // jq '.server_scan_results | length' -> 2; hostnames and addresses from .server_location.
    expect(out.observations.map((o) => [o.hostIp, o.hostNames, o.port, o.state, o.proto, o.tunnel])).toEqual([
      ['82.135.216.30', ['example.com'], 443, 'open', 'tcp', 'ssl'],
      ['104.21.26.66', ['example2.com'], 443, 'open', 'tcp', 'ssl'],
    ]);
    expect(out.hosts).toHaveLength(2);
    const [one, two] = out.observations;
    // jq '[.scan_result | to_entries[] | select(.key|endswith("_cipher_suites")) | select(.value.result.is_tls_version_supported) | .key]'
    expect(values(one, 'tls.protocol')).toEqual(['TLSv1.2']);
    expect(values(two, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    // jq '[.scan_result | to_entries[] | select(.key|endswith("_cipher_suites")) | .value.result.accepted_cipher_suites[].cipher_suite.name] | unique | length'
    expect(values(one, 'tls.cipher')).toHaveLength(17);
    expect(values(two, 'tls.cipher')).toHaveLength(10);
    // The same names filtered by jq test("RC4|3DES|_DES_|EXPORT|NULL|anon").
    expect(values(one, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_3DES_EDE_CBC_SHA']);
    expect(values(two, 'tls.cipher.weak')).toEqual([]);
    // heartbleed/ccs false, robot NOT_VULNERABLE_*, secure renegotiation true, no client renegotiation, no
    // compression: jq '.server_scan_results[].scan_result | [.heartbleed.result.is_vulnerable_to_heartbleed, …]'
    expect(values(one, 'vuln')).toEqual([]);
    expect(values(two, 'vuln')).toEqual([]);
    // Leaf certificates: hostname matches, every trust store validates, RSA 2048 / EC 256, valid after the scan.
    expect(values(one, 'tls.certificate')).toEqual([]);
    expect(values(two, 'tls.certificate')).toEqual([]);
    // jq -r .date_scans_completed -> 2022-01-17T17:23:32.798533 (naive, UTC)
    expect(one?.seenAt).toBe('2022-01-17T17:23:32.798Z');
    expect(out.meta).toMatchObject({ scanner: 'sslyze', 'scanner.version': '5.0.1' });
    expect(out.notes).toEqual([]);
  });

  it('records where each suite was accepted and why it is weak', () => {
    const out = parseWith(sslyzeJson, readFileSync(file()));
    const weak = out.observations[0]?.facts.find((f) => f.key === 'tls.cipher.weak');
    expect(weak).toMatchObject({ source: 'sslyze:tls_1_2_cipher_suites' });
    expect(weak?.evidence).toMatch(/TLSv1\.2: 3DES by name/);
  });

  it('truncated copies fail with the line and column where the JSON stops', () => {
    const bytes = readFileSync(file());
    for (const at of [1, 5_000, 400_000, bytes.length - 2]) {
      let err: unknown;
      try {
        parseWith(sslyzeJson, bytes.subarray(0, at));
      } catch (e) {
        err = e;
      }
      expect(err, `cut at ${at}`).toBeInstanceOf(ParseError);
      expect((err as ParseError).line).toBeGreaterThanOrEqual(1);
      expect((err as ParseError).message).toMatch(/not valid JSON .*expected an sslyze --json_out report/);
    }
  });

  it('imports through the runner by detection, and a truncated copy leaves the engagement untouched', async () => {
    const { store, result } = await importInto(file());
    expect(result).toMatchObject({ format: 'sslyze-json', observationCount: 2, hostCount: 2 });
    // 17 + 10 suites, 1 + 4 protocols, 1 weak suite.
    expect(count(store, 'observation_fact')).toBe(17 + 10 + 1 + 4 + 1);
    store.close();

    const dir = tempDir();
    writeFileSync(join(dir, 'cut.json'), readFileSync(file()).subarray(0, 300_000));
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'cut.json'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/cut\.json: line \d+, column \d+: not valid JSON.*sslyze/),
    });
    expectUntouched(empty);
    empty.close();
  });
});

// Hand-written in the sslyze 3.x/4.x layout (as sslyze 3.0.7 writes it, cf. DefectDojo's
// unittests/scans/sslyze/one_target_one_vuln_old.json): results directly under scan_commands_results, the
// location under server_info, failures in scan_commands_errors and server_connectivity_errors.
const SSLYZE_3 = JSON.stringify({
  server_connectivity_errors: [{ server_string: 'down.example.test:443', error_message: 'Connection rejected' }],
  server_scan_results: [
    {
      scan_commands: ['certificate_info', 'heartbleed', 'robot', 'ssl_3_0_cipher_suites', 'tls_1_0_cipher_suites'],
      scan_commands_errors: { session_resumption: { reason: 'BUG_IN_SSLYZE', exception_trace: 'Traceback…' } },
      scan_commands_extra_arguments: {},
      scan_commands_results: {
        certificate_info: {
          certificate_deployments: [
            {
              leaf_certificate_subject_matches_hostname: false,
              path_validation_results: [
                {
                  openssl_error_string: 'certificate has expired',
                  trust_store: { name: 'Mozilla' },
                  verified_certificate_chain: null,
                },
              ],
              received_certificate_chain: [
                {
                  notAfter: '2020-12-21T19:13:34',
                  publicKey: { algorithm: '_RSAPublicKey', exponent: 65537, size: 1024 },
                  signatureAlgorithm: 'sha1',
                  subject: { rfc4514_string: 'CN=legacy.example.test' },
                },
              ],
              verified_chain_has_sha1_signature: false,
            },
          ],
        },
        heartbleed: { is_vulnerable_to_heartbleed: true },
        openssl_ccs_injection: { is_vulnerable_to_ccs_injection: false },
        robot: { robot_result: 'VULNERABLE_STRONG_ORACLE' },
        session_renegotiation: { accepts_client_renegotiation: true, supports_secure_renegotiation: true },
        ssl_3_0_cipher_suites: {
          accepted_cipher_suites: [
            {
              cipher_suite: {
                is_anonymous: false,
                key_size: 128,
                name: 'TLS_RSA_WITH_RC4_128_SHA',
                openssl_name: 'RC4-SHA',
              },
            },
          ],
          rejected_cipher_suites: [],
          tls_version_used: 'SSL_3_0',
        },
        tls_1_0_cipher_suites: {
          accepted_cipher_suites: [
            {
              cipher_suite: {
                is_anonymous: false,
                key_size: 128,
                name: 'TLS_RSA_WITH_RC4_128_SHA',
                openssl_name: 'RC4-SHA',
              },
            },
            {
              cipher_suite: {
                is_anonymous: true,
                key_size: 128,
                name: 'TLS_DH_anon_WITH_AES_128_CBC_SHA',
                openssl_name: 'ADH-AES128-SHA',
              },
            },
            {
              cipher_suite: {
                is_anonymous: false,
                key_size: 128,
                name: 'TLS_RSA_WITH_AES_128_CBC_SHA',
                openssl_name: 'AES128-SHA',
              },
            },
          ],
          rejected_cipher_suites: [],
          tls_version_used: 'TLS_1_0',
        },
        tls_1_2_cipher_suites: { accepted_cipher_suites: [], rejected_cipher_suites: [], tls_version_used: 'TLS_1_2' },
        tls_compression: { supports_compression: true },
        tls_fallback_scsv: { supports_fallback_scsv: false },
      },
      server_info: {
        network_configuration: {
          tls_opportunistic_encryption: 'SMTP',
          tls_server_name_indication: 'legacy.example.test',
        },
        server_location: { hostname: 'legacy.example.test', ip_address: '192.0.2.10', port: 25 },
        tls_probing_result: { highest_tls_version_supported: 'TLS_1_0' },
      },
    },
  ],
  sslyze_url: 'https://github.com/nabla-c0d3/sslyze',
  sslyze_version: '3.0.7',
  total_scan_time: 12.5,
});

describe('sslyze JSON 3.x layout (hand-written fixture)', () => {
  it('reads scan_commands_results, STARTTLS, vulnerabilities and certificate problems', () => {
    expect(sslyzeJson.detect(SSLYZE_3, 'x.json')).toBeGreaterThanOrEqual(0.9);
    const out = parseWith(sslyzeJson, SSLYZE_3, {}, 7);
    // Counted from the fixture above: one scanned server.
    expect(out.observations).toHaveLength(1);
    const o = out.observations[0];
    expect(o).toMatchObject({
      hostIp: '192.0.2.10',
      hostNames: ['legacy.example.test'],
      port: 25,
      service: 'smtp',
      tunnel: null,
    });
    // ssl_3_0 and tls_1_0 accepted suites; tls_1_2 accepted none.
    expect(values(o, 'tls.protocol')).toEqual(['SSLv3', 'TLSv1.0']);
    expect(values(o, 'tls.cipher')).toEqual([
      'TLS_RSA_WITH_RC4_128_SHA',
      'TLS_DH_anon_WITH_AES_128_CBC_SHA',
      'TLS_RSA_WITH_AES_128_CBC_SHA',
    ]);
    expect(values(o, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_RC4_128_SHA', 'TLS_DH_anon_WITH_AES_128_CBC_SHA']);
    expect(
      o?.facts.find((f) => f.value === 'TLS_DH_anon_WITH_AES_128_CBC_SHA' && f.key === 'tls.cipher.weak')?.evidence,
    ).toMatch(/sslyze: anonymous suite; anonymous by name/);
    expect(values(o, 'vuln')).toEqual(['heartbleed', 'ROBOT', 'client-initiated renegotiation', 'CRIME']);
    expect(values(o, 'tls.certificate')).toEqual(['hostname mismatch', 'expired', 'weak key', 'weak signature']);
    expect(out.meta['scanner.version']).toBe('3.0.7');
    // The connectivity error and the failed command are parse coverage.
    expect(out.notes.map((n) => n.what)).toEqual([
      'sslyze could not connect to down.example.test:443: Connection rejected',
      'sslyze session_resumption failed on legacy.example.test:25: BUG_IN_SSLYZE',
    ]);
  });

  it('a 5.x server that could not be reached is noted, not observed', () => {
    const doc = JSON.stringify({
      date_scans_started: '2024-05-01T10:00:00',
      date_scans_completed: '2024-05-01T10:00:09',
      server_scan_results: [
        {
          server_location: { hostname: 'down.example.test', port: 443, ip_address: '192.0.2.99' },
          scan_status: 'ERROR_NO_CONNECTIVITY',
          connectivity_error_trace: 'TCP connection refused',
          scan_result: null,
        },
        {
          server_location: { hostname: 'up.example.test', port: 8443, ip_address: '192.0.2.1' },
          scan_status: 'COMPLETED',
          scan_result: {
            heartbleed: { status: 'ERROR', error_reason: 'CONNECTIVITY_ISSUE', result: null },
            tls_1_2_cipher_suites: {
              status: 'COMPLETED',
              result: { is_tls_version_supported: true, accepted_cipher_suites: [], tls_version_used: 'TLS_1_2' },
            },
            http_headers: { status: 'NOT_SCHEDULED', result: null },
            future_check: { status: 'COMPLETED', result: {} },
          },
        },
      ],
      sslyze_version: '6.0.0',
    });
    const out = parseWith(sslyzeJson, doc);
    expect(out.observations.map((o) => [o.hostNames[0], o.port, values(o, 'tls.protocol')])).toEqual([
      ['up.example.test', 8443, ['TLSv1.2']],
    ]);
    expect(out.observations[0]?.seenAt).toBe('2024-05-01T10:00:09.000Z');
    expect(out.notes.map((n) => n.what)).toEqual([
      'sslyze did not scan down.example.test:443 (scan_status ERROR_NO_CONNECTIVITY) TCP connection refused',
      'sslyze heartbleed failed on up.example.test:8443: CONNECTIVITY_ISSUE',
      'unrecognised sslyze command result "future_check" on up.example.test:8443',
    ]);
  });
});

describe.skipIf(!corpusAvailable)('sslyze XML 1.4.3 (corpus tls/sslyze-report-two-targets.xml)', () => {
  const file = () => corpus('tls/sslyze-report-two-targets.xml');

  it('gives one observation per <target> with protocols, suites, vulnerabilities', () => {
    const out = parseWith(sslyzeXml, readFileSync(file()), {}, 4093);
    expect(parseWith(sslyzeXml, readFileSync(file()), {}, 7)).toEqual(out);
    // xmllint --xpath '//target/@host | //target/@ip | //target/@tlsWrappedProtocol': both https.
    expect(out.observations.map((o) => [o.hostIp, o.hostNames, o.port, o.service, o.tunnel])).toEqual([
      ['35.231.145.151', ['www.gitlab.com'], 443, 'https', 'ssl'],
      ['174.129.35.144', ['www.heroku.com'], 443, 'https', 'ssl'],
    ]);
    const [gitlab, heroku] = out.observations;
    // count(//target[N]/*[@isProtocolSupported='True']) -> 1 and 3
    expect(values(gitlab, 'tls.protocol')).toEqual(['TLSv1.2']);
    expect(values(heroku, 'tls.protocol')).toEqual(['TLSv1.0', 'TLSv1.1', 'TLSv1.2']);
    // xmllint --xpath '//target[N]/*/acceptedCipherSuites/cipherSuite/@name | //target[N]/*/preferredCipherSuite/cipherSuite/@name' | sort -u | wc -l
    expect(values(gitlab, 'tls.cipher')).toHaveLength(12);
    expect(values(heroku, 'tls.cipher')).toHaveLength(13);
    // The accepted names filtered by grep -E 'RC4|3DES|_DES_|EXPORT|NULL|anon' -> 0 and 1
    expect(values(gitlab, 'tls.cipher.weak')).toEqual([]);
    expect(values(heroku, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_3DES_EDE_CBC_SHA']);
    // count(//target[2]//*[@isVulnerable='True']) -> 2 (heartbleed, CCS); sessionRenegotiation isSecure="False"
    // and canBeClientInitiated="True" on target 2 only; no VULNERABLE robotAttack, no compression.
    expect(values(gitlab, 'vuln')).toEqual([]);
    expect(values(heroku, 'vuln')).toEqual([
      'heartbleed',
      'CCS injection',
      'secure renegotiation missing',
      'client-initiated renegotiation',
    ]);
    // Every pathValidation is "ok", hostnames match, leaf keys are RSA 2048, no SHA-1 in the verified chains.
    expect(values(gitlab, 'tls.certificate')).toEqual([]);
    expect(values(heroku, 'tls.certificate')).toEqual([]);
    expect(out.meta).toMatchObject({ scanner: 'sslyze', 'scanner.version': '1.4.3' });
    expect(out.notes).toEqual([]);
  });

  it('truncated copies fail with the line where the document stops', () => {
    const text = readFileSync(file(), 'utf8');
    for (const at of [1000, 60_000, 150_000, text.length - 20]) {
      const cut = text.slice(0, at);
      let err: unknown;
      try {
        parseWith(sslyzeXml, cut);
      } catch (e) {
        err = e;
      }
      expect(err, `cut at ${at}`).toBeInstanceOf(ParseError);
      expect((err as ParseError).line).toBeGreaterThanOrEqual(cut.split('\n').length - 1);
    }
  });
});

describe('sslyze XML: certificate problems and failures (hand-written fixture in the 1.x layout)', () => {
  const XML = `<?xml version="1.0" encoding="utf-8"?>
<document SSLyzeVersion="2.1.4" title="SSLyze Scan Results">
  <results totalScanTime="3.2">
    <target host="legacy.example.test" ip="192.0.2.10" port="993" tlsWrappedProtocol="plain_tls">
      <certinfo title="Certificate Information">
        <receivedCertificateChain>
          <certificate><subject>commonName=legacy.example.test</subject><notAfter>2021-01-01 00:00:00</notAfter>
            <publicKey algorithm="RSA" size="1024"/></certificate>
        </receivedCertificateChain>
        <certificateValidation>
          <hostnameValidation certificateMatchesServerHostname="False" serverHostname="mail.example.test"/>
          <pathValidation usingTrustStore="Mozilla" validationResult="self signed certificate"/>
        </certificateValidation>
      </certinfo>
      <robot title="ROBOT Attack"><robotAttack resultEnum="VULNERABLE_WEAK_ORACLE"/></robot>
      <heartbleed title="OpenSSL Heartbleed" exception="timed out"/>
      <sslv3 isProtocolSupported="True" title="SSLV3 Cipher Suites">
        <preferredCipherSuite><cipherSuite anonymous="False" keySize="128" name="TLS_RSA_WITH_RC4_128_MD5"/></preferredCipherSuite>
        <acceptedCipherSuites><cipherSuite anonymous="False" keySize="128" name="TLS_RSA_WITH_RC4_128_MD5"/></acceptedCipherSuites>
        <rejectedCipherSuites><cipherSuite anonymous="False" name="TLS_RSA_WITH_NULL_SHA"/></rejectedCipherSuites>
        <errors><cipherSuite anonymous="False" connectionStatus="timeout" name="TLS_RSA_WITH_IDEA_CBC_SHA"/></errors>
      </sslv3>
      <shiny title="Future command"/>
    </target>
  </results>
  <invalidTargets><invalidTarget error="Could not resolve hostname">nowhere.example.test:443</invalidTarget></invalidTargets>
</document>`;

  it('records self-signed, mismatch and weak key, and notes what failed', () => {
    const out = parseWith(sslyzeXml, XML, {}, 7);
    const o = out.observations[0];
    expect(out.observations).toHaveLength(1);
    expect(o).toMatchObject({ hostIp: '192.0.2.10', port: 993, service: 'ssl', tunnel: 'ssl' });
    expect(values(o, 'tls.protocol')).toEqual(['SSLv3']);
    // The preferred suite is also accepted: one suite, weak by name; the rejected NULL suite is not in use.
    expect(values(o, 'tls.cipher')).toEqual(['TLS_RSA_WITH_RC4_128_MD5']);
    expect(values(o, 'tls.cipher.weak')).toEqual(['TLS_RSA_WITH_RC4_128_MD5']);
    expect(values(o, 'vuln')).toEqual(['ROBOT']);
    expect(values(o, 'tls.certificate')).toEqual(['hostname mismatch', 'weak key', 'self-signed']);
    expect(out.notes.map((n) => n.what)).toEqual([
      'sslyze OpenSSL Heartbleed failed on legacy.example.test:993: timed out',
      'sslyze could not test TLS_RSA_WITH_IDEA_CBC_SHA with SSLv3 on legacy.example.test:993: timeout',
      'unrecognised sslyze section <shiny> in <target> legacy.example.test:993',
      'sslyze could not scan nowhere.example.test:443: Could not resolve hostname',
    ]);
  });
});

describe('sslyze: hostile and wrong input', () => {
  const fails = (spec: typeof sslyzeJson, input: string | Buffer, message: RegExp) => {
    expect(() => parseWith(spec, input)).toThrow(ParseError);
    expect(() => parseWith(spec, input)).toThrow(message);
  };

  it('refuses empty input, binary junk and other documents', () => {
    fails(sslyzeJson, '', /empty.*sslyze/);
    fails(sslyzeXml, '', /no XML element found; expected <document>/);
    fails(sslyzeJson, Buffer.from([0x7b, 0x00, 0x01, 0x02]), /binary data/);
    fails(sslyzeJson, Buffer.from([0x7b, 0x22, 0xff, 0xfe]), /not UTF-8/);
    fails(sslyzeJson, '<?xml version="1.0"?><nmaprun/>', /not valid JSON/);
    fails(sslyzeJson, '{"server_scan_results": {"oops": 1}}', /expected an sslyze --json_out report/);
    fails(sslyzeJson, '[{"id":"service","ip":"a/1.2.3.4","port":"443"}]', /expected an sslyze --json_out report/);
    fails(sslyzeJson, '{"server_scan_results": [{"scan_result": {}}]}', /server_location with hostname and port/);
    fails(
      sslyzeXml,
      '<?xml version="1.0"?><nmaprun scanner="nmap"/>',
      /expected <document> as the root element, found <nmaprun>/,
    );
    fails(sslyzeXml, '<document title="SSLScan Results"/>', /SSLyzeVersion/);
    fails(sslyzeXml, '<document SSLyzeVersion="1"><results><target host="a"/></results></document>', /host and port/);
  });

  it('refuses entity declarations without expanding them', () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<document SSLyzeVersion="1"><results><target host="&b;" port="443"/></results></document>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<document SSLyzeVersion="1"><results><target host="&xxe;" port="443"/></results></document>`;
    fails(sslyzeXml, laughs, /entity declarations are refused/);
    fails(sslyzeXml, xxe, /entity declarations are refused/);
  });
});
