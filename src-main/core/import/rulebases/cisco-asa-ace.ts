// One Cisco ASA access-control entry (`extended permit|deny ...`), as a running-config writes it and as
// `show access-list` prints it (with hit counts, `fqdn X (unresolved)` and `range A B` in expanded lines):
// protocol or service objects, addresses, ports, ICMP types and options, resolved through AsaObjects.
import type { RuleAction } from '../../model/rule';
import { addressMatch, type AddressMatch } from './cisco-acl-rules';
import {
  PORT_OPERATORS,
  hasPorts,
  isIcmp,
  mergeServices,
  portsOf,
  protocolOf,
  type PortRange,
  type ServiceMatch,
} from './cisco-acl-tokens';
import type { AsaObjects } from './cisco-asa-objects';
import { ANY, ANY_V4, ANY_V6, parseCidr, rangeToCidrs } from './cidr';

export interface AsaAce {
  action: RuleAction;
  services: ServiceMatch[];
  source: AddressMatch;
  destination: AddressMatch;
  conditions: string[];
  objects: string[];
  unresolved: string[];
  inactive: boolean;
  hitCount: number | null;
  /** Words the parser did not understand, in order; the caller notes them and keeps them as conditions. */
  leftovers: string[];
}

const LOG_LEVELS = new Set([
  'emergencies',
  'alerts',
  'critical',
  'errors',
  'warnings',
  'notifications',
  'informational',
  'debugging',
  'disable',
  'default',
]);

class Cursor {
  i = 0;
  constructor(readonly w: readonly string[]) {}
  peek(k = 0): string | undefined {
    return this.w[this.i + k];
  }
  next(): string | undefined {
    return this.w[this.i++];
  }
  get done(): boolean {
    return this.i >= this.w.length;
  }
}

function isIp(token: string | undefined): boolean {
  return token !== undefined && !token.includes('/') && parseCidr(token) !== null;
}

/**
 * Parses the words after `extended` (or after `line N extended`). `show access-list` decorations are
 * taken off first: `(hitcnt=N)`, the element state `(inactive)`, the trailing hash and `(unresolved)`.
 * Returns a reason when the entry cannot be read at all.
 */
export function parseAsaAce(words: readonly string[], objs: AsaObjects, line: number): AsaAce | string {
  let hitCount: number | null = null;
  const clean: string[] = [];
  for (const w of words) {
    const hit = /^\(hitcnt=(\d+)\)$/.exec(w);
    if (hit) hitCount = Number(hit[1]);
    else if (w === '(inactive)' || w === '(unresolved)' || /^0x[0-9a-f]+$/i.test(w)) continue;
    else clean.push(w);
  }
  const c = new Cursor(clean);
  const verb = c.next();
  if (verb !== 'permit' && verb !== 'deny') return `expected permit or deny, found ${JSON.stringify(verb ?? '')}`;
  const ace: AsaAce = {
    action: verb === 'permit' ? 'allow' : 'deny',
    services: [],
    source: addressMatch(),
    destination: addressMatch(),
    conditions: [],
    objects: [],
    unresolved: [],
    inactive: false,
    hitCount,
    leftovers: [],
  };

  // Protocol position: a protocol, a service object, or a service or protocol group.
  let full: ServiceMatch[] | null = null;
  let protocols: string[] | null = null;
  const p = c.next();
  if (p === undefined) return 'the entry ends before its protocol';
  if (p === 'object' || p === 'object-group') {
    const name = c.next();
    if (!name) return `${p} without a name`;
    const kind = objs.kindOf(name);
    if (kind?.type === 'protocol') protocols = objs.protocols(name, line, ace.objects, ace.unresolved);
    else full = objs.services(name, line, ace.objects, ace.unresolved);
  } else {
    const proto = protocolOf(p);
    if (proto === null) return `unknown protocol ${JSON.stringify(p)}`;
    protocols = [proto];
  }

  identity(c, ace);
  const src = address(c, objs, line);
  if (typeof src === 'string') return `source: ${src}`;
  ace.source = src;
  const portsAllowed = protocols !== null && protocols.some(hasPorts);
  const srcPorts = portsAllowed ? ports(c, objs, line, ace, true) : null;
  if (typeof srcPorts === 'string') return srcPorts;
  identity(c, ace);
  const dst = address(c, objs, line);
  if (typeof dst === 'string') return `destination: ${dst}`;
  ace.destination = dst;
  const dstPorts = portsAllowed ? ports(c, objs, line, ace, false) : null;
  if (typeof dstPorts === 'string') return dstPorts;
  const icmp = protocols !== null && protocols.every(isIcmp) ? icmpType(c, objs, line, ace) : [];

  options(c, ace);

  if (full) ace.services = mergeServices(full);
  else {
    ace.services = mergeServices(
      (protocols ?? []).map((protocol) => ({
        protocol,
        destination: hasPorts(protocol) ? dstPorts : null,
        source: hasPorts(protocol) ? srcPorts : null,
        conditions: isIcmp(protocol) ? icmp : [],
      })),
    );
    if (ace.services.length === 0)
      ace.services = [{ protocol: 'any', destination: null, source: null, conditions: [] }];
  }
  return ace;
}

/** Identity matches before an address (ASA identity firewall, TrustSec): kept as conditions. */
function identity(c: Cursor, ace: AsaAce): void {
  for (;;) {
    const w = c.peek();
    if (
      (w === 'user' || w === 'user-group' || w === 'object-group-user' || w === 'object-group-security') &&
      c.peek(1)
    ) {
      ace.conditions.push(`${w} ${c.peek(1)}`);
      c.i += 2;
    } else if (w === 'security-group' && c.peek(2)) {
      ace.conditions.push(`security-group ${c.peek(1)} ${c.peek(2)}`);
      c.i += 3;
    } else return;
  }
}

function isAddressStart(token: string | undefined, objs: AsaObjects): boolean {
  if (token === undefined) return false;
  if (['any', 'any4', 'any6', 'host', 'object', 'object-group', 'interface', 'fqdn'].includes(token)) return true;
  return isIp(token) || (token.includes('/') && parseCidr(token) !== null) || objs.isName(token);
}

function address(c: Cursor, objs: AsaObjects, line: number): AddressMatch | string {
  const w = c.next();
  switch (w) {
    case undefined:
      return 'the entry ends before the address';
    case 'any':
      return addressMatch([...ANY]);
    case 'any4':
      return addressMatch([ANY_V4]);
    case 'any6':
      return addressMatch([ANY_V6]);
    case 'host': {
      const h = c.next();
      const cidr = h ? objs.hostCidr(h) : null;
      return cidr ? addressMatch([cidr]) : `host ${JSON.stringify(h ?? '')} is not an address or a defined name`;
    }
    case 'object':
    case 'object-group': {
      const name = c.next();
      return name ? objs.network(name, line) : `${w} without a name`;
    }
    case 'interface': {
      const name = c.next();
      if (!name) return 'interface without a name';
      const m = addressMatch(objs.interfaceAddresses(name) ?? []);
      m.objects.push(`interface ${name}`);
      if (m.cidrs.length === 0) m.unresolved.push(`interface ${name}`);
      return m;
    }
    case 'fqdn': {
      // `show access-list` expansion of an FQDN object: `fqdn [v4|v6] NAME (unresolved)`.
      let name = c.next();
      if (name === 'v4' || name === 'v6') name = c.next();
      if (!name) return 'fqdn without a name';
      const m = addressMatch();
      m.unresolved.push(name);
      return m;
    }
    case 'range': {
      const a = c.next();
      const b = c.next();
      const cidrs = a && b ? rangeToCidrs(a, b) : null;
      return cidrs ? addressMatch(cidrs) : `range ${a ?? ''} ${b ?? ''} is not an address range`;
    }
    default: {
      if (w.includes('/')) {
        const cidr = parseCidr(w);
        return cidr ? addressMatch([cidr]) : `${JSON.stringify(w)} is not a prefix`;
      }
      const mask = c.next();
      const cidr = mask ? objs.maskCidr(w, mask) : null;
      if (cidr) return addressMatch([cidr]);
      return `${JSON.stringify(`${w} ${mask ?? ''}`.trim())} is not an address and mask`;
    }
  }
}

/** Port operator or port group after an address; a group after the source may instead be the destination. */
function ports(
  c: Cursor,
  objs: AsaObjects,
  line: number,
  ace: AsaAce,
  afterSource: boolean,
): PortRange[] | null | string {
  const w = c.peek();
  if (w && PORT_OPERATORS.has(w)) {
    // `range` after the source is the destination when its arguments are addresses (show output).
    if (w === 'range' && isIp(c.peek(1))) return null;
    const n = w === 'range' ? 2 : 1;
    const args = c.w.slice(c.i + 1, c.i + 1 + n);
    const r = portsOf(w, args, 'asa');
    if (!r) return `${w} ${args.join(' ')}: not a port`;
    c.i += 1 + n;
    return r;
  }
  if (w === 'object-group' && c.peek(1)) {
    const name = c.peek(1)!;
    const kind = objs.kindOf(name);
    const isPortGroup = kind ? kind.type === 'service' : afterSource ? isAddressStart(c.peek(2), objs) : true;
    if (!isPortGroup) return null;
    c.i += 2;
    const r = objs.ports(name, line, ace.objects);
    if (r === null) {
      if (!ace.unresolved.includes(name)) ace.unresolved.push(name);
      ace.conditions.push(`${afterSource ? 'source' : 'destination'} ports of "${name}" (not resolved)`);
    }
    return r;
  }
  return null;
}

function icmpType(c: Cursor, objs: AsaObjects, line: number, ace: AsaAce): string[] {
  const w = c.peek();
  if (w === 'object-group' && c.peek(1)) {
    c.i += 2;
    const types = objs.icmpTypes(c.w[c.i - 1]!, line, ace.objects, ace.unresolved);
    return types.length > 0 ? [`icmp-type ${types.join(' | ')}`] : [];
  }
  if (w === undefined || ['log', 'inactive', 'time-range', 'rule-id', 'event-log'].includes(w)) return [];
  c.i++;
  const code = c.peek() !== undefined && /^\d+$/.test(c.peek()!) ? ` ${c.next()}` : '';
  return [`icmp-type ${w}${code}`];
}

function options(c: Cursor, ace: AsaAce): void {
  while (!c.done) {
    const w = c.next()!;
    if (w === 'log') {
      // Logging changes what is recorded, not what matches.
      if (c.peek() !== undefined && (LOG_LEVELS.has(c.peek()!) || /^[0-7]$/.test(c.peek()!))) c.i++;
      if (c.peek() === 'interval' && c.peek(1) !== undefined) c.i += 2;
    } else if (w === 'inactive') ace.inactive = true;
    else if (w === 'time-range' && c.peek()) ace.conditions.push(`time-range ${c.next()}`);
    else if ((w === 'rule-id' || w === 'event-log') && c.peek()) c.i++;
    else ace.leftovers.push(w);
  }
}
