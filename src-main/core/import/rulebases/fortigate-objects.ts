// FortiGate firewall objects of one VDOM: addresses (ipmask, iprange, fqdn, geography, wildcard,
// interface-subnet), IPv6 addresses, address groups with exclusions, virtual IPs, custom services
// ("dst[:src]" port ranges) and service groups, zones and interface addresses; with FortiOS's predefined
// services for names a partial configuration uses without defining.
import type { ImportSink } from '../types';
import { addressMatch, uniteAddresses, type AddressMatch } from './cisco-acl-rules';
import { quoted, type PortRange, type ServiceMatch } from './cisco-acl-tokens';
import { wildcardMatch } from './cisco-ios-objects';
import { ANY_V4, ANY_V6, cidrFromNetmask, parseCidr, rangeToCidrs } from './cidr';

/** One `edit` block: its name, `set` values and first line. */
export interface Entry {
  name: string;
  attrs: Map<string, string[]>;
  line: number;
}

export type Family = 'v4' | 'v6';

/**
 * FortiOS's predefined services (factory `config firewall service custom`), used only when the file
 * does not define the name itself: "proto/ports[:srcports]" or a protocol alone.
 */
const PREDEFINED: Readonly<Record<string, readonly string[]>> = {
  ALL: ['any'],
  ALL_TCP: ['tcp/1-65535'],
  ALL_UDP: ['udp/1-65535'],
  ALL_ICMP: ['icmp'],
  ALL_ICMP6: ['icmpv6'],
  HTTP: ['tcp/80'],
  HTTPS: ['tcp/443'],
  SSH: ['tcp/22'],
  TELNET: ['tcp/23'],
  FTP: ['tcp/21'],
  FTP_GET: ['tcp/21'],
  FTP_PUT: ['tcp/21'],
  TFTP: ['udp/69'],
  SMTP: ['tcp/25'],
  SMTPS: ['tcp/465'],
  POP3: ['tcp/110'],
  POP3S: ['tcp/995'],
  IMAP: ['tcp/143'],
  IMAPS: ['tcp/993'],
  DNS: ['tcp/53', 'udp/53'],
  NTP: ['tcp/123', 'udp/123'],
  SNMP: ['tcp/161-162', 'udp/161-162'],
  SYSLOG: ['udp/514'],
  PING: ['icmp/8'],
  TRACEROUTE: ['udp/33434-33535'],
  LDAP: ['tcp/389'],
  LDAP_UDP: ['udp/389'],
  KERBEROS: ['tcp/88', 'tcp/464', 'udp/88', 'udp/464'],
  SAMBA: ['tcp/139'],
  SMB: ['tcp/445'],
  RDP: ['tcp/3389'],
  VNC: ['tcp/5900'],
  MYSQL: ['tcp/3306'],
  'MS-SQL': ['tcp/1433', 'tcp/1434'],
  BGP: ['tcp/179'],
  DHCP: ['udp/67-68'],
  RLOGIN: ['tcp/513:512-1023'],
  NONE: ['tcp/0'],
  GRE: ['47'],
  ESP: ['esp'],
  AH: ['ah'],
};

const predefined = new Map(Object.entries(PREDEFINED));

const MAX_DEPTH = 64;

/** "80", "1000-2000" -> a port range; null if not ports. */
function portRange(text: string): PortRange | null {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a : Number(m[2]);
  if (a > 65535 || b > 65535) return null;
  return [Math.min(a, b), Math.max(a, b)];
}

/** `tcp-portrange` items: "DST[-HI][:SRC[-HI]]"; null when one is not ports. */
export function portItems(protocol: string, items: readonly string[]): ServiceMatch[] | null {
  const out: ServiceMatch[] = [];
  for (const item of items) {
    const [d, s] = item.split(':', 2) as [string, string | undefined];
    const dst = portRange(d);
    const src = s === undefined ? null : portRange(s);
    if (!dst || (s !== undefined && !src)) return null;
    out.push({ protocol, destination: [dst], source: src ? [src] : null, conditions: [] });
  }
  return out;
}

function predefinedServices(name: string): ServiceMatch[] | null {
  const specs = predefined.get(name);
  if (!specs) return null;
  return specs.map((spec) => {
    const [proto, ports] = spec.split('/', 2) as [string, string | undefined];
    if (proto === 'icmp' && ports)
      return { protocol: 'icmp', destination: null, source: null, conditions: [`icmp-type ${ports}`] };
    if (ports === undefined) return { protocol: proto, destination: null, source: null, conditions: [] };
    return portItems(proto, [ports])![0]!;
  });
}

export class FortiObjects {
  readonly address4s = new Map<string, Entry>();
  readonly addresses6 = new Map<string, Entry>();
  readonly groups = new Map<string, Entry>();
  readonly groups6 = new Map<string, Entry>();
  readonly vips = new Map<string, Entry>();
  readonly vipGroups = new Map<string, Entry>();
  readonly services = new Map<string, Entry>();
  readonly serviceGroups = new Map<string, Entry>();
  readonly zones = new Map<string, string[]>();
  readonly interfaces = new Map<string, Entry>();
  private readonly reported = new Set<string>();

  constructor(private readonly sink: ImportSink) {}

  /** Addresses named by a policy field (`srcaddr`, `dstaddr6`...), groups expanded. */
  addressesOf(names: readonly string[], family: Family, line: number): AddressMatch {
    const out = addressMatch();
    for (const n of names) this.address(n, family, out, new Set(), line, 0);
    return out;
  }

  private address(
    name: string,
    family: Family,
    out: AddressMatch,
    seen: Set<string>,
    line: number,
    depth: number,
  ): void {
    if (!out.objects.includes(name)) out.objects.push(name);
    const table = family === 'v4' ? this.address4s : this.addresses6;
    const groups = family === 'v4' ? this.groups : this.groups6;
    const a = table.get(name);
    if (a) {
      uniteAddresses(out, family === 'v4' ? this.address4(a) : this.address6(a));
      return;
    }
    const g = groups.get(name) ?? (family === 'v4' ? this.vipGroups.get(name) : undefined);
    if (g) {
      if (seen.has(name) || depth > MAX_DEPTH) {
        this.report(name, 'contains itself (a group loop)', line);
        if (!out.unresolved.includes(name)) out.unresolved.push(name);
        return;
      }
      seen.add(name);
      const members = addressMatch();
      for (const m of g.attrs.get('member') ?? []) this.address(m, family, members, seen, line, depth + 1);
      if (g.attrs.get('exclude')?.[0] === 'enable') {
        const ex = addressMatch();
        for (const m of g.attrs.get('exclude-member') ?? []) this.address(m, family, ex, new Set(), line, depth + 1);
        exclude(name, members, ex);
      }
      uniteAddresses(out, members);
      seen.delete(name);
      return;
    }
    const vip = family === 'v4' ? this.vips.get(name) : undefined;
    if (vip) {
      uniteAddresses(out, this.vip(vip));
      return;
    }
    // Factory objects a partial configuration may use without defining.
    if (name === 'all') {
      out.cidrs.push(family === 'v4' ? ANY_V4 : ANY_V6);
      return;
    }
    if (name === 'none') return;
    this.report(name, `is not a defined ${family === 'v4' ? 'IPv4' : 'IPv6'} address or group`, line);
    if (!out.unresolved.includes(name)) out.unresolved.push(name);
  }

  private address4(a: Entry): AddressMatch {
    const type = a.attrs.get('type')?.[0] ?? 'ipmask';
    const v = (k: string) => a.attrs.get(k) ?? [];
    switch (type) {
      case 'ipmask': {
        const [addr, mask] = v('subnet');
        const cidr = !addr ? ANY_V4 : mask ? cidrFromNetmask(addr, mask) : parseCidr(addr);
        return cidr ? addressMatch([cidr]) : this.bad(a, `subnet ${v('subnet').join(' ')}`);
      }
      case 'iprange': {
        const cidrs = rangeToCidrs(v('start-ip')[0] ?? '0.0.0.0', v('end-ip')[0] ?? '0.0.0.0');
        return cidrs ? addressMatch(cidrs) : this.bad(a, `range ${v('start-ip')[0] ?? ''}-${v('end-ip')[0] ?? ''}`);
      }
      case 'wildcard': {
        // FortiOS wildcard masks mark the bits that must match (1 = compare), unlike Cisco wildcards.
        const [addr = '0.0.0.0', mask = '0.0.0.0'] = v('wildcard');
        const inverted = mask
          .split('.')
          .map((o) => String(255 - Number(o)))
          .join('.');
        const m = wildcardMatch(addr, inverted);
        if (m && m.conditions.length > 0 && !this.reported.has(`wildcard\u0000${a.name}`)) {
          this.reported.add(`wildcard\u0000${a.name}`);
          this.sink.note({
            line: a.line,
            column: null,
            what: `address "${a.name}": non-contiguous wildcard; the covering CIDR is used and the exact match kept as a condition`,
          });
        }
        return m ?? this.bad(a, `wildcard ${addr} ${mask}`);
      }
      case 'interface-subnet': {
        const ifName = v('interface')[0];
        const ip = ifName ? this.interfaces.get(ifName)?.attrs.get('ip') : undefined;
        const cidr = ip && ip[0] ? (ip[1] ? cidrFromNetmask(ip[0], ip[1]) : parseCidr(ip[0])) : null;
        return cidr ? addressMatch([cidr]) : this.unresolvedAddress(a, `subnet of interface ${ifName ?? '(none)'}`);
      }
      case 'fqdn':
        return this.unresolvedAddress(a, v('fqdn')[0] ?? a.name);
      case 'geography':
        return this.unresolvedAddress(a, `country ${v('country')[0] ?? '?'}`);
      case 'wildcard-fqdn':
        return this.unresolvedAddress(a, v('wildcard-fqdn')[0] ?? a.name);
      default:
        return this.unresolvedAddress(a, `${type} address "${a.name}"`);
    }
  }

  private address6(a: Entry): AddressMatch {
    const type = a.attrs.get('type')?.[0] ?? 'ipprefix';
    const v = (k: string) => a.attrs.get(k) ?? [];
    if (type === 'ipprefix') {
      const ip = v('ip6')[0];
      const cidr = ip ? parseCidr(ip) : ANY_V6;
      return cidr ? addressMatch([cidr]) : this.bad(a, `ip6 ${ip ?? ''}`);
    }
    if (type === 'iprange') {
      const cidrs = rangeToCidrs(v('start-ip')[0] ?? '::', v('end-ip')[0] ?? '::');
      return cidrs ? addressMatch(cidrs) : this.bad(a, `range ${v('start-ip')[0] ?? ''}-${v('end-ip')[0] ?? ''}`);
    }
    if (type === 'fqdn') return this.unresolvedAddress(a, v('fqdn')[0] ?? a.name);
    if (type === 'geography') return this.unresolvedAddress(a, `country ${v('country')[0] ?? '?'}`);
    return this.unresolvedAddress(a, `${type} address "${a.name}"`);
  }

  /** A virtual IP in a policy matches its external address; the translation is kept as a condition. */
  private vip(v: Entry): AddressMatch {
    const ext = v.attrs.get('extip')?.[0];
    const [first, last] = (ext ?? '').split('-', 2) as [string, string | undefined];
    const cidrs = ext ? rangeToCidrs(first, last ?? first) : null;
    const m = cidrs ? addressMatch(cidrs) : this.unresolvedAddress(v, `virtual IP "${v.name}"`);
    const mapped = v.attrs.get('mappedip') ?? [];
    m.conditions.push(`virtual IP "${v.name}" translated to ${mapped.join(' ') || '(no mappedip)'}`);
    return m;
  }

  private unresolvedAddress(a: Entry, what: string): AddressMatch {
    const m = addressMatch();
    m.unresolved.push(what);
    return m;
  }

  private bad(a: Entry, what: string): AddressMatch {
    this.sink.note({
      line: a.line,
      column: null,
      what: `address "${a.name}" not understood (${what}); listed as unresolved`,
    });
    return this.unresolvedAddress(a, a.name);
  }

  /** Services named by a policy's `service` field, groups expanded. */
  servicesOf(names: readonly string[], line: number, objects: string[], unresolved: string[]): ServiceMatch[] {
    const out: ServiceMatch[] = [];
    for (const n of names) this.service(n, out, objects, unresolved, new Set(), line, 0);
    return out;
  }

  private service(
    name: string,
    out: ServiceMatch[],
    objects: string[],
    unresolved: string[],
    seen: Set<string>,
    line: number,
    depth: number,
  ): void {
    if (!objects.includes(name)) objects.push(name);
    const s = this.services.get(name);
    if (s) {
      out.push(...this.custom(s));
      return;
    }
    const g = this.serviceGroups.get(name);
    if (g) {
      if (seen.has(name) || depth > MAX_DEPTH) {
        this.report(name, 'contains itself (a group loop)', line);
        if (!unresolved.includes(name)) unresolved.push(name);
        return;
      }
      seen.add(name);
      for (const m of g.attrs.get('member') ?? []) this.service(m, out, objects, unresolved, seen, line, depth + 1);
      seen.delete(name);
      return;
    }
    const pre = predefinedServices(name);
    if (pre) {
      out.push(...pre);
      return;
    }
    this.report(name, 'is not a defined or predefined service', line);
    if (!unresolved.includes(name)) unresolved.push(name);
    out.push({ protocol: 'any', destination: null, source: null, conditions: [`service "${name}" (not resolved)`] });
  }

  private custom(s: Entry): ServiceMatch[] {
    const v = (k: string) => s.attrs.get(k) ?? [];
    const protocol = (v('protocol')[0] ?? 'TCP/UDP/SCTP').toUpperCase();
    const extra: string[] = [];
    // A custom service may also restrict the destination (iprange/fqdn): kept as a condition.
    if (v('iprange').length > 0 && v('iprange')[0] !== '0.0.0.0')
      extra.push(`service destination ${v('iprange').join(' ')}`);
    if (v('fqdn').length > 0) extra.push(`service destination ${v('fqdn').join(' ')}`);
    let out: ServiceMatch[] = [];
    if (protocol.startsWith('TCP/UDP')) {
      for (const [key, proto] of [
        ['tcp-portrange', 'tcp'],
        ['udp-portrange', 'udp'],
        ['sctp-portrange', 'sctp'],
      ] as const) {
        const items = portItems(proto, v(key));
        if (!items) {
          this.sink.note({
            line: s.line,
            column: null,
            what: `service "${s.name}": ${key} not understood: ${quoted(v(key).join(' '))}`,
          });
          continue;
        }
        out.push(...items);
      }
      if (v('udplite-portrange').length > 0) {
        out.push({
          protocol: '136',
          destination: null,
          source: null,
          conditions: [`udplite ports ${v('udplite-portrange').join(' ')}`],
        });
      }
      if (out.length === 0) {
        this.sink.note({
          line: s.line,
          column: null,
          what: `service "${s.name}" lists no ports, so it matches nothing`,
        });
      }
    } else if (protocol === 'ICMP' || protocol === 'ICMP6') {
      const type = v('icmptype')[0];
      const code = v('icmpcode')[0];
      const cond =
        type === undefined
          ? []
          : [`${protocol === 'ICMP' ? 'icmp-type' : 'icmp6-type'} ${type}${code ? ` ${code}` : ''}`];
      out = [{ protocol: protocol === 'ICMP' ? 'icmp' : 'icmpv6', destination: null, source: null, conditions: cond }];
    } else if (protocol === 'IP') {
      const n = v('protocol-number')[0];
      const p =
        !n || n === '0'
          ? 'any'
          : ({
              '1': 'icmp',
              '6': 'tcp',
              '17': 'udp',
              '47': 'gre',
              '50': 'esp',
              '51': 'ah',
              '58': 'icmpv6',
              '132': 'sctp',
            }[n] ?? n);
      out = [{ protocol: p, destination: null, source: null, conditions: [] }];
    } else if (protocol === 'ALL') {
      out = [{ protocol: 'any', destination: null, source: null, conditions: [] }];
    } else {
      // Explicit-proxy services (HTTP, FTP, CONNECT, SOCKS-*) apply to proxied sessions only.
      out = [
        { protocol: 'any', destination: null, source: null, conditions: [`proxy service "${s.name}" (${protocol})`] },
      ];
    }
    return extra.length === 0 ? out : out.map((m) => ({ ...m, conditions: [...m.conditions, ...extra] }));
  }

  /** Interfaces behind a policy's srcintf/dstintf names: zones replaced by their members. */
  interfacesOf(names: readonly string[]): string[] {
    return names.flatMap((n) => this.zones.get(n) ?? [n]);
  }

  private report(name: string, why: string, line: number): void {
    const k = `${name}\u0000${why}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.sink.note({ line, column: null, what: `"${name}" ${why}; it is listed as unresolved` });
  }
}

/** Whether CIDR `outer` contains CIDR `inner` (same family). */
function contains(outer: string, inner: string): boolean {
  const [, len] = outer.split('/') as [string, string];
  const [addr, innerLen] = inner.split('/') as [string, string];
  if (outer.includes(':') !== inner.includes(':') || Number(innerLen) < Number(len)) return false;
  return parseCidr(`${addr}/${len}`) === outer;
}

/**
 * An address group with `exclude-member`: members wholly inside an excluded block are dropped, excluded
 * blocks that touch no member change nothing; an exclusion inside a member (or one that cannot be
 * resolved) is kept as a condition, since the model holds no "except".
 */
function exclude(group: string, members: AddressMatch, ex: AddressMatch): void {
  members.cidrs = members.cidrs.filter((m) => !ex.cidrs.some((e) => contains(e, m)));
  const partial = ex.cidrs.filter((e) => members.cidrs.some((m) => contains(m, e)));
  for (const o of ex.objects) if (!members.objects.includes(o)) members.objects.push(o);
  if (partial.length > 0 || ex.unresolved.length > 0) {
    members.conditions.push(`except ${[...partial, ...ex.unresolved].join(', ')} (exclude-member of "${group}")`);
  }
}
