// Tampering with a package is caught and named: one byte changed in any entry (every entry, offsets
// from a seeded generator, re-zipped as someone editing the package would), one byte changed in the raw
// zip inside any entry's local header or data, a file added or removed, and the tag manifest re-signed
// with another identity.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDetached } from '../../src-main/core/export/cms';
import { newIdentity } from '../../src-main/core/export/identity';
import { verifyPackage, type PackageVerdict } from '../../src-main/core/export/verify';
import { readZipDirectory } from '../../src-main/core/export/zip-reader';
import { corpusAvailable } from './import-helpers';
import {
  buildExportEngagement,
  exportTo,
  readEntries,
  removeKeptDirs,
  seeded,
  writeEntries,
  type ExportFixture,
} from './export-helpers';

const SEED = Number(process.env.PORTCULLIS_TAMPER_SEED ?? 20261201);

let f: ExportFixture;
let zip: string;
let ca: string;
let entries: Map<string, Buffer>;

const failing = (v: PackageVerdict) => v.checks.filter((c) => c.status === 'fail').map((c) => c.name);

/** The check that must fail when `name` is changed. */
function expectedCheck(name: string): string {
  if (name.startsWith('data/')) return 'manifest';
  if (name === 'tagmanifest-sha256.txt' || name === 'tagmanifest-sha256.txt.p7s') return 'signature';
  return 'tag-manifest';
}

describe.skipIf(!corpusAvailable)('tampered packages', () => {
  beforeAll(async () => {
    f = await buildExportEngagement(true);
    zip = join(f.dir, 'package.zip');
    await exportTo(f, zip);
    ca = readFileSync(f.caPem, 'utf8');
    entries = await readEntries(zip);
    const clean = await verifyPackage(zip, { caPem: ca });
    expect(clean.checks.filter((c) => c.status !== 'pass')).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await f?.t.table.close();
    removeKeptDirs();
  });

  it('names the check that fails when one byte of any entry changes', async () => {
    const random = seeded(SEED);
    const out = join(f.dir, 'flipped.zip');
    let edits = 0;
    for (const [name, body] of entries) {
      // The signature has unsigned parts (its certificates): probe it at many places.
      const tries = name.endsWith('.p7s') ? 60 : 3;
      for (let i = 0; i < tries; i++) {
        const at = Math.floor(random() * body.length);
        const changed = Buffer.from(body);
        changed[at] = (changed[at] ?? 0) ^ (1 + Math.floor(random() * 255));
        await writeEntries(out, new Map([...entries, [name, changed]]));
        const v = await verifyPackage(out, { caPem: ca });
        const context = `${name} byte ${at} (seed ${SEED}): ${JSON.stringify(v.checks.filter((c) => c.status !== 'pass'))}`;
        expect(v.valid, context).toBe(false);
        expect(failing(v), context).toContain(expectedCheck(name));
        edits++;
      }
    }
    console.log(
      `package tamper: ${edits} single-byte edits over ${entries.size} entries, ${edits} failed verification naming the right check`,
    );
  }, 300_000);

  it('notices a byte changed in the raw zip inside any entry', async () => {
    const random = seeded(SEED + 1);
    const out = join(f.dir, 'raw.zip');
    const original = readFileSync(zip);
    let edits = 0;
    for (const e of (await readZipDirectory(zip)).entries) {
      for (let i = 0; i < 3; i++) {
        const at = e.localOffset + Math.floor(random() * (e.end - e.localOffset));
        const bytes = Buffer.from(original);
        bytes[at] = (bytes[at] ?? 0) ^ (1 + Math.floor(random() * 255));
        writeFileSync(out, bytes);
        const v = await verifyPackage(out, { caPem: ca });
        expect(v.valid, `${e.name} raw offset ${at}: ${JSON.stringify(v.checks)}`).toBe(false);
        edits++;
      }
    }
    console.log(`package tamper: ${edits} raw single-byte edits inside zip entries, ${edits} failed verification`);
  }, 300_000);

  it('names a payload file that was added or removed', async () => {
    const out = join(f.dir, 'edited.zip');
    await writeEntries(out, new Map([...entries, ['data/attachments/99-extra.txt', Buffer.from('slipped in')]]));
    const added = await verifyPackage(out, { caPem: ca });
    expect(added.checks.find((c) => c.name === 'manifest')).toMatchObject({
      status: 'fail',
      problems: ['data/attachments/99-extra.txt: in the package but not in manifest-sha256.txt (a file was added)'],
    });
    expect(failing(added)).toContain('bag-info');

    const removed = new Map(entries);
    removed.delete('data/originals/2-batfish-example-host1.iptables');
    await writeEntries(out, removed);
    const gone = await verifyPackage(out, { caPem: ca });
    expect(gone.checks.find((c) => c.name === 'manifest')).toMatchObject({
      status: 'fail',
      problems: [
        'data/originals/2-batfish-example-host1.iptables: listed in manifest-sha256.txt but missing from the package',
      ],
    });

    await writeEntries(out, new Map([...entries, ['notes.txt', Buffer.from('a tag file nobody listed')]]));
    expect(failing(await verifyPackage(out, { caPem: ca }))).toEqual(['tag-manifest']);

    const unsigned = new Map(entries);
    unsigned.delete('tagmanifest-sha256.txt.p7s');
    await writeEntries(out, unsigned);
    expect(failing(await verifyPackage(out, { caPem: ca }))).toEqual(['signature', 'certificate']);
  });

  it('re-signed with another identity: valid signature, but not by the trusted CA', async () => {
    const mallory = newIdentity({
      commonName: 'Alice Auditor',
      organization: 'Example QSA LLP',
      keyType: 'rsa-3072',
      notBefore: new Date('2026-11-01T00:00:00Z'),
    });
    const out = join(f.dir, 'resigned.zip');
    const tagManifest = entries.get('tagmanifest-sha256.txt')!;
    await writeEntries(out, new Map([...entries, ['tagmanifest-sha256.txt.p7s', signDetached(tagManifest, mallory)]]));
    const v = await verifyPackage(out, { caPem: ca });
    expect(failing(v)).toEqual(['certificate']);
    expect(v.checks.find((c) => c.name === 'signature')?.status).toBe('pass');
    expect(v.checks.find((c) => c.name === 'certificate')?.detail).toMatch(/does not chain to the given CA/);
    // Without a CA nothing is trusted: the same package is only "valid, signer untrusted".
    const noCa = await verifyPackage(out);
    expect(noCa).toMatchObject({ valid: true, trusted: false });
    expect(noCa.checks.find((c) => c.name === 'certificate')).toMatchObject({ status: 'warn' });
  });

  it('a copy of the package verifies byte for byte the same', async () => {
    const copy = join(f.dir, 'copy.zip');
    copyFileSync(zip, copy);
    expect((await verifyPackage(copy, { caPem: ca })).trusted).toBe(true);
  });
});
