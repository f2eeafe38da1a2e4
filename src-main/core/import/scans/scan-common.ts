// Small pieces shared by the port-scanner parsers: times as ISO-8601 UTC, protocol names, and short
// quotations of input for parse notes and fact evidence.
import type { Proto } from '../../model/observation';

/** Epoch seconds (as nmap and masscan write them) to ISO-8601 UTC; null for missing, 0 or junk. */
export function epochToIso(value: string | number | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n) || n <= 0) return null;
  const d = new Date(Math.round(n * 1000));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/**
 * An RFC 3339 time (naabu writes Go's nanosecond form, "2026-07-31T00:00:00.000000000Z") to ISO-8601 UTC.
 * Fractions beyond milliseconds are dropped because Date does not read them everywhere.
 */
export function rfc3339ToIso(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(value.trim());
  if (!m) return null;
  const frac = m[2] ? m[2].slice(0, 4).padEnd(4, '0') : '';
  const d = new Date(`${m[1]}${frac}${m[3]}`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The transport protocols an observation can carry; anything else (ip, arp, icmp) is not a port. */
export function portProto(value: string | undefined): Proto | null {
  const v = (value ?? '').toLowerCase();
  return v === 'tcp' || v === 'udp' || v === 'sctp' ? v : null;
}

/** A port number 0..65535 from text, or null. */
export function portNumber(value: string | number | undefined | null): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : null;
}

/** Cuts text to `max` characters, marking the cut. */
export function clip(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A short quotation of input for a parse note: JSON-quoted so control characters stay visible. */
export function quote(text: string, max = 120): string {
  return JSON.stringify(clip(text, max));
}

/** Skips a UTF-8 BOM or leading whitespace when looking at the start of a file. */
export function firstLine(head: string): string {
  const t = head.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  const nl = t.indexOf('\n');
  return (nl < 0 ? t : t.slice(0, nl)).replace(/\r$/, '');
}
