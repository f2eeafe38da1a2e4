// PAN-OS CLI "show running security-policy": the rules the data plane runs, objects already expanded to
// addresses and "application/protocol/source-port/destination-port" tuples, in evaluation order, ending
// with the intrazone-default and interzone-default rules. The output does not name the device or vsys.
// "show running nat-policy" output is recognised and kept with no rule: NAT rules translate, they admit
// nothing (a note says so and points to the security-policy output).
import { blankRule, DIFFERENT_ZONE_CONDITION, SAME_ZONE_CONDITION, type Rule, type RuleAction } from '../../model/rule';
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { splitSetLine } from './brace-config';
import { ANY, parseCidr, rangeToCidrs } from './cidr';
import {
  addTo,
  emptySet,
  portList,
  protocolName,
  splitByService,
  zoneText,
  type AddressSet,
  type ServiceMatch,
} from './panos-junos-shared';

const HEADER = /^("([^"]*)"|(\S+)) \{\s*$/;
const FIELD = /^\s+([a-z][a-z0-9/-]*)(:)?(?:\s+(.*?))?\s*;?\s*$/;

export const panosShowRunningFormat: FormatSpec = {
  id: 'panos-show-running-security-policy',
  label: 'PAN-OS "show running security-policy" (CLI)',
  family: 'rulebase',
  parserVersion: '2',
  detector:
    'blocks "NAME {" whose lines are "from ZONE;", "source …;", "application/service …;", "action …;" (or the NAT counterpart with "nat-type" and "translate-to", kept with no rule)',
  detect(head) {
    const first = /^\s*("[^"]*"|\S+) \{\n((?:\s+[^\n]*\n){1,4})/.exec(head);
    if (!first) return 0;
    const body = first[2] ?? '';
    if (/^\s+(?:from|nat-type) \S/m.test(body) && /\n\s+(?:application\/service|translate-to) /.test(head)) return 0.9;
    return 0;
  },
  needsHostName: true,
  create: (sink, options) => showRunningParser(sink, options.hostName ?? options.fileName),
};

const ACTIONS: Readonly<Record<string, RuleAction>> = {
  allow: 'allow',
  deny: 'deny',
  drop: 'drop',
  'reset-client': 'reject',
  'reset-server': 'reject',
  'reset-both': 'reject',
};

/** Fields that change nothing about which traffic matches (ICMP unreachable replies, region 'none'). */
const IGNORED = new Set(['icmp-unreachable', 'log-start', 'log-end', 'log-setting', 'profile-setting']);

interface Block {
  name: string;
  line: number;
  lines: string[];
  fields: Map<string, { values: string[]; line: number }>;
  /** A NAT rule ("nat-type", "translate-to"...): translates addresses, admits nothing. */
  nat: boolean;
}

const NAT_FIELDS = new Set(['nat-type', 'translate-to', 'to-interface']);

function showRunningParser(sink: ImportSink, device: string): StreamParser {
  const ruleset = 'security';
  let block: Block | null = null;
  let order = 1;
  let blocks = 0;
  let natBlocks = 0;
  let lastLine = 0;
  let policyEmitted = false;
  const note = (line: number, what: string) => sink.note({ line, column: null, what });

  const onLine = (raw: string, lineNo: number) => {
    lastLine = lineNo;
    if (block) {
      block.lines.push(raw);
      if (/^\s*\}\s*$/.test(raw)) {
        finish(block, lineNo);
        block = null;
        return;
      }
      if (raw.trim() === '') return;
      const m = FIELD.exec(raw);
      if (!m) {
        note(lineNo, `line not understood in rule "${block.name}": "${raw.trim().slice(0, 80)}"`);
        return;
      }
      const key = m[1]!;
      if (NAT_FIELDS.has(key)) block.nat = true;
      block.fields.set(key, { values: splitSetLine(m[3] ?? '', lineNo), line: lineNo });
      return;
    }
    const trimmed = raw.trim();
    if (trimmed === '') return;
    const h = HEADER.exec(trimmed);
    if (h) {
      block = { name: h[2] ?? h[3] ?? '', line: lineNo, lines: [raw], fields: new Map(), nat: false };
      return;
    }
    // Trailer lines the CLI prints after the rules: status of dynamic URL and object matching.
    if (/^(dynamic url:|pol objs matched)/.test(trimmed)) return;
    if (blocks === 0) {
      throw new ParseError(
        `expected "show running security-policy" output, a rule block "NAME {"; found "${trimmed.slice(0, 60)}"`,
        lineNo,
        null,
      );
    }
    note(lineNo, `line not understood: "${trimmed.slice(0, 80)}"`);
  };

  function finish(b: Block, endLine: number): void {
    blocks++;
    if (b.nat) {
      natBlocks++;
      return;
    }
    const get = (f: string): string[] => b.fields.get(f)?.values ?? [];
    const one = (f: string): string | undefined => get(f)[0];
    for (const [key, v] of b.fields) {
      if (
        IGNORED.has(key) ||
        [
          'from',
          'to',
          'source',
          'destination',
          'source-region',
          'destination-region',
          'user',
          'category',
          'application/service',
          'action',
          'terminal',
          'type',
          'negate-source',
          'negate-destination',
          'schedule',
          'hip-profiles',
          'source-hip',
          'destination-hip',
        ].includes(key)
      )
        continue;
      note(v.line, `rule "${b.name}": field "${key}" not understood`);
    }
    const actionWord = one('action');
    const action = actionWord ? ACTIONS[actionWord] : undefined;
    if (!action) note(b.line, `rule "${b.name}": action "${actionWord ?? '(none)'}" not understood; kept as other`);
    const text = { lineFrom: b.line, lineTo: endLine, text: b.lines.join('\n') };

    if (b.name === 'interzone-default' && one('type') === 'interzone') {
      sink.policy({ device, ruleset, policy: action ?? 'other', lineFrom: b.line });
      policyEmitted = true;
      return;
    }
    const src = addresses(get('source'), get('source-region'), b.line);
    const dst = addresses(get('destination'), get('destination-region'), b.line);
    const conditions: string[] = [];
    for (const f of ['user', 'category', 'hip-profiles', 'source-hip', 'destination-hip', 'schedule']) {
      const v = get(f);
      if (v.length && !(v.length === 1 && (v[0] === 'any' || v[0] === 'none')))
        conditions.push(`${f}: ${v.join(', ')}`);
    }
    const type = one('type');
    if (type === 'intrazone') conditions.push(SAME_ZONE_CONDITION);
    else if (type === 'interzone') conditions.push(DIFFERENT_ZONE_CONDITION);
    if (one('terminal') === 'no') conditions.push('terminal no (as printed by the CLI)');

    const services: ServiceMatch[] = [];
    const tuples = get('application/service');
    const apps = new Set<string>();
    for (const t of tuples) {
      const parts = t.split('/');
      if (parts.length !== 4) {
        note(
          b.fields.get('application/service')!.line,
          `rule "${b.name}": "${t}" is not application/protocol/source-port/destination-port`,
        );
        continue;
      }
      const [app, proto, sport, dport] = parts as [string, string, string, string];
      apps.add(app);
      const bad: string[] = [];
      const protocol = proto === 'any' ? 'any' : protocolName(proto);
      const ports = dport === 'any' ? null : portList([dport], bad);
      const sourcePorts = sport === 'any' ? null : portList([sport], bad);
      if (!protocol || bad.length) {
        note(
          b.fields.get('application/service')!.line,
          `rule "${b.name}": "${t}" not understood; kept as any protocol`,
        );
      }
      services.push({ protocol: protocol ?? 'any', ports, sourcePorts, conditions: [] });
    }
    if (tuples.length && !apps.has('any')) conditions.push(`application/service: ${tuples.join(', ')}`);
    else if (apps.size > 1) conditions.push(`application/service: ${tuples.join(', ')}`);

    const base: Rule = {
      ...blankRule(device, ruleset, order, action ?? 'other'),
      target: action ? null : (actionWord ?? null),
      name: b.name,
      sources: src.cidrs,
      sourcesNegated: one('negate-source') === 'yes',
      destinations: dst.cidrs,
      destinationsNegated: one('negate-destination') === 'yes',
      zones: { from: zoneText(get('from')), to: zoneText(get('to')) },
      objects: [...src.objects, ...dst.objects],
      unresolved: [...src.unresolved, ...dst.unresolved],
      conditions,
      ...text,
    };
    for (const r of splitByService(base, services, order)) {
      sink.rule(r);
      order++;
    }
  }

  function addresses(values: string[], regions: string[], line: number): AddressSet {
    const out = emptySet();
    for (const v of values.length ? values : ['any']) {
      if (v === 'any') {
        addTo(out, { cidrs: [...ANY], objects: [], unresolved: [] });
        continue;
      }
      const c = parseCidr(v);
      const range = /^([0-9a-fA-F.:]+)-([0-9a-fA-F.:]+)$/.exec(v);
      const cidrs = c ? [c] : range ? rangeToCidrs(range[1]!, range[2]!) : null;
      if (cidrs) addTo(out, { cidrs, objects: [], unresolved: [] });
      else {
        out.unresolved.push(v);
        note(line, `address "${v}" is not an address or range; kept unresolved`);
      }
    }
    for (const r of regions) if (r !== 'none' && r !== 'any') out.unresolved.push(`region ${r}`);
    return out;
  }

  const lines = lineParser(onLine, () => {
    if (block) {
      throw new ParseError(
        `the output ends inside rule "${(block as Block).name}" opened at line ${(block as Block).line}; expected "}" (the capture is cut?)`,
        lastLine,
        null,
      );
    }
    if (blocks === 0)
      throw new ParseError('no rule block found; expected "show running security-policy" output', null, null);
    if (natBlocks === blocks) {
      // "show running nat-policy": evidence of the translations, but no rule that admits or refuses traffic.
      sink.note({
        line: null,
        column: null,
        what: `no access rules: "show running nat-policy" output with ${natBlocks} NAT rule${natBlocks === 1 ? '' : 's'}: NAT rules translate addresses and admit no traffic; import "show running security-policy" output for the rules that allow traffic; kept as evidence`,
      });
      sink.meta('contents', 'NAT rules');
      return;
    }
    if (natBlocks > 0) {
      note(lastLine, `${natBlocks} NAT rule block(s) among the security rules: NAT admits no traffic; not imported`);
    }
    if (!policyEmitted) {
      // The CLI always ends with interzone-default; a capture without it still has the built-in default.
      sink.policy({ device, ruleset, policy: 'deny', lineFrom: null });
      note(lastLine, 'no interzone-default rule in the output; the PAN-OS default (deny) is recorded');
    }
  });
  return lines;
}
