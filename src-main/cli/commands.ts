// Every CLI command: its words, options, the channel it calls with which request, and how its answer is
// shown to a person. The CLI adds nothing of its own: it is a face over the handler table.
import type { Channel, Response } from '../api/contract';
import { formatEntries, formatFiles, formatInfo, formatVerdict } from './format';

export type OptionSpec = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | string[] | undefined>;
}

export interface CommandSpec {
  words: string[];
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  minArgs: number;
  maxArgs: number;
  channel: Channel;
  request(args: ParsedArgs): unknown;
  render(value: unknown, args: ParsedArgs): string;
  /** Exit status for a successful reply that still reports a failure (e.g. a broken audit chain). */
  exitCode?(value: unknown): number;
}

const str = (v: ParsedArgs['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);
const metaOptions: Record<string, OptionSpec> = {
  entity: { type: 'string' },
  assessor: { type: 'string' },
  'period-start': { type: 'string' },
  'period-end': { type: 'string' },
  'scope-note': { type: 'string' },
};

function metaFrom(values: ParsedArgs['values']): Record<string, string> {
  const out: Record<string, string> = {};
  const map: Record<string, string> = {
    entity: 'entity',
    assessor: 'assessor',
    'period-start': 'periodStart',
    'period-end': 'periodEnd',
    'scope-note': 'scopeNote',
  };
  for (const [opt, key] of Object.entries(map)) {
    const v = str(values[opt]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

const path0 = (a: ParsedArgs): string => a.positionals[0] ?? '';

export const commands: CommandSpec[] = [
  {
    words: ['new'],
    usage:
      'portcullis new <file.portcullis> --entity NAME --assessor NAME [--period-start YYYY-MM-DD] [--period-end YYYY-MM-DD] [--scope-note TEXT]',
    summary: 'create a new engagement file',
    options: metaOptions,
    minArgs: 1,
    maxArgs: 1,
    channel: 'engagement.create',
    request: (a) => ({ path: path0(a), meta: metaFrom(a.values) }),
    render: (v) =>
      `Created ${(v as Response<'engagement.create'>).path}\n${formatInfo(v as Response<'engagement.create'>)}`,
  },
  {
    words: ['info'],
    usage: 'portcullis info <file.portcullis>',
    summary: 'show an engagement’s metadata',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'engagement.info',
    request: (a) => ({ path: path0(a) }),
    render: (v) => formatInfo(v as Response<'engagement.info'>),
  },
  {
    words: ['update'],
    usage:
      'portcullis update <file.portcullis> [--entity NAME] [--assessor NAME] [--period-start D] [--period-end D] [--scope-note TEXT]',
    summary: 'change an engagement’s metadata (recorded in the audit log)',
    options: metaOptions,
    minArgs: 1,
    maxArgs: 1,
    channel: 'engagement.update',
    request: (a) => ({ path: path0(a), patch: metaFrom(a.values) }),
    render: (v) => formatInfo(v as Response<'engagement.update'>),
  },
  {
    words: ['audit', 'verify'],
    usage: 'portcullis audit verify <file.portcullis>',
    summary: 'check the hash chain of the audit log; exit 1 if it was altered',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'audit.verify',
    request: (a) => ({ path: path0(a) }),
    render: (v, a) => formatVerdict(path0(a), v as Response<'audit.verify'>),
    exitCode: (v) => ((v as Response<'audit.verify'>).valid ? 0 : 1),
  },
  {
    words: ['audit', 'log'],
    usage: 'portcullis audit log <file.portcullis> [--after SEQ] [--limit N]',
    summary: 'list audit log entries',
    options: { after: { type: 'string' }, limit: { type: 'string' } },
    minArgs: 1,
    maxArgs: 1,
    channel: 'audit.list',
    request: (a) => ({
      path: path0(a),
      ...(str(a.values.after) !== undefined ? { afterSeq: Number(str(a.values.after)) } : {}),
      ...(str(a.values.limit) !== undefined ? { limit: Number(str(a.values.limit)) } : {}),
    }),
    render: (v) => formatEntries(v as Response<'audit.list'>),
  },
  {
    words: ['file', 'add'],
    usage: 'portcullis file add <file.portcullis> <source>... [--role original|attachment]',
    summary: 'store files byte-for-byte in the engagement (SHA-256 addressed)',
    options: { role: { type: 'string' } },
    minArgs: 2,
    maxArgs: 1000,
    channel: 'file.add',
    request: (a) => ({
      path: path0(a),
      sources: a.positionals.slice(1),
      ...(str(a.values.role) !== undefined ? { role: str(a.values.role) } : {}),
    }),
    render: (v) => formatFiles(v as Response<'file.list'>),
  },
  {
    words: ['file', 'list'],
    usage: 'portcullis file list <file.portcullis>',
    summary: 'list stored files with their SHA-256',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'file.list',
    request: (a) => ({ path: path0(a) }),
    render: (v) => formatFiles(v as Response<'file.list'>),
  },
  {
    words: ['file', 'extract'],
    usage: 'portcullis file extract <file.portcullis> <sha256> --out <path>',
    summary: 'write a stored file back out, byte-for-byte (refuses to overwrite)',
    options: { out: { type: 'string', short: 'o' } },
    minArgs: 2,
    maxArgs: 2,
    channel: 'file.extract',
    request: (a) => ({ path: path0(a), sha256: a.positionals[1], to: str(a.values.out) ?? '' }),
    render: (v) => `Wrote ${(v as Response<'file.extract'>).bytes} bytes to ${(v as Response<'file.extract'>).to}`,
  },
  {
    words: ['file', 'verify'],
    usage: 'portcullis file verify <file.portcullis>',
    summary: 're-hash every stored file; exit 1 if any no longer matches its SHA-256',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'file.verify',
    request: (a) => ({ path: path0(a) }),
    render: (v) => {
      const r = v as { checked: number; bytes: number; bad: { sha256: string; actual: string }[] };
      const head = `${r.checked} stored file(s), ${r.bytes} bytes re-hashed: ${r.bad.length === 0 ? 'all match' : `${r.bad.length} DAMAGED`}`;
      return [head, ...r.bad.map((b) => `  ${b.sha256} now hashes to ${b.actual}`)].join('\n');
    },
    exitCode: (v) => ((v as { bad: unknown[] }).bad.length === 0 ? 0 : 1),
  },
];

export function findCommand(argv: string[]): { spec: CommandSpec; rest: string[] } | undefined {
  const words = argv.filter((a) => !a.startsWith('-'));
  let best: CommandSpec | undefined;
  for (const spec of commands) {
    if (spec.words.every((w, i) => words[i] === w) && (!best || spec.words.length > best.words.length)) best = spec;
  }
  if (!best) return undefined;
  const rest = [...argv];
  for (const w of best.words) rest.splice(rest.indexOf(w), 1);
  return { spec: best, rest };
}
