// Facts from nmap's NSE script results and service fields: the signals (offered TLS versions and suites,
// SSH algorithms, SMBv1, anonymous FTP, unauthenticated data stores, CVEs...) that later decide whether
// a service in use is insecure. Structured <table>/<elem> output is read when nmap wrote it, the text
// otherwise (older nmap, scripts that only return a string).
import type { Fact } from '../../model/observation';
import { allTables, elemText, elemTexts, subTables, tableItems, type NseItem, type NseScript } from './nse-output';
import { clip } from './scan-common';

export interface ServiceContext {
  service: string | null;
  product: string | null;
  version: string | null;
  extraInfo: string | null;
  /** When the port was scanned (ISO-8601), to judge certificate validity; null when unknown. */
  scanTime: string | null;
  /** The nmap command line, for script arguments such as snmp.community. */
  args: string | null;
  /** Ids of all scripts on the same port (snmp-brute changes which community snmp-sysdescr used). */
  scriptIds: readonly string[];
}

/** Script names of nmap 3.x–5.x that became today's scripts. */
const ALIASES: Record<string, string> = {
  SSLv2: 'sslv2',
  'Anonymous FTP': 'ftp-anon',
  'HTML title': 'http-title',
  'html-title': 'http-title',
  showHTMLTitle: 'http-title',
  'zone-transfer': 'dns-zone-transfer',
  SSHv1: 'sshv1',
  'SSHv1-support': 'sshv1',
};

export function canonicalScriptId(id: string): string {
  return ALIASES[id] ?? id;
}

type Rule = (s: NseScript, ctx: ServiceContext) => Fact[];

const RULES: Record<string, Rule> = {
  'ssl-enum-ciphers': sslEnumCiphers,
  sslv2: sslv2,
  'ssl-cert': sslCert,
  'ssh2-enum-algos': ssh2EnumAlgos,
  sshv1: (s) => (/supports SSHv1/i.test(s.output) ? [fact('ssh.protocol', '1', s, firstLine(s.output))] : []),
  'smb-protocols': smbProtocols,
  'smb2-security-mode': smb2SecurityMode,
  'smb-security-mode': smbSecurityMode,
  'snmp-info': (s) => [fact('snmp.version', '3', s, `SNMPv3 engine discovery answered: ${firstLine(s.output)}`)],
  'snmp-sysdescr': snmpSysdescr,
  'snmp-brute': snmpBrute,
  'ftp-anon': (s) =>
    /Anonymous (FTP )?login allowed/i.test(s.output)
      ? [fact('ftp.anonymous', 'true', s, lineMatching(s.output, /Anonymous/i))]
      : [],
  'vnc-info': vncInfo,
  'x11-access': (s) =>
    /access is granted/i.test(s.output) ? [fact('x11.access', 'granted', s, firstLine(s.output))] : [],
  'rdp-enum-encryption': rdpEnumEncryption,
  'ntp-monlist': (s) => (s.output.trim() ? [fact('ntp.monlist', 'true', s, firstLine(s.output))] : []),
  'dns-zone-transfer': dnsZoneTransfer,
  'http-title': httpTitle,
  banner: banner,
  vulners: vulners,
  'redis-info': (s) =>
    /Version/i.test(s.output) && !/NOAUTH|Authentication required/i.test(s.output)
      ? [
          fact(
            'auth.none',
            'true',
            s,
            `redis-info read server details without authentication: ${lineMatching(s.output, /Version/i)}`,
          ),
        ]
      : [],
  'memcached-info': (s) =>
    /\S/.test(s.output) && !/Authentication:\s*yes/i.test(s.output)
      ? [
          fact(
            'auth.none',
            'true',
            s,
            `memcached-info read server statistics: ${lineMatching(s.output, /Authentication|Process ID/i)}`,
          ),
        ]
      : [],
  'mongodb-info': (s) =>
    /version|Build info/i.test(s.output) && !/not authorized|requires authentication|auth fail/i.test(s.output)
      ? [
          fact(
            'auth.none',
            'true',
            s,
            `mongodb-info read server details without credentials: ${lineMatching(s.output, /version/i)}`,
          ),
        ]
      : [],
  'mongodb-databases': (s) =>
    /totalSize|sizeOnDisk/i.test(s.output) && !/not authorized|requires authentication/i.test(s.output)
      ? [
          fact(
            'auth.none',
            'true',
            s,
            `mongodb-databases listed databases without credentials: ${lineMatching(s.output, /totalSize|sizeOnDisk/i)}`,
          ),
        ]
      : [],
};

/** Facts from one script result. Failed runs ("ERROR: Script execution failed") give none. */
export function scriptFacts(s: NseScript, ctx: ServiceContext): Fact[] {
  if (/^\s*ERROR:|Script execution failed/i.test(s.output) && s.items.length === 0) return [];
  const rule = RULES[canonicalScriptId(s.id)];
  const facts = rule ? rule(s, ctx) : [];
  if (canonicalScriptId(s.id) !== 'vulners') facts.push(...vulnLibraryFacts(s));
  return dedupe(facts);
}

/** Facts nmap's service detection itself shows: SSH protocol version, SNMP version and community. */
export function serviceFacts(ctx: ServiceContext): Fact[] {
  const out: Fact[] = [];
  const src = { id: 'nmap-service' };
  const name = (ctx.service ?? '').toLowerCase();
  const sshVersion = /protocol (\d+\.\d+)/i.exec(ctx.extraInfo ?? '') ?? /protocol (\d+\.\d+)/i.exec(ctx.version ?? '');
  if (sshVersion?.[1] && (name.includes('ssh') || /ssh/i.test(ctx.product ?? ''))) {
    for (const v of sshProtocols(sshVersion[1]))
      out.push(fact('ssh.protocol', v, src, `service ${ctx.service}: "${sshVersion[0]}"`));
  }
  if (name === 'snmp') {
    const product = ctx.product ?? '';
    const shown = `service snmp: product "${product}"${ctx.extraInfo ? `, extrainfo "${ctx.extraInfo}"` : ''}`;
    if (/SNMPv1/i.test(product)) out.push(fact('snmp.version', '1', src, shown));
    if (/SNMPv2c?/i.test(product)) out.push(fact('snmp.version', '2c', src, shown));
    if (/SNMPv3/i.test(product)) out.push(fact('snmp.version', '3', src, shown));
    // nmap's SNMPv1/v2c probes ask with community "public"; an answer is reported as extrainfo "public".
    if (/SNMPv[12]/i.test(product) && ctx.extraInfo && /^[\w.@-]{1,64}$/.test(ctx.extraInfo)) {
      out.push(fact('snmp.community', ctx.extraInfo, src, shown));
    }
  }
  return dedupe(out);
}

/** "2.0" -> 2; "1.99" -> 1 and 2 (both offered); "1.5" -> 1. */
export function sshProtocols(v: string): string[] {
  if (v === '1.99') return ['1', '2'];
  if (v.startsWith('2')) return ['2'];
  if (v.startsWith('1')) return ['1'];
  return [];
}

// ---------- TLS ----------

interface Offered {
  version: string;
  ciphers: { name: string; kex: string | null; strength: string | null }[];
  warnings: string[];
}

const TLS_VERSION = /^(SSLv2|SSLv3|TLSv1(?:\.[0-3])?)$/;
/** Grades that do not mark a suite weak: nmap 7 letters, and nmap 6 words. */
const GOOD_GRADES = new Set(['A', 'strong', 'unknown']);

/** ssl-enum-ciphers warnings that concern particular suites, with how to recognise those suites. */
function suiteWarning(warning: string): RegExp | null {
  const block = /64-bit block cipher (\S+)/i.exec(warning);
  if (block?.[1]) return new RegExp(block[1].replace(/[^\w]/g, ''), 'i');
  if (/RC4/i.test(warning)) return /RC4/i;
  if (/MD5 for message integrity/i.test(warning)) return /MD5$/i;
  if (/Export key exchange/i.test(warning)) return /EXPORT/i;
  if (/Anonymous key exchange/i.test(warning)) return /_anon_/i;
  if (/CBC-mode cipher in SSLv3/i.test(warning)) return /CBC/i;
  if (/NULL/.test(warning)) return /NULL/;
  return null;
}

function normaliseTlsVersion(v: string): string {
  return v === 'TLSv1' ? 'TLSv1.0' : v;
}

function offeredFromItems(items: readonly NseItem[]): Offered[] {
  const out: Offered[] = [];
  for (const i of items) {
    if (i.kind !== 'table' || !i.key || !TLS_VERSION.test(i.key)) continue;
    out.push({
      version: normaliseTlsVersion(i.key),
      ciphers: subTables(tableItems(i.items, 'ciphers') ?? []).flatMap((t) => {
        const name = elemText(t, 'name');
        return name ? [{ name, kex: elemText(t, 'kex_info'), strength: elemText(t, 'strength') }] : [];
      }),
      warnings: elemTexts(tableItems(i.items, 'warnings') ?? []),
    });
  }
  return out;
}

function offeredFromText(output: string): Offered[] {
  const out: Offered[] = [];
  let current: Offered | null = null;
  let section: string | null = null;
  for (const raw of output.split('\n')) {
    const line = raw.trim();
    const version = /^(SSLv2|SSLv3|TLSv1(?:\.[0-3])?):$/.exec(line);
    if (version?.[1]) {
      current = { version: normaliseTlsVersion(version[1]), ciphers: [], warnings: [] };
      out.push(current);
      section = null;
      continue;
    }
    const head = /^(ciphers|compressors|warnings):$/.exec(line);
    if (head?.[1]) {
      section = head[1];
      continue;
    }
    if (/^(cipher preference|least strength):/.test(line)) {
      section = null;
      continue;
    }
    if (!current || !line) continue;
    if (section === 'ciphers') {
      const m = /^(\S+)(?:\s+\(([^)]*)\))?\s+-\s+(A|B|C|D|E|F|strong|weak|broken|unknown)\b/.exec(line);
      if (m?.[1]) current.ciphers.push({ name: m[1], kex: m[2] ?? null, strength: m[3] ?? null });
    } else if (section === 'warnings') {
      current.warnings.push(line);
    }
  }
  return out;
}

function sslEnumCiphers(s: NseScript): Fact[] {
  const offered = s.items.length > 0 ? offeredFromItems(s.items) : offeredFromText(s.output);
  const facts: Fact[] = [];
  const suites = new Map<string, { versions: string[]; detail: string; weak: string[] }>();
  for (const o of offered) {
    facts.push(fact('tls.protocol', o.version, s, `${o.version}: ${o.ciphers.length} cipher suite(s) offered`));
    const matchers = o.warnings.flatMap((w) => {
      const re = suiteWarning(w);
      return re ? [{ w, re }] : [];
    });
    for (const c of o.ciphers) {
      const entry = suites.get(c.name) ?? { versions: [], detail: cipherDetail(c), weak: [] };
      suites.set(c.name, entry);
      entry.versions.push(o.version);
      const reasons = [
        ...(c.strength && !GOOD_GRADES.has(c.strength) ? [`graded ${c.strength} in ${o.version}`] : []),
        ...matchers.filter((m) => m.re.test(c.name)).map((m) => m.w),
      ];
      for (const r of reasons) if (!entry.weak.includes(r)) entry.weak.push(r);
    }
  }
  for (const [name, e] of suites) {
    facts.push(fact('tls.cipher', name, s, `${e.versions.join(', ')}: ${e.detail}`));
    if (e.weak.length > 0)
      facts.push(fact('tls.cipher.weak', name, s, `${e.versions.join(', ')}: ${e.detail}; ${e.weak.join('; ')}`));
  }
  return facts;
}

function cipherDetail(c: Offered['ciphers'][number]): string {
  return `${c.name}${c.kex ? ` (${c.kex})` : ''}${c.strength ? ` - ${c.strength}` : ''}`;
}

function sslv2(s: NseScript): Fact[] {
  const supported =
    /SSLv2 supported|supports SSLv2/i.test(s.output) || elemTexts(s.items).some((t) => /SSLv2 supported/i.test(t));
  if (!supported) return [];
  const structured = elemTexts(tableItems(s.items, 'ciphers') ?? []);
  const ciphers =
    structured.length > 0 ? structured : [...s.output.matchAll(/^\s*(SSL2_\w+)\s*$/gm)].map((m) => m[1] ?? '');
  return [
    fact('tls.protocol', 'SSLv2', s, firstLine(s.output)),
    ...ciphers.filter(Boolean).map((c) => fact('tls.cipher', c, s, `SSLv2: ${c}`)),
  ];
}

function sslCert(s: NseScript, ctx: ServiceContext): Fact[] {
  const dn = (key: string, label: string): string | null => {
    const t = tableItems(s.items, key);
    if (t) return t.flatMap((i) => (i.kind === 'elem' ? [`${i.key}=${i.text}`] : [])).join('/') || null;
    return new RegExp(`^${label}:\\s*(.+)$`, 'm').exec(s.output)?.[1]?.trim() ?? null;
  };
  const textField = (label: string) => new RegExp(`^${label}:\\s*(.+)$`, 'm').exec(s.output)?.[1]?.trim() ?? null;
  const pubkey = tableItems(s.items, 'pubkey');
  const validity = tableItems(s.items, 'validity');
  const subject = dn('subject', 'Subject');
  const issuer = dn('issuer', 'Issuer');
  const keyType = (pubkey && elemText(pubkey, 'type')) ?? textField('Public Key type');
  const keyBits = (pubkey && elemText(pubkey, 'bits')) ?? textField('Public Key bits');
  const sig = elemText(s.items, 'sig_algo') ?? textField('Signature Algorithm');
  const notBefore = (validity && elemText(validity, 'notBefore')) ?? textField('Not valid before');
  const notAfter = (validity && elemText(validity, 'notAfter')) ?? textField('Not valid after');
  if (!subject && !notAfter) return [];

  const parts: string[] = [];
  if (subject) parts.push(`subject ${subject}`);
  if (issuer) parts.push(issuer === subject ? 'self-signed' : `issuer ${issuer}`);
  if (keyType || keyBits) parts.push(`key ${[keyType, keyBits].filter(Boolean).join(' ')}`);
  if (sig) parts.push(`signature ${sig}`);
  if (notBefore || notAfter) parts.push(`valid ${notBefore ?? '?'} to ${notAfter ?? '?'}`);
  const flags: string[] = [];
  const at = ctx.scanTime ? Date.parse(ctx.scanTime) : NaN;
  const after = certTime(notAfter);
  const before = certTime(notBefore);
  if (!Number.isNaN(at) && after !== null && after < at) flags.push('expired when scanned');
  if (!Number.isNaN(at) && before !== null && before > at) flags.push('not yet valid when scanned');
  const bits = Number(keyBits);
  const minBits = /^ec/i.test(keyType ?? '') ? 224 : 2048;
  if (Number.isFinite(bits) && bits > 0 && bits < minBits) flags.push(`weak key (${bits} bits)`);
  if (/md5|sha1With|sha1$/i.test(sig ?? '')) flags.push('weak signature');
  const value = [...parts, ...flags].join('; ');
  return [fact('tls.certificate', value, s, clip(s.output.trim(), 300))];
}

/** nmap prints certificate times in UTC, with or without an offset. */
function certTime(t: string | null): number | null {
  if (!t) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(Z|[+-]\d{2}:?\d{2})?/.exec(t);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
  return Number.isNaN(ms) ? null : ms;
}

// ---------- SSH ----------

const SSH_SECTIONS: Record<string, string> = {
  kex_algorithms: 'ssh.kex',
  server_host_key_algorithms: 'ssh.hostkey',
  encryption_algorithms: 'ssh.cipher',
  mac_algorithms: 'ssh.mac',
};

function ssh2EnumAlgos(s: NseScript): Fact[] {
  const facts: Fact[] = [];
  if (s.items.length > 0) {
    for (const [section, key] of Object.entries(SSH_SECTIONS)) {
      for (const alg of elemTexts(tableItems(s.items, section) ?? []))
        facts.push(fact(key, alg, s, `${section}: ${alg}`));
    }
    return facts;
  }
  let key: string | null = null;
  let section = '';
  for (const raw of s.output.split('\n')) {
    const head = /^\s{0,4}(\w+):?\s*\(\d+\)\s*$/.exec(raw);
    if (head?.[1]) {
      section = head[1];
      key = SSH_SECTIONS[section] ?? null;
      continue;
    }
    const alg = raw.trim();
    if (key && alg && !/\s/.test(alg)) facts.push(fact(key, alg, s, `${section}: ${alg}`));
  }
  return facts;
}

function banner(s: NseScript): Fact[] {
  const text = s.output.trim();
  if (!text) return [];
  const facts = [fact('banner', clip(text, 300), s, clip(text, 300))];
  const ssh = /^SSH-(\d+\.\d+)-/.exec(text);
  if (ssh?.[1]) for (const v of sshProtocols(ssh[1])) facts.push(fact('ssh.protocol', v, s, firstLine(text)));
  return facts;
}

// ---------- SMB ----------

const SMB2_DIALECTS: Record<string, string> = {
  '202': '2.0.2',
  '21': '2.1',
  '210': '2.1',
  '30': '3.0',
  '300': '3.0',
  '302': '3.0.2',
  '311': '3.1.1',
};

/** One spelling per dialect across nmap versions ("2.02", "2:0:2", "2.0.2"); SMBv1 as "NT LM 0.12". */
export function smbDialect(raw: string): string {
  const t = raw.trim();
  if (/NT LM 0\.12|SMBv1/i.test(t)) return 'NT LM 0.12';
  return SMB2_DIALECTS[t.replace(/[^0-9]/g, '')] ?? t;
}

function smbProtocols(s: NseScript): Fact[] {
  let dialects = elemTexts(tableItems(s.items, 'dialects') ?? []);
  if (dialects.length === 0) {
    const after = s.output.split(/dialects:\s*\n/)[1] ?? '';
    dialects = after
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  }
  return dialects.map((d) => fact('smb.dialect', smbDialect(d), s, `dialect ${d.trim()}`));
}

function signingFromSentence(text: string): string | null {
  if (/enabled and required|signing required|:\s*required/i.test(text)) return 'required';
  if (/enabled but not required|supported/i.test(text)) return 'enabled';
  if (/disabled/i.test(text)) return 'disabled';
  return null;
}

function smb2SecurityMode(s: NseScript): Fact[] {
  const sentences =
    s.items.length > 0
      ? s.items.flatMap((i) => (i.kind === 'table' ? elemTexts(i.items).map((t) => `${i.key ?? ''}: ${t}`) : []))
      : s.output.split('\n').filter((l) => /signing/i.test(l));
  return sentences.flatMap((t) => {
    const v = signingFromSentence(t.replace(/^[\d:.]+:\s*/, ''));
    return v ? [fact('smb.signing', v, s, t.trim())] : [];
  });
}

function smbSecurityMode(s: NseScript): Fact[] {
  const structured = elemText(s.items, 'message_signing');
  const text = structured ?? /message[_ ]signing:?\s*([^\n]+)/i.exec(s.output)?.[1] ?? null;
  const v = text ? signingFromSentence(`: ${text}`) : null;
  return v ? [fact('smb.signing', v, s, `message_signing: ${text?.trim()}`)] : [];
}

// ---------- SNMP ----------

function scriptArg(args: string | null, names: string[]): string | null {
  for (const n of names) {
    const m = new RegExp(`(?:^|[\\s,='"])${n.replace('.', '\\.')}=([^,\\s'"]+)`).exec(args ?? '');
    if (m?.[1]) return m[1];
  }
  return null;
}

function snmpSysdescr(s: NseScript, ctx: ServiceContext): Fact[] {
  if (!s.output.trim()) return [];
  const facts: Fact[] = [];
  const version = scriptArg(ctx.args, ['snmp.version']);
  facts.push(
    fact('snmp.version', version && /2/.test(version) ? '2c' : '1', s, `sysDescr read: ${firstLine(s.output)}`),
  );
  // snmp-sysdescr asks with the community given as a script argument, one found by snmp-brute, or "public".
  const community = scriptArg(ctx.args, ['snmpcommunity', 'snmp.community']);
  if (community)
    facts.push(
      fact(
        'snmp.community',
        community,
        s,
        `sysDescr read with community from script arguments: ${firstLine(s.output)}`,
      ),
    );
  else if (!ctx.scriptIds.includes('snmp-brute'))
    facts.push(fact('snmp.community', 'public', s, `sysDescr read with the default community: ${firstLine(s.output)}`));
  return facts;
}

function snmpBrute(s: NseScript): Fact[] {
  return [...s.output.matchAll(/^\s*(\S+)\s+-\s+Valid credentials/gm)].map((m) =>
    fact('snmp.community', m[1] ?? '', s, m[0].trim()),
  );
}

// ---------- other services ----------

function vncInfo(s: NseScript): Fact[] {
  const out: Fact[] = [];
  const types = tableItems(s.items, 'Security types');
  if (types) {
    for (const t of types) {
      const name = t.kind === 'table' ? elemText(t.items, 'name') : t.text;
      const num = t.kind === 'table' ? elemText(t.items, 'type') : null;
      if (name) out.push(fact('vnc.auth', name, s, `security type ${name}${num ? ` (${num})` : ''}`));
    }
  } else {
    const after = s.output.split(/Security types:\s*\n/)[1] ?? '';
    const indent = /^(\s*)/.exec(after)?.[1]?.length ?? 0;
    for (const l of after.split('\n')) {
      if (!l.trim() || (/^(\s*)/.exec(l)?.[1]?.length ?? 0) < indent) break;
      const name = l.trim().replace(/\s*\(\d+\)$/, '');
      out.push(fact('vnc.auth', name, s, `security type ${l.trim()}`));
    }
  }
  if (/does not require authentication/i.test(s.output))
    out.push(fact('vnc.auth', 'None', s, lineMatching(s.output, /authentication/i)));
  return out;
}

function rdpEnumEncryption(s: NseScript): Fact[] {
  const out: Fact[] = [];
  let inLayer = false;
  for (const raw of s.output.split('\n')) {
    const line = raw.trim();
    if (/^Security layer/i.test(line)) {
      inLayer = true;
      continue;
    }
    if (/^RDP (Encryption level|Protocol Version)/i.test(line)) inLayer = false;
    const m = inLayer ? /^(.+?):\s*SUCCESS$/i.exec(line) : null;
    if (m?.[1]) out.push(fact('rdp.security', m[1], s, line));
  }
  return out;
}

function dnsZoneTransfer(s: NseScript): Fact[] {
  if (/transfer failed|refused|not allowed|ERROR/i.test(s.output) || !/\bSOA\b/.test(s.output)) return [];
  return [fact('dns.axfr', 'true', s, lineMatching(s.output, /\bSOA\b/))];
}

function httpTitle(s: NseScript): Fact[] {
  const title = elemText(s.items, 'title') ?? (s.items.length > 0 ? null : s.output.trim());
  if (!title || /^(Site doesn't have a title|Did not follow redirect|Requested resource was)/i.test(title)) return [];
  return [fact('http.title', clip(title, 200), s, clip(title, 300))];
}

function vulners(s: NseScript): Fact[] {
  const out: Fact[] = [];
  if (s.items.length > 0) {
    for (const cpe of s.items) {
      if (cpe.kind !== 'table') continue;
      for (const t of subTables(cpe.items)) {
        const id = elemText(t, 'id');
        if (!id || !(elemText(t, 'type') === 'cve' || /^CVE-\d{4}-\d+$/.test(id))) continue;
        const cvss = elemText(t, 'cvss');
        out.push(fact('vuln', id, s, `${id}${cvss ? ` cvss ${cvss}` : ''}${cpe.key ? ` (${cpe.key})` : ''}`));
      }
    }
    return out;
  }
  let cpe = '';
  for (const raw of s.output.split('\n')) {
    const c = /^\s*(cpe:\/\S+):\s*$/.exec(raw);
    if (c?.[1]) cpe = c[1];
    const m = /^\s*(CVE-\d{4}-\d{4,})\s+([\d.]+)?/.exec(raw);
    if (m?.[1]) out.push(fact('vuln', m[1], s, `${m[1]}${m[2] ? ` cvss ${m[2]}` : ''}${cpe ? ` (${cpe})` : ''}`));
  }
  return out;
}

/** Scripts built on nmap's vulns library report "State: VULNERABLE" with IDs (CVE:..., BID:...). */
function vulnLibraryFacts(s: NseScript): Fact[] {
  const out: Fact[] = [];
  const vulnerable = (state: string | null) => !!state && /VULNERABLE/i.test(state) && !/NOT VULNERABLE/i.test(state);
  if (s.items.length > 0) {
    for (const t of allTables(s.items)) {
      const state = elemText(t, 'state');
      if (!vulnerable(state)) continue;
      const title = elemText(t, 'title') ?? s.id;
      const ids = elemTexts(tableItems(t, 'ids') ?? []).map((i) => i.replace(/^CVE:/, ''));
      const values = ids.filter((i) => /^CVE-/.test(i));
      for (const v of values.length > 0 ? values : [title]) out.push(fact('vuln', v, s, `${title}: State: ${state}`));
    }
    return out;
  }
  const state = /State:\s*((?:LIKELY )?VULNERABLE[^\n]*)/.exec(s.output)?.[1] ?? null;
  if (!vulnerable(state)) return out;
  const title = /VULNERABLE:\s*\n\s*([^\n]+)/.exec(s.output)?.[1]?.trim() ?? s.id;
  const cves = [...new Set([...s.output.matchAll(/\bCVE:(CVE-\d{4}-\d+)/g)].map((m) => m[1] ?? ''))];
  for (const v of cves.length > 0 ? cves : [title]) out.push(fact('vuln', v, s, `${title}: State: ${state}`));
  return out;
}

// ---------- helpers ----------

function fact(key: string, value: string, s: { id: string }, evidence: string): Fact {
  return { key, value, source: s.id, evidence: clip(evidence, 300) };
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  );
}

function lineMatching(text: string, re: RegExp): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => re.test(l)) ?? firstLine(text)
  );
}

function dedupe(facts: Fact[]): Fact[] {
  const seen = new Set<string>();
  return facts.filter((f) => {
    const k = `${f.key}\u0000${f.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
