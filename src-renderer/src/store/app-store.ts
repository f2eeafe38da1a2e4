// Which view is showing and what the face told us about itself (who acts, where the workspace is).
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { EngagementListing, HostInfo } from '../api/types';
import { useDriftStore } from './drift-store';
import { useEngagementStore } from './engagement-store';
import { useEvidenceStore } from './evidence-store';
import { useImportStore } from './import-store';
import { useInventoryStore } from './inventory-store';
import { useItemsStore } from './items-store';
import { useObservationsStore } from './observations-store';
import { useReviewStore } from './review-store';
import { useRulesStore } from './rules-store';
import { useStandardStore } from './standard-store';

/**
 * Forgets the per-engagement view state (import panel, insecure items, their reviews, the inventory,
 * observation filters, rules, the standard, the evidence register) when the engagement changes.
 */
function resetEngagementViews(): void {
  useImportStore.getState().reset();
  useItemsStore.getState().reset();
  useReviewStore.getState().reset();
  useInventoryStore.getState().reset();
  useObservationsStore.getState().reset();
  useRulesStore.getState().reset();
  useStandardStore.getState().reset();
  useEvidenceStore.getState().reset();
  useDriftStore.getState().reset();
}

export type View = { name: 'start' } | { name: 'engagement'; path: string };

interface AppState {
  host: HostInfo | null;
  hostError: string | null;
  view: View;
  listing: EngagementListing[] | null;
  listError: string | null;
  loadHost(): Promise<void>;
  loadListing(): Promise<void>;
  /** Opens an engagement and shows it; on failure stays put and hands back the message. */
  openEngagement(path: string): Promise<string | null>;
  showStart(): void;
}

export const useAppStore = create<AppState>((set) => ({
  host: null,
  hostError: null,
  view: { name: 'start' },
  listing: null,
  listError: null,

  async loadHost() {
    try {
      set({ host: await call('host.info', {}), hostError: null });
    } catch (err) {
      set({ hostError: messageOf(err) });
    }
  },

  async loadListing() {
    try {
      set({ listing: await call('engagement.list', {}), listError: null });
    } catch (err) {
      set({ listError: messageOf(err) });
    }
  },

  async openEngagement(path) {
    const problem = await useEngagementStore.getState().open(path);
    if (problem) return problem;
    resetEngagementViews();
    set({ view: { name: 'engagement', path } });
    return null;
  },

  showStart() {
    const { path, reset } = useEngagementStore.getState();
    reset();
    resetEngagementViews();
    // Release the file handle; a job still running on it has its own connection and is unaffected.
    if (path) void call('engagement.close', { path }).catch(() => undefined);
    set({ view: { name: 'start' } });
  },
}));
