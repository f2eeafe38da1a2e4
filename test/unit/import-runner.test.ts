// The import runner: detection, one transaction per import, duplicates refused, failures leave the
// engagement unchanged, parse coverage recorded, the original stored byte-for-byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, formats } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { artifactChunks } from '../../src-main/core/store/artifact-store';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { listImports, queryObservations } from '../../src-main/core/store/observations';
import { listStoredFiles } from '../../src-main/core/store/stored-files';
import { corpus, corpusAvailable, expectUntouched } from './import-helpers';
import { fileSha256, fixedContext, newEngagement, tempDir } from './helpers';

async function expectImportError(store: EngagementStore, path: string, code: string, message: RegExp, opts = {}) {
  await expect(importFile(store, fixedContext(), path, opts)).rejects.toMatchObject({
    code,
    message: expect.stringMatching(message),
  });
  expectUntouched(store);
}

describe('import runner: refusing what it cannot read', () => {
  it('format ids are unique', () => {
    expect(new Set(formats.map((f) => f.id)).size).toBe(formats.length);
  });

  it('a zero-byte file is refused with a hint to choose the format', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.json'), '');
    await expectImportError(
      newEngagement(dir),
      join(dir, 'empty.json'),
      'UNKNOWN_FORMAT',
      /empty\.json: the file is empty \(0 bytes\)/,
    );
  });

  it('text in no known format is refused, quoting how it starts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'minutes.txt'), 'Minutes of the CAB meeting, 3 March\nAttendees: ...\n');
    await expectImportError(
      newEngagement(dir),
      join(dir, 'minutes.txt'),
      'UNKNOWN_FORMAT',
      /minutes\.txt: format not recognised \(the file starts "Minutes of the CAB/,
    );
  });

  it('binary junk is refused with the byte offset', async () => {
    const dir = tempDir();
    const junk = Buffer.alloc(5000, 0x41);
    junk[1234] = 0;
    writeFileSync(join(dir, 'junk.bin'), junk);
    await expectImportError(
      newEngagement(dir),
      join(dir, 'junk.bin'),
      'UNKNOWN_FORMAT',
      /junk\.bin: binary data \(a NUL byte\) near byte offset 1234/,
    );
  });

  it('invalid UTF-8 is refused', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'latin.txt'), Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]));
    await expectImportError(newEngagement(dir), join(dir, 'latin.txt'), 'UNKNOWN_FORMAT', /not UTF-8 text/);
  });

  it('an unknown format id is refused before anything is read', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.xml'), '<a/>');
    await expectImportError(
      newEngagement(dir),
      join(dir, 'a.xml'),
      'INVALID_REQUEST',
      /unknown format "nmap-xlm"; expected one of: /,
      { format: 'nmap-xlm' },
    );
  });
});

describe.skipIf(!corpusAvailable)('import runner on a real nmap file', () => {
  const nmap = () => corpus('scans/nmap-issue4406.xml');

  it('detects nmap XML, stores the original byte-for-byte and records the import in one audit entry', async () => {
    const store = newEngagement();
    const r = await importFile(store, fixedContext('qsa'), nmap());
    expect(r).toMatchObject({
      format: 'nmap-xml',
      sha256: fileSha256(nmap()),
      fileName: 'nmap-issue4406.xml',
      importedBy: 'qsa',
    });
    // 25 open ports: grep -c '<port ' nmap-issue4406.xml
    expect(r.observationCount).toBe(25);
    expect(Buffer.concat([...artifactChunks(store.db, r.sha256)]).equals(readFileSync(nmap()))).toBe(true);
    expect(listStoredFiles(store).map((f) => [f.name, f.role])).toEqual([['nmap-issue4406.xml', 'original']]);
    expect(listImports(store.db)).toHaveLength(1);
    const audit = store.db
      .prepare("SELECT payload FROM audit_log WHERE command = 'import.file'")
      .pluck()
      .all() as string[];
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!)).toMatchObject({ format: 'nmap-xml', observations: 25, sha256: r.sha256 });
    expect(queryObservations(store.db, { state: 'open' }, { offset: 0, limit: 1 }).total).toBe(25);
    store.close();
  });

  it('refuses the same file a second time, naming the earlier import', async () => {
    const store = newEngagement();
    await importFile(store, fixedContext(), nmap());
    await expect(importFile(store, fixedContext(), nmap())).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: expect.stringMatching(/already imported as import #1/),
    });
    expect(listImports(store.db)).toHaveLength(1);
    expect(store.db.prepare('SELECT count(*) FROM observation').pluck().get()).toBe(25);
    store.close();
  });

  it('a truncated file fails with the line, and leaves nothing behind', async () => {
    const dir = tempDir();
    const text = readFileSync(nmap(), 'utf8');
    const cut = text.slice(0, Math.floor(text.length * 0.6));
    writeFileSync(join(dir, 'cut.xml'), cut);
    const lines = cut.split('\n').length;
    await expectImportError(
      newEngagement(dir),
      join(dir, 'cut.xml'),
      'PARSE_ERROR',
      new RegExp(`cut\\.xml: line ${lines}\\b.*nothing was imported`),
    );
  });

  it('cancel rolls everything back', async () => {
    const store = newEngagement();
    const controller = new AbortController();
    controller.abort();
    await expect(importFile(store, fixedContext(), nmap(), { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expectUntouched(store);
  });

  it('detection is content-based: a renamed nmap file is still nmap XML', () => {
    const head = readFileSync(nmap(), 'utf8').slice(0, 65536);
    expect(detectFormat(head, 'export.txt')?.id).toBe('nmap-xml');
  });
});
