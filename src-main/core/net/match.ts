// Three-valued matching of one compiled rule against a flow on every field but the source address:
// no, yes, or maybe (the rule depends on something the flow leaves unknown or that cannot be known
// offline). The source address is left to the callers, who handle it as a point or as a set.
import { parseAddress } from './address';
import type { CompiledRule } from './compile';
import * as iv from './intervals';
import * as iv6 from './intervals-v6';
import { hasPorts, protocolNumber } from './protocols';

export const NO = 0;
export const MAYBE = 1;
export const YES = 2;
export type Match = typeof NO | typeof MAYBE | typeof YES;

/** A flow toward one destination. Null fields are unknown: rules that test them may match. */
export interface Flow {
  family: 4 | 6;
  dst: number | bigint;
  proto: number;
  dport: number | null;
  sport: number | null;
  inInterface: string | null;
  outInterface: string | null;
  fromZone: string | null;
  toZone: string | null;
  direction: 'in' | 'out' | null;
}

/** The flow fields as callers give them; protocol by name or number, destination as text. */
export interface FlowInput {
  destination: string;
  proto: string;
  dport?: number | null;
  sport?: number | null;
  inInterface?: string | null;
  outInterface?: string | null;
  fromZone?: string | null;
  toZone?: string | null;
  direction?: 'in' | 'out' | null;
}

export function toFlow(input: FlowInput): Flow {
  const dst = parseAddress(input.destination);
  if (!dst) throw new Error(`expected a destination IPv4/IPv6 address, got ${JSON.stringify(input.destination)}`);
  const proto = protocolNumber(input.proto);
  if (proto === null || proto === 'any')
    throw new Error(`expected a protocol name or number (tcp, udp, icmp, 47...), got ${JSON.stringify(input.proto)}`);
  for (const [name, port] of [
    ['dport', input.dport],
    ['sport', input.sport],
  ] as const)
    if (port !== undefined && port !== null && !(Number.isInteger(port) && port >= 0 && port <= 65535))
      throw new Error(`expected ${name} 0-65535, got ${String(port)}`);
  return {
    family: dst.family,
    dst: dst.value,
    proto,
    dport: input.dport ?? null,
    sport: input.sport ?? null,
    inInterface: input.inInterface ?? null,
    outInterface: input.outInterface ?? null,
    fromZone: input.fromZone ?? null,
    toZone: input.toZone ?? null,
    direction: input.direction ?? null,
  };
}

/** iptables "eth+" / nft "eth*" prefix wildcards and a leading "!" negation. */
export function interfaceMatches(pattern: string, name: string): boolean {
  // "port1,port2" (FortiGate srcintf lists): any of them.
  if (pattern.includes(',')) return pattern.split(',').some((p) => p.trim() !== '' && interfaceMatches(p.trim(), name));
  if (pattern.startsWith('!')) return !interfaceMatches(pattern.slice(1).trim(), name);
  const last = pattern[pattern.length - 1];
  if (last === '+' || last === '*') return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

/** Every field but the source address. */
export function matchFlow(r: CompiledRule, f: Flow): Match {
  // The zone-relation doubt is settled below when the question names both zones.
  const settled = r.zoneDoubt !== null && f.fromZone !== null && f.toZone !== null;
  let m: Match = r.doubts.length - (settled ? 1 : 0) > 0 ? MAYBE : YES;
  if (settled && (f.fromZone === f.toZone) !== (r.zoneRelation === 'same')) return NO;
  if (!r.addressesUnknown) {
    if (f.family === 4 ? !iv.contains(r.dst4, f.dst as number) : !iv6.contains(r.dst6, f.dst as bigint)) return NO;
  }
  if (!iv.contains(r.protos, f.proto)) return NO;
  if (hasPorts(f.proto)) {
    if (r.dport !== null) {
      if (f.dport === null) m = MAYBE;
      else if (!iv.contains(r.dport, f.dport)) return NO;
    }
    if (r.sport !== null) {
      if (f.sport === null) m = MAYBE;
      else if (!iv.contains(r.sport, f.sport)) return NO;
    }
  }
  if (r.inInterface !== null) {
    if (f.inInterface === null) m = MAYBE;
    else if (!interfaceMatches(r.inInterface, f.inInterface)) return NO;
  }
  if (r.outInterface !== null) {
    if (f.outInterface === null) m = MAYBE;
    else if (!interfaceMatches(r.outInterface, f.outInterface)) return NO;
  }
  if (r.fromZones !== null) {
    if (f.fromZone === null) m = MAYBE;
    else if (!r.fromZones.includes(f.fromZone)) return NO;
  }
  if (r.toZones !== null) {
    if (f.toZone === null) m = MAYBE;
    else if (!r.toZones.includes(f.toZone)) return NO;
  }
  if (r.direction !== null) {
    if (f.direction === null) m = MAYBE;
    else if (r.direction !== f.direction) return NO;
  }
  return m;
}

/** Why a rule only may match this flow (for reports); empty when it is decided. */
export function doubtsFor(r: CompiledRule, f: Flow): string[] {
  const settled = r.zoneDoubt !== null && f.fromZone !== null && f.toZone !== null;
  const out = settled ? r.doubts.filter((d) => d !== r.zoneDoubt) : [...r.doubts];
  if (hasPorts(f.proto)) {
    if (r.dport !== null && f.dport === null) out.push('destination port not given');
    if (r.sport !== null && f.sport === null) out.push(`source port (rule: ${portText(r.sport)})`);
  }
  if (r.inInterface !== null && f.inInterface === null) out.push(`in-interface ${r.inInterface}`);
  if (r.outInterface !== null && f.outInterface === null) out.push(`out-interface ${r.outInterface}`);
  if (r.fromZones !== null && f.fromZone === null) out.push(`from zone ${r.fromZones.join(',')}`);
  if (r.toZones !== null && f.toZone === null) out.push(`to zone ${r.toZones.join(',')}`);
  if (r.direction !== null && f.direction === null) out.push(`direction ${r.direction}`);
  return out;
}

function portText(p: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < p.length; i += 2) parts.push(p[i] === p[i + 1]! - 1 ? `${p[i]}` : `${p[i]}-${p[i + 1]! - 1}`);
  return parts.join(',');
}
