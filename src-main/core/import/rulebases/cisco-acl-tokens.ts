// Shared by the Cisco-family ACL parsers (ASA, IOS, IOS-XR, NX-OS, Arista EOS), and by FortiGate for the
// service merge: port and protocol names as these CLIs spell them, port operators (eq/neq/lt/gt/range) as
// port ranges, and the merge of one entry's services into as few rules as the model allows.
import { portForServiceName } from '../hosts/service-ports';
import type { ImportSink, ParserOptions } from '../types';

export type CiscoDialect = 'asa' | 'ios';

/**
 * Port keywords the Cisco CLIs accept in ACLs and objects, where they are not the /etc/services name or
 * differ from it (IOS `netbios-ss`, ASA `sqlnet` = 1521, Arista `ups`). Sources: the ASA configuration
 * guide's "TCP and UDP ports" table, the IOS and NX-OS ACL command references, Arista EOS `eq ?` help.
 */
const CISCO_PORTS: Readonly<Record<string, number>> = {
  aol: 5190,
  bfd: 3784,
  'bfd-echo': 3785,
  bgp: 179,
  biff: 512,
  bootpc: 68,
  bootps: 67,
  chargen: 19,
  cifs: 3020,
  'citrix-ica': 1494,
  cmd: 514,
  ctiqbe: 2748,
  daytime: 13,
  discard: 9,
  dnsix: 195,
  domain: 53,
  drip: 3949,
  echo: 7,
  efs: 520,
  exec: 512,
  finger: 79,
  ftp: 21,
  'ftp-data': 20,
  gopher: 70,
  h323: 1720,
  hostname: 101,
  http: 80,
  https: 443,
  ident: 113,
  imap4: 143,
  irc: 194,
  isakmp: 500,
  klogin: 543,
  kshell: 544,
  ldap: 389,
  ldaps: 636,
  login: 513,
  lotusnotes: 1352,
  lpd: 515,
  mlag: 4432,
  'mobile-ip': 434,
  msdp: 639,
  msrpc: 135,
  nameserver: 42,
  'netbios-dgm': 138,
  'netbios-ns': 137,
  'netbios-ss': 139,
  'netbios-ssn': 139,
  nfs: 2049,
  nntp: 119,
  'non500-isakmp': 4500,
  ntp: 123,
  'onep-plain': 15001,
  'onep-tls': 15002,
  'pcanywhere-data': 5631,
  'pcanywhere-status': 5632,
  'pim-auto-rp': 496,
  pop2: 109,
  pop3: 110,
  pptp: 1723,
  rip: 520,
  rsh: 514,
  rtsp: 554,
  'secureid-udp': 5510,
  sip: 5060,
  smtp: 25,
  snmp: 161,
  snmptrap: 162,
  sqlnet: 1521,
  ssh: 22,
  sunrpc: 111,
  syslog: 514,
  tacacs: 49,
  'tacacs-ds': 65,
  talk: 517,
  telnet: 23,
  tftp: 69,
  time: 37,
  tunnel: 604,
  ups: 401,
  uucp: 540,
  vmnet: 175,
  vxlan: 4789,
  who: 513,
  whois: 43,
  www: 80,
  xdmcp: 177,
  'z39-50': 210,
};

/** Where the ASA's keyword means another port than the IANA name (the ASA guide says so for each). */
const ASA_PORTS: Readonly<Record<string, number>> = {
  kerberos: 750,
  radius: 1645,
  'radius-acct': 1646,
  rpc: 111,
};

const ciscoPorts = new Map(Object.entries(CISCO_PORTS));
const asaPorts = new Map(Object.entries(ASA_PORTS));

/** A port keyword or number as the dialect reads it; null when neither (the caller reports it). */
export function portNumber(token: string, dialect: CiscoDialect): number | null {
  if (/^\d{1,5}$/.test(token)) {
    const n = Number(token);
    return n <= 65535 ? n : null;
  }
  const name = token.toLowerCase();
  return (dialect === 'asa' ? asaPorts.get(name) : undefined) ?? ciscoPorts.get(name) ?? portForServiceName(name);
}

export type PortRange = readonly [number, number];

export const PORT_OPERATORS = new Set(['eq', 'neq', 'lt', 'gt', 'range']);

/**
 * The ports an operator selects. `eq`/`neq` may list several ports (IOS-XE, NX-OS, EOS); null when an
 * argument is not a port, so the caller can report the entry as written.
 */
export function portsOf(op: string, args: readonly string[], dialect: CiscoDialect): PortRange[] | null {
  const nums = args.map((a) => portNumber(a, dialect));
  if (nums.length === 0 || nums.some((n) => n === null)) return null;
  const ns = nums as number[];
  switch (op) {
    case 'eq':
      return ns.map((n) => [n, n] as const);
    case 'neq':
      return complement(ns.map((n) => [n, n] as const));
    case 'lt':
      return ns.length === 1 && ns[0]! > 0 ? [[0, ns[0]! - 1]] : null;
    case 'gt':
      return ns.length === 1 && ns[0]! < 65535 ? [[ns[0]! + 1, 65535]] : null;
    case 'range': {
      if (ns.length !== 2) return null;
      const [a, b] = ns as [number, number];
      return [[Math.min(a, b), Math.max(a, b)]];
    }
    default:
      return null;
  }
}

function sorted(ranges: readonly PortRange[]): PortRange[] {
  return [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Overlapping ranges merged (adjacent ones are kept apart, so "80" and "81" stay as written). */
export function normalisePorts(ranges: readonly PortRange[]): PortRange[] {
  const out: [number, number][] = [];
  for (const [a, b] of sorted(ranges)) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function complement(ranges: readonly PortRange[]): PortRange[] {
  const out: PortRange[] = [];
  let next = 0;
  for (const [a, b] of normalisePorts(ranges)) {
    if (a > next) out.push([next, a - 1]);
    next = Math.max(next, b + 1);
  }
  if (next <= 65535) out.push([next, 65535]);
  return out;
}

/** Model notation: "22", "1000-2000"; null (any port) when the ranges cover 0-65535. */
export function portStrings(ranges: readonly PortRange[] | null): string[] | null {
  if (ranges === null) return null;
  const norm = normalisePorts(ranges);
  if (norm.length === 1 && norm[0]![0] === 0 && norm[0]![1] === 65535) return null;
  return norm.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`));
}

/** Protocols the Rule model names; every other protocol is written as its number. */
const NUMBER_TO_MODEL: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmpv6',
  '132': 'sctp',
};

/** Protocol keywords of the Cisco-family CLIs (ASA `ipsec`/`pptp` aliases, IOS `ahp`, XR `ipv4`). */
const NAME_TO_MODEL: Readonly<Record<string, string>> = {
  ip: 'any',
  ipv4: 'any',
  ipv6: 'any',
  tcp: 'tcp',
  udp: 'udp',
  icmp: 'icmp',
  icmp6: 'icmpv6',
  icmpv6: 'icmpv6',
  esp: 'esp',
  ipsec: 'esp',
  ah: 'ah',
  ahp: 'ah',
  gre: 'gre',
  pptp: 'gre',
  sctp: 'sctp',
  igmp: '2',
  ipinip: '4',
  igrp: '9',
  eigrp: '88',
  ospf: '89',
  nos: '94',
  pim: '103',
  pcp: '108',
  snp: '109',
  vrrp: '112',
};

const protocolNames = new Map(Object.entries(NAME_TO_MODEL));

/**
 * A protocol keyword or number in the model's notation, or null. In IPv6 ACLs `icmp` means ICMPv6.
 */
export function protocolOf(token: string, ipv6Acl = false): string | null {
  const t = token.toLowerCase();
  if (/^\d{1,3}$/.test(t)) {
    const n = Number(t);
    if (n > 255) return null;
    const p = NUMBER_TO_MODEL[String(n)] ?? String(n);
    return ipv6Acl && p === 'icmp' ? 'icmpv6' : p;
  }
  const p = protocolNames.get(t) ?? null;
  return ipv6Acl && p === 'icmp' ? 'icmpv6' : p;
}

/** Protocols whose matches may carry ports. */
export function hasPorts(protocol: string): boolean {
  return protocol === 'tcp' || protocol === 'udp' || protocol === 'sctp';
}

export function isIcmp(protocol: string): boolean {
  return protocol === 'icmp' || protocol === 'icmpv6';
}

/** One protocol with its ports and the matches the model cannot hold (ICMP type, flags...). */
export interface ServiceMatch {
  protocol: string;
  destination: PortRange[] | null;
  source: PortRange[] | null;
  conditions: string[];
}

export const ANY_SERVICE: ServiceMatch = { protocol: 'any', destination: null, source: null, conditions: [] };

function key(s: ServiceMatch): string {
  return JSON.stringify([s.protocol, s.source === null ? null : normalisePorts(s.source), s.conditions]);
}

/**
 * Unites the services of one entry into the fewest matches the model can hold exactly: services with the
 * same protocol, source ports and conditions share one match whose destination ports are the union (the
 * entry matches every address pair for each service, so the union is exact). "Any protocol" without
 * conditions absorbs everything.
 */
export function mergeServices(services: readonly ServiceMatch[]): ServiceMatch[] {
  if (services.some((s) => s.protocol === 'any' && s.conditions.length === 0)) return [ANY_SERVICE];
  const groups = new Map<string, ServiceMatch>();
  for (const s of services) {
    const k = key(s);
    const g = groups.get(k);
    if (!g) {
      groups.set(k, {
        protocol: s.protocol,
        destination: s.destination === null ? null : [...s.destination],
        source: s.source,
        conditions: s.conditions,
      });
    } else if (g.destination !== null) {
      g.destination = s.destination === null ? null : [...g.destination, ...s.destination];
    }
  }
  return [...groups.values()];
}

/** "(hitcnt=12)", "(12 matches)", "(1 match)", "[match=12]": the counter, or null. */
export function hitCountIn(text: string): number | null {
  const m = /\(hitcnt=(\d+)\)|\((\d+) match(?:es)?\)|\[match[= ](\d+)/.exec(text);
  if (!m) return null;
  return Number(m[1] ?? m[2] ?? m[3]);
}

/** Text quoted in a parse note: trimmed and cut to about 120 characters. */
export function quoted(text: string): string {
  const t = text.trim();
  return JSON.stringify(t.length > 120 ? `${t.slice(0, 117)}...` : t);
}

/** The device: the file's own host name, else the one given at import, else a stand-in with a note. */
export function deviceName(
  fromFile: string | null,
  options: ParserOptions,
  fallback: string,
  sink: ImportSink,
  what: string,
): string {
  if (fromFile) return fromFile;
  const given = options.hostName?.trim();
  if (given) return given;
  sink.note({
    line: null,
    column: null,
    what: `${what} names no device (no hostname line) and none was given at import; the rules are filed under "${fallback}"`,
  });
  return fallback;
}

/** Splits a CLI line into words (the Cisco CLIs have no quoting in ACL lines; remarks are taken whole). */
export function words(line: string): string[] {
  return line
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}
