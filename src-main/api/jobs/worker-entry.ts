// Entry of a job worker thread: runs one job handler and reports progress and the result to its parent.
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../core/model/errors';
import type { JobChannel, ParsedRequest } from '../contract';
import { jobHandlers, type JobContext } from './job-handlers';
import type { WorkerCommand, WorkerReport, WorkerStart } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-entry must run as a worker thread');
const start = workerData as WorkerStart;
const controller = new AbortController();
port.on('message', (msg: WorkerCommand) => {
  if (msg.type === 'cancel') controller.abort();
});

const send = (report: WorkerReport) => port.postMessage(report);
const ctx: JobContext = {
  actor: start.actor,
  now: () => new Date().toISOString(),
  signal: controller.signal,
  progress: (done, total, phase) => send({ type: 'progress', done, total, phase }),
};

const handler = jobHandlers[start.channel] as (r: ParsedRequest<JobChannel>, c: JobContext) => Promise<unknown>;
handler(start.request as ParsedRequest<JobChannel>, ctx)
  .then(
    (value) => send({ type: 'finished', reply: { ok: true, value } }),
    (err: unknown) => send({ type: 'finished', reply: { ok: false, error: toErrorInfo(err) } }),
  )
  .finally(() => port.close());
