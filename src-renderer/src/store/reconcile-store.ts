// What the Reconcile tab shows and asks: the reconciliation of what is open with what is documented, for
// the day and expiry window the user chose (today by the host's clock when no day is given), asked again
// whenever the tab opens or the imports, day or window change; and the export of every row to a file the user picks (CSV or JSON).
import { create } from 'zustand';
import type { Request, Response } from '../../../src-main/api/contract';
import { call, messageOf } from '../api/client';

export type Reconciliation = Response<'reconcile.run'>;
export type ReconcileCategory = Reconciliation['categories'][number];
export type ReconcileRow = ReconcileCategory['rows'][number];
export type ReconcileCategoryId = ReconcileCategory['id'];
export type ExportFormat = NonNullable<Request<'reconcile.run'>['format']>;

/** Rows shown per category; the counts are always complete and the export has every row. */
export const RECONCILE_ROWS = 200;
export const DEFAULT_DAYS = 30;

interface ReconcileState {
  answer: Reconciliation | null;
  /** The engagement the answer is about (an answer for another one is never shown). */
  answeredPath: string | null;
  loading: boolean;
  error: string | null;
  /** YYYY-MM-DD, or '' for today by the host's clock. */
  asOf: string;
  days: number;
  exporting: ExportFormat | null;
  savedTo: string | null;
  exportError: string | null;
  load(path: string): Promise<void>;
  setAsOf(asOf: string): void;
  setDays(days: number): void;
  exportAs(path: string, format: ExportFormat): Promise<void>;
  reset(): void;
}

const initial = {
  answer: null,
  answeredPath: null,
  loading: false,
  error: null,
  asOf: '',
  days: DEFAULT_DAYS,
  exporting: null,
  savedTo: null,
  exportError: null,
};

let loadSeq = 0;

function request(path: string, s: Pick<ReconcileState, 'asOf' | 'days'>): Request<'reconcile.run'> {
  return { path, days: s.days, limit: RECONCILE_ROWS, ...(s.asOf ? { asOf: s.asOf } : {}) };
}

export const useReconcileStore = create<ReconcileState>((set, get) => ({
  ...initial,

  // Asked afresh each time (reviews, imports and the day all change the answer); the last answer stays on
  // screen meanwhile.
  async load(path) {
    const seq = ++loadSeq;
    set({ loading: true });
    try {
      const answer = await call('reconcile.run', request(path, get()));
      if (seq === loadSeq) set({ answer, answeredPath: path, error: null });
    } catch (err) {
      if (seq === loadSeq) set({ error: messageOf(err) });
    } finally {
      if (seq === loadSeq) set({ loading: false });
    }
  },

  setAsOf(asOf) {
    set({ asOf, savedTo: null });
  },

  setDays(days) {
    set({ days, savedTo: null });
  },

  async exportAs(path, format) {
    set({ exporting: format, exportError: null, savedTo: null });
    try {
      // The face asks where to save it (native save dialog in the app) and writes every row there.
      const saved = await call('reconcile.run', { ...request(path, get()), save: true, format });
      set({ savedTo: saved.savedTo });
    } catch (err) {
      set({ exportError: messageOf(err) });
    } finally {
      set({ exporting: null });
    }
  },

  reset() {
    loadSeq++;
    set(initial);
  },
}));
