// Long-running jobs (adding files, re-hashing) as the user sees them. The store listens to the core's
// job events once for the whole app; a job stays listed after it finishes, with its last progress and
// outcome, until the user dismisses it.
import { create } from 'zustand';
import type { JobChannel, PortcullisEvent, Reply } from '../../../src-main/api/contract';

/** The events about jobs (menu commands are handled in commands.ts). */
type JobEvent = Exclude<PortcullisEvent, { type: 'menu' }>;
import { call, messageOf, onEvent } from '../api/client';
import { baseName, formatBytes, formatCount } from '../format';
import { useEngagementStore } from './engagement-store';

export type JobStatus = 'running' | 'succeeded' | 'warning' | 'failed' | 'cancelled';

export interface JobView {
  jobId: string;
  channel: JobChannel;
  /** The engagement the job works on, once the reply that started it has arrived. */
  path: string | null;
  label: string;
  done: number;
  total: number | null;
  phase: string;
  status: JobStatus;
  message: string | null;
  /** What a job that succeeded answered (an import's per-file outcomes, for instance); null until then. */
  value: unknown;
  cancelling: boolean;
}

interface JobsState {
  jobs: Record<string, JobView>;
  order: string[];
  /** Records a job the renderer started; events may already have arrived for it. */
  track(jobId: string, channel: JobChannel, path: string, label: string): void;
  apply(event: JobEvent): void;
  cancel(jobId: string): Promise<void>;
  dismiss(jobId: string): void;
}

const defaultLabel: Record<JobChannel, string> = {
  'file.add': 'Adding files',
  'file.verify': 'Re-hashing stored files',
  'import.files': 'Importing files',
  'export.package': 'Writing the signed evidence package',
  'export.report': 'Writing the PDF report',
  'package.verify': 'Verifying the package',
};

function blank(jobId: string, channel: JobChannel): JobView {
  return {
    jobId,
    channel,
    path: null,
    label: defaultLabel[channel],
    done: 0,
    total: null,
    phase: 'Starting',
    status: 'running',
    message: null,
    value: null,
    cancelling: false,
  };
}

const cancelledMessage: Record<JobChannel, string> = {
  'file.add': 'Cancelled. Nothing was stored.',
  'file.verify': 'Cancelled. Nothing was changed.',
  // Each file is imported whole or not at all; files finished before the cancel stay imported.
  'import.files': 'Cancelled. Nothing was imported from the file in progress or any after it.',
  'export.package': 'Cancelled. No package was written.',
  'export.report': 'Cancelled. No report was written.',
  'package.verify': 'Cancelled. The package was not verified.',
};

function outcome(channel: JobChannel, reply: Reply<unknown>): Pick<JobView, 'status' | 'message' | 'value'> {
  if (!reply.ok) {
    if (reply.error.code === 'CANCELLED')
      return { status: 'cancelled', message: cancelledMessage[channel], value: null };
    return { status: 'failed', message: reply.error.message, value: null };
  }
  return { ...describe(channel, reply.value), value: reply.value };
}

function describe(channel: JobChannel, value: unknown): Pick<JobView, 'status' | 'message'> {
  if (channel === 'file.add' && Array.isArray(value)) {
    const files = value as { size?: unknown }[];
    const bytes = files.reduce((sum, f) => sum + (typeof f.size === 'number' ? f.size : 0), 0);
    return { status: 'succeeded', message: `Added ${formatCount(files.length, 'file')} (${formatBytes(bytes)}).` };
  }
  if (channel === 'file.verify' && typeof value === 'object' && value !== null) {
    const r = value as { checked: number; bytes: number; bad: { sha256: string; actual: string }[] };
    const what = `Re-hashed ${formatCount(r.checked, 'stored file')} (${formatBytes(r.bytes)})`;
    if (r.bad.length === 0) return { status: 'succeeded', message: `${what}: every file matches its SHA-256.` };
    const names = r.bad.map((b) => `${b.sha256} (now ${b.actual})`).join('; ');
    return { status: 'warning', message: `${what}: ${formatCount(r.bad.length, 'file')} no longer match: ${names}` };
  }
  if (channel === 'import.files' && Array.isArray(value)) {
    const outcomes = value as { ok: boolean }[];
    const imported = outcomes.filter((o) => o.ok).length;
    const message = `Imported ${imported} of ${formatCount(outcomes.length, 'file')}.`;
    return { status: imported === outcomes.length ? 'succeeded' : 'warning', message };
  }
  if (channel === 'export.package' && typeof value === 'object' && value !== null) {
    const r = value as { out: string; bytes: number; signer: { subject: string } };
    return {
      status: 'succeeded',
      message: `Wrote ${baseName(r.out)} (${formatBytes(r.bytes)}), signed by ${r.signer.subject}.`,
    };
  }
  if (channel === 'export.report' && typeof value === 'object' && value !== null) {
    const r = value as { out: string; bytes: number; pages: number; signer: string | null };
    const signed = r.signer === null ? 'not signed' : `signed by ${r.signer}`;
    return {
      status: 'succeeded',
      message: `Wrote ${baseName(r.out)} (${formatBytes(r.bytes)}, ${formatCount(r.pages, 'page')}), ${signed}.`,
    };
  }
  if (channel === 'package.verify' && typeof value === 'object' && value !== null) {
    // The verify view shows the verdict itself; this line is only its summary.
    const r = value as { path: string; valid: boolean; trusted: boolean };
    const verdict = !r.valid ? 'not valid' : r.trusted ? 'valid and trusted' : 'valid, signer not trusted';
    return { status: r.valid ? 'succeeded' : 'warning', message: `Verified ${baseName(r.path)}: ${verdict}.` };
  }
  return { status: 'succeeded', message: 'Finished.' };
}

export const useJobsStore = create<JobsState>((set, get) => ({
  jobs: {},
  order: [],

  track(jobId, channel, path, label) {
    set((s) => {
      const existing = s.jobs[jobId] ?? blank(jobId, channel);
      return {
        jobs: { ...s.jobs, [jobId]: { ...existing, path, label } },
        order: s.order.includes(jobId) ? s.order : [...s.order, jobId],
      };
    });
  },

  apply(event) {
    const { jobId, channel } = event;
    set((s) => {
      const job = s.jobs[jobId] ?? blank(jobId, channel);
      const next: JobView =
        event.type === 'job.progress'
          ? job.status === 'running'
            ? { ...job, done: event.done, total: event.total, phase: event.phase }
            : job
          : {
              ...job,
              ...outcome(channel, event.reply),
              // A finished job shows a full bar, so the last thing seen is its end rather than a stale value.
              ...(event.reply.ok ? { done: job.total ?? 1, total: job.total ?? 1, phase: 'Done' } : {}),
              cancelling: false,
            };
      return {
        jobs: { ...s.jobs, [jobId]: next },
        order: s.order.includes(jobId) ? s.order : [...s.order, jobId],
      };
    });
    // Verifying a package reads only the zip: the open engagement did not change.
    if (event.type === 'job.finished' && event.reply.ok && channel !== 'package.verify') {
      void useEngagementStore.getState().refresh();
    }
  },

  async cancel(jobId) {
    const job = get().jobs[jobId];
    if (!job || job.status !== 'running') return;
    set((s) => ({ jobs: { ...s.jobs, [jobId]: { ...job, cancelling: true } } }));
    try {
      await call('job.cancel', { jobId });
    } catch (err) {
      set((s) => {
        const current = s.jobs[jobId];
        return current
          ? { jobs: { ...s.jobs, [jobId]: { ...current, cancelling: false, message: messageOf(err) } } }
          : s;
      });
    }
  },

  dismiss(jobId) {
    set((s) => {
      const jobs = { ...s.jobs };
      delete jobs[jobId];
      return { jobs, order: s.order.filter((id) => id !== jobId) };
    });
  },
}));

/** Resolves once the job has finished, with how it finished (null if it was dismissed first). */
export function whenFinished(jobId: string): Promise<JobView | null> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const job = useJobsStore.getState().jobs[jobId];
      if (job && job.status === 'running') return false;
      resolve(job ?? null);
      return true;
    };
    if (check()) return;
    const unsubscribe = useJobsStore.subscribe(() => {
      if (check()) unsubscribe();
    });
  });
}

let unsubscribe: (() => void) | null = null;

/** Subscribes the jobs store to the core's events; call once at start-up. */
export function subscribeToJobEvents(): void {
  if (unsubscribe) return;
  unsubscribe = onEvent((event) => {
    if (event.type !== 'menu') useJobsStore.getState().apply(event);
  });
}
