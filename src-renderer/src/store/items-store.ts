// What the Insecure items tab shows and asks: the items classified against the engagement's standard,
// the filters as typed and the item that is open with its hosts and evidence. The list is small (one
// entry per rule and port), so it is held whole and filtered here; every answer comes from the core,
// which brings the classification up to date with the standard and the imports before it answers.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { ImportRecord, InsecureItem, ItemDetail, ItemList, Severity } from '../api/types';
import { refreshAfterAdoption } from './engagement-store';

/** Changes whenever an import adds observations, so the items are asked for again. */
export function importsVersionOf(imports: ImportRecord[]): string {
  const observations = imports.reduce((sum, r) => sum + r.observationCount, 0);
  return `${imports.length}:${imports.at(-1)?.importId ?? 0}:${observations}`;
}

export type SeverityFilter = '' | Severity;

interface ItemsState {
  list: ItemList | null;
  /** The engagement and imports the list was answered for; a count from another is not shown. */
  loadedFor: { path: string; version: string } | null;
  loading: boolean;
  error: string | null;
  text: string;
  severity: SeverityFilter;
  /** The key of the item whose details are open. */
  open: string | null;
  detail: ItemDetail | null;
  detailLoading: boolean;
  detailError: string | null;
  /** An item opened from elsewhere (the inventory), scrolled to once it is listed. */
  reveal: string | null;
  load(path: string, version: string): Promise<void>;
  setText(text: string): void;
  setSeverity(severity: SeverityFilter): void;
  /** Opens an item (and asks the core for its hosts and evidence), or closes it if it is open. */
  toggle(path: string, key: string): Promise<void>;
  /** Clears the filters and opens one item, to be scrolled to and focused when it is shown. */
  show(path: string, key: string): Promise<void>;
  revealed(): void;
  reset(): void;
}

const initial = {
  list: null,
  loadedFor: null,
  loading: false,
  error: null,
  text: '',
  severity: '' as SeverityFilter,
  open: null,
  detail: null,
  detailLoading: false,
  detailError: null,
  reveal: null,
};

// Counters outside the state: a newer request makes the answer of an older one stale.
let listSeq = 0;
let detailSeq = 0;

/** Every word of the filter must occur in what the item row shows. */
export function matchesText(item: InsecureItem, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [
    item.title,
    item.summary,
    item.ruleId,
    `${item.port}/${item.proto}`,
    ...item.services,
    ...item.criteria,
    ...item.networks.map((n) => n.network),
    ...item.sources.map((s) => s.fileName),
  ]
    .join(' ')
    .toLowerCase();
  return words.every((w) => haystack.includes(w));
}

export const useItemsStore = create<ItemsState>((set, get) => ({
  ...initial,

  async load(path, version) {
    const seq = ++listSeq;
    set({ loading: true });
    try {
      const list = await call('item.list', { path });
      if (seq !== listSeq) return;
      set({ list, loadedFor: { path, version }, error: null });
      refreshAfterAdoption();
      // The open item may have gone (its rule no longer applies) or changed (new hosts): ask again.
      const open = get().open;
      if (open && !list.items.some((i) => i.key === open)) set({ open: null, detail: null, detailError: null });
      else if (open) await loadDetail(path, open, set);
    } catch (err) {
      if (seq === listSeq) set({ error: messageOf(err) });
    } finally {
      if (seq === listSeq) set({ loading: false });
    }
  },

  setText(text) {
    set({ text });
  },

  setSeverity(severity) {
    set({ severity });
  },

  async toggle(path, key) {
    if (get().open === key) {
      detailSeq++;
      set({ open: null, detail: null, detailError: null, detailLoading: false });
      return;
    }
    set({ open: key, detail: null, detailError: null });
    await loadDetail(path, key, set);
  },

  async show(path, key) {
    set({ text: '', severity: '', reveal: key });
    if (get().open !== key) await get().toggle(path, key);
  },

  revealed() {
    set({ reveal: null });
  },

  reset() {
    listSeq++;
    detailSeq++;
    set(initial);
  },
}));

async function loadDetail(path: string, key: string, set: (patch: Partial<ItemsState>) => void): Promise<void> {
  const seq = ++detailSeq;
  set({ detailLoading: true });
  try {
    const detail = await call('item.get', { path, key });
    if (seq === detailSeq) set({ detail, detailError: null });
  } catch (err) {
    if (seq === detailSeq) set({ detailError: messageOf(err) });
  } finally {
    if (seq === detailSeq) set({ detailLoading: false });
  }
}
