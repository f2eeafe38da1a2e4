// "iptables -L" / "ip6tables -L" listings, with or without -n, -v, -x and --line-numbers: "Chain NAME
// (policy X ...)" blocks of column rows. Each row is turned back into the options iptables-save would
// write, so the same rule reading applies; what the listing leaves out (interfaces without -v, the table)
// is said in the rules and the import's facts.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec } from '../types';
import { ANY_V4, ANY_V6 } from './cidr';
import { requireDevice, shown, type AddressFamily } from './iptables-common';
import type { ArgToken } from './iptables-match';
import { BUILT_IN, IptablesDump, type IptChain, type IptTable } from './iptables-ruleset';

const CHAIN = /^Chain (\S+) \((?:policy (\S+)(?: (\d+) packets, (\d+) bytes)?|(\d+) references)\)\s*$/;
const HEADER = /^\s*(num\s+)?(pkts\s+bytes\s+)?target\s+prot\s+opt\s+(in\s+out\s+)?source\s+destination\s*$/;
const MAX_PREAMBLE_LINES = 10;
const EXPECTED = 'expected an iptables -L listing ("Chain INPUT (policy ACCEPT)" and its column header)';

/** The option column's pieces iptables prints for common matches, turned back into options. */
const MATCH_TEXT: readonly { re: RegExp; args: (m: RegExpExecArray) => string[] }[] = [
  { re: /^\/\* (.*?) \*\/\s*/, args: (m) => ['-m', 'comment', '--comment', m[1] ?? ''] },
  // "tcp dpt:22", "udp spts:1024:65535 dpt:!53", "tcp flags:0x17/0x02" (flags stay a condition).
  {
    re: /^(tcp|udp|sctp|dccp|udplite) ((?:(?:spts?|dpts?):!?\S+ ?)+)\s*/,
    args: (m) => {
      const out = ['-m', m[1] ?? ''];
      for (const part of (m[2] ?? '').trim().split(/\s+/)) {
        const p = /^(spts?|dpts?):(!?)(\S+)$/.exec(part);
        if (!p) continue;
        if (p[2]) out.push('!');
        out.push(p[1]?.startsWith('d') ? '--dport' : '--sport', p[3] ?? '');
      }
      return out;
    },
  },
  {
    re: /^multiport (dports|sports|ports) (!?)\s*(\S+)\s*/,
    args: (m) => ['-m', 'multiport', ...(m[2] ? ['!'] : []), `--${m[1]}`, m[3] ?? ''],
  },
  { re: /^ctstate (\S+)\s*/, args: (m) => ['-m', 'conntrack', '--ctstate', m[1] ?? ''] },
  { re: /^state (\S+)\s*/, args: (m) => ['-m', 'state', '--state', m[1] ?? ''] },
  {
    re: /^(!\s*)?match-set (\S+) (\S+)\s*/,
    args: (m) => ['-m', 'set', ...(m[1] ? ['!'] : []), '--match-set', m[2] ?? '', m[3] ?? ''],
  },
  {
    re: /^(source|destination) IP range (!\s*)?(\S+)\s*/,
    args: (m) => [
      '-m',
      'iprange',
      ...(m[2] ? ['!'] : []),
      m[1] === 'source' ? '--src-range' : '--dst-range',
      m[3] ?? '',
    ],
  },
];

/** What a target prints after the matches (options of the target, not conditions on the packet). */
const TARGET_TEXT: Readonly<Record<string, RegExp>> = {
  REJECT: /^reject-with \S+\s*/,
  LOG: /^LOG flags \d+ level \d+(?: prefix ".*")?\s*/,
  NFLOG: /^(?:nflog-(?:prefix\s+".*?"|group \d+|range \d+|threshold \d+)\s*)+/,
  ULOG: /^ULOG .*$/,
  MASQUERADE: /^(?:masq ports: \S+\s*|random(?:-fully)?\s*)+/,
  SNAT: /^(?:to:\S+\s*|random(?:-fully)?\s*|persistent\s*)+/,
  DNAT: /^(?:to:\S+\s*|random\s*|persistent\s*)+/,
  REDIRECT: /^redir ports \S+\s*/,
  TCPMSS: /^TCPMSS (?:clamp to PMTU|set \d+)\s*/,
  MARK: /^MARK (?:set|and|or|xor|xset) \S+\s*/,
  CONNMARK: /^CONNMARK .*$/,
  CT: /^CT .*$/,
  CHECKSUM: /^CHECKSUM fill\s*/,
  NFQUEUE: /^NFQUEUE .*$/,
};

/** A counter as -v prints it: "4175", "1130K", "12M" (rounded unless -x). */
function counter(text: string): number | null {
  const m = /^(\d+)([KMGTP]?)$/.exec(text);
  if (!m) return null;
  const scale = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15 }[m[2] as '' | 'K' | 'M' | 'G' | 'T' | 'P'];
  return Number(m[1]) * scale;
}

/**
 * Which table a block of chains comes from (the listing does not say): filter, the default of
 * "iptables -L", when its built-in chains fit; otherwise the smallest table holding all those listed.
 */
function inferTable(chains: readonly string[]): string | null {
  const builtIn = chains.filter((c) => ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'].includes(c));
  const fits = (table: string) => builtIn.every((c) => BUILT_IN[table]?.includes(c));
  if (fits('filter')) return 'filter';
  const candidates = ['raw', 'nat', 'mangle'].filter(fits);
  return candidates[0] ?? null;
}

export const iptablesList: FormatSpec = {
  id: 'iptables-list',
  label: 'iptables -L / ip6tables -L listing',
  family: 'rulebase',
  parserVersion: '3',
  detector:
    'a "Chain NAME (policy X)" or "Chain NAME (N references)" line followed by the column header "target prot opt ... source destination", within the first lines',
  needsHostName: true,
  detect(head) {
    const lines = head.split('\n', 40).map((l) => l.replace(/\r$/, ''));
    const at = lines.findIndex((l, i) => CHAIN.test(l) && HEADER.test(lines[i + 1] ?? ''));
    if (at < 0) return 0;
    return lines.slice(0, at).filter((l) => l.trim() !== '').length === 0 ? 0.95 : 0.85;
  },
  create(sink, options) {
    const device = requireDevice(options, 'An iptables listing');
    const dump = new IptablesDump(sink, device, /ip6tables/i.test(options.fileName) ? 'ipv6' : null);
    /** Chains of the current block; a built-in chain named again starts another table's listing. */
    let block: { table: IptTable; chains: IptChain[] } | null = null;
    let chain: IptChain | null = null;
    let columns: { num: boolean; counters: boolean; interfaces: boolean; target: number } | null = null;
    let preamble = 0;
    let rows = 0;
    let sawNoInterfaces = false;
    let sawRounded = false;
    const blocks: { table: IptTable; chains: IptChain[] }[] = [];

    const parser = lineParser(
      (line, lineNo) => {
        if (line.trim() === '') return;
        const c = CHAIN.exec(line);
        if (c) {
          const name = c[1] as string;
          if (!block || block.chains.some((x) => x.name === name)) {
            block = { table: dump.openTable('filter', lineNo, null), chains: [] };
            blocks.push(block);
          }
          chain = dump.chain(block.table, name);
          block.chains.push(chain);
          if (c[2] !== undefined) {
            chain.policy = c[2];
            chain.policyLine = lineNo;
          }
          columns = null;
          return;
        }
        if (!chain) {
          sink.note({ line: lineNo, column: 1, what: `line before the first chain: ${shown(line)}` });
          if (++preamble >= MAX_PREAMBLE_LINES) throw new ParseError(`${EXPECTED} near the top`, lineNo, 1);
          return;
        }
        const h = HEADER.exec(line);
        if (h) {
          columns = {
            num: h[1] !== undefined,
            counters: h[2] !== undefined,
            interfaces: h[3] !== undefined,
            target: line.indexOf('target'),
          };
          return;
        }
        if (!columns) {
          sink.note({ line: lineNo, column: 1, what: `row before the column header: ${shown(line)}` });
          return;
        }
        const row = readRow(line, columns);
        if (typeof row === 'string') {
          sink.note({ line: lineNo, column: 1, what: `${row}: ${shown(line)}` });
          return;
        }
        if (!columns.interfaces) sawNoInterfaces = true;
        if (row.rounded) sawRounded = true;
        if (row.familyHint && block) block.table.familyHint ??= row.familyHint;
        chain.rules.push({
          args: row.args
            .map((text) => ({ text, quoted: false }) as ArgToken)
            .map((a, i) => quoteValues(a, i, row.args)),
          packets: row.packets,
          extraConditions: [
            ...row.conditions,
            ...(columns.interfaces ? [] : ['interfaces not shown (listing made without -v)']),
          ],
          lineFrom: lineNo,
          lineTo: lineNo,
          text: line.trimEnd(),
        });
        rows++;
      },
      () => {
        if (blocks.length === 0) throw new ParseError(`no chain found; ${EXPECTED}`, 1, 1);
        const tables: string[] = [];
        for (const b of blocks) {
          const inferred = inferTable(b.chains.map((c) => c.name));
          b.table.name = inferred ?? 'unknown';
          tables.push(inferred ?? 'unknown (the built-in chains fit no table)');
        }
        sink.meta('tool', 'iptables -L');
        sink.meta(
          'table',
          `${tables.join(', ')} — inferred from the built-in chains listed; the listing does not name it`,
        );
        if (sawNoInterfaces) {
          sink.meta(
            'interfaces',
            'not shown: the listing was made without -v, so rules may be narrower than they look',
          );
        }
        if (sawRounded) sink.meta('counters', 'rounded by iptables (K/M/G); list with -x for exact counts');
        const { rules, policies } = dump.finish();
        sink.meta('rules', String(rules));
        sink.meta('policies', String(policies));
        if (rows !== rules) throw new ParseError(`internal: ${rows} rows but ${rules} rules`);
      },
    );
    return parser;
  },
};

/** Comments and log prefixes were taken from the listing as free text: mark them as values. */
function quoteValues(a: ArgToken, i: number, all: readonly string[]): ArgToken {
  const prev = all[i - 1];
  return prev === '--comment' ? { text: a.text, quoted: true } : a;
}

interface Row {
  args: string[];
  packets: number | null;
  rounded: boolean;
  conditions: string[];
  familyHint: AddressFamily | null;
}

function readRow(
  line: string,
  columns: { num: boolean; counters: boolean; interfaces: boolean; target: number },
): Row | string {
  // The target column is left-aligned under its header: blank there means a rule with no target.
  const words = [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index }));
  let k = 0;
  if (columns.num) {
    if (!/^\d+$/.test(words[k]?.text ?? '')) return 'expected a rule number';
    k++;
  }
  let packets: number | null = null;
  let rounded = false;
  if (columns.counters) {
    packets = counter(words[k]?.text ?? '');
    if (packets === null || counter(words[k + 1]?.text ?? '') === null) return 'expected packet and byte counters';
    rounded = /[KMGTP]$/.test(words[k]?.text ?? '') || /[KMGTP]$/.test(words[k + 1]?.text ?? '');
    k += 2;
  }
  let target: string | null = null;
  const first = words[k];
  if (first && first.start <= columns.target) {
    target = first.text;
    k++;
  }
  const prot = words[k]?.text;
  if (prot === undefined) return 'expected a protocol column';
  k++;
  // ip6tables leaves the opt column blank.
  const opt = /^(--|-f|!f)$/.test(words[k]?.text ?? '') ? (words[k++]?.text as string) : null;
  const fields = columns.interfaces ? 4 : 2;
  const cells = words.slice(k, k + fields).map((w) => w.text);
  if (cells.length < fields) return 'expected source and destination columns';
  const restStart = words[k + fields]?.start ?? line.length;
  let rest = line.slice(restStart).trim();

  const args: string[] = [];
  const conditions: string[] = [];
  let familyHint: AddressFamily | null = null;
  const negatable = (flag: string, value: string, any: (v: string) => boolean) => {
    const neg = value.startsWith('!');
    const v = neg ? value.slice(1) : value;
    if (any(v) && !neg) return;
    if (neg) args.push('!');
    args.push(flag, v);
  };
  if (prot !== 'all' && prot !== '0') negatable('-p', prot, () => false);
  if (opt === '-f') args.push('-f');
  if (opt === '!f') args.push('!', '-f');
  const [inIf, outIf] = columns.interfaces ? [cells[0] as string, cells[1] as string] : ['*', '*'];
  const [src, dst] = columns.interfaces
    ? [cells[2] as string, cells[3] as string]
    : [cells[0] as string, cells[1] as string];
  negatable('-i', inIf, (v) => v === '*' || v === '+');
  negatable('-o', outIf, (v) => v === '*' || v === '+');
  const anyAddress = (v: string) => {
    if (v === ANY_V4) familyHint ??= 'ipv4';
    if (v === ANY_V6) familyHint ??= 'ipv6';
    return v === ANY_V4 || v === ANY_V6 || v === 'anywhere';
  };
  negatable('-s', src, anyAddress);
  negatable('-d', dst, anyAddress);

  let goto = false;
  if (/\[goto\]\s*$/.test(rest)) {
    goto = true;
    rest = rest.replace(/\s*\[goto\]\s*$/, '');
  }
  while (rest !== '') {
    const hit = MATCH_TEXT.map((m) => ({ m, r: m.re.exec(rest) })).find((x) => x.r !== null);
    if (!hit?.r) break;
    args.push(...hit.m.args(hit.r));
    rest = rest.slice(hit.r[0].length).trim();
  }
  const tail = target ? TARGET_TEXT[target] : undefined;
  if (tail) {
    // The target prints its options last; what comes before them is a match we did not turn into options.
    const at = rest.search(new RegExp(tail.source.replace(/^\^/, '')));
    if (at >= 0) rest = rest.slice(0, at).trim();
  }
  if (rest !== '') conditions.push(rest);
  if (target) args.push(goto ? '-g' : '-j', target);
  return { args, packets, rounded, conditions, familyHint };
}
