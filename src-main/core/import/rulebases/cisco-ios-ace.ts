// One access-list entry of the IOS family (IOS / IOS-XE, IOS-XR, NX-OS, Arista EOS), standard or
// extended, IPv4 or IPv6, as configured or as `show access-lists` prints it: `permit|deny PROTO SRC
// [PORTS] DST [PORTS] [ICMP TYPE] [options]` with host/any/wildcard/prefix addresses and object groups.
import type { RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import { addressMatch, type AclEntry, type AddressMatch } from './cisco-acl-rules';
import {
  PORT_OPERATORS,
  hasPorts,
  isIcmp,
  mergeServices,
  portNumber,
  portsOf,
  protocolOf,
  quoted,
  type PortRange,
  type ServiceMatch,
} from './cisco-acl-tokens';
import { wildcardMatch, type IosGroups } from './cisco-ios-objects';
import { ANY_V4, ANY_V6, parseCidr } from './cidr';

export type AclFamily = 'ipv4' | 'ipv6';

export interface IosAce {
  action: RuleAction;
  services: ServiceMatch[];
  source: AddressMatch;
  destination: AddressMatch;
  conditions: string[];
  objects: string[];
  unresolved: string[];
  /** Words the parser did not understand; the caller notes them and keeps them as a condition. */
  leftovers: string[];
}

export interface IosAceContext {
  family: AclFamily;
  /** Standard ACLs match the source address only. */
  standard: boolean;
  groups: IosGroups;
  line: number;
}

/** Options that end the address/port part of an entry; an ICMP type is any other word after the destination. */
const OPTION_WORDS = new Set([
  'log',
  'log-input',
  'established',
  'match-all',
  'match-any',
  'ack',
  'fin',
  'psh',
  'rst',
  'syn',
  'urg',
  'time-range',
  'precedence',
  'tos',
  'dscp',
  'option',
  'vlan',
  'flow-label',
  'reflect',
  'packet-length',
  'ttl',
  'fragments',
  'tracked',
  'routing',
  'auth',
  'hop-by-hop',
  'hbh',
  'dest-option',
  'mobility',
  'undetermined-transport',
  'sequence',
  'counter',
  'nexthop1',
]);

/** Options with one argument, kept as conditions. */
const ONE_ARG = new Set(['precedence', 'tos', 'dscp', 'option', 'vlan', 'flow-label']);
/** Options without an argument, kept as conditions. */
const FLAGS = new Set([
  'fragments',
  'tracked',
  'routing',
  'auth',
  'hop-by-hop',
  'hbh',
  'dest-option',
  'mobility',
  'undetermined-transport',
]);
const TCP_FLAGS = new Set(['ack', 'fin', 'psh', 'rst', 'syn', 'urg']);

class Cursor {
  i = 0;
  constructor(readonly w: readonly string[]) {}
  peek(k = 0): string | undefined {
    return this.w[this.i + k];
  }
  next(): string | undefined {
    return this.w[this.i++];
  }
}

function isIpv4(token: string | undefined): boolean {
  return token !== undefined && /^\d{1,3}(?:\.\d{1,3}){3}$/.test(token) && parseCidr(token) !== null;
}

/** Parses from `permit`/`deny` on; returns a reason when the entry cannot be read at all. */
export function parseIosAce(words: readonly string[], ctx: IosAceContext): IosAce | string {
  const c = new Cursor(words);
  const verb = c.next();
  if (verb !== 'permit' && verb !== 'deny') return `expected permit or deny, found ${JSON.stringify(verb ?? '')}`;
  const ace: IosAce = {
    action: verb === 'permit' ? 'allow' : 'deny',
    services: [],
    source: addressMatch(),
    destination: addressMatch(),
    conditions: [],
    objects: [],
    unresolved: [],
    leftovers: [],
  };
  const anyAddr = ctx.family === 'ipv6' ? ANY_V6 : ANY_V4;

  if (ctx.standard) {
    const src = address(c, ctx, ace);
    if (typeof src === 'string') return src;
    ace.source = src;
    ace.destination = addressMatch([anyAddr]);
    ace.services = [{ protocol: 'any', destination: null, source: null, conditions: [] }];
    options(c, ace);
    return ace;
  }

  let protocol: string | null = null;
  let full: ServiceMatch[] | null = null;
  const p = c.next();
  if (p === undefined) return 'the entry ends before its protocol';
  if (p === 'object-group' && c.peek()) {
    const name = c.next()!;
    full = ctx.groups.services(name, ctx.line, ace.objects, ace.unresolved);
    if (!full)
      full = [{ protocol: 'any', destination: null, source: null, conditions: [`service "${name}" (not resolved)`] }];
  } else {
    protocol = protocolOf(p, ctx.family === 'ipv6');
    if (protocol === null) return `unknown protocol ${JSON.stringify(p)}`;
  }
  const withPorts = protocol !== null && hasPorts(protocol);

  const src = address(c, ctx, ace);
  if (typeof src === 'string') return `source: ${src}`;
  ace.source = src;
  const srcPorts = withPorts ? ports(c, ctx, ace) : null;
  if (typeof srcPorts === 'string') return srcPorts;
  const dst = address(c, ctx, ace);
  if (typeof dst === 'string') return `destination: ${dst}`;
  ace.destination = dst;
  const dstPorts = withPorts ? ports(c, ctx, ace) : null;
  if (typeof dstPorts === 'string') return dstPorts;
  const icmp: string[] = [];
  if (protocol !== null && isIcmp(protocol)) {
    const t = c.peek();
    if (t !== undefined && !OPTION_WORDS.has(t)) {
      c.i++;
      const code = c.peek() !== undefined && /^\d+$/.test(c.peek()!) ? ` ${c.next()}` : '';
      icmp.push(`${protocol === 'icmp' ? 'icmp-type' : 'icmp6-type'} ${t}${code}`);
    }
  }
  options(c, ace);
  ace.services = full
    ? mergeServices(full)
    : [{ protocol: protocol!, destination: dstPorts, source: srcPorts, conditions: icmp }];
  return ace;
}

function address(c: Cursor, ctx: IosAceContext, ace: IosAce): AddressMatch | string {
  const w = c.next();
  if (w === undefined) return 'the entry ends before the address';
  if (w === 'any') return addressMatch([ctx.family === 'ipv6' ? ANY_V6 : ANY_V4]);
  if (w === 'host') {
    const h = c.next();
    const cidr = h && !h.includes('/') ? parseCidr(h) : null;
    return cidr ? addressMatch([cidr]) : `host ${JSON.stringify(h ?? '')} is not an address`;
  }
  if ((w === 'addrgroup' || w === 'object-group' || w === 'net-group') && c.peek()) {
    const m = ctx.groups.network(c.next()!, ctx.line);
    for (const o of m.objects) if (!ace.objects.includes(o)) ace.objects.push(o);
    return m;
  }
  if (w.includes('/')) {
    const cidr = parseCidr(w);
    return cidr ? addressMatch([cidr]) : `${JSON.stringify(w)} is not a prefix`;
  }
  if (!parseCidr(w)) return `${JSON.stringify(w)} is not an address`;
  // `A W` (wildcard) when a dotted mask follows; a lone address is a host (standard ACLs, IOS-XR).
  if (isIpv4(w) && isIpv4(c.peek())) {
    const m = wildcardMatch(w, c.next()!);
    return m ?? `${w} ${c.w[c.i - 1]} is not an address and wildcard`;
  }
  return addressMatch([parseCidr(w)!]);
}

function ports(c: Cursor, ctx: IosAceContext, ace: IosAce): PortRange[] | null | string {
  const op = c.peek();
  if ((op === 'portgroup' || op === 'port-group') && c.peek(1)) {
    c.i += 2;
    const name = c.w[c.i - 1]!;
    const r = ctx.groups.ports(name, ctx.line, ace.objects, ace.unresolved);
    if (!r) ace.conditions.push(`ports of "${name}" (not resolved)`);
    return r;
  }
  if (!op || !PORT_OPERATORS.has(op)) return null;
  let n = op === 'range' ? 2 : 1;
  // eq/neq may list several ports (IOS-XE, NX-OS, EOS): take port words until something else.
  if (op === 'eq' || op === 'neq')
    while (c.peek(1 + n) !== undefined && portNumber(c.peek(1 + n)!, 'ios') !== null) n++;
  const args = c.w.slice(c.i + 1, c.i + 1 + n);
  const r = portsOf(op, args, 'ios');
  if (!r) return `${op} ${args.join(' ')}: not a port`;
  c.i += 1 + n;
  return r;
}

function options(c: Cursor, ace: IosAce): void {
  while (c.peek() !== undefined) {
    const w = c.next()!;
    if (w === 'log' || w === 'log-input') continue; // logging records matches; it does not change them
    if (w === 'established') ace.conditions.push('established');
    else if (w === 'match-all' || w === 'match-any') {
      const flags: string[] = [];
      while (c.peek() !== undefined && /^[+-]\w+$/.test(c.peek()!)) flags.push(c.next()!);
      ace.conditions.push(`${w} ${flags.join(' ')}`.trim());
    } else if (TCP_FLAGS.has(w)) {
      const flags = [w];
      while (c.peek() !== undefined && TCP_FLAGS.has(c.peek()!)) flags.push(c.next()!);
      ace.conditions.push(`tcp-flags ${flags.join(' ')}`);
    } else if (w === 'time-range' && c.peek()) {
      let cond = `time-range ${c.next()}`;
      if (c.peek() === '(active)' || c.peek() === '(inactive)') cond += ` ${c.next()}`;
      ace.conditions.push(cond);
    } else if (ONE_ARG.has(w) && c.peek()) ace.conditions.push(`${w} ${c.next()}`);
    else if (FLAGS.has(w)) ace.conditions.push(w);
    else if ((w === 'ttl' || w === 'packet-length') && c.peek()) {
      const op = c.next()!;
      const args = op === 'range' ? [c.next(), c.next()] : PORT_OPERATORS.has(op) ? [c.next()] : [];
      ace.conditions.push([w, op, ...args].filter((x) => x !== undefined).join(' '));
    } else if (w === 'reflect' && c.peek()) {
      let cond = `reflect ${c.next()}`;
      if (c.peek() === 'timeout' && c.peek(1)) cond += ` timeout ${c.next() && c.next()}`;
      ace.conditions.push(cond);
    } else if ((w === 'sequence' || w === 'counter') && c.peek())
      c.i++; // entry number / counter name
    else ace.leftovers.push(w);
  }
}

/**
 * One entry as a normalised ACL entry: parsed, with words not understood noted and kept as a condition;
 * null (with a note) when it cannot be read. `words` start at permit/deny.
 */
export function iosEntry(
  words: readonly string[],
  ctx: IosAceContext,
  text: string,
  comment: string | null,
  hitCount: number | null,
  sink: ImportSink,
): AclEntry | null {
  const ace = parseIosAce(words, ctx);
  if (typeof ace === 'string') {
    sink.note({ line: ctx.line, column: null, what: `access-list entry skipped, ${ace}: ${quoted(text)}` });
    return null;
  }
  const conditions = [...ace.conditions];
  if (ace.source.conditions.length > 0 || ace.destination.conditions.length > 0) {
    sink.note({
      line: ctx.line,
      column: null,
      what: `non-contiguous wildcard mask: the covering CIDR is used and the exact match kept as a condition: ${quoted(text)}`,
    });
  }
  if (ace.leftovers.length > 0) {
    conditions.push(`not understood: ${ace.leftovers.join(' ')}`);
    sink.note({
      line: ctx.line,
      column: null,
      what: `words not understood, kept as a condition: ${quoted(ace.leftovers.join(' '))}`,
    });
  }
  return {
    action: ace.action,
    parts: ace.services.map((service) => ({ service, source: ace.source, destination: ace.destination, hitCount })),
    enabled: true,
    comment,
    conditions,
    objects: ace.objects,
    unresolved: ace.unresolved,
    lineFrom: ctx.line,
    lineTo: ctx.line,
    text,
  };
}
