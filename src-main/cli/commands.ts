// Every CLI command: its words, options, the channel it calls with which request, and how its answer is
// shown to a person. The CLI adds nothing of its own: it is a face over the handler table.
import type { Channel, JobResult, Reply, Response } from '../api/contract';
import { path0, str } from './args';
import { evidenceCommands } from './commands-evidence';
import { inventoryCommands } from './commands-inventory';
import { reviewCommands } from './commands-review';
import { testplanCommands } from './commands-testplan';
import { ticketCommands } from './commands-tickets';
import { reconcileCommands } from './commands-reconcile';
import { driftCommands } from './commands-drift';
import { standardCommands } from './commands-standard';
import { csvRow } from './csv';
import { exportCommands } from './commands-export';
import { reportCommands } from './commands-report';
import { sampleCommands } from './commands-sample';
import type { CliIo } from './io';
import {
  formatEntries,
  formatFiles,
  formatFormats,
  formatImports,
  formatInfo,
  formatNotes,
  formatObservationPage,
  formatOutcomes,
  formatReach,
  formatRules,
  formatVerdict,
} from './format';

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
  /**
   * Builds the request; `cwd` resolves files the command itself reads (e.g. a JSON document). May ask
   * the terminal (`io`) for a passphrase, hence may be async.
   */
  request(args: ParsedArgs, cwd: string, io: CliIo): unknown;
  render(value: unknown, args: ParsedArgs): string;
  /** Commands that need more than one call (e.g. reach over every device) build their reply here. */
  compose?(
    args: ParsedArgs,
    invoke: (channel: Channel, request: unknown) => Promise<Reply<unknown>>,
    cwd: string,
  ): Promise<Reply<unknown>>;
  /** With --csv: the command is fetched page by page and each page written as CSV (header first). */
  csvPage?(value: unknown, first: boolean): string;
  /** Exit status for a successful reply that still reports a failure (e.g. a broken audit chain). */
  exitCode?(value: unknown): number;
}

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
  {
    words: ['formats'],
    usage: 'portcullis formats',
    summary: 'list every import format and how it is detected',
    options: {},
    minArgs: 0,
    maxArgs: 0,
    channel: 'format.list',
    request: () => ({}),
    render: (v) => formatFormats(v as Response<'format.list'>),
  },
  {
    words: ['import'],
    usage:
      'portcullis import <file.portcullis> <input>... [--format ID] [--host NAME] [--column "File column=field"]...',
    summary:
      'import scan results, host listener inventories, rulebases or change tickets (format auto-detected); one transaction per file',
    options: { format: { type: 'string' }, host: { type: 'string' }, column: { type: 'string', multiple: true } },
    minArgs: 2,
    maxArgs: 1000,
    channel: 'import.files',
    request: (a) => {
      const cols = a.values.column;
      const columns = Array.isArray(cols)
        ? Object.fromEntries(
            cols.map((c) => {
              const eq = c.lastIndexOf('=');
              return eq < 0 ? [c, ''] : [c.slice(0, eq), c.slice(eq + 1)];
            }),
          )
        : null;
      return {
        path: path0(a),
        sources: a.positionals.slice(1),
        ...(str(a.values.format) !== undefined ? { format: str(a.values.format) } : {}),
        ...(str(a.values.host) !== undefined ? { hostName: str(a.values.host) } : {}),
        ...(columns ? { columns } : {}),
      };
    },
    render: (v) => formatOutcomes(v as JobResult<'import.files'>),
    exitCode: (v) => ((v as JobResult<'import.files'>).every((o) => o.ok) ? 0 : 1),
  },
  {
    words: ['imports'],
    usage: 'portcullis imports <file.portcullis>',
    summary: 'list imports with format, parser version and counts',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'import.list',
    request: (a) => ({ path: path0(a) }),
    render: (v) => formatImports(v as Response<'import.list'>),
  },
  {
    words: ['notes'],
    usage: 'portcullis notes <file.portcullis> <import-id> [--offset N] [--limit N]',
    summary: "show an import's parse coverage: what the parser skipped or did not understand, with positions",
    options: { offset: { type: 'string' }, limit: { type: 'string' } },
    minArgs: 2,
    maxArgs: 2,
    channel: 'import.notes',
    request: (a) => ({
      path: path0(a),
      importId: Number(a.positionals[1]),
      ...(str(a.values.offset) !== undefined ? { offset: Number(str(a.values.offset)) } : {}),
      ...(str(a.values.limit) !== undefined ? { limit: Number(str(a.values.limit)) } : {}),
    }),
    render: (v) => formatNotes(v as Response<'import.notes'>),
  },
  {
    words: ['observations'],
    usage:
      'portcullis observations <file.portcullis> [--csv] [--filter key=value]... [--host IP] [--port N] [--proto P] [--state S] [--service NAME] [--text T] [--import ID] [--sort COL] [--limit N] [--offset N]',
    summary: 'list normalised observations (services/ports seen), filtered; --csv writes all matching rows',
    options: {
      csv: { type: 'boolean' },
      filter: { type: 'string', multiple: true },
      host: { type: 'string' },
      port: { type: 'string' },
      proto: { type: 'string' },
      state: { type: 'string' },
      service: { type: 'string' },
      text: { type: 'string' },
      import: { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'observation.query',
    request: (a) => ({
      path: path0(a),
      filter: observationFilter(a.values),
      ...(str(a.values.sort) !== undefined ? { sort: str(a.values.sort) } : {}),
      ...(str(a.values.limit) !== undefined ? { limit: Number(str(a.values.limit)) } : {}),
      ...(str(a.values.offset) !== undefined ? { offset: Number(str(a.values.offset)) } : {}),
    }),
    render: (v) => formatObservationPage(v as Response<'observation.query'>),
    csvPage: observationsCsv,
  },
  {
    words: ['rules'],
    usage: 'portcullis rules <file.portcullis> [--device D] [--ruleset R] [--import ID] [--limit N] [--offset N]',
    summary: 'list imported rules in evaluation order, with expanded sources, destinations and ports',
    options: {
      device: { type: 'string' },
      ruleset: { type: 'string' },
      import: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'rule.list',
    request: (a) => ({
      path: path0(a),
      ...(str(a.values.device) !== undefined ? { device: str(a.values.device) } : {}),
      ...(str(a.values.ruleset) !== undefined ? { ruleset: str(a.values.ruleset) } : {}),
      ...(str(a.values.import) !== undefined ? { importId: Number(str(a.values.import)) } : {}),
      ...(str(a.values.limit) !== undefined ? { limit: Number(str(a.values.limit)) } : {}),
      ...(str(a.values.offset) !== undefined ? { offset: Number(str(a.values.offset)) } : {}),
    }),
    render: (v) => formatRules(v as Response<'rule.list'>),
  },
  {
    words: ['reach'],
    usage:
      'portcullis reach <file.portcullis> --to ADDRESS --port PORT[/PROTO] [--device D] [--entry RULESET]... [--all-entries] [--direction in|out] [--in-interface IF] [--from-zone Z] [--to-zone Z] [--import ID]',
    summary: 'which sources the imported rules admit to a destination, by which rule lines, and how permissive',
    options: {
      to: { type: 'string' },
      port: { type: 'string' },
      proto: { type: 'string' },
      device: { type: 'string' },
      entry: { type: 'string', multiple: true },
      import: { type: 'string' },
      direction: { type: 'string' },
      'all-entries': { type: 'boolean' },
      'in-interface': { type: 'string' },
      'from-zone': { type: 'string' },
      'to-zone': { type: 'string' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'rule.reach',
    request: (a) => reachRequest(a, str(a.values.device) ?? ''),
    compose: async (a, invoke) => {
      const device = str(a.values.device);
      if (device !== undefined) {
        const one = await invoke('rule.reach', reachRequest(a, device));
        return one.ok ? { ok: true, value: [one.value] } : one;
      }
      // No device named: answer for the latest import of every device.
      const devices = await invoke('rule.devices', { path: path0(a) });
      if (!devices.ok) return devices;
      const latest = new Map<string, number>();
      for (const d of devices.value as Response<'rule.devices'>)
        latest.set(d.device, Math.max(latest.get(d.device) ?? 0, d.importId));
      if (latest.size === 0)
        return {
          ok: false,
          error: { code: 'NOT_FOUND', message: 'no rulebase has been imported into this engagement' },
        };
      const results: unknown[] = [];
      for (const [name, importId] of latest) {
        const r = await invoke('rule.reach', { ...reachRequest(a, name), importId });
        if (!r.ok) return r;
        results.push(r.value);
      }
      return { ok: true, value: results };
    },
    render: (v) => formatReach(v as Response<'rule.reach'>[]),
  },
  ...standardCommands,
  ...inventoryCommands,
  ...reviewCommands,
  ...testplanCommands,
  ...evidenceCommands,
  ...ticketCommands,
  ...exportCommands,
  ...reportCommands,
  ...reconcileCommands,
  ...driftCommands,
  ...sampleCommands,
];

/** --port 23/tcp (or --port 23 --proto tcp) and the rest of a reach request for one device. */
function reachRequest(a: ParsedArgs, device: string): Record<string, unknown> {
  const portText = str(a.values.port);
  const [port, protoInPort] = portText === undefined ? [undefined, undefined] : portText.split('/', 2);
  const entries = a.values.entry;
  return {
    path: path0(a),
    device,
    destination: str(a.values.to) ?? '',
    proto: (protoInPort ?? str(a.values.proto) ?? 'tcp').toLowerCase(),
    ...(port !== undefined ? { port: Number(port) } : {}),
    ...(Array.isArray(entries) ? { entry: entries } : {}),
    ...(str(a.values.import) !== undefined ? { importId: Number(str(a.values.import)) } : {}),
    ...(str(a.values.direction) !== undefined ? { direction: str(a.values.direction) } : {}),
    ...(a.values['all-entries'] === true ? { combine: 'all' } : {}),
    ...(str(a.values['in-interface']) !== undefined ? { inInterface: str(a.values['in-interface']) } : {}),
    ...(str(a.values['from-zone']) !== undefined ? { fromZone: str(a.values['from-zone']) } : {}),
    ...(str(a.values['to-zone']) !== undefined ? { toZone: str(a.values['to-zone']) } : {}),
  };
}

const observationColumns = [
  'host_ip',
  'host_names',
  'proto',
  'port',
  'state',
  'reason',
  'service',
  'product',
  'version',
  'extra_info',
  'tunnel',
  'cpes',
  'facts',
  'process',
  'bind_address',
  'seen_at',
  'import_id',
] as const;

function observationsCsv(value: unknown, first: boolean): string {
  const page = value as Response<'observation.query'>;
  const out = first ? [csvRow(observationColumns)] : [];
  for (const o of page.rows) {
    out.push(
      csvRow([
        o.hostIp,
        o.hostNames.join(' '),
        o.proto,
        o.port,
        o.state,
        o.reason,
        o.service,
        o.product,
        o.version,
        o.extraInfo,
        o.tunnel,
        o.cpes.join(' '),
        o.facts.map((f) => `${f.key}=${f.value}`).join('; '),
        o.process,
        o.bindAddress,
        o.seenAt,
        o.importId,
      ]),
    );
  }
  return out.join('');
}

const filterKeys = ['import', 'host', 'proto', 'port', 'state', 'service', 'text'] as const;

/** --filter key=value (repeatable) and the matching single options, into an observation filter. */
function observationFilter(values: ParsedArgs['values']): Record<string, string | number> {
  const filter: Record<string, string | number> = {};
  const raw = values.filter;
  const pairs = (Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []).map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? ['?', p] : [p.slice(0, eq), p.slice(eq + 1)];
  });
  for (const key of filterKeys) {
    const v = str(values[key]);
    if (v !== undefined) pairs.push([key, v]);
  }
  for (const [key, value] of pairs) {
    switch (key) {
      case 'import':
        filter.importId = Number(value);
        break;
      case 'port':
        filter.port = Number(value);
        break;
      case 'host':
        filter.hostIp = value!;
        break;
      case 'proto':
      case 'state':
      case 'service':
      case 'text':
        filter[key] = value!;
        break;
      default:
        // Unknown keys go through as-is so the contract's schema names them in its error.
        filter[key!] = value!;
    }
  }
  return filter;
}

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
