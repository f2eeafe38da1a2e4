// Text forms of addresses to interval bounds and back: IPv4 as numbers in [0, 2^32), IPv6 as bigints in
// [0, 2^128); CIDRs, hosts and first-last ranges in, the minimal CIDR cover of an interval out.

export type Family = 4 | 6;

/** Exclusive ends of the two address spaces. */
export const V4_SPACE = 4294967296;
export const V6_SPACE = 1n << 128n;

/** A contiguous block of one family, end exclusive. */
export type AddressBlock = { family: 4; start: number; end: number } | { family: 6; start: bigint; end: bigint };

/** Strict dotted quad ("10.0.0.1"; decimal octets, no leading "+", at most 3 digits each). */
export function parseV4(text: string): number | null {
  let value = 0;
  let octet = -1;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = (octet < 0 ? 0 : octet) * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return null;
    } else if (c === 46 && octet >= 0 && dots < 3) {
      value = value * 256 + octet;
      octet = -1;
      digits = 0;
      dots++;
    } else return null;
  }
  if (dots !== 3 || octet < 0) return null;
  return value * 256 + octet;
}

function hexGroup(g: string): number | null {
  if (g.length === 0 || g.length > 4) return null;
  let v = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g.charCodeAt(i) | 0x20; // ASCII lower-case for the letters
    if (c >= 48 && c <= 57) v = v * 16 + (c - 48);
    else if (c >= 97 && c <= 102) v = v * 16 + (c - 87);
    else return null;
  }
  return v;
}

/** IPv6 in any RFC 4291 text form, with an optional embedded IPv4 tail; zone ids are refused. */
export function parseV6(text: string): bigint | null {
  if (text.length < 2 || text.length > 45) return null;
  const words: number[] = [];
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parseHalf = (half: string, last: boolean): number[] | null => {
    if (half === '') return [];
    const groups = half.split(':');
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (last && i === groups.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === null) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        const v = hexGroup(g);
        if (v === null) return null;
        out.push(v);
      }
    }
    return out;
  };
  if (halves.length === 1) {
    const all = parseHalf(text, true);
    if (!all || all.length !== 8) return null;
    words.push(...all);
  } else {
    const left = parseHalf(halves[0]!, false);
    const right = parseHalf(halves[1]!, true);
    if (!left || !right || left.length + right.length > 7) return null;
    words.push(...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right);
  }
  // Four 32-bit chunks keep the bigint work to four shifts.
  let v = 0n;
  for (let i = 0; i < 8; i += 2) v = (v << 32n) | BigInt(words[i]! * 65536 + words[i + 1]!);
  return v;
}

export function formatV4(v: number): string {
  return `${Math.floor(v / 16777216)}.${Math.floor(v / 65536) % 256}.${Math.floor(v / 256) % 256}.${v % 256}`;
}

/** RFC 5952 canonical text: lower-case, no leading zeros, the longest run of 2+ zero groups as "::". */
export function formatV6(v: bigint): string {
  const groups: number[] = [];
  for (let i = 3; i >= 0; i--) {
    const chunk = Number((v >> BigInt(32 * i)) & 0xffffffffn);
    groups.push(Math.floor(chunk / 65536), chunk % 65536);
  }
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  return best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** A single address of either family. */
export function parseAddress(text: string): { family: 4; value: number } | { family: 6; value: bigint } | null {
  const t = text.trim();
  const v4 = parseV4(t);
  if (v4 !== null) return { family: 4, value: v4 };
  const v6 = t.includes(':') ? parseV6(t) : null;
  return v6 === null ? null : { family: 6, value: v6 };
}

function prefixOfV4Mask(mask: number): number | null {
  for (let len = 0; len <= 32; len++) if (V4_SPACE - 2 ** (32 - len) === mask) return len;
  return null;
}

/**
 * "10.0.0.0/8", "10.1.2.3" (a host), "10.0.0.0/255.0.0.0", "2001:db8::/32", "10.0.0.5-10.0.0.20".
 * Host bits under the prefix are cleared, as the firewalls themselves do. Null when not one of these.
 */
export function parseBlock(text: string): AddressBlock | null {
  const t = text.trim();
  const dash = t.indexOf('-');
  if (dash > 0) {
    const a = parseAddress(t.slice(0, dash));
    const b = parseAddress(t.slice(dash + 1));
    if (!a || !b) return null;
    if (a.family === 4 && b.family === 4)
      return a.value <= b.value ? { family: 4, start: a.value, end: b.value + 1 } : null;
    if (a.family === 6 && b.family === 6)
      return a.value <= b.value ? { family: 6, start: a.value, end: b.value + 1n } : null;
    return null;
  }
  const slash = t.indexOf('/');
  const addr = parseAddress(slash < 0 ? t : t.slice(0, slash));
  if (!addr) return null;
  const p = slash < 0 ? null : t.slice(slash + 1);
  if (addr.family === 4) {
    let len = 32;
    if (p !== null) {
      const mask = p.includes('.') ? parseV4(p) : null;
      len = mask !== null ? (prefixOfV4Mask(mask) ?? -1) : /^\d{1,2}$/.test(p) ? Number(p) : -1;
      if (len < 0 || len > 32) return null;
    }
    const size = 2 ** (32 - len);
    const start = addr.value - (addr.value % size);
    return { family: 4, start, end: start + size };
  }
  let len = 128;
  if (p !== null) {
    if (!/^\d{1,3}$/.test(p)) return null;
    len = Number(p);
    if (len > 128) return null;
  }
  const size = 1n << BigInt(128 - len);
  const start = addr.value - (addr.value % size);
  return { family: 6, start, end: start + size };
}

/** The fewest CIDRs covering exactly [start, end). */
export function cidrCoverV4(start: number, end: number, out: string[] = []): string[] {
  let cur = start;
  while (cur < end) {
    let size = 1;
    let len = 32;
    while (len > 0 && cur % (size * 2) === 0 && cur + size * 2 <= end) {
      size *= 2;
      len--;
    }
    out.push(`${formatV4(cur)}/${len}`);
    cur += size;
  }
  return out;
}

export function cidrCoverV6(start: bigint, end: bigint, out: string[] = []): string[] {
  let cur = start;
  while (cur < end) {
    let size = 1n;
    let len = 128;
    while (len > 0 && cur % (size * 2n) === 0n && cur + size * 2n <= end) {
      size *= 2n;
      len--;
    }
    out.push(`${formatV6(cur)}/${len}`);
    cur += size;
  }
  return out;
}
