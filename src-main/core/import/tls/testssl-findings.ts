// testssl.sh findings ({id, fqdn/ip, port, severity, finding, cve, cwe}) turned into endpoint facts. The ids
// are the same in the CSV, the flat JSON and the pretty JSON, so all three readers hand their rows here.
import type { ImportSink } from '../types';
import { CERT_ISSUE, clip, Endpoint, EndpointEmitter, portNumber, VULN } from './endpoint';
import { normaliseTlsProtocol } from './protocol-names';

export interface TestsslRow {
  id: string;
  /** The target as given ("www.example.org" or an address); empty when the tool wrote none. */
  host: string;
  /** The address the tool connected to; empty for run-level rows such as engine_problem. */
  ip: string;
  port: string;
  severity: string;
  finding: string;
  cve: string;
  line: number | null;
}

/** Splits the "fqdn/ip" field ("www.example.org/192.0.2.1", "192.0.2.1/192.0.2.1", "www.example.org/"). */
export function splitTarget(field: string): { host: string; ip: string } {
  const slash = field.lastIndexOf('/');
  if (slash < 0) return { host: field.trim(), ip: '' };
  return { host: field.slice(0, slash).trim(), ip: field.slice(slash + 1).trim() };
}

const PROTOCOL_IDS = new Set(['SSLv2', 'SSLv3', 'TLS1', 'TLS1_1', 'TLS1_2', 'TLS1_3']);

// Vulnerability checks by id (case-insensitive); any other id that carries a CVE is reported under its own id.
const VULN_IDS: Record<string, string> = {
  heartbleed: VULN.heartbleed,
  ccs: VULN.ccs,
  ticketbleed: VULN.ticketbleed,
  robot: VULN.robot,
  secure_renego: VULN.secureRenegotiationMissing,
  secure_client_renego: VULN.clientRenegotiation,
  crime_tls: VULN.crime,
  breach: VULN.breach,
  poodle_ssl: VULN.poodle,
  poodle_tls: VULN.poodle,
  sweet32: VULN.sweet32,
  freak: VULN.freak,
  drown: VULN.drown,
  logjam: VULN.logjam,
  'logjam-common_primes': VULN.logjam,
  beast: VULN.beast,
  lucky13: VULN.lucky13,
  rc4: VULN.rc4,
};

// testssl's standard cipher categories that are weak by definition; "offered" means at least one such suite.
const WEAK_CATEGORIES: Record<string, string> = {
  cipherlist_NULL: 'NULL ciphers (testssl category)',
  cipherlist_aNULL: 'anonymous aNULL ciphers (testssl category)',
  cipherlist_EXPORT: 'EXPORT ciphers (testssl category)',
  cipherlist_LOW: 'LOW 64-bit/DES ciphers (testssl category)',
  cipherlist_3DES_IDEA: '3DES/IDEA ciphers (testssl category)',
};

// Ids knowingly not turned into facts: HTTP headers, client simulations, certificate details other than the
// problems readCertificate looks for, session and extension details, negotiated defaults, hint rows (DROWN_hint, BEAST_CBC_*)
// whose verdict is on the main row, the downgrade-protection flag, and other cipher categories.
const IGNORED_PREFIXES = [
  'clientsimulation-',
  'cipherorder_',
  'cipher_order',
  'cipherlist_',
  'cert',
  'HSTS',
  'HPKP',
  'banner_',
  'cookie_',
  'HTTP_',
  'BEAST_CBC_',
  'PFS',
  'FS',
  'sessionresumption_',
  'TLS_',
  'ALPN',
  'DH_',
  'DNS_',
];
const IGNORED_IDS = new Set([
  'pre_128cipher',
  'NPN',
  'protocol_negotiated',
  'cipher_negotiated',
  'SSL_sessionID_support',
  'OCSP_stapling',
  'DROWN_hint',
  'fallback_SCSV',
  'GREASE',
  'optimal_proto',
  'scanTime',
  'security_headers',
  'insecure_redirect',
  'pwnedkeys',
  'clientAuth',
  'rDNS',
  'ipv6_address',
  'rating',
  'overall_grade',
  'final_score',
  'grade_cap_reason',
]);
// Response headers are reported under their own names (X-Served-By, Access-Control-Allow-Origin).
const HEADER_ID = /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$/;

const CIPHER_ID = /^cipher(?:-(ssl2|ssl3|tls1|tls1_1|tls1_2|tls1_3))?_(x[0-9a-f]+)$/i;
const NOT_OK = new Set(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

/** Whether a vulnerability row says the endpoint is (or may be) vulnerable, in testssl's own words or grade. */
export function testsslVulnerable(severity: string, finding: string): boolean {
  if (/not vulnerable/i.test(finding)) return false;
  if (/vulnerable/i.test(finding)) return true;
  return ['MEDIUM', 'HIGH', 'CRITICAL'].includes(severity.toUpperCase());
}

/** Whether a protocol row says the version is offered ("offered", "offered (deprecated)", "offered with final"). */
export function testsslOffered(finding: string): boolean | null {
  // "offered (NOT ok)" is offered; "not offered", "is not offered (OK)", "not supported" are not.
  if (/\bnot\s+(offered|supported)\b/i.test(finding)) return false;
  return /\b(offered|supported|vulnerable)\b/i.test(finding) ? true : null;
}

interface Seen {
  endpoint: Endpoint;
  results: number;
}

export class TestsslCollector {
  private readonly endpoints = new Map<string, Seen>();
  private readonly noted = new Set<string>();
  private readonly emitter: EndpointEmitter;

  constructor(private readonly sink: ImportSink) {
    this.emitter = new EndpointEmitter(sink);
  }

  row(r: TestsslRow): void {
    // With several certificates testssl suffixes the ids: "cert_keySize <hostCert#1>".
    const id = r.id.replace(/\s*<[^>]*>\s*$/, '');
    const severity = r.severity.trim().toUpperCase();
    const port = portNumber(r.port);
    if (r.ip === '' || port === null) {
      // Run-level rows (engine_problem, scanProblem before any connection): they describe the tool's run.
      if (severity === 'WARN' || severity === 'FATAL' || id === 'scanProblem') {
        this.sink.note({ line: r.line, column: null, what: clip(`testssl ${id} (${severity}): ${r.finding}`, 200) });
      } else {
        this.sink.meta(`testssl.${id}`, clip(r.finding, 200));
      }
      return;
    }
    const key = `${r.host}/${r.ip}:${port}`;
    let seen = this.endpoints.get(key);
    if (!seen) {
      seen = { endpoint: new Endpoint(r.host || null, r.ip, port), results: 0 };
      this.endpoints.set(key, seen);
    }
    if (id === 'scanProblem' || severity === 'FATAL') {
      this.sink.note({
        line: r.line,
        column: null,
        what: clip(`testssl ${id} on ${seen.endpoint.label} (${severity}): ${r.finding}`, 200),
      });
      return;
    }
    seen.results++;
    this.read(id, severity, r, seen.endpoint);
  }

  /** Emits every endpoint the tool reached (one that only produced a scan problem is left out). */
  finish(seenAt: string | null): void {
    for (const { endpoint, results } of this.endpoints.values()) {
      if (results === 0) continue;
      endpoint.seenAt = seenAt;
      this.emitter.emit(endpoint);
    }
  }

  private read(id: string, severity: string, r: TestsslRow, e: Endpoint): void {
    const source = `testssl:${id}`;
    const evidence = `${id}: ${r.finding}${severity ? ` [${severity}]` : ''}${r.cve ? ` ${r.cve}` : ''}`;
    if (id === 'service') {
      const s = r.finding.trim().toLowerCase();
      if (s === 'http') e.service = 'https';
      else if (/^[a-z0-9-]+$/.test(s)) e.service = s;
      return;
    }
    if (PROTOCOL_IDS.has(id)) {
      const proto = normaliseTlsProtocol(id);
      const offered = testsslOffered(r.finding);
      if (proto && offered) e.protocol(proto, source, evidence);
      else if (offered === null)
        this.noteOnce(`${id}:${r.finding}`, r, `testssl ${id} result not understood on ${e.label}: ${r.finding}`);
      return;
    }
    const cipherId = CIPHER_ID.exec(id);
    if (cipherId) {
      this.readCipher(cipherId[1] ?? null, cipherId[2] ?? '', severity, r, e, source);
      return;
    }
    const category = WEAK_CATEGORIES[id];
    if (category) {
      if (/^\s*offered/i.test(r.finding)) e.fact('tls.cipher.weak', category, source, evidence);
      return;
    }
    const vulnName = VULN_IDS[id.toLowerCase()];
    if (vulnName !== undefined) {
      if (testsslVulnerable(severity, r.finding)) e.fact('vuln', vulnName, source, evidence);
      return;
    }
    if (this.readCertificate(id, severity, r.finding, e, source, evidence)) return;
    if (IGNORED_IDS.has(id) || IGNORED_PREFIXES.some((p) => id.startsWith(p)) || HEADER_ID.test(id)) return;
    // A check this reader does not know by name but that testssl ties to a CVE: reported under its own id.
    if (r.cve.trim() !== '') {
      if (testsslVulnerable(severity, r.finding)) e.fact('vuln', id, source, evidence);
      return;
    }
    this.noteOnce(id, r, `unrecognised testssl id "${clip(id, 60)}" (first seen on ${e.label}): ${r.finding}`);
  }

  private readCipher(
    protoId: string | null,
    hex: string,
    severity: string,
    r: TestsslRow,
    e: Endpoint,
    source: string,
  ): void {
    const finding = r.finding.trim();
    // --show-each lists suites that were not accepted as "not a/v".
    if (/not a\/v\s*$/i.test(finding)) return;
    const tokens = finding.split(/\s+/);
    const at = tokens.findIndex((t) => t.toLowerCase() === hex.toLowerCase());
    const openssl = at >= 0 ? tokens[at + 1] : undefined;
    if (!openssl) {
      this.noteOnce(`cipher:${finding}`, r, `testssl cipher row not understood: ${r.id}: ${finding}`);
      return;
    }
    const ianaAt = tokens.findIndex((t, i) => i > at + 1 && /^(TLS|SSL)_[A-Za-z0-9_]+$/.test(t));
    const iana = ianaAt >= 0 ? tokens[ianaAt] : undefined;
    const bits = ianaAt > 0 && /^\d+$/.test(tokens[ianaAt - 1] ?? '') ? `${tokens[ianaAt - 1]} bits` : '';
    const version = protoId ? normaliseTlsProtocol(protoId) : null;
    const name = iana ?? openssl;
    const detail = [iana ? openssl : null, bits || null].filter(Boolean).join(', ');
    e.cipher(
      name,
      version,
      source.replace(/_x[0-9a-f]+$/i, ''),
      detail,
      NOT_OK.has(severity) ? `testssl severity ${severity}` : null,
    );
  }

  /** Certificate problems; returns false for rows that are not about one. */
  private readCertificate(
    id: string,
    severity: string,
    finding: string,
    e: Endpoint,
    source: string,
    evidence: string,
  ): boolean {
    const bad = NOT_OK.has(severity);
    switch (id) {
      case 'cert_expirationStatus':
        if (/expired/i.test(finding) && !/not expired/i.test(finding))
          e.fact('tls.certificate', CERT_ISSUE.expired, source, evidence);
        return true;
      case 'cert_chain_of_trust':
        if (/self[- ]signed/i.test(finding)) e.fact('tls.certificate', CERT_ISSUE.selfSigned, source, evidence);
        else if (bad || /^\s*failed/i.test(finding)) e.fact('tls.certificate', CERT_ISSUE.untrusted, source, evidence);
        return true;
      case 'cert_trust':
        if (/does not match|mismatch/i.test(finding))
          e.fact('tls.certificate', CERT_ISSUE.hostnameMismatch, source, evidence);
        return true;
      case 'cert_keySize':
        if (bad) e.fact('tls.certificate', CERT_ISSUE.weakKey, source, evidence);
        return true;
      case 'cert_signatureAlgorithm':
        if (bad) e.fact('tls.certificate', CERT_ISSUE.weakSignature, source, evidence);
        return true;
      case 'cert_ocspRevoked':
        if (/\brevoked\b/i.test(finding) && !/not revoked/i.test(finding))
          e.fact('tls.certificate', CERT_ISSUE.revoked, source, evidence);
        return true;
      default:
        return false;
    }
  }

  private noteOnce(key: string, r: TestsslRow, what: string): void {
    if (this.noted.has(key)) return;
    this.noted.add(key);
    this.sink.note({ line: r.line, column: null, what: clip(what, 200) });
  }
}
