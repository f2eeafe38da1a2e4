// JunOS configuration, curly or set form once it is statements: SRX security policies per zone pair and
// global (address books per zone, attached and global; applications and sets, predefined junos-* ones),
// the default policy, and stateless firewall filters (terms in order, implicit discard at the end).
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import { portForServiceName } from '../hosts/service-ports';
import { ParseError, type ImportSink } from '../types';
import { blockComment, sourceOf, type SourceText, type Statement } from './brace-config';
import { ANY, ANY_V4, ANY_V6, cidrFromNetmask, parseCidr, rangeToCidrs } from './cidr';
import { JUNOS_PREDEFINED } from './junos-applications';
import {
  buildTermRules,
  filterRuleset,
  readFilterStatement,
  type AddressDef,
  type Filter,
  type FilterContext,
} from './junos-filters';
import {
  ANY_SERVICE,
  addTo,
  emptySet,
  portList,
  protocolName,
  quoteWords,
  splitByService,
  zoneText,
  type AddressSet,
  type ServiceMatch,
} from './panos-junos-shared';

export interface JunosInput {
  statements: readonly Statement[];
  source: SourceText;
  sink: ImportSink;
  hostName: string | null;
  fileName: string;
  what: string;
}

interface Book {
  addresses: Map<string, AddressDef>;
  sets: Map<string, string[]>;
  zones: string[];
}

interface AppTerm {
  protocol: string | null;
  ports: string[];
  sourcePorts: string[];
  conditions: string[];
  line: number;
}

interface Policy {
  ruleset: string;
  name: string;
  nameIndex: number;
  fromZone: string | null;
  toZone: string | null;
  stmts: Statement[];
  match: Map<string, string[]>;
  then: string[][];
  description: string | null;
  scheduler: string | null;
  inactive: boolean;
}

/**
 * Top-level hierarchies that hold no traffic policy, deliberately not imported: device management (system
 * other than host-name, snmp, services), interfaces other than filter bindings, routing, switching, class
 * of service, and event scripts.
 */
const IGNORED_TOP = new Set([
  'version',
  'chassis',
  'snmp',
  'routing-options',
  'protocols',
  'vlans',
  'ethernet-switching-options',
  'services',
  'forwarding-options',
  'class-of-service',
  'routing-instances',
  'access',
  'access-profile',
  'event-options',
  'poe',
  'virtual-chassis',
  'bridge-domains',
  'switch-options',
  'multi-chassis',
  'accounting-options',
  'vmhost',
  'schedulers',
  'smtp',
  'dynamic-profiles',
  'multicast-snooping-options',
  'wlan',
  'security-zone',
]);

/**
 * Parts of "security" that decide nothing about which new sessions are admitted between zones: NAT
 * (translation), VPN (ike, ipsec), screens (anomaly drops), flow and ALG tuning, logging, UTM/IDP
 * inspection of admitted traffic, certificates.
 */
const IGNORED_SECURITY = new Set([
  'nat',
  'ike',
  'ipsec',
  'screen',
  'flow',
  'alg',
  'log',
  'utm',
  'idp',
  'application-tracking',
  'forwarding-options',
  'forwarding-process',
  'pki',
  'ssh-known-hosts',
  'authentication-key-chains',
  'user-identification',
  'dynamic-address',
  'gprs',
  'dynamic-application',
  'ssl',
  'advance-policy-based-routing',
  'macsec',
  'traceoptions',
  'idp-policy',
  'application-firewall',
  'aaa',
  'firewall-authentication',
]);

const POLICY_ACTIONS: Readonly<Record<string, RuleAction>> = { permit: 'allow', deny: 'deny', reject: 'reject' };

export function interpretJunos(input: JunosInput): void {
  const { sink, source } = input;
  const note = (line: number | null, what: string) => sink.note({ line, column: null, what });
  let hostname: string | null = null;
  let recognised = 0;
  // Set inside readPolicies: the cast keeps TypeScript from narrowing it to null here.
  let defaultPolicy = null as { action: RuleAction; line: number } | null;
  const books = new Map<string, Book>();
  const apps = new Map<string, Map<string, AppTerm>>();
  const appSets = new Map<string, string[]>();
  const policies = new Map<string, Map<string, Policy>>();
  const filters = new Map<string, Filter>();
  const prefixLists = new Map<string, AddressDef>();
  const bindings = new Map<string, string[]>();
  const noted = new Set<string>();
  const noteOnce = (key: string, line: number | null, what: string) => {
    if (noted.has(key)) return;
    noted.add(key);
    note(line, what);
  };
  const filterContext: FilterContext = { note, noteOnce, prefixLists, source };

  // Set form: "deactivate PATH" makes everything under PATH inactive; apply it before reading.
  const deactivated = input.statements.filter((s) => s.verb === 'deactivate').map((s) => s.words);
  const statements = input.statements.map((s) => {
    if (s.verb !== 'set' || deactivated.length === 0) return s;
    let from = s.inactiveFrom;
    for (const p of deactivated) {
      if (p.length <= s.words.length && p.every((w, i) => s.words[i] === w)) {
        from = Math.min(from ?? Infinity, p.length - 1);
      }
    }
    return from === s.inactiveFrom ? s : { ...s, inactiveFrom: from };
  });

  const bookOf = (key: string): Book => {
    let b = books.get(key);
    if (!b) books.set(key, (b = { addresses: new Map(), sets: new Map(), zones: [] }));
    return b;
  };

  for (const st of statements) {
    const w = st.words;
    if (st.verb === 'deactivate') continue;
    if (st.verb === 'insert') {
      recognised++;
      applyInsert(st);
      continue;
    }
    if (st.verb !== 'set') {
      note(st.line, `"${st.verb}" statement not applied: ${quoteWords(w)}`);
      continue;
    }
    const top = w[0];
    if (top === undefined) continue;
    if (w.includes('apply-groups') && top !== 'groups') {
      noteOnce(`apply:${quoteWords(w)}`, st.line, `apply-groups not expanded: ${quoteWords(w)}`);
    }
    switch (top) {
      case 'system':
        recognised++;
        if (w[1] === 'host-name' && w[2] !== undefined) hostname = w[2];
        break;
      case 'security':
        recognised++;
        readSecurity(st);
        break;
      case 'applications':
        recognised++;
        readApplications(st);
        break;
      case 'firewall':
        recognised++;
        readFilterStatement(st, filters, filterContext);
        break;
      case 'policy-options':
        recognised++;
        if (w[1] === 'prefix-list' && w[2] !== undefined && w[3] !== undefined && st.inactiveFrom === null) {
          const def = prefixLists.get(w[2]) ?? { cidrs: [], unresolved: [] };
          const c = parseCidr(w[3]);
          if (c) def.cidrs.push(c);
          else if (w[3] !== 'description') def.unresolved.push(`${w[2]} (${w.slice(3).join(' ')})`);
          prefixLists.set(w[2], def);
        }
        break;
      case 'interfaces': {
        recognised++;
        // interfaces IF unit U family F filter input|output|input-list|output-list NAME
        const f = w.indexOf('filter');
        if (f > 0 && w[f - 2] === 'family' && w[f + 2] !== undefined) {
          const unit = w[2] === 'unit' ? `${w[1]}.${w[3]}` : (w[1] ?? '');
          const key = `firewall family ${w[f - 1]} filter ${w[f + 2]}`;
          const list = bindings.get(key) ?? [];
          list.push(`${unit} ${w[f + 1]}`);
          bindings.set(key, list);
        }
        break;
      }
      case 'groups':
        recognised++;
        noteOnce(
          `group:${w[1]}`,
          st.blocks.find((b) => b.start <= 1 && 1 < b.start + b.words.length)?.line ?? st.line,
          `configuration group "${w[1] ?? ''}" is not expanded into the configuration; its statements are not imported`,
        );
        break;
      case 'logical-systems':
      case 'tenants':
        recognised++;
        noteOnce(`${top}:${w[1]}`, st.line, `${top} "${w[1] ?? ''}" is not imported (only the root system is)`);
        break;
      case 'apply-groups':
        recognised++;
        break;
      default:
        if (IGNORED_TOP.has(top)) recognised++;
        else noteOnce(`top:${top}`, st.line, `not understood, not imported: "${top}" hierarchy`);
    }
  }

  if (recognised === 0) {
    throw new ParseError(
      `no JunOS configuration statement found (system, security, firewall, applications, interfaces...); expected ${input.what}`,
      input.statements[0]?.line ?? null,
      null,
    );
  }

  const device = input.hostName ?? hostname ?? input.fileName;
  if (hostname) sink.meta('hostname', hostname);
  else if (!input.hostName) {
    note(null, `the configuration has no "system host-name"; the device is named after the file (${input.fileName})`);
  }
  for (const [key, list] of bindings) sink.meta(`applied: ${key}`, list.join('; '));
  if (policies.size === 0 && filters.size === 0 && !defaultPolicy) {
    note(null, 'the configuration holds no security policies and no firewall filters: no rules to import');
  }
  if (policies.size > 0) {
    sink.meta('evaluation', 'zone-pair policies in order, then global policies, then the default policy');
  }

  const defaultAction = defaultPolicy?.action ?? 'deny';
  for (const [ruleset, list] of policies) {
    let n = 1;
    for (const p of list.values()) {
      for (const r of buildPolicy(p, device, n)) {
        sink.rule(r);
        n++;
      }
    }
    sink.policy({ device, ruleset, policy: defaultAction, lineFrom: defaultPolicy?.line ?? null });
  }
  // A default-policy with no policies at all still decides every zone pair.
  if (policies.size === 0 && defaultPolicy) {
    sink.policy({ device, ruleset: 'global', policy: defaultPolicy.action, lineFrom: defaultPolicy.line });
  }
  for (const f of filters.values()) {
    const ruleset = filterRuleset(f);
    let n = 1;
    for (const t of f.terms.values()) {
      for (const r of buildTermRules(f, t, device, n, filterContext)) {
        sink.rule(r);
        n++;
      }
    }
    // Every filter ends in an implicit "then discard".
    sink.policy({ device, ruleset, policy: 'drop', lineFrom: null });
  }

  function readSecurity(st: Statement): void {
    const w = st.words;
    const what = w[1];
    if (what === 'address-book' && w[2] !== undefined) {
      readBook(w[2], w.slice(3), st);
    } else if (what === 'zones') {
      // security zones security-zone Z address-book ...; interfaces and host-inbound-traffic (traffic to the
      // device itself) are zone membership and management, not policy between zones.
      if (w[2] === 'security-zone' && w[3] !== undefined && w[4] === 'address-book') {
        readBook(`zone:${w[3]}`, w.slice(5), st);
      }
    } else if (what === 'policies') {
      readPolicies(st);
    } else if (what !== undefined && !IGNORED_SECURITY.has(what)) {
      noteOnce(`security:${what}`, st.line, `not understood, not imported: "security ${what}"`);
    }
  }

  function readBook(key: string, rest: string[], st: Statement): void {
    if (st.inactiveFrom !== null) return; // inactive entries are not part of the running address book
    const book = bookOf(key);
    const [kind, name, ...vals] = rest;
    if (kind === 'description' || kind === undefined) return;
    if (kind === 'attach') {
      if (name === 'zone' && vals[0] !== undefined) book.zones.push(vals[0]);
      return;
    }
    if (name === undefined) return;
    if (kind === 'address') {
      const def = book.addresses.get(name) ?? { cidrs: [], unresolved: [] };
      book.addresses.set(name, def);
      const [v0, ...more] = vals;
      if (v0 === undefined || v0 === 'description') return;
      const c = parseCidr(v0);
      if (c) def.cidrs.push(c);
      else if (v0 === 'range-address' && more[1] === 'to' && more[0] && more[2]) {
        const r = rangeToCidrs(more[0], more[2]);
        if (r) def.cidrs.push(...r);
        else note(st.line, `address ${name}: range not understood: ${quoteWords(vals)}`);
      } else if (v0 === 'dns-name') {
        def.unresolved.push(`${name} (dns-name ${more[0] ?? ''})`);
      } else if (v0 === 'wildcard-address') {
        const [a, m] = (more[0] ?? '').split('/');
        const cidr = a && m ? cidrFromNetmask(a, m) : null;
        if (cidr) def.cidrs.push(cidr);
        else def.unresolved.push(`${name} (wildcard-address ${more[0] ?? ''})`);
      } else {
        note(st.line, `address ${name}: not understood: ${quoteWords(vals)}`);
      }
      return;
    }
    if (kind === 'address-set') {
      const members = book.sets.get(name) ?? [];
      book.sets.set(name, members);
      if ((vals[0] === 'address' || vals[0] === 'address-set') && vals[1] !== undefined) members.push(vals[1]);
      else if (vals[0] !== undefined && vals[0] !== 'description') {
        note(st.line, `address-set ${name}: not understood: ${quoteWords(vals)}`);
      }
      return;
    }
    note(st.line, `address book entry not understood: ${quoteWords(rest)}`);
  }

  function readPolicies(st: Statement): void {
    const w = st.words;
    const r = w.slice(2);
    if (r[0] === 'default-policy') {
      const a = r[1] === 'permit-all' ? 'allow' : r[1] === 'deny-all' ? 'deny' : null;
      if (a) defaultPolicy = { action: a, line: st.line };
      else note(st.line, `default-policy not understood: ${quoteWords(r)}`);
      return;
    }
    let ruleset: string;
    let fromZone: string | null = null;
    let toZone: string | null = null;
    let nameIndex: number;
    if (r[0] === 'from-zone' && r[2] === 'to-zone' && r[1] !== undefined && r[3] !== undefined) {
      fromZone = r[1];
      toZone = r[3];
      ruleset = `from-zone ${fromZone} to-zone ${toZone}`;
      if (r[4] === undefined) return;
      if (r[4] !== 'policy' || r[5] === undefined) {
        note(st.line, `zone-pair statement not understood: ${quoteWords(r)}`);
        return;
      }
      nameIndex = 2 + 5;
    } else if (r[0] === 'global') {
      ruleset = 'global';
      if (r[1] === undefined) return;
      if (r[1] !== 'policy' || r[2] === undefined) {
        note(st.line, `global policy statement not understood: ${quoteWords(r)}`);
        return;
      }
      nameIndex = 2 + 2;
    } else {
      // policy-rematch, policy-stats, traceoptions, pre-id-default-policy: session handling, not admission.
      if (
        !['policy-rematch', 'policy-stats', 'traceoptions', 'pre-id-default-policy', 'stateful-firewall-rule'].includes(
          r[0] ?? '',
        )
      ) {
        note(st.line, `policies statement not understood: ${quoteWords(r)}`);
      }
      return;
    }
    const name = w[nameIndex]!;
    let list = policies.get(ruleset);
    if (!list) policies.set(ruleset, (list = new Map()));
    let p = list.get(name);
    if (!p) {
      p = {
        ruleset,
        name,
        nameIndex,
        fromZone,
        toZone,
        stmts: [],
        match: new Map(),
        then: [],
        description: null,
        scheduler: null,
        inactive: false,
      };
      list.set(name, p);
    }
    p.stmts.push(st);
    if (st.inactiveFrom !== null) {
      if (st.inactiveFrom <= nameIndex) p.inactive = true;
      else {
        note(st.line, `inactive statement, not in effect: ${quoteWords(w.slice(nameIndex + 1))}`);
        return;
      }
    }
    const body = w.slice(nameIndex + 1);
    const [k0, k1, ...vals] = body;
    if (k0 === undefined) return;
    if (k0 === 'match' && k1 !== undefined) {
      const list2 = p.match.get(k1) ?? [];
      list2.push(...vals);
      p.match.set(k1, list2);
    } else if (k0 === 'then') {
      p.then.push(body.slice(1));
    } else if (k0 === 'description') {
      p.description = body.slice(1).join(' ');
    } else if (k0 === 'scheduler-name') {
      p.scheduler = k1 ?? null;
    } else if (k0 !== 'report-skip') {
      note(st.line, `policy ${name}: not understood: ${quoteWords(body)}`);
    }
  }

  function applyInsert(st: Statement): void {
    // insert security policies from-zone A to-zone B policy P before|after policy Q
    const w = st.words;
    const at = w.findIndex((x) => x === 'before' || x === 'after');
    const ruleset =
      w[2] === 'from-zone' && w[4] === 'to-zone'
        ? `from-zone ${w[3]} to-zone ${w[5]}`
        : w[2] === 'global'
          ? 'global'
          : null;
    const name = at > 0 ? w[at - 1] : undefined;
    const other = w[at + 2];
    const list = ruleset ? policies.get(ruleset) : undefined;
    if (w[0] !== 'security' || w[1] !== 'policies' || !list || !name || !other || !list.has(name) || !list.has(other)) {
      note(st.line, `insert statement not applied: ${quoteWords(w)}`);
      return;
    }
    const entries = [...list.entries()].filter(([n]) => n !== name);
    const idx = entries.findIndex(([n]) => n === other) + (w[at] === 'after' ? 1 : 0);
    entries.splice(idx, 0, [name, list.get(name)!]);
    list.clear();
    for (const [n, p] of entries) list.set(n, p);
  }

  function readApplications(st: Statement): void {
    if (st.inactiveFrom !== null) return;
    const w = st.words;
    const [, kind, name, ...rest] = w;
    if (kind === undefined || name === undefined) return;
    if (kind === 'application-set') {
      const members = appSets.get(name) ?? [];
      appSets.set(name, members);
      if ((rest[0] === 'application' || rest[0] === 'application-set') && rest[1] !== undefined) members.push(rest[1]);
      else if (rest[0] !== undefined && rest[0] !== 'description') {
        note(st.line, `application-set ${name}: not understood: ${quoteWords(rest)}`);
      }
      return;
    }
    if (kind !== 'application') {
      note(st.line, `applications statement not understood: ${quoteWords(w)}`);
      return;
    }
    let terms = apps.get(name);
    if (!terms) apps.set(name, (terms = new Map()));
    let termName = '';
    let kv = rest;
    if (rest[0] === 'term' && rest[1] !== undefined) {
      termName = rest[1];
      kv = rest.slice(2);
    }
    let t = terms.get(termName);
    if (!t) terms.set(termName, (t = { protocol: null, ports: [], sourcePorts: [], conditions: [], line: st.line }));
    for (let i = 0; i < kv.length; i += 2) {
      const key = kv[i]!;
      const val = kv[i + 1] ?? '';
      switch (key) {
        case 'protocol':
          t.protocol = val;
          break;
        case 'destination-port':
          t.ports.push(val);
          break;
        case 'source-port':
          t.sourcePorts.push(val);
          break;
        case 'inactivity-timeout':
        case 'description':
          break;
        case 'icmp-type':
        case 'icmp-code':
        case 'icmp6-type':
        case 'icmp6-code':
        case 'application-protocol':
        case 'alg':
        case 'rpc-program-number':
        case 'uuid':
        case 'ether-type':
          t.conditions.push(`${key} ${val}`);
          break;
        default:
          note(st.line, `application ${name}: "${key}" not understood`);
      }
    }
  }

  function booksFor(zone: string | null): Book[] {
    const out: Book[] = [];
    if (zone) {
      const own = books.get(`zone:${zone}`);
      if (own) out.push(own);
      for (const [key, b] of books)
        if (!key.startsWith('zone:') && key !== 'global' && b.zones.includes(zone)) out.push(b);
    }
    const global = books.get('global');
    if (global) out.push(global);
    return out;
  }

  function resolveAddress(name: string, zone: string | null, line: number, seen: Set<string>): AddressSet {
    const out = emptySet();
    if (name === 'any') out.cidrs.push(...ANY);
    else if (name === 'any-ipv4') out.cidrs.push(ANY_V4);
    else if (name === 'any-ipv6') out.cidrs.push(ANY_V6);
    if (out.cidrs.length) return out;
    const literal = parseCidr(name);
    if (literal) {
      out.cidrs.push(literal);
      return out;
    }
    for (const b of booksFor(zone)) {
      const def = b.addresses.get(name);
      if (def) {
        out.objects.push(name);
        out.cidrs.push(...def.cidrs);
        out.unresolved.push(...def.unresolved);
        return out;
      }
      const set = b.sets.get(name);
      if (set) {
        out.objects.push(name);
        if (seen.has(name)) return out;
        const inner = new Set(seen).add(name);
        for (const m of set) addTo(out, resolveAddress(m, zone, line, inner));
        return out;
      }
    }
    out.unresolved.push(name);
    noteOnce(
      `addr:${zone}:${name}`,
      line,
      `address "${name}" is not defined in this file${zone ? ` for zone ${zone}` : ''}; kept unresolved`,
    );
    return out;
  }

  function termServices(t: AppTerm, app: string, line: number): ServiceMatch {
    const bad: string[] = [];
    const named = (list: string[]) => list.map((p) => (/^\d/.test(p) ? p : String(portForServiceName(p) ?? p)));
    const protocol = t.protocol === null ? 'any' : protocolName(t.protocol);
    const ports = t.ports.length ? portList(named(t.ports), bad) : null;
    const sourcePorts = t.sourcePorts.length ? portList(named(t.sourcePorts), bad) : null;
    if (!protocol || bad.length) {
      noteOnce(
        `app:${app}`,
        line,
        `application ${app}: protocol or port not understood (${[t.protocol, ...bad].join(', ')})`,
      );
    }
    return { protocol: protocol ?? t.protocol ?? 'any', ports, sourcePorts, conditions: t.conditions };
  }

  function resolveApp(
    name: string,
    line: number,
    seen: Set<string>,
  ): { matches: ServiceMatch[]; objects: string[]; unresolved: string[]; conditions: string[] } {
    const res = {
      matches: [] as ServiceMatch[],
      objects: [] as string[],
      unresolved: [] as string[],
      conditions: [] as string[],
    };
    if (name === 'any') {
      res.matches.push(ANY_SERVICE);
      return res;
    }
    const terms = apps.get(name);
    if (terms) {
      res.objects.push(name);
      for (const t of terms.values()) res.matches.push(termServices(t, name, line));
      return res;
    }
    const set = appSets.get(name);
    if (set) {
      res.objects.push(name);
      if (seen.has(name)) return res;
      const inner = new Set(seen).add(name);
      for (const m of set) {
        const r = resolveApp(m, line, inner);
        res.matches.push(...r.matches);
        res.objects.push(...r.objects);
        res.unresolved.push(...r.unresolved);
        res.conditions.push(...r.conditions);
      }
      return res;
    }
    const predefined = JUNOS_PREDEFINED[name];
    if (predefined) {
      res.objects.push(name);
      res.matches.push(...predefined);
      return res;
    }
    res.unresolved.push(name);
    res.matches.push(ANY_SERVICE);
    res.conditions.push(`application ${name} (not defined in this file)`);
    noteOnce(`appname:${name}`, line, `application "${name}" is not defined in this file; kept unresolved`);
    return res;
  }

  function buildPolicy(p: Policy, device: string, first: number): Rule[] {
    const line0 = p.stmts[0]?.line ?? 0;
    const values = (k: string) => p.match.get(k) ?? [];
    for (const k of p.match.keys()) {
      if (
        ![
          'source-address',
          'destination-address',
          'application',
          'source-address-excluded',
          'destination-address-excluded',
          'from-zone',
          'to-zone',
          'source-identity',
          'dynamic-application',
          'url-category',
          'source-end-user-profile',
        ].includes(k)
      ) {
        note(line0, `policy ${p.name}: match "${k}" not understood`);
      }
    }
    const fromZone = p.fromZone ?? zoneText(values('from-zone'));
    const toZone = p.toZone ?? zoneText(values('to-zone'));
    const src = emptySet();
    const dst = emptySet();
    const srcNames = values('source-address');
    const dstNames = values('destination-address');
    // Zone address books apply to zone-pair policies; global policies use the global book.
    for (const s of srcNames) addTo(src, resolveAddress(s, p.fromZone, line0, new Set()));
    for (const d of dstNames) addTo(dst, resolveAddress(d, p.toZone, line0, new Set()));
    if (!srcNames.length || !dstNames.length) {
      const missing = [!srcNames.length && 'source-address', !dstNames.length && 'destination-address'].filter(Boolean);
      note(line0, `policy ${p.name} has no ${missing.join(' and no ')}; JunOS requires them: taken as any`);
      if (!srcNames.length) src.cidrs.push(...ANY);
      if (!dstNames.length) dst.cidrs.push(...ANY);
    }
    const services: ServiceMatch[] = [];
    const objects = [...src.objects, ...dst.objects];
    const unresolved = [...src.unresolved, ...dst.unresolved];
    const conditions: string[] = [];
    const appNames = values('application');
    if (!appNames.length) note(line0, `policy ${p.name} has no application; JunOS requires one: taken as any`);
    for (const a of appNames.length ? appNames : ['any']) {
      const r = resolveApp(a, line0, new Set());
      services.push(...r.matches);
      objects.push(...r.objects);
      unresolved.push(...r.unresolved);
      conditions.push(...r.conditions);
    }
    for (const k of ['dynamic-application', 'source-identity', 'url-category', 'source-end-user-profile']) {
      const v = values(k);
      if (v.length && !(v.length === 1 && (v[0] === 'any' || v[0] === 'none')))
        conditions.push(`${k}: ${v.join(', ')}`);
    }
    if (p.scheduler) conditions.push(`scheduler: ${p.scheduler}`);
    let action: RuleAction | undefined;
    let actionWord: string | undefined;
    for (const t of p.then) {
      const a = POLICY_ACTIONS[t[0] ?? ''];
      if (a) {
        action = a;
        actionWord = t[0];
      }
    }
    if (!action) {
      actionWord = p.then[0]?.[0];
      note(
        line0,
        `policy ${p.name}: no permit, deny or reject action${actionWord ? ` ("${actionWord}")` : ''}; kept as other`,
      );
    }
    const base: Rule = {
      ...blankRule(device, p.ruleset, first, action ?? 'other'),
      target: action ? null : (actionWord ?? null),
      sources: src.cidrs,
      sourcesNegated: p.match.has('source-address-excluded'),
      destinations: dst.cidrs,
      destinationsNegated: p.match.has('destination-address-excluded'),
      zones: { from: fromZone, to: toZone },
      enabled: !p.inactive,
      name: p.name,
      comment: p.description ?? blockComment(p.stmts, p.nameIndex),
      objects: [...new Set(objects)],
      unresolved: [...new Set(unresolved)],
      conditions: [...new Set(conditions)],
      ...sourceOf(p.stmts, p.nameIndex, source),
    };
    return splitByService(base, services, first);
  }
}
