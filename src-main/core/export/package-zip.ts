// Writes the package zip: entries in the order given (sorted by the caller), one at a time so only one
// source is open, each with the same fixed date and mode, so the same entries give the same bytes.
// Every entry is stored, not deflated: every byte of an entry's data is then its content (a changed byte
// cannot hide in deflate padding), the bytes do not depend on the zlib version, and storing is as fast
// as copying. Returns the zip's size and SHA-256.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { ZipArchive } from 'archiver';
import { PortcullisError } from '../model/errors';

export interface ZipSource {
  name: string;
  open(): Readable | Buffer;
}

export interface ZipWriteOptions {
  date: Date;
  signal?: AbortSignal | undefined;
}

export async function writeZip(
  path: string,
  entries: readonly ZipSource[],
  opts: ZipWriteOptions,
): Promise<{ bytes: number; sha256: string }> {
  const out = createWriteStream(path, { flags: 'wx', mode: 0o644 });
  const zip = new ZipArchive({ store: true });
  const hash = createHash('sha256');
  let bytes = 0;
  zip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  zip.pipe(out);
  const failed = new Promise<never>((_, reject) => {
    out.on('error', reject);
    zip.on('error', reject);
  });
  failed.catch(() => undefined);
  try {
    for (const entry of entries) {
      if (opts.signal?.aborted) throw new PortcullisError('CANCELLED', 'export cancelled; no package was written');
      const entryDone = once(zip, 'entry');
      const source = entry.open();
      // The zip library does not pass a source's error on: watch the source itself.
      const sourceFailed = Buffer.isBuffer(source)
        ? failed
        : new Promise<never>((_, reject) => source.once('error', reject));
      sourceFailed.catch(() => undefined);
      zip.append(source, { name: entry.name, date: opts.date, mode: 0o644, store: true });
      await Promise.race([entryDone, failed, sourceFailed]);
    }
    await Promise.race([zip.finalize(), failed]);
    await Promise.race([finished(out), failed]);
  } catch (err) {
    zip.abort();
    out.destroy();
    await finished(out).catch(() => undefined);
    throw err;
  }
  return { bytes, sha256: hash.digest('hex') };
}
