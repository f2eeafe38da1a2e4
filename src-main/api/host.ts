// What each face (Electron, CLI, harness) provides to the handler table: who acts, where relative paths
// resolve, which paths may be touched, native dialogs and how events reach the user.
import type { CheckMemo } from '../core/store/file-checks';
import type { PortcullisEvent } from './contract';

export type FaceName = 'electron' | 'cli' | 'harness';

export interface OpenFileOptions {
  /** One file only (default: several). */
  multiple?: boolean;
  /** File types offered, e.g. { name: 'Portcullis engagements', extensions: ['portcullis'] }. */
  filters?: { name: string; extensions: string[] }[];
}

export interface Dialogs {
  openFiles(title: string, options?: OpenFileOptions): Promise<string[]>;
  /** Asks where to save a file; null when the user cancelled. */
  saveFile(title: string, defaultName: string): Promise<string | null>;
}

export interface Host {
  face: FaceName;
  actor: string;
  /** Relative paths resolve here; `engagement.list` lists engagements found here. */
  baseDir: string;
  /** Where signing identities (encrypted PKCS#12 and their certificates) are kept: never an engagement. */
  identityDir: string;
  /** Engagement files known to have passed their integrity check (faces that reopen files per command). */
  checkMemo?: CheckMemo;
  /** The app's shipped data (standard, fonts, sample); the resources/ beside the built bundles when absent. */
  resourcesDir?: string;
  /** Where the recently opened engagements are remembered; in memory only when absent. */
  recentFile?: string;
  now(): string;
  dialogs: Dialogs;
  /** Whether a request may read or write this absolute path. */
  mayAccess(absPath: string): boolean;
  /** Remember a path the user chose in a dialog, so later requests may use it. */
  grant(absPath: string): void;
  emit(event: PortcullisEvent): void;
}

/**
 * Path policy for faces whose requests come from a renderer: the workspace folder, plus whatever the
 * user picked in a native dialog. The CLI acts with the user's own rights and allows everything.
 */
export function workspacePolicy(baseDir: string): Pick<Host, 'mayAccess' | 'grant'> {
  const granted = new Set<string>();
  const root =
    baseDir.endsWith('/') || baseDir.endsWith('\\') ? baseDir : `${baseDir}${baseDir.includes('\\') ? '\\' : '/'}`;
  return {
    mayAccess: (p) => granted.has(p) || p.startsWith(root),
    grant: (p) => {
      granted.add(p);
    },
  };
}
