// PAN-OS configuration, from any of its three spellings (XML, set, brace) once they are statements:
// address/service objects and groups per vsys, device group or shared, the security rulebases in order
// (set-form `move` lines applied), expanded into rules, and the predefined intrazone/interzone defaults.
import { blankRule, DIFFERENT_ZONE_CONDITION, SAME_ZONE_CONDITION, type Rule, type RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import { ParseError } from '../types';
import { type Statement, type SourceText, sourceOf } from './brace-config';
import { ANY, cidrFromWildcard, parseCidr, rangeToCidrs } from './cidr';
import {
  ACTIONS,
  CONDITION_FIELDS,
  IGNORED_FIELDS,
  IGNORED_IN_SCOPE,
  IGNORED_RULEBASES,
  IGNORED_TOP,
  PREDEFINED_SERVICES,
  SCOPE_KEYWORDS,
} from './panos-keywords';
import {
  ANY_SERVICE,
  addTo,
  emptySet,
  portList,
  quoteWords,
  splitByService,
  zoneText,
  type AddressSet,
  type ServiceMatch,
} from './panos-junos-shared';

export interface PanosInput {
  statements: readonly Statement[];
  source: SourceText;
  sink: ImportSink;
  hostName: string | null;
  fileName: string;
  /** What the user gave, for messages: "PAN-OS XML", "PAN-OS set commands"... */
  what: string;
  /** The set form writes single-vsys objects at the top level (vsys1 implied). */
  implicitVsys: boolean;
  /** Added to the device name: "#2" for the second configuration document of a file holding several. */
  deviceSuffix?: string;
}

type ScopeKind = 'vsys' | 'device-group' | 'shared' | 'panorama';
interface Scope {
  kind: ScopeKind;
  name: string;
}

type AddressDef =
  | { kind: 'cidrs'; cidrs: string[] }
  | { kind: 'unresolved'; why: string }
  | { kind: 'group'; members: string[] }
  | { kind: 'dynamic'; filter: string };

interface ServiceDef {
  protocol: string | null;
  ports: string[];
  sourcePorts: string[];
}

interface Objects {
  addresses: Map<string, AddressDef>;
  services: Map<string, ServiceDef>;
  serviceGroups: Map<string, string[]>;
  externalLists: Set<string>;
}

interface PanRule {
  name: string;
  ruleset: string;
  scope: Scope;
  /** Index in the statements' words where the rule name sits (for its line span). */
  nameIndex: number;
  fields: Map<string, { values: string[]; line: number }[]>;
  stmts: Statement[];
}

interface Defaults {
  intrazone: { action: RuleAction; stmts: Statement[] } | null;
  interzone: { action: RuleAction; stmts: Statement[] } | null;
}

function scopeLabel(s: Scope): string {
  if (s.kind === 'vsys') return s.name;
  if (s.kind === 'device-group') return `device-group ${s.name}`;
  return s.kind;
}

function scopeKey(s: Scope): string {
  return `${s.kind}:${s.name}`;
}

function newObjects(): Objects {
  return { addresses: new Map(), services: new Map(), serviceGroups: new Map(), externalLists: new Set() };
}

export function interpretPanos(input: PanosInput): void {
  const { sink, source } = input;
  const note = (line: number | null, what: string) => sink.note({ line, column: null, what });
  let hostname: string | null = null;
  let deviceEntry: string | null = null;
  let recognised = 0;
  const natRules = new Set<string>();
  const objects = new Map<string, Objects>();
  const rules = new Map<string, PanRule>();
  /** Ruleset -> rule names in evaluation order (set-form `move` lines reorder it). */
  const order = new Map<string, string[]>();
  /** Rulesets that end a device's evaluation and so carry the predefined default rules. */
  const contexts = new Map<string, { ruleset: string; scope: Scope }>();
  const defaults = new Map<string, Defaults>();
  const unknownKeywords = new Map<string, { line: number; count: number }>();
  const notedUndefined = new Set<string>();

  const objectsOf = (s: Scope): Objects => {
    const k = scopeKey(s);
    let o = objects.get(k);
    if (!o) objects.set(k, (o = newObjects()));
    return o;
  };
  const unknown = (key: string, line: number) => {
    const u = unknownKeywords.get(key);
    if (u) u.count++;
    else unknownKeywords.set(key, { line, count: 1 });
  };

  const rulesetOf = (scope: Scope, base: string): string => {
    const label = scopeLabel(scope);
    const ruleset =
      base === 'pre-rulebase' ? `${label}/pre` : base === 'post-rulebase' ? `${label}/post` : `${label}/security`;
    if (!order.has(ruleset)) order.set(ruleset, []);
    if (scope.kind === 'vsys') contexts.set(scopeKey(scope), { ruleset: `${label}/security`, scope });
    if (scope.kind === 'device-group') contexts.set(scopeKey(scope), { ruleset: `${label}/post`, scope });
    return ruleset;
  };

  for (const st of input.statements) {
    const w = st.words;
    let k = 0;
    if (w[k] === 'config') k++;
    if (w[k] === 'devices') {
      if (w[k + 1] === undefined) continue;
      deviceEntry ??= w[k + 1]!;
      k += 2;
    }
    const head = w[k];
    if (head === undefined) continue;
    let scope: Scope | null = null;
    if (head === 'vsys' && w[k + 1] !== undefined) {
      scope = { kind: 'vsys', name: w[k + 1]! };
      k += 2;
    } else if (head === 'device-group' && w[k + 1] !== undefined) {
      scope = { kind: 'device-group', name: w[k + 1]! };
      k += 2;
    } else if (head === 'shared') {
      scope = { kind: 'shared', name: 'shared' };
      k += 1;
    } else if (head === 'policy') {
      // A managed firewall's running config holds what Panorama pushed under "policy panorama".
      recognised++;
      if (w[k + 1] !== 'panorama') {
        unknown(quoteWords(w.slice(0, k + 2)), st.line);
        continue;
      }
      scope = { kind: 'panorama', name: 'panorama' };
      k += 2;
    } else if (head === 'deviceconfig') {
      recognised++;
      if (w[k + 1] === 'system' && w[k + 2] === 'hostname' && w[k + 3] !== undefined) hostname = w[k + 3]!;
      continue;
    } else if (IGNORED_TOP.has(head)) {
      recognised++;
      continue;
    } else if (input.implicitVsys && k === 0) {
      scope = { kind: 'vsys', name: 'vsys1' };
    } else {
      unknown(quoteWords(w.slice(0, k + 1)), st.line);
      continue;
    }
    const rest = w.slice(k);
    const kw = rest[0];
    // An implied vsys1 counts only for keywords PAN-OS has there (not another vendor's "set system ...").
    const known = kw !== undefined && (SCOPE_KEYWORDS.has(kw) || IGNORED_IN_SCOPE.has(kw));
    if (!input.implicitVsys || k > 0 || known) recognised++;
    if (kw === undefined) continue;
    if (st.verb === 'move') {
      applyMove(st, scope, rest);
      continue;
    }
    if (st.verb !== 'set') {
      note(st.line, `"${st.verb}" statement not applied: ${quoteWords(w)}`);
      continue;
    }
    switch (kw) {
      case 'address':
        readAddress(objectsOf(scope), rest, st);
        break;
      case 'address-group':
        readAddressGroup(objectsOf(scope), rest, st);
        break;
      case 'service':
        readService(objectsOf(scope), rest, st);
        break;
      case 'service-group':
        if (rest[1] === undefined) break;
        if (rest[2] === 'members') {
          const g = objectsOf(scope).serviceGroups.get(rest[1]) ?? [];
          g.push(...rest.slice(3));
          objectsOf(scope).serviceGroups.set(rest[1], g);
        } else if (rest[2] !== undefined && rest[2] !== 'tag' && rest[2] !== 'description') {
          note(st.line, `service-group field not understood: ${quoteWords(rest)}`);
        }
        break;
      case 'application-group':
        // Application groups stay names in the rule's conditions, like applications.
        break;
      case 'external-list':
        if (rest[1] !== undefined) objectsOf(scope).externalLists.add(rest[1]);
        break;
      case 'rulebase':
      case 'pre-rulebase':
      case 'post-rulebase':
        readRulebase(scope, kw, rest, st, k);
        break;
      default:
        if (!IGNORED_IN_SCOPE.has(kw)) unknown(`${scopeLabel(scope)} ${kw}`, st.line);
    }
  }

  if (recognised === 0) {
    const first = input.statements[0];
    throw new ParseError(
      `no PAN-OS configuration statement found (deviceconfig, vsys, rulebase, address, device-group...); expected ${input.what}`,
      first?.line ?? null,
      null,
    );
  }
  for (const [key, u] of unknownKeywords) {
    note(u.line, `not understood, not imported: "${key}"${u.count > 1 ? ` (${u.count} statements)` : ''}`);
  }

  const device = (input.hostName ?? hostname ?? deviceEntry ?? input.fileName) + (input.deviceSuffix ?? '');
  if (hostname) sink.meta('hostname', hostname);
  if (deviceEntry) sink.meta('device-entry', deviceEntry);
  if (natRules.size > 0) sink.meta('nat-rules-not-imported', String(natRules.size));
  if ([...order.keys()].some((r) => r.includes('/pre') || r.includes('/post'))) {
    sink.meta(
      'evaluation',
      'shared/pre, device-group pre, the firewall’s own rules, device-group post, shared/post, then the predefined intrazone-default and interzone-default rules',
    );
  }

  for (const [ruleset, names] of order) {
    let n = 1;
    for (const name of names) {
      const r = rules.get(`${ruleset}\u0000${name}`);
      if (!r) continue;
      for (const rule of buildRule(r, device, n)) {
        sink.rule(rule);
        n++;
      }
    }
    for (const ctx of contexts.values()) {
      if (ctx.ruleset === ruleset) emitDefaults(ctx.scope, ruleset, device, n);
    }
  }
  // A device group with only a pre-rulebase still ends in the predefined rules, in its post ruleset.
  for (const ctx of contexts.values()) {
    if (!order.has(ctx.ruleset)) emitDefaults(ctx.scope, ctx.ruleset, device, 1);
  }

  function applyMove(st: Statement, scope: Scope, rest: string[]): void {
    // move rulebase security rules NAME top | bottom | before X | after X
    const [base, type, rulesWord, name, where, other] = rest;
    if (
      !base ||
      !['rulebase', 'pre-rulebase', 'post-rulebase'].includes(base) ||
      type !== 'security' ||
      rulesWord !== 'rules' ||
      !name ||
      !where
    ) {
      note(st.line, `move statement not understood: ${quoteWords(st.words)}`);
      return;
    }
    const list = order.get(rulesetOf(scope, base))!;
    const from = list.indexOf(name);
    if (from < 0) {
      note(st.line, `move names rule "${name}", which is not defined before it`);
      return;
    }
    list.splice(from, 1);
    if (where === 'top') list.unshift(name);
    else if (where === 'bottom') list.push(name);
    else if ((where === 'before' || where === 'after') && other && list.includes(other)) {
      list.splice(list.indexOf(other) + (where === 'after' ? 1 : 0), 0, name);
    } else {
      list.splice(from, 0, name);
      note(st.line, `move statement not understood: ${quoteWords(st.words)}`);
    }
  }

  function readAddress(o: Objects, rest: string[], st: Statement): void {
    const [, name, key, ...vals] = rest;
    if (name === undefined || key === undefined) return;
    const value = vals.join(' ');
    switch (key) {
      case 'ip-netmask': {
        const c = parseCidr(value);
        if (c) o.addresses.set(name, { kind: 'cidrs', cidrs: [c] });
        else {
          o.addresses.set(name, { kind: 'unresolved', why: `ip-netmask ${value}` });
          note(st.line, `address ${name}: "${value}" is not an address/prefix`);
        }
        return;
      }
      case 'ip-range': {
        const [a, b] = value.split('-');
        const cidrs = a && b ? rangeToCidrs(a.trim(), b.trim()) : null;
        if (cidrs) o.addresses.set(name, { kind: 'cidrs', cidrs });
        else {
          o.addresses.set(name, { kind: 'unresolved', why: `ip-range ${value}` });
          note(st.line, `address ${name}: "${value}" is not an address range first-last`);
        }
        return;
      }
      case 'ip-wildcard': {
        const [a, m] = value.split('/');
        const c = a && m ? cidrFromWildcard(a, m) : null;
        // A non-contiguous wildcard matches a set no list of prefixes can hold compactly.
        o.addresses.set(name, c ? { kind: 'cidrs', cidrs: [c] } : { kind: 'unresolved', why: `ip-wildcard ${value}` });
        return;
      }
      case 'fqdn':
        o.addresses.set(name, { kind: 'unresolved', why: `fqdn ${value}` });
        return;
      case 'description':
      case 'tag':
      case 'disable-override':
        return;
      default:
        note(st.line, `address field not understood: ${quoteWords(rest)}`);
    }
  }

  function readAddressGroup(o: Objects, rest: string[], st: Statement): void {
    const [, name, key, ...vals] = rest;
    if (name === undefined || key === undefined) return;
    if (key === 'static') {
      const prev = o.addresses.get(name);
      const members = prev?.kind === 'group' ? prev.members : [];
      members.push(...vals);
      o.addresses.set(name, { kind: 'group', members });
    } else if (key === 'dynamic') {
      o.addresses.set(name, { kind: 'dynamic', filter: vals.slice(vals[0] === 'filter' ? 1 : 0).join(' ') });
    } else if (key !== 'description' && key !== 'tag' && key !== 'disable-override') {
      note(st.line, `address-group field not understood: ${quoteWords(rest)}`);
    }
  }

  function readService(o: Objects, rest: string[], st: Statement): void {
    const [, name, key, proto, field, ...vals] = rest;
    if (name === undefined || key === undefined) return;
    if (key === 'description' || key === 'tag') return;
    if (key !== 'protocol' || proto === undefined) {
      note(st.line, `service field not understood: ${quoteWords(rest)}`);
      return;
    }
    const def = o.services.get(name) ?? { protocol: proto, ports: [], sourcePorts: [] };
    def.protocol = proto;
    if (field === 'port') def.ports.push(...vals);
    else if (field === 'source-port') def.sourcePorts.push(...vals);
    else if (field !== undefined && field !== 'override') {
      // override: session timeouts only.
      note(st.line, `service field not understood: ${quoteWords(rest)}`);
    }
    o.services.set(name, def);
  }

  function readRulebase(scope: Scope, base: string, rest: string[], st: Statement, k: number): void {
    const type = rest[1];
    const ruleset = rulesetOf(scope, base);
    if (type === undefined) return;
    if (type === 'security') {
      if (rest[2] === undefined) return;
      if (rest[2] !== 'rules') {
        note(st.line, `security rulebase statement not understood: ${quoteWords(rest)}`);
        return;
      }
      const name = rest[3];
      if (name === undefined) return;
      const key = `${ruleset}\u0000${name}`;
      let r = rules.get(key);
      if (!r) {
        r = { name, ruleset, scope, nameIndex: k + 3, fields: new Map(), stmts: [] };
        rules.set(key, r);
        order.get(ruleset)!.push(name);
      }
      r.stmts.push(st);
      const field = rest[4];
      if (field === undefined) return;
      const list = r.fields.get(field) ?? [];
      list.push({ values: rest.slice(5), line: st.line });
      r.fields.set(field, list);
      return;
    }
    if (type === 'default-security-rules') {
      // default-security-rules rules intrazone-default|interzone-default action allow|deny
      const which = rest[3];
      const d = defaults.get(scopeKey(scope)) ?? { intrazone: null, interzone: null };
      defaults.set(scopeKey(scope), d);
      const slot = which === 'intrazone-default' ? 'intrazone' : which === 'interzone-default' ? 'interzone' : null;
      if (rest[2] !== 'rules' || !slot) {
        if (rest[2] !== undefined)
          note(st.line, `default-security-rules statement not understood: ${quoteWords(rest)}`);
        return;
      }
      const cur = d[slot] ?? { action: slot === 'intrazone' ? 'allow' : 'deny', stmts: [] };
      cur.stmts.push(st);
      if (rest[4] === 'action') {
        const a = ACTIONS[rest[5] ?? ''];
        if (a) cur.action = a;
        else note(st.line, `default rule action not understood: ${quoteWords(rest)}`);
      }
      d[slot] = cur;
      return;
    }
    if (IGNORED_RULEBASES.has(type)) {
      if (type === 'nat' && rest[2] === 'rules' && rest[3] !== undefined) natRules.add(`${ruleset}\u0000${rest[3]}`);
      return;
    }
    note(st.line, `rulebase "${type}" not understood, not imported: ${quoteWords(rest)}`);
  }

  function lookup(scope: Scope): Objects[] {
    const own = objects.get(scopeKey(scope));
    const shared = scope.kind === 'shared' ? undefined : objects.get('shared:shared');
    return [own, shared].filter((o): o is Objects => o !== undefined);
  }

  function resolveAddress(name: string, scope: Scope, line: number, seen: Set<string>): AddressSet {
    const out = emptySet();
    if (name === 'any') {
      out.cidrs.push(...ANY);
      return out;
    }
    const literal = parseCidr(name);
    if (literal) {
      out.cidrs.push(literal);
      return out;
    }
    const range = /^([0-9a-fA-F.:]+)-([0-9a-fA-F.:]+)$/.exec(name);
    const cidrs = range ? rangeToCidrs(range[1]!, range[2]!) : null;
    if (cidrs) {
      out.cidrs.push(...cidrs);
      return out;
    }
    for (const o of lookup(scope)) {
      const def = o.addresses.get(name);
      if (!def) {
        if (o.externalLists.has(name)) {
          out.objects.push(name);
          out.unresolved.push(`${name} (external dynamic list)`);
          return out;
        }
        continue;
      }
      out.objects.push(name);
      if (seen.has(name)) {
        note(line, `address group ${name} contains itself`);
        return out;
      }
      if (def.kind === 'cidrs') out.cidrs.push(...def.cidrs);
      else if (def.kind === 'unresolved') out.unresolved.push(`${name} (${def.why})`);
      else if (def.kind === 'dynamic') out.unresolved.push(`${name} (dynamic group: ${def.filter})`);
      else {
        const inner = new Set(seen).add(name);
        for (const m of def.members) addTo(out, resolveAddress(m, scope, line, inner));
      }
      return out;
    }
    // A region code, a predefined EDL, or an object defined elsewhere (Panorama): not resolvable here.
    out.unresolved.push(name);
    if (!/^[A-Z]{2}$/.test(name) && !notedUndefined.has(name)) {
      notedUndefined.add(name);
      note(line, `address "${name}" is not defined in this file; kept unresolved`);
    }
    return out;
  }

  function resolveService(
    name: string,
    scope: Scope,
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
    if (name === 'application-default') {
      res.matches.push(ANY_SERVICE);
      res.conditions.push('service application-default: each application only on its default ports');
      return res;
    }
    for (const o of lookup(scope)) {
      const def = o.services.get(name);
      if (def) {
        res.objects.push(name);
        const bad: string[] = [];
        const proto = def.protocol ?? 'any';
        const ports = def.ports.length ? portList(def.ports, bad) : null;
        const sourcePorts = def.sourcePorts.length ? portList(def.sourcePorts, bad) : null;
        if (bad.length) note(line, `service ${name}: port "${bad.join(', ')}" not understood`);
        res.matches.push({ protocol: proto, ports, sourcePorts, conditions: [] });
        return res;
      }
      const group = o.serviceGroups.get(name);
      if (group) {
        res.objects.push(name);
        if (seen.has(name)) return res;
        const inner = new Set(seen).add(name);
        for (const m of group) {
          const r = resolveService(m, scope, line, inner);
          res.matches.push(...r.matches);
          res.objects.push(...r.objects);
          res.unresolved.push(...r.unresolved);
          res.conditions.push(...r.conditions);
        }
        return res;
      }
    }
    const predefined = PREDEFINED_SERVICES[name];
    if (predefined) {
      res.objects.push(name);
      res.matches.push(predefined);
      return res;
    }
    // Unknown service: the rule stays, with any protocol and a condition saying the match is narrower.
    res.unresolved.push(name);
    res.matches.push(ANY_SERVICE);
    res.conditions.push(`service ${name} (not defined in this file)`);
    if (!notedUndefined.has(`service:${name}`)) {
      notedUndefined.add(`service:${name}`);
      note(line, `service "${name}" is not defined in this file; kept unresolved`);
    }
    return res;
  }

  function buildRule(r: PanRule, device: string, first: number): Rule[] {
    const values = (f: string): string[] => (r.fields.get(f) ?? []).flatMap((e) => e.values);
    const last = (f: string): string | undefined => {
      const list = r.fields.get(f);
      return list?.[list.length - 1]?.values[0];
    };
    const line0 = r.stmts[0]?.line ?? 0;
    for (const [field, entries] of r.fields) {
      if (
        IGNORED_FIELDS.has(field) ||
        CONDITION_FIELDS.includes(field) ||
        [
          'from',
          'to',
          'source',
          'destination',
          'negate-source',
          'negate-destination',
          'service',
          'application',
          'action',
          'disabled',
          'description',
          'schedule',
          'rule-type',
          'target',
        ].includes(field)
      )
        continue;
      note(entries[0]!.line, `rule ${r.name}: field "${field}" not understood`);
    }

    const src = emptySet();
    const dst = emptySet();
    const srcNames = values('source');
    const dstNames = values('destination');
    for (const s of srcNames) addTo(src, resolveAddress(s, r.scope, line0, new Set()));
    for (const d of dstNames) addTo(dst, resolveAddress(d, r.scope, line0, new Set()));
    if (!srcNames.length || !dstNames.length) {
      const missing = [!srcNames.length && 'source', !dstNames.length && 'destination'].filter(Boolean);
      note(line0, `rule ${r.name} has no ${missing.join(' and no ')}; PAN-OS requires them: taken as any`);
      if (!srcNames.length) src.cidrs.push(...ANY);
      if (!dstNames.length) dst.cidrs.push(...ANY);
    }

    const services: ServiceMatch[] = [];
    const conditions: string[] = [];
    const objects = [...src.objects, ...dst.objects];
    const unresolved = [...src.unresolved, ...dst.unresolved];
    const serviceNames = values('service');
    for (const s of serviceNames.length ? serviceNames : ['any']) {
      const res = resolveService(s, r.scope, line0, new Set());
      services.push(...res.matches);
      objects.push(...res.objects);
      unresolved.push(...res.unresolved);
      conditions.push(...res.conditions);
    }
    const apps = values('application');
    if (apps.length && !apps.includes('any')) conditions.push(`application: ${apps.join(', ')}`);
    for (const f of CONDITION_FIELDS) {
      const v = values(f);
      if (v.length && !(v.length === 1 && (v[0] === 'any' || v[0] === 'none')))
        conditions.push(`${f}: ${v.join(', ')}`);
    }
    const schedule = last('schedule');
    if (schedule) conditions.push(`schedule: ${schedule}`);
    const ruleType = last('rule-type');
    if (ruleType === 'intrazone') conditions.push(SAME_ZONE_CONDITION);
    else if (ruleType === 'interzone') conditions.push(DIFFERENT_ZONE_CONDITION);
    const target = r.fields.get('target') ?? [];
    const targetDevices = target.filter((e) => e.values[0] === 'devices' && e.values[1]).map((e) => e.values[1]!);
    if (targetDevices.length) {
      const negated = target.some((e) => e.values[0] === 'negate' && e.values[1] === 'yes');
      conditions.push(`target${negated ? ' (all but)' : ''}: ${targetDevices.join(', ')}`);
    }

    const actionWord = last('action');
    const action = actionWord ? ACTIONS[actionWord] : undefined;
    if (!action) note(line0, `rule ${r.name}: action "${actionWord ?? '(none)'}" not understood; kept as other`);
    const src0 = sourceOf(r.stmts, r.nameIndex, source);
    const base: Rule = {
      ...blankRule(device, r.ruleset, first, action ?? 'other'),
      target: action ? null : (actionWord ?? null),
      sources: src.cidrs,
      sourcesNegated: last('negate-source') === 'yes',
      destinations: dst.cidrs,
      destinationsNegated: last('negate-destination') === 'yes',
      zones: { from: zoneText(values('from')), to: zoneText(values('to')) },
      enabled: last('disabled') !== 'yes',
      name: r.name,
      comment: values('description').join(' ').trim() || null,
      objects: [...new Set(objects)],
      unresolved: [...new Set(unresolved)],
      conditions: [...new Set(conditions)],
      ...src0,
    };
    return splitByService(base, services, first);
  }

  function emitDefaults(scope: Scope, ruleset: string, device: string, n: number): void {
    const d = defaults.get(scopeKey(scope)) ?? { intrazone: null, interzone: null };
    const intra = d.intrazone;
    // -1: quote the override's own lines, not an enclosing block.
    const intraSrc = intra ? sourceOf(intra.stmts, -1, source) : null;
    sink.rule({
      ...blankRule(device, ruleset, n, intra?.action ?? 'allow'),
      name: 'intrazone-default',
      conditions: [SAME_ZONE_CONDITION],
      lineFrom: intraSrc?.lineFrom ?? null,
      lineTo: intraSrc?.lineTo ?? null,
      text: intraSrc?.text || '(predefined) intrazone-default: traffic within one zone is allowed unless overridden',
    });
    const inter = d.interzone;
    sink.policy({
      device,
      ruleset,
      policy: inter?.action ?? 'deny',
      lineFrom: inter?.stmts[0]?.line ?? null,
    });
  }
}
