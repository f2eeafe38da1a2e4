// The CLI's memory of engagement files that passed SQLite's quick_check (see CheckMemo in
// core/store/file-checks.ts): a small JSON file in the user's Portcullis folder, path -> stamp. Losing it
// or failing to write it only means the next command checks the file again.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckMemo } from '../core/store/file-checks';

const MAX_FILES = 200;

export function fileCheckMemo(file: string): CheckMemo {
  let known: Record<string, string> = {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) known = parsed as Record<string, string>;
  } catch {
    // Absent or unreadable: nothing is known yet.
  }
  return {
    has: (path, stamp) => known[path] === stamp,
    remember(path, stamp) {
      // The most recent files only: a path opened again moves to the end, the oldest fall off.
      const { [path]: _old, ...rest } = known;
      void _old;
      const entries = Object.entries(rest).slice(-(MAX_FILES - 1));
      known = { ...Object.fromEntries(entries), [path]: stamp };
      try {
        mkdirSync(dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(known), { mode: 0o600 });
        renameSync(tmp, file);
      } catch {
        // Read-only home or full disk: the file is simply checked again next time.
      }
    },
  };
}
