// JunOS stateless firewall filters ("firewall family inet|inet6 filter F term T from … then …"): terms in
// order, address lists with "except", prefix lists, protocol and port matches, the rest kept as conditions;
// a term without a terminating action accepts, and every filter ends in an implicit discard.
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import { portForServiceName } from '../hosts/service-ports';
import { blockComment, sourceOf, type SourceText, type Statement } from './brace-config';
import { parseCidr } from './cidr';
import {
  anyOf,
  emptySet,
  onlyFamily,
  portList,
  protocolName,
  quoteWords,
  splitByService,
  type AddressSet,
  type ServiceMatch,
} from './panos-junos-shared';

export interface AddressDef {
  cidrs: string[];
  unresolved: string[];
}

export interface FilterContext {
  note(line: number | null, what: string): void;
  noteOnce(key: string, line: number | null, what: string): void;
  prefixLists: ReadonlyMap<string, AddressDef>;
  source: SourceText;
}

export interface Term {
  name: string;
  nameIndex: number;
  stmts: Statement[];
  from: { key: string; values: string[]; line: number }[];
  then: string[][];
  filterRef: string | null;
  inactive: boolean;
}

export interface Filter {
  family: string;
  name: string;
  terms: Map<string, Term>;
}

/** Filter "then" words that do not end evaluation; a term with only these accepts. */
const MODIFIERS = new Set([
  'count',
  'log',
  'syslog',
  'sample',
  'policer',
  'three-color-policer',
  'loss-priority',
  'forwarding-class',
  'port-mirror',
  'port-mirror-instance',
  'dscp',
  'traffic-class',
  'service-accounting',
  'packet-mode',
  'service-filter-hit',
  'next-hop-group',
  'analyzer-id',
]);

export function filterRuleset(f: Filter): string {
  return `firewall family ${f.family} filter ${f.name}`;
}

export function readFilterStatement(st: Statement, filters: Map<string, Filter>, ctx: FilterContext): void {
  const { note, noteOnce } = ctx;
  const w = st.words;
  let family = 'inet';
  let k = 1;
  if (w[1] === 'family') {
    family = w[2] ?? '';
    k = 3;
  }
  if (w[k] !== 'filter') {
    // Policers, interface sets and load-balance groups shape or group traffic; they admit nothing.
    if (
      !['policer', 'three-color-policer', 'hierarchical-policer', 'interface-set', 'load-balance-group'].includes(
        w[k] ?? '',
      )
    ) {
      noteOnce(`fw:${w[k]}`, st.line, `not understood, not imported: ${quoteWords(w.slice(0, k + 1))}`);
    }
    return;
  }
  const name = w[k + 1];
  if (name === undefined) return;
  if (family !== 'inet' && family !== 'inet6') {
    noteOnce(
      `family:${family}:${name}`,
      st.line,
      `firewall filter ${name} of family ${family} is not imported (only inet and inet6 filters are)`,
    );
    return;
  }
  const key = `${family}\u0000${name}`;
  let f = filters.get(key);
  if (!f) filters.set(key, (f = { family, name, terms: new Map() }));
  const r = w.slice(k + 2);
  if (r[0] !== 'term') {
    // interface-specific, physical-interface-filter, accounting-profile...: counters and scope, not matching.
    if (
      r[0] !== undefined &&
      ![
        'interface-specific',
        'physical-interface-filter',
        'accounting-profile',
        'instance-shared',
        'enhanced-mode',
        'fast-lookup-filter',
        'description',
      ].includes(r[0])
    ) {
      note(st.line, `filter ${name}: not understood: ${quoteWords(r)}`);
    }
    return;
  }
  const termName = r[1];
  if (termName === undefined) return;
  const nameIndex = k + 3;
  let t = f.terms.get(termName);
  if (!t)
    f.terms.set(
      termName,
      (t = { name: termName, nameIndex, stmts: [], from: [], then: [], filterRef: null, inactive: false }),
    );
  t.stmts.push(st);
  if (st.inactiveFrom !== null) {
    if (st.inactiveFrom <= nameIndex) t.inactive = true;
    else {
      note(st.line, `inactive statement, not in effect: ${quoteWords(r)}`);
      return;
    }
  }
  const body = r.slice(2);
  if (body[0] === 'from' && body[1] !== undefined) t.from.push({ key: body[1], values: body.slice(2), line: st.line });
  else if (body[0] === 'then') t.then.push(body.slice(1));
  else if (body[0] === 'filter' && body[1] !== undefined) t.filterRef = body[1];
  else if (body[0] !== undefined) note(st.line, `term ${termName}: not understood: ${quoteWords(body)}`);
}

export function buildTermRules(f: Filter, t: Term, device: string, first: number, ctx: FilterContext): Rule[] {
  const { note, noteOnce, prefixLists, source } = ctx;
  const ruleset = filterRuleset(f);
  const family = f.family === 'inet6' ? 'inet6' : 'inet';
  const src = emptySet();
  const dst = emptySet();
  const conditions: string[] = [];
  const protocols: string[] = [];
  const ports: string[] = [];
  const sourcePorts: string[] = [];
  let haveSrc = false;
  let haveDst = false;
  /** Entries that add addresses, per side; a side with only "except" entries matches all but those. */
  const positive = { src: 0, dst: 0 };
  const addr = (side: AddressSet, values: string[], key: string, line: number, which: 'src' | 'dst') => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === 'except') continue;
      if (values[i + 1] === 'except') {
        conditions.push(`${key} ${v} except`);
        continue;
      }
      positive[which]++;
      const c = parseCidr(v);
      if (c) side.cidrs.push(c);
      else note(line, `term ${t.name}: ${key} "${v}" is not an address/prefix`);
    }
  };
  const prefixList = (side: AddressSet, values: string[], key: string, line: number, which: 'src' | 'dst') => {
    const [name, except] = values;
    if (!name) return;
    if (except === 'except') {
      conditions.push(`${key} ${name} except`);
      return;
    }
    positive[which]++;
    const def = prefixLists.get(name);
    side.objects.push(name);
    if (def) {
      side.cidrs.push(...def.cidrs);
      side.unresolved.push(...def.unresolved);
    } else {
      side.unresolved.push(name);
      noteOnce(`pl:${name}`, line, `prefix-list "${name}" is not defined in this file; kept unresolved`);
    }
  };
  for (const { key, values, line } of t.from) {
    switch (key) {
      case 'source-address':
        haveSrc = true;
        addr(src, values, key, line, 'src');
        break;
      case 'destination-address':
        haveDst = true;
        addr(dst, values, key, line, 'dst');
        break;
      case 'source-prefix-list':
        haveSrc = true;
        prefixList(src, values, key, line, 'src');
        break;
      case 'destination-prefix-list':
        haveDst = true;
        prefixList(dst, values, key, line, 'dst');
        break;
      case 'protocol':
      case 'next-header':
      case 'payload-protocol':
        for (const v of values) {
          const p = protocolName(v);
          if (p) protocols.push(p);
          else {
            protocols.push(v);
            note(line, `term ${t.name}: protocol "${v}" not known; kept as written`);
          }
        }
        break;
      case 'destination-port':
        ports.push(...values.map((p) => (/^\d/.test(p) ? p : String(portForServiceName(p) ?? p))));
        break;
      case 'source-port':
        sourcePorts.push(...values.map((p) => (/^\d/.test(p) ? p : String(portForServiceName(p) ?? p))));
        break;
      default:
        // address, prefix-list, port (either side), icmp-type, tcp-established, fragment and length
        // matches, interfaces, DSCP...: kept as written, they narrow what the term matches.
        conditions.push(`${key}${values.length ? ` ${values.join(' ')}` : ''}`);
    }
  }
  const bad: string[] = [];
  const dports = ports.length ? portList(ports, bad) : null;
  const sports = sourcePorts.length ? portList(sourcePorts, bad) : null;
  if (bad.length) note(t.stmts[0]?.line ?? null, `term ${t.name}: port "${bad.join(', ')}" not understood`);
  const services: ServiceMatch[] = (protocols.length ? protocols : ['any']).map((p) => ({
    protocol: p,
    ports: dports,
    sourcePorts: sports,
    conditions: [],
  }));

  let action: RuleAction = 'allow';
  let target: string | null = null;
  for (const th of t.then) {
    const [a, ...more] = th;
    if (a === undefined) continue;
    if (a === 'accept') action = 'allow';
    else if (a === 'discard') action = 'drop';
    else if (a === 'reject') action = 'reject';
    else if (a === 'next' && more[0] === 'term') {
      action = 'other';
      target = 'next term';
    } else if (
      a === 'routing-instance' ||
      a === 'decapsulate' ||
      a === 'next-interface' ||
      a === 'next-ip' ||
      a === 'next-ip6'
    ) {
      action = 'other';
      target = th.join(' ');
    } else if (!MODIFIERS.has(a)) {
      note(t.stmts[0]?.line ?? null, `term ${t.name}: then "${a}" not understood`);
    }
  }
  if (t.filterRef) {
    action = 'jump';
    target = t.filterRef;
  }
  const base: Rule = {
    ...blankRule(device, ruleset, first, action),
    target,
    sources: haveSrc ? [...new Set(onlyFamily(src.cidrs, family))] : anyOf(family),
    destinations: haveDst ? [...new Set(onlyFamily(dst.cidrs, family))] : anyOf(family),
    enabled: !t.inactive,
    name: t.name,
    comment: blockComment(t.stmts, t.nameIndex),
    objects: [...new Set([...src.objects, ...dst.objects])],
    unresolved: [...new Set([...src.unresolved, ...dst.unresolved])],
    conditions: [...new Set(conditions)],
    ...sourceOf(t.stmts, t.nameIndex, source),
  };
  // Only "except" entries: everything but those, which the conditions say.
  if (haveSrc && positive.src === 0) base.sources = anyOf(family);
  if (haveDst && positive.dst === 0) base.destinations = anyOf(family);
  return splitByService(base, services, first);
}
