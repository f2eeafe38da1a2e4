// The package being verified: the zip and the CA certificate chosen in the open dialog, and the last
// verdict. A package is verified as soon as it is chosen, and again when the CA changes or on request
// (a file on disk may have changed since).
import { create } from 'zustand';
import { call, messageOf } from '../api/client';
import type { PackageVerdict } from '../api/types';

interface VerifyState {
  pkg: string | null;
  ca: string | null;
  verdict: PackageVerdict | null;
  verifying: boolean;
  error: string | null;
  choosePackage(): Promise<void>;
  chooseCa(): Promise<void>;
  clearCa(): Promise<void>;
  verify(): Promise<void>;
}

async function chooseOne(title: string): Promise<string | null> {
  const { paths } = await call('dialog.openFiles', { title });
  return paths[0] ?? null;
}

// A newer verification makes the answer of an older one stale.
let verifySeq = 0;

export const useVerifyStore = create<VerifyState>((set, get) => ({
  pkg: null,
  ca: null,
  verdict: null,
  verifying: false,
  error: null,

  async choosePackage() {
    try {
      const chosen = await chooseOne('Choose an evidence package (.zip) to verify');
      if (chosen === null) return;
      set({ pkg: chosen, verdict: null });
      await get().verify();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async chooseCa() {
    try {
      const chosen = await chooseOne('Choose the CA certificate you trust (.pem)');
      if (chosen === null) return;
      set({ ca: chosen });
      if (get().pkg) await get().verify();
    } catch (err) {
      set({ error: messageOf(err) });
    }
  },

  async clearCa() {
    set({ ca: null });
    if (get().pkg) await get().verify();
  },

  async verify() {
    const { pkg, ca } = get();
    if (!pkg) return;
    const seq = ++verifySeq;
    set({ verifying: true, error: null });
    try {
      const verdict = await call('package.verify', { package: pkg, ...(ca ? { ca } : {}) });
      if (seq === verifySeq) set({ verdict, verifying: false });
    } catch (err) {
      if (seq === verifySeq) set({ verdict: null, verifying: false, error: messageOf(err) });
    }
  },
}));
