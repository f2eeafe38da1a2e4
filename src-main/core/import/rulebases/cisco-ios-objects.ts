// Object groups of the IOS family, which ACL entries may name instead of addresses or ports: IOS-XE
// `object-group network|service`, NX-OS `object-group ip|ipv6 address` / `object-group ip port`, IOS-XR
// `object-group network ipv4|ipv6` / `object-group port`. Also the address notations they share.
import type { ImportSink } from '../types';
import { addressMatch, uniteAddresses, type AddressMatch } from './cisco-acl-rules';
import {
  PORT_OPERATORS,
  hasPorts,
  isIcmp,
  portNumber,
  portsOf,
  protocolOf,
  type PortRange,
  type ServiceMatch,
} from './cisco-acl-tokens';
import { cidrFromNetmask, cidrFromWildcard, parseCidr, rangeToCidrs } from './cidr';

type GroupType = 'network' | 'port' | 'service';

interface Group {
  type: GroupType;
  /** IOS-XE network groups write masks; NX-OS address groups write wildcards. */
  masks: 'netmask' | 'wildcard';
  net: AddressMatch;
  ports: PortRange[];
  services: ServiceMatch[];
  nested: string[];
  line: number;
}

const MAX_DEPTH = 64;

function isIpv4(token: string | undefined): boolean {
  return token !== undefined && /^\d{1,3}(?:\.\d{1,3}){3}$/.test(token) && parseCidr(token) !== null;
}

/**
 * `A W` with a wildcard: the CIDR when the wildcard is contiguous; otherwise the smallest CIDR covering
 * every match, with the exact match kept as a condition (the model holds CIDRs only).
 */
export function wildcardMatch(address: string, wildcard: string): AddressMatch | null {
  const exact = cidrFromWildcard(address, wildcard);
  if (exact) return addressMatch([exact]);
  if (!isIpv4(address) || !isIpv4(wildcard)) return null;
  const w = wildcard.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  let prefix = 0;
  while (prefix < 32 && Math.floor(w / 2 ** (31 - prefix)) % 2 === 0) prefix++;
  const cover = parseCidr(`${address}/${prefix}`);
  if (!cover) return null;
  const m = addressMatch([cover]);
  m.conditions.push(`matches ${address} wildcard ${wildcard} (non-contiguous; ${cover} covers it)`);
  return m;
}

export class IosGroups {
  private readonly groups = new Map<string, Group>();
  private current: Group | null = null;
  private readonly reported = new Set<string>();

  constructor(private readonly sink: ImportSink) {}

  /** `object-group ...` header; returns false when the kind is not one of the address/port/service groups. */
  start(words: readonly string[], line: number): boolean {
    this.current = null;
    const [, a, b, c] = words;
    let type: GroupType | null = null;
    let name: string | undefined;
    let masks: Group['masks'] = 'netmask';
    if (a === 'network' && (b === 'ipv4' || b === 'ipv6') && c) [type, name] = ['network', c];
    else if (a === 'network' && b) [type, name] = ['network', b];
    else if ((a === 'ip' || a === 'ipv6') && b === 'address' && c) [type, name, masks] = ['network', c, 'wildcard'];
    else if (a === 'ip' && b === 'port' && c) [type, name] = ['port', c];
    else if (a === 'port' && b) [type, name] = ['port', b];
    else if (a === 'service' && b) [type, name] = ['service', b];
    if (!type || !name) return false;
    this.current = { type, masks, net: addressMatch(), ports: [], services: [], nested: [], line };
    this.groups.set(name, this.current);
    return true;
  }

  end(): void {
    this.current = null;
  }

  get open(): boolean {
    return this.current !== null;
  }

  /** One member line; false when not understood. NX-OS members may start with a sequence number. */
  member(raw: readonly string[]): boolean {
    const g = this.current;
    if (!g) return false;
    const words = /^\d+$/.test(raw[0] ?? '') ? raw.slice(1) : raw;
    const [w0, w1, w2] = words;
    if (w0 === undefined || w0 === 'description') return true;
    if ((w0 === 'group-object' || w0 === 'object-group') && w1) {
      g.nested.push(w1);
      return true;
    }
    if (g.type === 'port') {
      const ranges = w0 && PORT_OPERATORS.has(w0) ? portsOf(w0, words.slice(1), 'ios') : null;
      if (!ranges) return false;
      g.ports.push(...ranges);
      return true;
    }
    if (g.type === 'service') {
      const s = iosServiceWords(words);
      if (!s) return false;
      g.services.push(...s);
      return true;
    }
    let m: AddressMatch | null = null;
    if (w0 === 'host' && w1) m = cidrOf(parseCidr(w1));
    else if (w0 === 'any') m = addressMatch(['0.0.0.0/0', '::/0']);
    else if (w0 === 'range' && w1 && w2) m = cidrsOf(rangeToCidrs(w1, w2));
    else if (w0.includes('/')) m = cidrOf(parseCidr(w0));
    else if (w1 && g.masks === 'netmask') m = cidrOf(cidrFromNetmask(w0, w1));
    else if (w1) m = wildcardMatch(w0, w1);
    else m = cidrOf(parseCidr(w0));
    if (!m) return false;
    uniteAddresses(g.net, m);
    return true;
  }

  has(name: string, type: GroupType): boolean {
    return this.groups.get(name)?.type === type;
  }

  network(name: string, line: number): AddressMatch {
    const out = addressMatch();
    this.expand(name, 'network', line, new Set(), 0, (g) => uniteAddresses(out, g.net), out.objects, out.unresolved);
    return out;
  }

  ports(name: string, line: number, objects: string[], unresolved: string[]): PortRange[] | null {
    const out: PortRange[] = [];
    const ok = this.expand(name, 'port', line, new Set(), 0, (g) => out.push(...g.ports), objects, unresolved);
    return ok ? out : null;
  }

  services(name: string, line: number, objects: string[], unresolved: string[]): ServiceMatch[] | null {
    const out: ServiceMatch[] = [];
    const ok = this.expand(name, 'service', line, new Set(), 0, (g) => out.push(...g.services), objects, unresolved);
    return ok ? out : null;
  }

  private expand(
    name: string,
    type: GroupType,
    line: number,
    seen: Set<string>,
    depth: number,
    take: (g: Group) => void,
    objects: string[],
    unresolved: string[],
  ): boolean {
    if (!objects.includes(name)) objects.push(name);
    const g = this.groups.get(name);
    if (!g || g.type !== type) {
      this.report(name, g ? `is a ${g.type} group, not a ${type} group` : 'is not defined in this file', line);
      if (!unresolved.includes(name)) unresolved.push(name);
      return false;
    }
    if (seen.has(name) || depth > MAX_DEPTH) {
      this.report(name, 'contains itself (a group loop)', line);
      if (!unresolved.includes(name)) unresolved.push(name);
      return true;
    }
    seen.add(name);
    take(g);
    let ok = true;
    for (const n of g.nested) ok = this.expand(n, type, line, seen, depth + 1, take, objects, unresolved) && ok;
    seen.delete(name);
    return ok;
  }

  private report(name: string, why: string, line: number): void {
    const k = `${name}\u0000${why}`;
    if (this.reported.has(k)) return;
    this.reported.add(k);
    this.sink.note({ line, column: null, what: `object-group "${name}" ${why}; it is listed as unresolved` });
  }
}

function cidrOf(c: string | null): AddressMatch | null {
  return c ? addressMatch([c]) : null;
}

function cidrsOf(cs: string[] | null): AddressMatch | null {
  return cs ? addressMatch(cs) : null;
}

/** IOS-XE service group members: `tcp [source OP P..] [OP P..]`, `tcp-udp eq 53`, `icmp echo`, `ip`, `50`. */
export function iosServiceWords(words: readonly string[]): ServiceMatch[] | null {
  const [proto, ...rest] = words as [string, ...string[]];
  const protocols = proto === 'tcp-udp' ? ['tcp', 'udp'] : [protocolOf(proto)];
  if (protocols.some((p) => p === null)) return null;
  const first = protocols[0]!;
  let source: PortRange[] | null = null;
  let destination: PortRange[] | null = null;
  const conditions: string[] = [];
  if (isIcmp(first)) {
    if (rest.length > 0) conditions.push(`icmp-type ${rest.join(' ')}`);
  } else if (rest.length > 0) {
    if (!hasPorts(first)) return null;
    let i = 0;
    while (i < rest.length) {
      const side = rest[i] === 'source' ? 'source' : 'destination';
      if (rest[i] === 'source' || rest[i] === 'destination') i++;
      const op = rest[i];
      if (!op || !PORT_OPERATORS.has(op)) return null;
      let n = op === 'range' ? 2 : 1;
      if (op === 'eq' || op === 'neq')
        while (rest[i + 1 + n] !== undefined && portNumber(rest[i + 1 + n]!, 'ios') !== null) n++;
      const ranges = portsOf(op, rest.slice(i + 1, i + 1 + n), 'ios');
      if (!ranges) return null;
      i += 1 + n;
      if (side === 'source') source = ranges;
      else destination = ranges;
    }
  }
  return protocols.map((protocol) => ({ protocol: protocol!, destination, source, conditions }));
}
