// Shared by the host / small-router firewall parsers (ufw status, pf.conf, MikroTik RouterOS): port ranges
// and their complements in the model's notation, the capped original text of a rule, the "holds no access
// rules" note, and the address family filter.
import type { ImportSink } from '../types';
import { normalisePorts, portStrings, type PortRange } from './cisco-acl-tokens';

export type { PortRange };

/** The original text of a rule, capped like the other parsers do (about 2 KB). */
export const MAX_RULE_TEXT = 2000;

export function ruleText(text: string): string {
  return text.length > MAX_RULE_TEXT ? `${text.slice(0, MAX_RULE_TEXT)}…` : text;
}

/** Every port 0-65535 not in `ranges`. */
export function complementPorts(ranges: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let next = 0;
  for (const [a, b] of normalisePorts(ranges)) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= 65535) out.push([next, 65535]);
  return out;
}

/** Model notation ("22", "1000-2000"); null when the ranges cover every port; [] when they cover none. */
export function modelPorts(ranges: readonly PortRange[]): string[] | null {
  return portStrings(ranges);
}

/** A port number 0-65535 written in digits, or null. */
export function portNumberOf(text: string): number | null {
  if (!/^\d{1,5}$/.test(text)) return null;
  const n = Number(text);
  return n <= 65535 ? n : null;
}

/** A file that is the format but holds no access rules: imported with zero rules, said once, kept as evidence. */
export function noAccessRules(sink: ImportSink, what: string, contents: string): void {
  sink.note({ line: null, column: null, what: `no access rules: ${what}; kept as evidence` });
  sink.meta('contents', contents);
}

export type Family = 'ipv4' | 'ipv6';

/** The family of a canonical CIDR string. */
export function cidrFamily(cidr: string): Family {
  return cidr.includes(':') ? 'ipv6' : 'ipv4';
}
