// What the Export tab holds: the signing identities kept on this machine, the one chosen to sign, and
// the engagement's readiness (open validations) shown before an export. Passphrases are never held here:
// they pass through the calls below as arguments and are gone when the call returns.
import { create } from 'zustand';
import { ApiError, call, messageOf } from '../api/client';
import type { IdentityNewInput, Readiness, SigningIdentity } from '../api/types';
import { baseName } from '../format';
import { useJobsStore } from './jobs-store';

interface ExportState {
  identities: SigningIdentity[] | null;
  identitiesError: string | null;
  /** The name of the identity that signs exports. */
  selected: string | null;
  /** The readiness of the engagement it was asked for, at the audit head it was asked at. */
  readiness: { path: string; head: number; value: Readiness } | null;
  readinessError: string | null;
  loadIdentities(): Promise<void>;
  select(name: string | null): void;
  /** Throws ApiError, so the form can show the core's message. */
  createIdentity(input: IdentityNewInput): Promise<SigningIdentity>;
  /** Throws ApiError, so the form can show the core's message. */
  importIdentity(name: string, source: string, passphrase: string): Promise<SigningIdentity>;
  loadReadiness(path: string, head: number): Promise<void>;
  /**
   * Starts the export as a job the job list follows, after the save dialog; false when the user
   * cancelled the dialog. Throws ApiError when the job cannot start.
   */
  exportPackage(path: string, identity: string, passphrase: string): Promise<boolean>;
  /** Like exportPackage; the report is signed when an identity is given, unsigned otherwise. */
  exportReport(path: string, signWith: { identity: string; passphrase: string } | null): Promise<boolean>;
}

/** The name a PKCS#12 file suggests for its identity: its base name, cut to what a name may hold. */
export function nameFromFile(file: string): string {
  const base = baseName(file).replace(/\.(p12|pfx)$/i, '');
  return (
    base
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, 64) || 'identity'
  );
}

function cancelledDialog(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'CANCELLED';
}

// A newer request makes the answer of an older one stale.
let readinessSeq = 0;

export const useExportStore = create<ExportState>((set, get) => ({
  identities: null,
  identitiesError: null,
  selected: null,
  readiness: null,
  readinessError: null,

  async loadIdentities() {
    try {
      const identities = await call('identity.list', {});
      const { selected } = get();
      // Keep the choice while it exists; otherwise the first identity that is not a CA signs.
      const keep = identities.some((i) => i.name === selected);
      const fallback = identities.find((i) => !i.isCa)?.name ?? null;
      set({ identities, identitiesError: null, selected: keep ? selected : fallback });
    } catch (err) {
      set({ identitiesError: messageOf(err) });
    }
  },

  select(name) {
    set({ selected: name });
  },

  async createIdentity(input) {
    const made = await call('identity.new', input);
    await get().loadIdentities();
    if (!made.isCa) set({ selected: made.name });
    return made;
  },

  async importIdentity(name, source, passphrase) {
    const imported = await call('identity.import', { name, source, passphrase });
    await get().loadIdentities();
    set({ selected: imported.name });
    return imported;
  },

  async loadReadiness(path, head) {
    const seq = ++readinessSeq;
    try {
      const value = await call('review.validate', { path });
      if (seq === readinessSeq) set({ readiness: { path, head, value }, readinessError: null });
    } catch (err) {
      if (seq === readinessSeq) set({ readinessError: messageOf(err) });
    }
  },

  async exportPackage(path, identity, passphrase) {
    try {
      const { jobId } = await call('export.package', { path, save: true, identity, passphrase });
      useJobsStore.getState().track(jobId, 'export.package', path, `Signed evidence package (signed by ${identity})`);
      return true;
    } catch (err) {
      if (cancelledDialog(err)) return false;
      throw err;
    }
  },

  async exportReport(path, signWith) {
    try {
      const { jobId } = await call('export.report', { path, save: true, ...(signWith ?? {}) });
      const label = signWith ? `PDF report (signed by ${signWith.identity})` : 'PDF report (unsigned)';
      useJobsStore.getState().track(jobId, 'export.report', path, label);
      return true;
    } catch (err) {
      if (cancelledDialog(err)) return false;
      throw err;
    }
  },
}));
