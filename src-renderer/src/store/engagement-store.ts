// The open engagement: its metadata, audit verdict, audit log, evidence files and imports. Answers that arrive
// after the user has moved to another engagement are dropped, so a slow reply never shows stale data.
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { AuditEntry, AuditVerdict, EngagementInfo, EngagementPatch, ImportRecord, StoredFile } from '../api/types';

const AUDIT_PAGE = 500;

interface EngagementState {
  path: string | null;
  info: EngagementInfo | null;
  verdict: AuditVerdict | null;
  verifiedAt: Date | null;
  verifying: boolean;
  audit: AuditEntry[];
  files: StoredFile[];
  /** Imported scans and inventories, oldest first. */
  imports: ImportRecord[];
  /** A failure to refresh after the engagement opened (opening itself reports to the caller). */
  error: string | null;
  /** Opens the engagement; resolves to null or to the reason it could not be opened. */
  open(path: string): Promise<string | null>;
  refresh(): Promise<void>;
  verifyAudit(): Promise<void>;
  /** Throws ApiError so the edit form can show the core's message next to its fields. */
  update(patch: EngagementPatch): Promise<void>;
  reset(): void;
}

async function auditAfter(path: string, afterSeq: number): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let after = afterSeq;
  for (;;) {
    const page = await call('audit.list', { path, afterSeq: after, limit: AUDIT_PAGE });
    out.push(...page);
    const last = page.at(-1);
    if (page.length < AUDIT_PAGE || !last) return out;
    after = last.seq;
  }
}

const empty = {
  path: null,
  info: null,
  verdict: null,
  verifiedAt: null,
  verifying: false,
  audit: [],
  files: [],
  imports: [],
  error: null,
};

export const useEngagementStore = create<EngagementState>((set, get) => ({
  ...empty,

  async open(path) {
    try {
      const opened = await call('engagement.open', { path });
      const [audit, files, imports] = await Promise.all([
        auditAfter(path, 0),
        call('file.list', { path }),
        call('import.list', { path }),
      ]);
      set({ ...empty, path, info: opened.info, verdict: opened.audit, verifiedAt: new Date(), audit, files, imports });
      return null;
    } catch (err) {
      return messageOf(err);
    }
  },

  async refresh() {
    const path = get().path;
    if (!path) return;
    try {
      // The log only grows, so fetch what is new rather than all of it.
      const lastSeq = get().audit.at(-1)?.seq ?? 0;
      const [info, newer, files, imports, verdict] = await Promise.all([
        call('engagement.info', { path }),
        auditAfter(path, lastSeq),
        call('file.list', { path }),
        call('import.list', { path }),
        call('audit.verify', { path }),
      ]);
      if (get().path !== path) return;
      set((s) => ({
        info,
        files,
        imports,
        verdict,
        verifiedAt: new Date(),
        audit: [...s.audit, ...newer],
        error: null,
      }));
    } catch (err) {
      if (get().path === path) set({ error: messageOf(err) });
    }
  },

  async verifyAudit() {
    const path = get().path;
    if (!path) return;
    set({ verifying: true });
    try {
      const verdict = await call('audit.verify', { path });
      if (get().path === path) set({ verdict, verifiedAt: new Date(), error: null });
    } catch (err) {
      if (get().path === path) set({ error: messageOf(err) });
    } finally {
      if (get().path === path) set({ verifying: false });
    }
  },

  async update(patch) {
    const path = get().path;
    if (!path) return;
    await call('engagement.update', { path, patch });
    await get().refresh();
  },

  reset() {
    set(empty);
  },
}));

/**
 * The first look at the standard or the insecure items adopts the shipped standard, which the audit log
 * records: fetch the log again once, so the Overview shows that entry.
 */
export function refreshAfterAdoption(): void {
  const { path, audit, refresh } = useEngagementStore.getState();
  if (path && !audit.some((e) => e.command === 'standard.adopt')) void refresh();
}
