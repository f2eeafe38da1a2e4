// Generated package files are written to a private temporary folder first, hashed as they are written,
// so their size and SHA-256 are known before the zip is written and memory stays flat however large
// the inventory is.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StagedFile {
  /** Path inside the bag, e.g. data/items.csv. */
  name: string;
  path: string;
  size: number;
  sha256: string;
}

const FLUSH_AT = 256 * 1024;

export class StageWriter {
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private size = 0;

  constructor(
    readonly name: string,
    readonly path: string,
  ) {
    this.fd = openSync(path, 'wx', 0o600);
  }

  write(data: string | Buffer): void {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.hash.update(buf);
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    this.size += buf.length;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const joined = Buffer.concat(this.pending, this.pendingBytes);
    let off = 0;
    while (off < joined.length) off += writeSync(this.fd, joined, off);
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): StagedFile {
    this.flush();
    closeSync(this.fd);
    return { name: this.name, path: this.path, size: this.size, sha256: this.hash.digest('hex') };
  }
}

/** A temporary folder for one export; `dispose` removes it whatever happened. */
export class Stage {
  readonly dir: string;
  private seq = 0;
  readonly files: StagedFile[] = [];

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'portcullis-export-'));
  }

  open(name: string): StageWriter {
    return new StageWriter(name, join(this.dir, `${++this.seq}.part`));
  }

  /** Writes one file from pieces of text and records it. */
  add(name: string, pieces: Iterable<string | Buffer>): StagedFile {
    const w = this.open(name);
    for (const p of pieces) w.write(p);
    return this.keep(w.close());
  }

  keep(file: StagedFile): StagedFile {
    this.files.push(file);
    return file;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
