// Check Point management API objects (the "objects-dictionary" of a rulebase answer), found by uid and
// expanded: network objects to CIDRs (hosts, networks, address ranges, wildcards, gateways and clusters
// with their interface addresses, groups recursively, groups with exclusion), services to protocol and
// port matches (TCP/UDP/SCTP ports, ICMP types, other IP protocols, service groups). What has no address
// or port here (DNS domains, dynamic and updatable objects, access roles, zones, applications...) is
// handed back as unresolved names or conditions, each with a note.
import { ANY, cidrFromNetmask, cidrFromWildcard, parseCidr, rangeToCidrs } from './cidr';
import {
  ANY_SERVICE,
  mergeServices,
  normalisePorts,
  protocolOf,
  type PortRange,
  type ServiceMatch,
} from './cisco-acl-tokens';
import { arr, field, isObject, num, str, subtractCidrs, type JsonObject } from './cloud-common';

/** The uid Check Point gives its "Any" object in every installation. */
export const ANY_UID = '97aeb369-9aea-11d5-bd16-0090272ccb30';
const MAX_DEPTH = 32;

export interface AddressExpansion {
  any: boolean;
  cidrs: string[];
  /** Names of the objects and groups used (Any excluded). */
  objects: string[];
  unresolved: string[];
}

export interface ServiceExpansion {
  matches: ServiceMatch[];
  objects: string[];
}

type Note = (what: string) => void;

const PORT_PROTOCOLS = new Map([
  ['service-tcp', 'tcp'],
  ['service-udp', 'udp'],
  ['service-sctp', 'sctp'],
]);

export class CheckpointObjects {
  private readonly byUid = new Map<string, JsonObject>();
  /**
   * Groups are expanded once per document and kept, so shared subgroups cost nothing more and crafted
   * group graphs cannot make the work grow exponentially. Check Point refuses groups that contain
   * themselves; in a file that has them anyway, the first expansion cuts the loop (with a note) and
   * that expansion is kept.
   */
  private readonly groups = new Map<string, AddressExpansion>();
  private readonly serviceGroups = new Map<string, { matches: ServiceMatch[]; objects: string[] }>();

  /** Adds the objects of a dictionary (the first one seen for a uid wins). */
  addAll(list: readonly unknown[]): void {
    for (const o of list) {
      const uid = isObject(o) ? str(o, 'uid') : null;
      if (uid && isObject(o) && !this.byUid.has(uid)) this.byUid.set(uid, o);
    }
  }

  get size(): number {
    return this.byUid.size;
  }

  /** A reference is a uid, or (with details-level full) the object itself. */
  resolve(ref: unknown): JsonObject | null {
    if (typeof ref === 'string') return this.byUid.get(ref) ?? null;
    if (isObject(ref)) {
      const uid = str(ref, 'uid');
      return (uid ? this.byUid.get(uid) : undefined) ?? (str(ref, 'type') ? ref : null);
    }
    return null;
  }

  /** The object's name, else the reference as written. */
  nameOf(ref: unknown): string {
    const o = this.resolve(ref);
    const name = o ? str(o, 'name') : null;
    if (name) return name;
    if (typeof ref === 'string') return ref;
    return (isObject(ref) ? (str(ref, 'name') ?? str(ref, 'uid')) : null) ?? JSON.stringify(ref) ?? String(ref);
  }

  isAny(ref: unknown): boolean {
    const o = this.resolve(ref);
    if (!o) return ref === ANY_UID;
    return str(o, 'type') === 'CpmiAnyObject' || str(o, 'uid') === ANY_UID;
  }

  /** Every reference of `refs` is Any (or there is none). */
  allAny(refs: readonly unknown[]): boolean {
    return refs.every((r) => this.isAny(r));
  }

  addresses(refs: readonly unknown[], where: string, note: Note): AddressExpansion {
    const out: AddressExpansion = { any: false, cidrs: [], objects: [], unresolved: [] };
    for (const ref of refs) this.address(ref, out, new Set(), 0, where, note);
    const uniq = (l: string[]) => [...new Set(l)];
    return {
      any: out.any,
      cidrs: out.any ? [...ANY] : uniq(out.cidrs),
      objects: uniq(out.objects),
      unresolved: uniq(out.unresolved),
    };
  }

  private address(
    ref: unknown,
    out: AddressExpansion,
    path: Set<string>,
    depth: number,
    where: string,
    note: Note,
  ): void {
    const o = this.resolve(ref);
    const name = this.nameOf(ref);
    if (this.isAny(ref)) {
      out.any = true;
      return;
    }
    if (!o) {
      out.unresolved.push(name);
      note(`${where}: object ${name} is not in the objects-dictionary; kept unresolved`);
      return;
    }
    const type = str(o, 'type') ?? '';
    out.objects.push(name);
    const uid = str(o, 'uid') ?? name;
    if (type === 'group' || type === 'group-with-exclusion') {
      if (path.has(uid)) {
        note(`${where}: group ${name} contains itself; the loop is not followed`);
        return;
      }
      if (depth >= MAX_DEPTH) {
        note(`${where}: group ${name} is nested deeper than ${MAX_DEPTH} levels; not followed further`);
        return;
      }
      let g = this.groups.get(uid);
      if (!g) {
        g = this.expandGroup(o, type, name, new Set(path).add(uid), depth, where, note);
        this.groups.set(uid, g);
      }
      out.any ||= g.any;
      out.cidrs.push(...g.cidrs);
      out.objects.push(...g.objects);
      out.unresolved.push(...g.unresolved);
      return;
    }
    const found = this.ownAddresses(o, type);
    if (found.length === 0) {
      out.unresolved.push(name);
      note(`${where}: ${type || 'object'} ${name} has no address this import can read; kept unresolved`);
      return;
    }
    out.cidrs.push(...found);
  }

  /** A group's members, or an exclusion group's "include" minus "except", deduplicated. */
  private expandGroup(
    o: JsonObject,
    type: string,
    name: string,
    inner: Set<string>,
    depth: number,
    where: string,
    note: Note,
  ): AddressExpansion {
    const g: AddressExpansion = { any: false, cidrs: [], objects: [], unresolved: [] };
    if (type === 'group') {
      for (const m of arr(o, 'members') ?? []) this.address(m, g, inner, depth + 1, where, note);
    } else {
      // Exact CIDR difference when both sides resolve; an unresolved side leaves the whole group unresolved.
      const part = (key: string): AddressExpansion => {
        const p: AddressExpansion = { any: false, cidrs: [], objects: [], unresolved: [] };
        const v = field(o, key);
        if (v !== undefined && v !== null) this.address(v, p, inner, depth + 1, where, note);
        return p;
      };
      const include = part('include');
      const except = part('except');
      g.objects.push(...include.objects, ...except.objects);
      if (include.unresolved.length || except.unresolved.length) {
        g.unresolved.push(name, ...include.unresolved, ...except.unresolved);
      } else {
        g.cidrs.push(...subtractCidrs(include.any ? ANY : include.cidrs, except.any ? ANY : except.cidrs));
      }
    }
    const uniq = (l: string[]) => [...new Set(l)];
    return { any: g.any, cidrs: uniq(g.cidrs), objects: uniq(g.objects), unresolved: uniq(g.unresolved) };
  }

  /** Addresses written in the object itself; empty when it has none (or only unreadable ones). */
  private ownAddresses(o: JsonObject, type: string): string[] {
    const out: string[] = [];
    const text = (key: string) => {
      const v = str(o, key);
      return v && v.trim() !== '' ? v.trim() : null;
    };
    const range = (first: string, last: string) => {
      const a = text(first);
      const b = text(last);
      if (a && b) out.push(...(rangeToCidrs(a, b) ?? []));
    };
    range('ipv4-address-first', 'ipv4-address-last');
    range('ipv6-address-first', 'ipv6-address-last');
    if (out.length > 0) return out;
    const subnet4 = text('subnet4');
    if (subnet4) {
      const len = num(o, 'mask-length4');
      const mask = text('subnet-mask');
      const c = len !== null ? parseCidr(`${subnet4}/${len}`) : mask ? cidrFromNetmask(subnet4, mask) : null;
      if (c) out.push(c);
    }
    const subnet6 = text('subnet6');
    const len6 = num(o, 'mask-length6');
    if (subnet6 && len6 !== null) {
      const c = parseCidr(`${subnet6}/${len6}`);
      if (c) out.push(c);
    }
    if (subnet4 || subnet6) return out;
    if (type === 'wildcard') {
      const ip = text('ipv4-address');
      const wc = text('ipv4-mask-wildcard');
      const c = ip && wc ? cidrFromWildcard(ip, wc) : null;
      return c ? [c] : [];
    }
    for (const key of ['ipv4-address', 'ipv6-address']) {
      const c = text(key) ? parseCidr(text(key) ?? '') : null;
      if (c) out.push(c);
    }
    // A gateway, cluster or management server in a rule stands for all its addresses: its main address
    // and those of its interfaces. A host object's "interfaces" only describe topology, so they are not read.
    if (type !== 'host') {
      for (const iface of arr(o, 'interfaces') ?? []) {
        if (!isObject(iface)) continue;
        for (const key of ['ipv4-address', 'ipv6-address']) {
          const v = str(iface, key);
          const c = v && v.trim() !== '' ? parseCidr(v.trim()) : null;
          if (c) out.push(c);
        }
      }
    }
    return out;
  }

  /**
   * Services as protocol/port matches. A negated service column cannot be written in the model: the rule
   * then matches any protocol, with the negation kept as a condition.
   */
  services(refs: readonly unknown[], negate: boolean, where: string, note: Note): ServiceExpansion {
    const objects: string[] = [];
    const matches: ServiceMatch[] = [];
    // "Not Any" matches nothing: no match at all.
    if (this.allAny(refs)) return { matches: negate ? [] : [ANY_SERVICE], objects };
    for (const ref of refs) this.service(ref, matches, objects, new Set(), 0, where, note);
    const uniqObjects = [...new Set(objects)];
    if (negate) {
      const names = refs.map((r) => this.nameOf(r)).join(', ');
      return {
        matches: [{ protocol: 'any', destination: null, source: null, conditions: [`service not in: ${names}`] }],
        objects: uniqObjects,
      };
    }
    return { matches, objects: uniqObjects };
  }

  private service(
    ref: unknown,
    out: ServiceMatch[],
    objects: string[],
    path: Set<string>,
    depth: number,
    where: string,
    note: Note,
  ): void {
    const name = this.nameOf(ref);
    if (this.isAny(ref)) {
      out.push(ANY_SERVICE);
      return;
    }
    const o = this.resolve(ref);
    const other = (why: string, condition = `service ${name}`) => {
      note(`${where}: ${why}; kept as a condition`);
      out.push({ protocol: 'any', destination: null, source: null, conditions: [condition] });
    };
    if (!o) return other(`service ${name} is not in the objects-dictionary`);
    objects.push(name);
    const type = str(o, 'type') ?? '';
    if (type === 'service-group') {
      const uid = str(o, 'uid') ?? name;
      if (path.has(uid) || depth >= MAX_DEPTH) {
        note(`${where}: service group ${name} contains itself or nests deeper than ${MAX_DEPTH} levels; not followed`);
        return;
      }
      let g = this.serviceGroups.get(uid);
      if (!g) {
        const inner = new Set(path).add(uid);
        const members: ServiceMatch[] = [];
        const names: string[] = [];
        for (const m of arr(o, 'members') ?? []) this.service(m, members, names, inner, depth + 1, where, note);
        // Uniting the members' ports per protocol (overlaps merged) keeps the same matches and bounds the size.
        g = {
          matches: mergeServices(members).map((m) => ({
            ...m,
            destination: m.destination && normalisePorts(m.destination),
          })),
          objects: [...new Set(names)],
        };
        this.serviceGroups.set(uid, g);
      }
      out.push(...g.matches);
      objects.push(...g.objects);
      return;
    }
    const protocol = PORT_PROTOCOLS.get(type);
    if (protocol) {
      const conditions: string[] = [];
      const ports = (key: string): PortRange[] | null => {
        const raw = str(o, key);
        if (raw === null || raw.trim() === '') return null;
        const r = checkpointPorts(raw);
        if (r === null) {
          note(`${where}: ${key} "${raw}" of service ${name} not understood; kept as a condition`);
          conditions.push(`${key} ${raw}`);
        }
        return r;
      };
      const destination = ports('port');
      if ((str(o, 'port') ?? '').trim() === '') note(`${where}: service ${name} has no port; taken as any port`);
      const source = ports('source-port');
      if (field(o, 'match-by-protocol-signature') === true) {
        conditions.push(`protocol signature ${str(o, 'protocol') ?? name}`);
      }
      out.push({ protocol, destination, source, conditions });
      return;
    }
    if (type === 'service-icmp' || type === 'service-icmp6') {
      const icmpType = num(o, 'icmp-type');
      const code = num(o, 'icmp-code');
      const word = type === 'service-icmp' ? 'icmp-type' : 'icmp6-type';
      out.push({
        protocol: type === 'service-icmp' ? 'icmp' : 'icmpv6',
        destination: null,
        source: null,
        conditions: icmpType === null ? [] : [`${word} ${icmpType}${code === null ? '' : ` code ${code}`}`],
      });
      return;
    }
    if (type === 'service-other') {
      const proto = protocolOf(str(o, 'ip-protocol') ?? '');
      if (proto === null) return other(`service-other ${name} names no IP protocol`);
      const match = str(o, 'match');
      out.push({
        protocol: proto,
        destination: null,
        source: null,
        conditions: match && match.trim() !== '' ? [`match ${match}`] : [],
      });
      return;
    }
    // DCE-RPC, RPC, GTP, Citrix, compound services, applications and categories: not port matches.
    other(`${type || 'service'} ${name} is not a port-based service`, `service ${name} (${type || 'unknown type'})`);
  }
}

/** Check Point port notation: "80", "1024-65535", ">1023", "<1024", ">=1024", "<=1023"; null otherwise. */
export function checkpointPorts(raw: string): PortRange[] | null {
  const ranges: PortRange[] = [];
  for (const part of raw.split(',')) {
    const t = part.trim();
    let m: RegExpExecArray | null;
    let r: PortRange | null = null;
    if ((m = /^(\d{1,5})$/.exec(t))) r = [Number(m[1]), Number(m[1])];
    else if ((m = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(t))) r = [Number(m[1]), Number(m[2])];
    else if ((m = /^>\s*(=)?\s*(\d{1,5})$/.exec(t))) r = [Number(m[2]) + (m[1] ? 0 : 1), 65535];
    else if ((m = /^<\s*(=)?\s*(\d{1,5})$/.exec(t))) r = [0, Number(m[2]) - (m[1] ? 0 : 1)];
    if (!r || r[0] > r[1] || r[0] < 0 || r[1] > 65535) return null;
    ranges.push(r);
  }
  return ranges;
}
