// Shared pieces of the cloud-control parsers: typed reads of untrusted JSON/YAML values, coverage notes
// for fields nobody reads, protocol and port notation, and exact CIDR arithmetic (set difference), which
// cloud models need for "a block except some sub-blocks" and for "public address space".
import { isIPv4 } from 'node:net';
import { normaliseIp } from '../ip';
import type { ImportSink } from '../types';
import { parseCidr, rangeToCidrs } from './cidr';
import type { Source } from './cloud-source';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An own field only: parsed objects may carry keys like "constructor" or "__proto__". */
export function field(o: JsonObject | null | undefined, key: string): unknown {
  return o && Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
}

export function has(o: JsonObject | null | undefined, key: string): boolean {
  return !!o && Object.prototype.hasOwnProperty.call(o, key);
}

export function obj(o: JsonObject | null | undefined, key: string): JsonObject | null {
  const v = field(o, key);
  return isObject(v) ? v : null;
}

export function arr(o: JsonObject | null | undefined, key: string): unknown[] | null {
  const v = field(o, key);
  return Array.isArray(v) ? v : null;
}

/** Text, with numbers written out; null when absent or of another kind. */
export function str(o: JsonObject | null | undefined, key: string): string | null {
  const v = field(o, key);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export function num(o: JsonObject | null | undefined, key: string): number | null {
  const v = field(o, key);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
  return null;
}

/** Elements of an array field that are objects; the others are reported as not understood. */
export function objects(o: JsonObject, key: string, sink: ImportSink, source: Source, where: string): JsonObject[] {
  const list = arr(o, key);
  if (!list) return [];
  const out: JsonObject[] = [];
  for (const item of list) {
    if (isObject(item)) out.push(item);
    else note(sink, source, o, `${where}: ${key} holds ${JSON.stringify(item)?.slice(0, 60)}, not an object; skipped`);
  }
  return out;
}

export function note(sink: ImportSink, source: Source, at: unknown, what: string): void {
  sink.note({ line: source.lineOf(at), column: null, what });
}

/** Reports every field of `o` that is neither read nor deliberately ignored. */
export function noteUnknownFields(
  sink: ImportSink,
  source: Source,
  o: JsonObject,
  known: ReadonlySet<string>,
  where: string,
): void {
  for (const key of Object.keys(o)) {
    if (!known.has(key)) {
      const v = JSON.stringify(o[key]) ?? '';
      note(sink, source, o, `${where}: field "${key}" not understood (${v.length > 60 ? `${v.slice(0, 60)}…` : v})`);
    }
  }
}

const PROTOCOL_NUMBERS: Record<string, string> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmpv6',
  '132': 'sctp',
};
const PROTOCOL_NAMES = new Set(['icmp', 'tcp', 'udp', 'gre', 'esp', 'ah', 'icmpv6', 'sctp']);

/** "tcp", "TCP", "6" -> "tcp"; "-1", "all", "*" -> "any"; other numbers stay numbers; null when not a protocol. */
export function normaliseProtocol(raw: string): string | null {
  const p = raw.trim().toLowerCase();
  if (p === '-1' || p === 'all' || p === '*' || p === 'any') return 'any';
  if (p === 'ipv6-icmp' || p === 'icmp6') return 'icmpv6';
  if (PROTOCOL_NAMES.has(p)) return p;
  if (/^\d{1,3}$/.test(p) && Number(p) <= 255) return PROTOCOL_NUMBERS[String(Number(p))] ?? String(Number(p));
  return null;
}

/** Protocols whose rules name ports. */
export function hasPorts(protocol: string): boolean {
  return protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp';
}

/** A port range written "22", "1000-2000" (from equal to to gives one port); null when not valid. */
export function portRange(from: number, to: number): string | null {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) return null;
  return from === to ? String(from) : `${from}-${to}`;
}

/** "22", "22-23", " 8080 " -> canonical range text; null when not a port or range. */
export function parsePortText(text: string): string | null {
  const m = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(text);
  if (!m) return null;
  return portRange(Number(m[1]), Number(m[2] ?? m[1]));
}

interface Interval {
  bits: 32 | 128;
  first: bigint;
  last: bigint;
}

function ipToBig(ip: string): { value: bigint; bits: 32 | 128 } | null {
  const n = normaliseIp(ip);
  if (n === null || n.includes('%')) return null;
  if (isIPv4(n)) return { value: n.split('.').reduce((acc, o) => (acc << 8n) | BigInt(o), 0n), bits: 32 };
  // Expand to eight groups; an embedded IPv4 tail becomes two groups.
  let full = n;
  const v4 = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(full);
  if (v4) {
    const [, head, a, b, c, d] = v4 as unknown as [string, string, string, string, string, string];
    full = `${head}${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`;
  }
  const [left, right] = full.includes('::') ? (full.split('::', 2) as [string, string]) : [full, null];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === null ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  return { value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n), bits: 128 };
}

function bigToIp(value: bigint, bits: 32 | 128): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return normaliseIp(groups.join(':'))!;
}

function interval(cidr: string): Interval | null {
  const c = parseCidr(cidr);
  if (!c) return null;
  const [addr, len] = c.split('/') as [string, string];
  const ip = ipToBig(addr);
  if (!ip) return null;
  const size = 1n << BigInt(ip.bits - Number(len));
  return { bits: ip.bits, first: ip.value, last: ip.value + size - 1n };
}

/**
 * The addresses of `base` that are not in any of `minus`, as the fewest CIDRs per contiguous run (exact,
 * not an approximation). Entries that are not CIDRs are ignored; callers validate them first.
 */
export function subtractCidrs(base: readonly string[], minus: readonly string[]): string[] {
  let parts = base.map(interval).filter((i): i is Interval => i !== null);
  for (const cut of minus.map(interval)) {
    if (!cut) continue;
    const next: Interval[] = [];
    for (const p of parts) {
      if (p.bits !== cut.bits || cut.last < p.first || cut.first > p.last) {
        next.push(p);
        continue;
      }
      if (cut.first > p.first) next.push({ bits: p.bits, first: p.first, last: cut.first - 1n });
      if (cut.last < p.last) next.push({ bits: p.bits, first: cut.last + 1n, last: p.last });
    }
    parts = next;
  }
  return parts.flatMap((p) => rangeToCidrs(bigToIp(p.first, p.bits), bigToIp(p.last, p.bits)) ?? []);
}

/** Address blocks that are never public Internet space (RFC 6890 special-purpose, private, multicast). */
export const NON_PUBLIC_V4 = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '224.0.0.0/3',
];
/** IPv6 public space is taken as global unicast, 2000::/3. */
export const PUBLIC_V6 = '2000::/3';

let publicSpace: readonly string[] | null = null;

/** Public Internet address space as CIDRs: IPv4 minus NON_PUBLIC_V4, and IPv6 global unicast. */
export function publicAddressSpace(): string[] {
  publicSpace ??= [...subtractCidrs(['0.0.0.0/0'], NON_PUBLIC_V4), PUBLIC_V6];
  return [...publicSpace];
}

/** The last segment of a resource path or URL ("…/networks/default" -> "default"). */
export function lastSegment(path: string): string {
  const parts = path.split('/').filter((p) => p !== '');
  return parts[parts.length - 1] ?? path;
}
