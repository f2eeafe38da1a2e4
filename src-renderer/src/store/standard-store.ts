// What the Standard tab shows: the engagement's current copy of the insecure-services standard and the
// history of its versions. Every edit goes to the core, which validates it, records a new version and an
// audit entry and classifies again; the tab then shows the new version, and the insecure items, the
// audit log and the history are asked for again.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { StandardEdit, StandardVersion, StandardVersionInfo } from '../api/types';
import { refreshAfterAdoption, useEngagementStore } from './engagement-store';
import { importsVersionOf, useItemsStore } from './items-store';

interface StandardState {
  path: string | null;
  current: StandardVersion | null;
  /** Every version, oldest first, as the core lists them. */
  history: StandardVersionInfo[];
  loading: boolean;
  error: string | null;
  load(path: string): Promise<void>;
  /** Applies one edit. Throws ApiError, so the form that asked can show the core's message beside it. */
  edit(path: string, edit: StandardEdit): Promise<StandardVersion>;
  reset(): void;
}

const initial = { path: null, current: null, history: [], loading: false, error: null };

let loadSeq = 0;

export const useStandardStore = create<StandardState>((set, get) => ({
  ...initial,

  async load(path) {
    const seq = ++loadSeq;
    set({ loading: true });
    try {
      const current = await call('standard.get', { path });
      const history = await call('standard.history', { path });
      if (seq !== loadSeq) return;
      set({ path, current, history, error: null });
      refreshAfterAdoption();
    } catch (err) {
      if (seq === loadSeq) set({ error: messageOf(err) });
    } finally {
      if (seq === loadSeq) set({ loading: false });
    }
  },

  async edit(path, edit) {
    const next = await call('standard.edit', { path, edit });
    loadSeq++;
    set({ path, current: next, error: null, loading: false });
    const engagement = useEngagementStore.getState();
    await Promise.all([
      call('standard.history', { path }).then(
        (history) => {
          if (get().path === path) set({ history });
        },
        (err: unknown) => set({ error: messageOf(err) }),
      ),
      useItemsStore.getState().load(path, importsVersionOf(engagement.imports)),
      engagement.refresh(),
    ]);
    return next;
  },

  reset() {
    loadSeq++;
    set(initial);
  },
}));
