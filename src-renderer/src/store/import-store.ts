// The import panel: the files chosen (in the dialog, or dropped on the window), the format and host name
// to import them with, the job that imports them, and retries of files the core could not import without
// a host name. Kept in a store rather than in the component so switching tabs mid-import loses nothing.
// The jobs themselves, their progress and their answers, live in the jobs store like every other job.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { FormatInfo } from '../api/types';
import { formatCount } from '../format';
import { useJobsStore } from './jobs-store';

/** One import.files job started from the panel, with what it was asked to do. */
export interface ImportRun {
  jobId: string;
  sources: string[];
  format: string | null;
  hostName: string | null;
}

/** The format select's value for "let the core detect the format". */
export const DETECT = '';

interface ImportState {
  /** The engagement the panel imports into; null while the panel is closed. */
  path: string | null;
  sources: string[];
  /** A format id, or DETECT. */
  format: string;
  hostName: string;
  /** The job importing the chosen files, once started. */
  run: ImportRun | null;
  /** Later jobs re-importing one file each with a host name, by source path. */
  retries: Record<string, ImportRun>;
  retryErrors: Record<string, string>;
  starting: boolean;
  /** Why the job could not be started (the core's validation message, for instance). */
  error: string | null;
  formats: FormatInfo[] | null;
  formatsError: string | null;
  loadFormats(): Promise<void>;
  /** Opens the panel on newly chosen files; ignored while an import is running. */
  choose(path: string, sources: string[]): void;
  setFormat(format: string): void;
  setHostName(hostName: string): void;
  start(): Promise<void>;
  retryWithHostName(source: string, hostName: string): Promise<void>;
  /** Closes the panel and forgets its jobs. */
  close(): void;
  reset(): void;
}

function formatOf(formats: FormatInfo[] | null, id: string): FormatInfo | undefined {
  return id === DETECT ? undefined : formats?.find((f) => f.id === id);
}

function running(run: ImportRun | null | undefined): boolean {
  if (!run) return false;
  const job = useJobsStore.getState().jobs[run.jobId];
  return !job || job.status === 'running';
}

/** True while the panel is starting or running a job, when it must not be closed or replaced. */
export function isImportBusy(s: Pick<ImportState, 'starting' | 'run' | 'retries'>): boolean {
  return s.starting || running(s.run) || Object.values(s.retries).some(running);
}

const closed = {
  path: null,
  sources: [],
  format: DETECT,
  hostName: '',
  run: null,
  retries: {},
  retryErrors: {},
  starting: false,
  error: null,
};

export const useImportStore = create<ImportState>((set, get) => ({
  ...closed,
  formats: null,
  formatsError: null,

  async loadFormats() {
    if (get().formats) return;
    try {
      set({ formats: await call('format.list', {}), formatsError: null });
    } catch (err) {
      set({ formatsError: messageOf(err) });
    }
  },

  choose(path, sources) {
    if (isImportBusy(get()) || sources.length === 0) return;
    get().close();
    set({ path, sources, format: DETECT, hostName: '' });
  },

  setFormat(format) {
    set({ format });
  },

  setHostName(hostName) {
    set({ hostName });
  },

  async start() {
    const { path, sources, format, hostName, formats, starting, run } = get();
    if (!path || sources.length === 0 || starting || run) return;
    // A host name only goes with a format that describes one host; a scan would record it wrongly.
    const needsHost = formatOf(formats, format)?.needsHostName ?? false;
    const request = {
      path,
      sources,
      format: format === DETECT ? null : format,
      hostName: needsHost && hostName.trim() !== '' ? hostName.trim() : null,
      columns: null,
    };
    set({ starting: true, error: null });
    try {
      const { jobId } = await call('import.files', request);
      useJobsStore.getState().track(jobId, 'import.files', path, `Importing ${formatCount(sources.length, 'file')}`);
      if (get().path === path) set({ run: { jobId, sources, format: request.format, hostName: request.hostName } });
    } catch (err) {
      if (get().path === path) set({ error: messageOf(err) });
    } finally {
      if (get().path === path) set({ starting: false });
    }
  },

  async retryWithHostName(source, hostName) {
    const { path, run } = get();
    if (!path || !run) return;
    const request = { path, sources: [source], format: run.format, hostName: hostName.trim() || null, columns: null };
    set((s) => ({ retryErrors: withoutKey(s.retryErrors, source) }));
    try {
      const { jobId } = await call('import.files', request);
      useJobsStore.getState().track(jobId, 'import.files', path, 'Importing 1 file');
      if (get().path === path) {
        set((s) => ({ retries: { ...s.retries, [source]: { ...request, jobId, sources: [source] } } }));
      }
    } catch (err) {
      if (get().path === path) set((s) => ({ retryErrors: { ...s.retryErrors, [source]: messageOf(err) } }));
    }
  },

  close() {
    const { run, retries } = get();
    const { dismiss } = useJobsStore.getState();
    for (const r of [run, ...Object.values(retries)]) if (r) dismiss(r.jobId);
    set(closed);
  },

  reset() {
    set(closed);
  },
}));

function withoutKey<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}
