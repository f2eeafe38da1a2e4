// The package being verified: the zip and the CA certificate chosen in the open dialog, and the last
// verdict. A package is verified as soon as it is chosen, and again when the CA changes or on request
// (a file on disk may have changed since). Verifying is a job, tracked in the jobs store under the
// package's path (there may be no engagement open), so the view shows its progress and a Cancel button.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { PackageVerdict } from '../api/types';
import { baseName } from '../format';
import { useJobsStore, whenFinished } from './jobs-store';

interface VerifyState {
  pkg: string | null;
  ca: string | null;
  verdict: PackageVerdict | null;
  verifying: boolean;
  error: string | null;
  choosePackage(): Promise<void>;
  chooseCa(): Promise<void>;
  clearCa(): Promise<void>;
  verify(): Promise<void>;
}

async function chooseOne(title: string): Promise<string | null> {
  const { paths } = await call('dialog.openFiles', { title });
  return paths[0] ?? null;
}

// A newer verification makes the answer of an older one stale: the older job is cancelled and dropped.
let verifySeq = 0;
let currentJob: string | null = null;

/** A running job is cancelled and dismissed once it stops (its last event would list it again). */
function dropJob(jobId: string | null): void {
  if (jobId === null) return;
  const jobs = useJobsStore.getState();
  if (jobs.jobs[jobId]?.status !== 'running') {
    jobs.dismiss(jobId);
    return;
  }
  void jobs.cancel(jobId);
  void whenFinished(jobId).then(() => useJobsStore.getState().dismiss(jobId));
}

export const useVerifyStore = create<VerifyState>((set, get) => ({
  pkg: null,
  ca: null,
  verdict: null,
  verifying: false,
  error: null,

  async choosePackage() {
    try {
      const chosen = await chooseOne('Choose an evidence package (.zip) to verify');
      if (chosen === null) return;
      set({ pkg: chosen, verdict: null });
      await get().verify();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async chooseCa() {
    try {
      const chosen = await chooseOne('Choose the CA certificate you trust (.pem)');
      if (chosen === null) return;
      set({ ca: chosen });
      if (get().pkg) await get().verify();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async clearCa() {
    set({ ca: null });
    if (get().pkg) await get().verify();
  },

  async verify() {
    const { pkg, ca } = get();
    if (!pkg) return;
    const seq = ++verifySeq;
    dropJob(currentJob);
    currentJob = null;
    set({ verifying: true, error: null });
    try {
      const { jobId } = await call('package.verify', { package: pkg, ...(ca ? { ca } : {}) });
      useJobsStore.getState().track(jobId, 'package.verify', pkg, `Verifying ${baseName(pkg)}`);
      if (seq !== verifySeq) {
        dropJob(jobId);
        return;
      }
      currentJob = jobId;
      const job = await whenFinished(jobId);
      if (seq !== verifySeq) return;
      if (job?.status === 'cancelled') {
        // The job card stays, saying it was cancelled, until dismissed or the next verification.
        set({ verdict: null, verifying: false });
        return;
      }
      currentJob = null;
      useJobsStore.getState().dismiss(jobId);
      if (job && (job.status === 'succeeded' || job.status === 'warning')) {
        set({ verdict: job.value as PackageVerdict, verifying: false });
      } else {
        set({ verdict: null, verifying: false, error: job?.message ?? 'the verification stopped' });
      }
    } catch (err) {
      if (seq === verifySeq) set({ verdict: null, verifying: false, error: messageOf(err) });
    }
  },
}));
