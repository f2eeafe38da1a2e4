// FortiGate (FortiOS) configuration (`show` / `show full-configuration` / backup file, or the firewall
// parts of it): `config firewall policy|policy6|local-in-policy` in list order (FortiOS evaluates the
// list top-down, not by id), objects and services expanded, interface `allowaccess` as local-in rules,
// and the implicit deny of every policy list. VDOMs become prefixes of the ruleset names.
import { ParseError, type FormatSpec, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { deviceName, quoted } from './cisco-acl-tokens';
import { FortiObjects, type Entry } from './fortigate-objects';
import { POLICY_SECTIONS, emitVdom, type Vdom } from './fortigate-policy';
import { statementParser, type Statement } from './fortigate-tokens';

/** Sections that hold traffic policy of another kind, which this import does not cover. */
const OTHER_POLICY_SECTIONS = new Set([
  'firewall proxy-policy',
  'firewall security-policy',
  'firewall multicast-policy',
  'firewall multicast-policy6',
  'firewall DoS-policy',
  'firewall DoS-policy6',
  'firewall interface-policy',
  'firewall interface-policy6',
  'firewall acl',
  'firewall acl6',
  'firewall consolidated policy',
]);

export const fortigateConfig: FormatSpec = {
  id: 'fortigate-config',
  label: 'FortiGate configuration (FortiOS CLI: firewall policy, addresses, services)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    "'#config-version=FG...' header, or FortiOS CLI blocks at line starts: 'config firewall|system ...' with indented 'edit' and 'set' lines",
  needsHostName: false,
  detect(head) {
    if (/^#config-version=FG/m.test(head)) return 0.98;
    return /^config (?:firewall|system|vpn|user|router|log) [\w -]+\n(?:\s*#.*\n)*\s+(?:edit \S|set \S)/m.test(head)
      ? 0.9
      : 0;
  },
  create: (sink, options) => fortigateParser(sink, options),
};

type Frame =
  | { kind: 'config'; path: string; line: number; section: string | null }
  | { kind: 'edit'; name: string; line: number; attrs: Map<string, string[]>; text: string[]; section: string | null };

function fortigateParser(sink: ImportSink, options: ParserOptions): StreamParser {
  const stack: Frame[] = [];
  const vdoms = new Map<string, Vdom>();
  const global = new Map<string, string[]>();
  let vdomName: string | null = null;
  let vdomMode = false;
  let statements = 0;
  let sawConfig = false;
  let strayBeforeConfig = 0;
  const notedKeys = new Set<string>();

  const vdomOf = (name: string | null): Vdom => {
    const k = name ?? '';
    let v = vdoms.get(k);
    if (!v) {
      v = { objects: new FortiObjects(sink), policies: new Map() };
      vdoms.set(k, v);
    }
    return v;
  };

  const fail = (s: Statement, what: string): never => {
    throw new ParseError(
      `${what}; expected FortiOS 'config' / 'edit' / 'set' / 'next' / 'end' structure`,
      s.line,
      null,
    );
  };

  /** The section of a new `config`: top-level, in `config global`, or directly in a VDOM's edit block. */
  const sectionFor = (path: string): string | null => {
    const parent = stack.at(-1);
    if (!parent) return path;
    if (parent.kind === 'config' && parent.path === 'global') return path;
    if (
      parent.kind === 'edit' &&
      stack.at(-2)?.kind === 'config' &&
      (stack.at(-2) as { path: string }).path === 'vdom'
    ) {
      return path;
    }
    return null;
  };

  const onStatement = (s: Statement) => {
    statements++;
    const [kw, ...rest] = s.words as [string, ...string[]];
    if (kw.startsWith('#')) {
      const m = /^#config-version=([^:]+)/.exec(kw);
      if (m) sink.meta('configVersion', m[1]!);
      return;
    }
    const top = stack.at(-1);
    switch (kw) {
      case 'config': {
        if (rest.length === 0) fail(s, "'config' without a section name");
        const path = rest.join(' ');
        const section = sectionFor(path);
        sawConfig = true;
        stack.push({ kind: 'config', path, line: s.line, section });
        if (path === 'vdom' && stack.length === 1) vdomMode = true;
        if (section && OTHER_POLICY_SECTIONS.has(section)) {
          sink.note({
            line: s.line,
            column: null,
            what: `${quoted(`config ${path}`)} holds policies of another kind: not imported`,
          });
        }
        return;
      }
      case 'edit': {
        if (!top || top.kind !== 'config') return fail(s, "'edit' outside a 'config' block");
        const name = rest[0] ?? '';
        // Editing an entry defined earlier changes only what the block sets (FortiOS semantics).
        const before = top.section ? earlier(top.section, name) : undefined;
        const attrs = new Map<string, string[]>(before ? [...before.attrs].map(([k, v]) => [k, [...v]]) : []);
        stack.push({ kind: 'edit', name, line: s.line, attrs, text: [s.text], section: top.section });
        if (top.path === 'vdom' && stack.length === 2) vdomName = name;
        return;
      }
      case 'next': {
        if (!top || top.kind !== 'edit') return fail(s, "'next' without an open 'edit'");
        stack.pop();
        top.text.push(s.text);
        if (top.section)
          finishEntry(top.section, { name: top.name, attrs: top.attrs, line: top.line }, top.text, s.line);
        if (stack.length === 1 && (stack[0] as { path?: string }).path === 'vdom') vdomName = null;
        return;
      }
      case 'end': {
        if (top?.kind === 'edit') {
          // FortiOS closes an edit left open by `end`; the entry still counts.
          stack.pop();
          if (top.section)
            finishEntry(top.section, { name: top.name, attrs: top.attrs, line: top.line }, top.text, s.line);
        }
        const cfg = stack.at(-1);
        if (!cfg || cfg.kind !== 'config') return fail(s, "'end' without an open 'config'");
        stack.pop();
        return;
      }
      case 'set':
      case 'append':
      case 'unset':
      case 'select':
      case 'unselect': {
        if (!top) return fail(s, `'${kw}' outside a 'config' block`);
        const key = rest[0];
        if (!key) return fail(s, `'${kw}' without a setting name`);
        const attrs = top.kind === 'edit' ? top.attrs : top.section === 'system global' ? global : null;
        if (top.kind === 'edit') top.text.push(s.text);
        if (!attrs) return;
        const values = rest.slice(1);
        if (kw === 'set' || kw === 'select') attrs.set(key, values);
        else if (kw === 'append') attrs.set(key, [...(attrs.get(key) ?? []), ...values]);
        else if (kw === 'unset') attrs.delete(key);
        else
          attrs.set(
            key,
            (attrs.get(key) ?? []).filter((v) => !values.includes(v)),
          );
        return;
      }
      default:
        // A CLI capture may open with a prompt line or two; text that never reaches `config` is not FortiOS.
        if (!sawConfig && ++strayBeforeConfig > 5) fail(s, `${quoted(s.text)} is not a FortiOS statement`);
        sink.note({ line: s.line, column: null, what: `statement not understood: ${quoted(s.text)}` });
    }
  };

  const tablesOf = (o: FortiObjects): Record<string, Map<string, Entry>> => ({
    'firewall address': o.address4s,
    'firewall address6': o.addresses6,
    'firewall addrgrp': o.groups,
    'firewall addrgrp6': o.groups6,
    'firewall vip': o.vips,
    'firewall vipgrp': o.vipGroups,
    'firewall service custom': o.services,
    'firewall service group': o.serviceGroups,
  });

  const earlier = (section: string, name: string): Entry | undefined => {
    const v = vdomOf(vdomName);
    if (POLICY_SECTIONS[section]) return v.policies.get(section)?.find((p) => p.entry.name === name)?.entry;
    return tablesOf(v.objects)[section]?.get(name);
  };

  const finishEntry = (section: string, entry: Entry, text: string[], lineTo: number) => {
    const v = vdomOf(vdomName);
    const o = v.objects;
    const policy = POLICY_SECTIONS[section];
    if (policy) {
      const list = v.policies.get(section) ?? [];
      // A policy edited again keeps its place in the list.
      const at = list.findIndex((p) => p.entry.name === entry.name);
      const item = { entry, text: text.join('\n'), lineTo };
      if (at >= 0) list[at] = { ...item, entry: { ...entry, line: list[at]!.entry.line } };
      else list.push(item);
      v.policies.set(section, list);
      return;
    }
    const tables = tablesOf(o);
    if (section === 'system zone') o.zones.set(entry.name, entry.attrs.get('interface') ?? []);
    else if (section === 'system interface') {
      // In VDOM mode interfaces are global settings, each naming the VDOM it belongs to.
      const owner = entry.attrs.get('vdom')?.[0] ?? 'root';
      (vdomMode ? vdomOf(owner).objects : o).interfaces.set(entry.name, entry);
    } else tables[section]?.set(entry.name, entry);
    // Every other section (system settings, VPN, routing, logging, UTM profiles, schedules, internet
    // service databases...) does not decide which traffic a policy lets through.
  };

  const parser = statementParser(onStatement, () => {
    const open = stack.at(-1);
    if (open) {
      throw new ParseError(
        `the file ends inside ${open.kind === 'config' ? `'config ${open.path}'` : `'edit ${open.name}'`} (opened on line ${open.line}); expected its 'end' — the file looks cut`,
        open.line,
        null,
      );
    }
    if (statements === 0) throw new ParseError('expected a FortiOS configuration; the file holds no statements');
    const policyCount = [...vdoms.values()].reduce(
      (n, v) => n + [...v.policies.values()].reduce((m, l) => m + l.length, 0),
      0,
    );
    const allowaccess = [...vdoms.values()].some((v) =>
      [...v.objects.interfaces.values()].some((i) => i.attrs.has('allowaccess')),
    );
    if (policyCount === 0 && !allowaccess) {
      // Objects only (an address book, interfaces): nothing admits or refuses traffic, but the file is
      // evidence of what was configured, so it is kept with a note saying what it holds.
      const held = objectSummary([...vdoms.values()].map((v) => v.objects));
      sink.note({
        line: null,
        column: null,
        what: `no access rules: a FortiGate configuration with ${held || 'no objects'} and no firewall policy to import (no 'config firewall policy', policy6 or local-in-policy entries, no interface allowaccess); kept as evidence`,
      });
      sink.meta('contents', 'FortiGate objects without firewall policy');
      const host = global.get('hostname')?.[0];
      if (host) sink.meta('device', host);
      return;
    }
    const device = deviceName(
      global.get('hostname')?.[0] ?? null,
      options,
      'fortigate',
      sink,
      'The FortiGate configuration',
    );
    sink.meta('device', device);
    for (const [name, v] of vdoms) emitVdom(sink, device, vdomMode ? name || 'global' : null, v, global, notedKeys);
  });

  return parser;
}

/** "13 addresses, 2 interfaces, 1 zone": what a configuration without policies defines. */
function objectSummary(all: readonly FortiObjects[]): string {
  const count = (pick: (o: FortiObjects) => { size: number }) => all.reduce((n, o) => n + pick(o).size, 0);
  const parts: [number, string][] = [
    [count((o) => o.address4s) + count((o) => o.addresses6), 'address'],
    [count((o) => o.groups) + count((o) => o.groups6), 'address group'],
    [count((o) => o.vips) + count((o) => o.vipGroups), 'virtual IP'],
    [count((o) => o.services), 'service'],
    [count((o) => o.serviceGroups), 'service group'],
    [count((o) => o.interfaces), 'interface'],
    [count((o) => o.zones), 'zone'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}${n === 1 ? '' : what.endsWith('s') ? 'es' : 's'}`)
    .join(', ');
}
