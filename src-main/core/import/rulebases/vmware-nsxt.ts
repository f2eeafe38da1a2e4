// VMware NSX-T (NSX 3/4) policy JSON: a security or gateway policy with its rules (GET /policy/api/v1/
// infra/domains/D/security-policies/P, or a generator's output such as aerleon's), a list of policies or of
// one policy's rules ({"results": [...]}), or the hierarchical GET /policy/api/v1/infra?filter=... tree
// (Infra > ChildDomain > ChildSecurityPolicy > ChildRule). Each policy is a ruleset; its rules run by
// sequence_number, equal or missing numbers in document order.
//
// source_groups / destination_groups holding addresses (IPs, CIDRs, ranges) are expanded; group paths
// (/infra/domains/...) are defined elsewhere in NSX Manager and stay unresolved, the rule keeping the
// addresses that did resolve. The policy's scope ("applied to", which takes precedence over a rule's
// scope) narrows which VMs enforce the rules: a condition, its groups unresolved. Services: inline
// service_entries are read; service paths stay unresolved (any protocol, the path in the conditions).
// aerleon writes "services": ["ANY"] beside service_entries because the API wants the field filled; the
// entries are what the rule matches, so "ANY" is ignored when entries are present.
import { blankRule, type Rule } from '../../model/rule';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { ANY } from './cidr';
import {
  arr,
  field,
  has,
  isObject,
  lastSegment,
  noteUnknownFields,
  num,
  obj,
  str,
  type JsonObject,
} from './cloud-common';
import { parseJsonWithSource, wholeTextParser, type Source } from './cloud-source';
import { ANY_SERVICE, splitByService, type ServiceMatch } from './panos-junos-shared';
import { ACTIONS, POLICY_FIELDS, RULE_FIELDS, STRATEGY, serviceEntry, type Ctx } from './vmware-nsxt-schema';
import {
  capText,
  countingSink,
  defaultRuleMissing,
  noAccessRules,
  limitFamily,
  nsxAddresses,
  onceNotes,
  type Family,
} from './vmware-nsx-common';

const WHAT =
  'NSX-T policy JSON (a SecurityPolicy or GatewayPolicy with "rules", {"results": [...]} of policies or rules, or the hierarchical Infra tree)';

export const nsxtFormat: FormatSpec = {
  id: 'vmware-nsxt-json',
  label: 'VMware NSX-T security / gateway policies (policy API JSON)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'JSON with "resource_type": "SecurityPolicy" | "GatewayPolicy" | "Rule" | "ChildSecurityPolicy" and NSX rule fields ("source_groups", "destination_groups")',
  detect(head) {
    if (!/^\uFEFF?\s*[{[]/.test(head)) return 0;
    const kinds =
      /"resource_type"\s*:\s*"(?:SecurityPolicy|GatewayPolicy|Rule|ChildSecurityPolicy|ChildGatewayPolicy|ChildRule)"/;
    return kinds.test(head) && /"(?:source|destination)_groups"\s*:/.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create: (sink, options) =>
    wholeTextParser(WHAT, (text) => {
      const { value, source } = parseJsonWithSource(text.replace(/^\uFEFF/, ''), WHAT);
      readDocument(value, source, sink, options.hostName);
    }),
};

/** The policies in the document, each with its rules; a list of bare rules is grouped by parent policy. */
function policiesOf(doc: unknown, sink: ImportSink, source: Source): { policy: JsonObject | null; rules: unknown[] }[] {
  const isPolicy = (o: JsonObject) =>
    Array.isArray(o.rules) || /Policy$/.test(str(o, 'resource_type') ?? '') || has(o, 'category');
  const isRule = (o: JsonObject) => str(o, 'resource_type') === 'Rule' || has(o, 'source_groups');
  if (Array.isArray(doc)) return fromList(doc);
  if (!isObject(doc)) throw new ParseError(`a JSON ${doc === null ? 'null' : typeof doc}; expected ${WHAT}`, 1, 1);
  if (str(doc, 'resource_type') === 'Infra' || Array.isArray(doc.children)) {
    const out: { policy: JsonObject; rules: unknown[] }[] = [];
    const walk = (node: JsonObject, depth: number): void => {
      if (depth > 16) return;
      for (const c of arr(node, 'children') ?? []) {
        if (!isObject(c)) continue;
        // {"resource_type": "ChildX", "X": {...}}: the wrapped object is under the name after "Child".
        const kind = (str(c, 'resource_type') ?? '').replace(/^Child/, '');
        const inner = obj(c, kind) ?? c;
        if (kind === 'SecurityPolicy' || kind === 'GatewayPolicy') {
          const rules = (arr(inner, 'children') ?? []).flatMap((r) => (isObject(r) ? [obj(r, 'Rule') ?? r] : []));
          out.push({ policy: inner, rules: [...(arr(inner, 'rules') ?? []), ...rules] });
        } else walk(inner, depth + 1);
      }
    };
    walk(doc, 0);
    if (out.length === 0) throw new ParseError(`no security or gateway policy in the tree; expected ${WHAT}`, 1, 1);
    return out;
  }
  if (Array.isArray(doc.results)) {
    noteUnknownFields(
      sink,
      source,
      doc,
      new Set(['results', 'result_count', 'cursor', 'sort_by', 'sort_ascending']),
      'list',
    );
    if (str(doc, 'cursor'))
      sink.note({
        line: 1,
        column: null,
        what: 'cursor is set: the list is one page of several; the other pages are missing',
      });
    return fromList(doc.results);
  }
  if (isPolicy(doc)) return [{ policy: doc, rules: arr(doc, 'rules') ?? [] }];
  if (isRule(doc)) return fromList([doc]);
  throw new ParseError(`no NSX-T policy or rule found; expected ${WHAT}`, 1, 1);

  function fromList(list: unknown[]): { policy: JsonObject | null; rules: unknown[] }[] {
    const policies = list.filter((o): o is JsonObject => isObject(o) && !isRule(o) && isPolicy(o));
    const rules = list.filter((o): o is JsonObject => isObject(o) && isRule(o));
    if (list.length > 0 && policies.length + rules.length === 0)
      throw new ParseError(`neither policies nor rules in the list; expected ${WHAT}`, 1, 1);
    const byParent = new Map<string, unknown[]>();
    for (const r of rules) {
      const parent = str(r, 'parent_path') ?? '';
      const group = byParent.get(parent);
      if (group) group.push(r);
      else byParent.set(parent, [r]);
    }
    return [
      ...policies.map((p) => ({ policy: p, rules: arr(p, 'rules') ?? [] })),
      ...[...byParent.entries()].map(([parent, rs]) => ({ policy: parent ? { path: parent } : null, rules: rs })),
    ];
  }
}

function readDocument(doc: unknown, source: Source, outer: ImportSink, hostName: string | null): void {
  const counted = countingSink(outer);
  const sink = counted.sink;
  const list = policiesOf(doc, sink, source);
  // A document that is one policy names the device after itself ("the file's display_name").
  const top = list.length === 1 && isObject(doc) && list[0]!.policy === doc ? doc : null;
  const domain = /\/domains\/([^/]+)/.exec(str(list[0]?.policy ?? null, 'path') ?? '')?.[1];
  const device =
    hostName ?? (top && str(top, 'display_name')) ?? (domain ? `NSX-T domain ${domain}` : 'NSX-T distributed firewall');
  const ctx: Ctx = { sink, source, once: onceNotes(sink), device };
  let defaultSeen = false;
  list.forEach(({ policy, rules }, i) => {
    defaultSeen = readPolicy(policy, rules, i, ctx) || defaultSeen;
  });
  sink.meta('policies', String(list.length));
  if (list.length > 1)
    sink.meta(
      'evaluation',
      'policies run by category (Ethernet, Emergency, Infrastructure, Environment, Application) and sequence number; traffic no rule of a policy matches goes on to the next',
    );
  if (counted.rules() === 0) {
    // A policy list (the list API leaves the rules out) or policies emptied: evidence, but no rule.
    const n = list.length;
    noAccessRules(
      sink,
      `${n} NSX-T polic${n === 1 ? 'y' : 'ies'} without rules (the policy list API leaves rules out: export each policy with its rules)`,
    );
  } else if (!defaultSeen)
    defaultRuleMissing(sink, 'NSX-T', 'the "Default Layer3 Rule" of the default Application policy');
}

/** Reads one policy; true when it carries a default (its own default rule or a connectivity strategy). */
function readPolicy(policy: JsonObject | null, rules: unknown[], index: number, ctx: Ctx): boolean {
  const { sink, source } = ctx;
  const path = str(policy, 'path');
  const ruleset =
    str(policy, 'display_name') ?? str(policy, 'id') ?? (path ? lastSegment(path) : null) ?? `policy ${index + 1}`;
  const where = `policy "${ruleset}"`;
  if (policy && has(policy, 'resource_type')) noteUnknownFields(sink, source, policy, POLICY_FIELDS, where);
  const category = str(policy, 'category');
  if (category === 'Ethernet')
    sink.note({
      line: source.lineOf(policy),
      column: null,
      what: `${where}: Ethernet category (layer 2 rules); imported as written`,
    });
  // The policy's scope takes precedence over the rules' scope (NSX-T API, SecurityPolicy.scope).
  const policyScope = groupPaths(arr(policy, 'scope'));
  const strategy = str(policy, 'connectivity_strategy');
  let hasDefault = str(policy, 'is_default') === 'true' || field(policy, 'is_default') === true;
  if (strategy && STRATEGY[strategy]) {
    sink.policy({ device: ctx.device, ruleset, policy: STRATEGY[strategy], lineFrom: source.lineOf(policy) });
    hasDefault = true;
  } else if (strategy && strategy !== 'NONE') {
    sink.note({
      line: source.lineOf(policy),
      column: null,
      what: `${where}: connectivity_strategy "${strategy}" not understood`,
    });
  }

  const items = rules
    .map((r, i) => ({ r, i }))
    .filter((x): x is { r: JsonObject; i: number } => {
      if (isObject(x.r)) return true;
      sink.note({
        line: source.lineOf(rules),
        column: null,
        what: `${where}: rule ${x.i + 1} is not an object; skipped`,
      });
      return false;
    });
  const seq = (r: JsonObject) => num(r, 'sequence_number') ?? Number.POSITIVE_INFINITY;
  if (items.some((x) => has(x.r, 'sequence_number')) && items.some((x) => !has(x.r, 'sequence_number')))
    sink.note({
      line: source.lineOf(policy),
      column: null,
      what: `${where}: some rules have no sequence_number; they are placed last, in document order`,
    });
  items.sort((a, b) => seq(a.r) - seq(b.r) || a.i - b.i);
  let order = 1;
  for (const { r } of items) {
    const out = readRule(r, ruleset, order, policyScope, ctx);
    for (const rule of out) sink.rule(rule);
    order += out.length;
    if (field(r, 'is_default') === true || str(r, 'is_default') === 'true') hasDefault = true;
  }
  return hasDefault;
}

/** Group paths of a scope; "ANY" (or nothing) means every VM. */
function groupPaths(list: unknown[] | null): string[] {
  return (list ?? []).filter((g): g is string => typeof g === 'string' && g.toUpperCase() !== 'ANY');
}

interface Side {
  cidrs: string[];
  unresolved: string[];
}

function readGroups(r: JsonObject, key: string, where: string, ctx: Ctx): Side {
  const list = arr(r, key);
  if (!list || list.length === 0) {
    ctx.sink.note({ line: ctx.source.lineOf(r), column: null, what: `${where}: no ${key}; taken as ANY` });
    return { cidrs: [...ANY], unresolved: [] };
  }
  const side: Side = { cidrs: [], unresolved: [] };
  for (const g of list) {
    const text = typeof g === 'string' ? g.trim() : JSON.stringify(g);
    if (text.toUpperCase() === 'ANY') {
      side.cidrs.push(...ANY);
      continue;
    }
    const cidrs = typeof g === 'string' && !text.startsWith('/') ? nsxAddresses(text) : null;
    if (cidrs) {
      side.cidrs.push(...cidrs);
      continue;
    }
    side.unresolved.push(text);
    ctx.once(
      `group ${text}`,
      ctx.source.lineOf(r),
      text.startsWith('/')
        ? `group ${text} is defined outside this export; kept unresolved`
        : `${where}: ${key} entry ${text} is neither an address nor a group path; kept unresolved`,
    );
  }
  return { cidrs: [...new Set(side.cidrs)], unresolved: side.unresolved };
}

function readRule(r: JsonObject, ruleset: string, order: number, policyScope: string[], ctx: Ctx): Rule[] {
  const { sink, source } = ctx;
  const name = str(r, 'display_name') ?? str(r, 'id');
  const where = `policy "${ruleset}" rule ${name ?? `#${order}`}`;
  noteUnknownFields(sink, source, r, RULE_FIELDS, where);
  const actionText = (str(r, 'action') ?? '').toUpperCase();
  if (!actionText) throw new ParseError(`${where} has no action; expected ${WHAT}`, source.lineOf(r), null);
  const action = ACTIONS[actionText];
  if (!action)
    sink.note({ line: source.lineOf(r), column: null, what: `${where}: action ${actionText} kept as other` });

  const ipProtocol = str(r, 'ip_protocol') ?? 'IPV4_IPV6';
  const family: Family = ipProtocol === 'IPV4' ? 'ipv4' : ipProtocol === 'IPV6' ? 'ipv6' : 'both';
  const src = readGroups(r, 'source_groups', where, ctx);
  const dst = readGroups(r, 'destination_groups', where, ctx);
  const s = limitFamily(src.cidrs, family);
  const d = limitFamily(dst.cidrs, family);
  const dropped = [...s.dropped, ...d.dropped];
  if (dropped.length)
    sink.note({
      line: source.lineOf(r),
      column: null,
      what: `${where}: ip_protocol ${ipProtocol}: ${dropped.join(', ')} can never match`,
    });

  const conditions: string[] = [];
  const unresolved = [...src.unresolved, ...dst.unresolved];
  const scope = policyScope.length ? policyScope : groupPaths(arr(r, 'scope'));
  if (scope.length) {
    conditions.push(`applied to ${scope.join(' or ')}`);
    unresolved.push(...scope);
    for (const g of scope)
      ctx.once(`group ${g}`, source.lineOf(r), `group ${g} is defined outside this export; kept unresolved`);
  }
  const profiles = groupPaths(arr(r, 'profiles'));
  if (profiles.length) conditions.push(`context profile ${profiles.join(' or ')}`);

  const services: ServiceMatch[] = [];
  const entries = (arr(r, 'service_entries') ?? []).filter(isObject);
  if (has(r, 'service_entries') && entries.length === 0 && groupPaths(arr(r, 'services')).length === 0)
    sink.note({
      line: source.lineOf(r),
      column: null,
      what: `${where}: service_entries is empty and services is ANY, so the rule matches every protocol and port`,
    });
  for (const e of entries) services.push(serviceEntry(e, where, ctx));
  for (const p of groupPaths(arr(r, 'services'))) {
    services.push({ ...ANY_SERVICE, conditions: [`service ${p}`] });
    unresolved.push(p);
    ctx.once(`service ${p}`, source.lineOf(r), `service ${p} is defined outside this export; kept unresolved`);
  }
  const direction = (str(r, 'direction') ?? 'IN_OUT').toUpperCase();
  const loc = source.locate(r);
  const base: Rule = {
    ...blankRule(ctx.device, ruleset, order, action ?? 'other'),
    direction: direction === 'IN' ? 'in' : direction === 'OUT' ? 'out' : null,
    target: action ? null : actionText,
    sources: s.kept,
    sourcesNegated: field(r, 'sources_excluded') === true,
    destinations: d.kept,
    destinationsNegated: field(r, 'destinations_excluded') === true,
    enabled: field(r, 'disabled') !== true,
    name,
    comment: str(r, 'notes') || str(r, 'description') || null,
    objects: [...new Set([...src.unresolved, ...dst.unresolved, ...scope])],
    unresolved: [...new Set(unresolved)],
    conditions,
    lineFrom: loc.lineFrom,
    lineTo: loc.lineTo,
    text: capText(loc.text),
  };
  return splitByService(base, services, order);
}
