// What the Inventory tab shows and asks: the filters as typed, the sort, the page, the grouping, the
// row that is open with its sources, listings and rule lines, and the asset register imports. Filtering,
// sorting, paging and grouping are all the core's SQLite query; only one page is held. Every change of
// owner or purpose goes to the core (audited there) and bumps `revision`, so every answer is asked again.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type {
  AssetImportResult,
  InventoryAnnotation,
  InventoryDetail,
  InventoryFilter,
  InventoryGroup,
  InventoryGroupBy,
  InventoryKey,
  InventoryPage,
  InventoryQuery,
  InventoryRow,
  InventorySort,
} from '../api/types';
import { refreshAfterAdoption, useEngagementStore } from './engagement-store';

export const INVENTORY_PAGE = 100;

export interface InventoryDraft {
  text: string;
  /** An address or host name, exactly. */
  asset: string;
  /** A service name, exactly (case aside). */
  service: string;
  /** An owner, exactly. */
  owner: string;
  insecureOnly: boolean;
}

export const emptyInventoryDraft: InventoryDraft = { text: '', asset: '', service: '', owner: '', insecureOnly: false };

/** '' shows the table; otherwise the rows counted by service, asset or owner. */
export type GroupBy = '' | InventoryGroupBy;

/** Group keys no filter selects (none today: the core filters "(not identified)" and "(no owner)" too). */
export const UNFILTERABLE_GROUPS: Record<InventoryGroupBy, string | null> = {
  service: null,
  owner: null,
  asset: null,
};

/** A question (its key says which) and the core's answer or refusal. */
export type PageAnswer = { key: string; page: InventoryPage; error: null } | { key: string; page: null; error: string };
export type GroupsAnswer =
  | { key: string; by: InventoryGroupBy; groups: InventoryGroup[]; error: null }
  | { key: string; by: InventoryGroupBy; groups: null; error: string };

const protos: readonly string[] = ['tcp', 'udp', 'sctp'] satisfies InventoryKey['proto'][];

function isProto(proto: string): proto is InventoryKey['proto'] {
  return protos.includes(proto);
}

/** The key the core opens a row by; null for a protocol it cannot be asked about. */
export function keyOfRow(row: InventoryRow): InventoryKey | null {
  return isProto(row.proto) ? { asset: row.asset, proto: row.proto, port: row.port } : null;
}

export function sameKey(a: InventoryKey | null, b: InventoryKey | null): boolean {
  return !!a && !!b && a.asset === b.asset && a.proto === b.proto && a.port === b.port;
}

/** The request filter of a draft whose text fields have settled. */
export function filterOf(draft: InventoryDraft): InventoryFilter {
  const filter: InventoryFilter = {};
  const text = draft.text.trim();
  const asset = draft.asset.trim();
  const service = draft.service.trim();
  const owner = draft.owner.trim();
  if (text) filter.text = text;
  if (asset) filter.asset = asset;
  if (service) filter.service = service;
  if (owner) filter.owner = owner;
  if (draft.insecureOnly) filter.insecure = true;
  return filter;
}

interface InventoryState {
  draft: InventoryDraft;
  sort: InventorySort;
  descending: boolean;
  offset: number;
  groupBy: GroupBy;
  answer: PageAnswer | null;
  groups: GroupsAnswer | null;
  /** How many rows an unfiltered answer had, for this engagement and imports: the tab's count. */
  count: { path: string; version: string; total: number } | null;
  /** The row whose details are open. */
  open: InventoryKey | null;
  detail: InventoryDetail | null;
  detailLoading: boolean;
  detailError: string | null;
  /** Bumped after owners or purposes change, so the page, the groups and the open row are asked again. */
  revision: number;
  importing: boolean;
  /** What the last asset register import(s) brought in. */
  imported: AssetImportResult[];
  importError: string | null;
  /** Changes filters and goes back to the first page. */
  setDraft(patch: Partial<InventoryDraft>): void;
  /** Sorts by a column, ascending first; the same column again flips the direction. */
  sortBy(column: InventorySort): void;
  setOffset(offset: number): void;
  setGroupBy(by: GroupBy): void;
  /** Filters the table by one group of the groups list, and shows the table again. */
  applyGroup(by: InventoryGroupBy, key: string): void;
  /** Asks for one page; `key` names the question (request, imports and revision). */
  query(request: InventoryQuery & { path: string }, key: string, version: string): Promise<void>;
  queryGroups(request: { path: string; filter: InventoryFilter; by: InventoryGroupBy }, key: string): Promise<void>;
  /** Opens a row (and asks the core for its sources and rule lines), or closes it if it is open. */
  toggle(path: string, key: InventoryKey): Promise<void>;
  /** Asks again for the open row's details (after an import or an annotation). */
  reloadDetail(path: string): Promise<void>;
  /** Sets or clears an owner / purpose. Throws ApiError, so the form can show the core's message. */
  annotate(path: string, annotation: InventoryAnnotation): Promise<void>;
  /** Chooses CSV asset registers in the dialog and imports them one by one. */
  importAssets(path: string): Promise<void>;
  dismissImported(): void;
  reset(): void;
}

const initial = {
  draft: emptyInventoryDraft,
  sort: 'asset' as InventorySort,
  descending: false,
  offset: 0,
  groupBy: '' as GroupBy,
  answer: null,
  groups: null,
  count: null,
  open: null,
  detail: null,
  detailLoading: false,
  detailError: null,
  revision: 0,
  importing: false,
  imported: [],
  importError: null,
};

// Counters outside the state: a newer request makes the answer of an older one stale.
let pageSeq = 0;
let groupsSeq = 0;
let detailSeq = 0;

export const useInventoryStore = create<InventoryState>((set, get) => ({
  ...initial,

  setDraft(patch) {
    set((s) => ({ draft: { ...s.draft, ...patch }, offset: 0 }));
  },

  sortBy(column) {
    set((s) => ({ sort: column, descending: s.sort === column ? !s.descending : false, offset: 0 }));
  },

  setOffset(offset) {
    set({ offset: Math.max(0, offset) });
  },

  setGroupBy(groupBy) {
    set({ groupBy });
  },

  applyGroup(by, key) {
    set((s) => ({ draft: { ...s.draft, [by]: key }, offset: 0, groupBy: '' }));
  },

  async query(request, key, version) {
    const seq = ++pageSeq;
    try {
      const page = await call('inventory.query', request);
      if (seq !== pageSeq) return;
      const unfiltered = Object.keys(request.filter ?? {}).length === 0;
      set({
        answer: { key, page, error: null },
        ...(unfiltered ? { count: { path: request.path, version, total: page.total } } : {}),
      });
      refreshAfterAdoption();
    } catch (err) {
      if (seq === pageSeq) set({ answer: { key, page: null, error: messageOf(err) } });
    }
  },

  async queryGroups(request, key) {
    const seq = ++groupsSeq;
    try {
      const groups = await call('inventory.groups', request);
      if (seq === groupsSeq) set({ groups: { key, by: request.by, groups, error: null } });
    } catch (err) {
      if (seq === groupsSeq) set({ groups: { key, by: request.by, groups: null, error: messageOf(err) } });
    }
  },

  async toggle(path, key) {
    if (sameKey(get().open, key)) {
      detailSeq++;
      set({ open: null, detail: null, detailError: null, detailLoading: false });
      return;
    }
    set({ open: key, detail: null, detailError: null });
    await loadDetail(path, key, set);
  },

  async reloadDetail(path) {
    const open = get().open;
    if (open) await loadDetail(path, open, set);
  },

  async annotate(path, annotation) {
    await call('inventory.annotate', { path, annotation });
    set((s) => ({ revision: s.revision + 1 }));
    await useEngagementStore.getState().refresh();
  },

  async importAssets(path) {
    if (get().importing) return;
    set({ importing: true, importError: null, imported: [] });
    const imported: AssetImportResult[] = [];
    try {
      const { paths } = await call('dialog.openFiles', { title: 'Import an asset register (CSV)' });
      for (const source of paths) imported.push(await call('inventory.importAssets', { path, source }));
    } catch (err) {
      set({ importError: messageOf(err) });
    } finally {
      // What did land is reported even when a later file was refused.
      if (imported.length > 0) set((s) => ({ imported, revision: s.revision + 1 }));
      set({ importing: false });
    }
    if (imported.length > 0) await useEngagementStore.getState().refresh();
  },

  dismissImported() {
    set({ imported: [], importError: null });
  },

  reset() {
    pageSeq++;
    groupsSeq++;
    detailSeq++;
    set(initial);
  },
}));

async function loadDetail(
  path: string,
  key: InventoryKey,
  set: (patch: Partial<InventoryState>) => void,
): Promise<void> {
  const seq = ++detailSeq;
  set({ detailLoading: true });
  try {
    const detail = await call('inventory.get', { path, ...key });
    if (seq === detailSeq) set({ detail, detailError: null });
  } catch (err) {
    if (seq === detailSeq) set({ detailError: messageOf(err) });
  } finally {
    if (seq === detailSeq) set({ detailLoading: false });
  }
}
