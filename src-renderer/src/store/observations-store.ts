// What the observations table asks for: the filters as typed, the sort and the page. The rows are not
// kept here: every page comes from the core's SQLite query, and only one page is ever held.
import { create } from 'zustand';
import type { ObservationSort } from '../api/types';

export interface ObservationDraft {
  text: string;
  state: string;
  proto: '' | 'tcp' | 'udp' | 'sctp';
  port: string;
  service: string;
  /** An import id as a string, or '' for all imports. */
  importId: string;
}

export const emptyObservationDraft: ObservationDraft = {
  text: '',
  state: '',
  proto: '',
  port: '',
  service: '',
  importId: '',
};

interface ObservationsState {
  draft: ObservationDraft;
  sort: ObservationSort;
  descending: boolean;
  offset: number;
  /** Changes filters and goes back to the first page. */
  setDraft(patch: Partial<ObservationDraft>): void;
  /** Sorts by a column, ascending first; the same column again flips the direction. */
  sortBy(column: ObservationSort): void;
  setOffset(offset: number): void;
  reset(): void;
}

const initial = { draft: emptyObservationDraft, sort: 'id' as ObservationSort, descending: false, offset: 0 };

export const useObservationsStore = create<ObservationsState>((set) => ({
  ...initial,

  setDraft(patch) {
    set((s) => ({ draft: { ...s.draft, ...patch }, offset: 0 }));
  },

  sortBy(column) {
    set((s) => ({
      sort: column,
      descending: s.sort === column ? !s.descending : false,
      offset: 0,
    }));
  },

  setOffset(offset) {
    set({ offset: Math.max(0, offset) });
  },

  reset() {
    set(initial);
  },
}));
