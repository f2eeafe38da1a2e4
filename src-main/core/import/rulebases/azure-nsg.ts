// Azure network security groups: 'az network nsg show' / 'nsg list' (flattened), ARM resource JSON
// (fields under "properties"), the REST list {"value": [...]}, and VCR cassettes (JSON or YAML) that
// recorded those API answers. Rules run by ascending priority per direction, default rules (65000+) last.
//
// Address prefixes: "*", "Any" and "0.0.0.0/0" are any address. The service tag "Internet" is taken as
// public address space (see publicAddressSpace) and named in the rule's objects and conditions: Azure
// defines it as the space outside the virtual network reachable from the public Internet, and private
// ranges behind gateways are not part of it. Other service tags (VirtualNetwork, AzureLoadBalancer,
// Storage...) and application security groups are unresolved: the rule's address set for that side is
// empty (it admits nothing resolvable) and the tag or group is named in unresolved and conditions.
import { blankRule } from '../../model/rule';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { ANY, parseCidr } from './cidr';
import {
  NON_PUBLIC_V4,
  PUBLIC_V6,
  arr,
  field,
  isObject,
  lastSegment,
  normaliseProtocol,
  note,
  noteUnknownFields,
  num,
  obj,
  objects,
  parsePortText,
  publicAddressSpace,
  str,
  type JsonObject,
} from './cloud-common';
import { embeddedSource, parseJsonWithSource, parseYamlWithSource, wholeTextParser, type Source } from './cloud-source';

const WHAT =
  'Azure NSG JSON (\'az network nsg show/list\', ARM resource, REST {"value": [...]}) or a VCR cassette recording it';
const NSG_TYPE = 'microsoft.network/networksecuritygroups';

// Metadata of the resource (ids, etags, location, tags, provisioning state, flow-log links) does not
// change what the NSG matches; subnets and network interfaces say where it applies (kept as metadata).
const NSG_FIELDS = new Set([
  'id',
  'name',
  'type',
  'location',
  'etag',
  'tags',
  'properties',
  'resourceGroup',
  'securityRules',
  'defaultSecurityRules',
  'networkInterfaces',
  'subnets',
  'provisioningState',
  'resourceGuid',
  'flowLogs',
  'flushConnection',
]);
const RULE_FIELDS = new Set([
  'id',
  'name',
  'etag',
  'type',
  'properties',
  'resourceGroup',
  'protocol',
  'sourcePortRange',
  'sourcePortRanges',
  'destinationPortRange',
  'destinationPortRanges',
  'sourceAddressPrefix',
  'sourceAddressPrefixes',
  'destinationAddressPrefix',
  'destinationAddressPrefixes',
  'sourceApplicationSecurityGroups',
  'destinationApplicationSecurityGroups',
  'access',
  'priority',
  'direction',
  'description',
  'provisioningState',
]);

const INTERNET_CONDITION = `service tag Internet taken as public address space (IPv4 outside ${NON_PUBLIC_V4.join(', ')}; IPv6 ${PUBLIC_V6})`;

/** An NSG with the source it was read from (cassettes may embed documents as strings). */
interface FoundNsg {
  nsg: JsonObject;
  source: Source;
}

const propsOf = (o: JsonObject): JsonObject => obj(o, 'properties') ?? o;

function isNsg(o: unknown): o is JsonObject {
  if (!isObject(o)) return false;
  const type = str(o, 'type');
  if (type !== null) return type.toLowerCase() === NSG_TYPE;
  const p = propsOf(o);
  return Array.isArray(field(p, 'securityRules')) || Array.isArray(field(p, 'defaultSecurityRules'));
}

/** The NSGs of one API answer: a list, {"value": [...]}, or one NSG. Null when it is none of these. */
function nsgsOf(body: unknown, source: Source, sink: ImportSink): FoundNsg[] | null {
  if (Array.isArray(body)) {
    const found: FoundNsg[] = [];
    body.forEach((item, i) => {
      if (isNsg(item)) found.push({ nsg: item, source });
      else note(sink, source, body, `item ${i} is not a network security group; skipped`);
    });
    return found;
  }
  if (isNsg(body)) return [{ nsg: body, source }];
  if (isObject(body) && Array.isArray(field(body, 'value'))) {
    if (str(body, 'nextLink')) {
      note(sink, source, body, 'nextLink is set: the listing is one page of several; NSGs on other pages are missing');
    }
    return nsgsOf(field(body, 'value'), source, sink);
  }
  return null;
}

/**
 * A cassette records several API calls; the NSGs imported are their state at the end of the recording:
 * the last answer that shows each NSG wins, earlier snapshots are noted as superseded.
 */
function nsgsOfCassette(doc: JsonObject, source: Source, sink: ImportSink): FoundNsg[] {
  const interactions = arr(doc, 'interactions') ?? [];
  sink.meta('recording', `VCR cassette, ${interactions.length} interactions`);
  const latest = new Map<string, FoundNsg & { interaction: number }>();
  interactions.forEach((it, i) => {
    const n = i + 1;
    const request = isObject(it) ? obj(it, 'request') : null;
    const response = isObject(it) ? obj(it, 'response') : null;
    const call = `interaction ${n} (${str(request, 'method') ?? '?'} ${str(request, 'uri')?.replace(/\?.*$/, '') ?? '?'})`;
    const code = num(obj(response, 'status'), 'code');
    if (!response || code === null || code < 200 || code > 299) {
      note(sink, source, it, `${call}: no successful response (status ${code ?? '?'}); skipped`);
      return;
    }
    const body = obj(response, 'body');
    let data: unknown = field(body, 'data');
    let bodySource = source;
    const raw = field(body, 'string');
    if (data === undefined && typeof raw === 'string' && raw.trim() !== '') {
      try {
        const inner = parseJsonWithSource(raw, 'a JSON response body');
        data = inner.value;
        bodySource = embeddedSource(inner.source, source.lineOf(body));
      } catch (err) {
        if (!(err instanceof ParseError)) throw err;
        note(sink, source, it, `${call}: the response body is not JSON (${err.message}); skipped`);
        return;
      }
    }
    if (data === undefined && raw !== undefined && typeof raw !== 'string') {
      note(sink, source, it, `${call}: the response body is binary (compressed?), not JSON text; skipped`);
      return;
    }
    const found = nsgsOf(data, bodySource, sink);
    if (found === null) {
      const type = isObject(data) ? str(data, 'type') : null;
      const what = type
        ? `a ${lastSegment(type)} resource${str(data as JsonObject, 'name') ? ` (${str(data as JsonObject, 'name')})` : ''}`
        : 'not an NSG answer';
      note(sink, source, it, `${call}: ${what}; not imported (the NSG listings carry the resulting state)`);
      return;
    }
    for (const f of found) {
      const key = (str(f.nsg, 'id') ?? str(f.nsg, 'name') ?? `#${latest.size}`).toLowerCase();
      const before = latest.get(key);
      if (before) {
        note(
          sink,
          source,
          it,
          `${call}: NSG ${str(f.nsg, 'name') ?? key} replaces its state from interaction ${before.interaction}`,
        );
        latest.delete(key);
      }
      latest.set(key, { ...f, interaction: n });
    }
  });
  return [...latest.values()];
}

interface Side {
  cidrs: string[];
  objects: string[];
  unresolved: string[];
  conditions: string[];
}

/** The addresses of one side of a rule from its prefix(es) and application security groups. */
function side(rp: JsonObject, which: 'source' | 'destination', where: string, sink: ImportSink, source: Source): Side {
  const out: Side = { cidrs: [], objects: [], unresolved: [], conditions: [] };
  const prefixes: string[] = [];
  const one = str(rp, `${which}AddressPrefix`);
  if (one !== null && one.trim() !== '') prefixes.push(one.trim());
  for (const p of arr(rp, `${which}AddressPrefixes`) ?? [])
    if (typeof p === 'string' && p.trim() !== '') prefixes.push(p.trim());
  let any = false;
  for (const p of prefixes) {
    const lower = p.toLowerCase();
    if (lower === '*' || lower === 'any') {
      any = true;
      continue;
    }
    if (lower === 'internet') {
      out.cidrs.push(...publicAddressSpace());
      out.objects.push(p);
      out.conditions.push(`${which}: ${INTERNET_CONDITION}`);
      continue;
    }
    const cidr = parseCidr(p);
    if (cidr) {
      if (cidr === '0.0.0.0/0' || cidr === '::/0') out.objects.push(p);
      out.cidrs.push(cidr);
      continue;
    }
    out.objects.push(p);
    out.unresolved.push(p);
    out.conditions.push(`${which}: service tag ${p} (its addresses are not in this export)`);
  }
  for (const g of arr(rp, `${which}ApplicationSecurityGroups`) ?? []) {
    const id = isObject(g) ? str(g, 'id') : null;
    const name = id ? lastSegment(id) : JSON.stringify(g);
    out.objects.push(name);
    out.unresolved.push(name);
    out.conditions.push(`${which}: application security group ${name} (its members are not in this export)`);
  }
  if (any) out.cidrs = [...ANY];
  else if (prefixes.length === 0 && out.unresolved.length === 0) {
    note(
      sink,
      source,
      rp,
      `${where}: no ${which} address prefix or application security group; the rule matches no ${which}`,
    );
  }
  out.cidrs = [...new Set(out.cidrs)];
  return out;
}

/** Port ranges from the singular and plural fields; "*" is any (null). */
function ports(
  rp: JsonObject,
  which: 'source' | 'destination',
  where: string,
  sink: ImportSink,
  source: Source,
): { ports: string[] | null; conditions: string[] } {
  const raw: string[] = [];
  const one = str(rp, `${which}PortRange`);
  if (one !== null && one.trim() !== '') raw.push(one.trim());
  for (const p of arr(rp, `${which}PortRanges`) ?? []) {
    if (typeof p === 'string' && p.trim() !== '') raw.push(p.trim());
    else if (typeof p === 'number') raw.push(String(p));
  }
  if (raw.length === 0 || raw.some((p) => p === '*')) return { ports: null, conditions: [] };
  const out: string[] = [];
  const conditions: string[] = [];
  for (const p of raw) {
    const range = parsePortText(p);
    if (range) out.push(range);
    else {
      note(sink, source, rp, `${where}: ${which} port range "${p}" not understood; kept in the rule's conditions`);
      conditions.push(`${which} port ${p}`);
    }
  }
  return { ports: out, conditions };
}

function deviceOf(nsg: JsonObject): string {
  const id = str(nsg, 'id') ?? '';
  const subscription = /\/subscriptions\/([^/]+)/i.exec(id)?.[1];
  const group = /(?:^|\/)resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? str(nsg, 'resourceGroup');
  return ['azure', subscription, group].filter((p) => p).join('/');
}

function importNsg({ nsg, source }: FoundNsg, sink: ImportSink): void {
  const name = str(nsg, 'name');
  if (!name)
    throw new ParseError(`a network security group without a name; expected ${WHAT}`, source.lineOf(nsg), null);
  const device = deviceOf(nsg);
  const props = propsOf(nsg);
  noteUnknownFields(sink, source, nsg, NSG_FIELDS, `NSG ${name}`);
  if (props !== nsg) noteUnknownFields(sink, source, props, NSG_FIELDS, `NSG ${name} properties`);
  const attached = [
    ...(arr(props, 'subnets') ?? []).map((s) => `subnet ${isObject(s) ? lastSegment(str(s, 'id') ?? '?') : '?'}`),
    ...(arr(props, 'networkInterfaces') ?? []).map(
      (s) => `interface ${isObject(s) ? lastSegment(str(s, 'id') ?? '?') : '?'}`,
    ),
  ];
  if (field(props, 'subnets') !== undefined || field(props, 'networkInterfaces') !== undefined) {
    sink.meta(`attachments of ${device}/${name}`, attached.length ? attached.join(', ') : '(none)');
  }
  if (field(props, 'defaultSecurityRules') === undefined) {
    note(
      sink,
      source,
      nsg,
      `NSG ${name}: no defaultSecurityRules in the export; the platform's defaults (65000+) still apply after these rules`,
    );
  }

  const rules = [
    ...objects(props, 'securityRules', sink, source, `NSG ${name}`),
    ...objects(props, 'defaultSecurityRules', sink, source, `NSG ${name}`),
  ];
  const byDirection: Record<'in' | 'out', { rule: JsonObject; rp: JsonObject; priority: number; index: number }[]> = {
    in: [],
    out: [],
  };
  rules.forEach((rule, index) => {
    const rp = propsOf(rule);
    const ruleName = str(rule, 'name') ?? `#${index + 1}`;
    noteUnknownFields(sink, source, rule, RULE_FIELDS, `NSG ${name} rule ${ruleName}`);
    if (rp !== rule) noteUnknownFields(sink, source, rp, RULE_FIELDS, `NSG ${name} rule ${ruleName}`);
    const direction = str(rp, 'direction')?.toLowerCase();
    const priority = num(rp, 'priority');
    if ((direction !== 'inbound' && direction !== 'outbound') || priority === null) {
      throw new ParseError(
        `NSG ${name} rule ${ruleName}: direction ${JSON.stringify(field(rp, 'direction'))} and priority ${JSON.stringify(field(rp, 'priority'))}; expected Inbound/Outbound and a number`,
        source.lineOf(rule),
        null,
      );
    }
    byDirection[direction === 'inbound' ? 'in' : 'out'].push({ rule, rp, priority, index });
  });

  for (const direction of ['in', 'out'] as const) {
    const ruleset = `${name} ${direction === 'in' ? 'inbound' : 'outbound'}`;
    // After the default rules (which end in DenyAll*), nothing else is admitted.
    sink.policy({ device, ruleset, policy: 'deny', lineFrom: source.lineOf(nsg) });
    const list = byDirection[direction].sort((a, b) => a.priority - b.priority || a.index - b.index);
    list.forEach(({ rule, rp, priority }, i) => {
      const ruleName = str(rule, 'name');
      const where = `NSG ${name} rule ${ruleName ?? priority}`;
      const access = str(rp, 'access')?.toLowerCase();
      if (access !== 'allow' && access !== 'deny') {
        throw new ParseError(
          `${where}: access ${JSON.stringify(field(rp, 'access'))}; expected Allow or Deny`,
          source.lineOf(rule),
          null,
        );
      }
      const rawProtocol = str(rp, 'protocol') ?? '*';
      const protocol = normaliseProtocol(rawProtocol);
      const conditions: string[] = [];
      if (protocol === null) {
        note(sink, source, rule, `${where}: protocol "${rawProtocol}" not understood; kept as written`);
        conditions.push(`protocol ${rawProtocol}`);
      }
      const src = side(rp, 'source', where, sink, source);
      const dst = side(rp, 'destination', where, sink, source);
      const dports = ports(rp, 'destination', where, sink, source);
      const sports = ports(rp, 'source', where, sink, source);
      const loc = source.locate(rule);
      sink.rule({
        ...blankRule(device, ruleset, i + 1, access),
        direction,
        sources: src.cidrs,
        destinations: dst.cidrs,
        protocol: protocol ?? rawProtocol,
        destinationPorts: dports.ports,
        sourcePorts: sports.ports,
        name: ruleName,
        comment: str(rp, 'description'),
        objects: [...new Set([...src.objects, ...dst.objects])],
        unresolved: [...new Set([...src.unresolved, ...dst.unresolved])],
        conditions: [...conditions, ...src.conditions, ...dst.conditions, ...dports.conditions, ...sports.conditions],
        lineFrom: loc.lineFrom,
        lineTo: loc.lineTo,
        text: loc.text,
      });
    });
  }
}

function parseDocument(doc: unknown, source: Source, sink: ImportSink): void {
  if (isObject(doc) && Array.isArray(field(doc, 'interactions'))) {
    for (const f of nsgsOfCassette(doc, source, sink)) importNsg(f, sink);
    return;
  }
  if (isObject(doc) && /deploymentTemplate/i.test(str(doc, '$schema') ?? '')) {
    throw new ParseError(
      'an ARM deployment template: its parameters and expressions are not evaluated here; export the deployed NSG with az network nsg show or list',
      1,
      1,
    );
  }
  const found = nsgsOf(doc, source, sink);
  const items = Array.isArray(doc) ? doc : isObject(doc) ? arr(doc, 'value') : null;
  // An empty list is a real answer (no NSGs); a list of something else is another format.
  if (found === null || (found.length === 0 && items !== null && items.length > 0)) {
    throw new ParseError(`no network security group found; expected ${WHAT}`, 1, 1);
  }
  sink.meta('networkSecurityGroups', String(found.length));
  for (const f of found) importNsg(f, sink);
}

export const azureNsg: FormatSpec = {
  id: 'azure-nsg',
  label: 'Azure network security groups (NSG JSON)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'JSON whose resources have "type": "Microsoft.Network/networkSecurityGroups" or carry "securityRules" with address prefixes; or a VCR cassette (JSON/YAML) of management.azure.com networkSecurityGroups calls',
  detect(head) {
    if (/"type"\s*:\s*"Microsoft\.Network\/networkSecurityGroups"/i.test(head) && /^\s*[{[]/.test(head)) return 0.95;
    if (/"(default)?[sS]ecurityRules"\s*:\s*\[/.test(head) && /"(source|destination)AddressPrefix(es)?"\s*:/.test(head))
      return 0.9;
    // VCR cassettes: JSON with "interactions", or vcrpy's YAML with "interactions:".
    const cassette = /(^|\n)\s*("interactions"\s*:|interactions:)/.test(head);
    if (cassette && /management\.azure\.com\/[^\s"']*\/networkSecurityGroups/i.test(head)) return 0.9;
    return 0;
  },
  needsHostName: false,
  create(sink) {
    return wholeTextParser(WHAT, (text) => {
      const first = text.trimStart()[0];
      if (first === '{' || first === '[' || first === undefined) {
        const { value, source } = parseJsonWithSource(text, WHAT);
        parseDocument(value, source, sink);
        return;
      }
      const { documents, source } = parseYamlWithSource(text, WHAT);
      if (documents.length !== 1)
        throw new ParseError(`${documents.length} YAML documents; expected one ${WHAT}`, 1, 1);
      parseDocument(documents[0], source, sink);
    });
  },
};
