// Builds a handler table the way a face does, with a recording event sink, for unit tests.
import type { PortcullisEvent } from '../../src-main/api/contract';
import { createHandlerTable } from '../../src-main/api/handlers';
import { workspacePolicy, type Host } from '../../src-main/api/host';
import { InlineJobRunner, type JobRunner } from '../../src-main/api/jobs/job-runner';
import { fixedContext, tempDir } from './helpers';

export function tableFor(
  opts: {
    face?: Host['face'];
    open?: boolean;
    dialogPaths?: string[];
    /** What the save dialog answers (null = cancelled). */
    savePath?: string | null;
    runner?: (emit: (e: PortcullisEvent) => void) => JobRunner;
    /** Where signing identities are kept (default: a temp folder of its own). */
    identityDir?: string;
    /** The workspace (default: a temp folder removed after each test). */
    baseDir?: string;
    /** The shipped resources (default: the repository's resources/). */
    resourcesDir?: string;
    /** Where recent engagements are remembered (default: in memory). */
    recentFile?: string;
  } = {},
) {
  const baseDir = opts.baseDir ?? tempDir();
  const events: RecordedEvents = Object.assign([], { waiters: [] });
  const emit = (e: PortcullisEvent) => {
    events.push(e);
    for (const w of [...events.waiters]) w(e);
  };
  const ctx = fixedContext('table-user');
  const host: Host = {
    face: opts.face ?? 'harness',
    actor: ctx.actor,
    baseDir,
    identityDir: opts.identityDir ?? tempDir(),
    ...(opts.resourcesDir ? { resourcesDir: opts.resourcesDir } : {}),
    ...(opts.recentFile ? { recentFile: opts.recentFile } : {}),
    now: ctx.now,
    dialogs: {
      openFiles: async () => opts.dialogPaths ?? [],
      saveFile: async () => (opts.savePath === undefined ? null : opts.savePath),
    },
    ...(opts.open ? { mayAccess: () => true, grant: () => undefined } : workspacePolicy(baseDir)),
    emit,
  };
  const table = createHandlerTable(host, opts.runner ? opts.runner(emit) : new InlineJobRunner(emit, ctx.now));
  return { table, events, baseDir };
}

type Waiter = (e: PortcullisEvent) => void;
export type RecordedEvents = PortcullisEvent[] & { waiters: Waiter[] };

/** Resolves with the first recorded event (past or future) that matches. */
export function waitForEvent(events: RecordedEvents, match: (e: PortcullisEvent) => boolean): Promise<PortcullisEvent> {
  const seen = events.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const waiter: Waiter = (e) => {
      if (!match(e)) return;
      events.waiters.splice(events.waiters.indexOf(waiter), 1);
      resolve(e);
    };
    events.waiters.push(waiter);
  });
}

export async function finished(
  events: RecordedEvents,
  jobId: string,
): Promise<PortcullisEvent & { type: 'job.finished' }> {
  const e = await waitForEvent(events, (x) => x.type === 'job.finished' && x.jobId === jobId);
  return e as PortcullisEvent & { type: 'job.finished' };
}
