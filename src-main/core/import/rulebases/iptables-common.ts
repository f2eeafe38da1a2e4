// Shared by the netfilter parsers (iptables, nftables) and the CSV rule export: protocol and port
// spellings, the "any" address of a family, the device name, and the direction of chains reached by jumps.
import { portForServiceName } from '../hosts/service-ports';
import { ParseError, type ParserOptions } from '../types';
import { ANY_V4, ANY_V6 } from './cidr';

export type AddressFamily = 'ipv4' | 'ipv6';

/** The "any" address list for the families a ruleset or rule applies to. */
export function anyFor(families: ReadonlySet<AddressFamily>): string[] {
  const out: string[] = [];
  if (families.has('ipv4')) out.push(ANY_V4);
  if (families.has('ipv6')) out.push(ANY_V6);
  return out;
}

/** The family of a CIDR string. */
export function familyOf(cidr: string): AddressFamily {
  return cidr.includes(':') ? 'ipv6' : 'ipv4';
}

/** Host firewalls describe one device; its name comes from the user, never from the file. */
export function requireDevice(options: ParserOptions, label: string): string {
  const name = options.hostName?.trim();
  if (!name) throw new ParseError(`${label} describes one device; expected the device's name to be given at import`);
  return name;
}

/** Text quoted in a parse note: trimmed and cut to about 120 characters. */
export function shown(text: string): string {
  const t = text.trim();
  return JSON.stringify(t.length > 120 ? `${t.slice(0, 117)}...` : t);
}

/** Protocols the Rule model names; every other protocol is written as its number. */
const NUMBER_TO_NAME: Readonly<Record<string, string>> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmpv6',
  '132': 'sctp',
};

/** /etc/protocols names (netbase) and the spellings iptables and nft print, as the model writes them. */
const NAME_TO_MODEL: Readonly<Record<string, string>> = {
  all: 'any',
  ip: 'any',
  tcp: 'tcp',
  udp: 'udp',
  icmp: 'icmp',
  'ipv6-icmp': 'icmpv6',
  icmpv6: 'icmpv6',
  icmp6: 'icmpv6',
  'ipv6-crypt': 'esp',
  esp: 'esp',
  'ipv6-auth': 'ah',
  ah: 'ah',
  gre: 'gre',
  sctp: 'sctp',
  igmp: '2',
  ggp: '3',
  ipencap: '4',
  'ip-in-ip': '4',
  ipip: '4',
  st: '5',
  egp: '8',
  igp: '9',
  pup: '12',
  hmp: '20',
  'xns-idp': '22',
  rdp: '27',
  'iso-tp4': '29',
  dccp: '33',
  xtp: '36',
  ddp: '37',
  'idpr-cmtp': '38',
  ipv6: '41',
  'ipv6-route': '43',
  'ipv6-frag': '44',
  idrp: '45',
  rsvp: '46',
  skip: '57',
  'ipv6-nonxt': '59',
  'ipv6-opts': '60',
  rspf: '73',
  vmtp: '81',
  eigrp: '88',
  ospf: '89',
  ospfigp: '89',
  'ax.25': '93',
  ipip4: '94',
  etherip: '97',
  encap: '98',
  pim: '103',
  ipcomp: '108',
  comp: '108',
  vrrp: '112',
  l2tp: '115',
  isis: '124',
  fc: '133',
  'mobility-header': '135',
  'ipv6-mh': '135',
  mh: '135',
  udplite: '136',
  'mpls-in-ip': '137',
  manet: '138',
  hip: '139',
  shim6: '140',
  wesp: '141',
  rohc: '142',
  ethernet: '143',
};

/** A protocol as iptables/nft/exports write it ("tcp", "6", "ipv6-icmp", "all") -> the model's spelling, or null. */
export function modelProtocol(text: string): string | null {
  const t = text.trim().toLowerCase();
  if (/^\d{1,3}$/.test(t)) {
    const n = Number(t);
    if (n > 255) return null;
    if (n === 0) return 'any';
    return NUMBER_TO_NAME[String(n)] ?? String(n);
  }
  return Object.hasOwn(NAME_TO_MODEL, t) ? (NAME_TO_MODEL[t] ?? null) : null;
}

/** Protocols whose rules can name ports (the model spells dccp and udplite by number). */
export const PORT_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp', '33', '136']);

function portNumber(text: string): number | null {
  if (/^\d{1,5}$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : null;
  }
  return portForServiceName(text.toLowerCase());
}

/**
 * One port or range as the model writes it ("22", "1000-2000"). `rangeSep` is ":" for iptables and "-"
 * for nft and exports; open iptables ranges (":1024", "1024:") run to 0 and 65535. Null when not a port.
 */
export function modelPort(text: string, rangeSep: ':' | '-'): string | null {
  const t = text.trim();
  // Service names may hold a dash (ftp-data): try the whole word first.
  const single = portNumber(t);
  if (single !== null) return String(single);
  const at = t.indexOf(rangeSep);
  if (at < 0) return null;
  const a = t.slice(0, at);
  const b = t.slice(at + 1);
  const lo = a === '' && rangeSep === ':' ? 0 : portNumber(a);
  const hi = b === '' && rangeSep === ':' ? 65535 : portNumber(b);
  if (lo === null || hi === null || lo > hi) return null;
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

export type ChainDirection = 'in' | 'out' | null;

/**
 * Directions of chains reached only through jumps: a chain reached only from inbound hooks is inbound,
 * only from outbound hooks outbound, otherwise (forward, both, or never reached) none.
 */
export function chainDirections(
  roots: ReadonlyMap<string, 'in' | 'out' | 'forward'>,
  edges: ReadonlyMap<string, ReadonlySet<string>>,
): Map<string, ChainDirection> {
  const seen = new Map<string, Set<'in' | 'out' | 'forward'>>();
  for (const [root, dir] of roots) {
    const queue = [root];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const chain = queue.pop() as string;
      if (visited.has(chain)) continue;
      visited.add(chain);
      let dirs = seen.get(chain);
      if (!dirs) seen.set(chain, (dirs = new Set()));
      dirs.add(dir);
      for (const next of edges.get(chain) ?? []) queue.push(next);
    }
  }
  const out = new Map<string, ChainDirection>();
  for (const [chain, dirs] of seen) {
    out.set(chain, dirs.size === 1 && !dirs.has('forward') ? ([...dirs][0] as 'in' | 'out') : null);
  }
  return out;
}

/** The model's name for a direction hook: netfilter hooks and iptables built-in chains. */
export function hookDirection(hook: string): 'in' | 'out' | 'forward' | null {
  switch (hook.toLowerCase()) {
    case 'input':
    case 'prerouting':
    case 'ingress':
      return 'in';
    case 'output':
    case 'postrouting':
    case 'egress':
      return 'out';
    case 'forward':
      return 'forward';
    default:
      return null;
  }
}
