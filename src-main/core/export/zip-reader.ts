// A small, strict zip reader for verification: the central directory (zip64 included) is read from the
// end of the file, each local header must agree with it, entries must lie back to back with nothing
// hidden between or after them, and entry data is streamed (inflated when deflated) with its CRC-32 and
// size checked at the end. Memory stays flat whatever the entry sizes.
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where the entry's data starts (after its local header). */
  dataOffset: number;
  /** Where the entry (data and any data descriptor) ends. */
  end: number;
  versionNeeded: number;
  /** DOS time and date, as one 32-bit value. */
  dosTime: number;
  zip64: boolean;
}

const SIG = { local: 0x04034b50, central: 0x02014b50, eocd: 0x06054b50, z64eocd: 0x06064b50, z64loc: 0x07064b50 };

export class ZipFormatError extends Error {}

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  if (bytesRead !== length) throw new ZipFormatError(`truncated: expected ${length} bytes at offset ${offset}`);
  return buf;
}

function u64(b: Buffer, at: number): number {
  const v = b.readBigUInt64LE(at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a zip64 size is too large');
  return Number(v);
}

/** Reads the zip64 extended-information extra field for the fields that overflowed. */
function zip64Extra(extra: Buffer, want: { size: boolean; csize: boolean; offset: boolean }) {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      let q = p + 4;
      const take = () => {
        if (q + 8 > p + 4 + len) throw new ZipFormatError('zip64 extra field is too short');
        const v = u64(extra, q);
        q += 8;
        return v;
      };
      return {
        size: want.size ? take() : undefined,
        csize: want.csize ? take() : undefined,
        offset: want.offset ? take() : undefined,
      };
    }
    p += 4 + len;
  }
  throw new ZipFormatError('zip64 values are missing their extra field');
}

export async function readZipDirectory(path: string): Promise<{ entries: ZipEntry[]; fileSize: number }> {
  const fh = await open(path, 'r');
  try {
    const fileSize = (await fh.stat()).size;
    if (fileSize < 22) throw new ZipFormatError('too small to be a zip file');
    const tailLen = Math.min(fileSize, 22 + 0xffff);
    const tail = await readAt(fh, fileSize - tailLen, tailLen);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG.eocd && i + 22 + tail.readUInt16LE(i + 20) === tail.length) {
        at = i;
        break;
      }
    }
    if (at < 0) throw new ZipFormatError('no end-of-central-directory record at the end of the file');
    const eocdOffset = fileSize - tailLen + at;
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    let cdEnd = eocdOffset;
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = await readAt(fh, eocdOffset - 20, 20);
      if (loc.readUInt32LE(0) !== SIG.z64loc) throw new ZipFormatError('zip64 locator missing');
      const z64Offset = u64(loc, 8);
      const z64 = await readAt(fh, z64Offset, 56);
      if (z64.readUInt32LE(0) !== SIG.z64eocd) throw new ZipFormatError('zip64 end record missing');
      if (z64Offset + 12 + u64(z64, 4) !== eocdOffset - 20)
        throw new ZipFormatError('stray bytes after the zip64 end record');
      count = u64(z64, 32);
      cdSize = u64(z64, 40);
      cdOffset = u64(z64, 48);
      cdEnd = z64Offset;
    }
    if (cdOffset + cdSize !== cdEnd)
      throw new ZipFormatError('stray bytes between the central directory and its end record');
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG.central)
        throw new ZipFormatError(`central directory entry ${i + 1} is damaged`);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
      const extra = cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen);
      let size = cd.readUInt32LE(p + 24);
      let csize = cd.readUInt32LE(p + 20);
      let offset = cd.readUInt32LE(p + 42);
      const zip64 = size === 0xffffffff || csize === 0xffffffff || offset === 0xffffffff;
      if (zip64) {
        const z = zip64Extra(extra, {
          size: size === 0xffffffff,
          csize: csize === 0xffffffff,
          offset: offset === 0xffffffff,
        });
        size = z.size ?? size;
        csize = z.csize ?? csize;
        offset = z.offset ?? offset;
      }
      entries.push({
        name,
        method: cd.readUInt16LE(p + 10),
        flags: cd.readUInt16LE(p + 8),
        crc32: cd.readUInt32LE(p + 16),
        compressedSize: csize,
        size,
        localOffset: offset,
        dataOffset: 0,
        end: 0,
        versionNeeded: cd.readUInt16LE(p + 6),
        dosTime: cd.readUInt32LE(p + 12),
        zip64,
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    if (p !== cd.length) throw new ZipFormatError('the central directory holds more than its entries');
    await checkLocalHeaders(fh, entries, cdOffset);
    return { entries, fileSize };
  } finally {
    await fh.close();
  }
}

/** Each local header must name the same entry as the directory, and entries must tile the file exactly. */
async function checkLocalHeaders(fh: FileHandle, entries: ZipEntry[], cdOffset: number): Promise<void> {
  let expected = 0;
  for (const e of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    if (e.localOffset !== expected) throw new ZipFormatError(`${e.name}: stray bytes before its local header`);
    const h = await readAt(fh, e.localOffset, 30);
    if (h.readUInt32LE(0) !== SIG.local) throw new ZipFormatError(`${e.name}: local header is damaged`);
    const nameLen = h.readUInt16LE(26);
    const extraLen = h.readUInt16LE(28);
    const name = (await readAt(fh, e.localOffset + 30, nameLen)).toString('utf8');
    const descriptor = (h.readUInt16LE(6) & 0x08) !== 0;
    const sameHeader =
      name === e.name &&
      h.readUInt16LE(8) === e.method &&
      h.readUInt16LE(6) === e.flags &&
      h.readUInt32LE(10) === e.dosTime &&
      (e.zip64 || h.readUInt16LE(4) === e.versionNeeded) &&
      (descriptor
        ? h.readUInt32LE(14) === 0 && h.readUInt32LE(18) === 0 && h.readUInt32LE(22) === 0
        : h.readUInt32LE(14) === e.crc32 &&
          (e.zip64 || (h.readUInt32LE(18) === e.compressedSize && h.readUInt32LE(22) === e.size)));
    if (!sameHeader) throw new ZipFormatError(`${e.name}: local header does not match the central directory`);
    e.dataOffset = e.localOffset + 30 + nameLen + extraLen;
    let end = e.dataOffset + e.compressedSize;
    if (descriptor) {
      if (cdOffset - end < 12) throw new ZipFormatError(`${e.name}: data descriptor missing`);
      const d = await readAt(fh, end, Math.min(24, cdOffset - end));
      const signed = d.readUInt32LE(0) === 0x08074b50 ? 4 : 0;
      const big = e.size >= 0xffffffff || e.compressedSize >= 0xffffffff;
      if (d.length < signed + (big ? 20 : 12)) throw new ZipFormatError(`${e.name}: data descriptor is truncated`);
      const sizes = big
        ? [u64(d, signed + 4), u64(d, signed + 12)]
        : [d.readUInt32LE(signed + 4), d.readUInt32LE(signed + 8)];
      if (d.readUInt32LE(signed) !== e.crc32 || sizes[0] !== e.compressedSize || sizes[1] !== e.size) {
        throw new ZipFormatError(`${e.name}: data descriptor does not match the central directory`);
      }
      end += signed + (big ? 20 : 12);
    }
    e.end = end;
    expected = end;
  }
  if (expected !== cdOffset) throw new ZipFormatError('stray bytes before the central directory');
}

/** The entry's content, inflated if needed; the stream errors if its CRC-32 or size is wrong. */
export function entryStream(path: string, e: ZipEntry): Readable {
  if (e.method !== 0 && e.method !== 8)
    throw new ZipFormatError(`${e.name}: compression method ${e.method} is not supported`);
  const raw =
    e.compressedSize === 0
      ? Readable.from([])
      : createReadStream(path, {
          start: e.dataOffset,
          end: e.dataOffset + e.compressedSize - 1,
          highWaterMark: 1 << 20,
        });
  let crc = 0;
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      crc = crc32(chunk, crc);
      size += chunk.length;
      if (size > e.size) cb(new ZipFormatError(`${e.name}: more data than its recorded size`));
      else cb(null, chunk);
    },
    flush(cb) {
      if (size !== e.size) cb(new ZipFormatError(`${e.name}: ${size} bytes, the directory says ${e.size}`));
      else if (crc >>> 0 !== e.crc32) cb(new ZipFormatError(`${e.name}: CRC-32 does not match (damaged or altered)`));
      else cb();
    },
  });
  const onError = (err: Error) =>
    check.destroy(err instanceof ZipFormatError ? err : new ZipFormatError(`${e.name}: ${err.message}`));
  if (e.method === 8) {
    const inflate = createInflateRaw();
    raw.on('error', onError);
    inflate.on('error', onError);
    return raw.pipe(inflate).pipe(check);
  }
  raw.on('error', onError);
  return raw.pipe(check);
}
