// Address normalisation so the same host from two tools is the same string.
import { isIPv4, isIPv6 } from 'node:net';

/** Returns the canonical form of an IPv4/IPv6 address (zone id kept), or null if `s` is not one. */
export function normaliseIp(s: string): string | null {
  const t = s.trim().replace(/^\[|\]$/g, '');
  if (isIPv4(t))
    return t
      .split('.')
      .map((o) => String(Number(o)))
      .join('.');
  const [addr, zone] = t.split('%', 2) as [string, string | undefined];
  if (!isIPv6(addr)) return null;
  return `${compressIpv6(addr)}${zone ? `%${zone}` : ''}`;
}

function compressIpv6(addr: string): string {
  const lower = addr.toLowerCase();
  // Embedded IPv4 (::ffff:192.0.2.1) is already in its usual form.
  if (lower.includes('.')) return lower;
  const [left, right] = lower.includes('::') ? (lower.split('::', 2) as [string, string]) : [lower, null];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === null ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  const hex = groups.map((g) => parseInt(g || '0', 16).toString(16));
  // The longest run of two or more zero groups becomes "::" (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (hex[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && hex[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  return best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
