// What the PAN-OS, JunOS and pfSense importers share: services as (protocol, ports) matches, the split of
// one policy into one rule per protocol (a rule has one protocol), port and protocol spellings, and sets of
// addresses with the names they came from.
import type { Rule } from '../../model/rule';
import { ANY_V4, ANY_V6 } from './cidr';

/** One protocol/port match a policy allows, as its service or application object defines it. */
export interface ServiceMatch {
  protocol: string;
  /** Destination ports; null = any. */
  ports: string[] | null;
  sourcePorts: string[] | null;
  /** Parts of the match the model cannot express (ICMP type, ALG...), as written. */
  conditions: string[];
}

export const ANY_SERVICE: ServiceMatch = { protocol: 'any', ports: null, sourcePorts: null, conditions: [] };

function mergePorts(a: string[] | null, b: string[] | null): string[] | null {
  if (a === null || b === null) return null;
  return [...new Set([...a, ...b])];
}

/**
 * Services that can share one rule (same protocol, source ports and conditions) merged, destination ports
 * united; a plain "any" swallows everything. Order of first appearance is kept so rule order is stable.
 */
export function groupServices(services: readonly ServiceMatch[]): ServiceMatch[] {
  if (services.some((s) => s.protocol === 'any' && s.ports === null && s.sourcePorts === null && !s.conditions.length))
    return [ANY_SERVICE];
  const groups = new Map<string, ServiceMatch>();
  for (const s of services) {
    const key = `${s.protocol}|${JSON.stringify(s.sourcePorts)}|${JSON.stringify(s.conditions)}`;
    const g = groups.get(key);
    if (g) g.ports = mergePorts(g.ports, s.ports);
    else groups.set(key, { ...s, ports: s.ports === null ? null : [...s.ports], conditions: [...s.conditions] });
  }
  return [...groups.values()];
}

/**
 * One rule per service group: the base rule's match with each group's protocol and ports, orders counted on
 * from `order`. A policy whose services span TCP and UDP becomes two consecutive rules of the same name.
 */
export function splitByService(base: Rule, services: readonly ServiceMatch[], order: number): Rule[] {
  const groups = groupServices(services.length ? services : [ANY_SERVICE]);
  return groups.map((g, k) => ({
    ...base,
    order: order + k,
    protocol: g.protocol,
    destinationPorts: g.ports,
    sourcePorts: g.sourcePorts,
    conditions: [...base.conditions, ...g.conditions],
    objects: [...base.objects],
    unresolved: [...base.unresolved],
  }));
}

/**
 * A port or range as the model writes it ("22", "1000-2000"); "0-65535" (all ports) gives 'any'; null when
 * the text is not a port.
 */
export function portText(text: string): string | 'any' | null {
  const t = text.trim();
  if (t === 'any') return 'any';
  const m = /^(\d{1,5})(?:\s*[-:]\s*(\d{1,5}))?$/.exec(t);
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  if (lo > 65535 || hi > 65535 || hi < lo) return null;
  if (lo === 0 && hi === 65535) return 'any';
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/** A list of port texts: null (any) when one of them is all ports; `bad` collects what is not a port. */
export function portList(items: readonly string[], bad: string[]): string[] | null {
  const out: string[] = [];
  for (const item of items) {
    for (const part of item.split(',')) {
      if (part.trim() === '') continue;
      const p = portText(part);
      if (p === 'any') return null;
      if (p === null) bad.push(part.trim());
      else if (!out.includes(p)) out.push(p);
    }
  }
  return out;
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  tcp: 'tcp',
  udp: 'udp',
  icmp: 'icmp',
  icmp6: 'icmpv6',
  icmpv6: 'icmpv6',
  'ipv6-icmp': 'icmpv6',
  sctp: 'sctp',
  esp: 'esp',
  ah: 'ah',
  gre: 'gre',
  igmp: '2',
  ipip: '4',
  egp: '8',
  ipv6: '41',
  rsvp: '46',
  ospf: '89',
  pim: '103',
  vrrp: '112',
  carp: '112',
  l2tp: '115',
  pfsync: '240',
  any: 'any',
};
const PROTOCOL_NUMBERS: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmpv6',
  '132': 'sctp',
};

/** The model's spelling of an IP protocol name or number; null when it is neither. */
export function protocolName(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (/^\d{1,3}$/.test(t) && Number(t) <= 255) return PROTOCOL_NUMBERS[t] ?? t;
  return PROTOCOL_NAMES[t] ?? null;
}

/** Zone lists: none or "any" -> null; several zones are joined with "," (the model holds one string). */
export function zoneText(values: readonly string[]): string | null {
  if (values.length === 0 || values.includes('any')) return null;
  return [...new Set(values)].join(',');
}

/** Resolved addresses of one side of a rule, with the names used and the names that stay unresolved. */
export interface AddressSet {
  cidrs: string[];
  objects: string[];
  unresolved: string[];
}

export function emptySet(): AddressSet {
  return { cidrs: [], objects: [], unresolved: [] };
}

export function addTo(set: AddressSet, more: AddressSet): void {
  for (const c of more.cidrs) if (!set.cidrs.includes(c)) set.cidrs.push(c);
  for (const o of more.objects) if (!set.objects.includes(o)) set.objects.push(o);
  for (const u of more.unresolved) if (!set.unresolved.includes(u)) set.unresolved.push(u);
}

/** Only the CIDRs of one address family (a rule for IPv4 only cannot match IPv6 members of a group). */
export function onlyFamily(cidrs: readonly string[], family: 'inet' | 'inet6' | 'both'): string[] {
  if (family === 'both') return [...cidrs];
  return cidrs.filter((c) => (family === 'inet6' ? c.includes(':') : !c.includes(':')));
}

export function anyOf(family: 'inet' | 'inet6' | 'both'): string[] {
  return family === 'inet' ? [ANY_V4] : family === 'inet6' ? [ANY_V6] : [ANY_V4, ANY_V6];
}

/** A short quote of a statement for notes. */
export function quoteWords(words: readonly string[], max = 100): string {
  const s = words.map((w) => (/[\s"]/.test(w) || w === '' ? JSON.stringify(w) : w)).join(' ');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
