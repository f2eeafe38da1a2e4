// CLI commands for the evidence register: list it (text or CSV), describe an entry, add an interview or
// observation note.
import type { Response } from '../api/contract';
import { path0, str } from './args';
import type { CommandSpec, ParsedArgs } from './commands';
import { csvRow } from './csv';

type Entry = Response<'evidence.list'>[number];

const describeOptions = {
  type: { type: 'string' },
  title: { type: 'string' },
  version: { type: 'string' },
  purpose: { type: 'string' },
  'revision-date': { type: 'string' },
  'sample-set': { type: 'string' },
  procedure: { type: 'string' },
  note: { type: 'string' },
} as const;

/** Only the options given; an empty value clears the field. */
function patchFrom(v: ParsedArgs['values']): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  const map: Record<string, string> = {
    type: 'type',
    title: 'title',
    version: 'version',
    purpose: 'purpose',
    'revision-date': 'revisionDate',
    'sample-set': 'sampleSet',
    procedure: 'procedure',
    note: 'note',
  };
  for (const [option, field] of Object.entries(map)) {
    const value = str(v[option]);
    if (value !== undefined) out[field] = value === '' && field !== 'title' && field !== 'type' ? null : value;
  }
  return out;
}

function line(e: Entry): string {
  const what = e.file ? `${e.file.name} (${e.file.role}, ${e.file.sha256.slice(0, 12)}…)` : (e.note ?? '').slice(0, 80);
  const extra = [e.version && `v${e.version}`, e.procedure, e.sampleSet && `sample ${e.sampleSet}`]
    .filter(Boolean)
    .join(', ');
  return `${e.ref}  ${e.type.padEnd(11)} ${e.title}${extra ? ` [${extra}]` : ''}  — ${what}  (${e.collectedOn.slice(0, 10)}, ${e.collectedBy})`;
}

const columns = [
  'ref',
  'type',
  'title',
  'version',
  'purpose',
  'revision_date',
  'collected_on',
  'collected_by',
  'file',
  'sha256',
  'procedure',
  'sample_set',
  'note',
];

function csv(entries: Entry[]): string {
  let out = csvRow(columns);
  for (const e of entries) {
    out += csvRow([
      e.ref,
      e.type,
      e.title,
      e.version,
      e.purpose,
      e.revisionDate,
      e.collectedOn,
      e.collectedBy,
      e.file?.name ?? null,
      e.file?.sha256 ?? null,
      e.procedure,
      e.sampleSet,
      e.note,
    ]);
  }
  // The CLI ends what a command renders with '\n': leave the '\r' so every row ends in CRLF.
  return out.replace(/\n$/, '');
}

export const evidenceCommands: CommandSpec[] = [
  {
    words: ['evidence'],
    usage: 'portcullis evidence <file.portcullis> [--csv]',
    summary: 'the evidence register: every stored file and note with its reference (E-001…), type and purpose',
    options: { csv: { type: 'boolean' } },
    minArgs: 1,
    maxArgs: 1,
    channel: 'evidence.list',
    request: (a) => ({ path: path0(a) }),
    render: (v, a) => {
      const entries = v as Entry[];
      if (a.values.csv === true) return csv(entries);
      return entries.length === 0 ? 'No evidence yet.' : entries.map(line).join('\n');
    },
  },
  {
    words: ['evidence', 'set'],
    usage:
      'portcullis evidence set <file.portcullis> <E-nnn> [--type document|system|interview|observation] [--title T] [--version V] [--purpose P] [--revision-date YYYY-MM-DD] [--procedure 1.2.6.a|1.2.6.b] [--sample-set S] [--note N]',
    summary: 'describe an evidence entry as the Report on Compliance lists it (an empty value clears a field)',
    options: describeOptions,
    minArgs: 2,
    maxArgs: 2,
    channel: 'evidence.update',
    request: (a) => ({ path: path0(a), ref: a.positionals[1] ?? '', patch: patchFrom(a.values) }),
    render: (v) => line(v as Entry),
  },
  {
    words: ['evidence', 'note'],
    usage:
      'portcullis evidence note <file.portcullis> --type interview|observation --title T --note N [--procedure 1.2.6.a|1.2.6.b] [--sample-set S]',
    summary: 'record an interview (roles, topics) or an observation as evidence without a file',
    options: describeOptions,
    minArgs: 1,
    maxArgs: 1,
    channel: 'evidence.note',
    request: (a) => {
      const p = patchFrom(a.values);
      return {
        path: path0(a),
        entry: {
          type: p.type ?? '',
          title: p.title ?? '',
          note: p.note ?? '',
          ...(p.procedure !== undefined ? { procedure: p.procedure } : {}),
          ...(p.sampleSet !== undefined ? { sampleSet: p.sampleSet } : {}),
        },
      };
    },
    render: (v) => line(v as Entry),
  },
];
