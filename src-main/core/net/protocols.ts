// IP protocol names of the rule model to IANA protocol numbers, and which protocols carry ports.
import { of } from './intervals';

export const PROTO_SPACE = 256;
export const TCP = 6;
export const UDP = 17;
export const SCTP = 132;

const NUMBERS: Record<string, number> = {
  hopopt: 0,
  icmp: 1,
  igmp: 2,
  ggp: 3,
  ipip: 4,
  ipencap: 4,
  tcp: TCP,
  egp: 8,
  igp: 9,
  udp: UDP,
  ipv6: 41,
  'ipv6-route': 43,
  'ipv6-frag': 44,
  rsvp: 46,
  gre: 47,
  esp: 50,
  'ipsec-esp': 50,
  ah: 51,
  'ipsec-ah': 51,
  icmpv6: 58,
  'ipv6-icmp': 58,
  icmp6: 58,
  'ipv6-nonxt': 59,
  'ipv6-opts': 60,
  eigrp: 88,
  ospf: 89,
  ospfigp: 89,
  ipcomp: 108,
  pim: 103,
  vrrp: 112,
  l2tp: 115,
  sctp: SCTP,
  udplite: 136,
  'udp-lite': 136,
};

const ANY_NAMES = new Set(['any', 'all', 'ip', '*', '']);

/** 'any' for every protocol, a protocol number, or null for a name this table does not know. */
export function protocolNumber(name: string): number | 'any' | null {
  const t = name.trim().toLowerCase();
  if (ANY_NAMES.has(t)) return 'any';
  if (/^\d{1,3}$/.test(t)) {
    const n = Number(t);
    return n < PROTO_SPACE ? n : null;
  }
  return NUMBERS[t] ?? null;
}

/** Protocols whose packets have ports; port matches constrain only these. */
export function hasPorts(proto: number): boolean {
  return proto === TCP || proto === UDP || proto === SCTP;
}

/** The port-carrying protocols as an interval list over protocol numbers. */
export const PORT_PROTOCOLS: readonly number[] = of(TCP, TCP + 1, UDP, UDP + 1, SCTP, SCTP + 1);
