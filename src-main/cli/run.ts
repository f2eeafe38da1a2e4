// Runs one CLI invocation over the handler table and returns the exit status: 0 done, 1 the command
// failed (one line on stderr says why), 2 the command line itself was wrong.
import { homedir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { contract, type JobResult, type PortcullisEvent } from '../api/contract';
import { fileCheckMemo } from '../api/check-memo';
import { createHandlerTable } from '../api/handlers';
import type { Host } from '../api/host';
import { WorkerJobRunner, defaultWorkerUrl, type JobRunner } from '../api/jobs/job-runner';
import { PortcullisError } from '../core/model/errors';
import { APP_VERSION } from '../core/model/version';
import { commands, findCommand, type CommandSpec, type ParsedArgs } from './commands';
import type { CliIo } from './io';
import { progressPrinter } from './progress';

export interface RunOptions {
  /** Supplies the job runner (tests may run jobs inline); defaults to worker threads. */
  jobs?: (emit: (e: PortcullisEvent) => void) => JobRunner;
  /** Aborting cancels a running job (Ctrl-C). */
  signal?: AbortSignal;
}

const globalOptions = {
  json: { type: 'boolean' },
  actor: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.words.join(' ').length));
  return [
    `Portcullis ${APP_VERSION}: evidence binder for PCI DSS v4.0.1 Requirement 1.2.6`,
    '',
    'Usage: portcullis <command> [arguments] [--json] [--actor NAME]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.words.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    '  --json        print the result as JSON on stdout (errors too), no progress line',
    '  --actor NAME  who is acting, recorded in the audit log (default: $PORTCULLIS_ACTOR or your user name)',
    '  -h, --help    show the usage of a command',
    '',
    'Exit status: 0 done; 1 failed (or a verification found a problem); 2 wrong command line.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIo, opts: RunOptions = {}): Promise<number> {
  const fail = (status: number, message: string, json: boolean, code = 'INVALID_REQUEST'): number => {
    if (json) io.stdout(`${JSON.stringify({ ok: false, error: { code, message } })}\n`);
    io.stderr(`portcullis: error: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return status;
  };
  const wantsJson = argv.includes('--json');
  if (argv.length === 0 || (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help'))) {
    io.stdout(`${helpText()}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv[0] === '--version' || argv[0] === 'version') {
    io.stdout(wantsJson ? `${JSON.stringify({ version: APP_VERSION })}\n` : `${APP_VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const word = argv.find((a) => !a.startsWith('-')) ?? argv[0];
    return fail(2, `unknown command "${word}"; run "portcullis --help" for the list`, wantsJson);
  }
  const { spec, rest } = found;
  let args: ParsedArgs;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...spec.options, ...globalOptions },
      allowPositionals: true,
      strict: true,
    });
    args = { positionals: parsed.positionals, values: parsed.values as ParsedArgs['values'] };
  } catch (err) {
    return fail(2, `${(err as Error).message.split('\n')[0]}; usage: ${spec.usage}`, wantsJson);
  }
  if (args.values.help) {
    io.stdout(`Usage: ${spec.usage}\n${spec.summary}\n`);
    return 0;
  }
  const json = args.values.json === true;
  if (args.positionals.length < spec.minArgs || args.positionals.length > spec.maxArgs) {
    return fail(2, `wrong number of arguments; usage: ${spec.usage}`, json);
  }

  const progress = progressPrinter(io, io.isTty && !json);
  const emit = (e: PortcullisEvent) => progress.onEvent(e);
  const actorOpt = args.values.actor;
  const host: Host = {
    face: 'cli',
    actor: (typeof actorOpt === 'string' && actorOpt) || io.env.PORTCULLIS_ACTOR || safeUserName(),
    baseDir: io.cwd,
    identityDir: identityDir(io.env),
    // Each command is a new process: remember which files passed their check (beside the identities).
    checkMemo: fileCheckMemo(join(dirname(identityDir(io.env)), 'checked-files.json')),
    now: () => new Date().toISOString(),
    dialogs: {
      openFiles: () =>
        Promise.reject(new PortcullisError('FORBIDDEN', 'there are no file dialogs on the command line')),
      saveFile: () => Promise.reject(new PortcullisError('FORBIDDEN', 'there are no file dialogs on the command line')),
    },
    mayAccess: () => true,
    grant: () => undefined,
    emit,
  };
  const runner = opts.jobs ? opts.jobs(emit) : new WorkerJobRunner(emit, defaultWorkerUrl());
  const table = createHandlerTable(host, runner);
  try {
    let request: unknown;
    try {
      request = await spec.request(args, io.cwd, io);
    } catch (err) {
      // Reading an input the command names (e.g. a JSON file) failed before anything was asked of the core.
      return fail(1, (err as Error).message, json, 'INVALID_REQUEST');
    }
    let reply;
    if (contract[spec.channel].kind === 'job') {
      const started = await table.startJob(spec.channel as 'file.add', request);
      if (!started.ok) {
        reply = started;
      } else {
        const cancel = () => table.invoke('job.cancel', { jobId: started.value.jobId });
        opts.signal?.addEventListener('abort', cancel, { once: true });
        reply = await started.value.done;
        opts.signal?.removeEventListener('abort', cancel);
      }
    } else if (spec.compose) {
      reply = await spec.compose(args, (channel, req) => table.invoke(channel, req), io.cwd);
    } else if (spec.csvPage && args.values.csv === true) {
      return await writeCsvPages(table, spec, request, io, json);
    } else {
      reply = await table.invoke(spec.channel, request);
    }
    progress.clear();
    if (!reply.ok) return fail(1, reply.error.message, json, reply.error.code);
    if (spec.channel === 'import.files') {
      // A host listing imported without --host: say how to give the name on the command line.
      for (const o of reply.value as JobResult<'import.files'>) {
        if (!o.ok && o.error.code === 'NEEDS_HOST_NAME') o.error.message += ' with --host NAME';
      }
    }
    io.stdout(json ? `${JSON.stringify(reply.value, null, 2)}\n` : `${spec.render(reply.value, args)}\n`);
    return spec.exitCode?.(reply.value) ?? 0;
  } finally {
    await table.close();
  }
}

/** Fetches every page of a paged query and writes it as CSV as it comes, so memory stays flat. */
async function writeCsvPages(
  table: ReturnType<typeof createHandlerTable>,
  spec: CommandSpec,
  request: unknown,
  io: CliIo,
  json: boolean,
): Promise<number> {
  const base = request as Record<string, unknown>;
  const pageSize = 1000;
  let offset = 0;
  for (;;) {
    const reply = await table.invoke(spec.channel, { ...base, offset, limit: pageSize });
    if (!reply.ok) {
      const message = reply.error.message.replace(/\s*\n\s*/g, ' ');
      if (json) io.stdout(`${JSON.stringify(reply)}\n`);
      io.stderr(`portcullis: error: ${message}\n`);
      return 1;
    }
    const page = reply.value as { total: number; rows: unknown[] };
    io.stdout(spec.csvPage!(page, offset === 0));
    offset += page.rows.length;
    if (page.rows.length === 0 || offset >= page.total) return 0;
  }
}

/** $PORTCULLIS_HOME/identities, else ~/.config/portcullis/identities (XDG_CONFIG_HOME respected). */
export function identityDir(env: Record<string, string | undefined>): string {
  if (env.PORTCULLIS_HOME) return join(env.PORTCULLIS_HOME, 'identities');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'portcullis', 'identities');
}

function safeUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
