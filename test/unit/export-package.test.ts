// The signed evidence package end to end: exported from an engagement built from corpus files, it
// verifies (with the firm's CA: trusted; without: valid but the signer untrusted), two exports of the
// same state are byte-identical, the stock tools check it exactly as VERIFY.txt says, a cancelled or
// failed export leaves no file behind, and a verification reports progress and can be cancelled.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusAvailable } from './import-helpers';
import {
  buildExportEngagement,
  call,
  exportTo,
  FIXED_TIME,
  job,
  makeIdentities,
  PASSPHRASE,
  readEntries,
  removeKeptDirs,
  run,
  stockTools,
  type ExportFixture,
} from './export-helpers';
import { defaultWorkerUrl, WorkerJobRunner } from '../../src-main/api/jobs/job-runner';
import { verifyPackage } from '../../src-main/core/export/verify';
import { tempDir } from './helpers';
import { finished, tableFor, waitForEvent } from './table-helpers';

type Verdict = { valid: boolean; trusted: boolean; checks: { name: string; status: string; detail: string }[] };

let fixture: Promise<ExportFixture> | null = null;
const engagement = () => (fixture ??= buildExportEngagement(true));
afterAll(async () => {
  if (fixture) await (await fixture).t.table.close();
  removeKeptDirs();
});

describe.skipIf(!corpusAvailable)('evidence package', () => {
  it('exports a bag that verifies, trusted with the CA and untrusted without', async () => {
    const f = await buildExportEngagement();
    const out = join(f.dir, 'package.zip');
    const r = await exportTo(f, out);
    expect(r.out).toBe(out);
    const names = [...(await readEntries(out)).keys()];
    expect(names).toEqual([...names].sort());
    for (const n of [
      'VERIFY.txt',
      'bag-info.txt',
      'bagit.txt',
      'data/audit-chain.json',
      'data/audit-log.jsonl',
      'data/evidence.csv',
      'data/inventory.csv',
      'data/items.csv',
      'data/items.json',
      'data/originals/1-nexpose-many-vulns.xml',
      'data/originals/2-batfish-example-host1.iptables',
      'data/attachments/3-proof.txt',
      'data/oscal-assessment-results.json',
      'data/rules.csv',
      'data/standard.json',
      'data/tests.json',
      'data/workbook.xlsx',
      'manifest-sha256.txt',
      'tagmanifest-sha256.txt',
      'tagmanifest-sha256.txt.p7s',
    ]) {
      expect(names, n).toContain(n);
    }
    const trusted = await job<Verdict>(f.t, 'package.verify', { package: out, ca: f.caPem });
    expect(trusted.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(trusted).toMatchObject({ valid: true, trusted: true });
    const untrusted = await job<Verdict>(f.t, 'package.verify', { package: out });
    expect(untrusted).toMatchObject({ valid: true, trusted: false });
    expect(untrusted.checks.find((c) => c.name === 'certificate')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/issuer not trusted/),
    });
    await f.t.table.close();
  });

  it('writes the same bytes for the same state, key and fixed time', async () => {
    const f = await engagement();
    const a = await exportTo(f, join(f.dir, 'a.zip'));
    const b = await exportTo(f, join(f.dir, 'b.zip'));
    expect(readFileSync(join(f.dir, 'b.zip')).equals(readFileSync(join(f.dir, 'a.zip')))).toBe(true);
    expect(b.sha256).toBe(a.sha256);
    const later = await exportTo(f, join(f.dir, 'c.zip'), { fixedTime: '2026-12-02T10:00:00Z' });
    expect(later.sha256).not.toBe(a.sha256);
    expect(later.packageId).not.toBe(a.packageId);
  });

  it.skipIf(!stockTools)('checks with unzip, sha256sum and openssl exactly as VERIFY.txt says', async () => {
    const f = await engagement();
    const zip = join(f.dir, 'stock.zip');
    await exportTo(f, zip);
    const verifyTxt = (await readEntries(zip)).get('VERIFY.txt')!.toString('utf8');
    const oneLine = /All in one line:\n\s+(.+)\n/.exec(verifyTxt)?.[1];
    expect(oneLine).toBe(
      'unzip -q PACKAGE.zip -d bag && cd bag && sha256sum -c manifest-sha256.txt && sha256sum -c tagmanifest-sha256.txt && openssl cms -verify -binary -inform DER -in tagmanifest-sha256.txt.p7s -content tagmanifest-sha256.txt -CAfile ca.pem',
    );
    const work = join(f.dir, 'stock');
    run('mkdir', ['-p', work], f.dir);
    run('cp', [zip, join(work, 'PACKAGE.zip')], f.dir);
    run('cp', [f.caPem, join(work, 'ca.pem')], f.dir);
    const r = run('sh', ['-c', oneLine!.replace('-CAfile ca.pem', '-CAfile ../ca.pem')], work);
    expect(r.out).toMatch(/CMS Verification successful/);
    expect(r.status).toBe(0);
    expect(r.out).not.toMatch(/FAILED/);
    expect(r.out.match(/: OK$/gm)?.length).toBeGreaterThan(15);
  });

  it('a cancelled export leaves no file, not even a partial one', async () => {
    const f = await engagement();
    const out = join(f.dir, 'cancelled.zip');
    const { jobId } = await call<{ jobId: string }>(f.t, 'export.package', {
      path: f.path,
      out,
      identity: 'alice',
      passphrase: 'correct horse battery staple',
      fixedTime: '2026-12-01T10:00:00Z',
    });
    await call(f.t, 'job.cancel', { jobId });
    const done = await waitForEvent(f.t.events, (e) => e.type === 'job.finished' && e.jobId === jobId);
    expect(done, JSON.stringify(done)).toMatchObject({ reply: { ok: false, error: { code: 'CANCELLED' } } });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(f.dir).filter((n) => n.startsWith('cancelled.zip'))).toEqual([]);
  });

  it('in a worker thread: exports, and a cancel while the zip is written leaves nothing', async () => {
    const identityDir = tempDir();
    const t = tableFor({ open: true, identityDir, runner: (emit) => new WorkerJobRunner(emit, defaultWorkerUrl()) });
    const path = join(t.baseDir, 'w.portcullis');
    await call(t, 'engagement.create', { path, meta: { entity: 'Acme', assessor: 'Alice Auditor' } });
    const big = join(t.baseDir, 'firewall-backup.tgz');
    writeFileSync(big, Buffer.alloc(64 * 1024 * 1024, 0x5a));
    await job(t, 'file.add', { path, sources: [big], role: 'attachment' });
    await makeIdentities(t);
    const request = { path, identity: 'alice', passphrase: PASSPHRASE, fixedTime: FIXED_TIME };
    const ok = await job<{ payloadBytes: number }>(t, 'export.package', { ...request, out: join(t.baseDir, 'ok.zip') });
    expect(ok.payloadBytes).toBeGreaterThan(64 * 1024 * 1024);
    const out = join(t.baseDir, 'cancelled.zip');
    const { jobId } = await call<{ jobId: string }>(t, 'export.package', { ...request, out });
    await waitForEvent(
      t.events,
      (e) => e.type === 'job.progress' && e.jobId === jobId && e.phase === 'Writing the package',
    );
    await call(t, 'job.cancel', { jobId });
    expect((await finished(t.events, jobId)).reply).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readdirSync(t.baseDir).filter((n) => n.startsWith('cancelled.zip'))).toEqual([]);
    await t.table.close();
  }, 120_000);

  it('a verification reports its progress and, cancelled, answers CANCELLED', async () => {
    const f = await engagement();
    const zip = join(f.dir, 'to-verify.zip');
    await exportTo(f, zip);
    const size = statSync(zip).size;
    // Through the table: cancelled once the first bytes are checked.
    const { jobId } = await call<{ jobId: string }>(f.t, 'package.verify', { package: zip, ca: f.caPem });
    const first = await waitForEvent(f.t.events, (e) => e.type === 'job.progress' && e.jobId === jobId);
    expect(first).toMatchObject({ phase: 'Checking the package', total: expect.any(Number) });
    await call(f.t, 'job.cancel', { jobId });
    expect((await finished(f.t.events, jobId)).reply).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED', message: 'verification cancelled' },
    });
    // In the core: an AbortSignal aborted part-way through a stored file stops at the next chunk.
    const controller = new AbortController();
    let seen = 0;
    const aborted = verifyPackage(zip, {
      signal: controller.signal,
      onProgress: (done) => {
        seen = done;
        if (done > 0) controller.abort();
      },
    });
    await expect(aborted).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(size / 2);
  });

  it('a failed export (a stored file no longer matching its hash) leaves no file', async () => {
    const f = await engagement();
    const out = join(f.dir, 'damaged.zip');
    const db = new Database(f.path);
    const chunk = db
      .prepare(
        `SELECT c.artifact_id, c.idx, c.data FROM artifact_chunk c JOIN artifact a ON a.id = c.artifact_id
         JOIN stored_file s ON s.sha256 = a.sha256 WHERE s.name = 'proof.txt'`,
      )
      .get() as { artifact_id: number; idx: number; data: Buffer };
    const set = db.prepare('UPDATE artifact_chunk SET data = ? WHERE artifact_id = ? AND idx = ?');
    set.run(Buffer.from(chunk.data.toString('utf8').replace('refused', 'ACCEPTED')), chunk.artifact_id, chunk.idx);
    try {
      const failed = await f.t.table.startJob('export.package', {
        path: f.path,
        out,
        identity: 'alice',
        passphrase: 'correct horse battery staple',
        fixedTime: '2026-12-01T10:00:00Z',
      });
      const reply = failed.ok ? await failed.value.done : failed;
      expect(reply).toMatchObject({
        ok: false,
        error: {
          code: 'DAMAGED',
          message: expect.stringMatching(/data\/attachments\/3-proof\.txt: the stored bytes no longer match/),
        },
      });
    } finally {
      set.run(chunk.data, chunk.artifact_id, chunk.idx);
      db.close();
    }
    expect(readdirSync(f.dir).filter((n) => n.startsWith('damaged.zip'))).toEqual([]);
  });

  it('refuses a wrong passphrase, an unknown identity and an existing file, writing nothing', async () => {
    const f = await engagement();
    const base = { path: f.path, out: join(f.dir, 'x.zip'), identity: 'alice' };
    // The job opens the identity first thing (in the worker, not the main process).
    const wrong = await f.t.table.startJob('export.package', { ...base, passphrase: 'not it' });
    expect(wrong.ok && (await wrong.value.done)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/alice\.p12: wrong passphrase/) },
    });
    const unknown = await f.t.table.invoke('export.package', { ...base, identity: 'bob', passphrase: 'x' });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/no identity named "bob"/) },
    });
    const exists = await f.t.table.invoke('export.package', {
      ...base,
      out: f.path.replace('.portcullis', '.zip').replace('e.zip', 'a.zip'),
      passphrase: 'x',
    });
    expect(exists).toMatchObject({ ok: false });
    expect(existsSync(base.out)).toBe(false);
  });
});
