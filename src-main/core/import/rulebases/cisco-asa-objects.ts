// Cisco ASA objects as a running-config defines them (`name`, `object network|service`, `object-group
// network|service|protocol|icmp-type`, interface `nameif` addresses) and their expansion to addresses and
// services, with nested groups, cycles and undefined names reported rather than guessed.
import type { ImportSink } from '../types';
import { addressMatch, type AddressMatch } from './cisco-acl-rules';
import {
  ANY_SERVICE,
  PORT_OPERATORS,
  hasPorts,
  isIcmp,
  portsOf,
  protocolOf,
  quoted,
  type PortRange,
  type ServiceMatch,
} from './cisco-acl-tokens';
import { cidrFromNetmask, parseCidr, rangeToCidrs } from './cidr';

type NetItem =
  | { kind: 'cidrs'; cidrs: string[] }
  | { kind: 'fqdn'; fqdn: string }
  | { kind: 'object'; name: string }
  | { kind: 'group'; name: string };

type SvcItem =
  { kind: 'service'; service: ServiceMatch } | { kind: 'object'; name: string } | { kind: 'group'; name: string };

type GroupKind = 'network' | 'service' | 'protocol' | 'icmp-type' | 'other';

interface Def {
  kind: 'object' | 'group';
  type: GroupKind;
  /** `object-group service NAME tcp|udp|tcp-udp`: a port group. */
  portProtocols: string[] | null;
  net: NetItem[];
  svc: SvcItem[];
  /** Protocol and ICMP-type groups: their words as written. */
  words: string[];
  line: number;
}

/** Nesting deeper than this is a loop the cycle check missed or a hostile file; either way, stop. */
const MAX_DEPTH = 64;

export class AsaObjects {
  private readonly defs = new Map<string, Def>();
  private readonly names = new Map<string, string>();
  private readonly ifaceAddresses = new Map<string, string[]>();
  private current: Def | null = null;
  private currentIface: { nameif: string | null; cidrs: string[] } | null = null;
  private readonly reported = new Set<string>();

  constructor(private readonly sink: ImportSink) {}

  /** `name 10.1.1.1 server1 [description ...]`. */
  addName(ip: string, alias: string): boolean {
    if (parseCidr(ip) === null) return false;
    this.names.set(alias, ip);
    return true;
  }

  /** Starts a block: `object network N`, `object-group service N tcp`... Returns false if not understood. */
  startBlock(words: readonly string[], line: number): boolean {
    this.endBlock();
    const [head, type, name, extra] = words as [string, string | undefined, string | undefined, string | undefined];
    if (!type || !name) return false;
    if (head === 'object' && (type === 'network' || type === 'service')) {
      this.current = this.define(name, { kind: 'object', type, line });
      return true;
    }
    if (head !== 'object-group') return false;
    if (type === 'network' || type === 'protocol' || type === 'icmp-type') {
      this.current = this.define(name, { kind: 'group', type, line });
      return true;
    }
    if (type === 'service') {
      const ports = extra === 'tcp' ? ['tcp'] : extra === 'udp' ? ['udp'] : extra === 'tcp-udp' ? ['tcp', 'udp'] : null;
      if (extra !== undefined && ports === null) return false;
      this.current = this.define(name, { kind: 'group', type, line });
      this.current.portProtocols = ports;
      return true;
    }
    // User and security-group (TrustSec) groups name identities, not addresses: kept as names.
    this.current = this.define(name, { kind: 'group', type: 'other', line });
    return true;
  }

  private define(name: string, d: Pick<Def, 'kind' | 'type' | 'line'>): Def {
    const def: Def = { ...d, portProtocols: null, net: [], svc: [], words: [] };
    this.defs.set(name, def);
    return def;
  }

  /** `interface X` block: ` nameif N`, ` ip address A M [standby B]`, ` ipv6 address A/len`. */
  startInterface(): void {
    this.endBlock();
    this.currentIface = { nameif: null, cidrs: [] };
  }

  endBlock(): void {
    if (this.currentIface?.nameif) this.ifaceAddresses.set(this.currentIface.nameif, this.currentIface.cidrs);
    this.current = null;
    this.currentIface = null;
  }

  get inBlock(): boolean {
    return this.current !== null || this.currentIface !== null;
  }

  /** One indented line of the current block; returns false when it was not understood. */
  member(words: readonly string[], line: number, text: string): boolean {
    const [w0, w1] = words;
    if (w0 === 'description' || w0 === undefined) return true;
    if (this.currentIface) return this.interfaceLine(words);
    const d = this.current;
    if (!d) return false;
    // Object NAT (`nat (inside,outside) dynamic interface`) rewrites addresses; it does not filter.
    if (w0 === 'nat') return true;
    if (w0 === 'group-object' && w1) {
      if (d.type === 'network') d.net.push({ kind: 'group', name: w1 });
      else if (d.type === 'service') d.svc.push({ kind: 'group', name: w1 });
      else d.words.push(`group-object ${w1}`);
      return true;
    }
    switch (d.type) {
      case 'network':
        return this.networkMember(d, words, line, text);
      case 'service':
        return this.serviceMember(d, words);
      case 'protocol':
        if (w0 !== 'protocol-object' || !w1) return false;
        d.words.push(w1);
        return true;
      case 'icmp-type':
        if (w0 !== 'icmp-object' || !w1) return false;
        d.words.push(w1);
        return true;
      default:
        d.words.push(words.join(' '));
        return true;
    }
  }

  private interfaceLine(words: readonly string[]): boolean {
    const it = this.currentIface!;
    const [w0, w1, w2, w3] = words;
    if (w0 === 'nameif' && w1) it.nameif = w1;
    else if (w0 === 'ip' && w1 === 'address' && w2 && w3 && cidrFromNetmask(w2, w3)) {
      // The ASA's own address on that interface, which `interface NAME` in an ACL stands for.
      const host = parseCidr(w2);
      if (host) it.cidrs.push(host);
    } else if (w0 === 'ipv6' && w1 === 'address' && w2) {
      const c = parseCidr(w2.split('/')[0]!);
      if (c) it.cidrs.push(c);
    }
    // Everything else in an interface block (speed, security-level, vlan...) is not a filter.
    return true;
  }

  private networkMember(d: Def, words: readonly string[], line: number, text: string): boolean {
    const [w0, w1, w2, w3] = words;
    if (d.kind === 'object') {
      if (w0 === 'host' && w1) return this.pushCidrs(d, this.hostCidr(w1));
      if (w0 === 'subnet' && w1) return this.pushCidrs(d, w2 ? this.maskCidr(w1, w2) : parseCidr(w1));
      if (w0 === 'range' && w1 && w2) return this.pushRange(d, w1, w2);
      if (w0 === 'fqdn' && w1) {
        const fqdn = (w1 === 'v4' || w1 === 'v6') && w2 ? w2 : w1;
        d.net.push({ kind: 'fqdn', fqdn });
        return true;
      }
      return false;
    }
    if (w0 !== 'network-object' || !w1) return false;
    if (w1 === 'host' && w2) return this.pushCidrs(d, this.hostCidr(w2));
    if (w1 === 'object' && w2) {
      d.net.push({ kind: 'object', name: w2 });
      return true;
    }
    if (w1 === 'range' && w2 && w3) return this.pushRange(d, w2, w3);
    if (w2) return this.pushCidrs(d, this.maskCidr(w1, w2));
    const prefix = parseCidr(w1);
    if (prefix && w1.includes('/')) return this.pushCidrs(d, prefix);
    this.sink.note({ line, column: null, what: `network-object not understood: ${quoted(text)}` });
    return true;
  }

  private pushCidrs(d: Def, cidr: string | null): boolean {
    if (!cidr) return false;
    d.net.push({ kind: 'cidrs', cidrs: [cidr] });
    return true;
  }

  private pushRange(d: Def, a: string, b: string): boolean {
    const cidrs = rangeToCidrs(this.names.get(a) ?? a, this.names.get(b) ?? b);
    if (!cidrs) return false;
    d.net.push({ kind: 'cidrs', cidrs });
    return true;
  }

  /** `host X` where X is an address or a `name`. */
  hostCidr(token: string): string | null {
    const ip = this.names.get(token) ?? token;
    return token.includes('/') ? null : parseCidr(ip);
  }

  /** `X MASK` where X is an address or a `name`. */
  maskCidr(address: string, mask: string): string | null {
    return cidrFromNetmask(this.names.get(address) ?? address, mask);
  }

  isName(token: string): boolean {
    return this.names.has(token);
  }

  private serviceMember(d: Def, words: readonly string[]): boolean {
    const [w0, w1, w2] = words;
    if (w0 === 'port-object' && d.portProtocols && w1) {
      const ranges = portsOf(w1, words.slice(2), 'asa');
      if (!ranges) return false;
      for (const protocol of d.portProtocols) {
        d.svc.push({ kind: 'service', service: { protocol, destination: ranges, source: null, conditions: [] } });
      }
      return true;
    }
    const body =
      d.kind === 'object'
        ? w0 === 'service'
          ? words.slice(1)
          : null
        : w0 === 'service-object'
          ? words.slice(1)
          : null;
    if (!body || body.length === 0) return false;
    if (body[0] === 'object' && w2) {
      d.svc.push({ kind: 'object', name: body[1]! });
      return true;
    }
    const services = serviceWords(body);
    if (!services) return false;
    for (const service of services) d.svc.push({ kind: 'service', service });
    return true;
  }

  /** The kind of a defined name, or null when the file does not define it. */
  kindOf(name: string): { kind: 'object' | 'group'; type: GroupKind; ports: boolean } | null {
    const d = this.defs.get(name);
    return d ? { kind: d.kind, type: d.type, ports: d.portProtocols !== null } : null;
  }

  /** Addresses of a network object or group, nested groups expanded. */
  network(name: string, line: number): AddressMatch {
    const out = addressMatch();
    this.expandNetwork(name, out, new Set(), line, 0);
    return out;
  }

  private expandNetwork(name: string, out: AddressMatch, seen: Set<string>, line: number, depth: number): void {
    if (!out.objects.includes(name)) out.objects.push(name);
    const d = this.defs.get(name);
    if (!d || d.type !== 'network') {
      this.missing(name, d ? `is a ${d.type} ${d.kind}, not a network object` : 'is not defined in this file', line);
      if (!out.unresolved.includes(name)) out.unresolved.push(name);
      return;
    }
    if (seen.has(name) || depth > MAX_DEPTH) {
      this.missing(name, 'contains itself (a group loop)', line);
      if (!out.unresolved.includes(name)) out.unresolved.push(name);
      return;
    }
    seen.add(name);
    for (const it of d.net) {
      if (it.kind === 'cidrs') for (const c of it.cidrs) if (!out.cidrs.includes(c)) out.cidrs.push(c);
      if (it.kind === 'fqdn' && !out.unresolved.includes(it.fqdn)) out.unresolved.push(it.fqdn);
      if (it.kind === 'object' || it.kind === 'group') this.expandNetwork(it.name, out, seen, line, depth + 1);
    }
    seen.delete(name);
  }

  /** Services of a service object or group, nested objects and groups expanded. */
  services(name: string, line: number, objects: string[], unresolved: string[]): ServiceMatch[] {
    const out: ServiceMatch[] = [];
    this.expandServices(name, out, objects, unresolved, new Set(), line, 0);
    return out;
  }

  private expandServices(
    name: string,
    out: ServiceMatch[],
    objects: string[],
    unresolved: string[],
    seen: Set<string>,
    line: number,
    depth: number,
  ): void {
    if (!objects.includes(name)) objects.push(name);
    const d = this.defs.get(name);
    if (!d || d.type !== 'service') {
      this.missing(name, d ? `is a ${d.type} ${d.kind}, not a service` : 'is not defined in this file', line);
      if (!unresolved.includes(name)) unresolved.push(name);
      out.push({ ...ANY_SERVICE, conditions: [`service "${name}" (not resolved)`] });
      return;
    }
    if (seen.has(name) || depth > MAX_DEPTH) {
      this.missing(name, 'contains itself (a group loop)', line);
      if (!unresolved.includes(name)) unresolved.push(name);
      return;
    }
    seen.add(name);
    for (const it of d.svc) {
      if (it.kind === 'service') out.push(it.service);
      else this.expandServices(it.name, out, objects, unresolved, seen, line, depth + 1);
    }
    seen.delete(name);
  }

  /** Port ranges of a port group (`object-group service N tcp` with port-object lines). */
  ports(name: string, line: number, objects: string[]): PortRange[] | null {
    const services = this.services(name, line, objects, []);
    if (services.some((s) => !hasPorts(s.protocol) || s.source !== null || s.destination === null)) return null;
    return services.flatMap((s) => s.destination ?? []);
  }

  /** Protocols of a protocol group, in the model's notation. */
  protocols(name: string, line: number, objects: string[], unresolved: string[]): string[] {
    const out: string[] = [];
    this.expandWords(name, 'protocol', out, objects, unresolved, new Set(), line, 0);
    return out.map((w) => protocolOf(w) ?? w);
  }

  /** ICMP types of an icmp-type group, as written. */
  icmpTypes(name: string, line: number, objects: string[], unresolved: string[]): string[] {
    const out: string[] = [];
    this.expandWords(name, 'icmp-type', out, objects, unresolved, new Set(), line, 0);
    return out;
  }

  private expandWords(
    name: string,
    type: GroupKind,
    out: string[],
    objects: string[],
    unresolved: string[],
    seen: Set<string>,
    line: number,
    depth: number,
  ): void {
    if (!objects.includes(name)) objects.push(name);
    const d = this.defs.get(name);
    if (!d || d.type !== type) {
      this.missing(name, d ? `is a ${d.type} ${d.kind}, not a ${type} group` : 'is not defined in this file', line);
      if (!unresolved.includes(name)) unresolved.push(name);
      return;
    }
    if (seen.has(name) || depth > MAX_DEPTH) {
      this.missing(name, 'contains itself (a group loop)', line);
      if (!unresolved.includes(name)) unresolved.push(name);
      return;
    }
    seen.add(name);
    for (const w of d.words) {
      if (w.startsWith('group-object ')) {
        this.expandWords(w.slice(13), type, out, objects, unresolved, seen, line, depth + 1);
      } else if (!out.includes(w)) out.push(w);
    }
    seen.delete(name);
  }

  /** Addresses of a `nameif`, when the file's interface blocks give them. */
  interfaceAddresses(nameif: string): string[] | null {
    return this.ifaceAddresses.get(nameif) ?? null;
  }

  private missing(name: string, why: string, line: number): void {
    const k = `${name}\u0000${why}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.sink.note({
      line,
      column: null,
      what: `"${name}" ${why}; its addresses or services are listed as unresolved`,
    });
  }
}

/**
 * `service`/`service-object` words: `tcp [source OP P..] [destination OP P..]`, legacy `tcp eq www`
 * (destination), `tcp-udp ...`, `icmp [TYPE [CODE]]`, `ip`, or a protocol number. Null if not understood.
 */
export function serviceWords(body: readonly string[]): ServiceMatch[] | null {
  const [proto, ...rest] = body as [string, ...string[]];
  const protocols = proto === 'tcp-udp' ? ['tcp', 'udp'] : [protocolOf(proto)];
  if (protocols.some((p) => p === null)) return null;
  let source: PortRange[] | null = null;
  let destination: PortRange[] | null = null;
  const conditions: string[] = [];
  const first = protocols[0]!;
  if (isIcmp(first!)) {
    if (rest.length > 0) conditions.push(`${first === 'icmp' ? 'icmp-type' : 'icmp6-type'} ${rest.join(' ')}`);
  } else if (rest.length > 0) {
    if (!hasPorts(first!)) return null;
    let i = 0;
    while (i < rest.length) {
      let side: 'source' | 'destination' = 'destination';
      if (rest[i] === 'source' || rest[i] === 'destination') side = rest[i++] as 'source' | 'destination';
      const op = rest[i];
      if (!op || !PORT_OPERATORS.has(op)) return null;
      const n = op === 'range' ? 2 : 1;
      const ranges = portsOf(op, rest.slice(i + 1, i + 1 + n), 'asa');
      if (!ranges) return null;
      i += 1 + n;
      if (side === 'source') source = ranges;
      else destination = ranges;
    }
  }
  return protocols.map((protocol) => ({ protocol: protocol!, destination, source, conditions }));
}
