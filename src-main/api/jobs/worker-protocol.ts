// Messages between the job runner and its worker threads.
import type { JobChannel, Reply } from '../contract';

export interface WorkerStart {
  jobId: string;
  channel: JobChannel;
  request: unknown;
  actor: string;
}

export type WorkerReport =
  { type: 'progress'; done: number; total: number | null; phase: string } | { type: 'finished'; reply: Reply<unknown> };

export type WorkerCommand = { type: 'cancel' };
