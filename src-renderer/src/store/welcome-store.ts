// The welcome screen's state: the recently opened engagements (kept by the host, see src-main/api/recent.ts
// for why not in localStorage), and the ways in besides the New form — the open dialog for an engagement
// file and the sample engagement, copied into the workspace before it opens.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { RecentEngagement } from '../api/types';
import { useAppStore } from './app-store';

interface WelcomeState {
  recent: RecentEngagement[] | null;
  recentError: string | null;
  /** What is under way ('dialog', 'sample' or the path being opened): every other way in waits. */
  busy: string | null;
  /** Why the last attempt to open something failed. */
  error: string | null;
  loadRecent(): Promise<void>;
  forget(path: string): Promise<void>;
  /** Forgets every engagement in the host's list (File > Open Recent > Clear Recent). */
  clearRecent(): Promise<void>;
  openPath(path: string): Promise<void>;
  openWithDialog(): Promise<void>;
  openSample(): Promise<void>;
}

export const useWelcomeStore = create<WelcomeState>((set, get) => {
  async function attempt(busy: string, work: () => Promise<string | null>): Promise<void> {
    if (get().busy !== null) return;
    set({ busy, error: null });
    try {
      const problem = await work();
      set({ busy: null, error: problem });
    } catch (err) {
      set({ busy: null, error: messageOf(err) });
    }
    // Whatever happened, the lists may have changed (a new copy, a file that opened or failed).
    void get().loadRecent();
    void useAppStore.getState().loadListing();
  }

  return {
    recent: null,
    recentError: null,
    busy: null,
    error: null,

    async loadRecent() {
      try {
        set({ recent: await call('engagement.recent', {}), recentError: null });
      } catch (err) {
        set({ recentError: messageOf(err) });
      }
    },

    async forget(path) {
      try {
        await call('engagement.forget', { path });
      } catch (err) {
        set({ recentError: messageOf(err) });
      }
      await get().loadRecent();
    },

    async clearRecent() {
      try {
        // The host's list, not the one shown: it may have changed since (another way in, another window).
        for (const r of await call('engagement.recent', {})) await call('engagement.forget', { path: r.path });
      } catch (err) {
        set({ recentError: messageOf(err) });
      }
      await get().loadRecent();
    },

    openPath(path) {
      return attempt(path, () => useAppStore.getState().openEngagement(path));
    },

    openWithDialog() {
      return attempt('dialog', async () => {
        const { path } = await call('dialog.openEngagement', {});
        return path === null ? null : useAppStore.getState().openEngagement(path);
      });
    },

    openSample() {
      return attempt('sample', async () => {
        const info = await call('engagement.sample', {});
        const problem = await useAppStore.getState().openEngagement(info.path);
        return problem ? `Copied the sample to ${info.path}, but it could not be opened: ${problem}` : null;
      });
    },
  };
});
