// Engagements opened recently, most recent first, kept by the host in a small JSON file in the app's
// config folder. Kept here rather than in the renderer's localStorage because only the host may decide
// which paths requests can touch: a file outside the workspace that the user once chose in the open
// dialog stays openable from the list after a restart, without the renderer being able to grant itself
// access to anything. The file is written only by this module, after an engagement really opened.
// The desktop app's File > Open Recent menu listens for changes (onChange) and is rebuilt from paths().
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute } from 'node:path';
import { toErrorInfo } from '../core/model/errors';
import { EngagementStore, ENGAGEMENT_EXTENSION } from '../core/store/engagement-store';
import type { Response } from './contract';

export interface RecentEntry {
  path: string;
  openedAt: string;
}

const LIMIT = 10;

/** Told the list (most recent first) after every change, once the change is saved. Must not throw. */
export type RecentListener = (paths: string[]) => void;

function isEntry(v: unknown): v is RecentEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.path === 'string' &&
    isAbsolute(e.path) &&
    e.path.endsWith(ENGAGEMENT_EXTENSION) &&
    typeof e.openedAt === 'string'
  );
}

export class RecentEngagements {
  private entries: RecentEntry[];
  private readonly listeners = new Set<RecentListener>();

  /** `file` null: kept in memory for the life of the face (CLI, test harness). */
  constructor(private readonly file: string | null) {
    this.entries = file ? read(file) : [];
  }

  paths(): string[] {
    return this.entries.map((e) => e.path);
  }

  /** Calls `listener` after each change until the returned function is called. */
  onChange(listener: RecentListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  touch(path: string, at: string): void {
    this.entries = [{ path, openedAt: at }, ...this.entries.filter((e) => e.path !== path)].slice(0, LIMIT);
    this.changed();
  }

  forget(path: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.path !== path);
    if (this.entries.length === before) return false;
    this.changed();
    return true;
  }

  /** The list with who and what each engagement is about, or why it cannot be opened now. */
  describe(): Response<'engagement.recent'> {
    return this.entries.map(({ path, openedAt }) => {
      const fileName = basename(path);
      try {
        const peek = EngagementStore.peek(path);
        return { path, fileName, openedAt, entity: peek.entity, assessor: peek.assessor, problem: null };
      } catch (err) {
        return { path, fileName, openedAt, entity: null, assessor: null, problem: toErrorInfo(err).message };
      }
    });
  }

  private changed(): void {
    this.save();
    for (const listener of [...this.listeners]) listener(this.paths());
  }

  private save(): void {
    if (!this.file) return;
    // Remembering is a convenience: a read-only config folder must not stop an engagement from opening.
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.tmp-${process.pid}`;
      writeFileSync(tmp, `${JSON.stringify({ version: 1, recent: this.entries }, null, 2)}\n`, 'utf8');
      renameSync(tmp, this.file);
    } catch {
      // Left as it was; the list in memory still works for this session.
    }
  }
}

/** A missing, unreadable or malformed list is an empty one: it is rebuilt as engagements are opened. */
function read(file: string): RecentEntry[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { recent?: unknown };
    return Array.isArray(parsed.recent) ? parsed.recent.filter(isEntry).slice(0, LIMIT) : [];
  } catch {
    return [];
  }
}
