// Files brought into an engagement: each names a stored artifact and records its role, who and when.
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { FileRole, StoredFile } from '../model/engagement';
import { PortcullisError } from '../model/errors';
import { CHUNK_SIZE, storeStream } from './artifact-store';
import type { CommandContext } from './context';
import type { EngagementStore } from './engagement-store';

export interface AddFileOptions {
  role: FileRole;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

interface StoredFileRow {
  id: number;
  sha256: string;
  name: string;
  role: FileRole;
  added_at: string;
  added_by: string;
  size: number;
  stored_at: string;
}

/** The size of a file about to be read, or NOT_FOUND naming it when it cannot be read as a regular file. */
export function sourceFileSize(sourcePath: string): number {
  try {
    const st = statSync(sourcePath);
    if (!st.isFile()) throw new Error('not a regular file');
    return st.size;
  } catch (err) {
    throw new PortcullisError('NOT_FOUND', `${sourcePath}: cannot read (${(err as Error).message})`);
  }
}

/** Streams a file from disk into the engagement: one transaction, one audit entry, or nothing at all. */
export async function addFileFromPath(
  store: EngagementStore,
  ctx: CommandContext,
  sourcePath: string,
  opts: AddFileOptions,
): Promise<StoredFile> {
  const total = sourceFileSize(sourcePath);
  const name = basename(sourcePath);
  return store.mutateAsync(ctx, 'artifact.add', async () => {
    const stream = createReadStream(sourcePath, { highWaterMark: CHUNK_SIZE });
    const stored = await storeStream(store.db, stream, {
      now: ctx.now,
      ...(opts.signal ? { signal: opts.signal } : {}),
      onBytes: (n) => opts.onProgress?.(n, total),
    }).finally(() => stream.destroy());
    const addedAt = ctx.now();
    const fileId = Number(
      store.db
        .prepare('INSERT INTO stored_file (sha256, name, role, added_at, added_by) VALUES (?, ?, ?, ?, ?)')
        .run(stored.sha256, name, opts.role, addedAt, ctx.actor).lastInsertRowid,
    );
    const file: StoredFile = {
      fileId,
      sha256: stored.sha256,
      size: stored.size,
      storedAt: stored.storedAt,
      name,
      role: opts.role,
      addedAt,
      addedBy: ctx.actor,
    };
    return { value: file, payload: { fileId, name, role: opts.role, sha256: stored.sha256, size: stored.size } };
  });
}

export function listStoredFiles(store: EngagementStore): StoredFile[] {
  const rows = store.db
    .prepare(
      `SELECT f.id, f.sha256, f.name, f.role, f.added_at, f.added_by, a.size, a.stored_at
       FROM stored_file f JOIN artifact a ON a.sha256 = f.sha256 ORDER BY f.id`,
    )
    .all() as StoredFileRow[];
  return rows.map((r) => ({
    fileId: r.id,
    sha256: r.sha256,
    name: r.name,
    role: r.role,
    addedAt: r.added_at,
    addedBy: r.added_by,
    size: r.size,
    storedAt: r.stored_at,
  }));
}
