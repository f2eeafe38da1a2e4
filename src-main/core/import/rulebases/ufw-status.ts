// `ufw status`, `ufw status verbose` and `ufw status numbered` (Ubuntu's Uncomplicated Firewall): a
// "Status:" line, in verbose form the logging and "Default: deny (incoming), allow (outgoing), disabled
// (routed)" lines, then a To / Action / From table. ufw keeps its rules in three iptables chains,
// ufw-user-input, ufw-user-output and ufw-user-forward (ufw6-… for IPv6), each ending in the default policy
// of its direction; the rulesets here are named after them: "ufw/input", "ufw/output" and "ufw/forward".
// "ufw/output" ends in "output" so the evaluator leaves it out of its default entry rulesets, as it does
// iptables' OUTPUT chain; "ufw/input" and "ufw/forward" are entries. Order is the position of the rule in
// its ruleset as listed: ufw lists IPv4 rules before IPv6 ones, which never meet the same packet.
import { blankRule, type Rule, type RuleAction } from '../../model/rule';
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { ANY_V4, ANY_V6 } from './cidr';
import { modelProtocol, requireDevice, shown } from './iptables-common';
import { noAccessRules, ruleText } from './host-firewall-common';
import { parseUfwLocation, type UfwLocation } from './ufw-location';

const STATUS = /^Status: (active|inactive)\s*$/;
const HEADER = /^\s*To\s+Action\s+From\s*$/;
const SEPARATOR = /^\s*--\s+------\s+----\s*$/;
/** The action column: ACTION, or ACTION IN|OUT|FWD; always preceded by the padded To column. */
const ACTION = /\s(ALLOW|DENY|REJECT|LIMIT)(?: (IN|OUT|FWD))?(?=\s|$)/;
/** What ufw appends after the From column: "(log)", "(log-all)", "(out)" in numbered lists. */
const ATTRIBS = /\s+\(((?:log|log-all|in|out)(?:,\s*(?:log|log-all|in|out))*)\)\s*$/;

const ACTIONS: Readonly<Record<string, RuleAction>> = {
  ALLOW: 'allow',
  // ufw deny = the iptables DROP target; reject = REJECT.
  DENY: 'drop',
  REJECT: 'reject',
  LIMIT: 'allow',
};

const POLICIES: Readonly<Record<string, RuleAction>> = {
  allow: 'allow',
  'allow-without-tracking': 'allow',
  deny: 'drop',
  reject: 'reject',
};

const RULESET_OF: Readonly<Record<string, string>> = {
  incoming: 'ufw/input',
  outgoing: 'ufw/output',
  routed: 'ufw/forward',
};

const EXPECTED = 'expected `ufw status` output starting with "Status: active" or "Status: inactive"';

export const ufwStatus: FormatSpec = {
  id: 'ufw-status',
  label: 'ufw status / status verbose / status numbered',
  family: 'rulebase',
  parserVersion: '1',
  detector:
    'first line "Status: active" or "Status: inactive", then (when active) the "To  Action  From" table or the verbose "Logging:" / "Default:" lines',
  needsHostName: true,
  detect(head) {
    const lines = head.replace(/^\uFEFF/, '').split(/\r?\n/);
    const first = lines.findIndex((l) => l.trim() !== '');
    const m = first >= 0 ? STATUS.exec(lines[first] ?? '') : null;
    if (!m) return 0;
    const rest = lines.slice(first + 1).filter((l) => l.trim() !== '');
    if (m[1] === 'inactive') return rest.length === 0 ? 0.9 : 0;
    if (rest.length === 0) return 0.6;
    if (rest.some((l) => HEADER.test(l))) return 0.95;
    if (/^Logging: /.test(rest[0] ?? '') || /^Default: /.test(rest[0] ?? '')) return 0.9;
    return 0;
  },
  create(sink, options) {
    const device = requireDevice(options, 'ufw status output');
    return new UfwReader(sink, device).parser();
  },
};

class UfwReader {
  private status: 'active' | 'inactive' | null = null;
  private inTable = false;
  private verbose = false;
  private readonly orders = new Map<string, number>();
  private rules = 0;
  private numbered = false;

  constructor(
    private readonly sink: ImportSink,
    private readonly device: string,
  ) {}

  parser() {
    return lineParser(
      (line, lineNo) => this.line(line, lineNo),
      () => this.end(),
    );
  }

  private note(line: number | null, what: string) {
    this.sink.note({ line, column: line === null ? null : 1, what });
  }

  private line(raw: string, lineNo: number) {
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.trim() === '') return;
    if (this.status === null) {
      const m = STATUS.exec(line);
      if (!m) throw new ParseError(`${EXPECTED}; found ${shown(line)}`, lineNo, 1);
      this.status = m[1] as 'active' | 'inactive';
      this.sink.meta('status', this.status);
      return;
    }
    if (this.status === 'inactive') return this.note(lineNo, `line after "Status: inactive" ignored: ${shown(line)}`);
    if (!this.inTable) return this.headerLine(line, lineNo);
    if (SEPARATOR.test(line)) return;
    this.ruleLine(line, lineNo);
  }

  private headerLine(line: string, lineNo: number) {
    if (HEADER.test(line)) {
      this.inTable = true;
      return;
    }
    const [key, value = ''] = line.split(/:\s*/, 2).map((s) => s.trim()) as [string, string | undefined];
    switch (key) {
      case 'Logging':
        this.verbose = true;
        this.sink.meta('logging', value);
        return;
      case 'New profiles':
        this.sink.meta('new-profiles', value);
        return;
      case 'Default':
        this.verbose = true;
        return this.defaults(line.slice(line.indexOf(':') + 1), lineNo);
      default:
        this.note(lineNo, `line not understood before the rule table: ${shown(line)}`);
    }
  }

  /** "deny (incoming), allow (outgoing), disabled (routed)": one default policy per ufw chain. */
  private defaults(text: string, lineNo: number) {
    this.sink.meta('default', text.trim());
    for (const part of text.split(',')) {
      const m = /^\s*(\S+)\s+\((incoming|outgoing|routed)\)\s*$/.exec(part);
      if (!m) {
        this.note(lineNo, `default policy not understood: ${shown(part)}`);
        continue;
      }
      const [, value = '', where = ''] = m;
      const ruleset = RULESET_OF[where] as string;
      if (value === 'disabled') {
        // ufw says "disabled (routed)" when the kernel does not forward IP packets: ufw filters no routed
        // traffic because there is none. No policy is invented for ufw/forward.
        this.note(lineNo, 'routing is disabled (the host does not forward packets): ufw/forward has no default policy');
        continue;
      }
      const policy = POLICIES[value];
      if (!policy) {
        this.note(lineNo, `default policy "${value}" (${where}) not understood; recorded as "other"`);
      }
      this.sink.policy({ device: this.device, ruleset, policy: policy ?? 'other', lineFrom: lineNo });
    }
  }

  private ruleLine(line: string, lineNo: number) {
    let rest = line;
    const num = /^\s*\[\s*(\d+)\]\s?/.exec(rest);
    if (num) {
      this.numbered = true;
      rest = rest.slice(num[0].length);
    }
    const m = ACTION.exec(` ${rest}`);
    if (!m) return this.note(lineNo, `rule line with no ALLOW/DENY/REJECT/LIMIT action: ${shown(line)}`);
    const toText = ` ${rest}`.slice(0, m.index).trim();
    let fromText = ` ${rest}`.slice(m.index + m[0].length);
    let comment: string | null = null;
    const hash = fromText.search(/(^|\s)#(\s|$)/);
    if (hash >= 0) {
      comment =
        fromText
          .slice(hash)
          .replace(/^\s*#\s?/, '')
          .trimEnd() || null;
      fromText = fromText.slice(0, hash);
    }
    fromText = fromText.replace(ATTRIBS, '').trim();
    const word = m[1] as string;
    const dir = m[2] ?? 'IN';
    const forward = dir === 'FWD';
    const ruleset = forward ? 'ufw/forward' : dir === 'OUT' ? 'ufw/output' : 'ufw/input';
    const to = parseUfwLocation(toText);
    const from = parseUfwLocation(fromText);
    for (const p of [...to.problems, ...from.problems]) this.note(lineNo, `${p}: ${shown(line)}`);
    this.emit({ line, lineNo, word, dir, ruleset, to, from, comment });
  }

  private emit(r: {
    line: string;
    lineNo: number;
    word: string;
    dir: string;
    ruleset: string;
    to: UfwLocation;
    from: UfwLocation;
    comment: string | null;
  }) {
    const { to, from } = r;
    const v6 = to.v6 || from.v6 || [...(to.cidrs ?? []), ...(from.cidrs ?? [])].some((c) => c.includes(':'));
    const any = v6 ? ANY_V6 : ANY_V4;
    if (to.protocol && from.protocol && to.protocol !== from.protocol) {
      this.note(
        r.lineNo,
        `To and From name different protocols (${to.protocol}, ${from.protocol}); ${to.protocol} kept`,
      );
    }
    const written = to.protocol ?? from.protocol;
    const apps = [to.app, from.app].filter((a): a is string => a !== null);
    const hasPorts = to.ports !== null || from.ports !== null;
    let protocols: string[];
    if (written) {
      const p = modelProtocol(written);
      if (p === null) this.note(r.lineNo, `protocol "${written}" not understood; kept as any with a condition`);
      protocols = [p ?? 'any'];
    } else if (hasPorts) {
      // A port with no protocol: ufw adds one iptables rule for tcp and one for udp.
      protocols = ['tcp', 'udp'];
    } else protocols = ['any'];
    for (const app of apps) {
      this.note(
        r.lineNo,
        `application profile "${app}" is defined in /etc/ufw/applications.d, not in this output: its ports are unknown (use \`ufw status verbose\`)`,
      );
    }
    // Interfaces: for route rules "on X" under From is the incoming interface and under To the outgoing
    // one; for other rules it is the other way round (ufw reports them relative to the host itself).
    const forward = r.dir === 'FWD';
    const inIf = forward ? from.iface : to.iface;
    const outIf = forward ? to.iface : from.iface;
    const order = (this.orders.get(r.ruleset) ?? 0) + 1;
    this.orders.set(r.ruleset, order);
    const conditions: string[] = [];
    if (r.word === 'LIMIT') conditions.push('rate limited');
    if (written && modelProtocol(written) === null) conditions.push(`protocol ${written}`);
    for (const protocol of protocols) {
      const rule: Rule = {
        ...blankRule(this.device, r.ruleset, order, ACTIONS[r.word] as RuleAction),
        direction: forward ? null : r.dir === 'OUT' ? 'out' : 'in',
        sources: from.cidrs ?? [any],
        destinations: to.cidrs ?? [any],
        protocol,
        destinationPorts: to.ports,
        sourcePorts: from.ports,
        interfaces: { in: inIf, out: outIf },
        comment: r.comment,
        objects: [to.appObject, from.appObject, ...apps].filter((a): a is string => a !== null),
        // An application profile named without its ports (plain `ufw status`) is unresolved; the rule
        // keeps the addresses it names, and its ports stay "any".
        unresolved: apps.map((a) => `application profile ${a}`),
        conditions,
        lineFrom: r.lineNo,
        lineTo: r.lineNo,
        text: ruleText(r.line.trim()),
      };
      this.sink.rule(rule);
    }
    this.rules++;
  }

  private end() {
    if (this.status === null) throw new ParseError(`${EXPECTED}; the file is empty`, 1, 1);
    this.sink.meta('listed-rules', String(this.rules));
    if (this.status === 'inactive') {
      noAccessRules(
        this.sink,
        'ufw is inactive: no rules are enforced by ufw (rules set with iptables or nftables directly are not shown by `ufw status`)',
        'ufw-inactive',
      );
      return;
    }
    this.sink.meta('form', this.verbose ? 'verbose' : this.numbered ? 'numbered' : 'plain');
    if (!this.verbose) {
      this.note(
        null,
        "the default policies are not shown by this form of `ufw status` (only `ufw status verbose` shows them); none is recorded. ufw's shipped default is deny incoming, allow outgoing, but this host's is not in the file",
      );
    }
    if (this.rules === 0 && this.inTable === false) {
      this.note(null, 'ufw is active with no rules of its own: only its default policies apply');
    }
    this.note(
      null,
      "ufw's built-in before/after rules (loopback, established connections, ICMP, DHCP client, mDNS, UPnP) are not listed by `ufw status` and are not imported",
    );
  }
}
