// The arguments of one iptables rule (as iptables-save writes it, or iptables-restore reads it) turned
// into the model's fields: addresses, protocol, ports, interfaces, verdict; every other match is kept
// as written in `conditions`, so a rule is never shown wider or narrower than the kernel applies it.
import type { RuleAction } from '../../model/rule';
import { cidrFromNetmask, parseCidr, rangeToCidrs } from './cidr';
import { familyOf, modelPort, modelProtocol, PORT_PROTOCOLS, type AddressFamily } from './iptables-common';

export interface ArgToken {
  text: string;
  /** Quoted in the file: always a value, never an option or "!". */
  quoted: boolean;
}

/**
 * Splits a rule line like iptables-restore does: whitespace-separated words, double quotes with
 * backslash escapes (iptables-save quotes comments and log prefixes), single quotes taken literally.
 */
export function splitArgs(line: string): { args: ArgToken[]; error: string | null } {
  const args: ArgToken[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    let text = '';
    let quoted = false;
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      const c = line[i] as string;
      if (c === '"' || c === "'") {
        quoted = true;
        const close = c;
        i++;
        let closed = false;
        while (i < line.length) {
          const q = line[i] as string;
          if (q === close) {
            closed = true;
            i++;
            break;
          }
          if (q === '\\' && close === '"' && i + 1 < line.length) {
            text += line[i + 1];
            i += 2;
            continue;
          }
          text += q;
          i++;
        }
        if (!closed) return { args, error: `a ${close === '"' ? 'double' : 'single'} quote is not closed` };
        continue;
      }
      text += c;
      i++;
    }
    args.push({ text, quoted });
  }
  return { args, error: null };
}

/** An ipset defined in the same file (ipset save + iptables rules), resolved when it only holds addresses. */
export interface IpsetDef {
  name: string;
  type: string;
  /** CIDRs, or null when the set cannot stand for a fixed list of addresses. */
  members: string[] | null;
  /** Why `members` is null. */
  why: string | null;
}

export interface IptablesContext {
  table: string;
  /** Chains declared or used in the table: a -j to one of them is a jump. */
  chains: ReadonlySet<string>;
  ipsets: ReadonlyMap<string, IpsetDef>;
  /** The ruleset name of a chain of this table (what jump and goto targets name). */
  rulesetOf(chain: string): string;
}

export interface IptablesRuleFields {
  action: RuleAction;
  target: string | null;
  /** Null when the rule does not match on the address (any address of the ruleset's family). */
  sources: string[] | null;
  sourcesNegated: boolean;
  destinations: string[] | null;
  destinationsNegated: boolean;
  protocol: string;
  destinationPorts: string[] | null;
  sourcePorts: string[] | null;
  inInterface: string | null;
  outInterface: string | null;
  comment: string | null;
  objects: string[];
  unresolved: string[];
  conditions: string[];
  /** Counters given with -c inside the rule (iptables-restore syntax). */
  packets: number | null;
  /** Address families the rule's addresses belong to (to choose the ruleset family, and to check it). */
  families: Set<AddressFamily>;
  /** Parts not understood, said in words; the caller turns them into notes. */
  problems: string[];
}

/** Targets that end evaluation or log, as the model names them. */
const VERDICTS: Readonly<Record<string, RuleAction>> = {
  ACCEPT: 'allow',
  DROP: 'drop',
  REJECT: 'reject',
  RETURN: 'return',
  LOG: 'log',
  ULOG: 'log',
  NFLOG: 'log',
};

/**
 * Target extensions shipped with iptables (xtables-addons included): a -j to one of these is not a jump
 * to a user chain, even when no chain is declared under that name.
 */
const TARGET_EXTENSIONS = new Set([
  'AUDIT',
  'CHECKSUM',
  'CLASSIFY',
  'CLUSTERIP',
  'CONNMARK',
  'CONNSECMARK',
  'CT',
  'DNAT',
  'DNPT',
  'DSCP',
  'ECN',
  'HL',
  'HMARK',
  'IDLETIMER',
  'LED',
  'MARK',
  'MASQUERADE',
  'MIRROR',
  'NETMAP',
  'NFQUEUE',
  'NOTRACK',
  'QUEUE',
  'RATEEST',
  'REDIRECT',
  'SAME',
  'SECMARK',
  'SET',
  'SNAT',
  'SNPT',
  'SYNPROXY',
  'TARPIT',
  'TCPMSS',
  'TCPOPTSTRIP',
  'TEE',
  'TOS',
  'TPROXY',
  'TRACE',
  'TTL',
  'CHAOS',
  'DELUDE',
  'ECHO',
  'IPMARK',
  'LOGMARK',
  'SYSRQ',
  'STEAL',
  'DHCPMAC',
]);

/** Options that describe the packet whichever module or target precedes them in the line. */
const MATCH_OPTIONS = new Set([
  'dport',
  'destination-port',
  'sport',
  'source-port',
  'dports',
  'destination-ports',
  'sports',
  'source-ports',
  'ports',
  'comment',
  'state',
  'ctstate',
  'match-set',
  'src-range',
  'dst-range',
  'icmp-type',
  'icmpv6-type',
]);

/** Options iptables accepts without "-m": those of the protocol named by -p (tcp, udp, icmp, sctp). */
const IMPLICIT_OPTIONS = new Set(['tcp-flags', 'syn', 'tcp-option', 'icmp-type', 'icmpv6-type', 'chunk-types']);

interface ModuleUse {
  /** "-m limit", or "" for options of the protocol loaded implicitly by -p. */
  head: string;
  /** Options not turned into fields, as written. */
  rest: string[];
}

/** What the address words of -s/-d/--src-range turned into. */
interface AddressMatch {
  cidrs: string[];
  negated: boolean;
  /** The match as written, kept as a condition when the model cannot hold it. */
  written: string;
}

/** Parses the arguments after "-A CHAIN". */
export function parseRuleArgs(args: readonly ArgToken[], ctx: IptablesContext): IptablesRuleFields {
  const f: IptablesRuleFields = {
    action: 'other',
    target: null,
    sources: null,
    sourcesNegated: false,
    destinations: null,
    destinationsNegated: false,
    protocol: 'any',
    destinationPorts: null,
    sourcePorts: null,
    inInterface: null,
    outInterface: null,
    comment: null,
    objects: [],
    unresolved: [],
    conditions: [],
    packets: null,
    families: new Set(),
    problems: [],
  };
  const comments: string[] = [];
  const modules: ModuleUse[] = [];
  let current: ModuleUse = { head: '', rest: [] };
  modules.push(current);
  let src: AddressMatch | null = null;
  let dst: AddressMatch | null = null;
  let target: { name: string; goto: boolean; options: string[] } | null = null;
  let protocolWritten: string | null = null;
  let i = 0;

  /** The value after an option, honouring the old "--opt ! value" spelling of negation. */
  const valueAt = (negatedBefore: boolean): { value: string | null; negated: boolean } => {
    let negated = negatedBefore;
    if (args[i]?.text === '!' && !args[i]?.quoted) {
      negated = !negated;
      i++;
    }
    const v = args[i];
    if (v === undefined || (!v.quoted && /^-/.test(v.text) && v.text !== '-')) return { value: null, negated };
    i++;
    return { value: v.text, negated };
  };

  /** Words after an option up to the next option or "!". */
  const valuesAfter = (): string[] => {
    const out: string[] = [];
    while (i < args.length) {
      const a = args[i] as ArgToken;
      if (!a.quoted && (a.text === '!' || /^-[-a-zA-Z]/.test(a.text))) break;
      out.push(a.quoted ? JSON.stringify(a.text) : a.text);
      i++;
    }
    return out;
  };

  const addressMatch = (written: string, negated: boolean, optName: string): AddressMatch => {
    const cidrs: string[] = [];
    const names: string[] = [];
    for (const part of written.split(',')) {
      const p = part.trim();
      if (p === '') continue;
      const slash = p.indexOf('/');
      const cidr =
        parseCidr(p) ??
        (slash > 0 && p.slice(slash + 1).includes('.') ? cidrFromNetmask(p.slice(0, slash), p.slice(slash + 1)) : null);
      if (cidr) {
        cidrs.push(cidr);
        f.families.add(familyOf(cidr));
      } else names.push(p);
    }
    if (names.length > 0) {
      // A host name is resolved when iptables loads the rule; offline it stays a name, and the rule
      // keeps any address in its fields with the written match as a condition.
      f.unresolved.push(...names);
      f.conditions.push(`${negated ? '! ' : ''}${optName} ${written}`);
      return { cidrs: [], negated: false, written };
    }
    if (negated && cidrs.length > 1)
      f.problems.push(`"! ${optName}" with several addresses (${written}) is refused by iptables`);
    return { cidrs, negated, written: `${negated ? '! ' : ''}${optName} ${written}` };
  };

  const setAddress = (side: 'src' | 'dst', m: AddressMatch) => {
    if (m.cidrs.length === 0) return;
    const prior = side === 'src' ? src : dst;
    if (prior) {
      // Two address matches on one side intersect; the model holds one list, so the second stays a condition.
      f.conditions.push(m.written);
      return;
    }
    if (side === 'src') src = m;
    else dst = m;
  };

  const ports = (written: string, negated: boolean, opt: string, side: 'dst' | 'src', list: boolean) => {
    const out: string[] = [];
    for (const part of list ? written.split(',') : [written]) {
      const p = modelPort(part, ':');
      if (p === null) {
        f.problems.push(`port "${part}" of ${opt} is not a port number, range or known service name`);
        f.conditions.push(`${negated ? '! ' : ''}${opt} ${written}`);
        return;
      }
      out.push(p);
    }
    if (negated) {
      // The model has no "all ports but these": the rule keeps any port, the exclusion stays a condition.
      f.conditions.push(`! ${opt} ${written}`);
      return;
    }
    const existing = side === 'dst' ? f.destinationPorts : f.sourcePorts;
    if (existing) {
      f.conditions.push(`${opt} ${written}`);
      return;
    }
    if (side === 'dst') f.destinationPorts = out;
    else f.sourcePorts = out;
  };

  const matchSet = (words: string[], negated: boolean) => {
    const [name, dirs] = words;
    const written = `${negated ? '! ' : ''}--match-set ${words.join(' ')}`;
    if (!name || !dirs) {
      f.problems.push(`--match-set needs a set name and a direction (src/dst), found "${words.join(' ')}"`);
      f.conditions.push(`-m set ${written}`);
      return;
    }
    const object = `ipset:${name}`;
    f.objects.push(object);
    const def = ctx.ipsets.get(name);
    const side = dirs === 'src' ? 'src' : dirs === 'dst' ? 'dst' : null;
    if (def?.members && side) {
      for (const c of def.members) f.families.add(familyOf(c));
      setAddress(side, { cidrs: def.members, negated, written: `-m set ${written}` });
      return;
    }
    // The set is filled outside this file (or holds ports, interfaces, several dimensions): the rule
    // keeps any address in its fields and the set match as a condition.
    f.unresolved.push(object);
    f.conditions.push(`-m set ${written}`);
  };

  const option = (name: string, negated: boolean) => {
    switch (name) {
      case 'dport':
      case 'destination-port':
      case 'sport':
      case 'source-port': {
        const { value, negated: neg } = valueAt(negated);
        if (value === null) return missing(name);
        ports(value, neg, `--${name}`, name.startsWith('d') ? 'dst' : 'src', false);
        return;
      }
      case 'dports':
      case 'destination-ports':
      case 'sports':
      case 'source-ports': {
        const { value, negated: neg } = valueAt(negated);
        if (value === null) return missing(name);
        ports(value, neg, `--${name}`, name.startsWith('d') ? 'dst' : 'src', true);
        return;
      }
      case 'comment': {
        const { value } = valueAt(false);
        if (value === null) return missing(name);
        comments.push(value);
        return;
      }
      case 'match-set': {
        const words = valuesAfter();
        // Options that change what a set match means are kept with it.
        matchSet(words, negated);
        return;
      }
      case 'src-range':
      case 'dst-range': {
        const { value, negated: neg } = valueAt(negated);
        if (value === null) return missing(name);
        const [a, b] = value.split('-', 2);
        const cidrs = a && b ? rangeToCidrs(a, b) : null;
        if (!cidrs) {
          f.problems.push(`--${name} "${value}" is not an address range`);
          f.conditions.push(`-m iprange ${neg ? '! ' : ''}--${name} ${value}`);
          return;
        }
        for (const c of cidrs) f.families.add(familyOf(c));
        const written = `-m iprange ${neg ? '! ' : ''}--${name} ${value}`;
        setAddress(name === 'src-range' ? 'src' : 'dst', { cidrs, negated: neg, written });
        return;
      }
      default: {
        // Any other option: of the current module or of the target, kept as written.
        const before = args[i]?.text === '!' && !args[i]?.quoted;
        if (before) i++;
        const words = valuesAfter();
        const text = `${negated || before ? '! ' : ''}--${name}${words.length > 0 ? ` ${words.join(' ')}` : ''}`;
        if (target && !MATCH_OPTIONS.has(name)) target.options.push(text);
        else {
          if (current.head === '' && !IMPLICIT_OPTIONS.has(name)) {
            f.problems.push(`option --${name} is not under a "-m" match; kept as a condition`);
          }
          current.rest.push(text);
        }
      }
    }
  };

  const missing = (name: string) => {
    f.problems.push(`--${name} has no value`);
  };

  while (i < args.length) {
    const tok = args[i] as ArgToken;
    i++;
    if (tok.quoted) {
      f.problems.push(`unexpected value "${tok.text}"`);
      continue;
    }
    let negated = false;
    let t = tok.text;
    if (t === '!') {
      const next = args[i];
      if (!next || next.quoted) {
        f.problems.push('"!" is not followed by an option');
        continue;
      }
      negated = true;
      t = next.text;
      i++;
    }
    switch (t) {
      case '-s':
      case '--source':
      case '--src':
      case '-d':
      case '--destination':
      case '--dst': {
        const { value, negated: neg } = valueAt(negated);
        if (value === null) {
          f.problems.push(`${t} has no address`);
          break;
        }
        const side = t === '-s' || t === '--source' || t === '--src' ? 'src' : 'dst';
        const opt = side === 'src' ? '-s' : '-d';
        setAddress(side, addressMatch(value, neg, opt));
        break;
      }
      case '-p':
      case '--protocol': {
        const { value, negated: neg } = valueAt(negated);
        if (value === null) {
          f.problems.push(`${t} has no protocol`);
          break;
        }
        protocolWritten = value;
        const p = modelProtocol(value);
        if (p === null) {
          f.problems.push(`protocol "${value}" is not a known protocol name or number`);
          f.conditions.push(`${neg ? '! ' : ''}-p ${value}`);
        } else if (neg) {
          // "all protocols but this one" is not a model protocol.
          if (p !== 'any') f.conditions.push(`! -p ${value}`);
        } else f.protocol = p;
        break;
      }
      case '-i':
      case '--in-interface':
      case '-o':
      case '--out-interface': {
        const { value, negated: neg } = valueAt(negated);
        if (value === null) {
          f.problems.push(`${t} has no interface`);
          break;
        }
        const inbound = t === '-i' || t === '--in-interface';
        if (neg) f.conditions.push(`! ${inbound ? '-i' : '-o'} ${value}`);
        else if (value !== '+') {
          if (inbound) f.inInterface = value;
          else f.outInterface = value;
        }
        break;
      }
      case '-f':
      case '--fragment':
        f.conditions.push(`${negated ? '! ' : ''}-f`);
        break;
      case '-m':
      case '--match': {
        const { value } = valueAt(false);
        if (value === null) {
          f.problems.push(`${t} has no module name`);
          break;
        }
        current = { head: `-m ${value}`, rest: [] };
        modules.push(current);
        break;
      }
      case '-j':
      case '--jump':
      case '-g':
      case '--goto': {
        const { value } = valueAt(false);
        if (value === null) {
          f.problems.push(`${t} has no target`);
          break;
        }
        if (target) f.problems.push(`a second target "${value}" after "${target.name}"`);
        target = { name: value, goto: t === '-g' || t === '--goto', options: [] };
        break;
      }
      case '-c':
      case '--set-counters': {
        const a = args[i]?.text ?? '';
        const b = args[i + 1]?.text ?? '';
        const pair = /^(\d+):(\d+)$/.exec(a);
        if (pair) {
          f.packets = Number(pair[1]);
          i++;
        } else if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
          f.packets = Number(a);
          i += 2;
        } else f.problems.push(`${t} needs packet and byte counts`);
        break;
      }
      case '-4':
      case '--ipv4':
      case '-6':
      case '--ipv6':
        // iptables-restore ignores a rule marked for the other family; such files are rare, say so.
        f.conditions.push(t);
        break;
      default:
        if (t.startsWith('--') && t.length > 2) option(t.slice(2), negated);
        else f.problems.push(`unknown option "${t}"`);
    }
  }

  for (const m of modules) {
    if (m.rest.length > 0) f.conditions.push([m.head, ...m.rest].filter((x) => x !== '').join(' '));
  }
  if (comments.length > 0) f.comment = comments.join('\n');
  if (src) {
    const s: AddressMatch = src;
    f.sources = s.cidrs;
    f.sourcesNegated = s.negated;
  }
  if (dst) {
    const d: AddressMatch = dst;
    f.destinations = d.cidrs;
    f.destinationsNegated = d.negated;
  }
  if ((f.destinationPorts || f.sourcePorts) && !PORT_PROTOCOLS.has(f.protocol)) {
    f.problems.push(
      `ports given for protocol "${protocolWritten ?? 'all'}"; iptables needs -p tcp, udp, sctp, dccp or udplite for them`,
    );
  }

  const tgt = target as { name: string; goto: boolean; options: string[] } | null;
  // No -j: the rule only counts (or carries a comment) and the packet goes on to the next rule.
  if (!tgt) f.action = 'continue';
  if (tgt) {
    const declared = ctx.chains.has(tgt.name);
    const verdict = Object.hasOwn(VERDICTS, tgt.name) ? VERDICTS[tgt.name] : undefined;
    if (tgt.goto) {
      f.action = 'goto';
      f.target = ctx.rulesetOf(tgt.name);
      if (!declared) f.problems.push(`goto to chain "${tgt.name}", which is not declared in table ${ctx.table}`);
    } else if (verdict && !declared) {
      f.action = verdict;
    } else if (declared) {
      f.action = 'jump';
      f.target = ctx.rulesetOf(tgt.name);
    } else if (TARGET_EXTENSIONS.has(tgt.name)) {
      f.action = 'other';
      f.target = [tgt.name, ...tgt.options].join(' ');
    } else {
      // iptables-restore refuses a jump to a chain it does not know; most likely a chain declared
      // elsewhere or an extension we do not list: kept as a jump and said.
      f.action = 'jump';
      f.target = ctx.rulesetOf(tgt.name);
      f.problems.push(
        `jump to "${tgt.name}", which is neither a chain declared in table ${ctx.table} nor a known target`,
      );
    }
  }
  return f;
}
