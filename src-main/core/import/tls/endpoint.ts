// One scanned TLS or SSH endpoint, gathered while an assessor's report is read and handed to the sink as one
// observation: each protocol version and suite once (with the versions a suite was accepted on), each finding once.
import { blankObservation, type Fact, type HostSeen, type Observation } from '../../model/observation';
import { normaliseIp } from '../ip';
import type { ImportSink } from '../types';
import { weakCipherReason } from './cipher-strength';
import type { TlsProtocol } from './protocol-names';

/** `vuln` fact values for the weaknesses TLS assessors test, spelt the same whichever tool reported them. */
export const VULN = {
  heartbleed: 'heartbleed',
  ccs: 'CCS injection',
  robot: 'ROBOT',
  poodle: 'POODLE',
  beast: 'BEAST',
  sweet32: 'SWEET32',
  logjam: 'LOGJAM',
  freak: 'FREAK',
  drown: 'DROWN',
  crime: 'CRIME',
  breach: 'BREACH',
  lucky13: 'LUCKY13',
  ticketbleed: 'ticketbleed',
  rc4: 'RC4',
  secureRenegotiationMissing: 'secure renegotiation missing',
  clientRenegotiation: 'client-initiated renegotiation',
} as const;

/** `tls.certificate` fact values: only problems are recorded; the subject and dates go in the evidence. */
export const CERT_ISSUE = {
  expired: 'expired',
  selfSigned: 'self-signed',
  weakKey: 'weak key',
  hostnameMismatch: 'hostname mismatch',
  untrusted: 'untrusted chain',
  weakSignature: 'weak signature',
  revoked: 'revoked',
} as const;

const EVIDENCE_MAX = 300;

/** Shortens tool output for evidence and notes, marking the cut. */
export function clip(s: string, max = EVIDENCE_MAX): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/**
 * ISO 8601 UTC from a report's timestamp: epoch seconds, or a date-time whose zone is given or, as sslyze
 * writes it (Python's utcnow), absent and therefore UTC. Null when the text is no date.
 */
export function isoUtc(value: unknown): string | null {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{9,11}$/.test(value.trim()))) {
    const d = new Date(Number(value) * 1000);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof value !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const fraction = m[3] ? m[3].slice(0, 4) : '';
  const d = new Date(`${m[1]}T${m[2]}${fraction}${m[4] ?? 'Z'}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

interface CipherSeen {
  versions: string[];
  details: string[];
  toolWeak: string | null;
  source: string;
}

export class Endpoint {
  readonly hostIp: string | null;
  readonly hostNames: string[];
  service: string | null = 'ssl';
  tunnel: string | null = 'ssl';
  product: string | null = null;
  version: string | null = null;
  extraInfo: string | null = null;
  seenAt: string | null = null;
  private readonly protocols = new Map<string, Fact>();
  private readonly ciphers = new Map<string, CipherSeen>();
  private readonly facts = new Map<string, Fact>();

  /** `host` is the name the tool was given (an address is recognised as such), `ip` the address it reports. */
  constructor(
    host: string | null,
    ip: string | null,
    readonly port: number,
  ) {
    const ipN = ip ? normaliseIp(ip) : null;
    const hostAsIp = host ? normaliseIp(host) : null;
    const name = host?.trim().toLowerCase() ?? '';
    this.hostIp = ipN ?? hostAsIp;
    this.hostNames = name !== '' && hostAsIp === null ? [name] : [];
  }

  get label(): string {
    const who = this.hostNames[0] ?? this.hostIp ?? '?';
    return who.includes(':') ? `[${who}]:${this.port}` : `${who}:${this.port}`;
  }

  protocol(p: TlsProtocol, source: string, evidence: string): void {
    if (!this.protocols.has(p))
      this.protocols.set(p, { key: 'tls.protocol', value: p, source, evidence: clip(evidence) });
  }

  /**
   * An accepted suite. `toolWeak` is the tool's own verdict in words (e.g. `sslscan strength="weak"`); the
   * name rule is applied as well, so the suite is recorded as weak when either says so.
   */
  cipher(name: string, version: TlsProtocol | null, source: string, detail = '', toolWeak: string | null = null): void {
    const seen = this.ciphers.get(name) ?? { versions: [], details: [], toolWeak: null, source };
    if (version && !seen.versions.includes(version)) seen.versions.push(version);
    if (detail && !seen.details.includes(detail) && seen.details.length < 3) seen.details.push(detail);
    seen.toolWeak ??= toolWeak;
    this.ciphers.set(name, seen);
  }

  /** Any other fact; the same key and value are kept once, with the first evidence. */
  fact(key: string, value: string, source: string, evidence: string): void {
    const id = `${key}\u0000${value}`;
    if (!this.facts.has(id)) this.facts.set(id, { key, value, source, evidence: clip(evidence) });
  }

  observation(): Observation {
    const facts: Fact[] = [...this.protocols.values()];
    const weak: Fact[] = [];
    for (const [name, c] of this.ciphers) {
      const on = c.versions.length > 0 ? ` with ${c.versions.join(', ')}` : '';
      const detail = c.details.length > 0 ? `; ${c.details.join('; ')}` : '';
      facts.push({
        key: 'tls.cipher',
        value: name,
        source: c.source,
        evidence: clip(`${name} accepted${on}${detail}`),
      });
      const byName = weakCipherReason(name);
      if (c.toolWeak || byName) {
        const why = [c.toolWeak, byName ? `${byName} by name` : null].filter((w): w is string => w !== null);
        weak.push({
          key: 'tls.cipher.weak',
          value: name,
          source: c.source,
          evidence: clip(`${name}${on}: ${why.join('; ')}`),
        });
      }
    }
    facts.push(...weak, ...this.facts.values());
    return {
      ...blankObservation('tcp', this.port, 'open'),
      hostIp: this.hostIp,
      hostNames: [...this.hostNames],
      service: this.service,
      tunnel: this.tunnel,
      product: this.product,
      version: this.version,
      extraInfo: this.extraInfo,
      seenAt: this.seenAt,
      facts,
    };
  }
}

/** Hands endpoints to the sink, each distinct host once (as up: the tool talked to it). */
export class EndpointEmitter {
  private readonly hosts = new Set<string>();
  constructor(private readonly sink: ImportSink) {}

  emit(e: Endpoint): void {
    const key = `${e.hostIp ?? ''}|${e.hostNames.join(',')}`;
    if (!this.hosts.has(key)) {
      this.hosts.add(key);
      const h: HostSeen = { ip: e.hostIp, hostNames: [...e.hostNames], mac: null, status: 'up', seenAt: e.seenAt };
      this.sink.host(h);
    }
    this.sink.observation(e.observation());
  }
}

/** A port number from a report field, or null when it is not one. */
export function portNumber(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}
