// Cloud exports are JSON or YAML documents, not lines; to trace every rule back to the lines it came from,
// these readers parse the whole (bounded) text once and remember where each object and array began and ended.
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';
import type { Node } from 'yaml';
import { MAX_JSON_DOCUMENT, positionToLineColumn } from '../json';
import { ParseError, type StreamParser } from '../types';

/** Where a parsed object came from: its lines and its original text (capped like the rule store caps it). */
export interface Located {
  lineFrom: number | null;
  lineTo: number | null;
  text: string;
}

const MAX_TEXT = 4000;
const MAX_DEPTH = 256;

/** Finds where a parsed value came from. */
export interface Source {
  lineOf(value: unknown): number | null;
  locate(value: unknown): Located;
}

/** Maps parsed objects and arrays back to their place in the text. */
export class SourceMap implements Source {
  private readonly spans = new WeakMap<object, [number, number]>();
  private lineStarts: number[] | null = null;

  constructor(readonly text: string) {}

  set(value: object, start: number, end: number): void {
    this.spans.set(value, [start, end]);
  }

  /** 1-based line of a character offset. */
  line(offset: number): number {
    if (!this.lineStarts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  lineOf(value: unknown): number | null {
    const span = typeof value === 'object' && value !== null ? this.spans.get(value) : undefined;
    return span ? this.line(span[0]) : null;
  }

  locate(value: unknown): Located {
    const span = typeof value === 'object' && value !== null ? this.spans.get(value) : undefined;
    if (!span) return { lineFrom: null, lineTo: null, text: '' };
    const [start, end] = span;
    const text = this.text.slice(start, Math.min(end, start + MAX_TEXT + 1));
    return {
      lineFrom: this.line(start),
      lineTo: this.line(Math.max(start, end - 1)),
      text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text,
    };
  }
}

/**
 * A document embedded as a string in another (a recorded HTTP body): texts come from the inner document,
 * lines are those of the string in the file.
 */
export function embeddedSource(inner: SourceMap, line: number | null): Source {
  return {
    lineOf: () => line,
    locate: (value) => ({ ...inner.locate(value), lineFrom: line, lineTo: line }),
  };
}

/** Collects the streamed text (bounded) and hands it over whole at the end. */
export function wholeTextParser(what: string, onText: (text: string) => void): StreamParser {
  const parts: string[] = [];
  let size = 0;
  return {
    write(text) {
      size += text.length;
      if (size > MAX_JSON_DOCUMENT) {
        throw new ParseError(`the document is larger than ${MAX_JSON_DOCUMENT / 1024 / 1024} MiB; expected ${what}`);
      }
      parts.push(text);
    },
    end() {
      onText(parts.join(''));
    },
  };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * A strict JSON (RFC 8259) reader that records the span of every object and array. Objects have no
 * prototype so a "__proto__" key in hostile input stays an ordinary key; nesting is bounded so a
 * deeply nested file is refused instead of overflowing the stack.
 */
export function parseJsonWithSource(text: string, what: string): { value: unknown; source: SourceMap } {
  const source = new SourceMap(text);
  if (text.trim() === '') throw new ParseError(`the file is empty; expected ${what}`, 1, 1);
  let pos = 0;
  const fail = (message: string, at = pos): never => {
    const { line, column } = positionToLineColumn(text, at);
    throw new ParseError(`not valid JSON (${message}); expected ${what}`, line, column);
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else return;
    }
  };
  const unexpected = (): never =>
    pos >= text.length ? fail('unexpected end of input') : fail(`unexpected ${JSON.stringify(text[pos])}`);

  const readString = (): string => {
    // pos is at the opening quote
    pos++;
    let out = '';
    let from = pos;
    for (;;) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(from, pos);
        pos++;
        return out;
      }
      if (c < 32) fail('control character in a string');
      if (c === 92) {
        out += text.slice(from, pos);
        const e = text[pos + 1];
        if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else if (e !== undefined && ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
          pos += 2;
        } else {
          fail('bad escape in a string');
        }
        from = pos;
        continue;
      }
      pos++;
    }
  };

  const readValue = (depth: number): unknown => {
    ws();
    const c = text[pos];
    if (c === '"') return readString();
    if (c === '{' || c === '[') {
      if (depth >= MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels`);
      return c === '{' ? readObject(depth) : readArray(depth);
    }
    if (c === 't' && text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (c === 'f' && text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (c === 'n' && text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    NUMBER.lastIndex = pos;
    const m = NUMBER.exec(text);
    if (m) {
      pos += m[0].length;
      return Number(m[0]);
    }
    return unexpected();
  };

  const readObject = (depth: number): Record<string, unknown> => {
    const start = pos;
    const obj = Object.create(null) as Record<string, unknown>;
    pos++;
    ws();
    if (text[pos] === '}') {
      pos++;
    } else {
      for (;;) {
        ws();
        if (text[pos] !== '"') return pos >= text.length ? unexpected() : fail('expected a property name in quotes');
        const key = readString();
        ws();
        if (text[pos] !== ':') return pos >= text.length ? unexpected() : fail("expected ':' after a property name");
        pos++;
        obj[key] = readValue(depth + 1);
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          break;
        }
        return pos >= text.length ? unexpected() : fail("expected ',' or '}' after a property value");
      }
    }
    source.set(obj, start, pos);
    return obj;
  };

  const readArray = (depth: number): unknown[] => {
    const start = pos;
    const arr: unknown[] = [];
    pos++;
    ws();
    if (text[pos] === ']') {
      pos++;
    } else {
      for (;;) {
        arr.push(readValue(depth + 1));
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          break;
        }
        return pos >= text.length ? unexpected() : fail("expected ',' or ']' after an array element");
      }
    }
    source.set(arr, start, pos);
    return arr;
  };

  const value = readValue(0);
  ws();
  if (pos < text.length) fail('unexpected text after the JSON value');
  return { value, source };
}

// !!binary is plain data (base64, bounded by the input), which vcrpy writes for compressed bodies.
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq', 'binary'].map((t) => `tag:yaml.org,2002:${t}`).concat(['!']),
);
const MAX_ALIASES = 100;

type Yaml = typeof YamlModule;
let yamlModule: Yaml | null = null;
/** The yaml package, loaded on first use: only cloud rulebases need it, and every command would pay for it. */
function yaml(): Yaml {
  yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml;
  return yamlModule;
}

/**
 * YAML documents (one or many) as plain values with their spans. Safe defaults of the yaml package
 * (core schema, no merge keys), plus: explicit tags other than the core ones (and !!binary) are refused (no custom
 * types from untrusted files) and alias expansion is bounded (billion-laughs).
 */
export function parseYamlWithSource(text: string, what: string): { documents: unknown[]; source: SourceMap } {
  const source = new SourceMap(text);
  if (text.trim() === '') throw new ParseError(`the file is empty; expected ${what}`, 1, 1);
  const { parseAllDocuments, isScalar, isCollection, isMap, isSeq } = yaml();
  const docs = parseAllDocuments(text, { schema: 'core', merge: false, uniqueKeys: true, strict: true });
  const documents: unknown[] = [];
  const at = (offset: number) => positionToLineColumn(text, offset);
  for (const doc of Array.isArray(docs) ? docs : []) {
    const error = doc.errors[0];
    if (error) {
      const { line, column } = at(error.pos[0]);
      throw new ParseError(`not valid YAML (${error.message.split('\n')[0]}); expected ${what}`, line, column);
    }
    const refuseTags = (node: unknown, depth: number): void => {
      if (depth > MAX_DEPTH) throw new ParseError(`YAML nested deeper than ${MAX_DEPTH} levels; expected ${what}`);
      if (isScalar(node) || isCollection(node)) {
        const n = node as Node;
        if (n.tag && !CORE_TAGS.has(n.tag)) {
          const { line, column } = at(n.range?.[0] ?? 0);
          throw new ParseError(
            `YAML tag ${n.tag} is refused (custom types are not read); expected ${what}`,
            line,
            column,
          );
        }
      }
      if (isMap(node)) {
        for (const pair of node.items) {
          refuseTags(pair.key, depth + 1);
          refuseTags(pair.value, depth + 1);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) refuseTags(item, depth + 1);
      }
    };
    refuseTags(doc.contents, 0);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      const message = (err as Error).message;
      throw new ParseError(
        `YAML aliases expand too far (${message}); refused as a resource-exhaustion attempt; expected ${what}`,
      );
    }
    if (hasCycle(value)) {
      throw new ParseError(`a YAML alias refers to a collection that contains it; expected ${what}`);
    }
    recordSpans(source, doc.contents, value, 0);
    documents.push(value);
  }
  return { documents, source };
}

/**
 * An alias inside its own anchor ("&a [*a]") makes a value that contains itself, which no rulebase
 * means and which would send later walks round in circles. Shared (aliased) values are visited once.
 */
function hasCycle(root: unknown): boolean {
  const onPath = new Set<object>();
  const done = new Set<object>();
  const visit = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null || done.has(v)) return false;
    if (onPath.has(v)) return true;
    onPath.add(v);
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) if (visit(c)) return true;
    onPath.delete(v);
    done.add(v);
    return false;
  };
  return visit(root);
}

/** Walks the node tree beside the plain value it produced, noting each collection's span. Aliases are skipped. */
function recordSpans(source: SourceMap, node: unknown, value: unknown, depth: number): void {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return;
  const { isMap, isSeq, isScalar } = yaml();
  if (isMap(node) && !Array.isArray(value)) {
    if (node.range) source.set(value, node.range[0], node.range[1]);
    const obj = value as Record<string, unknown>;
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (Object.prototype.hasOwnProperty.call(obj, key)) recordSpans(source, pair.value, obj[key], depth + 1);
    }
  } else if (isSeq(node) && Array.isArray(value)) {
    if (node.range) source.set(value, node.range[0], node.range[1]);
    node.items.forEach((item, i) => recordSpans(source, item, value[i], depth + 1));
  }
}
