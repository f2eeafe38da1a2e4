// nftables JSON (`nft -j list ruleset`, libnftables-json): {"nftables": [metainfo, table, chain, set, map,
// rule...]}. Each rule's expression list is read into the same intermediate form as the text reader, and
// each array element is traced to its lines in the file (the JSON parser itself keeps no positions).
import { MAX_JSON_DOCUMENT, parseJsonText } from '../json';
import { ParseError, type FormatSpec } from '../types';
import { requireDevice, shown } from './iptables-common';
import {
  emitNftTables,
  NFT_FAMILIES,
  valueItem,
  type NftItem,
  type NftRuleIR,
  type NftSelector,
  type NftSetDef,
  type NftStatement,
  type NftTableIR,
  type NftValue,
  type NftVerdict,
  type NftVmapEntry,
} from './nft-expr';

const WHAT = 'nft -j list ruleset output: an object with an "nftables" array';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObj = (x: unknown): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The single key of {"key": value} objects (the shape of every libnftables-json expression). */
function single(x: Json): [string, Json] | null {
  if (!isObj(x)) return null;
  const keys = Object.keys(x);
  return keys.length === 1 ? [keys[0] as string, x[keys[0] as string] as Json] : null;
}

/** An expression written back in nft's text syntax, for conditions and rule text. */
export function render(x: Json): string {
  if (x === null) return '';
  // Booleans only stand for presence checks (fib, exthdr): nft writes them exists / missing.
  if (typeof x === 'boolean') return x ? 'exists' : 'missing';
  if (typeof x === 'string' || typeof x === 'number') return String(x);
  if (Array.isArray(x)) return `{ ${x.map(render).join(', ')} }`;
  const s = single(x);
  if (!s) return JSON.stringify(x).slice(0, 200);
  const [k, v] = s;
  const o = isObj(v) ? v : {};
  switch (k) {
    case 'payload':
      return o.protocol !== undefined
        ? `${render(o.protocol)} ${render(o.field ?? '')}`
        : `@${render(o.base ?? '')},${render(o.offset ?? '')},${render(o.len ?? '')}`;
    case 'meta':
      return `meta ${render(o.key ?? '')}`;
    case 'ct':
      return `ct ${o.dir !== undefined ? `${render(o.dir)} ` : ''}${render(o.key ?? '')}`;
    case 'set':
      // Map entries are [key, value] pairs: "key : value".
      return Array.isArray(v)
        ? `{ ${v.map((e) => (Array.isArray(e) && e.length === 2 ? `${render(e[0] as Json)} : ${render(e[1] as Json)}` : render(e))).join(', ')} }`
        : render(v);
    case 'accept':
    case 'drop':
    case 'continue':
    case 'return':
      return k;
    case 'jump':
    case 'goto':
      return `${k} ${render(o.target ?? '')}`;
    case 'queue':
      return [
        'queue',
        o.flags !== undefined ? `flags ${(Array.isArray(o.flags) ? o.flags : [o.flags]).map(render).join(',')}` : '',
        o.num !== undefined ? `num ${render(o.num)}` : '',
      ]
        .filter((p) => p !== '')
        .join(' ');
    case 'prefix':
      return `${render(o.addr ?? '')}/${render(o.len ?? '')}`;
    case 'range':
      return Array.isArray(v) ? v.map(render).join('-') : render(v);
    case 'concat':
      return Array.isArray(v) ? v.map(render).join(' . ') : render(v);
    case 'elem':
      return render(o.val ?? null);
    case 'fib':
      return `fib ${(Array.isArray(o.flags) ? o.flags : [o.flags ?? '']).map(render).join(' . ')} ${render(o.result ?? '')}`;
    case 'rt':
    case 'socket':
    case 'osf':
      return `${k} ${render(o.key ?? '')}`;
    case 'exthdr':
      return `exthdr ${render(o.name ?? '')}${o.field !== undefined ? ` ${render(o.field)}` : ''}`;
    case 'tcp option':
    case 'ip option':
      return `${k} ${render(o.name ?? '')}${o.field !== undefined ? ` ${render(o.field)}` : ''}`;
    case 'numgen':
      return `numgen ${render(o.mode ?? '')} mod ${render(o.mod ?? '')}`;
    case 'symhash':
      return `symhash mod ${render(o.mod ?? '')}`;
    case 'jhash':
      return `jhash ${render(o.expr ?? null)} mod ${render(o.mod ?? '')}`;
    case 'map':
      return `${render(o.key ?? null)} map ${render(o.data ?? null)}`;
    case '&':
    case '|':
    case '^':
    case '<<':
    case '>>':
      return Array.isArray(v)
        ? v
            .map((e) => (single(e)?.[0] && /^[&|^<>]/.test(single(e)?.[0] ?? '') ? `(${render(e)})` : render(e)))
            .join(` ${k} `)
        : render(v);
    default:
      return `${k} ${JSON.stringify(v).slice(0, 200)}`;
  }
}

function selectorOf(x: Json): NftSelector {
  const s = single(x);
  if (!s || !isObj(s[1])) return { kind: 'other' };
  const [k, o] = s as [string, Record<string, Json>];
  if (k === 'payload' && typeof o.protocol === 'string' && typeof o.field === 'string') {
    return { kind: 'payload', protocol: o.protocol, field: o.field };
  }
  if (k === 'meta' && typeof o.key === 'string') return { kind: 'meta', key: o.key };
  if (k === 'ct' && typeof o.key === 'string') return { kind: 'ct', key: o.key };
  return { kind: 'other' };
}

function itemOf(x: Json): NftItem {
  if (typeof x === 'string' || typeof x === 'number') return valueItem(String(x));
  const s = single(x);
  if (s?.[0] === 'prefix' && isObj(s[1]))
    return { kind: 'value', text: `${render(s[1].addr ?? '')}/${render(s[1].len ?? '')}` };
  if (s?.[0] === 'range' && Array.isArray(s[1]) && s[1].length === 2)
    return { kind: 'range', from: render(s[1][0] ?? ''), to: render(s[1][1] ?? '') };
  if (s?.[0] === 'elem' && isObj(s[1])) return itemOf(s[1].val ?? null);
  return { kind: 'other', text: render(x) };
}

function valueOf(x: Json): NftValue {
  if (typeof x === 'string' && x.startsWith('@')) return { kind: 'named', name: x.slice(1) };
  if (typeof x === 'string' || typeof x === 'number') return { kind: 'items', items: [valueItem(String(x))] };
  if (Array.isArray(x)) return { kind: 'items', items: x.map(itemOf) };
  const s = single(x);
  if (s && (s[0] === 'set' || s[0] === '|') && Array.isArray(s[1])) return { kind: 'items', items: s[1].map(itemOf) };
  if (s && (s[0] === 'prefix' || s[0] === 'range' || s[0] === 'elem')) return { kind: 'items', items: [itemOf(x)] };
  return { kind: 'other', text: render(x) };
}

function verdictOf(x: Json): NftVerdict | null {
  const s = single(x);
  if (!s) return null;
  const [k, v] = s;
  if (k === 'accept' || k === 'drop' || k === 'continue' || k === 'return') return { kind: k, text: k };
  if ((k === 'jump' || k === 'goto') && isObj(v) && typeof v.target === 'string')
    return { kind: k, chain: v.target, text: `${k} ${v.target}` };
  if (k === 'reject') {
    const o = isObj(v) ? v : {};
    const w = [o.type, o.expr]
      .filter((p) => p !== undefined)
      .map(render)
      .join(' ');
    return { kind: 'reject', text: `reject${w ? ` with ${w}` : ''}` };
  }
  if (k === 'queue') return { kind: 'queue', text: render(x) };
  return null;
}

function vmapEntries(data: Json): NftVmapEntry[] | null {
  const list = Array.isArray(data) ? data : single(data)?.[0] === 'set' ? (single(data)?.[1] as Json) : null;
  if (!Array.isArray(list)) return null;
  const out: NftVmapEntry[] = [];
  for (const e of list) {
    if (!Array.isArray(e) || e.length !== 2) return null;
    const verdict = verdictOf(e[1] as Json);
    if (!verdict) return null;
    out.push({ key: valueOf(e[0] as Json), verdict });
  }
  return out;
}

const OPS: Readonly<Record<string, 'eq' | 'ne' | 'other'>> = { '==': 'eq', in: 'eq', '!=': 'ne' };

/** One expression of a rule's "expr" list. */
function statementOf(x: Json, problems: string[]): NftStatement | null {
  const s = single(x);
  if (!s) {
    problems.push(`an expression that is not a one-key object: ${JSON.stringify(x).slice(0, 80)}`);
    return { kind: 'unknown', text: JSON.stringify(x).slice(0, 200) };
  }
  const [k, v] = s;
  const o = isObj(v) ? v : {};
  const verdict = verdictOf(x);
  if (verdict) return { kind: 'verdict', verdict };
  switch (k) {
    case 'match': {
      const op = typeof o.op === 'string' ? o.op : '==';
      const text = `${render(o.left ?? null)} ${op === '==' || op === 'in' ? '' : `${op} `}${render(o.right ?? null)}`;
      return {
        kind: 'match',
        left: selectorOf(o.left ?? null),
        op: OPS[op] ?? 'other',
        right: valueOf(o.right ?? null),
        text,
      };
    }
    case 'counter':
      return { kind: 'counter', packets: typeof o.packets === 'number' ? o.packets : null };
    case 'log':
      return { kind: 'log', text: `log${o.prefix !== undefined ? ` prefix ${JSON.stringify(render(o.prefix))}` : ''}` };
    case 'limit': {
      const burst =
        typeof o.burst === 'number' && o.burst > 0 ? ` burst ${o.burst} ${render(o.burst_unit ?? 'packets')}` : '';
      const unit = o.rate_unit !== undefined && o.rate_unit !== 'packets' ? ` ${render(o.rate_unit)}` : '';
      return {
        kind: 'condition',
        text: `limit rate ${o.inv === true ? 'over ' : ''}${render(o.rate ?? '')}${unit}/${render(o.per ?? '')}${burst}`,
      };
    }
    case 'quota':
    case 'meter':
    case 'ct count':
      return { kind: 'condition', text: `${k} ${JSON.stringify(v).slice(0, 200)}` };
    case 'vmap': {
      const key = o.key ?? null;
      const data = o.data ?? null;
      const keyText = render(key);
      const text = `${keyText} vmap ${render(data)}`;
      if (typeof data === 'string' && data.startsWith('@'))
        return { kind: 'vmap', key: selectorOf(key), keyText, entries: { named: data.slice(1) }, text };
      const entries = vmapEntries(data);
      if (!entries) {
        problems.push(`verdict map not understood: ${text}`);
        return { kind: 'unknown', text };
      }
      return { kind: 'vmap', key: selectorOf(key), keyText, entries, text };
    }
    case 'snat':
    case 'dnat':
    case 'masquerade':
    case 'redirect':
    case 'tproxy': {
      const addr = o.addr !== undefined ? render(o.addr) : null;
      // nft writes an IPv6 address with a port in brackets: [c0::1a]:4242.
      const to =
        addr === null
          ? null
          : o.port !== undefined
            ? `${addr.includes(':') ? `[${addr}]` : addr}:${render(o.port)}`
            : addr;
      return {
        kind: 'action',
        text: [k, o.family !== undefined ? render(o.family) : null, to !== null ? `to ${to}` : null]
          .filter((p) => p !== null)
          .join(' '),
      };
    }
    case 'mangle':
      return { kind: 'action', text: `${render(o.key ?? null)} set ${render(o.value ?? null)}` };
    case 'set':
      return { kind: 'action', text: `${render(o.op ?? '')} ${render(o.set ?? '')} { ${render(o.elem ?? null)} }` };
    case 'notrack':
    case 'dup':
    case 'fwd':
    case 'synproxy':
    case 'flow':
    case 'ct helper':
    case 'ct timeout':
    case 'ct expectation':
    case 'secmark':
      return { kind: 'action', text: `${k}${v === null ? '' : ` ${JSON.stringify(v).slice(0, 200)}`}` };
    default:
      problems.push(`expression "${k}" is not understood and kept as a condition`);
      return { kind: 'unknown', text: `${k} ${JSON.stringify(v).slice(0, 200)}` };
  }
}

/** First and last line of each element of the top-level "nftables" array. */
export function elementLines(text: string): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let lastKey = '';
  let str = '';
  let inArray = false;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92) {
        i++;
        continue;
      }
      if (c === 34) {
        inString = false;
        if (depth === 1) lastKey = str;
      } else if (depth === 1) str += text[i];
      continue;
    }
    if (c === 34) {
      inString = true;
      str = '';
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth === 2 && c === 91 && lastKey === 'nftables') inArray = true;
      if (depth === 3 && inArray) from = line;
    } else if (c === 125 || c === 93) {
      if (depth === 3 && inArray) out.push({ from, to: line });
      if (depth === 2) inArray = false;
      depth--;
    }
  }
  return out;
}

export const nftJson: FormatSpec = {
  id: 'nft-json',
  label: 'nftables JSON (nft -j list ruleset)',
  family: 'rulebase',
  parserVersion: '3',
  detector: 'a JSON object whose first key is "nftables" holding an array',
  needsHostName: true,
  detect(head) {
    return /^\s*\{\s*"nftables"\s*:\s*\[/.test(head) ? 0.95 : 0;
  },
  create(sink, options) {
    const device = requireDevice(options, 'An nftables ruleset');
    const parts: string[] = [];
    let size = 0;
    return {
      write(t) {
        size += t.length;
        if (size > MAX_JSON_DOCUMENT)
          throw new ParseError(
            `the JSON document is larger than ${MAX_JSON_DOCUMENT / 1024 / 1024} MiB; expected ${WHAT}`,
          );
        parts.push(t);
      },
      end() {
        const text = parts.join('');
        parts.length = 0;
        const doc = parseJsonText(text, WHAT) as Json;
        if (!isObj(doc) || !Array.isArray(doc.nftables)) throw new ParseError(`expected ${WHAT}`, 1, 1);
        const lines = elementLines(text);
        const tables = new Map<string, NftTableIR>();
        const table = (family: string, name: string, line: number | null): NftTableIR => {
          const key = `${family} ${name}`;
          let t = tables.get(key);
          if (!t) {
            t = { family, name, dormant: false, sets: new Map(), chains: new Map(), line };
            tables.set(key, t);
          }
          return t;
        };
        const need = (o: Record<string, Json>, keys: string[], what: string, line: number | null) => {
          for (const k of keys) {
            if (typeof o[k] !== 'string')
              throw new ParseError(
                `a ${what} without "${k}"; expected ${keys.map((x) => `"${x}"`).join(', ')}`,
                line,
                null,
              );
          }
          if (!NFT_FAMILIES.has(o.family as string))
            throw new ParseError(`a ${what} of unknown family "${String(o.family)}"`, line, null);
        };
        let rulesRead = 0;
        doc.nftables.forEach((entry, idx) => {
          const span = lines[idx] ?? { from: null, to: null };
          const line = span.from;
          let s = single(entry);
          if (!s)
            throw new ParseError(
              `element ${idx + 1} of "nftables" is not a one-key object; expected {"table": ...}, {"chain": ...}, {"rule": ...}`,
              line,
              null,
            );
          let insert = false;
          if ((s[0] === 'add' || s[0] === 'create' || s[0] === 'insert') && single(s[1])) {
            insert = s[0] === 'insert';
            s = single(s[1]) as [string, Json];
          }
          const [kind, body] = s;
          const o = isObj(body) ? body : {};
          switch (kind) {
            case 'metainfo':
              if (o.version !== undefined) sink.meta('nft-version', render(o.version));
              if (o.json_schema_version !== undefined) sink.meta('json-schema-version', render(o.json_schema_version));
              return;
            case 'table': {
              need(o, ['family', 'name'], 'table', line);
              const t = table(o.family as string, o.name as string, line);
              const flags = Array.isArray(o.flags) ? o.flags : [o.flags ?? null];
              if (flags.includes('dormant')) t.dormant = true;
              return;
            }
            case 'chain': {
              need(o, ['family', 'table', 'name'], 'chain', line);
              const t = table(o.family as string, o.table as string, line);
              const name = o.name as string;
              const c = t.chains.get(name) ?? {
                name,
                type: null,
                hook: null,
                policy: null,
                comment: null,
                line,
                rules: [],
              };
              c.type = typeof o.type === 'string' ? o.type : c.type;
              c.hook = typeof o.hook === 'string' ? o.hook : c.hook;
              c.policy = typeof o.policy === 'string' ? o.policy : c.policy;
              c.comment = typeof o.comment === 'string' ? o.comment : c.comment;
              t.chains.set(name, c);
              return;
            }
            case 'set':
            case 'map': {
              need(o, ['family', 'table', 'name'], kind, line);
              table(o.family as string, o.table as string, line).sets.set(o.name as string, setDef(kind, o));
              return;
            }
            case 'element': {
              need(o, ['family', 'table', 'name'], 'element', line);
              const def = table(o.family as string, o.table as string, line).sets.get(o.name as string);
              const elem = Array.isArray(o.elem) ? o.elem : [];
              if (!def)
                sink.note({
                  line,
                  column: null,
                  what: `elements for set ${String(o.name)}, which is not defined before`,
                });
              else if (def.verdicts) def.verdicts.push(...(vmapEntries(elem) ?? []));
              else if (def.elements) def.elements.push(...elem.map(itemOf));
              else if (def.why?.startsWith('no elements')) {
                def.elements = elem.map(itemOf);
                def.why = null;
              }
              return;
            }
            case 'rule': {
              need(o, ['family', 'table', 'chain'], 'rule', line);
              if (!Array.isArray(o.expr)) throw new ParseError('a rule without an "expr" list', line, null);
              const t = table(o.family as string, o.table as string, line);
              const chainName = o.chain as string;
              let c = t.chains.get(chainName);
              if (!c) {
                sink.note({ line, column: null, what: `rule for chain ${chainName}, which is not listed before it` });
                c = { name: chainName, type: null, hook: null, policy: null, comment: null, line, rules: [] };
                t.chains.set(chainName, c);
              }
              const problems: string[] = [];
              let statements: NftStatement[];
              try {
                statements = o.expr.map((e) => statementOf(e, problems)).filter((x): x is NftStatement => x !== null);
              } catch (err) {
                // Expressions are read recursively: a hostile nesting depth ends here, not in a crash.
                if (err instanceof RangeError)
                  throw new ParseError('a rule expression is nested too deeply', line, null);
                throw err;
              }
              if (typeof o.comment === 'string') statements.push({ kind: 'comment', text: o.comment });
              const ruleText = statements.length > 0 ? nftText(statements) : '';
              const from = span.from;
              const rule: NftRuleIR = {
                statements,
                lineFrom: from,
                lineTo: span.to,
                // A rule with an empty expression list is shown as the JSON it came from.
                text: ruleText !== '' ? ruleText : JSON.stringify(entry),
              };
              for (const p of problems) sink.note({ line, column: null, what: `${p}: ${shown(rule.text)}` });
              if (insert) c.rules.unshift(rule);
              else c.rules.push(rule);
              rulesRead++;
              return;
            }
            case 'flowtable':
            case 'counter':
            case 'quota':
            case 'ct helper':
            case 'ct timeout':
            case 'ct expectation':
            case 'limit':
            case 'secmark':
            case 'synproxy':
              // Stateful objects (named counters, quotas, flowtables...) are not rules.
              return;
            default:
              sink.note({ line, column: null, what: `"${kind}" entry not read: ${shown(JSON.stringify(body))}` });
          }
        });
        const all = [...tables.values()];
        if (all.length === 0) throw new ParseError(`no table in the "nftables" array; expected ${WHAT}`, 1, 1);
        const counts = emitNftTables(all, sink, device);
        sink.meta('tool', 'nft -j list ruleset');
        sink.meta(
          'tables',
          all.map((t) => `${t.family} ${t.name}${t.dormant ? ' (dormant: not applied)' : ''}`).join(', '),
        );
        sink.meta('chains', String(counts.chains));
        sink.meta('nft-rules', String(rulesRead));
        sink.meta('rules', String(counts.rules));
        sink.meta('policies', String(counts.policies));
      },
    };
  },
};

/** A rule written back in nft's text syntax: what the auditor reads next to the JSON lines. */
function nftText(statements: readonly NftStatement[]): string {
  return statements
    .map((s) => {
      switch (s.kind) {
        case 'match':
        case 'vmap':
        case 'log':
        case 'condition':
        case 'action':
        case 'unknown':
          return s.text;
        case 'verdict':
          return s.verdict.text;
        case 'counter':
          return s.packets === null ? 'counter' : `counter packets ${s.packets}`;
        case 'comment':
          return `comment ${JSON.stringify(s.text)}`;
      }
    })
    .join(' ');
}

function setDef(kind: 'set' | 'map', o: Record<string, Json>): NftSetDef {
  const name = String(o.name);
  const flags = (Array.isArray(o.flags) ? o.flags : [o.flags ?? null]).map((f) => render(f));
  const elem = Array.isArray(o.elem) ? o.elem : null;
  if (kind === 'map') {
    if (o.map !== 'verdict')
      return {
        name,
        elements: null,
        verdicts: null,
        why: 'a data map (used by NAT or marking), not a set of addresses',
      };
    if (!elem) return { name, elements: null, verdicts: [], why: 'no elements listed (filled at run time)' };
    const entries = vmapEntries(elem);
    return entries
      ? { name, elements: null, verdicts: entries, why: null }
      : { name, elements: null, verdicts: null, why: 'map entries not understood' };
  }
  if (flags.includes('dynamic') || flags.includes('timeout'))
    return { name, elements: null, verdicts: null, why: 'dynamic set (filled by rules at run time)' };
  if (Array.isArray(o.type))
    return { name, elements: null, verdicts: null, why: 'elements are concatenations of several values' };
  if (!elem || elem.length === 0)
    return { name, elements: null, verdicts: null, why: 'no elements listed (filled at run time)' };
  return { name, elements: elem.map(itemOf), verdicts: null, why: null };
}
