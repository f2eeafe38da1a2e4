// VMware NSX-V distributed firewall, as XML: one <section> (GET /api/4.0/firewall/globalroot-0/config/
// layer3sections/ID, or a generator's output such as aerleon's) or the whole <firewallConfiguration> with
// its layer3Sections. Rules run in document order within a section; each section is a ruleset.
//
// Sources and destinations given as addresses (Ipv4Address / Ipv6Address, with ranges and comma lists) are
// expanded; objects defined elsewhere in NSX Manager (IPSet, SecurityGroup, VirtualMachine, cluster,
// logical switch...) stay unresolved by name and the rule keeps the addresses that did resolve. "Applied
// to" narrows which VMs enforce a rule: kept as a condition, its objects unresolved. Service objects
// (Application / ApplicationGroup) are unresolved too: such a rule is kept for any protocol, with the
// service named in its conditions. Layer 2 and redirect sections are not access rules (noted).
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { xmlParser } from '../xml';
import { SourceText } from './brace-config';
import { ANY } from './cidr';
import { normaliseProtocol } from './cloud-common';
import { portList, splitByService, type ServiceMatch } from './panos-junos-shared';
import type { XmlNode } from './pfsense-rules';
import {
  capText,
  defaultRuleMissing,
  noAccessRules,
  limitFamily,
  nsxAddresses,
  onceNotes,
  type Family,
} from './vmware-nsx-common';

const START = /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*<(section|firewallConfiguration)\b/;
const WHAT = 'an NSX-V distributed firewall export (<section> with <rule> elements, or <firewallConfiguration>)';

export const nsxvFormat: FormatSpec = {
  id: 'vmware-nsxv-xml',
  label: 'VMware NSX-V distributed firewall (XML section or firewall configuration)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'XML whose root is <firewallConfiguration> with <layer3Sections>/<contextId>, or <section> holding <rule> elements with <action>allow|deny|reject</action>',
  detect(head) {
    const m = START.exec(head);
    if (!m) return 0;
    const body = head.slice(m.index + m[0].length);
    if (m[1] === 'firewallConfiguration') return /<(?:layer3Sections|layer2Sections|contextId)\b/.test(body) ? 0.95 : 0;
    return /<rule\b/.test(body) && /<action>\s*(?:allow|deny|reject)\s*<\/action>/.test(body) ? 0.9 : 0;
  },
  needsHostName: false,
  create: (sink, options) => {
    const source = new SourceText();
    let root: XmlNode | null = null;
    const stack: XmlNode[] = [];
    const xml = xmlParser(
      {
        open(name, attrs, _path, at) {
          const node: XmlNode = { name, attrs, text: '', children: [], line: at.line, endLine: at.line };
          stack[stack.length - 1]?.children.push(node);
          root ??= node;
          stack.push(node);
        },
        close(_name, text, _path, at) {
          const node = stack.pop();
          if (!node) return;
          node.endLine = at.line;
          if (node.children.length === 0) node.text = text.trim();
        },
      },
      ['section', 'firewallConfiguration'],
    );
    return {
      write(text) {
        source.write(text);
        xml.write(text);
      },
      end() {
        xml.end();
        if (root) readExport(root, source, sink, options.hostName);
      },
    };
  },
};

const ACTIONS: Readonly<Record<string, RuleAction>> = { allow: 'allow', deny: 'deny', block: 'deny', reject: 'reject' };
// Fields that change nothing about what a rule matches: identity, logging, tags, ordering hints.
const QUIET_RULE_FIELDS = new Set(['sectionId', 'tag', 'precedence', 'logged', 'siProfile', '_tag']);
const RULE_FIELDS = new Set([
  'name',
  'action',
  'sources',
  'destinations',
  'services',
  'appliedToList',
  'notes',
  'direction',
  'packetType',
  ...QUIET_RULE_FIELDS,
]);
// Applied-to values that mean "every VM / every edge the firewall covers".
const APPLIED_TO_ALL = new Set(['DISTRIBUTED_FIREWALL', 'ANY']);

type Note = ReturnType<typeof onceNotes>;

const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const childText = (n: XmlNode, name: string) => child(n, name)?.text ?? null;

function readExport(root: XmlNode, source: SourceText, sink: ImportSink, hostName: string | null): void {
  const once = onceNotes(sink);
  const note = (line: number | null, what: string) => sink.note({ line, column: null, what });
  let sections: XmlNode[];
  let device: string;
  if (root.name === 'section') {
    sections = [root];
    device = root.attrs.name || root.attrs.id || 'NSX-V distributed firewall';
  } else {
    sections = [];
    const context = childText(root, 'contextId') ?? 'globalroot-0';
    device = hostName ?? `NSX-V distributed firewall ${context}`;
    for (const c of root.children) {
      if (c.name === 'layer3Sections') sections.push(...c.children.filter((s) => s.name === 'section'));
      else if (c.name === 'layer2Sections' || c.name === 'layer3RedirectSections') {
        for (const s of c.children) {
          const rules = s.children.filter((r) => r.name === 'rule').length;
          note(
            s.line,
            `${c.name === 'layer2Sections' ? 'layer 2 section (Ethernet frames, not IP)' : 'redirect section (traffic steered to partner services)'} "${s.attrs.name ?? s.attrs.id ?? ''}" with ${rules} rule(s): not access rules, not imported`,
          );
        }
      } else if (c.name !== 'contextId' && c.name !== 'generationNumber' && c.name !== 'timestamp') {
        note(c.line, `<${c.name}> not understood, not imported`);
      }
    }
    sink.meta('context', context);
    if (sections.length > 1)
      sink.meta(
        'evaluation',
        'sections run top to bottom as one list: traffic no rule of a section matches goes on to the next section',
      );
  }
  sink.meta('sections', String(sections.length));

  let defaultRulePresent = false;
  let ruleCount = 0;
  for (const section of sections) {
    if (section.attrs.type && section.attrs.type !== 'LAYER3') {
      note(section.line, `section of type ${section.attrs.type}: not a layer 3 section, not imported`);
      continue;
    }
    const ruleset = section.attrs.name || `section ${section.attrs.id ?? sections.indexOf(section) + 1}`;
    let order = 1;
    for (const r of section.children) {
      if (r.name !== 'rule') {
        note(r.line, `<${r.name}> in section "${ruleset}" not understood, not imported`);
        continue;
      }
      const rules = readRule(r, device, ruleset, order, source, sink, once);
      for (const rule of rules) sink.rule(rule);
      order += rules.length;
      ruleCount += rules.length;
      const first = rules[0];
      if (
        first &&
        /default rule/i.test(first.name ?? '') &&
        first.sources.length === 2 &&
        first.destinations.length === 2 &&
        first.protocol === 'any'
      )
        defaultRulePresent = true;
    }
  }
  if (ruleCount === 0) {
    const n = sections.length;
    noAccessRules(sink, `${n} NSX-V layer 3 section${n === 1 ? '' : 's'} without rules`);
  } else if (!defaultRulePresent) defaultRuleMissing(sink, 'NSX-V', 'the last rule of "Default Section Layer3"');
}

interface Side {
  cidrs: string[];
  negated: boolean;
  objects: string[];
  unresolved: string[];
}

/** <sources excluded="..."> / <destinations>: addresses expanded, other objects kept by name. */
function readSide(list: XmlNode | undefined, where: string, once: Note): Side {
  // No list, or an empty one: any address.
  if (!list || list.children.length === 0) return { cidrs: [...ANY], negated: false, objects: [], unresolved: [] };
  const side: Side = { cidrs: [], negated: list.attrs.excluded === 'true', objects: [], unresolved: [] };
  for (const e of list.children) {
    const type = childText(e, 'type') ?? '';
    const value = childText(e, 'value') ?? '';
    const name = childText(e, 'name');
    if (type === 'Ipv4Address' || type === 'Ipv6Address') {
      const cidrs = nsxAddresses(value);
      if (cidrs) {
        side.cidrs.push(...cidrs);
        continue;
      }
      once(`bad ${value}`, e.line, `${where}: ${type} "${value}" is not an address; kept unresolved`);
      side.unresolved.push(value);
      continue;
    }
    const label = `${type || 'object'} ${name ?? value}`;
    side.objects.push(name ?? value);
    side.unresolved.push(label);
    once(
      `object ${type} ${value}`,
      e.line,
      `${type || 'object'} "${name ?? value}"${name && value && name !== value ? ` (${value})` : ''} is defined outside this export; kept unresolved`,
    );
  }
  return side;
}

function readServices(list: XmlNode | undefined, where: string, once: Note) {
  const services: ServiceMatch[] = [];
  const objects: string[] = [];
  const unresolved: string[] = [];
  for (const s of list?.children ?? []) {
    const protoText = childText(s, 'protocol');
    if (protoText === null) {
      // A service object of NSX Manager: not in the export.
      const type = childText(s, 'type') ?? 'service';
      const value = childText(s, 'value') ?? '';
      const name = childText(s, 'name') ?? value;
      objects.push(name);
      unresolved.push(`${type} ${name}`);
      services.push({ protocol: 'any', ports: null, sourcePorts: null, conditions: [`service ${type} ${name}`] });
      once(`service ${value}`, s.line, `${type} "${name}" is defined outside this export; kept unresolved`);
      continue;
    }
    const protocol = normaliseProtocol(protoText);
    const bad: string[] = [];
    const dports = childText(s, 'destinationPort');
    const sports = childText(s, 'sourcePort');
    const conditions: string[] = [];
    const sub = childText(s, 'subProtocol') ?? childText(s, 'subProtocolName');
    if (sub !== null) conditions.push(`${protocol ?? protoText} type ${sub}`);
    if (protocol === null) conditions.push(`protocol ${protoText}`);
    const service: ServiceMatch = {
      protocol: protocol ?? 'any',
      ports: dports ? portList([dports], bad) : null,
      sourcePorts: sports ? portList([sports], bad) : null,
      conditions,
    };
    if (protocol === null || bad.length)
      once(
        `svc ${where} ${protoText} ${bad.join()}`,
        s.line,
        `${where}: service protocol "${protoText}"${bad.length ? ` ports "${bad.join(', ')}"` : ''} not understood`,
      );
    services.push(service);
  }
  return { services, objects, unresolved };
}

function readRule(
  r: XmlNode,
  device: string,
  ruleset: string,
  order: number,
  source: SourceText,
  sink: ImportSink,
  once: Note,
): Rule[] {
  const name = childText(r, 'name') || null;
  const where = `section "${ruleset}" rule ${name ?? r.attrs.id ?? `#${order}`}`;
  const note = (line: number, what: string) => sink.note({ line, column: null, what });
  for (const c of r.children)
    if (!RULE_FIELDS.has(c.name)) note(c.line, `${where}: <${c.name}> not understood, not imported`);

  const actionText = (childText(r, 'action') ?? '').toLowerCase();
  const action = ACTIONS[actionText];
  if (!actionText) throw new ParseError(`${where} has no <action>; expected ${WHAT}`, r.line, null);
  if (!action) note(r.line, `${where}: action "${actionText}" not understood; kept as other`);

  const packetType = (childText(r, 'packetType') ?? 'any').toLowerCase();
  const family: Family = packetType === 'ipv4' ? 'ipv4' : packetType === 'ipv6' ? 'ipv6' : 'both';
  const src = readSide(child(r, 'sources'), `${where} source`, once);
  const dst = readSide(child(r, 'destinations'), `${where} destination`, once);
  const s4 = limitFamily(src.cidrs, family);
  const d4 = limitFamily(dst.cidrs, family);
  const dropped = [...s4.dropped, ...d4.dropped];
  if (dropped.length) note(r.line, `${where}: packetType ${packetType}: ${dropped.join(', ')} can never match`);

  const conditions: string[] = [];
  const unresolved = [...src.unresolved, ...dst.unresolved];
  const objects = [...src.objects, ...dst.objects];
  const targets = (child(r, 'appliedToList')?.children ?? [])
    .map((a) => ({ type: childText(a, 'type') ?? '', value: childText(a, 'value') ?? '', name: childText(a, 'name') }))
    .filter((a) => !APPLIED_TO_ALL.has(a.type));
  if (targets.length) {
    const labels = targets.map((a) => `${a.type} ${a.name ?? a.value}`);
    for (const a of targets)
      once(
        `object ${a.type} ${a.value}`,
        r.line,
        `${a.type} "${a.name ?? a.value}" is defined outside this export; kept unresolved`,
      );
    conditions.push(`applied to ${labels.join(' or ')}`);
    unresolved.push(...labels);
    objects.push(...targets.map((a) => a.name ?? a.value));
  }
  const svc = readServices(child(r, 'services'), where, once);
  unresolved.push(...svc.unresolved);
  objects.push(...svc.objects);

  const direction = (childText(r, 'direction') ?? 'inout').toLowerCase();
  const base: Rule = {
    ...blankRule(device, ruleset, order, action ?? 'other'),
    direction: direction === 'in' ? 'in' : direction === 'out' ? 'out' : null,
    target: action ? null : actionText,
    sources: s4.kept,
    sourcesNegated: src.negated,
    destinations: d4.kept,
    destinationsNegated: dst.negated,
    enabled: r.attrs.disabled !== 'true',
    name,
    comment: childText(r, 'notes') || null,
    objects: [...new Set(objects)],
    unresolved: [...new Set(unresolved)],
    conditions,
    lineFrom: r.line,
    lineTo: r.endLine,
    text: capText(source.range(r.line, r.endLine)),
  };
  return splitByService(base, svc.services, order);
}
