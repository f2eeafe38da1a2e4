// What the Evidence tab shows and asks: the register (E-001…) of one engagement, the type and procedure
// filters, and the entry whose editor is open. The register is small, so it is held whole and filtered
// here. Every change goes to the core (audited there); the register and the audit log are then asked again.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { EvidenceEntry, EvidenceNoteInput, EvidencePatch, EvidenceProcedure, EvidenceType } from '../api/types';
import { formatCount } from '../format';
import { useEngagementStore } from './engagement-store';
import { useJobsStore } from './jobs-store';

export const evidenceTypes: readonly EvidenceType[] = ['document', 'system', 'interview', 'observation'];
export const evidenceTypeLabels: Record<EvidenceType, string> = {
  document: 'Document',
  system: 'System evidence',
  interview: 'Interview',
  observation: 'Observation',
};

export const evidenceProcedures: readonly EvidenceProcedure[] = ['1.2.6.a', '1.2.6.b'];
export const procedureLabels: Record<EvidenceProcedure, string> = {
  '1.2.6.a': 'the documentation examined',
  '1.2.6.b': 'the configuration settings examined',
};

/** '' is any; 'none' is an entry that supports no procedure yet. */
export interface EvidenceFilter {
  type: '' | EvidenceType;
  procedure: '' | 'none' | EvidenceProcedure;
}

export const emptyEvidenceFilter: EvidenceFilter = { type: '', procedure: '' };

export function matches(entry: EvidenceEntry, filter: EvidenceFilter): boolean {
  if (filter.type !== '' && entry.type !== filter.type) return false;
  if (filter.procedure === 'none') return entry.procedure === null;
  return filter.procedure === '' || entry.procedure === filter.procedure;
}

interface EvidenceState {
  /** The engagement the register was read from. */
  path: string | null;
  entries: EvidenceEntry[] | null;
  error: string | null;
  filter: EvidenceFilter;
  /** The ref whose editor is open. */
  open: string | null;
  setFilter(patch: Partial<EvidenceFilter>): void;
  /** Opens an entry's editor, or closes it if it is open. */
  toggle(ref: string): void;
  load(path: string): Promise<void>;
  /** Throws ApiError, so the editor can show the core's message. */
  update(path: string, ref: string, patch: EvidencePatch): Promise<EvidenceEntry>;
  /** Throws ApiError, so the form can show the core's message. */
  addNote(path: string, entry: EvidenceNoteInput): Promise<EvidenceEntry>;
  /**
   * Stores files as attachments (documents until said otherwise) in a job the job list follows; each is
   * registered under the next reference. Throws ApiError when the job cannot start.
   */
  attach(path: string, paths: string[]): Promise<void>;
  reset(): void;
}

const initial = {
  path: null,
  entries: null,
  error: null,
  filter: emptyEvidenceFilter,
  open: null,
};

// A newer request makes the answer of an older one stale.
let loadSeq = 0;

export const useEvidenceStore = create<EvidenceState>((set, get) => ({
  ...initial,

  setFilter(patch) {
    set((s) => ({ filter: { ...s.filter, ...patch } }));
  },

  toggle(ref) {
    set((s) => ({ open: s.open === ref ? null : ref }));
  },

  async load(path) {
    const seq = ++loadSeq;
    try {
      const entries = await call('evidence.list', { path });
      if (seq === loadSeq) set({ path, entries, error: null });
    } catch (err) {
      if (seq === loadSeq) set({ path, error: messageOf(err) });
    }
  },

  async update(path, ref, patch) {
    const entry = await call('evidence.update', { path, ref, patch });
    await Promise.all([get().load(path), useEngagementStore.getState().refresh()]);
    return entry;
  },

  async addNote(path, entry) {
    const added = await call('evidence.note', { path, entry });
    await Promise.all([get().load(path), useEngagementStore.getState().refresh()]);
    return added;
  },

  async attach(path, paths) {
    if (paths.length === 0) return;
    const { jobId } = await call('file.add', { path, sources: paths, role: 'attachment' });
    useJobsStore
      .getState()
      .track(jobId, 'file.add', path, `Adding ${formatCount(paths.length, 'file')} to the register`);
  },

  reset() {
    loadSeq++;
    set(initial);
  },
}));
