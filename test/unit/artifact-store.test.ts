import { createHash } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { artifactChunks, CHUNK_SIZE, verifyArtifact } from '../../src-main/core/store/artifact-store';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { addFileFromPath, listStoredFiles } from '../../src-main/core/store/stored-files';
import { PortcullisError } from '../../src-main/core/model/errors';
import { fileSha256, fixedContext, newEngagement, tempDir } from './helpers';

/** Deterministic, incompressible-looking bytes: a SHA-256 counter stream. */
function patternBytes(size: number, seed = 'seed'): Buffer {
  const out = Buffer.alloc(size);
  for (let off = 0, i = 0; off < size; off += 32, i++)
    createHash('sha256').update(`${seed}:${i}`).digest().copy(out, off);
  return out;
}

/** Writes a large generated file by streaming, never holding it in memory. */
async function writeLargeFile(path: string, bytes: number): Promise<string> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  const block = patternBytes(4 * 1024 * 1024, 'large');
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const piece = Buffer.from(block.subarray(0, Math.min(block.length, bytes - written)));
    piece.writeUInt32BE(i++, 0); // every block differs
    hash.update(piece);
    written += piece.length;
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

function storedBytes(db: Parameters<typeof artifactChunks>[0], sha: string): Buffer {
  return Buffer.concat([...artifactChunks(db, sha)]);
}

describe('artifact store', () => {
  it.each([0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE + 17])(
    'keeps %i bytes byte-for-byte under their SHA-256',
    async (size) => {
      const dir = tempDir();
      const src = join(dir, `input-${size}.bin`);
      writeFileSync(src, patternBytes(size));
      const store = newEngagement(dir);
      const file = await addFileFromPath(store, fixedContext(), src, { role: 'original' });
      expect(file.sha256).toBe(fileSha256(src));
      expect(file.size).toBe(size);
      expect(storedBytes(store.db, file.sha256).equals(readFileSync(src))).toBe(true);
      expect(store.db.prepare('SELECT chunk_count FROM artifact').pluck().get()).toBe(Math.ceil(size / CHUNK_SIZE));
      store.close();
    },
  );

  it('stores identical content once, with one file record and one audit entry per add', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.xml'), '<nmaprun/>');
    writeFileSync(join(dir, 'b.xml'), '<nmaprun/>');
    const store = newEngagement(dir);
    const ctx = fixedContext();
    const a = await addFileFromPath(store, ctx, join(dir, 'a.xml'), { role: 'original' });
    const b = await addFileFromPath(store, ctx, join(dir, 'b.xml'), { role: 'attachment' });
    expect(a.sha256).toBe(b.sha256);
    expect(store.db.prepare('SELECT count(*) FROM artifact').pluck().get()).toBe(1);
    expect(listStoredFiles(store).map((f) => [f.name, f.role])).toEqual([
      ['a.xml', 'original'],
      ['b.xml', 'attachment'],
    ]);
    expect(store.db.prepare("SELECT count(*) FROM audit_log WHERE command = 'artifact.add'").pluck().get()).toBe(2);
    expect(verifyAuditChain(store.db).valid).toBe(true);
    store.close();
  });

  it('a cancelled add leaves no artifact, no file record and no audit entry', async () => {
    const dir = tempDir();
    const src = join(dir, 'big.bin');
    writeFileSync(src, patternBytes(8 * CHUNK_SIZE));
    const store = newEngagement(dir);
    const controller = new AbortController();
    const attempt = addFileFromPath(store, fixedContext(), src, {
      role: 'original',
      signal: controller.signal,
      onProgress: (done) => {
        if (done >= 2 * CHUNK_SIZE) controller.abort();
      },
    });
    await expect(attempt).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(store.db.prepare('SELECT count(*) FROM artifact').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT count(*) FROM artifact_chunk').pluck().get()).toBe(0);
    expect(listStoredFiles(store)).toEqual([]);
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
    store.close();
  });

  it('reports a missing source file by name', async () => {
    const store = newEngagement();
    await expect(addFileFromPath(store, fixedContext(), '/nonexistent/scan.xml', { role: 'original' })).rejects.toThrow(
      PortcullisError,
    );
    await expect(addFileFromPath(store, fixedContext(), '/nonexistent/scan.xml', { role: 'original' })).rejects.toThrow(
      /\/nonexistent\/scan\.xml: cannot read/,
    );
    store.close();
  });

  it('detects stored bytes changed outside the app', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.txt'), 'original evidence');
    const store = newEngagement(dir);
    const f = await addFileFromPath(store, fixedContext(), join(dir, 'x.txt'), { role: 'original' });
    store.db.prepare("UPDATE artifact_chunk SET data = CAST('altered evidence!' AS BLOB)").run();
    expect(verifyArtifact(store.db, f.sha256)).toMatchObject({ ok: false, size: 17 });
    store.close();
  });

  it('streams a 200 MB file in and out with flat memory', async () => {
    const dir = tempDir();
    const src = join(dir, 'large-scan.xml');
    const size = 200 * 1024 * 1024;
    const expected = await writeLargeFile(src, size);
    const store = newEngagement(dir);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const file = await addFileFromPath(store, fixedContext(), src, { role: 'original', onProgress: sample });
    expect(file.sha256).toBe(expected);
    expect(file.size).toBe(size);
    const check = verifyArtifact(store.db, file.sha256, sample);
    expect(check).toMatchObject({ ok: true, size });
    const growthMb = (peak - baseline) / 1024 / 1024;
    console.log(`200 MB stream: RSS grew by ${growthMb.toFixed(1)} MB`);
    // The whole file would be 200 MB; streaming in 1 MiB chunks must stay far below that.
    expect(growthMb).toBeLessThan(64);
    store.close();
  });
});
