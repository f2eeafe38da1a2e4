// Runs long work as jobs: each has an id, reports progress as events, can be cancelled, and ends with
// one `job.finished` event carrying its reply. The worker runner is what the faces use; the inline
// runner runs the same handlers on the calling thread (unit tests of the handler table).
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { toErrorInfo } from '../../core/model/errors';
import type { JobChannel, ParsedRequest, PortcullisEvent, Reply } from '../contract';
import type { JobContext } from './job-handlers';
import type { WorkerReport, WorkerStart } from './worker-protocol';

export interface StartedJob {
  jobId: string;
  done: Promise<Reply<unknown>>;
}

export interface JobRunner {
  start<C extends JobChannel>(channel: C, request: ParsedRequest<C>, actor: string): StartedJob;
  cancel(jobId: string): boolean;
  /** Cancels everything still running and waits for it to settle. */
  shutdown(): Promise<void>;
}

type Emit = (event: PortcullisEvent) => void;

/** Throttles progress to at most one event per `ms` per job, always letting the final value through. */
function throttledProgress(emit: Emit, jobId: string, channel: JobChannel, ms = 100) {
  let last = 0;
  return (done: number, total: number | null, phase: string) => {
    const now = Date.now();
    if (now - last < ms && (total === null || done < total)) return;
    last = now;
    emit({ type: 'job.progress', jobId, channel, done, total, phase });
  };
}

export class InlineJobRunner implements JobRunner {
  private readonly running = new Map<string, { controller: AbortController; done: Promise<Reply<unknown>> }>();

  constructor(
    private readonly emit: Emit,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  start<C extends JobChannel>(channel: C, request: ParsedRequest<C>, actor: string): StartedJob {
    const jobId = randomUUID();
    const controller = new AbortController();
    const ctx: JobContext = {
      actor,
      now: this.now,
      signal: controller.signal,
      progress: throttledProgress(this.emit, jobId, channel),
    };
    const done = (async (): Promise<Reply<unknown>> => {
      // Loaded on first use, so a face that runs jobs in workers never loads the job code (parsers, PDF).
      const { jobHandlers } = await import('./job-handlers');
      const handler = jobHandlers[channel] as (r: ParsedRequest<C>, c: JobContext) => Promise<unknown>;
      try {
        return { ok: true, value: await handler(request, ctx) };
      } catch (err) {
        return { ok: false, error: toErrorInfo(err) };
      }
    })().then((reply) => {
      this.running.delete(jobId);
      this.emit({ type: 'job.finished', jobId, channel, reply });
      return reply;
    });
    this.running.set(jobId, { controller, done });
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  async shutdown(): Promise<void> {
    const pending = [...this.running.values()];
    for (const j of pending) j.controller.abort();
    await Promise.all(pending.map((j) => j.done));
  }
}

/**
 * Where the worker entry lives. Built, this module is bundled into out/main beside job-worker.js; run
 * from source (tests), it sits beside worker-entry.ts, which the worker runs through tsx. The name is
 * a variable so the bundler leaves the URL alone.
 */
export function defaultWorkerUrl(): URL {
  const here = import.meta.url;
  const entry = here.endsWith('.ts') ? './worker-entry.ts' : './job-worker.js';
  return new URL(entry, here);
}

/**
 * Heap limits for the worker of a channel. The export streams gigabytes of stored files as 1 MiB buffers:
 * a small young generation collects them sooner, which keeps the process near its target (≤ 200 MB)
 * without costing throughput (see bench/export.ts).
 */
const workerLimits: Partial<Record<JobChannel, { maxYoungGenerationSizeMb: number }>> = {
  'export.package': { maxYoungGenerationSizeMb: 2 },
  // Imports make short-lived strings by the million: a small nursery keeps a 1M-port import's resident
  // set about 30 MB lower (217 MB against 250 MB) for about 2 % more time.
  'import.files': { maxYoungGenerationSizeMb: 4 },
};

export class WorkerJobRunner implements JobRunner {
  private readonly running = new Map<string, { worker: Worker; done: Promise<Reply<unknown>> }>();

  constructor(
    private readonly emit: Emit,
    private readonly workerUrl: URL,
    /** How long a cancelled worker may take to roll back before it is terminated. */
    private readonly cancelGraceMs = 10_000,
  ) {}

  start<C extends JobChannel>(channel: C, request: ParsedRequest<C>, actor: string): StartedJob {
    const jobId = randomUUID();
    const isTs = this.workerUrl.pathname.endsWith('.ts');
    const workerData: WorkerStart = { jobId, channel, request, actor };
    // From source (tests), the worker registers tsx's loader before importing the TypeScript entry.
    const worker = isTs
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(this.workerUrl.href)}); })`,
          { eval: true, workerData, resourceLimits: workerLimits[channel] },
        )
      : new Worker(fileURLToPath(this.workerUrl), { workerData, resourceLimits: workerLimits[channel] });
    const progress = throttledProgress(this.emit, jobId, channel);
    const done = new Promise<Reply<unknown>>((resolve) => {
      let settled = false;
      const finish = (reply: Reply<unknown>) => {
        if (settled) return;
        settled = true;
        resolve(reply);
      };
      worker.on('message', (msg: WorkerReport) => {
        if (msg.type === 'progress') progress(msg.done, msg.total, msg.phase);
        else finish(msg.reply);
      });
      worker.on('error', (err) => finish({ ok: false, error: toErrorInfo(err) }));
      worker.on('exit', (code) =>
        finish({
          ok: false,
          error: {
            code: 'CANCELLED',
            message: `the job stopped before it finished (exit ${code}); nothing was changed`,
          },
        }),
      );
    }).then((reply) => {
      this.running.delete(jobId);
      void worker.terminate();
      this.emit({ type: 'job.finished', jobId, channel, reply });
      return reply;
    });
    this.running.set(jobId, { worker, done });
    return { jobId, done };
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.worker.postMessage({ type: 'cancel' });
    const timer = setTimeout(() => void job.worker.terminate(), this.cancelGraceMs);
    timer.unref();
    void job.done.finally(() => clearTimeout(timer));
    return true;
  }

  async shutdown(): Promise<void> {
    const pending = [...this.running.entries()];
    for (const [id] of pending) this.cancel(id);
    await Promise.all(pending.map(([, j]) => j.done));
  }
}
