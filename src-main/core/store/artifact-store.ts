// Content-addressed storage of originals and attachments inside the engagement file. Bytes arrive as a
// stream and are written in fixed-size chunks while they are hashed, so memory stays flat whatever the
// file size; identical content is kept once.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database, Statement } from 'better-sqlite3';
import type { ArtifactInfo } from '../model/engagement';
import { PortcullisError } from '../model/errors';

export const CHUNK_SIZE = 1024 * 1024;

export interface StoreStreamOptions {
  signal?: AbortSignal;
  /** Called after each chunk with the number of bytes taken so far. */
  onBytes?: (bytes: number) => void;
  now?: () => string;
}

export interface StoredArtifact extends ArtifactInfo {
  deduplicated: boolean;
}

/**
 * Writes one artifact chunk by chunk while hashing it. Must be used inside the caller's transaction,
 * which owns commit and rollback; `finish` de-duplicates against content already stored.
 */
export class ArtifactWriter {
  private readonly id: number;
  private readonly insertChunk: Statement;
  private readonly hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private idx = 0;
  private readonly storedAt: string;
  size = 0;

  constructor(
    private readonly db: Database,
    now: () => string = () => new Date().toISOString(),
  ) {
    if (!db.inTransaction) throw new Error('ArtifactWriter must be used inside a transaction');
    this.storedAt = now();
    this.id = Number(
      db
        .prepare('INSERT INTO artifact (sha256, size, chunk_count, stored_at) VALUES (NULL, 0, 0, ?)')
        .run(this.storedAt).lastInsertRowid,
    );
    this.insertChunk = db.prepare('INSERT INTO artifact_chunk (artifact_id, idx, data) VALUES (?, ?, ?)');
  }

  write(piece: Uint8Array): void {
    const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    this.hash.update(buf);
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.size += buf.length;
    this.flush(false);
  }

  private flush(all: boolean): void {
    while (this.pendingBytes >= CHUNK_SIZE || (all && this.pendingBytes > 0)) {
      const joined = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
      const take = Math.min(CHUNK_SIZE, joined.length);
      this.insertChunk.run(this.id, this.idx++, joined.subarray(0, take));
      const rest = joined.subarray(take);
      this.pending = rest.length > 0 ? [Buffer.from(rest)] : [];
      this.pendingBytes = rest.length;
    }
  }

  finish(): StoredArtifact {
    this.flush(true);
    const sha256 = this.hash.digest('hex');
    const existing = this.db.prepare('SELECT size, stored_at FROM artifact WHERE sha256 = ?').get(sha256) as
      { size: number; stored_at: string } | undefined;
    if (existing) {
      this.db.prepare('DELETE FROM artifact_chunk WHERE artifact_id = ?').run(this.id);
      this.db.prepare('DELETE FROM artifact WHERE id = ?').run(this.id);
      return { sha256, size: existing.size, storedAt: existing.stored_at, deduplicated: true };
    }
    this.db
      .prepare('UPDATE artifact SET sha256 = ?, size = ?, chunk_count = ? WHERE id = ?')
      .run(sha256, this.size, this.idx, this.id);
    return { sha256, size: this.size, storedAt: this.storedAt, deduplicated: false };
  }
}

/** Stores a byte stream. Must run inside the caller's transaction, which owns commit and rollback. */
export async function storeStream(
  db: Database,
  source: AsyncIterable<Uint8Array>,
  opts: StoreStreamOptions = {},
): Promise<StoredArtifact> {
  const writer = new ArtifactWriter(db, opts.now);
  for await (const piece of source) {
    if (opts.signal?.aborted) throw new PortcullisError('CANCELLED', 'cancelled; nothing was stored');
    writer.write(piece);
    opts.onBytes?.(writer.size);
  }
  if (opts.signal?.aborted) throw new PortcullisError('CANCELLED', 'cancelled; nothing was stored');
  return writer.finish();
}

export function getArtifact(db: Database, sha256: string): ArtifactInfo | undefined {
  const row = db.prepare('SELECT sha256, size, stored_at FROM artifact WHERE sha256 = ?').get(sha256) as
    { sha256: string; size: number; stored_at: string } | undefined;
  return row && { sha256: row.sha256, size: row.size, storedAt: row.stored_at };
}

/** Yields the stored bytes chunk by chunk, reading one chunk at a time. */
export function* artifactChunks(db: Database, sha256: string): Generator<Buffer> {
  const row = db.prepare('SELECT id, chunk_count FROM artifact WHERE sha256 = ?').get(sha256) as
    { id: number; chunk_count: number } | undefined;
  if (!row) throw new PortcullisError('NOT_FOUND', `no stored artifact with SHA-256 ${sha256}`);
  const chunk = db.prepare('SELECT data FROM artifact_chunk WHERE artifact_id = ? AND idx = ?').pluck();
  for (let i = 0; i < row.chunk_count; i++) {
    const data = chunk.get(row.id, i) as Buffer | undefined;
    if (!data) throw new PortcullisError('DAMAGED', `artifact ${sha256}: chunk ${i} of ${row.chunk_count} is missing`);
    yield data;
  }
}

export function artifactReadStream(db: Database, sha256: string): Readable {
  return Readable.from(artifactChunks(db, sha256), { objectMode: false });
}

/** Re-reads an artifact and checks that its bytes still hash to its address. */
export function verifyArtifact(
  db: Database,
  sha256: string,
  onBytes?: (bytes: number) => void,
): { ok: boolean; actual: string; size: number } {
  const hash = createHash('sha256');
  let size = 0;
  for (const data of artifactChunks(db, sha256)) {
    hash.update(data);
    size += data.length;
    onBytes?.(size);
  }
  const actual = hash.digest('hex');
  return { ok: actual === sha256, actual, size };
}
