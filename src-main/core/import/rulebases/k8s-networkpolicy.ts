// Kubernetes NetworkPolicy (networking.k8s.io/v1) as YAML (one or many documents) or JSON, single
// policies, NetworkPolicyList or List. A pod selected by a policy is default-deny for the policy's
// directions (the ruleset policy); each ingress/egress rule allows peers x ports. One ruleset per policy
// and direction ("namespace/name ingress"); one model rule per peer x protocol of a rule.
//
// ipBlock peers become CIDRs with their "except" blocks subtracted exactly; pod and namespace selectors
// cannot be resolved offline (unresolved, no addresses); named ports likewise (unresolved, no ports).
import { blankRule } from '../../model/rule';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { ANY, parseCidr } from './cidr';
import {
  arr,
  field,
  isObject,
  normaliseProtocol,
  note,
  noteUnknownFields,
  obj,
  portRange,
  str,
  subtractCidrs,
  type JsonObject,
} from './cloud-common';
import { parseYamlWithSource, wholeTextParser, type Source } from './cloud-source';

const WHAT =
  'Kubernetes NetworkPolicy YAML or JSON (kind NetworkPolicy, NetworkPolicyList or List, apiVersion networking.k8s.io/v1)';

// Labels, annotations (except a comment), uid, resourceVersion and the like describe the object, not traffic.
const SPEC_FIELDS = new Set(['podSelector', 'policyTypes', 'ingress', 'egress']);
const RULE_FIELDS = { in: new Set(['from', 'ports']), out: new Set(['to', 'ports']) };
const PEER_FIELDS = new Set(['ipBlock', 'podSelector', 'namespaceSelector']);
const PORT_FIELDS = new Set(['protocol', 'port', 'endPort']);

/** A label selector as people read it: "role=db, tier in (a, b)"; "" for the empty selector. */
function selectorText(sel: JsonObject): string {
  const parts: string[] = [];
  const labels = obj(sel, 'matchLabels') ?? {};
  for (const k of Object.keys(labels)) parts.push(`${k}=${String(labels[k])}`);
  for (const e of arr(sel, 'matchExpressions') ?? []) {
    if (!isObject(e)) continue;
    const key = str(e, 'key') ?? '?';
    const op = str(e, 'operator') ?? '?';
    const values = (arr(e, 'values') ?? []).map(String);
    if (op === 'Exists') parts.push(key);
    else if (op === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${op.toLowerCase()} (${values.join(', ')})`);
  }
  return parts.join(', ');
}

interface Peer {
  cidrs: string[];
  objects: string[];
  unresolved: string[];
  conditions: string[];
}

function peerOf(
  p: JsonObject,
  side: 'from' | 'to',
  namespace: string | null,
  where: string,
  sink: ImportSink,
  source: Source,
): Peer | null {
  noteUnknownFields(sink, source, p, PEER_FIELDS, where);
  const block = obj(p, 'ipBlock');
  if (block) {
    const raw = str(block, 'cidr') ?? '';
    const cidr = parseCidr(raw);
    const except = (arr(block, 'except') ?? []).map(String);
    if (!cidr) {
      note(sink, source, p, `${where}: ipBlock cidr ${JSON.stringify(raw)} is not a CIDR; kept unresolved`);
      return { cidrs: [], objects: [], unresolved: [raw], conditions: [`${side} ipBlock ${raw} (not a CIDR)`] };
    }
    const badExcept = except.filter((e) => parseCidr(e) === null);
    if (badExcept.length) {
      // An except block that cannot be read cannot be subtracted: the peer is left unresolved rather than widened.
      note(
        sink,
        source,
        p,
        `${where}: ipBlock except ${badExcept.join(', ')} is not a CIDR; the peer is kept unresolved`,
      );
      return {
        cidrs: [],
        objects: [],
        unresolved: [`ipBlock ${raw} except ${except.join(', ')}`],
        conditions: [`${side} ipBlock ${raw} except ${except.join(', ')}`],
      };
    }
    return {
      cidrs: except.length ? subtractCidrs([cidr], except) : [cidr],
      objects: [],
      unresolved: [],
      conditions: except.length ? [`${side} ipBlock ${raw} except ${except.join(', ')}`] : [],
    };
  }
  const pods = obj(p, 'podSelector');
  const namespaces = obj(p, 'namespaceSelector');
  if (!pods && !namespaces) {
    note(sink, source, p, `${where}: a peer with no ipBlock, podSelector or namespaceSelector; skipped`);
    return null;
  }
  const podText = pods ? selectorText(pods) : '';
  const podPart = pods && podText ? `pods [${podText}]` : 'all pods';
  const nsText = namespaces ? selectorText(namespaces) : '';
  const nsPart = namespaces
    ? nsText
      ? `in namespaces [${nsText}]`
      : 'in all namespaces'
    : namespace
      ? `in namespace ${namespace}`
      : "in the policy's namespace";
  const label = `${podPart} ${nsPart}`;
  return {
    cidrs: [],
    objects: [],
    unresolved: [label],
    conditions: [`${side} ${label} (pod addresses are not in this export)`],
  };
}

interface PortGroup {
  protocol: string;
  ports: string[] | null;
  named: string[];
  conditions: string[];
}

/** The ports of a rule grouped by protocol; no ports = every protocol and port. */
function portGroups(list: unknown[] | null, where: string, sink: ImportSink, source: Source, at: unknown): PortGroup[] {
  if (!list || list.length === 0) return [{ protocol: 'any', ports: null, named: [], conditions: [] }];
  const groups = new Map<string, PortGroup & { all: boolean }>();
  for (const p of list) {
    if (!isObject(p)) {
      note(sink, source, at, `${where}: port entry ${JSON.stringify(p)} not understood; skipped`);
      continue;
    }
    noteUnknownFields(sink, source, p, PORT_FIELDS, where);
    const rawProtocol = str(p, 'protocol') ?? 'TCP';
    const protocol = normaliseProtocol(rawProtocol) ?? rawProtocol;
    const g = groups.get(protocol) ?? { protocol, ports: [], named: [], conditions: [], all: false };
    groups.set(protocol, g);
    const port = field(p, 'port');
    const end = field(p, 'endPort');
    if (port === undefined || port === null) g.all = true;
    else if (typeof port === 'number' || /^\d+$/.test(String(port))) {
      const first = Number(port);
      const range = portRange(first, typeof end === 'number' ? end : first);
      const written = `${String(port)}${end !== undefined ? `-${String(end)}` : ''}`;
      if (range) g.ports!.push(range);
      else {
        note(sink, source, p, `${where}: port ${written} not understood; kept in the rule's conditions`);
        g.conditions.push(`port ${written}`);
      }
    } else {
      // A named port is the container port of that name on each selected pod: unknown here.
      g.named.push(String(port));
      g.conditions.push(`named port ${String(port)} (resolved per pod)`);
    }
  }
  return [...groups.values()].map((g) => ({
    protocol: g.protocol,
    ports: g.all ? null : g.ports,
    named: g.named,
    conditions: g.all ? [] : g.conditions,
  }));
}

function importPolicy(np: JsonObject, source: Source, sink: ImportSink): void {
  const meta = obj(np, 'metadata');
  const name = str(meta, 'name');
  const spec = obj(np, 'spec');
  if (!name || !spec)
    throw new ParseError(`a NetworkPolicy without metadata.name or spec; expected ${WHAT}`, source.lineOf(np), null);
  const namespace = str(meta, 'namespace');
  const device = namespace ?? 'kubernetes';
  const id = namespace ? `${namespace}/${name}` : name;
  noteUnknownFields(sink, source, spec, SPEC_FIELDS, `NetworkPolicy ${id}`);
  const comment = str(obj(meta, 'annotations'), 'comment') ?? str(obj(meta, 'annotations'), 'description');

  const podSelector = obj(spec, 'podSelector');
  if (!podSelector)
    note(sink, source, spec, `NetworkPolicy ${id}: no podSelector; taken as {} (all pods of the namespace)`);
  const podText = podSelector ? selectorText(podSelector) : '';
  const scope = namespace ? `namespace ${namespace}` : "the policy's namespace";
  const target = podText ? `pods [${podText}] in ${scope}` : `all pods in ${scope}`;

  const declared = arr(spec, 'policyTypes');
  const types = declared
    ? declared.map((t) => String(t).toLowerCase())
    : ['ingress', ...(field(spec, 'egress') !== undefined ? ['egress'] : [])];
  for (const t of types)
    if (t !== 'ingress' && t !== 'egress')
      note(sink, source, spec, `NetworkPolicy ${id}: policyType ${t} not understood`);

  for (const direction of ['in', 'out'] as const) {
    const key = direction === 'in' ? 'ingress' : 'egress';
    const rules = arr(spec, key) ?? [];
    if (!types.includes(key)) {
      if (rules.length)
        note(
          sink,
          source,
          spec,
          `NetworkPolicy ${id}: ${key} rules but policyTypes omits ${key}; Kubernetes ignores them`,
        );
      continue;
    }
    const ruleset = `${id} ${key}`;
    // Selected pods admit only what some rule of some policy allows for this direction.
    sink.policy({ device, ruleset, policy: 'deny', lineFrom: source.lineOf(np) });
    // Like a security group, the policy protects its own pods; only a narrowing selector is worth a condition.
    const targetConditions = podText ? [`${direction === 'in' ? 'to' : 'from'} ${target}`] : [];
    const targetUnresolved = podText ? [`pods [${podText}]`] : [];
    let order = 0;
    rules.forEach((r, ri) => {
      const where = `NetworkPolicy ${id} ${key} rule ${ri + 1}`;
      if (!isObject(r)) {
        note(sink, source, spec, `${where}: not an object; skipped`);
        return;
      }
      noteUnknownFields(sink, source, r, RULE_FIELDS[direction], where);
      const side = direction === 'in' ? 'from' : 'to';
      const peerList = arr(r, side) ?? [];
      const peers: Peer[] = peerList.length
        ? peerList.flatMap((p) => {
            if (!isObject(p)) {
              note(sink, source, r, `${where}: peer ${JSON.stringify(p)} not understood; skipped`);
              return [];
            }
            const peer = peerOf(p, side, namespace, where, sink, source);
            return peer ? [peer] : [];
          })
        : // No peers: every source (ingress) or destination (egress), in or outside the cluster.
          [{ cidrs: ANY, objects: [], unresolved: [], conditions: [] }];
      const groups = portGroups(arr(r, 'ports'), where, sink, source, r);
      const loc = source.locate(r);
      for (const peer of peers) {
        for (const g of groups) {
          order++;
          sink.rule({
            ...blankRule(device, ruleset, order, 'allow'),
            direction,
            sources: direction === 'in' ? peer.cidrs : ANY,
            destinations: direction === 'in' ? ANY : peer.cidrs,
            protocol: g.protocol,
            destinationPorts: g.ports,
            name,
            comment,
            objects: peer.objects,
            unresolved: [...targetUnresolved, ...peer.unresolved, ...g.named.map((n) => `named port ${n}`)],
            conditions: [...targetConditions, ...peer.conditions, ...g.conditions],
            lineFrom: loc.lineFrom,
            lineTo: loc.lineTo,
            text: loc.text,
          });
        }
      }
    });
  }
}

function parseDocuments(documents: unknown[], source: Source, sink: ImportSink): void {
  let found = 0;
  let other = 0;
  const visit = (doc: unknown, where: string) => {
    if (doc === null || doc === undefined) return;
    if (!isObject(doc)) {
      other++;
      note(sink, source, null, `${where}: not a Kubernetes object; skipped`);
      return;
    }
    const kind = str(doc, 'kind');
    const api = str(doc, 'apiVersion') ?? '';
    if (kind === 'NetworkPolicyList' || kind === 'List') {
      (arr(doc, 'items') ?? []).forEach((item, i) => visit(item, `${where} item ${i + 1}`));
      return;
    }
    if (kind === 'NetworkPolicy' && (api === '' || api.startsWith('networking.k8s.io/'))) {
      found++;
      importPolicy(doc, source, sink);
      return;
    }
    other++;
    // Calico, Cilium, AdminNetworkPolicy and the like use other models; Deployments etc. are not policies.
    note(
      sink,
      source,
      doc,
      `${where}: ${kind ?? 'an object without kind'}${api ? ` (${api})` : ''} is not a networking.k8s.io NetworkPolicy; skipped`,
    );
  };
  documents.forEach((d, i) => visit(d, `document ${i + 1}`));
  if (found === 0) {
    throw new ParseError(
      other
        ? `no networking.k8s.io NetworkPolicy among ${other} objects; expected ${WHAT}`
        : `no Kubernetes object; expected ${WHAT}`,
      1,
      1,
    );
  }
  sink.meta('networkPolicies', String(found));
}

export const k8sNetworkPolicy: FormatSpec = {
  id: 'k8s-networkpolicy',
  label: 'Kubernetes NetworkPolicy (YAML/JSON)',
  family: 'rulebase',
  parserVersion: '1',
  detector: 'YAML or JSON with kind NetworkPolicy / NetworkPolicyList and apiVersion networking.k8s.io',
  detect(head) {
    const kind = /(^|[\s{,])["']?kind["']?\s*:\s*["']?NetworkPolicy(List)?["']?(?=\s*[,}\r\n]|\s*$)/m.test(head);
    return kind && /networking\.k8s\.io\//.test(head) ? 0.95 : 0;
  },
  needsHostName: false,
  create(sink) {
    return wholeTextParser(WHAT, (text) => {
      const { documents, source } = parseYamlWithSource(text, WHAT);
      parseDocuments(documents, source, sink);
    });
  },
};
