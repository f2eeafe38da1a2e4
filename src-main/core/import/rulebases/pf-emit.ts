// Turns one parsed pf rule into model rules: the block policy, the address family (written, or inferred
// from the literal addresses as pfctl does), tables expanded to CIDRs, negated host list items and
// interface / protocol lists expanded into sibling rules at the same position, ports as ranges.
import { blankRule, type RuleAction } from '../../model/rule';
import type { ImportSink } from '../types';
import { anyFor, modelProtocol, type AddressFamily } from './iptables-common';
import { cidrFamily, modelPorts } from './host-firewall-common';
import type { PfHostItem, PfPorts, PfRule } from './pf-rule';

export interface PfTable {
  name: string;
  line: number;
  entries: { negated: boolean; text: string; cidr: string | null }[];
  files: string[];
}

interface Side {
  cidrs: string[];
  negated: boolean;
  unresolved: string[];
  objects: string[];
}

interface Resolved {
  cidrs: string[];
  unresolved: string[];
  objects: string[];
}

export interface PfSource {
  order: number;
  text: string;
  lineFrom: number;
  lineTo: number;
  comment: string | null;
}

interface IfaceVariant {
  direction: 'in' | 'out' | null;
  in: string | null;
  out: string | null;
  condition: string | null;
}

const uniq = (xs: string[]) => [...new Set(xs)];

export class PfEmitter {
  private readonly noted = new Set<string>();
  rules = 0;

  constructor(
    private readonly sink: ImportSink,
    private readonly device: string,
    private readonly tables: ReadonlyMap<string, PfTable>,
    private readonly blockPolicy: 'drop' | 'return',
  ) {}

  private note(line: number | null, what: string, once = false) {
    if (once) {
      if (this.noted.has(what)) return;
      this.noted.add(what);
    }
    this.sink.note({ line, column: null, what });
  }

  emit(rule: PfRule, src: PfSource): void {
    const line = src.lineFrom;
    const action: RuleAction =
      rule.action === 'pass' ? 'allow' : (rule.blockMode ?? this.blockPolicy) === 'return' ? 'reject' : 'drop';
    const families = this.families(rule);
    const conditions = [...rule.conditions];
    const protocols: string[] = [];
    for (const p of rule.protocols ?? []) {
      const m = modelProtocol(p);
      if (m === null) {
        this.note(line, `protocol "${p}" not understood; kept as any protocol with a condition`);
        conditions.push(`proto ${p}`);
      }
      protocols.push(m ?? 'any');
    }
    if (protocols.length === 0) protocols.push('any');
    const dport = this.ports(rule.toPorts, conditions, line);
    const sport = this.ports(rule.fromPorts, conditions, line);
    if ((rule.toPorts || rule.fromPorts) && protocols.some((p) => p !== 'tcp' && p !== 'udp')) {
      this.note(line, 'ports given for a protocol other than tcp or udp (pfctl refuses this); the ports are kept');
    }
    const sources = this.side(rule.from, families, line);
    const destinations = this.side(rule.to, families, line);
    for (const iface of this.interfaceVariants(rule)) {
      for (const protocol of uniq(protocols)) {
        for (const s of sources) {
          for (const d of destinations) {
            this.sink.rule({
              ...blankRule(this.device, 'pf', src.order, action),
              direction: iface.direction,
              sources: s.cidrs,
              sourcesNegated: s.negated,
              destinations: d.cidrs,
              destinationsNegated: d.negated,
              protocol,
              destinationPorts: dport,
              sourcePorts: sport,
              interfaces: { in: iface.in, out: iface.out },
              name: rule.label,
              comment: src.comment,
              objects: uniq([...s.objects, ...d.objects]),
              unresolved: uniq([...s.unresolved, ...d.unresolved]),
              conditions: iface.condition ? [...conditions, iface.condition] : conditions,
              lineFrom: src.lineFrom,
              lineTo: src.lineTo,
              text: src.text,
            });
            this.rules++;
          }
        }
      }
    }
  }

  /** The written family, else the family of every literal address in the rule, else both. */
  private families(rule: PfRule): Set<AddressFamily> {
    if (rule.af) return new Set([rule.af === 'inet' ? 'ipv4' : 'ipv6']);
    const literal = [...(rule.from ?? []), ...(rule.to ?? [])]
      .filter((i) => i.kind === 'cidrs')
      .flatMap((i) => i.cidrs);
    const seen = new Set(literal.map(cidrFamily));
    return seen.size === 1 ? seen : new Set(['ipv4', 'ipv6']);
  }

  /**
   * One side's alternatives: the union of its positive items, then one per negated item (pfctl expands a
   * list into one rule per item, so "{ a, !b }" matches a, or anything but b). A negated side of a
   * one-family rule also lists the other family's "any", so that its complement stays in the family.
   */
  private side(items: PfHostItem[] | null, families: Set<AddressFamily>, line: number): Side[] {
    if (items === null) return [{ cidrs: anyFor(families), negated: false, unresolved: [], objects: [] }];
    const inFamily = (cidrs: string[]) => cidrs.filter((c) => families.has(cidrFamily(c)));
    const out: Side[] = [];
    const positives = items.filter((i) => !i.negated);
    if (positives.length > 0) {
      const r = positives.map((i) => this.resolve(i, families, line));
      const cidrs = uniq(inFamily(r.flatMap((x) => x.cidrs)));
      const unresolved = uniq(r.flatMap((x) => x.unresolved));
      if (cidrs.length === 0 && unresolved.length === 0) {
        this.note(line, "a host list with no address of the rule's address family: the rule matches nothing");
      }
      out.push({ cidrs, negated: false, unresolved, objects: uniq(r.flatMap((x) => x.objects)) });
    }
    for (const item of items.filter((i) => i.negated)) {
      const r = this.resolve(item, families, line);
      const other: AddressFamily[] = families.size === 1 ? (families.has('ipv4') ? ['ipv6'] : ['ipv4']) : [];
      out.push({
        cidrs: [...inFamily(r.cidrs), ...anyFor(new Set(other))],
        negated: true,
        unresolved: r.unresolved,
        objects: r.objects,
      });
    }
    return out;
  }

  private resolve(item: PfHostItem, families: Set<AddressFamily>, line: number): Resolved {
    switch (item.kind) {
      case 'any':
        return { cidrs: anyFor(families), unresolved: [], objects: [] };
      case 'cidrs':
        return { cidrs: item.cidrs, unresolved: [], objects: [] };
      case 'table':
        return this.table(item.text, line);
      case 'name': {
        // self, interface names and groups, "(em0)", "em0:network", host names, no-route, urpf-failed:
        // pf resolves these when it loads the rules (or at run time); the rule keeps its other addresses.
        const what =
          item.text === 'self'
            ? 'self (the addresses of this host)'
            : item.text.startsWith('(')
              ? `interface address ${item.text}`
              : item.text;
        return { cidrs: [], unresolved: [what], objects: [] };
      }
    }
  }

  private table(name: string, line: number): Resolved {
    const t = this.tables.get(name);
    const objects = [name];
    const label = `<${name}>`;
    if (!t) {
      this.note(line, `table ${label} is used but not defined in this file; its addresses are unknown`, true);
      return { cidrs: [], unresolved: [label], objects };
    }
    if (t.entries.some((e) => e.negated)) {
      this.note(t.line, `table ${label} excludes addresses ("!" entries); it is not expanded`, true);
      return { cidrs: [], unresolved: [label], objects };
    }
    const unresolved: string[] = [];
    for (const f of t.files) {
      this.note(t.line, `table ${label}: the addresses in file "${f}" are not in this file`, true);
      unresolved.push(`${label} file "${f}"`);
    }
    for (const e of t.entries.filter((x) => x.cidr === null)) {
      // Host and interface names in a table are resolved by pfctl when it loads the rules.
      this.note(
        t.line,
        `table ${label}: entry "${e.text}" is a name pfctl resolves when it loads the rules; unresolved here`,
        true,
      );
      unresolved.push(`${label} entry ${e.text}`);
    }
    if (t.entries.length === 0 && t.files.length === 0) {
      this.note(t.line, `table ${label} is empty in this file (it may be filled at run time with pfctl -t)`, true);
      unresolved.push(label);
    }
    return { cidrs: t.entries.flatMap((e) => (e.cidr ? [e.cidr] : [])), unresolved, objects };
  }

  private ports(p: PfPorts | null, conditions: string[], line: number): string[] | null {
    if (p === null) return null;
    if (p.ranges === null) {
      this.note(line, `port "${p.text}" names a service not known here; kept as any port with a condition`);
      conditions.push(`port ${p.text}`);
      return null;
    }
    if (p.ranges.length === 0) this.note(line, `port "${p.text}" matches no port: the rule matches nothing`);
    return p.ranges.length === 0 ? [] : modelPorts(p.ranges);
  }

  /**
   * "on IF" with a direction binds the in or out interface; with no direction the rule matches packets
   * in or out on IF, which becomes two sibling rules. "on ! IF" is kept as a condition.
   */
  private interfaceVariants(rule: PfRule): IfaceVariant[] {
    if (rule.interfaces === null) return [{ direction: rule.direction, in: null, out: null, condition: null }];
    return rule.interfaces.flatMap(({ name, negated }): IfaceVariant[] => {
      if (negated) return [{ direction: rule.direction, in: null, out: null, condition: `on ! ${name}` }];
      if (rule.direction === 'in') return [{ direction: 'in', in: name, out: null, condition: null }];
      if (rule.direction === 'out') return [{ direction: 'out', in: null, out: name, condition: null }];
      return [
        { direction: 'in', in: name, out: null, condition: null },
        { direction: 'out', in: null, out: name, condition: null },
      ];
    });
  }

  finish(): void {
    this.sink.meta('model-rules', String(this.rules));
  }
}
