// The check memo: a file that passed SQLite's quick_check, unchanged since (size and time of the file and
// its WAL), is not read whole again; the app's own writes, left by a clean close, stay known; any other
// change brings the check back. Damage the memo cannot see (size and time as remembered) is the case it
// trades away: shown here as the file opening while the memo knows it, and refused without the memo.
import { closeSync, openSync, utimesSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileCheckMemo } from '../../src-main/api/check-memo';
import { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fileStamp, type CheckMemo } from '../../src-main/core/store/file-checks';
import { fixedContext, newEngagement, tempDir } from './helpers';

/** A memo that counts what it is asked. */
function counting(inner: CheckMemo) {
  const seen = { has: 0, hits: 0, remembered: 0 };
  const memo: CheckMemo = {
    has(p, s) {
      seen.has++;
      const hit = inner.has(p, s);
      if (hit) seen.hits++;
      return hit;
    },
    remember(p, s) {
      seen.remembered++;
      inner.remember(p, s);
    },
  };
  return { memo, seen };
}

/** Overwrites three pages in the middle of the file, keeping its size. */
function damageQuietly(path: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(4096 * 3, 0xa5), 0, 4096 * 3, 4096);
  closeSync(fd);
}

describe('check memo', () => {
  it('skips the check of an unchanged file, keeps knowing it after the app writes, and checks again after other changes', () => {
    const store = newEngagement();
    const pad = 'x'.repeat(2000);
    store.mutate(fixedContext(), 'test.fill', {}, () => {
      for (let i = 0; i < 50; i++) store.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(`k${i}`, pad);
    });
    store.close();
    const file = join(tempDir(), 'checked-files.json');
    const { memo, seen } = counting(fileCheckMemo(file));

    EngagementStore.open(store.path, undefined, memo).close();
    expect(seen).toEqual({ has: 1, hits: 0, remembered: 2 });

    // A fresh memo read from disk (the next command) knows the file as the last close left it.
    const next = counting(fileCheckMemo(file));
    const s2 = EngagementStore.open(store.path, undefined, next.memo);
    s2.updateMeta({ scopeNote: 'written by the app' }, fixedContext());
    s2.close();
    expect(next.seen.hits).toBe(1);
    const third = counting(fileCheckMemo(file));
    EngagementStore.open(store.path, undefined, third.memo).close();
    expect(third.seen.hits).toBe(1);

    // Damage the memo cannot see (it knows the file as it now is): the trade-off. Without it, refused.
    damageQuietly(store.path);
    const stale = fileCheckMemo(file);
    stale.remember(store.path, fileStamp(store.path));
    expect(() => EngagementStore.open(store.path, undefined, stale).close()).not.toThrow();
    expect(() => EngagementStore.open(store.path)).toThrow(/damaged/);

    // Any change of time (another program writing) brings the check back, memo or not.
    const now = new Date(Date.now() + 5000);
    utimesSync(store.path, now, now);
    expect(fileStamp(store.path)).not.toBe('');
    expect(() => EngagementStore.open(store.path, undefined, fileCheckMemo(file))).toThrow(/damaged/);
  });
});
