// Shared by the vulnerability-scanner parsers (Nessus, OpenVAS, Qualys, Nexpose): one observation per
// (host, proto, port) with every finding on that port merged into its facts, and the rules that turn a
// finding (plugin / NVT / QID / test) into the shared fact keys of model/observation.ts.
import { blankObservation, type Fact, type Observation, type Proto } from '../../model/observation';
import type { ImportSink, StreamParser } from '../types';
import type { XmlStreamParser } from '../xml';

/** Evidence is an excerpt, never a whole plugin output: facts stay small however big the report is. */
export const EVIDENCE_MAX = 300;

/** Whitespace-collapsed, trimmed, cut to `max` characters (an ellipsis marks the cut). */
export function excerpt(text: string, max = EVIDENCE_MAX): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** Shortened text for a parse note ("unrecognised ...: "<shown>""). */
export function shown(text: string, max = 120): string {
  return JSON.stringify(excerpt(text, max));
}

export function parseProto(s: string): Proto | null {
  const p = s.trim().toLowerCase();
  return p === 'tcp' || p === 'udp' || p === 'sctp' ? p : null;
}

/** A port number 1..65535 from text, or null (0 means "no port" in every one of these formats). */
export function parsePort(s: string): number | null {
  if (!/^\d{1,5}$/.test(s.trim())) return null;
  const n = Number(s.trim());
  return n >= 1 && n <= 65535 ? n : null;
}

export interface HostRef {
  ip: string | null;
  names: string[];
  mac: string | null;
  seenAt: string | null;
}

/** Adds `name` to `names` unless empty or already there (case-insensitive). */
export function addName(names: string[], name: string | null | undefined): void {
  const n = name?.trim();
  if (!n) return;
  if (!names.some((x) => x.toLowerCase() === n.toLowerCase())) names.push(n);
}

export function hostKey(h: HostRef): string {
  return h.ip ?? `name:${(h.names[0] ?? '').toLowerCase()}`;
}

/**
 * The observations of one scope (a host for Nessus, a whole report where findings come unordered), keyed
 * by host + proto + port so that every finding on a port lands in one observation.
 */
export class PortTable {
  private readonly byKey = new Map<string, Observation>();
  private readonly factKeys = new Map<Observation, Set<string>>();

  get size(): number {
    return this.byKey.size;
  }

  /** The observation for this port, created (state open) when first seen; host names/MAC are merged. */
  port(host: HostRef, proto: Proto, port: number): Observation {
    const key = `${hostKey(host)}|${proto}|${port}`;
    let o = this.byKey.get(key);
    if (!o) {
      o = { ...blankObservation(proto, port, 'open'), hostIp: host.ip, mac: host.mac, seenAt: host.seenAt };
      this.byKey.set(key, o);
      this.factKeys.set(o, new Set());
    }
    for (const n of host.names) addName(o.hostNames, n);
    o.mac ??= host.mac;
    o.seenAt ??= host.seenAt;
    return o;
  }

  has(host: HostRef, proto: Proto, port: number): boolean {
    return this.byKey.has(`${hostKey(host)}|${proto}|${port}`);
  }

  /** Adds facts, dropping exact repeats (same key, value and source): scanners repeat a test per URL. */
  addFacts(o: Observation, facts: readonly Fact[]): void {
    const seen = this.factKeys.get(o);
    for (const f of facts) {
      const k = `${f.key}\u0000${f.value}\u0000${f.source}`;
      if (seen?.has(k)) continue;
      seen?.add(k);
      o.facts.push(f);
    }
  }

  addCpe(o: Observation, cpe: string): void {
    const c = cpe.trim();
    if (c && !o.cpes.includes(c)) o.cpes.push(c);
  }

  /** Every observation of this scope, in first-seen order, to the sink; the table is then empty. */
  flush(sink: ImportSink, finish?: (o: Observation) => void): void {
    for (const o of this.byKey.values()) {
      finish?.(o);
      sink.observation(o);
    }
    this.byKey.clear();
    this.factKeys.clear();
  }
}

/** Sets a field only when the format has not already filled it (the first, most specific source wins). */
export function fill(
  o: Observation,
  field: 'service' | 'product' | 'version' | 'extraInfo' | 'tunnel',
  value: string | null,
): void {
  const v = value?.trim();
  if (v && o[field] === null) o[field] = v;
}

// ---------------------------------------------------------------------------------------------------------
// Findings -> facts

/** One finding as every scanner has it: an id, a title, a severity in the scanner's words, and its output. */
export interface Finding {
  /** "nessus:20007", "openvas:1.3.6.1.4.1.25623.1.0.111012", "qualys:38116", "nexpose:ssl-v2". */
  source: string;
  id: string;
  title: string;
  /** As the scanner states it, for the evidence ("3 (high)", "Medium 5.9", "vulnerable-exploited"). */
  severity: string;
  /** The host-specific output (plugin_output, description, RESULT, test paragraphs). */
  text: string;
}

export type FindingKind =
  | 'service' // establishes the port/service; no vuln fact of its own
  | 'tls-protocol'
  | 'tls-ciphers'
  | 'tls-weak-cipher'
  | 'ssh-protocol'
  | 'ssh-weak'
  | 'ftp-anonymous'
  | 'snmp-community'
  | 'smbv1'
  | 'smb-signing-off'
  | 'vnc-noauth'
  | 'x11-open'
  | 'ntp-monlist'
  | 'dns-axfr'
  | 'auth-none'
  | 'vuln';

const DEPRECATED_PROTO =
  /\bSSL ?v?[23](?:\.0)?\b|\bSSL Version [23]\b|\bTLS ?v?1(?:\.[01]|_[01])?\b(?![.\d])|\bTLS Version 1\.[01]\b|\bTLS ?v?1\.[01]\b/i;

/**
 * Classification by title, shared by all scanners (each parser may override by id first). Order matters:
 * SSH rules before the TLS ones so that "SSH Weak Algorithms" is not read as a TLS cipher finding.
 */
const TITLE_RULES: ReadonlyArray<readonly [RegExp, FindingKind]> = [
  [/anonymous\s+ftp|ftp\b.*\banonymous|anonymous\b.*\bftp\b/i, 'ftp-anonymous'],
  [/\bsnmp\b.*\bcommunit|\bcommunit\w*\b.*\bsnmp\b/i, 'snmp-community'],
  [/\bsmb\s*v1\b|\bsmb1\b|\bsmb(?:\s+protocol)?\s+version\s*1\b|nt lm 0\.12/i, 'smbv1'],
  [/\bsmb\b.*\bsigning\b.*\b(?:not required|disabled|not enabled)|signing\b.*\bnot required/i, 'smb-signing-off'],
  [
    /\bssh\b.*\bprotocol versions? supported|\bssh\b.*\b(?:protocol )?(?:v1|version 1)\b.*\b(?:supported|enabled|clients)|\bsshv1\b/i,
    'ssh-protocol',
  ],
  [/\bssh\b.*\b(?:weak|cbc|arcfour|deprecated|insecure)\b|\b(?:weak|deprecated|insecure)\b.*\bssh\b/i, 'ssh-weak'],
  [
    /\bvnc\b.*\b(?:unauthenticated|no authentication|without authentication)|\bvnc\b.*\bsecurity type\b.*\bnone\b/i,
    'vnc-noauth',
  ],
  [/\bx11\b.*\b(?:unauthenticated|open|access)|\bx server\b.*\bunauthenticated/i, 'x11-open'],
  [/\bmonlist\b/i, 'ntp-monlist'],
  [/\bzone transfer\b|\baxfr\b/i, 'dns-axfr'],
  [
    /\b(?:redis|mongodb|memcached?|elasticsearch|couchdb|cassandra)\b.*\b(?:without authentication|no authentication|unprotected|unauthenticated|unrestricted access)/i,
    'auth-none',
  ],
  [/ssl cipher suites supported|report supported cipher suites|ssl server information retrieval/i, 'tls-ciphers'],
];

const TLS_WEAK_CIPHER_TITLE =
  /\b(?:weak|medium strength|low strength|insecure|rc4|arcfour|64.?bit block|sweet32|export|null|anonymous|des|3des|idea|birthday)\b/i;
const TLS_PROTOCOL_TITLE = /\b(?:detection|detected|supported|supports|enabled|deprecated|offered|accepts?)\b/i;
const TLS_NOT_PROTOCOL_TITLE =
  /padding|poodle|beast|\bcbc\b|renegotiation|heartbleed|freak|logjam|drown|crime|caching|tolerance|fallback|certificate|cipher/i;

export function classifyTitle(title: string): FindingKind {
  for (const [re, kind] of TITLE_RULES) if (re.test(title)) return kind;
  const tls = /\b(?:ssl|tls)\b|sslv[23]|tlsv1/i.test(title);
  if (tls && /\b(?:cipher|ciphers|encryption)\b/i.test(title) && TLS_WEAK_CIPHER_TITLE.test(title))
    return 'tls-weak-cipher';
  if (DEPRECATED_PROTO.test(title) && TLS_PROTOCOL_TITLE.test(title) && !TLS_NOT_PROTOCOL_TITLE.test(title)) {
    return 'tls-protocol';
  }
  return 'vuln';
}

/** Canonical TLS protocol spelling of the fact list, or null. */
export function tlsProtocolName(s: string): string | null {
  const t = s.toUpperCase().replace(/\s+/g, '');
  let m = /^SSL(?:V|VERSION)?([23])(?:\.0)?$/.exec(t);
  if (m) return `SSLv${m[1]}`;
  m = /^TLS(?:V|VERSION)?1(?:[._]?([0-3]))?$/.exec(t);
  if (m) return `TLSv1.${m[1] ?? '0'}`;
  return null;
}

const PROTO_TOKEN = /\b(?:SSL ?v?[23](?:\.0)?|TLS ?v?1(?:[._]?[0-3])?)(?![\d.]*\+)\b/gi;
const NEGATED = /disabled|not (?:supported|enabled|offered|available)|is not\b|\bno\b/i;

/** Deprecated protocols (SSLv2/3, TLSv1.0/1.1) an output says are offered; "TLSv1.0+" baselines and negated lines skipped. */
export function offeredDeprecatedProtocols(text: string): string[] {
  const out: string[] = [];
  const lines = text.split(/\n|(?<=\.)\s+/);
  // Nessus/Qualys/Nexpose state it plainly ("- SSLv3 is enabled ..."); when they do, other lines (Nessus'
  // "Explanation: TLS 1.0 and SSL 3.0 cipher suites may be used with SSLv3") are not read.
  const plain = lines.filter((l) =>
    /(?:SSL ?v?[23]|TLS ?v?1(?:\.[0-3])?)\s+(?:is|are)\s+(?:enabled|supported|offered)/i.test(l),
  );
  for (const line of plain.length > 0 ? plain : lines) {
    if (NEGATED.test(line)) continue;
    for (const m of line.matchAll(PROTO_TOKEN)) {
      const p = tlsProtocolName(m[0]);
      if (p && /^(?:SSLv[23]|TLSv1\.[01])$/.test(p) && !out.includes(p)) out.push(p);
    }
  }
  return out;
}

function protocolsInTitle(title: string): string[] {
  const out: string[] = [];
  const t = title
    .replace(/\bSSL Version ([23]) and ([23])\b/i, 'SSLv$1 SSLv$2')
    .replace(/\bTLS Version (1\.[0-3])\b/i, 'TLSv$1');
  for (const m of t.matchAll(PROTO_TOKEN)) {
    const p = tlsProtocolName(m[0]);
    if (p && !out.includes(p)) out.push(p);
  }
  return out;
}

const IANA_SUITE = /\b(?:TLS|SSL)_[A-Z0-9]+(?:_[A-Z0-9]+)+\b/g;
const OPENSSL_SUITE = /(?<![\w-])[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?![\w-])/g;
const SUITE_PART = /RC4|RC2|DES|CBC3|NULL|EXP|IDEA|AES|CAMELLIA|SEED|CHACHA20|ARIA|GOST/;
const BARE_MODE = /^[A-Z0-9]+-(?:CBC|GCM|CCM|CTR|CBC3)$/;

/** Cipher suite names (IANA or OpenSSL spelling) mentioned in an output, in order, without repeats. */
export function cipherSuites(text: string): string[] {
  const out: string[] = [];
  const add = (s: string) => {
    if (!out.includes(s)) out.push(s);
  };
  for (const m of text.matchAll(IANA_SUITE)) add(m[0]);
  for (const m of text.matchAll(OPENSSL_SUITE)) {
    const s = m[0];
    if (s.startsWith('CVE-') || s.startsWith('TLS') || s.startsWith('SSL') || BARE_MODE.test(s)) continue;
    if (SUITE_PART.test(s)) add(s);
  }
  return out;
}

/** The weak-cipher family a title names, when the output lists no suite. */
function weakFamilyFromTitle(title: string): string {
  if (/rc4|arcfour/i.test(title)) return 'RC4';
  if (/3des|64.?bit block|sweet32|birthday/i.test(title)) return '3DES';
  if (/\bdes\b/i.test(title)) return 'DES';
  if (/export/i.test(title)) return 'EXPORT';
  if (/\bnull\b/i.test(title)) return 'NULL';
  if (/anonymous/i.test(title)) return 'anonymous (aNULL)';
  return 'weak (suites not listed)';
}

const SSH_ALGO = /^[a-z0-9][a-z0-9@._+-]*$/;
const SSH_NOT_ALGO = new Set([
  'cipher',
  'ciphers',
  'mac',
  'macs',
  'kex',
  'type',
  'name',
  'algorithm',
  'reason',
  'description',
]);

/** SSH algorithm names listed one per line (or in the first/last cell of "a | b" / tab tables). */
export function sshAlgorithms(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const cells = raw.split(/[|\t]/).map((c) => c.trim().replace(/^- /, ''));
    const candidates = cells.length > 1 ? [cells[0] ?? '', cells[cells.length - 1] ?? ''] : cells;
    // "Insecure MAC algorithms in use: hmac-md5-96,hmac-md5": names listed after a colon.
    const colon = raw.lastIndexOf(':');
    if (colon >= 0) {
      for (const t of raw.slice(colon + 1).split(/[,\s]+/)) if (/[-@]|^arcfour\d*$/.test(t)) candidates.push(t);
    }
    for (const c of candidates) {
      if (SSH_ALGO.test(c) && /[a-z]/.test(c) && !SSH_NOT_ALGO.has(c) && !out.includes(c)) out.push(c);
    }
  }
  return out;
}

/** SSH protocol versions an output says are offered: "1.99" means both 1 and 2. */
export function sshProtocols(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:^|[\s-])(1\.99|1\.5|1\.3|2\.0)(?=\s|$|-)/gm)) {
    const v = m[1] ?? '';
    if (v === '1.99') {
      out.add('1');
      out.add('2');
    } else out.add(v.startsWith('1') ? '1' : '2');
  }
  for (const m of text.matchAll(/\bSSH([12]) supported\s+(yes|no)\b/gi)) {
    if ((m[2] ?? '').toLowerCase() === 'yes') out.add(m[1] ?? '');
  }
  return [...out].sort();
}

/** Community strings an SNMP finding shows: "(public)" in the title, or listed under "community" in the output. */
export function snmpCommunities(title: string, text: string): string[] {
  const out: string[] = [];
  const t = /\(([^)]+)\)/.exec(title);
  if (t?.[1]) out.push(t[1].trim());
  const after = /communit(?:y|ies)(?:\s+names?|\s+strings?)?\s*:?\s*\n((?:\s*(?:-\s*)?\S+[ \t]*(?:\n|$))+)/i.exec(text);
  if (after?.[1]) {
    for (const line of after[1].split('\n')) {
      const v = line.trim().replace(/^-\s*/, '');
      if (v && !/\s/.test(v) && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

export const fact = (key: string, value: string, f: Finding, evidence: string): Fact => ({
  key,
  value,
  source: f.source,
  evidence: excerpt(evidence),
});

/** The evidence line of a finding: severity and the start of its output (or its title when it has none). */
export function findingEvidence(f: Finding): string {
  const out = excerpt(f.text);
  return excerpt(`severity ${f.severity}${out ? `; ${out}` : `; ${f.title}`}`);
}

export function vulnFact(f: Finding): Fact {
  return fact('vuln', `${f.id}: ${excerpt(f.title, 200)}`, f, findingEvidence(f));
}

/**
 * The facts a finding of `kind` shows. Specific kinds give their keys; `vuln` gives one vuln fact; `service`
 * gives none (the caller fills service/product). Specific findings that are also vulnerabilities (severity
 * above informational) additionally get their vuln fact when `alsoVuln` is true.
 */
export function findingFacts(f: Finding, kind: FindingKind, alsoVuln: boolean): Fact[] {
  const out: Fact[] = [];
  const ev = f.text.trim() ? f.text : f.title;
  switch (kind) {
    case 'service':
      return out;
    case 'vuln':
      return [vulnFact(f)];
    case 'tls-protocol': {
      let protos = offeredDeprecatedProtocols(f.text);
      if (protos.length === 0) {
        const inTitle = protocolsInTitle(f.title);
        // "SSL Version 2 and 3" without output does not say which one: only a single named protocol counts.
        if (inTitle.length === 1) protos = inTitle;
      }
      for (const p of protos) out.push(fact('tls.protocol', p, f, ev));
      break;
    }
    case 'tls-ciphers':
      out.push(...cipherListFacts(f));
      break;
    case 'tls-weak-cipher': {
      const suites = cipherSuites(f.text);
      if (suites.length === 0) suites.push(weakFamilyFromTitle(f.title));
      for (const s of suites) out.push(fact('tls.cipher.weak', s, f, ev));
      break;
    }
    case 'ssh-protocol': {
      let versions = sshProtocols(f.text);
      if (versions.length === 0 && /\b(?:v1|version 1|sshv1)\b/i.test(f.title)) versions = ['1'];
      for (const v of versions) out.push(fact('ssh.protocol', v, f, ev));
      break;
    }
    case 'ssh-weak': {
      const algos = sshAlgorithms(f.text);
      if (algos.length === 0) algos.push(excerpt(f.title, 120));
      for (const a of algos) out.push(fact('ssh.weak', a, f, ev));
      break;
    }
    case 'ftp-anonymous':
      out.push(fact('ftp.anonymous', 'true', f, ev));
      break;
    case 'snmp-community':
      for (const c of snmpCommunities(f.title, f.text)) out.push(fact('snmp.community', c, f, ev));
      break;
    case 'smbv1':
      out.push(fact('smb.dialect', 'NT LM 0.12', f, ev));
      break;
    case 'smb-signing-off':
      out.push(fact('smb.signing', 'disabled', f, ev));
      break;
    case 'vnc-noauth':
      out.push(fact('vnc.auth', 'None', f, ev));
      break;
    case 'x11-open':
      out.push(fact('x11.access', 'granted', f, ev));
      break;
    case 'ntp-monlist':
      out.push(fact('ntp.monlist', 'true', f, ev));
      break;
    case 'dns-axfr':
      out.push(fact('dns.axfr', 'true', f, ev));
      break;
    case 'auth-none':
      out.push(fact('auth.none', 'true', f, ev));
      break;
  }
  if (alsoVuln || out.length === 0) out.push(vulnFact(f));
  return out;
}

/**
 * A full cipher listing (Nessus 21643 "SSL Cipher Suites Supported", Qualys 38116, OpenVAS "Report Supported
 * Cipher Suites"): protocol headings give tls.protocol, each suite row tls.cipher, and rows under a heading the
 * tool itself grades low/medium/export/null also tls.cipher.weak.
 */
export function cipherListFacts(f: Finding): Fact[] {
  const out: Fact[] = [];
  let weak = false;
  for (const raw of f.text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const heading =
      /^(?:SSL Version\s*:\s*)?(SSLv[23]|TLSv1(?:\.?[0-3])?)\b(?:\s+PROTOCOL IS (ENABLED|DISABLED))?/i.exec(line);
    if (heading && (/^SSL Version/i.test(line) || /PROTOCOL IS/i.test(line) || line.split(/\s+/).length === 1)) {
      const p = tlsProtocolName(heading[1] ?? '');
      weak = false;
      if (p && (heading[2] ?? 'ENABLED').toUpperCase() === 'ENABLED') out.push(fact('tls.protocol', p, f, line));
      continue;
    }
    if (/\b(?:low|medium) strength ciphers\b|\bnull ciphers\b|\bexport ciphers\b|\bweak ciphers\b/i.test(line)) {
      weak = true;
      continue;
    }
    if (/\bhigh strength ciphers\b/i.test(line)) {
      weak = false;
      continue;
    }
    const first = line.split(/[\s\t]+/)[0] ?? '';
    // Qualys grades each row; only LOW is its own "weak" (MEDIUM covers AES-128 too).
    const graded = /\t(LOW|MEDIUM|HIGH)\s*$/i.exec(raw);
    const isSuite =
      (/^(?:TLS|SSL)_[A-Z0-9_]+$/.test(first) || /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$/.test(first)) &&
      SUITE_PART.test(first);
    if (!isSuite) continue;
    out.push(fact('tls.cipher', first, f, line));
    const gradedWeak = graded?.[1]?.toUpperCase() === 'LOW';
    if (weak || gradedWeak) out.push(fact('tls.cipher.weak', first, f, line));
  }
  return out;
}

/** Service names some titles establish beyond doubt (for formats that report ports without a service name). */
const TITLE_SERVICES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\btelnet\b/i, 'telnet'],
  [/\bftp\b/i, 'ftp'],
  [/\bssh\b/i, 'ssh'],
  [/\bvnc\b/i, 'vnc'],
  [/\bsnmp\b/i, 'snmp'],
  [/\brexec\b/i, 'exec'],
  [/\brlogin\b/i, 'login'],
  [/\brsh\b/i, 'shell'],
];

export function serviceFromTitle(title: string): string | null {
  for (const [re, name] of TITLE_SERVICES) if (re.test(title)) return name;
  return null;
}

/** "Apache/2.4.41 (Ubuntu)" / "nginx/1.19.0" / "Microsoft-IIS/7.5" -> product, version, extra. */
export function productFromBanner(
  banner: string,
): { product: string; version: string | null; extra: string | null } | null {
  const m = /^([A-Za-z][\w .-]*?)[/ ](\d[\w.+~-]*)\s*(?:\((.*)\))?/.exec(banner.trim());
  if (!m?.[1]) return null;
  return { product: m[1], version: m[2] ?? null, extra: m[3] ?? null };
}

/** Epoch seconds, ISO 8601 or "Wed Mar 23 14:31:51 2022" (read as UTC) -> ISO 8601 UTC, or null. */
export function isoTime(s: string): string | null {
  const t = s.trim();
  if (!t) return null;
  if (/^\d{9,11}$/.test(t)) return new Date(Number(t) * 1000).toISOString();
  if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(t)) {
    const d = new Date(t.replace(' ', 'T'));
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  const m = /^\w{3} (\w{3}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\d{4})$/.exec(t);
  if (m) {
    const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].indexOf(
      m[1] ?? '',
    );
    if (month < 0) return null;
    return new Date(
      Date.UTC(Number(m[6]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])),
    ).toISOString();
  }
  // Nexpose "20141110T175832478"
  const n = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})?$/.exec(t);
  if (n) {
    return new Date(
      Date.UTC(
        Number(n[1]),
        Number(n[2]) - 1,
        Number(n[3]),
        Number(n[4]),
        Number(n[5]),
        Number(n[6]),
        Number(n[7] ?? 0),
      ),
    ).toISOString();
  }
  return null;
}

/** The root element of an XML head (after the prolog, comments and DOCTYPE), for the detectors; null if none. */
export function xmlRoot(head: string): { name: string; tag: string } | null {
  const body = head.replace(/<!--[\s\S]*?-->/g, '').replace(/<\?[\s\S]*?\?>/g, '');
  const m = /<([A-Za-z_][\w.:-]*)((?:\s[^>]*)?)\/?>/.exec(body);
  if (!m) return null;
  // Only whitespace and a DOCTYPE may come before the root element.
  const before = body.slice(0, m.index).replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/i, '');
  return before.trim() === '' ? { name: m[1] ?? '', tag: m[0] } : null;
}

/** The XML parser with a way to ask which line it is on (for notes raised inside handlers). */
export function lineTracked(inner: XmlStreamParser): { parser: StreamParser; line: () => number } {
  return { parser: inner, line: () => inner.position().line };
}
