// nftables rules as both readers (text `nft list ruleset`, JSON `nft -j list ruleset`) understand them:
// a small intermediate form of matches and statements, and the step that turns it into normalised rules.
// What the model cannot hold (ct state, marks, limits, icmp types...) stays as written in `conditions`.
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import { parseCidr, rangeToCidrs } from './cidr';
import {
  anyFor,
  chainDirections,
  familyOf,
  hookDirection,
  modelPort,
  modelProtocol,
  PORT_PROTOCOLS,
  shown,
  type AddressFamily,
  type ChainDirection,
} from './iptables-common';

/** nft statements after which evaluation carries on (set updates, counters, marks, limits, quotas). */
const NON_TERMINAL_STATEMENT =
  /^(add|update|delete) @|^(counter|limit|quota|notrack)\b|^(meta|ct) .*\bset\b|^mark set\b/;
export type NftSelector =
  | { kind: 'payload'; protocol: string; field: string }
  | { kind: 'meta'; key: string }
  | { kind: 'ct'; key: string }
  | { kind: 'other' };

export type NftItem =
  { kind: 'value'; text: string } | { kind: 'range'; from: string; to: string } | { kind: 'other'; text: string };

export type NftValue =
  { kind: 'items'; items: NftItem[] } | { kind: 'named'; name: string } | { kind: 'other'; text: string };

export type NftVerdict =
  | { kind: 'accept' | 'drop' | 'reject' | 'return' | 'continue' | 'queue'; text: string }
  | { kind: 'jump' | 'goto'; chain: string; text: string };

export interface NftVmapEntry {
  key: NftValue;
  verdict: NftVerdict;
}

export type NftStatement =
  | { kind: 'match'; left: NftSelector; op: 'eq' | 'ne' | 'other'; right: NftValue; text: string }
  | { kind: 'verdict'; verdict: NftVerdict }
  | { kind: 'vmap'; key: NftSelector; keyText: string; entries: NftVmapEntry[] | { named: string }; text: string }
  | { kind: 'counter'; packets: number | null }
  | { kind: 'log'; text: string }
  | { kind: 'comment'; text: string }
  /** Limits, quotas, meters: the rule matches only some packets; kept as written. */
  | { kind: 'condition'; text: string }
  /** NAT, mangling, set updates, notrack: the rule acts without ending evaluation (or, for NAT, ends it). */
  | { kind: 'action'; text: string }
  /** Not understood by the reader (already noted); kept as a condition so the rule is not widened. */
  | { kind: 'unknown'; text: string };

export interface NftRuleIR {
  statements: NftStatement[];
  lineFrom: number | null;
  lineTo: number | null;
  text: string;
}

export interface NftSetDef {
  name: string;
  /** Static elements; null when the set is filled at run time or holds more than one value per element. */
  elements: NftItem[] | null;
  /** For verdict maps: the entries; null when the map is not a verdict map or cannot be read. */
  verdicts: NftVmapEntry[] | null;
  /** Why `elements` is null. */
  why: string | null;
}

export interface NftChainIR {
  name: string;
  type: string | null;
  hook: string | null;
  policy: string | null;
  comment: string | null;
  line: number | null;
  rules: NftRuleIR[];
}

export interface NftTableIR {
  family: string;
  name: string;
  /** "flags dormant": the table is loaded but not applied. */
  dormant: boolean;
  sets: Map<string, NftSetDef>;
  chains: Map<string, NftChainIR>;
  line: number | null;
}

export const NFT_FAMILIES: ReadonlySet<string> = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);

/** Per-rule state while its matches are applied. */
interface Work {
  families: Set<AddressFamily>;
  src: { cidrs: string[]; negated: boolean } | null;
  dst: { cidrs: string[]; negated: boolean } | null;
  protos: Set<string> | null;
  ports: Map<string, { d: string[] | null; s: string[] | null }>;
  /** Transport-header ports (th dport) apply to whichever protocol the rule allows. */
  th: { d: string[] | null; s: string[] | null };
  inIf: string | null;
  outIf: string | null;
  conditions: string[];
  unresolved: string[];
  objects: string[];
  problems: string[];
}

const tableFamilies = (family: string): Set<AddressFamily> =>
  family === 'ip' ? new Set(['ipv4']) : family === 'ip6' ? new Set(['ipv6']) : new Set(['ipv4', 'ipv6']);

function cloneWork(w: Work): Work {
  return {
    families: new Set(w.families),
    src: w.src,
    dst: w.dst,
    protos: w.protos ? new Set(w.protos) : null,
    ports: new Map([...w.ports].map(([k, v]) => [k, { ...v }])),
    th: { ...w.th },
    inIf: w.inIf,
    outIf: w.outIf,
    conditions: [...w.conditions],
    unresolved: [...w.unresolved],
    objects: [...w.objects],
    problems: [...w.problems],
  };
}

/** Payload protocols that imply an address family (the rule matches only packets of that family). */
const PAYLOAD_FAMILY: Readonly<Record<string, AddressFamily>> = {
  ip: 'ipv4',
  icmp: 'ipv4',
  igmp: 'ipv4',
  ip6: 'ipv6',
  icmpv6: 'ipv6',
};

/** A value as written: "a-b" is a range when both ends are addresses or numbers (ports), else a plain value. */
export function valueItem(text: string): NftItem {
  const dash = text.indexOf('-');
  if (dash > 0 && dash === text.lastIndexOf('-')) {
    const a = text.slice(0, dash);
    const b = text.slice(dash + 1);
    const addr = (x: string) => !x.includes('/') && parseCidr(x) !== null;
    if ((addr(a) && addr(b)) || (/^\d+$/.test(a) && /^\d+$/.test(b))) return { kind: 'range', from: a, to: b };
  }
  return { kind: 'value', text };
}

export function itemText(i: NftItem): string {
  return i.kind === 'range' ? `${i.from}-${i.to}` : i.text;
}

export function valueText(v: NftValue): string {
  if (v.kind === 'named') return `@${v.name}`;
  if (v.kind === 'other') return v.text;
  return v.items.length === 1 ? itemText(v.items[0] as NftItem) : `{ ${v.items.map(itemText).join(', ')} }`;
}

/** Looks up named sets and maps of the rule's table. */
export interface NftScope {
  set(name: string): NftSetDef | undefined;
}

/** The items a value stands for: inline ones, or a named set's static elements. */
function itemsOf(w: Work, v: NftValue, scope: NftScope, text: string): NftItem[] | null {
  if (v.kind === 'items') return v.items;
  if (v.kind === 'named') {
    const def = scope.set(v.name);
    w.objects.push(`@${v.name}`);
    if (def?.elements) return def.elements;
    // Filled at run time (or unknown here): the rule keeps "any" in its fields and the match as a condition.
    w.unresolved.push(`@${v.name}`);
    w.conditions.push(text);
    return null;
  }
  w.conditions.push(text);
  return null;
}

function restrictFamily(w: Work, f: AddressFamily, text: string): void {
  if (!w.families.has(f)) {
    w.problems.push(
      `"${text}" needs ${f === 'ipv4' ? 'IPv4' : 'IPv6'}, which this rule or table excludes; the rule never matches`,
    );
    w.conditions.push(text);
    return;
  }
  w.families = new Set([f]);
}

function restrictProtocols(w: Work, protos: string[], text: string): void {
  const next = w.protos ? protos.filter((p) => w.protos?.has(p)) : protos;
  if (next.length === 0) {
    w.problems.push(`"${text}" excludes every protocol the rule allowed so far; the rule never matches`);
    w.conditions.push(text);
    return;
  }
  w.protos = new Set(next);
}

function addresses(w: Work, side: 'src' | 'dst', op: 'eq' | 'ne', items: NftItem[], text: string): void {
  const cidrs: string[] = [];
  for (const it of items) {
    const c =
      it.kind === 'value'
        ? [parseCidr(it.text)].filter((x): x is string => x !== null)
        : it.kind === 'range'
          ? (rangeToCidrs(it.from, it.to) ?? [])
          : [];
    if (c.length === 0) {
      // A name, an unexpanded $variable or a concatenation: not an address we can list.
      w.unresolved.push(itemText(it));
      w.conditions.push(text);
      return;
    }
    cidrs.push(...c);
  }
  const prior = side === 'src' ? w.src : w.dst;
  if (prior) {
    // Two matches on one side intersect; the model holds one list, the second stays a condition.
    w.conditions.push(text);
    return;
  }
  const m = { cidrs, negated: op === 'ne' };
  if (side === 'src') w.src = m;
  else w.dst = m;
}

function ports(items: NftItem[]): string[] | null {
  const out: string[] = [];
  for (const it of items) {
    const p =
      it.kind === 'value'
        ? modelPort(it.text, '-')
        : it.kind === 'range'
          ? modelPort(`${it.from}-${it.to}`, '-')
          : null;
    if (p === null) return null;
    out.push(p);
  }
  return out;
}

/** Applies one match to the rule state. `text` is the match as written, for conditions. */
function applyMatch(
  w: Work,
  left: NftSelector,
  op: 'eq' | 'ne' | 'other',
  right: NftValue,
  text: string,
  scope: NftScope,
): void {
  if (left.kind === 'payload') {
    const fam = PAYLOAD_FAMILY[left.protocol];
    if (fam) restrictFamily(w, fam, text);
    if ((left.protocol === 'ip' || left.protocol === 'ip6') && (left.field === 'saddr' || left.field === 'daddr')) {
      if (op === 'other') return void w.conditions.push(text);
      const items = itemsOf(w, right, scope, text);
      if (items) addresses(w, left.field === 'saddr' ? 'src' : 'dst', op, items, text);
      return;
    }
    if (
      (left.protocol === 'ip' && left.field === 'protocol') ||
      (left.protocol === 'ip6' && left.field === 'nexthdr')
    ) {
      return protocolMatch(w, op, right, text, scope);
    }
    if (left.protocol === 'icmp' || left.protocol === 'icmpv6') {
      restrictProtocols(w, [left.protocol], text);
      w.conditions.push(text);
      return;
    }
    const transport = left.protocol === 'th' ? null : modelProtocol(left.protocol);
    const isPortProto = left.protocol === 'th' || (transport !== null && PORT_PROTOCOLS.has(transport));
    if (isPortProto && transport) restrictProtocols(w, [transport], text);
    if (isPortProto && (left.field === 'dport' || left.field === 'sport')) {
      if (op !== 'eq') return void w.conditions.push(text);
      const items = itemsOf(w, right, scope, text);
      if (!items) return;
      const list = ports(items);
      if (!list) {
        w.problems.push(`"${text}": not a port, range or known service name`);
        w.conditions.push(text);
        return;
      }
      const slot = transport ? (w.ports.get(transport) ?? { d: null, s: null }) : w.th;
      const key = left.field === 'dport' ? 'd' : 's';
      if (slot[key]) return void w.conditions.push(text);
      slot[key] = list;
      if (transport) w.ports.set(transport, slot);
      return;
    }
    w.conditions.push(text);
    return;
  }
  if (left.kind === 'meta') {
    switch (left.key) {
      case 'l4proto':
        return protocolMatch(w, op, right, text, scope);
      case 'nfproto':
      case 'protocol': {
        const items = op === 'eq' && right.kind === 'items' ? right.items : null;
        const fams = items?.map((i) => ({ ipv4: 'ipv4', ip: 'ipv4', ipv6: 'ipv6', ip6: 'ipv6' })[itemText(i)]);
        if (fams && fams.length === 1 && fams[0]) return restrictFamily(w, fams[0] as AddressFamily, text);
        w.conditions.push(text);
        return;
      }
      case 'iifname':
      case 'iif':
      case 'oifname':
      case 'oif': {
        const single = op === 'eq' && right.kind === 'items' && right.items.length === 1 ? right.items[0] : undefined;
        const inbound = left.key.startsWith('i');
        if (single?.kind === 'value' && (inbound ? w.inIf : w.outIf) === null) {
          if (inbound) w.inIf = single.text;
          else w.outIf = single.text;
          return;
        }
        w.conditions.push(text);
        return;
      }
      default:
        w.conditions.push(text);
        return;
    }
  }
  w.conditions.push(text);
}

function protocolMatch(w: Work, op: 'eq' | 'ne' | 'other', right: NftValue, text: string, scope: NftScope): void {
  if (op !== 'eq') return void w.conditions.push(text);
  const items = itemsOf(w, right, scope, text);
  if (!items) return;
  const protos = items.map((i) => (i.kind === 'value' ? modelProtocol(i.text) : null));
  if (protos.some((p) => p === null)) {
    w.problems.push(`"${text}": not a known protocol name or number`);
    w.conditions.push(text);
    return;
  }
  if (protos.includes('any')) return;
  restrictProtocols(w, protos as string[], text);
}

function verdictAction(
  v: NftVerdict,
  rulesetOf: (chain: string) => string,
): { action: RuleAction; target: string | null } {
  switch (v.kind) {
    case 'accept':
      return { action: 'allow', target: null };
    case 'drop':
      return { action: 'drop', target: null };
    case 'reject':
      return { action: 'reject', target: null };
    case 'return':
      return { action: 'return', target: null };
    case 'jump':
    case 'goto':
      return { action: v.kind, target: rulesetOf(v.chain) };
    default:
      return { action: 'other', target: v.text };
  }
}

export interface BuiltRules {
  rules: Omit<Rule, 'device' | 'ruleset' | 'order' | 'direction' | 'enabled'>[];
  problems: string[];
  /** Chains this rule can continue in (jump/goto targets, verdict map targets). */
  calls: string[];
}

/**
 * One nft rule -> one or more model rules sharing its position: several when the rule names several
 * protocols (one per protocol, since a rule has one) or uses a verdict map (one per map entry).
 */
export function buildNftRule(
  ir: NftRuleIR,
  family: string,
  scope: NftScope,
  rulesetOf: (chain: string) => string,
): BuiltRules {
  const base: Work = {
    families: tableFamilies(family),
    src: null,
    dst: null,
    protos: null,
    ports: new Map(),
    th: { d: null, s: null },
    inIf: null,
    outIf: null,
    conditions: [],
    unresolved: [],
    objects: [],
    problems: [],
  };
  let verdict: NftVerdict | null = null;
  let vmap: Extract<NftStatement, { kind: 'vmap' }> | null = null;
  let packets: number | null = null;
  let comment: string | null = null;
  let logged = false;
  const actions: string[] = [];
  for (const st of ir.statements) {
    switch (st.kind) {
      case 'match':
        applyMatch(base, st.left, st.op, st.right, st.text, scope);
        break;
      case 'verdict':
        verdict ??= st.verdict;
        break;
      case 'vmap':
        vmap ??= st;
        break;
      case 'counter':
        if (st.packets !== null) packets = (packets ?? 0) + st.packets;
        break;
      case 'log':
        logged = true;
        break;
      case 'comment':
        comment = comment === null ? st.text : `${comment}\n${st.text}`;
        break;
      case 'condition':
      case 'unknown':
        base.conditions.push(st.text);
        break;
      case 'action':
        actions.push(st.text);
        break;
    }
  }

  // Each variant is one way the rule can end: its own verdict, or one verdict map entry.
  const variants: { work: Work; end: { action: RuleAction; target: string | null } }[] = [];
  const calls: string[] = [];
  const ending = (v: NftVerdict | null): { action: RuleAction; target: string | null } => {
    if (v) {
      if (v.kind === 'jump' || v.kind === 'goto') calls.push(v.chain);
      return verdictAction(v, rulesetOf);
    }
    // No verdict: statements that only count, mark, limit or update a set let the packet go on.
    if (actions.length > 0) {
      const goesOn = actions.every((a) => NON_TERMINAL_STATEMENT.test(a));
      return { action: goesOn ? 'continue' : 'other', target: actions.join('; ') };
    }
    if (logged) return { action: 'log', target: null };
    return { action: 'continue', target: null };
  };
  if (vmap) {
    const named = 'named' in vmap.entries ? vmap.entries.named : null;
    const entries = named !== null ? scope.set(named)?.verdicts : (vmap.entries as NftVmapEntry[]);
    if (named !== null) base.objects.push(`@${named}`);
    if (entries && vmap.key.kind !== 'other') {
      for (const e of entries) {
        const w = cloneWork(base);
        applyMatch(w, vmap.key, 'eq', e.key, `${vmap.keyText} ${valueText(e.key)}`, scope);
        variants.push({ work: w, end: ending(e.verdict) });
      }
    } else {
      // A verdict map we cannot open (filled at run time, or keyed on a concatenation): kept whole.
      const w = cloneWork(base);
      w.conditions.push(vmap.text);
      if (named !== null && !entries) w.unresolved.push(`@${named}`);
      for (const e of entries ?? [])
        if (e.verdict.kind === 'jump' || e.verdict.kind === 'goto') calls.push(e.verdict.chain);
      variants.push({ work: w, end: { action: 'other', target: 'vmap' } });
    }
  } else variants.push({ work: base, end: ending(verdict) });

  const rules: BuiltRules['rules'] = [];
  const problems = [...base.problems];
  for (const v of variants) {
    const w = v.work;
    for (const p of w.problems) if (!problems.includes(p)) problems.push(p);
    const { action, target } = v.end;
    const protos = w.protos ? [...w.protos] : ['any'];
    for (const proto of protos) {
      // One row per protocol: icmp only exists in IPv4 and icmpv6 in IPv6, whatever the table family.
      const only: AddressFamily | null = proto === 'icmp' ? 'ipv4' : proto === 'icmpv6' ? 'ipv6' : null;
      const families = only && w.families.has(only) ? new Set([only]) : w.families;
      const any = anyFor(families);
      const fit = (cidrs: string[]) => cidrs.filter((c) => families.has(familyOf(c)));
      const slot = w.ports.get(proto);
      const portsOk = proto === 'any' || PORT_PROTOCOLS.has(proto);
      rules.push({
        ...blankRule('', '', 0, action),
        action,
        target,
        sources: w.src ? fit(w.src.cidrs) : any,
        sourcesNegated: w.src?.negated ?? false,
        destinations: w.dst ? fit(w.dst.cidrs) : any,
        destinationsNegated: w.dst?.negated ?? false,
        protocol: proto,
        destinationPorts: slot?.d ?? (portsOk ? w.th.d : null),
        sourcePorts: slot?.s ?? (portsOk ? w.th.s : null),
        interfaces: { in: w.inIf, out: w.outIf },
        comment,
        hitCount: packets,
        objects: [...new Set(w.objects)],
        unresolved: [...new Set(w.unresolved)],
        conditions: w.conditions,
        lineFrom: ir.lineFrom,
        lineTo: ir.lineTo,
        text: ir.text,
      });
    }
  }
  return { rules, problems, calls };
}

/** Reports every table's rules and base-chain policies to the sink; returns counts for the import's facts. */
export function emitNftTables(
  tables: readonly NftTableIR[],
  sink: ImportSink,
  device: string,
): { rules: number; sourceRules: number; policies: number; chains: number } {
  let rules = 0;
  let sourceRules = 0;
  let policies = 0;
  let chains = 0;
  for (const table of tables) {
    for (const s of table.sets.values()) {
      if (s.why && !s.why.startsWith('a data map'))
        sink.meta(`set ${table.family}/${table.name}/${s.name}`, `not expanded: ${s.why}`);
    }
    const rulesetOf = (chain: string) => `${table.family}/${table.name}/${chain}`;
    const scope: NftScope = { set: (name) => table.sets.get(name) };
    const built = new Map<NftRuleIR, BuiltRules>();
    const roots = new Map<string, 'in' | 'out' | 'forward'>();
    const edges = new Map<string, Set<string>>();
    for (const chain of table.chains.values()) {
      chains++;
      const hook = chain.hook ? hookDirection(chain.hook) : null;
      if (hook) roots.set(chain.name, hook);
      const out = new Set<string>();
      for (const r of chain.rules) {
        const b = buildNftRule(r, table.family, scope, rulesetOf);
        built.set(r, b);
        for (const c of b.calls) out.add(c);
        for (const p of b.problems) sink.note({ line: r.lineFrom, column: null, what: `${p}: ${shown(r.text)}` });
      }
      edges.set(chain.name, out);
    }
    const directions: Map<string, ChainDirection> = chainDirections(roots, edges);
    for (const chain of table.chains.values()) {
      const ruleset = rulesetOf(chain.name);
      if (chain.hook) {
        // A base chain without a written policy accepts (nft's default).
        const policy = (chain.policy ?? 'accept').toLowerCase();
        const action: RuleAction = policy === 'accept' ? 'allow' : policy === 'drop' ? 'drop' : 'other';
        if (action === 'other') {
          sink.note({
            line: chain.line,
            column: null,
            what: `policy "${chain.policy}" of chain ${chain.name} is not accept or drop`,
          });
        }
        sink.policy({ device, ruleset, policy: action, lineFrom: chain.line });
        policies++;
      } else {
        // A regular chain: it exists even when empty (a jump to it returns at once); 'return' marks it.
        sink.policy({ device, ruleset, policy: 'return', lineFrom: chain.line });
      }
      chain.rules.forEach((r, idx) => {
        sourceRules++;
        const b = built.get(r) as BuiltRules;
        for (const x of b.rules) {
          sink.rule({
            ...x,
            device,
            ruleset,
            order: idx + 1,
            direction: directions.get(chain.name) ?? null,
            enabled: !table.dormant,
            comment: x.comment ?? chain.comment,
          });
          rules++;
        }
      });
    }
  }
  return { rules, sourceRules, policies, chains };
}
