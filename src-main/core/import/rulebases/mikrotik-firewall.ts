// MikroTik RouterOS `/ip firewall filter print [all] [without-paging]` (and `/ipv6 firewall filter print`):
// a "Flags: X - disabled, I - invalid, D - dynamic" legend, then entries "N FLAGS ;;; comment" followed by
// indented key=value lines (chain=input action=accept protocol=tcp dst-port=22 …), separated by blank
// lines. Console messages echoed into the capture ("17:20:06 echo: system,error …") are skipped with a note.
//
// Rulesets are the chains as RouterOS names them: "input", "forward", "output" and user chains ("ipv6/…"
// for an IPv6 listing). "output" ends in "output" so the evaluator leaves it out of its default entry
// rulesets, as it does iptables' OUTPUT; "input" and "forward" are entries. RouterOS accepts what no
// rule of a built-in chain decides, so input, forward and output get the default policy allow (said in a
// note); a user chain returns to its caller. A `/ip firewall nat print` listing holds no access rules: it
// is imported with none, and said.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { chainDirections, hookDirection, requireDevice, shown, type AddressFamily } from './iptables-common';
import { noAccessRules } from './host-firewall-common';
import { entryToRule, type MikrotikEntry } from './mikrotik-entry';

const LEGEND = /^\s*Flags: ([A-Z*] - [a-z][\w-]*[,;]?\s*)+$/;
/** The first line of an entry: number, flag letters, then ";;; comment" or the first properties. */
const ENTRY = /^\s*(\d+)\s+(?:([A-Z*]{1,6})\s+)?(;;;.*|[a-z][a-z0-9-]*=.*)$/;
/** A console message echoed into the capture: "17:20:06 echo: system,error,critical login failure …". */
const ECHO = /^(?:[a-z]{3}\/\d{2}\/\d{4} )?\d{1,2}:\d{2}:\d{2} [\w-]+: /;
const PROP = /([a-z0-9-]+)=("(?:[^"\\]|\\.)*"|\S*)/y;

const BUILT_IN = ['input', 'forward', 'output'];
const NAT_CHAINS = new Set(['srcnat', 'dstnat']);
const MANGLE_CHAINS = new Set(['prerouting', 'postrouting']);

const EXPECTED =
  'expected a RouterOS firewall listing ("Flags: X - disabled, I - invalid, D - dynamic", then entries like " 0    chain=input action=accept …")';

export const mikrotikFirewall: FormatSpec = {
  id: 'mikrotik-firewall',
  label: 'MikroTik RouterOS /ip firewall filter print (and nat print)',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'RouterOS "print" entries (" N [XID] ;;; comment" or " N chain=… action=…") with chain= properties, usually after the "Flags: X - disabled, I - invalid, D - dynamic" legend',
  needsHostName: true,
  detect(head) {
    const lines = head.split(/\r?\n/);
    const legend = lines.some((l) => LEGEND.test(l));
    const entries = lines.filter((l) => ENTRY.test(l)).length;
    const chains = /(^|\s)chain=[\w-]+(\s|$)/m.test(head);
    if (!chains || entries === 0) return 0;
    return legend ? 0.95 : entries >= 2 ? 0.8 : 0;
  },
  create(sink, options) {
    const device = requireDevice(options, 'A RouterOS firewall listing');
    return new MikrotikReader(sink, device).parser();
  },
};

interface Building {
  number: number;
  flags: string;
  comment: string[] | null;
  props: string[];
  lines: string[];
  lineFrom: number;
  lineTo: number;
}

class MikrotikReader {
  private readonly entries: MikrotikEntry[] = [];
  private current: Building | null = null;
  private legend: string | null = null;
  private echoes = 0;
  private foreign = 0;

  constructor(
    private readonly sink: ImportSink,
    private readonly device: string,
  ) {}

  parser() {
    return lineParser(
      (raw, lineNo) => this.line(lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw, lineNo),
      () => this.end(),
    );
  }

  private note(line: number | null, what: string) {
    this.sink.note({ line, column: line === null ? null : 1, what });
  }

  private line(line: string, lineNo: number) {
    if (line.trim() === '') {
      this.close();
      return;
    }
    if (ECHO.test(line)) {
      this.echoes++;
      this.note(lineNo, `console message echoed into the capture, skipped: ${shown(line)}`);
      return;
    }
    if (LEGEND.test(line)) {
      this.close();
      if (this.legend === null) {
        this.legend = line.trim();
        this.sink.meta('flags', line.trim().slice('Flags:'.length).trim());
      }
      return;
    }
    const m = ENTRY.exec(line);
    if (m) {
      this.close();
      const rest = m[3] as string;
      this.current = {
        number: Number(m[1]),
        flags: m[2] ?? '',
        comment: rest.startsWith(';;;') ? [rest.slice(3).trim()] : null,
        props: rest.startsWith(';;;') ? [] : [rest],
        lines: [line.trimEnd()],
        lineFrom: lineNo,
        lineTo: lineNo,
      };
      return;
    }
    const cur = this.current;
    if (cur) {
      // An indented continuation: more properties, or (before any property) more of a long comment.
      if (cur.props.length === 0 && cur.comment !== null && !/(^|\s)[a-z][a-z0-9-]*=/.test(line)) {
        cur.comment.push(line.trim());
      } else cur.props.push(line.trim());
      cur.lines.push(line.trimEnd());
      cur.lineTo = lineNo;
      return;
    }
    this.note(lineNo, `line not understood outside an entry: ${shown(line)}`);
    if (this.entries.length === 0 && ++this.foreign >= 10) throw new ParseError(`${EXPECTED} near the top`, lineNo, 1);
  }

  private close() {
    const cur = this.current;
    if (!cur) return;
    this.current = null;
    const text = cur.props.join(' ');
    const props: [string, string][] = [];
    PROP.lastIndex = 0;
    let at = 0;
    while (at < text.length) {
      while (text[at] === ' ') at++;
      if (at >= text.length) break;
      PROP.lastIndex = at;
      const m = PROP.exec(text);
      if (!m) {
        const word = /^\S+/.exec(text.slice(at))?.[0] ?? '';
        this.note(cur.lineFrom, `entry ${cur.number}: "${word}" is not a key=value property; skipped`);
        at += word.length;
        continue;
      }
      const raw = m[2] as string;
      const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
      props.push([m[1] as string, value]);
      at = PROP.lastIndex;
    }
    const comment = cur.comment?.join(' ').trim() || null;
    this.entries.push({
      number: cur.number,
      flags: cur.flags,
      comment,
      props,
      lineFrom: cur.lineFrom,
      lineTo: cur.lineTo,
      text: cur.lines.join('\n'),
    });
  }

  private end() {
    this.close();
    if (this.entries.length === 0) {
      if (this.legend !== null) {
        noAccessRules(this.sink, 'a RouterOS firewall listing with no entries', 'empty');
        return;
      }
      throw new ParseError(`no firewall entries found; ${EXPECTED}`, 1, 1);
    }
    const chainOf = new Map<MikrotikEntry, string>();
    for (const e of this.entries) {
      const chain = e.props.find(([k]) => k === 'chain')?.[1];
      if (!chain) this.note(e.lineFrom, `entry ${e.number} has no chain=; skipped`);
      else chainOf.set(e, chain);
    }
    const chains = [...new Set(chainOf.values())];
    if (this.echoes > 0) this.sink.meta('console-messages-skipped', String(this.echoes));
    if (chains.some((c) => NAT_CHAINS.has(c))) return this.nat(chainOf);
    if (chains.some((c) => MANGLE_CHAINS.has(c))) {
      return noAccessRules(
        this.sink,
        `a RouterOS mangle or raw table listing (${this.entries.length} entries in chains ${chains.join(', ')}); raw-table drops are not imported`,
        'mangle-or-raw',
      );
    }
    this.filter(chainOf);
  }

  private nat(chainOf: Map<MikrotikEntry, string>) {
    const count = new Map<string, number>();
    for (const c of chainOf.values()) count.set(c, (count.get(c) ?? 0) + 1);
    const per = [...count].map(([c, n]) => `${c} ${n}`).join(', ');
    noAccessRules(
      this.sink,
      `a RouterOS NAT listing (/ip firewall nat print) with ${this.entries.length} entries (${per}); NAT translates addresses and never passes or blocks`,
      'nat',
    );
  }

  private filter(chainOf: Map<MikrotikEntry, string>) {
    const family: AddressFamily = this.entries.some((e) =>
      e.props.some(([k, v]) => (k === 'src-address' || k === 'dst-address') && v.includes(':')),
    )
      ? 'ipv6'
      : 'ipv4';
    this.sink.meta('family', family);
    const prefix = family === 'ipv6' ? 'ipv6/' : '';
    const rulesetOf = (chain: string) => `${prefix}${chain}`;
    // Directions: built-in chains by their hook, user chains from the chains that jump to them.
    const roots = new Map<string, 'in' | 'out' | 'forward'>();
    for (const c of BUILT_IN) roots.set(c, hookDirection(c) as 'in' | 'out' | 'forward');
    const edges = new Map<string, Set<string>>();
    for (const [e, chain] of chainOf) {
      const to = e.props.find(([k]) => k === 'jump-target')?.[1];
      if (!to) continue;
      let set = edges.get(chain);
      if (!set) edges.set(chain, (set = new Set()));
      set.add(to);
    }
    const directions = chainDirections(roots, edges);
    const orders = new Map<string, number>();
    const lists = new Set<string>();
    for (const [e, chain] of chainOf) {
      const order = (orders.get(chain) ?? 0) + 1;
      orders.set(chain, order);
      if (e.flags.includes('I')) this.note(e.lineFrom, `entry ${e.number} is invalid (flag I): RouterOS ignores it`);
      const rule = entryToRule(
        e,
        { device: this.device, family, rulesetOf, order, direction: directions.get(chain) ?? null },
        (what) => this.note(e.lineFrom, `entry ${e.number}: ${what}`),
      );
      for (const [k, v] of e.props) {
        const name = v.replace(/^!/, '');
        if ((k === 'src-address-list' || k === 'dst-address-list') && !lists.has(name)) {
          lists.add(name);
          this.note(
            e.lineFrom,
            `address list "${name}" is kept in /ip firewall address-list, not in this listing: its addresses are unresolved`,
          );
        }
      }
      this.sink.rule(rule);
    }
    for (const chain of BUILT_IN) {
      this.sink.policy({ device: this.device, ruleset: rulesetOf(chain), policy: 'allow', lineFrom: null });
    }
    this.note(
      null,
      `RouterOS accepts packets that no rule of a built-in chain drops or rejects: ${BUILT_IN.map(rulesetOf).join(', ')} are recorded with the default policy allow`,
    );
    this.sink.meta('rules', String(chainOf.size));
    this.sink.meta('chains', chains(chainOf).join(', '));
  }
}

function chains(chainOf: Map<MikrotikEntry, string>): string[] {
  return [...new Set(chainOf.values())];
}
