// nftables text: `nft list ruleset` output and nft -f files (tables of chains, sets and maps; define /
// $variables; add/insert commands; anonymous chains behind jump { ... }). Lines are tokenised as they
// arrive; the structure is read at the end, since a rule may use a set or variable defined above it.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { requireDevice, shown } from './iptables-common';
import {
  emitNftTables,
  NFT_FAMILIES,
  type NftChainIR,
  type NftItem,
  type NftRuleIR,
  type NftSelector,
  type NftSetDef,
  type NftStatement,
  type NftTableIR,
  type NftValue,
  type NftVerdict,
  type NftVmapEntry,
  valueItem,
} from './nft-expr';

interface Tok {
  k: 'w' | 's' | 'p' | 'nl';
  v: string;
  line: number;
  /** Came from a $variable: its line is the define's, not the rule's. */
  injected?: boolean;
}

/** A rule's tokens with braces and parentheses grouped. */
type Node =
  | { k: 'w'; v: string }
  | { k: 's'; v: string }
  | { k: 'g'; items: Node[][] }
  | { k: 'p'; nodes: Node[] }
  | { k: 'anon'; chain: string };

/** Bounds that keep hostile input (self-referencing or huge defines) from growing without end. */
const MAX_EXPANSIONS = 10_000;
const MAX_TOKENS = 5_000_000;
/** nft commands other than add/create/insert/flush/define/include: they change rules outside the file. */
const COMMANDS = new Set([
  'replace',
  'delete',
  'destroy',
  'list',
  'reset',
  'rename',
  'monitor',
  'describe',
  'export',
  'import',
  'get',
]);
/** This many top-level statements that are not nft syntax, before any table, mean another format. */
const MAX_FOREIGN_STATEMENTS = 10;
/** Braces, parentheses and anonymous chains nested deeper than this are not a ruleset a person wrote. */
const MAX_DEPTH = 64;

const PUNCT = new Set(['{', '}', '(', ')', ',', ';']);

function tokenise(line: string, lineNo: number, out: Tok[]): string | null {
  let i = 0;
  const start = out.length;
  while (i < line.length) {
    const ch = line[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') break;
    if (ch === '"') {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        text += line[j];
        j++;
      }
      if (j >= line.length) return 'a string is not closed on its line';
      out.push({ k: 's', v: text, line: lineNo });
      i = j + 1;
      continue;
    }
    if (PUNCT.has(ch)) {
      out.push({ k: 'p', v: ch, line: lineNo });
      i++;
      continue;
    }
    let j = i;
    while (j < line.length && !/[\s"{}(),;]/.test(line[j] as string)) j++;
    out.push({ k: 'w', v: line.slice(i, j), line: lineNo });
    i = j;
  }
  // A backslash at the end of a line continues the statement on the next one.
  const last = out[out.length - 1];
  if (out.length > start && last?.k === 'w' && last.v === '\\') out.pop();
  else out.push({ k: 'nl', v: '\n', line: lineNo });
  return null;
}

const PAYLOAD = new Set([
  'ip',
  'ip6',
  'tcp',
  'udp',
  'udplite',
  'sctp',
  'dccp',
  'th',
  'icmp',
  'icmpv6',
  'igmp',
  'ah',
  'esp',
  'comp',
  'ether',
  'vlan',
  'arp',
  'gre',
  'gretap',
  'vxlan',
  'geneve',
  'hbh',
  'rt',
  'frag',
  'dst',
  'mh',
  'srh',
  'auth',
  'exthdr',
]);

const META_BARE = new Set([
  'iifname',
  'oifname',
  'iif',
  'oif',
  'iiftype',
  'oiftype',
  'iifgroup',
  'oifgroup',
  'mark',
  'skuid',
  'skgid',
  'l4proto',
  'nfproto',
  'priority',
  'length',
  'pkttype',
  'cpu',
  'cgroup',
  'rtclassid',
  'ibrname',
  'obrname',
  'ibriport',
  'obriport',
  'ibrvproto',
  'ibrpvid',
  'secpath',
  'time',
  'day',
  'hour',
  'sdif',
  'sdifname',
  'random',
]);

const OPS: Readonly<Record<string, 'eq' | 'ne' | 'other'>> = {
  '==': 'eq',
  eq: 'eq',
  '!=': 'ne',
  ne: 'ne',
  '<': 'other',
  '>': 'other',
  '<=': 'other',
  '>=': 'other',
  lt: 'other',
  gt: 'other',
  le: 'other',
  ge: 'other',
  over: 'other',
  until: 'other',
};

const BINOPS = new Set(['&', '|', '^', '<<', '>>', 'and', 'or', 'xor', 'lshift', 'rshift']);

const VERDICT_WORDS = new Set(['accept', 'drop', 'continue', 'return']);

/** Words that start a statement (not a match) in a rule. */
const STATEMENTS = new Set([
  ...VERDICT_WORDS,
  'reject',
  'jump',
  'goto',
  'queue',
  'counter',
  'log',
  'limit',
  'quota',
  'comment',
  'masquerade',
  'snat',
  'dnat',
  'redirect',
  'tproxy',
  'notrack',
  'meter',
  'dup',
  'fwd',
  'synproxy',
  'flow',
  'xt',
]);

function nodeText(n: Node): string {
  switch (n.k) {
    case 'w':
      return n.v;
    case 's':
      return JSON.stringify(n.v);
    case 'g':
      return `{ ${n.items.map(nodesText).join(', ')} }`;
    case 'p':
      return `(${nodesText(n.nodes)})`;
    case 'anon':
      return `{ ${n.chain} }`;
  }
}

export function nodesText(nodes: readonly Node[]): string {
  return nodes.map(nodeText).join(' ').replace(/ , /g, ',');
}

/** One element or value written as a word or string: an item of a set, or a range "a-b". */
function nodeItem(nodes: readonly Node[]): NftItem {
  // Element options (timeouts, counters, comments) say nothing about what the element matches.
  const cut = nodes.findIndex((n) => n.k === 'w' && ['timeout', 'expires', 'counter', 'comment'].includes(n.v));
  const core = cut >= 0 ? nodes.slice(0, cut) : nodes;
  const only = core[0];
  if (core.length === 1 && only && (only.k === 'w' || only.k === 's')) return valueItem(only.v);
  return { kind: 'other', text: nodesText(core) };
}

function groupValue(items: readonly Node[][]): NftValue {
  return { kind: 'items', items: items.map(nodeItem) };
}

function verdictOf(nodes: readonly Node[]): NftVerdict | null {
  const [a, b] = nodes;
  if (a?.k !== 'w') return null;
  const text = nodesText(nodes);
  if (VERDICT_WORDS.has(a.v) || a.v === 'reject' || a.v === 'queue') {
    return { kind: a.v as 'accept' | 'drop' | 'continue' | 'return' | 'reject' | 'queue', text };
  }
  if ((a.v === 'jump' || a.v === 'goto') && b && (b.k === 'w' || b.k === 's')) return { kind: a.v, chain: b.v, text };
  if ((a.v === 'jump' || a.v === 'goto') && b?.k === 'anon') return { kind: a.v, chain: b.chain, text };
  return null;
}

/** Map entries "key : verdict" of a verdict map; null when an entry is not a verdict. */
function vmapEntries(items: readonly Node[][]): NftVmapEntry[] | null {
  const out: NftVmapEntry[] = [];
  for (const item of items) {
    const colon = item.findIndex((n) => n.k === 'w' && n.v === ':');
    if (colon < 0) return null;
    const verdict = verdictOf(item.slice(colon + 1));
    if (!verdict) return null;
    const key = item.slice(0, colon);
    const only = key[0];
    out.push({
      key: key.length === 1 && only?.k === 'g' ? groupValue(only.items) : { kind: 'items', items: [nodeItem(key)] },
      verdict,
    });
  }
  return out;
}

/** Reads the statements of one rule. Problems (words not understood) go to `problems`. */
export function ruleStatements(nodes: readonly Node[], problems: string[]): NftStatement[] {
  const out: NftStatement[] = [];
  let i = 0;
  let unknown: string[] = [];
  const flushUnknown = () => {
    if (unknown.length === 0) return;
    const text = unknown.join(' ');
    problems.push(`"${text}" is not understood and kept as a condition`);
    out.push({ kind: 'unknown', text });
    unknown = [];
  };
  const word = (at: number): string | null => {
    const n = nodes[at];
    return n?.k === 'w' ? n.v : null;
  };
  const isStart = (at: number): boolean => {
    const w = word(at);
    return w !== null && (STATEMENTS.has(w) || PAYLOAD.has(w) || META_BARE.has(w) || w === 'meta' || w === 'ct');
  };
  /** Consumes nodes from i up to (not including) the next statement start; returns their text. */
  const untilStart = (from: number): string => {
    let j = from;
    while (j < nodes.length && !(j > from && isStart(j) && STATEMENTS.has(word(j) ?? ''))) j++;
    const text = nodesText(nodes.slice(i, j));
    i = j;
    return text;
  };

  while (i < nodes.length) {
    const n = nodes[i] as Node;
    const w = n.k === 'w' ? n.v : null;
    if (w === null) {
      unknown.push(nodeText(n));
      i++;
      continue;
    }
    if (VERDICT_WORDS.has(w)) {
      flushUnknown();
      out.push({ kind: 'verdict', verdict: { kind: w as 'accept' | 'drop' | 'continue' | 'return', text: w } });
      i++;
      continue;
    }
    if (w === 'jump' || w === 'goto') {
      flushUnknown();
      const v = verdictOf(nodes.slice(i, i + 2));
      if (v) out.push({ kind: 'verdict', verdict: v });
      else problems.push(`"${w}" without a chain`);
      i += 2;
      continue;
    }
    if (w === 'reject') {
      flushUnknown();
      let j = i + 1;
      if (word(j) === 'with') {
        j++;
        for (let k = 0; k < 3 && j < nodes.length && !STATEMENTS.has(word(j) ?? '') && word(j) !== null; k++) j++;
      }
      out.push({ kind: 'verdict', verdict: { kind: 'reject', text: nodesText(nodes.slice(i, j)) } });
      i = j;
      continue;
    }
    if (w === 'queue') {
      flushUnknown();
      let j = i + 1;
      while (j < nodes.length && /^(num|to|flags|bypass|fanout|,|\d+(-\d+)?)$/.test(word(j) ?? '')) j++;
      out.push({ kind: 'verdict', verdict: { kind: 'queue', text: nodesText(nodes.slice(i, j)) } });
      i = j;
      continue;
    }
    if (w === 'counter') {
      flushUnknown();
      let packets: number | null = null;
      let j = i + 1;
      if (word(j) === 'packets' && /^\d+$/.test(word(j + 1) ?? '')) {
        packets = Number(word(j + 1));
        j += 2;
        if (word(j) === 'bytes') j += 2;
      } else if (word(j) === 'name') j += 2;
      out.push({ kind: 'counter', packets });
      i = j;
      continue;
    }
    if (w === 'log') {
      flushUnknown();
      let j = i + 1;
      for (;;) {
        const opt = word(j);
        if (opt === 'prefix' || opt === 'level' || opt === 'group' || opt === 'snaplen' || opt === 'queue-threshold')
          j += 2;
        else if (opt === 'flags') {
          j++;
          while (/^(ip|ip6|tcp|options|sequence|ether|skuid|all|,)$/.test(word(j) ?? '')) j++;
        } else break;
      }
      out.push({ kind: 'log', text: nodesText(nodes.slice(i, j)) });
      i = j;
      continue;
    }
    if (w === 'limit' || w === 'quota') {
      flushUnknown();
      let j = i + 1;
      while (
        j < nodes.length &&
        /^(rate|over|until|burst|used|packets|bytes|[kmg]?bytes(\/\w+)?|\d+(\/\w+)?)$/.test(word(j) ?? '')
      )
        j++;
      out.push({ kind: 'condition', text: nodesText(nodes.slice(i, j)) });
      i = j;
      continue;
    }
    if (w === 'comment') {
      flushUnknown();
      const c = nodes[i + 1];
      if (c && (c.k === 's' || c.k === 'w')) out.push({ kind: 'comment', text: c.v });
      i += 2;
      continue;
    }
    if (w === 'meter') {
      flushUnknown();
      let j = i + 2;
      if (word(j) === 'size') j += 2;
      if (nodes[j]?.k === 'g') j++;
      out.push({ kind: 'condition', text: nodesText(nodes.slice(i, j)) });
      i = j;
      continue;
    }
    if (
      ['masquerade', 'snat', 'dnat', 'redirect', 'tproxy', 'dup', 'fwd', 'synproxy', 'notrack', 'flow', 'xt'].includes(
        w,
      )
    ) {
      flushUnknown();
      // These run to the end of the rule (NAT targets, maps and options), except a trailing comment/counter.
      let j = i + 1;
      while (j < nodes.length && !['comment', 'counter', 'accept', 'drop', 'log'].includes(word(j) ?? '')) j++;
      out.push({ kind: w === 'xt' ? 'unknown' : 'action', text: nodesText(nodes.slice(i, j)) });
      if (w === 'xt') problems.push(`an "xt" (iptables extension) expression is kept as a condition`);
      i = j;
      continue;
    }
    if ((w === 'add' || w === 'update' || w === 'delete') && (word(i + 1) ?? '').startsWith('@')) {
      flushUnknown();
      const j = nodes[i + 2]?.k === 'g' ? i + 3 : i + 2;
      out.push({ kind: 'action', text: nodesText(nodes.slice(i, j)) });
      i = j;
      continue;
    }
    const sel = selector(nodes, i);
    if (!sel) {
      unknown.push(w);
      i++;
      continue;
    }
    flushUnknown();
    let j = sel.next;
    let left = sel.left;
    // Bit operations and concatenations make the value something the model cannot compare.
    for (;;) {
      const x = word(j);
      if (x !== null && BINOPS.has(x) && nodes[j + 1]) {
        left = { kind: 'other' };
        j += 2;
        continue;
      }
      if (x === '.') {
        const more = selector(nodes, j + 1);
        if (!more) break;
        left = { kind: 'other' };
        j = more.next;
        continue;
      }
      break;
    }
    const keyText = nodesText(nodes.slice(i, j));
    if (word(j) === 'set') {
      // "meta mark set 1", "tcp option maxseg size set rt mtu": changes the packet, not a match.
      i = j + 1;
      const value = untilStart(j + 1);
      out.push({ kind: 'action', text: `${keyText} set ${value}` });
      continue;
    }
    let op: 'eq' | 'ne' | 'other' = 'eq';
    const opWord = word(j);
    if (opWord !== null && Object.hasOwn(OPS, opWord)) {
      op = OPS[opWord] ?? 'other';
      j++;
    }
    if (word(j) === 'vmap') {
      const v = nodes[j + 1];
      const text = nodesText(nodes.slice(i, j + 2));
      if (v?.k === 'g') {
        const entries = vmapEntries(v.items);
        if (entries) out.push({ kind: 'vmap', key: left, keyText, entries, text });
        else {
          problems.push(`verdict map not understood: ${text}`);
          out.push({ kind: 'unknown', text });
        }
      } else if (v?.k === 'w' && v.v.startsWith('@')) {
        out.push({ kind: 'vmap', key: left, keyText, entries: { named: v.v.slice(1) }, text });
      } else problems.push(`"vmap" without a map: ${text}`);
      i = j + 2;
      continue;
    }
    // The value: a set { ... }, a named set @x, a word list (established,related), a string, or none.
    const v = nodes[j];
    let right: NftValue;
    let end = j;
    if (v?.k === 'g') {
      right = groupValue(v.items);
      end = j + 1;
    } else if (v?.k === 'w' && v.v.startsWith('@')) {
      right = { kind: 'named', name: v.v.slice(1) };
      end = j + 1;
    } else if (v?.k === 's' || (v?.k === 'w' && !VERDICT_WORDS.has(v.v) && v.v !== 'jump' && v.v !== 'goto')) {
      // Every comparison has a right side, even a word that elsewhere starts a statement ("ct status dnat").
      const words: string[] = [v.v];
      end = j + 1;
      while (word(end) === ',' && nodes[end + 1] && (nodes[end + 1]?.k === 'w' || nodes[end + 1]?.k === 's')) {
        words.push((nodes[end + 1] as { v: string }).v);
        end += 2;
      }
      right = { kind: 'items', items: words.map(valueItem) };
    } else if (v?.k === 'p') {
      right = { kind: 'other', text: nodeText(v) };
      end = j + 1;
    } else {
      // A selector with no value ("exthdr frag exists" style, or cut short): kept as written.
      right = { kind: 'other', text: '' };
      op = 'other';
    }
    out.push({ kind: 'match', left, op, right, text: nodesText(nodes.slice(i, end)) });
    i = end;
  }
  flushUnknown();
  return out;
}

/** A match's left side starting at `at`: payload field, meta key, ct key, fib/rt/socket expressions. */
function selector(nodes: readonly Node[], at: number): { left: NftSelector; next: number } | null {
  const word = (k: number): string | null => {
    const n = nodes[k];
    return n?.k === 'w' ? n.v : null;
  };
  const w = word(at);
  if (w === null) return null;
  if (w === 'meta') {
    const key = word(at + 1);
    return key ? { left: { kind: 'meta', key }, next: at + 2 } : null;
  }
  if (META_BARE.has(w)) return { left: { kind: 'meta', key: w }, next: at + 1 };
  if (w === 'ct') {
    let k = at + 1;
    if (word(k) === 'original' || word(k) === 'reply') k++;
    const key = word(k);
    return key ? { left: { kind: 'ct', key }, next: k + 1 } : null;
  }
  if (w === 'fib') {
    let k = at + 1;
    while (/^(saddr|daddr|mark|iif|oif)$/.test(word(k) ?? '')) {
      k++;
      if (word(k) === '.') k++;
      else break;
    }
    if (/^(oif|oifname|type|check)$/.test(word(k) ?? '')) k++;
    return { left: { kind: 'other' }, next: k };
  }
  if (w === 'socket' || w === 'osf' || w === 'ipsec' || w === 'numgen' || w === 'jhash' || w === 'symhash') {
    return { left: { kind: 'other' }, next: at + 2 };
  }
  if (PAYLOAD.has(w)) {
    const field = word(at + 1);
    if (field === null || Object.hasOwn(OPS, field) || STATEMENTS.has(field)) return null;
    if (field === 'option' || (w === 'exthdr' && field !== null)) {
      // tcp option maxseg size / ip option rr type / exthdr frag
      let k = at + 2;
      if (word(k) !== null && !Object.hasOwn(OPS, word(k) ?? '')) k++;
      if (
        /^(size|kind|length|value|type|ptr|addr|count|left|right|reserved|exists|missing)$/.test(word(k) ?? '') &&
        word(k + 1) !== null
      )
        k++;
      return { left: { kind: 'other' }, next: k };
    }
    return { left: { kind: 'payload', protocol: w, field }, next: at + 2 };
  }
  return null;
}

/** Where a parse is: the tokens, a cursor, and what the file defined so far. */
class Reader {
  i = 0;
  /** Top-level statements that are not nft syntax, before any table. */
  foreign = 0;
  expansions = 0;
  depth = 0;
  readonly defines = new Map<string, Tok[]>();
  readonly tables = new Map<string, NftTableIR>();
  readonly counts = { includes: 0, commands: 0, objects: 0, rules: 0 };

  constructor(
    readonly toks: Tok[],
    readonly sink: ImportSink,
  ) {}

  peek(o = 0): Tok | undefined {
    return this.toks[this.i + o];
  }

  next(): Tok | undefined {
    const t = this.toks[this.i];
    if (t) this.i++;
    return t;
  }

  skipSeparators(): void {
    while (this.peek()?.k === 'nl' || (this.peek()?.k === 'p' && this.peek()?.v === ';')) this.i++;
  }

  note(line: number, what: string): void {
    this.sink.note({ line, column: null, what });
  }

  /** Replaces a $variable at the cursor by its definition. */
  expandAt(): boolean {
    const t = this.peek();
    if (t?.k !== 'w' || !t.v.startsWith('$')) return false;
    const def = this.defines.get(t.v.slice(1));
    if (!def) return false;
    if (++this.expansions > MAX_EXPANSIONS || this.toks.length + def.length > MAX_TOKENS) {
      throw new ParseError(
        `variable ${t.v} expands without end (or too far); expected defines that do not refer to themselves`,
        t.line,
        null,
      );
    }
    this.toks.splice(this.i, 1, ...def.map((d) => ({ ...d, line: t.line, injected: true })));
    return true;
  }

  /** Tokens up to the end of the statement (newline or ";" outside braces), not including a closing "}". */
  statement(): Tok[] {
    const out: Tok[] = [];
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) return out;
      if (depth === 0 && (t.k === 'nl' || (t.k === 'p' && (t.v === ';' || t.v === '}')))) return out;
      if (t.k === 'p' && (t.v === '{' || t.v === '(')) depth++;
      if (t.k === 'p' && (t.v === '}' || t.v === ')')) depth--;
      out.push(t);
      this.i++;
    }
  }

  expectOpen(what: string, line: number): void {
    const t = this.next();
    if (t?.k !== 'p' || t.v !== '{') {
      throw new ParseError(
        `expected "{" after ${what}, found ${t ? JSON.stringify(t.v) : 'the end of the file'}`,
        t?.line ?? line,
        null,
      );
    }
  }

  /** A name: a word or a string. */
  name(what: string, line: number): string {
    const t = this.next();
    if (!t || (t.k !== 'w' && t.k !== 's'))
      throw new ParseError(`expected the name of the ${what}`, t?.line ?? line, null);
    return t.v;
  }

  table(family: string, name: string, line: number): NftTableIR {
    const key = `${family} ${name}`;
    let t = this.tables.get(key);
    if (!t) {
      t = { family, name, dormant: false, sets: new Map(), chains: new Map(), line };
      this.tables.set(key, t);
    }
    return t;
  }

  chain(table: NftTableIR, name: string, line: number): NftChainIR {
    let c = table.chains.get(name);
    if (!c) {
      c = { name, type: null, hook: null, policy: null, comment: null, line, rules: [] };
      table.chains.set(name, c);
    }
    return c;
  }

  /** "[family] name" after table/chain/set commands; the family defaults to ip, as in nft. */
  tableRef(line: number): { family: string; name: string } {
    const first = this.name('table', line);
    const second = this.peek();
    if (NFT_FAMILIES.has(first) && second && (second.k === 'w' || second.k === 's')) {
      this.i++;
      return { family: first, name: second.v };
    }
    return { family: 'ip', name: first };
  }

  run(): void {
    for (;;) {
      this.skipSeparators();
      const t = this.next();
      if (!t) return;
      if (t.k !== 'w') {
        this.note(t.line, `unexpected ${JSON.stringify(t.v)} at the top level`);
        if (t.v === '{') this.skipBlock(t.line);
        continue;
      }
      switch (t.v) {
        case 'table': {
          const ref = this.tableRef(t.line);
          const table = this.table(ref.family, ref.name, t.line);
          if (this.peek()?.v === '{') {
            this.i++;
            this.tableBody(table, t.line);
          }
          break;
        }
        case 'define':
        case 'redefine': {
          const name = this.name('variable', t.line);
          if (this.next()?.v !== '=') throw new ParseError(`expected "=" after define ${name}`, t.line, null);
          this.defines.set(
            name,
            this.statement().filter((x) => x.k !== 'nl'),
          );
          break;
        }
        case 'undefine':
          this.defines.delete(this.name('variable', t.line));
          break;
        case 'include': {
          const file = this.statement();
          this.counts.includes++;
          this.note(
            t.line,
            `include ${file.map((x) => (x.k === 's' ? JSON.stringify(x.v) : x.v)).join(' ')} is not followed: the included file is not part of this import`,
          );
          break;
        }
        case 'flush': {
          const rest = this.statement().map((x) => x.v);
          // "flush ruleset" at the top of an nft -f file empties what was loaded before: nothing, here.
          if (rest[0] === 'ruleset') this.tables.clear();
          else this.command(t, rest);
          break;
        }
        case 'add':
        case 'create':
        case 'insert':
          this.addCommand(t);
          break;
        default: {
          const rest = this.statement().map((x) => x.v);
          if (COMMANDS.has(t.v)) {
            this.command(t, rest);
            break;
          }
          this.note(t.line, `unrecognised statement: ${shown([t.v, ...rest].join(' '))}`);
          if (this.tables.size === 0 && ++this.foreign >= MAX_FOREIGN_STATEMENTS) {
            throw new ParseError(
              'expected an nftables ruleset ("table <family> <name> { ... }") near the top',
              t.line,
              1,
            );
          }
          if (this.peek()?.v === '{') this.skipBlock(t.line);
        }
      }
    }
  }

  command(t: Tok, rest: string[]): void {
    this.counts.commands++;
    this.note(t.line, `command not applied (it changes rules not in this file): ${shown([t.v, ...rest].join(' '))}`);
    if (this.peek()?.v === '{') this.skipBlock(t.line);
  }

  addCommand(t: Tok): void {
    const what = this.next();
    switch (what?.v) {
      case 'table': {
        const ref = this.tableRef(t.line);
        const table = this.table(ref.family, ref.name, t.line);
        if (this.peek()?.v === '{') {
          this.i++;
          this.tableBody(table, t.line);
        }
        return;
      }
      case 'chain': {
        const ref = this.tableRef(t.line);
        const table = this.table(ref.family, ref.name, t.line);
        const chain = this.chain(table, this.name('chain', t.line), t.line);
        if (this.peek()?.v === '{') {
          this.i++;
          this.chainBody(table, chain, t.line);
        }
        return;
      }
      case 'rule': {
        const ref = this.tableRef(t.line);
        const table = this.table(ref.family, ref.name, t.line);
        const chain = this.chain(table, this.name('chain', t.line), t.line);
        // "position N" / "handle N" / "index N" place the rule among rules not in this file.
        if (/^(position|handle|index)$/.test(this.peek()?.v ?? '')) {
          this.note(t.line, `rule placed by ${this.peek()?.v} ${this.peek(1)?.v ?? ''}: kept in file order`);
          this.i += 2;
        }
        const rule = this.rule(table, chain);
        if (rule) {
          if (t.v === 'insert') chain.rules.unshift(rule);
          else chain.rules.push(rule);
        }
        return;
      }
      case 'set':
      case 'map': {
        const ref = this.tableRef(t.line);
        const table = this.table(ref.family, ref.name, t.line);
        const name = this.name(what.v, t.line);
        this.expectOpen(`${what.v} ${name}`, t.line);
        table.sets.set(name, this.setBody(name, t.line));
        return;
      }
      case 'element': {
        const ref = this.tableRef(t.line);
        const table = this.table(ref.family, ref.name, t.line);
        const name = this.name('set', t.line);
        this.expectOpen(`element ${name}`, t.line);
        const items = this.group(t.line);
        const def = table.sets.get(name);
        if (!def) {
          this.note(t.line, `elements added to set ${name}, which is not defined before`);
          return;
        }
        const entries = vmapEntries(items);
        if (entries && def.verdicts) def.verdicts.push(...entries);
        else if (def.elements) def.elements.push(...items.map(nodeItem));
        else if (def.why?.startsWith('no elements')) {
          def.elements = items.map(nodeItem);
          def.why = null;
        }
        return;
      }
      default:
        this.command(t, [what?.v ?? '', ...this.statement().map((x) => x.v)]);
    }
  }

  skipBlock(line: number): void {
    let depth = 0;
    for (;;) {
      const t = this.next();
      if (!t) throw new ParseError(`the file ends inside a block opened on line ${line}; expected "}"`, line, null);
      if (t.k === 'p' && t.v === '{') depth++;
      if (t.k === 'p' && t.v === '}' && --depth <= 0) return;
    }
  }

  tableBody(table: NftTableIR, line: number): void {
    for (;;) {
      this.skipSeparators();
      const t = this.next();
      if (!t) {
        throw new ParseError(
          `the file ends inside table ${table.family} ${table.name} opened on line ${line}; expected "}" — the file may be cut short`,
          line,
          null,
        );
      }
      if (t.k === 'p' && t.v === '}') return;
      switch (t.v) {
        case 'chain': {
          const chain = this.chain(table, this.name('chain', t.line), t.line);
          if (this.peek()?.v === '{') {
            this.i++;
            this.chainBody(table, chain, t.line);
          }
          break;
        }
        case 'set':
        case 'map': {
          const name = this.name(t.v, t.line);
          this.expectOpen(`${t.v} ${name}`, t.line);
          table.sets.set(name, this.setBody(name, t.line));
          break;
        }
        case 'flags': {
          const flags = this.statement().map((x) => x.v);
          if (flags.includes('dormant')) table.dormant = true;
          break;
        }
        case 'comment':
          this.statement();
          break;
        case 'flowtable':
        case 'counter':
        case 'quota':
        case 'limit':
        case 'secmark':
        case 'synproxy':
        case 'tunnel':
        case 'ct': {
          // Stateful objects (named counters, quotas, flowtables, ct helpers...) are not rules.
          this.counts.objects++;
          this.statement();
          if (this.peek()?.v === '{') this.skipBlock(t.line);
          break;
        }
        default:
          this.note(
            t.line,
            `unrecognised table statement: ${shown([t.v, ...this.statement().map((x) => x.v)].join(' '))}`,
          );
          if (this.peek()?.v === '{') this.skipBlock(t.line);
      }
    }
  }

  chainBody(table: NftTableIR, chain: NftChainIR, line: number): void {
    for (;;) {
      this.skipSeparators();
      const t = this.peek();
      if (!t) {
        throw new ParseError(
          `the file ends inside chain ${chain.name} opened on line ${line}; expected "}" — the file may be cut short`,
          line,
          null,
        );
      }
      if (t.k === 'p' && t.v === '}') {
        this.i++;
        return;
      }
      if (t.k === 'w' && t.v === 'type') {
        const words = this.statement().map((x) => x.v);
        chain.type = words[1] ?? null;
        const hook = words.indexOf('hook');
        chain.hook = hook >= 0 ? (words[hook + 1] ?? null) : null;
        continue;
      }
      if (t.k === 'w' && t.v === 'policy') {
        chain.policy = this.statement()[1]?.v ?? null;
        continue;
      }
      if (t.k === 'w' && (t.v === 'devices' || t.v === 'flags')) {
        this.statement();
        continue;
      }
      if (t.k === 'w' && t.v === 'comment' && this.peek(1)?.k === 's' && this.isEnd(2)) {
        chain.comment = chain.comment === null ? (this.peek(1)?.v ?? '') : `${chain.comment}\n${this.peek(1)?.v ?? ''}`;
        this.i += 2;
        continue;
      }
      const rule = this.rule(table, chain);
      if (rule) chain.rules.push(rule);
    }
  }

  isEnd(offset: number): boolean {
    const t = this.peek(offset);
    return !t || t.k === 'nl' || (t.k === 'p' && (t.v === ';' || t.v === '}'));
  }

  /** One rule at the cursor, up to its end; anonymous chains inside become chains of the table. */
  rule(table: NftTableIR, chain: NftChainIR): NftRuleIR | null {
    const nodes: Node[] = [];
    const first = this.peek();
    const lineFrom = first?.line ?? 0;
    let lineTo = lineFrom;
    const problems: string[] = [];
    for (;;) {
      if (this.expandAt()) continue;
      const t = this.peek();
      if (!t || t.k === 'nl' || (t.k === 'p' && (t.v === ';' || t.v === '}'))) break;
      this.i++;
      if (!t.injected) lineTo = Math.max(lineTo, t.line);
      if (t.k === 'w' && t.v.startsWith('$')) problems.push(`variable ${t.v} is not defined in this file`);
      if (t.k === 'p' && t.v === '{') {
        const prev = nodes[nodes.length - 1];
        if (prev?.k === 'w' && (prev.v === 'jump' || prev.v === 'goto')) {
          const anon = this.chain(table, `${chain.name}/anon-${t.line}`, t.line);
          this.enter(t.line);
          this.chainBody(table, anon, t.line);
          this.depth--;
          nodes.push({ k: 'anon', chain: anon.name });
        } else nodes.push({ k: 'g', items: this.group(t.line) });
        lineTo = Math.max(lineTo, this.toks[this.i - 1]?.line ?? lineTo);
        continue;
      }
      if (t.k === 'p' && t.v === '(') {
        nodes.push({ k: 'p', nodes: this.parens(t.line) });
        continue;
      }
      if (t.k === 'p' && t.v === ')') {
        nodes.push({ k: 'w', v: ')' });
        continue;
      }
      nodes.push(t.k === 's' ? { k: 's', v: t.v } : { k: 'w', v: t.v });
    }
    if (nodes.length === 0) return null;
    this.counts.rules++;
    const statements = ruleStatements(nodes, problems);
    const text = this.lines(lineFrom, lineTo);
    for (const p of problems) this.note(lineFrom, `${p}: ${shown(text)}`);
    return { statements, lineFrom, lineTo, text };
  }

  /** Set elements or an anonymous set: items split at commas, nested braces kept. */
  group(line: number): Node[][] {
    this.enter(line);
    try {
      return this.groupBody(line);
    } finally {
      this.depth--;
    }
  }

  enter(line: number): void {
    if (++this.depth > MAX_DEPTH) {
      throw new ParseError(`braces nested more than ${MAX_DEPTH} deep; expected an nftables ruleset`, line, null);
    }
  }

  groupBody(line: number): Node[][] {
    const items: Node[][] = [];
    let cur: Node[] = [];
    for (;;) {
      if (this.expandAt()) continue;
      const t = this.next();
      if (!t)
        throw new ParseError(
          `the file ends inside "{" opened on line ${line}; expected "}" — the file may be cut short`,
          line,
          null,
        );
      if (t.k === 'nl') continue;
      if (t.k === 'p' && t.v === '}') {
        if (cur.length > 0) items.push(cur);
        return items;
      }
      if (t.k === 'p' && t.v === ',') {
        if (cur.length > 0) items.push(cur);
        cur = [];
        continue;
      }
      if (t.k === 'p' && t.v === '{') {
        const inner = this.group(t.line);
        // A $variable holding a set inside a set ({ $a, 10.0.0.1 }) is flattened, as nft does.
        if (cur.length === 0) items.push(...inner);
        else cur.push({ k: 'g', items: inner });
        continue;
      }
      if (t.k === 'p' && t.v === '(') {
        cur.push({ k: 'p', nodes: this.parens(t.line) });
        continue;
      }
      cur.push(t.k === 's' ? { k: 's', v: t.v } : { k: 'w', v: t.v });
    }
  }

  parens(line: number): Node[] {
    this.enter(line);
    try {
      return this.parensBody(line);
    } finally {
      this.depth--;
    }
  }

  parensBody(line: number): Node[] {
    const out: Node[] = [];
    for (;;) {
      const t = this.next();
      if (!t) throw new ParseError(`the file ends inside "(" opened on line ${line}; expected ")"`, line, null);
      if (t.k === 'p' && t.v === ')') return out;
      if (t.k === 'nl') continue;
      if (t.k === 'p' && t.v === '(') out.push({ k: 'p', nodes: this.parens(t.line) });
      else out.push(t.k === 's' ? { k: 's', v: t.v } : { k: 'w', v: t.v });
    }
  }

  setBody(name: string, line: number): NftSetDef {
    let type = '';
    let flags: string[] = [];
    let items: Node[][] | null = null;
    for (;;) {
      this.skipSeparators();
      const t = this.peek();
      if (!t) throw new ParseError(`the file ends inside set ${name} opened on line ${line}; expected "}"`, line, null);
      if (t.k === 'p' && t.v === '}') {
        this.i++;
        break;
      }
      if (t.v === 'elements') {
        this.i++;
        if (this.peek()?.v === '=') this.i++;
        this.expectOpen(`elements of ${name}`, t.line);
        items = [...(items ?? []), ...this.group(t.line)];
        continue;
      }
      const words = this.statement().map((x) => x.v);
      if (words[0] === 'type' || words[0] === 'typeof') type = words.slice(1).join(' ');
      else if (words[0] === 'flags') flags = words.slice(1).filter((x) => x !== ',');
      if (words.length === 0) this.i++;
    }
    return setDef(name, type, flags, items);
  }

  lines(from: number, to: number): string {
    return this.source
      .slice(from - 1, to)
      .map((l) => l.trim())
      .join('\n');
  }

  source: string[] = [];
}

/** A named set or map as the rules may use it. */
function setDef(name: string, type: string, flags: string[], items: Node[][] | null): NftSetDef {
  const isMap = type.includes(':');
  const verdictMap = isMap && /:\s*verdict\b/.test(type);
  if (isMap && !verdictMap)
    return { name, elements: null, verdicts: null, why: 'a data map (used by NAT or marking), not a set of addresses' };
  if (flags.includes('dynamic') || flags.includes('timeout')) {
    return { name, elements: null, verdicts: null, why: 'dynamic set (filled by rules at run time)' };
  }
  if (!items || items.length === 0)
    return { name, elements: null, verdicts: verdictMap ? [] : null, why: 'no elements listed (filled at run time)' };
  if (verdictMap) {
    const entries = vmapEntries(items);
    return entries
      ? { name, elements: null, verdicts: entries, why: null }
      : { name, elements: null, verdicts: null, why: 'map entries not understood' };
  }
  if (type.includes('.'))
    return { name, elements: null, verdicts: null, why: 'elements are concatenations of several values' };
  return { name, elements: items.map(nodeItem), verdicts: null, why: null };
}

const TABLE_LINE = /^\s*(?:add\s+)?table\s+(?:(?:ip|ip6|inet|arp|bridge|netdev)\s+)?[^\s<{]+\s*\{/m;
const CHAIN_LINE = /^\s*chain\s+\S+\s*\{/m;
const SHEBANG = /^#!\s*\S*\/nft\s+-f/;
const ADD_RULE = /^\s*add\s+rule\s+(?:ip|ip6|inet|arp|bridge|netdev)\s+\S+\s+\S+\s+\S/m;

export const nftText: FormatSpec = {
  id: 'nft-text',
  label: 'nftables ruleset (nft list ruleset / nft -f file)',
  family: 'rulebase',
  parserVersion: '3',
  detector:
    'a "table <family> <name> {" line with "chain <name> {" blocks, or an "#!/usr/sbin/nft -f" script, or "add rule <family> <table> <chain> ..." commands',
  needsHostName: true,
  detect(head) {
    if (TABLE_LINE.test(head) && CHAIN_LINE.test(head)) return 0.95;
    if (SHEBANG.test(head)) return 0.9;
    if (TABLE_LINE.test(head)) return 0.85;
    if (ADD_RULE.test(head)) return 0.8;
    return 0;
  },
  create(sink, options) {
    const device = requireDevice(options, 'An nftables ruleset');
    const toks: Tok[] = [];
    const source: string[] = [];
    const parser = lineParser(
      (line, lineNo) => {
        source.push(line);
        const err = tokenise(line, lineNo, toks);
        if (err) throw new ParseError(`${err}; expected nftables syntax`, lineNo, null);
        if (toks.length > MAX_TOKENS)
          throw new ParseError(`more than ${MAX_TOKENS} tokens; expected an nftables ruleset`, lineNo, null);
      },
      () => {
        const reader = new Reader(toks, sink);
        reader.source = source;
        reader.run();
        const tables = [...reader.tables.values()];
        if (tables.length === 0) throw new ParseError('no table found; expected "table <family> <name> { ... }"', 1, 1);
        const counts = emitNftTables(tables, sink, device);
        sink.meta('tool', 'nft list ruleset');
        sink.meta(
          'tables',
          tables.map((t) => `${t.family} ${t.name}${t.dormant ? ' (dormant: not applied)' : ''}`).join(', '),
        );
        sink.meta('chains', String(counts.chains));
        sink.meta('nft-rules', String(counts.sourceRules));
        sink.meta('rules', String(counts.rules));
        sink.meta('policies', String(counts.policies));
        if (reader.counts.includes > 0) sink.meta('includes-not-followed', String(reader.counts.includes));
        if (reader.counts.objects > 0) sink.meta('stateful-objects', String(reader.counts.objects));
        sink.meta(
          'admission',
          'base chains of type filter decide what is admitted; nat and route chains are kept as written; rules that name several protocols, or use a verdict map, give one rule per protocol or map entry at the same position',
        );
      },
    );
    return parser;
  },
};
