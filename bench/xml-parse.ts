// XML parsing speed alone: the generated 1M-port nmap file (bench/generate.ts), read in 1 MiB chunks and
// decoded as the import does (createDecoder), parsed with no-op handlers by xmlParser on our tokenizer,
// by the tokenizer without the adapter, and by the saxes-based xmlParser it replaced (kept here only, for
// the comparison). `npx tsx bench/xml-parse.ts` runs it alone; BENCH_XML_PORTS=200000 for a quick run.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SaxesParser } from 'saxes';
import { createDecoder, sniffEncoding } from '../src-main/core/import/decode';
import { ParseError, type StreamParser } from '../src-main/core/import/types';
import { xmlParser, type XmlHandlers, type XmlStreamParser } from '../src-main/core/import/xml';
import { XmlTokenizer } from '../src-main/core/import/xml-tokenizer';
import { generateNmapXml } from './generate';

const MB = 1024 * 1024;
const CHUNK = 1024 * 1024;
const PORTS = Number(process.env.BENCH_XML_PORTS ?? process.env.BENCH_NMAP_PORTS ?? 1_000_000);

/** The xmlParser of before, on saxes (src-main/core/import/xml.ts until the tokenizer replaced it). */
export function saxesXmlParser(handlers: XmlHandlers, expectRoot: readonly string[]): XmlStreamParser {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const path: string[] = [];
  const texts: string[] = [];
  let failure: ParseError | null = null;
  let sawRoot = false;
  const fail = (message: string): ParseError => new ParseError(message, parser.line, parser.column + 1);
  parser.on('error', (err) => {
    failure ??= fail(err.message.replace(/^\d+:\d+: /, '').replace(/\.$/, ''));
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) failure ??= fail('the DOCTYPE declares entities');
  });
  parser.on('opentag', (tag) => {
    if (failure) return;
    if (!sawRoot) {
      sawRoot = true;
      if (!expectRoot.includes(tag.name)) {
        failure = fail(`expected <${expectRoot.join('> or <')}> as the root element, found <${tag.name}>`);
        return;
      }
    }
    try {
      handlers.open(tag.name, tag.attributes as Record<string, string>, path, {
        line: parser.line,
        column: parser.column + 1,
      });
    } catch (err) {
      failure = err instanceof ParseError ? err : fail((err as Error).message);
    }
    path.push(tag.name);
    texts.push('');
  });
  const addText = (t: string) => {
    if (texts.length > 0) texts[texts.length - 1] += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', (tag) => {
    if (failure) return;
    path.pop();
    const text = texts.pop() ?? '';
    try {
      handlers.close(tag.name, text, path, { line: parser.line, column: parser.column + 1 });
    } catch (err) {
      failure = err instanceof ParseError ? err : fail((err as Error).message);
    }
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    position: () => ({ line: parser.line, column: parser.column + 1 }),
    write(text) {
      check();
      parser.write(text);
      check();
    },
    end() {
      check();
      parser.close();
      check();
    },
  };
}

/**
 * The file in 1 MiB reads, decoded as the import does (createDecoder, a streaming TextDecoder), or with
 * `flat` each read decoded on its own up to its last whole UTF-8 character (a non-streaming TextDecoder:
 * Node then gives a one-byte string for ASCII text, where the streaming one gives a two-byte external
 * string, slower to scan and twice the memory).
 */
function decodeChunks(file: string, flat: boolean): { chunks: string[]; seconds: number } {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(CHUNK + 4);
  const chunks: string[] = [];
  const t = performance.now();
  try {
    let decoder: ReturnType<typeof createDecoder> | null = null;
    const whole = new TextDecoder('utf-8', { fatal: true });
    let carried = 0;
    for (let offset = 0; ;) {
      const n = readSync(fd, buf, carried, CHUNK, offset);
      if (n === 0 && carried === 0) break;
      offset += n;
      const bytes = buf.subarray(0, carried + n);
      if (!flat) {
        decoder ??= createDecoder(sniffEncoding(bytes).encoding, sniffEncoding(bytes).bom);
        chunks.push(decoder.decode(bytes, offset - n));
        continue;
      }
      const end = n === 0 ? bytes.length : utf8Boundary(bytes);
      chunks.push(whole.decode(bytes.subarray(0, end)));
      carried = bytes.length - end;
      bytes.copy(buf, 0, end);
    }
    const tail = decoder?.flush() ?? '';
    if (tail) chunks.push(tail);
  } finally {
    closeSync(fd);
  }
  return { chunks, seconds: (performance.now() - t) / 1000 };
}

/** Where the last whole UTF-8 character of `bytes` ends. */
function utf8Boundary(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return bytes.length;
    if (b >= 0xc0) return (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Counts elements, so that no parser can skip work nobody looks at. */
function counting(): { handlers: XmlHandlers; count: () => number } {
  let n = 0;
  return {
    handlers: {
      open() {
        n++;
      },
      close() {},
    },
    count: () => n,
  };
}

/** What each contender parses with, no-op handlers (counting elements, so that no work can be skipped). */
const contenders: Record<string, () => { parser: StreamParser; count: () => number }> = {
  xmlParser: () => {
    const c = counting();
    return { parser: xmlParser(c.handlers, ['nmaprun']), count: c.count };
  },
  tokenizer: () => {
    let n = 0;
    const events = {
      open() {
        n++;
      },
      close() {},
    };
    return { parser: new XmlTokenizer(events, ['nmaprun']), count: () => n };
  },
  saxes: () => {
    const c = counting();
    return { parser: saxesXmlParser(c.handlers, ['nmaprun']), count: c.count };
  },
};

interface Timing {
  seconds: number;
  decodeSeconds: number;
  elements: number;
}

/** Best wall time of `runs` passes over the decoded chunks, in this process. */
function timeContender(file: string, name: string, runs: number, flat: boolean): Timing {
  const make = contenders[name];
  if (!make) throw new Error(`unknown contender ${name}; expected one of ${Object.keys(contenders).join(', ')}`);
  const decoded = decodeChunks(file, flat);
  let best = Number.POSITIVE_INFINITY;
  let elements = 0;
  for (let r = 0; r < runs; r++) {
    const { parser, count } = make();
    const t = performance.now();
    for (const c of decoded.chunks) parser.write(c);
    parser.end();
    best = Math.min(best, (performance.now() - t) / 1000);
    elements = count();
  }
  return { seconds: best, decodeSeconds: decoded.seconds, elements };
}

/** Each contender in a process of its own, so that none runs on code the JIT shaped for another. */
function timeApart(file: string, name: string, runs: number, flat = false): Timing {
  const self = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, self, '--contender', name, file, String(runs), flat ? 'flat' : 'stream'];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 16 * MB });
  if (r.status !== 0) throw new Error(`xml-parse contender ${name} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Timing;
}

export async function benchXmlParse(dir: string): Promise<{ rows: string[][]; notes: string[] }> {
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-xml-${PORTS}-ports.xml`);
  if (!existsSync(file)) await generateNmapXml(file, PORTS);
  const mb = statSync(file).size / MB;
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  const ours = timeApart(file, 'xmlParser', 5);
  const raw = timeApart(file, 'tokenizer', 5);
  const old = timeApart(file, 'saxes', 2);
  const oursFlat = timeApart(file, 'xmlParser', 5, true);
  const rawFlat = timeApart(file, 'tokenizer', 5, true);
  const counts = [ours, raw, oursFlat, rawFlat].map((t) => t.elements);
  if (counts.some((n) => n !== old.elements)) {
    throw new Error(`element counts differ: tokenizer ${counts.join('/')}, saxes ${old.elements}`);
  }
  const row = (what: string, seconds: number) => [
    what,
    `${mb.toFixed(0)} MB`,
    `${seconds.toFixed(2)} s`,
    `${(mb / seconds).toFixed(0)} MB/s`,
  ];
  return {
    rows: [
      row('xmlParser on the tokenizer, no-op handlers (a position for every event)', ours.seconds),
      row('  the tokenizer alone, no-op events', raw.seconds),
      row('  before: xmlParser on saxes, no-op handlers', old.seconds),
      row('  decoding the 1 MiB reads (createDecoder, as the import does; not in the times above)', ours.decodeSeconds),
      row('  decode + xmlParser on the tokenizer (what an import pays for XML)', ours.decodeSeconds + ours.seconds),
      row('xmlParser on one-byte strings (each read decoded whole, see decodeChunks)', oursFlat.seconds),
      row('  the tokenizer alone on one-byte strings', rawFlat.seconds),
      row('  decoding the reads that way', oursFlat.decodeSeconds),
    ],
    notes: [
      `${PORTS.toLocaleString('en')} ports, ${ours.elements.toLocaleString('en')} elements, one process per parser; best of 5 runs (saxes: 2); load average before timing: ${load}.`,
    ],
  };
}

const args = process.argv.slice(2);
if (args[0] === '--contender') {
  console.log(JSON.stringify(timeContender(args[2]!, args[1]!, Number(args[3] ?? 1), args[4] === 'flat')));
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(fileURLToPath(new URL('.', import.meta.url)), '.tmp');
  const { rows, notes } = await benchXmlParse(dir);
  console.log('| what | size | time | rate |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  for (const n of notes) console.log(`\n${n}`);
}
