// What the Review tab shows and asks: the queue of insecure items with the engagement's readiness, the
// item that is open with its review record as typed (the draft) and as the core last judged it, and the
// autosave between them. Edits settle for a moment (or the field loses focus) before they are saved with
// review.apply, one request at a time; the draft is never replaced by an answer, so a refused save loses
// nothing typed. The core validates, checks links and writes the audit log.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type {
  ItemDetail,
  Readiness,
  ReviewRecord,
  ReviewState,
  SecurityFeature,
  StoredRule,
  TicketSuggestionRow,
} from '../api/types';
import { refreshAfterAdoption, useEngagementStore } from './engagement-store';
import { useJobsStore, whenFinished } from './jobs-store';

/** How long typing must pause before the record is saved. */
export const AUTOSAVE_MS = 800;
const RULE_PAGE = 5000;

export type SaveStatus = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/** The same person, whatever the case and spacing (as the core judges it). */
export function samePerson(a: string | null, b: string | null): boolean {
  if (!a || !b) return false;
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  return norm(a) === norm(b);
}

/** One item copied to in a bulk apply, and how it went. */
export interface BulkOutcome {
  key: string;
  summary: string;
  error: string | null;
}

interface ReviewStoreState {
  readiness: Readiness | null;
  readinessError: string | null;
  /** The item whose review is open. */
  open: string | null;
  /** Its record as the core last answered (issues, audit-readiness). */
  state: ReviewState | null;
  /** Its record as typed. */
  draft: ReviewRecord | null;
  /** Its hosts and rule, for the features' host choice and the heading. */
  item: ItemDetail | null;
  loading: boolean;
  loadError: string | null;
  /** Bumped by every edit; `savedRevision` is the one the core last accepted. */
  revision: number;
  savedRevision: number;
  status: SaveStatus;
  saveError: string | null;
  /** Every rule line of the engagement's rulebases, to pick and to name links. */
  rules: StoredRule[] | null;
  rulesError: string | null;
  /** Ticket ids the rule lines mention (ticket.suggestions), offered beside the ticket fields. */
  suggestions: TicketSuggestionRow[];
  loadReadiness(path: string): Promise<void>;
  loadRules(path: string): Promise<void>;
  /** Saves what is pending for the open item, then opens another. */
  openItem(path: string, key: string): Promise<void>;
  /**
   * Reads the open item's record again when nothing typed is waiting: an import may have written to it
   * (the results of planned tests), and the next save must not put the older record back.
   */
  reloadOpen(path: string): Promise<void>;
  /** Changes the draft and schedules a save. */
  edit(path: string, change: (draft: ReviewRecord) => ReviewRecord): void;
  /** Saves now what is pending (a field lost focus, another item opens). */
  flush(path: string): Promise<void>;
  /** Saves what is pending, then puts the open item's review back as before its last change (review.undo). */
  undo(path: string): Promise<void>;
  /** Chooses a file in the dialog, stores it as an attachment and answers its SHA-256 (null: cancelled). */
  attach(path: string): Promise<string | null>;
  /** Appends a copy of a feature to the reviews of the other items, all or none (review.addFeature). */
  applyToOthers(path: string, feature: SecurityFeature, keys: string[]): Promise<BulkOutcome[]>;
  reset(): void;
}

const initial = {
  readiness: null,
  readinessError: null,
  open: null,
  state: null,
  draft: null,
  item: null,
  loading: false,
  loadError: null,
  revision: 0,
  savedRevision: 0,
  status: 'idle' as SaveStatus,
  saveError: null,
  rules: null,
  rulesError: null,
  suggestions: [],
};

// Outside the state: the debounce timer, the save in flight and counters that make older answers stale.
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight: Promise<void> | null = null;
/** The revision whose save the core refused: not sent again until something changes. */
let refusedRevision = -1;
let readinessSeq = 0;
let openSeq = 0;

function clearTimer(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}

export const useReviewStore = create<ReviewStoreState>((set, get) => {
  /** Sends the draft while it is newer than what the core holds; one request at a time. */
  async function save(path: string): Promise<void> {
    while (inFlight) await inFlight;
    const { open, draft, revision, savedRevision } = get();
    if (!open || !draft || revision <= savedRevision || revision === refusedRevision) return;
    set({ status: 'saving' });
    const run = (async () => {
      try {
        const state = await call('review.apply', { path, key: open, record: draft });
        if (get().open !== open) return;
        refusedRevision = -1;
        const newer = get().revision > revision;
        set({ state, savedRevision: revision, status: newer ? 'pending' : 'saved', saveError: null });
        void get().loadReadiness(path);
        void useEngagementStore.getState().refresh();
      } catch (err) {
        if (get().open !== open) return;
        refusedRevision = revision;
        set({ status: get().revision > revision ? 'pending' : 'error', saveError: messageOf(err) });
      }
    })();
    inFlight = run;
    try {
      await run;
    } finally {
      inFlight = null;
    }
    // Typed while it was saving: save that too once the pause is over (or at once if nothing waits).
    if (get().open === open && get().revision > revision && !timer) await save(path);
  }

  return {
    ...initial,

    async loadReadiness(path) {
      const seq = ++readinessSeq;
      try {
        const readiness = await call('review.validate', { path });
        if (seq !== readinessSeq) return;
        set({ readiness, readinessError: null });
        refreshAfterAdoption();
      } catch (err) {
        if (seq === readinessSeq) set({ readinessError: messageOf(err) });
      }
    },

    async loadRules(path) {
      try {
        const rows: StoredRule[] = [];
        for (let offset = 0; ; offset += RULE_PAGE) {
          const page = await call('rule.list', { path, offset, limit: RULE_PAGE });
          rows.push(...page.rows);
          if (page.rows.length < RULE_PAGE || rows.length >= page.total) break;
        }
        // Suggestions help but are not needed to review: without them the fields are plain lists.
        const suggestions = await call('ticket.suggestions', { path }).catch(() => []);
        set({ rules: rows, rulesError: null, suggestions });
      } catch (err) {
        set({ rulesError: messageOf(err) });
      }
    },

    async openItem(path, key) {
      if (get().open === key && get().draft) return;
      clearTimer();
      await get().flush(path);
      const seq = ++openSeq;
      refusedRevision = -1;
      set({
        open: key,
        state: null,
        draft: null,
        item: null,
        loading: true,
        loadError: null,
        revision: 0,
        savedRevision: 0,
        status: 'idle',
        saveError: null,
      });
      try {
        const [state, item] = await Promise.all([call('review.get', { path, key }), call('item.get', { path, key })]);
        if (seq !== openSeq) return;
        set({ state, draft: state.record, item });
      } catch (err) {
        if (seq === openSeq) set({ loadError: messageOf(err) });
      } finally {
        if (seq === openSeq) set({ loading: false });
      }
    },

    async reloadOpen(path) {
      const { open, revision, savedRevision } = get();
      if (!open || revision !== savedRevision || inFlight || timer) return;
      const seq = openSeq;
      try {
        const state = await call('review.get', { path, key: open });
        const now = get();
        if (seq !== openSeq || now.open !== open || now.revision !== revision) return;
        set({ state, draft: state.record });
      } catch {
        // The item may be gone after a standard change; the queue says so when it reloads.
      }
    },

    edit(path, change) {
      const draft = get().draft;
      if (!draft) return;
      set((s) => ({ draft: change(draft), revision: s.revision + 1, status: 'pending' }));
      clearTimer();
      timer = setTimeout(() => {
        timer = null;
        void save(path);
      }, AUTOSAVE_MS);
    },

    async undo(path) {
      const key = get().open;
      if (!key) return;
      clearTimer();
      await get().flush(path);
      try {
        const state = await call('review.undo', { path, key });
        if (get().open !== key) return;
        set((s) => ({ state, draft: state.record, savedRevision: s.revision, status: 'saved', saveError: null }));
        void get().loadReadiness(path);
        void useEngagementStore.getState().refresh();
      } catch (err) {
        if (get().open === key) set({ saveError: messageOf(err), status: 'error' });
      }
    },

    async flush(path) {
      clearTimer();
      await save(path);
    },

    async attach(path) {
      const { paths } = await call('dialog.openFiles', { title: 'Attach proof of this test' });
      if (paths.length === 0) return null;
      const { jobId } = await call('file.add', { path, sources: paths.slice(0, 1), role: 'attachment' });
      const jobs = useJobsStore.getState();
      jobs.track(jobId, 'file.add', path, 'Attaching proof');
      const job = await whenFinished(jobId);
      useJobsStore.getState().dismiss(jobId);
      if (job?.status !== 'succeeded') throw new Error(job?.message ?? 'The file could not be stored.');
      const stored = Array.isArray(job.value) ? (job.value as { sha256?: unknown }[]) : [];
      const sha256 = stored[0]?.sha256;
      if (typeof sha256 !== 'string') throw new Error('The core stored the file but did not say its SHA-256.');
      await useEngagementStore.getState().refresh();
      return sha256;
    },

    async applyToOthers(path, feature, keys) {
      const summaries = new Map(get().readiness?.items.map((i) => [i.key, i.summary]) ?? []);
      // One transaction in the core: every chosen item gets the feature (covering all its hosts) or none.
      let error: string | null = null;
      try {
        await call('review.addFeature', { path, keys, feature });
      } catch (err) {
        error = messageOf(err);
      }
      await get().loadReadiness(path);
      await useEngagementStore.getState().refresh();
      return keys.map((key) => ({ key, summary: summaries.get(key) ?? key, error }));
    },

    reset() {
      clearTimer();
      readinessSeq++;
      openSeq++;
      refusedRevision = -1;
      set(initial);
    },
  };
});
