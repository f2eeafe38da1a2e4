// Google Cloud firewalls: VPC firewall rules ('gcloud compute firewall-rules list --format=json', the API's
// {"items": [...]}, a recorded {"headers","body"} answer, networks.getEffectiveFirewalls) and firewall
// policies (hierarchical / network policies: {"rules": [{"match": ...}]}). One model rule per protocol
// entry of a GCP rule; rules run by ascending priority, deny before allow at equal priority (GCP's tie rule).
//
// VPC rules of a network end in the implied rules: deny all ingress, allow all egress (the policies).
// A firewall policy hands what it does not decide to the next level ("goto_next"), written here as
// 'return' for its rules and its policy. Network tags and service accounts are unresolved: target ones
// narrow which instances the rule protects, source ones add instances to the sources.
import { blankRule, type RuleAction } from '../../model/rule';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { ANY, ANY_V4, parseCidr } from './cidr';
import {
  arr,
  field,
  has,
  isObject,
  lastSegment,
  normaliseProtocol,
  note,
  noteUnknownFields,
  num,
  obj,
  parsePortText,
  str,
  type JsonObject,
} from './cloud-common';
import { parseJsonWithSource, wholeTextParser, type Source } from './cloud-source';

const WHAT =
  "GCP firewall JSON ('gcloud compute firewall-rules list --format=json', the API's {\"items\": [...]}, getEffectiveFirewalls, or firewall policies with rules)";

// Identity, timestamps and links do not change what a rule matches; logConfig/enableLogging only say
// whether matches are logged (a monitoring fact, not a match).
const FIREWALL_FIELDS = new Set([
  'id',
  'kind',
  'name',
  'description',
  'network',
  'priority',
  'direction',
  'allowed',
  'denied',
  'sourceRanges',
  'destinationRanges',
  'sourceTags',
  'sourceServiceAccounts',
  'targetTags',
  'targetServiceAccounts',
  'disabled',
  'logConfig',
  'enableLogging',
  'creationTimestamp',
  'selfLink',
]);
const POLICY_FIELDS = new Set([
  'id',
  'kind',
  'name',
  'shortName',
  'displayName',
  'description',
  'type',
  'rules',
  'parent',
  'associations',
  'fingerprint',
  'creationTimestamp',
  'selfLink',
  'selfLinkWithId',
  'ruleTupleCount',
  'region',
  'priority',
]);
const POLICY_RULE_FIELDS = new Set([
  'kind',
  'ruleName',
  'description',
  'priority',
  'action',
  'direction',
  'match',
  'targetResources',
  'targetServiceAccounts',
  'targetSecureTags',
  'disabled',
  'enableLogging',
  'ruleTupleCount',
  'securityProfileGroup',
  'tlsInspect',
]);
// Address-like matches of firewall policies that cannot be resolved offline.
const UNRESOLVED_MATCHES: Record<string, string> = {
  srcFqdns: 'FQDN',
  destFqdns: 'FQDN',
  srcRegionCodes: 'region',
  destRegionCodes: 'region',
  srcThreatIntelligences: 'threat-intelligence list',
  destThreatIntelligences: 'threat-intelligence list',
  srcAddressGroups: 'address group',
  destAddressGroups: 'address group',
  srcNetworkScope: 'network scope',
  destNetworkScope: 'network scope',
  srcNetworks: 'network',
};
const MATCH_FIELDS = new Set([
  'srcIpRanges',
  'destIpRanges',
  'layer4Configs',
  'srcSecureTags',
  ...Object.keys(UNRESOLVED_MATCHES),
]);

interface Pending {
  device: string;
  ruleset: string;
  direction: 'in' | 'out';
  priority: number;
  deny: boolean;
  /** Position in the file, to keep file order among equals. */
  index: number;
  emit: (order: number) => void;
}

/** Where the rule came from: recorded answers wrap the API JSON in {"headers", "body"}. */
function unwrap(doc: unknown, sink: ImportSink): unknown {
  if (isObject(doc) && isObject(field(doc, 'headers')) && has(doc, 'body')) {
    const headers = obj(doc, 'headers')!;
    sink.meta('recording', `recorded API answer (status ${str(headers, 'status') ?? '?'})`);
    const location = str(headers, 'content-location');
    if (location) sink.meta('recordedFrom', location);
    return field(doc, 'body');
  }
  return doc;
}

/** "https://…/projects/p/global/networks/default" -> "projects/p/networks/default". */
function networkDevice(network: string | null): string {
  if (!network) return 'gcp';
  const project = /projects\/([^/]+)/.exec(network)?.[1];
  return `${project ? `projects/${project}/` : ''}networks/${lastSegment(network)}`;
}

function addresses(list: unknown[] | null, what: string, where: string, sink: ImportSink, source: Source, at: unknown) {
  const cidrs: string[] = [];
  const bad: string[] = [];
  for (const raw of list ?? []) {
    const cidr = typeof raw === 'string' ? parseCidr(raw) : null;
    if (cidr) cidrs.push(cidr);
    else {
      bad.push(String(raw));
      note(sink, source, at, `${where}: ${what} entry ${JSON.stringify(raw)} is not a CIDR; kept unresolved`);
    }
  }
  return { cidrs: [...new Set(cidrs)], bad };
}

function strings(o: JsonObject, key: string): string[] {
  return (arr(o, key) ?? []).filter((v): v is string => typeof v === 'string');
}

/** One entry of allowed/denied/layer4Configs: protocol and ports. */
function layer4(entry: JsonObject, protoKey: string, where: string, sink: ImportSink, source: Source) {
  const raw = str(entry, protoKey) ?? '';
  const protocol = normaliseProtocol(raw);
  const conditions: string[] = [];
  if (protocol === null) {
    note(sink, source, entry, `${where}: ${protoKey} "${raw}" not understood; kept as written`);
    conditions.push(`${protoKey} ${raw}`);
  }
  let ports: string[] | null = null;
  const rawPorts = arr(entry, 'ports');
  if (rawPorts && rawPorts.length > 0) {
    ports = [];
    for (const p of rawPorts) {
      const range = typeof p === 'string' || typeof p === 'number' ? parsePortText(String(p)) : null;
      if (range) ports.push(range);
      else {
        note(sink, source, entry, `${where}: port ${JSON.stringify(p)} not understood; kept in the rule's conditions`);
        conditions.push(`port ${String(p)}`);
      }
    }
  }
  return { protocol: protocol ?? (raw || 'any'), ports, conditions };
}

function vpcRule(fw: JsonObject, source: Source, sink: ImportSink, out: Pending[]): void {
  const name = str(fw, 'name');
  if (!name) throw new ParseError(`a firewall rule without a name; expected ${WHAT}`, source.lineOf(fw), null);
  noteUnknownFields(sink, source, fw, FIREWALL_FIELDS, `firewall rule ${name}`);
  const device = networkDevice(str(fw, 'network'));
  const direction = (str(fw, 'direction') ?? 'INGRESS').toUpperCase() === 'EGRESS' ? 'out' : 'in';
  const ruleset = `firewall rules ${direction === 'in' ? 'ingress' : 'egress'}`;
  const priority = num(fw, 'priority') ?? 1000;
  const allowed = arr(fw, 'allowed');
  const denied = arr(fw, 'denied');
  if (allowed && denied) note(sink, source, fw, `firewall rule ${name}: both allowed and denied; both imported`);
  if (!allowed && !denied) {
    throw new ParseError(
      `firewall rule ${name}: neither allowed nor denied; expected ${WHAT}`,
      source.lineOf(fw),
      null,
    );
  }

  const src = addresses(arr(fw, 'sourceRanges'), 'sourceRanges', `firewall rule ${name}`, sink, source, fw);
  const dst = addresses(arr(fw, 'destinationRanges'), 'destinationRanges', `firewall rule ${name}`, sink, source, fw);
  const unresolved: string[] = [...src.bad, ...dst.bad];
  const conditions: string[] = [
    ...src.bad.map((b) => `source ${b} (not an address)`),
    ...dst.bad.map((b) => `destination ${b} (not an address)`),
  ];
  const sourceTags = strings(fw, 'sourceTags');
  const sourceAccounts = strings(fw, 'sourceServiceAccounts');
  for (const t of sourceTags) conditions.push(`or from instances with network tag ${t}`);
  for (const a of sourceAccounts) conditions.push(`or from instances running as service account ${a}`);
  const targetTags = strings(fw, 'targetTags');
  const targetAccounts = strings(fw, 'targetServiceAccounts');
  if (targetTags.length) conditions.push(`applies only to instances with network tag ${targetTags.join(' or ')}`);
  if (targetAccounts.length) conditions.push(`applies only to instances running as ${targetAccounts.join(' or ')}`);
  unresolved.push(...sourceTags.map((t) => `tag ${t}`), ...sourceAccounts.map((a) => `service account ${a}`));
  unresolved.push(...targetTags.map((t) => `tag ${t}`), ...targetAccounts.map((a) => `service account ${a}`));

  let sources: string[];
  let destinations: string[];
  if (direction === 'in') {
    // With no source at all GCP applies an ingress rule to every IPv4 source (0.0.0.0/0).
    const noSource = !has(fw, 'sourceRanges') && sourceTags.length === 0 && sourceAccounts.length === 0;
    sources = noSource ? [ANY_V4] : src.cidrs;
    destinations = has(fw, 'destinationRanges') ? dst.cidrs : ANY;
  } else {
    // An egress rule without destinationRanges covers every IPv4 destination.
    sources = has(fw, 'sourceRanges') ? src.cidrs : ANY;
    destinations = has(fw, 'destinationRanges') ? dst.cidrs : [ANY_V4];
  }
  const loc = source.locate(fw);
  const entries: [JsonObject, RuleAction][] = [
    ...(allowed ?? []).filter(isObject).map((e): [JsonObject, RuleAction] => [e, 'allow']),
    ...(denied ?? []).filter(isObject).map((e): [JsonObject, RuleAction] => [e, 'deny']),
  ];
  if (entries.length === 0) note(sink, source, fw, `firewall rule ${name}: no protocol entry; it matches nothing`);
  entries.forEach(([entry, action]) => {
    const l4 = layer4(entry, 'IPProtocol', `firewall rule ${name}`, sink, source);
    out.push({
      device,
      ruleset,
      direction,
      priority,
      deny: action === 'deny',
      index: out.length,
      emit: (order) =>
        sink.rule({
          ...blankRule(device, ruleset, order, action),
          direction,
          sources,
          destinations,
          protocol: l4.protocol,
          destinationPorts: l4.ports,
          enabled: field(fw, 'disabled') !== true,
          name,
          comment: str(fw, 'description') || null,
          objects: [...sourceTags, ...sourceAccounts, ...targetTags, ...targetAccounts],
          unresolved,
          conditions: [...conditions, ...l4.conditions],
          lineFrom: loc.lineFrom,
          lineTo: loc.lineTo,
          text: loc.text,
        }),
    });
  });
}

const POLICY_ACTIONS: Record<string, RuleAction> = { allow: 'allow', deny: 'deny', goto_next: 'return' };

function policyRules(policy: JsonObject, pi: number, source: Source, sink: ImportSink, out: Pending[]): void {
  const policyName = str(policy, 'displayName') ?? str(policy, 'shortName') ?? str(policy, 'name') ?? `#${pi + 1}`;
  noteUnknownFields(sink, source, policy, POLICY_FIELDS, `firewall policy ${policyName}`);
  const device = `firewall policy ${policyName}`;
  for (const direction of ['in', 'out'] as const) {
    // Traffic no rule of the policy decides goes on to the next level (the next policy or the VPC rules).
    sink.policy({
      device,
      ruleset: direction === 'in' ? 'ingress' : 'egress',
      policy: 'return',
      lineFrom: source.lineOf(policy),
    });
  }
  (arr(policy, 'rules') ?? []).forEach((r, ri) => {
    if (!isObject(r)) {
      note(sink, source, policy, `firewall policy ${policyName}: rule ${ri + 1} is not an object; skipped`);
      return;
    }
    const priority = num(r, 'priority');
    if (priority === null)
      throw new ParseError(
        `firewall policy ${policyName}: a rule without a priority; expected ${WHAT}`,
        source.lineOf(r),
        null,
      );
    const where = `firewall policy ${policyName} rule ${priority}`;
    noteUnknownFields(sink, source, r, POLICY_RULE_FIELDS, where);
    const rawAction = str(r, 'action') ?? '';
    const action = POLICY_ACTIONS[rawAction.toLowerCase()] ?? 'other';
    const direction = (str(r, 'direction') ?? 'INGRESS').toUpperCase() === 'EGRESS' ? 'out' : 'in';
    const ruleset = direction === 'in' ? 'ingress' : 'egress';
    const outer = obj(r, 'match') ?? {};
    // The v1 API puts the match fields in "match"; older (beta) exports nest them in "match.config".
    const match = obj(outer, 'config') ?? outer;
    noteUnknownFields(
      sink,
      source,
      match,
      match === outer ? new Set([...MATCH_FIELDS, 'versionedExpr', 'config']) : MATCH_FIELDS,
      where,
    );
    if (match !== outer) noteUnknownFields(sink, source, outer, new Set(['versionedExpr', 'config']), where);
    const src = addresses(arr(match, 'srcIpRanges'), 'srcIpRanges', where, sink, source, r);
    const dst = addresses(arr(match, 'destIpRanges'), 'destIpRanges', where, sink, source, r);
    const unresolved: string[] = [...src.bad, ...dst.bad];
    const conditions: string[] = [];
    if (action === 'other') conditions.push(`action ${rawAction}`);
    let srcNamed = false;
    let dstNamed = false;
    for (const [key, kind] of Object.entries(UNRESOLVED_MATCHES)) {
      const values = arr(match, key);
      if (!values || values.length === 0) continue;
      const names = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      if (key.startsWith('src')) srcNamed = true;
      else dstNamed = true;
      unresolved.push(...names.map((n) => `${kind} ${n}`));
      conditions.push(`${key.startsWith('src') ? 'or from' : 'or to'} ${kind} ${names.join(', ')}`);
    }
    const secureTags = (arr(match, 'srcSecureTags') ?? []).map(
      (t) => (isObject(t) ? str(t, 'name') : null) ?? JSON.stringify(t),
    );
    if (secureTags.length) {
      srcNamed = true;
      unresolved.push(...secureTags.map((t) => `secure tag ${t}`));
      conditions.push(`or from instances with secure tag ${secureTags.join(', ')}`);
    }
    const targets = [
      ...strings(r, 'targetResources').map((t) => `network ${lastSegment(t)}`),
      ...strings(r, 'targetServiceAccounts').map((a) => `service account ${a}`),
      ...(arr(r, 'targetSecureTags') ?? []).map(
        (t) => `secure tag ${(isObject(t) ? str(t, 'name') : null) ?? JSON.stringify(t)}`,
      ),
    ];
    if (targets.length) {
      unresolved.push(...targets);
      conditions.push(`applies only to ${targets.join(' or ')}`);
    }
    const anySrc = !has(match, 'srcIpRanges') && !srcNamed;
    const anyDst = !has(match, 'destIpRanges') && !dstNamed;
    const sources = anySrc ? ANY : src.cidrs;
    const destinations = anyDst ? ANY : dst.cidrs;
    const l4s = (arr(match, 'layer4Configs') ?? []).filter(isObject);
    const loc = source.locate(r);
    (l4s.length ? l4s : [null]).forEach((entry) => {
      const l4 = entry
        ? layer4(entry, 'ipProtocol', where, sink, source)
        : { protocol: 'any', ports: null, conditions: [] };
      out.push({
        device,
        ruleset,
        direction,
        priority,
        deny: action === 'deny',
        index: out.length,
        emit: (order) =>
          sink.rule({
            ...blankRule(device, ruleset, order, action),
            direction,
            target: action === 'other' ? rawAction : null,
            sources,
            destinations,
            protocol: l4.protocol,
            destinationPorts: l4.ports,
            enabled: field(r, 'disabled') !== true,
            name: str(r, 'ruleName') ?? `${policyName} ${priority}`,
            comment: str(r, 'description') || null,
            unresolved,
            conditions: [...conditions, ...l4.conditions],
            lineFrom: loc.lineFrom,
            lineTo: loc.lineTo,
            text: loc.text,
          }),
      });
    });
  });
}

const isPolicy = (o: JsonObject) => Array.isArray(field(o, 'rules'));
const isFirewall = (o: JsonObject) => has(o, 'allowed') || has(o, 'denied');

function parseDocument(doc: unknown, source: Source, sink: ImportSink): void {
  const body = unwrap(doc, sink);
  let firewalls: unknown[] = [];
  let policies: unknown[] = [];
  if (Array.isArray(body)) {
    firewalls = body.filter((o) => isObject(o) && isFirewall(o));
    policies = body.filter((o) => isObject(o) && !isFirewall(o) && isPolicy(o));
    body.forEach((o, i) => {
      if (!isObject(o) || (!isFirewall(o) && !isPolicy(o)))
        note(sink, source, body, `item ${i + 1} is neither a firewall rule nor a firewall policy; skipped`);
    });
    if (body.length > 0 && firewalls.length === 0 && policies.length === 0) {
      throw new ParseError(`no firewall rule or policy in the list; expected ${WHAT}`, 1, 1);
    }
  } else if (isObject(body)) {
    if (Array.isArray(field(body, 'items'))) {
      firewalls = arr(body, 'items')!;
      noteUnknownFields(
        sink,
        source,
        body,
        new Set(['id', 'kind', 'items', 'selfLink', 'nextPageToken', 'warning']),
        'firewall list',
      );
      if (str(body, 'nextPageToken'))
        note(
          sink,
          source,
          body,
          'nextPageToken is set: the listing is one page of several; rules on other pages are missing',
        );
    } else if (
      Array.isArray(field(body, 'firewalls')) ||
      Array.isArray(field(body, 'firewallPolicys')) ||
      Array.isArray(field(body, 'firewallPolicies'))
    ) {
      // networks.getEffectiveFirewalls
      firewalls = arr(body, 'firewalls') ?? [];
      policies = [...(arr(body, 'firewallPolicys') ?? []), ...(arr(body, 'firewallPolicies') ?? [])];
      noteUnknownFields(
        sink,
        source,
        body,
        new Set(['firewalls', 'firewallPolicys', 'firewallPolicies']),
        'effective firewalls',
      );
    } else if (isFirewall(body)) firewalls = [body];
    else if (isPolicy(body)) policies = [body];
    else throw new ParseError(`no firewall rules or policies; expected ${WHAT}`, 1, 1);
  } else {
    throw new ParseError(`a JSON ${body === null ? 'null' : typeof body}; expected ${WHAT}`, 1, 1);
  }

  const pending: Pending[] = [];
  const devices = new Set<string>();
  firewalls.forEach((fw, i) => {
    if (!isObject(fw)) {
      note(sink, source, firewalls, `firewall ${i + 1} is not an object; skipped`);
      return;
    }
    vpcRule(fw, source, sink, pending);
    devices.add(networkDevice(str(fw, 'network')));
  });
  policies.forEach((p, i) => {
    if (isObject(p)) policyRules(p, i, source, sink, pending);
  });
  for (const device of devices) {
    // GCP's implied rules at priority 65535: deny all ingress, allow all egress.
    sink.policy({ device, ruleset: 'firewall rules ingress', policy: 'deny', lineFrom: null });
    sink.policy({ device, ruleset: 'firewall rules egress', policy: 'allow', lineFrom: null });
  }
  sink.meta('firewallRules', String(firewalls.length));
  if (policies.length) sink.meta('firewallPolicies', String(policies.length));

  const groups = new Map<string, Pending[]>();
  for (const p of pending) {
    const key = `${p.device}\u0000${p.ruleset}`;
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => a.priority - b.priority || Number(b.deny) - Number(a.deny) || a.index - b.index);
    list.forEach((p, i) => p.emit(i + 1));
  }
}

export const gcpFirewall: FormatSpec = {
  id: 'gcp-firewall',
  label: 'Google Cloud firewall rules and firewall policies (JSON)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'JSON with "kind": "compute#firewall…", or rules with "IPProtocol" under "allowed"/"denied", or firewall-policy rules with "layer4Configs"',
  detect(head) {
    if (!/^\s*[{[]/.test(head)) return 0;
    if (/"kind"\s*:\s*"compute#firewall/.test(head)) return 0.95;
    if (/"(allowed|denied)"\s*:\s*\[/.test(head) && /"IPProtocol"\s*:/.test(head)) return 0.9;
    if (/"layer4Configs"\s*:\s*\[/.test(head) && /"(src|dest)IpRanges"\s*:/.test(head)) return 0.9;
    return 0;
  },
  needsHostName: false,
  create(sink) {
    return wholeTextParser(WHAT, (text) => {
      const { value, source } = parseJsonWithSource(text, WHAT);
      parseDocument(value, source, sink);
    });
  },
};
