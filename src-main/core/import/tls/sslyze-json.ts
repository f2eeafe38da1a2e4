// sslyze `--json_out` reports: 5.x/6.x (`scan_result` with a status per command) and 3.x/4.x
// (`scan_commands_results` holding the results directly, `server_info.server_location`). One observation per
// scanned server, with its accepted protocol versions and suites, vulnerabilities and certificate problems.
import { jsonDocumentParser } from '../json';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { weakKeyReason } from './cipher-strength';
import { CERT_ISSUE, clip, Endpoint, EndpointEmitter, isoUtc, portNumber, VULN } from './endpoint';
import { arr, isObject, no, num, obj, str, yes, type JsonObject } from './json-fields';
import { normaliseTlsProtocol, type TlsProtocol } from './protocol-names';

const WHAT = 'an sslyze --json_out report (an object with a "server_scan_results" array)';

const CIPHER_COMMANDS: Record<string, TlsProtocol> = {
  ssl_2_0_cipher_suites: 'SSLv2',
  ssl_3_0_cipher_suites: 'SSLv3',
  tls_1_0_cipher_suites: 'TLSv1.0',
  tls_1_1_cipher_suites: 'TLSv1.1',
  tls_1_2_cipher_suites: 'TLSv1.2',
  tls_1_3_cipher_suites: 'TLSv1.3',
};

// Commands whose results do not bear on Requirement 1.2.6 evidence: curves, resumption, early data, and the
// downgrade-protection (SCSV) flag, which only matters beside an old protocol version (and those are recorded).
const IGNORED_COMMANDS = new Set(['elliptic_curves', 'session_resumption', 'tls_1_3_early_data', 'tls_fallback_scsv']);

// Top-level keys that carry run information rather than results.
const TOP_KEYS = new Set([
  'date_scans_completed',
  'date_scans_started',
  'server_scan_results',
  'server_connectivity_errors',
  'invalid_server_strings',
  'sslyze_url',
  'sslyze_version',
  'total_scan_time',
]);

export const sslyzeJson: FormatSpec = {
  id: 'sslyze-json',
  label: 'sslyze JSON',
  family: 'tls',
  parserVersion: '1',
  detector:
    'JSON object with "server_scan_results" and sslyze keys ("server_location", "scan_commands_results" or "sslyze_version")',
  detect(head) {
    if (!/^\s*\{/.test(head) || !/"server_scan_results"\s*:/.test(head)) return 0;
    // 5.x writes keys in order, so the location and version may lie beyond the head: its connectivity keys do not.
    const sslyzeKeys =
      /"(server_location|scan_commands_results|scan_commands|connectivity_status|tls_probing_result|sslyze_version|sslyze_url)"\s*:/;
    return sslyzeKeys.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create(sink) {
    return jsonDocumentParser(WHAT, (doc) => readReport(doc, sink));
  },
};

function readReport(doc: unknown, sink: ImportSink): void {
  const results = isObject(doc) ? arr(doc, 'server_scan_results') : null;
  if (!isObject(doc) || !results) throw new ParseError(`expected ${WHAT}`, 1, 1);
  sink.meta('scanner', 'sslyze');
  const version = str(doc, 'sslyze_version');
  if (version) sink.meta('scanner.version', version);
  const started = isoUtc(doc.date_scans_started);
  const finished = isoUtc(doc.date_scans_completed);
  if (started) sink.meta('scan.started', started);
  if (finished) sink.meta('scan.finished', finished);
  for (const key of Object.keys(doc)) {
    if (!TOP_KEYS.has(key))
      sink.note({ line: null, column: null, what: `unrecognised sslyze report key "${clip(key, 60)}"` });
  }
  for (const e of arr(doc, 'server_connectivity_errors') ?? []) {
    const o = isObject(e) ? e : {};
    const target = str(o, 'server_string') ?? str(o, 'hostname') ?? '?';
    const why = str(o, 'error_message') ?? str(o, 'error_msg') ?? JSON.stringify(e);
    sink.note({ line: null, column: null, what: clip(`sslyze could not connect to ${target}: ${why}`, 200) });
  }
  for (const s of arr(doc, 'invalid_server_strings') ?? []) {
    sink.note({ line: null, column: null, what: clip(`sslyze refused target ${JSON.stringify(s)}`, 200) });
  }

  const emitter = new EndpointEmitter(sink);
  const scanDate = finished ?? started;
  results.forEach((r, i) => {
    if (!isObject(r)) throw new ParseError(`expected server_scan_results[${i}] to be an object; expected ${WHAT}`);
    const e = readServer(r, i, scanDate, sink);
    if (e) emitter.emit(e);
  });
}

function readServer(r: JsonObject, i: number, scanDate: string | null, sink: ImportSink): Endpoint | null {
  const info = obj(r, 'server_info');
  const loc = obj(r, 'server_location') ?? obj(info, 'server_location') ?? info;
  const port = portNumber(loc?.port);
  const host = str(loc, 'hostname');
  if (!loc || port === null || (!host && !str(loc, 'ip_address'))) {
    throw new ParseError(`expected server_scan_results[${i}] to have a server_location with hostname and port`);
  }
  const e = new Endpoint(host, str(loc, 'ip_address'), port);
  e.seenAt = scanDate;

  const status = str(r, 'scan_status');
  if (status !== null && status !== 'COMPLETED') {
    const trace = str(r, 'connectivity_error_trace') ?? '';
    sink.note({
      line: null,
      column: null,
      what: clip(`sslyze did not scan ${e.label} (scan_status ${status}) ${trace}`, 200),
    });
    return null;
  }

  const netConfig = obj(r, 'network_configuration') ?? obj(info, 'network_configuration');
  const starttls = str(netConfig, 'tls_opportunistic_encryption');
  if (starttls) {
    // STARTTLS: the service itself is cleartext and only offers TLS (DOMAIN: offered, not enforced).
    e.service = starttls.toLowerCase();
    e.tunnel = null;
  }

  const commands = readCommands(r, e, sink, i);
  for (const [name, result] of commands) {
    readCommand(name, result, e, scanDate, sink);
  }
  return e;
}

/** The completed command results of one server, from either layout; failed commands are noted. */
function readCommands(r: JsonObject, e: Endpoint, sink: ImportSink, i: number): [string, JsonObject][] {
  const out: [string, JsonObject][] = [];
  const v5 = obj(r, 'scan_result');
  const v4 = obj(r, 'scan_commands_results');
  if (v5) {
    for (const [name, attempt] of Object.entries(v5)) {
      if (!isObject(attempt)) continue;
      const status = str(attempt, 'status');
      const result = obj(attempt, 'result');
      if (status === 'COMPLETED' && result) out.push([name, result]);
      else if (status === 'ERROR') {
        const why = str(attempt, 'error_reason') ?? 'error';
        sink.note({ line: null, column: null, what: clip(`sslyze ${name} failed on ${e.label}: ${why}`, 200) });
      }
      // NOT_SCHEDULED: the command was not asked for; nothing to record.
    }
  } else if (v4) {
    for (const [name, result] of Object.entries(v4)) {
      if (isObject(result)) out.push([name, result]);
    }
    for (const [name, err] of Object.entries(obj(r, 'scan_commands_errors') ?? {})) {
      const why = (isObject(err) && str(err, 'reason')) || 'error';
      sink.note({ line: null, column: null, what: clip(`sslyze ${name} failed on ${e.label}: ${why}`, 200) });
    }
  } else {
    throw new ParseError(
      `expected server_scan_results[${i}] to have "scan_result" (sslyze 5+) or "scan_commands_results" (sslyze 3/4)`,
    );
  }
  return out;
}

function readCommand(name: string, result: JsonObject, e: Endpoint, scanDate: string | null, sink: ImportSink): void {
  const source = `sslyze:${name}`;
  const version = CIPHER_COMMANDS[name];
  if (version) {
    const accepted = arr(result, 'accepted_cipher_suites') ?? [];
    const proto = normaliseTlsProtocol(str(result, 'tls_version_used') ?? '') ?? version;
    if (yes(result, 'is_tls_version_supported') || accepted.length > 0) {
      e.protocol(proto, source, `${proto} supported (${accepted.length} suites accepted)`);
    }
    for (const a of accepted) {
      const suite = isObject(a) ? (obj(a, 'cipher_suite') ?? a) : null;
      const suiteName = suite ? str(suite, 'name') : typeof a === 'string' ? a : null;
      if (!suiteName) {
        sink.note({
          line: null,
          column: null,
          what: clip(`unrecognised accepted suite in ${name}: ${JSON.stringify(a)}`, 160),
        });
        continue;
      }
      const bits = num(suite, 'key_size');
      const openssl = str(suite, 'openssl_name');
      const detail = [openssl && openssl !== suiteName ? openssl : null, bits !== null ? `${bits} bits` : null]
        .filter(Boolean)
        .join(', ');
      e.cipher(suiteName, proto, source, detail, yes(suite, 'is_anonymous') ? 'sslyze: anonymous suite' : null);
    }
    return;
  }
  switch (name) {
    case 'heartbleed':
      if (yes(result, 'is_vulnerable_to_heartbleed'))
        e.fact('vuln', VULN.heartbleed, source, 'is_vulnerable_to_heartbleed: true');
      return;
    case 'openssl_ccs_injection':
      if (yes(result, 'is_vulnerable_to_ccs_injection'))
        e.fact('vuln', VULN.ccs, source, 'is_vulnerable_to_ccs_injection: true');
      return;
    case 'robot': {
      const robot = str(result, 'robot_result') ?? str(result, 'robot_result_enum') ?? '';
      if (robot.startsWith('VULNERABLE')) e.fact('vuln', VULN.robot, source, `robot_result: ${robot}`);
      return;
    }
    case 'session_renegotiation':
      if (no(result, 'supports_secure_renegotiation')) {
        e.fact('vuln', VULN.secureRenegotiationMissing, source, 'supports_secure_renegotiation: false');
      }
      if (yes(result, 'is_vulnerable_to_client_renegotiation_dos') || yes(result, 'accepts_client_renegotiation')) {
        e.fact('vuln', VULN.clientRenegotiation, source, 'client-initiated renegotiation accepted (DoS)');
      }
      return;
    case 'tls_compression':
      if (yes(result, 'supports_compression')) e.fact('vuln', VULN.crime, source, 'supports_compression: true');
      return;
    case 'http_headers':
      // An HTTP answer over TLS shows the service is HTTPS.
      if (
        !str(result, 'http_error_trace') &&
        (result.http_request_sent !== undefined || result.strict_transport_security_header !== undefined)
      ) {
        if (e.tunnel === 'ssl') e.service = 'https';
      }
      return;
    case 'certificate_info':
      readCertificates(result, e, scanDate, source);
      return;
    default:
      if (!IGNORED_COMMANDS.has(name)) {
        sink.note({
          line: null,
          column: null,
          what: `unrecognised sslyze command result "${clip(name, 60)}" on ${e.label}`,
        });
      }
  }
}

function readCertificates(result: JsonObject, e: Endpoint, scanDate: string | null, source: string): void {
  for (const d of arr(result, 'certificate_deployments') ?? []) {
    if (!isObject(d)) continue;
    const chain = arr(d, 'received_certificate_chain') ?? [];
    const leaf = isObject(chain[0]) ? chain[0] : null;
    const subject = str(obj(leaf, 'subject'), 'rfc4514_string') ?? '?';
    const notAfter = str(leaf, 'not_valid_after') ?? str(leaf, 'notAfter');
    const about = `certificate ${subject}${notAfter ? `, not after ${notAfter}` : ''}`;

    if (no(d, 'leaf_certificate_subject_matches_hostname')) {
      e.fact(
        'tls.certificate',
        CERT_ISSUE.hostnameMismatch,
        source,
        `${about}: leaf_certificate_subject_matches_hostname: false`,
      );
    }
    const validations = (arr(d, 'path_validation_results') ?? []).filter(isObject);
    const trusted = validations.some((v) =>
      v.was_validation_successful !== undefined
        ? yes(v, 'was_validation_successful')
        : str(v, 'openssl_error_string') === null && v.verified_certificate_chain !== null,
    );
    if (validations.length > 0 && !trusted) {
      const errors = [...new Set(validations.map((v) => str(v, 'openssl_error_string') ?? 'not trusted'))].join('; ');
      const stores = validations.map((v) => str(obj(v, 'trust_store'), 'name') ?? '?').join(', ');
      const why = `${about}: validation failed against ${stores}: ${errors}`;
      if (/self[- ]signed/i.test(errors)) e.fact('tls.certificate', CERT_ISSUE.selfSigned, source, why);
      if (/expired/i.test(errors)) e.fact('tls.certificate', CERT_ISSUE.expired, source, why);
      if (!/self[- ]signed|expired/i.test(errors)) e.fact('tls.certificate', CERT_ISSUE.untrusted, source, why);
    }
    const notAfterIso = isoUtc(notAfter);
    if (notAfterIso && scanDate && notAfterIso < scanDate) {
      e.fact('tls.certificate', CERT_ISSUE.expired, source, `${about}: expired before the scan (${scanDate})`);
    }
    const key = obj(leaf, 'public_key') ?? obj(leaf, 'publicKey');
    const algorithm = (str(key, 'algorithm') ?? '').replace(/^_|PublicKey$/g, '');
    const weak = weakKeyReason(algorithm, num(key, 'key_size') ?? num(key, 'size'));
    if (weak) e.fact('tls.certificate', CERT_ISSUE.weakKey, source, `${about}: public key ${weak}`);
    const hash = str(obj(leaf, 'signature_hash_algorithm'), 'name') ?? str(leaf, 'signatureAlgorithm') ?? '';
    if (yes(d, 'verified_chain_has_sha1_signature') || /^(sha1|md5|md2)$/i.test(hash)) {
      e.fact('tls.certificate', CERT_ISSUE.weakSignature, source, `${about}: SHA-1/MD5 signature in the chain`);
    }
  }
}
