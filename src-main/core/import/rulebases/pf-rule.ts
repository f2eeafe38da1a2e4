// One pf filter rule, read from its tokens (macros already expanded):
//   pass|block [drop|return|return-rst|return-icmp[6]] [in|out] [log [(…)]] [quick] [on [!]IF|{…}]
//   [inet|inet6] [proto P|{…}] [all | from HOST [port P] [os "…"] to HOST [port P]] [filter options]
// Hosts and ports are kept as written here; the reader resolves tables and families when it emits.
import { parseCidr, rangeToCidrs } from './cidr';
import type { PortRange } from './host-firewall-common';
import { OPS, portRanges } from './pf-ports';
import type { PfToken } from './pf-lexer';

export interface PfHostItem {
  negated: boolean;
  /** any; cidrs (an address, a network or a range); a <table>; or a name pf resolves itself. */
  kind: 'any' | 'cidrs' | 'table' | 'name';
  text: string;
  cidrs: string[];
}

export interface PfPorts {
  /** Null when some item could not be turned into ports (a name not in /etc/services). */
  ranges: PortRange[] | null;
  text: string;
}

export interface PfRule {
  action: 'pass' | 'block';
  /** How a block answers: drop, return (reset / ICMP unreachable), or null (the block-policy option). */
  blockMode: 'drop' | 'return' | null;
  direction: 'in' | 'out' | null;
  quick: boolean;
  interfaces: { name: string; negated: boolean }[] | null;
  af: 'inet' | 'inet6' | null;
  protocols: string[] | null;
  from: PfHostItem[] | null;
  fromPorts: PfPorts | null;
  to: PfHostItem[] | null;
  toPorts: PfPorts | null;
  conditions: string[];
  label: string | null;
  /** Parts not understood or not modelled, in words; the reader notes them. */
  problems: string[];
}

/** Options that change what the rule does, not which packets it matches: not conditions. */
const EFFECTS = new Set(['tag', 'queue', 'set', 'rtable', 'allow-opts', 'once', 'scrub']);
/** Address pool options of translation and routing options: no argument, no effect on matching. */
const POOL_OPTIONS = new Set([
  'round-robin',
  'random',
  'source-hash',
  'bitmask',
  'least-states',
  'static-port',
  'sticky-address',
]);
/** Translation and routing options: they do not change what is matched, but what happens next. */
const ROUTING = new Set([
  'nat-to',
  'rdr-to',
  'binat-to',
  'af-to',
  'route-to',
  'reply-to',
  'dup-to',
  'divert-to',
  'divert-reply',
  'divert-packet',
]);
/** Options that narrow what the rule matches in ways the model cannot hold: kept as conditions. */
const MATCHERS = new Set([
  'user',
  'group',
  'tagged',
  'received-on',
  'probability',
  'tos',
  'prio',
  'os',
  'fragment',
  'icmp-type',
  'icmp6-type',
  'rdomain',
  'max-pkt-rate',
]);

const ANY_ITEM: PfHostItem = { negated: false, kind: 'any', text: 'any', cidrs: [] };

class Cursor {
  i = 0;
  constructor(readonly tokens: readonly PfToken[]) {}
  peek(k = 0): string | undefined {
    return this.tokens[this.i + k]?.text;
  }
  quotedAt(k = 0): boolean {
    return this.tokens[this.i + k]?.quoted ?? false;
  }
  next(): string | undefined {
    return this.tokens[this.i++]?.text;
  }
  done(): boolean {
    return this.i >= this.tokens.length;
  }
  /** A balanced "( … )" or "{ … }" group (or one token) as text, consumed. */
  group(): string {
    const open = this.peek();
    if (open !== '(' && open !== '{') return this.next() ?? '';
    const close = open === '(' ? ')' : '}';
    const parts: string[] = [];
    let depth = 0;
    while (!this.done()) {
      const t = this.next() as string;
      parts.push(t);
      if (t === open) depth++;
      else if (t === close && --depth === 0) break;
    }
    return parts.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
  }
}

export function parsePfRule(tokens: readonly PfToken[]): PfRule {
  const c = new Cursor(tokens);
  const rule: PfRule = {
    action: c.next() === 'pass' ? 'pass' : 'block',
    blockMode: null,
    direction: null,
    quick: false,
    interfaces: null,
    af: null,
    protocols: null,
    from: null,
    fromPorts: null,
    to: null,
    toPorts: null,
    conditions: [],
    label: null,
    problems: [],
  };
  if (rule.action === 'block') {
    const mode = c.peek();
    if (mode === 'drop') rule.blockMode = 'drop';
    else if (mode && /^return(-rst|-icmp6?)?$/.test(mode)) rule.blockMode = 'return';
    if (rule.blockMode) {
      c.next();
      if (c.peek() === '(') c.group();
    }
  }
  while (!c.done()) {
    const t = c.peek() as string;
    if (c.quotedAt()) {
      rule.problems.push(`unexpected quoted "${t}"`);
      c.next();
      continue;
    }
    switch (t) {
      case 'in':
      case 'out':
        rule.direction = t;
        c.next();
        break;
      case 'log':
        c.next();
        if (c.peek() === '(') c.group();
        break;
      case 'quick':
        rule.quick = true;
        c.next();
        break;
      case 'on':
        c.next();
        onInterface(c, rule);
        break;
      case 'inet':
      case 'inet6':
        rule.af = t;
        c.next();
        break;
      case 'proto':
        c.next();
        rule.protocols = listOf(c);
        break;
      case 'all':
        c.next();
        break;
      case 'from':
      case 'to': {
        c.next();
        // "from port ssh": no host means any host.
        const hosts = c.peek() === 'port' ? [ANY_ITEM] : hostList(c);
        const ports = c.peek() === 'port' ? (c.next(), portSpec(c)) : null;
        if (t === 'from') {
          rule.from = hosts;
          rule.fromPorts = ports;
          if (c.peek() === 'os') {
            c.next();
            rule.conditions.push(`os ${c.group()}`);
          }
        } else {
          rule.to = hosts;
          rule.toPorts = ports;
        }
        break;
      }
      default:
        filterOption(c, rule);
    }
  }
  return rule;
}

function onInterface(c: Cursor, rule: PfRule) {
  if (c.peek() === 'rdomain') {
    c.next();
    rule.conditions.push(`on rdomain ${c.next() ?? ''}`);
    return;
  }
  const negated = c.peek() === '!';
  if (negated) c.next();
  rule.interfaces = listOf(c).map((name) => ({ name, negated }));
}

/** "x" or "{ x y z }" (commas already dropped by the lexer). */
function listOf(c: Cursor): string[] {
  if (c.peek() !== '{') return [c.next() ?? ''];
  c.next();
  const out: string[] = [];
  while (!c.done() && c.peek() !== '}') out.push(c.next() as string);
  c.next();
  return out;
}

function filterOption(c: Cursor, rule: PfRule) {
  const t = c.next() as string;
  if (t === 'flags') {
    const f = c.next() ?? '';
    // pf (OpenBSD 4.1 and later) applies "flags S/SA" to every TCP pass rule anyway; as written it is kept
    // as a condition, like iptables' --tcp-flags. On a rule with no protocol pf tests the flags of TCP
    // packets only; the condition then leaves the rule "may match" for other protocols as well, which errs
    // on the safe side. "flags any" matches every packet.
    if (f !== 'any') rule.conditions.push(`flags ${f}`);
    return;
  }
  if ((t === 'keep' || t === 'modulate' || t === 'synproxy') && c.peek() === 'state') {
    c.next();
    // Keeping state is what pf does with a matched packet (it lets the replies through), not a test on
    // the packet: no condition. State options that limit sources or connections do narrow the rule.
    if (c.peek() === '(') rule.conditions.push(`${t} state ${c.group()}`);
    return;
  }
  if (t === 'no' && c.peek() === 'state') {
    c.next();
    return;
  }
  if (t === 'label') {
    rule.label = c.next() ?? null;
    return;
  }
  if (t === '!' && c.peek() === 'tagged') {
    c.next();
    rule.conditions.push(`! tagged ${c.group()}`);
    return;
  }
  if (t === 'fragment') {
    rule.conditions.push(t);
    return;
  }
  if (MATCHERS.has(t)) {
    let text = `${t} ${c.group()}`;
    if ((t === 'icmp-type' || t === 'icmp6-type') && c.peek() === 'code') text += ` code ${(c.next(), c.group())}`;
    rule.conditions.push(text.trim());
    return;
  }
  if (EFFECTS.has(t)) {
    if (t === 'set') c.next();
    if (t !== 'allow-opts' && t !== 'once') c.group();
    return;
  }
  if (ROUTING.has(t)) {
    let arg = isOptionWord(c.peek()) ? '' : c.group();
    if (c.peek() === 'port') arg += ` port ${(c.next(), portItem(c).join(' '))}`;
    rule.problems.push(`"${`${t} ${arg}`.trim()}" not modelled: the rule's translation or routing is not applied`);
    return;
  }
  if (POOL_OPTIONS.has(t)) return;
  // Not understood: kept as a condition (the rule may then match less than it seems), and said.
  rule.conditions.push(t);
  rule.problems.push(`option "${t}" not understood; kept as a condition`);
}

function isOptionWord(t: string | undefined): boolean {
  return (
    t === undefined ||
    EFFECTS.has(t) ||
    ROUTING.has(t) ||
    MATCHERS.has(t) ||
    POOL_OPTIONS.has(t) ||
    ['label', 'flags', 'keep', 'modulate', 'synproxy', 'no', 'fragment'].includes(t)
  );
}

function hostList(c: Cursor): PfHostItem[] {
  let negated = false;
  if (c.peek() === '!') {
    c.next();
    negated = true;
  }
  if (c.peek() !== '{') return [hostItem(c, negated)];
  c.next();
  const out: PfHostItem[] = [];
  while (!c.done() && c.peek() !== '}') {
    let neg = negated;
    if (c.peek() === '!') {
      c.next();
      neg = !neg;
    }
    out.push(hostItem(c, neg));
  }
  c.next();
  return out;
}

function hostItem(c: Cursor, negated: boolean): PfHostItem {
  const t = c.peek() ?? '';
  if (t === 'any') {
    c.next();
    return { negated, kind: 'any', text: t, cidrs: [] };
  }
  if (t.startsWith('<')) {
    c.next();
    return { negated, kind: 'table', text: t.slice(1, -1), cidrs: [] };
  }
  if (t === '(') return { negated, kind: 'name', text: c.group(), cidrs: [] };
  if (t === 'route') {
    c.next();
    return { negated, kind: 'name', text: `route ${c.next() ?? ''}`, cidrs: [] };
  }
  c.next();
  if (c.peek() === '-') {
    const last = c.peek(1) ?? '';
    const range = rangeToCidrs(t, last);
    if (range) {
      c.next();
      c.next();
      return { negated, kind: 'cidrs', text: `${t} - ${last}`, cidrs: range };
    }
  }
  const cidr = pfCidr(t);
  return cidr ? { negated, kind: 'cidrs', text: t, cidrs: [cidr] } : { negated, kind: 'name', text: t, cidrs: [] };
}

/** An address or network as pf writes it, including the short "10/8" and "192.168/16" forms. */
export function pfCidr(text: string): string | null {
  const direct = parseCidr(text);
  if (direct) return direct;
  const m = /^(\d{1,3}(?:\.\d{1,3}){0,2})\/(\d{1,2})$/.exec(text);
  if (!m) return null;
  const octets = (m[1] as string).split('.');
  while (octets.length < 4) octets.push('0');
  return parseCidr(`${octets.join('.')}/${m[2]}`);
}

/** After "port": one item or a { list }; items are unions. */
function portSpec(c: Cursor): PfPorts {
  const items: string[][] = [];
  if (c.peek() === '{') {
    c.next();
    while (!c.done() && c.peek() !== '}') items.push(portItem(c));
    c.next();
  } else items.push(portItem(c));
  const ranges: PortRange[] = [];
  let known = true;
  for (const item of items) {
    const r = portRanges(item);
    if (r === null) known = false;
    else ranges.push(...r);
  }
  const text = items.map((i) => i.join(' ')).join(', ');
  return { ranges: known ? ranges : null, text: items.length > 1 ? `{ ${text} }` : text };
}

function portItem(c: Cursor): string[] {
  const first = c.next() ?? '';
  if (OPS.has(first)) return [first, c.next() ?? ''];
  if (c.peek() === '><' || c.peek() === '<>') return [first, c.next() as string, c.next() ?? ''];
  return [first];
}
