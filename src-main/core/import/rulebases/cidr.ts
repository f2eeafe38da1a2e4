// Address notations of rulebases, turned into CIDR strings: host, address/prefix, address + netmask
// (ASA, IOS, FortiGate), address + wildcard mask (IOS ACLs), and first-last ranges (split into the
// fewest CIDRs). Null means "not an address in this notation"; callers say what they expected.
import { isIPv4 } from 'node:net';
import { normaliseIp } from '../ip';

export const ANY_V4 = '0.0.0.0/0';
export const ANY_V6 = '::/0';
export const ANY = [ANY_V4, ANY_V6];

function toBig(ip: string): { value: bigint; bits: 32 | 128 } | null {
  const n = normaliseIp(ip);
  if (n === null || n.includes('%')) return null;
  if (isIPv4(n)) {
    const [a, b, c, d] = n.split('.').map(Number) as [number, number, number, number];
    return { value: (BigInt(a) << 24n) | (BigInt(b) << 16n) | (BigInt(c) << 8n) | BigInt(d), bits: 32 };
  }
  let full = n;
  if (full.includes('.')) {
    // ::ffff:1.2.3.4 -> hex groups
    const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(full)!;
    const hi = ((Number(m[2]) << 8) | Number(m[3])).toString(16);
    const lo = ((Number(m[4]) << 8) | Number(m[5])).toString(16);
    full = `${m[1]}${hi}:${lo}`;
  }
  const [left, right] = full.includes('::') ? (full.split('::') as [string, string]) : [full, null];
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === null ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g || '0', 16));
  return { value, bits: 128 };
}

function fromBig(value: bigint, bits: 32 | 128): string {
  if (bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return normaliseIp(groups.join(':'))!;
}

/** "10.0.0.0/8", "10.1.2.3" (a host), "2001:db8::/32" -> canonical CIDR; host bits are cleared. */
export function parseCidr(text: string): string | null {
  const [addr, prefix] = text.trim().split('/', 2) as [string, string | undefined];
  const ip = toBig(addr);
  if (!ip) return null;
  const len = prefix === undefined ? ip.bits : /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  if (!Number.isInteger(len) || len < 0 || len > ip.bits) return null;
  const mask = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(ip.bits - len);
  return `${fromBig(ip.value & mask, ip.bits)}/${len}`;
}

function prefixOfMask(mask: bigint, bits: 32 | 128): number | null {
  let len = 0;
  for (let i = bits - 1; i >= 0 && (mask >> BigInt(i)) & 1n; i--) len++;
  const rebuilt = len === 0 ? 0n : ((1n << BigInt(len)) - 1n) << BigInt(bits - len);
  return rebuilt === mask ? len : null;
}

/** "10.0.0.0" + "255.255.0.0" -> "10.0.0.0/16"; null when the mask is not contiguous. */
export function cidrFromNetmask(address: string, netmask: string): string | null {
  const ip = toBig(address);
  const m = toBig(netmask);
  if (!ip || !m || ip.bits !== 32 || m.bits !== 32) return null;
  const len = prefixOfMask(m.value, 32);
  return len === null ? null : parseCidr(`${address}/${len}`);
}

/** IOS wildcard: "10.0.0.0" + "0.0.255.255" -> "10.0.0.0/16"; null for non-contiguous wildcards. */
export function cidrFromWildcard(address: string, wildcard: string): string | null {
  const w = toBig(wildcard);
  if (!w || w.bits !== 32) return null;
  return cidrFromNetmask(address, fromBig(~w.value & 0xffffffffn, 32));
}

/** "10.0.0.5"-"10.0.0.20" -> the fewest CIDRs covering exactly that range. */
export function rangeToCidrs(first: string, last: string): string[] | null {
  const a = toBig(first);
  const b = toBig(last);
  if (!a || !b || a.bits !== b.bits || a.value > b.value) return null;
  const out: string[] = [];
  let cur = a.value;
  while (cur <= b.value) {
    let size = 0;
    while (
      size < a.bits &&
      (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      cur + (1n << BigInt(size + 1)) - 1n <= b.value
    )
      size++;
    out.push(`${fromBig(cur, a.bits)}/${a.bits - size}`);
    cur += 1n << BigInt(size);
  }
  return out;
}
