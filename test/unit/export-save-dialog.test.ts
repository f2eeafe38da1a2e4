// Exports through the save dialog (what the app's Export tab uses): with no `out` and `save: true` the
// handler asks the face's save dialog, suggests a name from the engagement, adds the extension when the
// user left it off, may write outside the workspace because the user chose the place, and a cancelled
// dialog writes nothing. Without either, the request is refused naming what was expected.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { saveTarget } from '../../src-main/api/save-target';
import { verifyPackage } from '../../src-main/core/export/verify';
import { tempDir } from './helpers';
import { finished, tableFor } from './table-helpers';

const PASSPHRASE = 'save dialog passphrase';
const meta = { entity: 'Acme Retail', assessor: 'A. Assessor' };

type Table = ReturnType<typeof tableFor>;

async function withIdentity(t: Table): Promise<void> {
  const made = await t.table.invoke('identity.new', {
    name: 'alice',
    commonName: 'Alice Auditor',
    keyType: 'p256',
    passphrase: PASSPHRASE,
  });
  expect(made).toMatchObject({ ok: true });
  expect(await t.table.invoke('engagement.create', { path: 'acme-2026.portcullis', meta })).toMatchObject({ ok: true });
}

async function runJob(t: Table, channel: string, request: unknown) {
  const started = await t.table.invoke(channel, request);
  if (!started.ok) return started;
  return (await finished(t.events, (started.value as { jobId: string }).jobId)).reply;
}

describe('saveTarget', () => {
  it('suggests a name from the engagement, adds the extension and grants the chosen path', async () => {
    const asked: { title: string; name: string }[] = [];
    const granted: string[] = [];
    const host = {
      dialogs: {
        openFiles: async () => [],
        saveFile: async (title: string, name: string) => {
          asked.push({ title, name });
          return '/elsewhere/binder/acme-final';
        },
      },
      grant: (p: string) => void granted.push(p),
    };
    const target = await saveTarget(host, (p) => p, {
      channel: 'export.package',
      out: undefined,
      save: true,
      engagement: '/ws/Acme-2026.portcullis',
      suffix: '-evidence-package.zip',
      extension: '.zip',
      title: 'Save the signed evidence package',
    });
    expect(asked).toEqual([{ title: 'Save the signed evidence package', name: 'Acme-2026-evidence-package.zip' }]);
    expect(target).toBe('/elsewhere/binder/acme-final.zip');
    expect(granted).toEqual(['/elsewhere/binder/acme-final.zip']);
  });

  it('keeps a given path and never opens the dialog for it', async () => {
    const host = {
      dialogs: {
        openFiles: async () => [],
        saveFile: async (): Promise<string | null> => {
          throw new Error('the dialog must not open when out is given');
        },
      },
      grant: () => undefined,
    };
    const target = await saveTarget(host, (p) => `/resolved/${p}`, {
      channel: 'export.report',
      out: 'r.pdf',
      save: true,
      engagement: '/ws/a.portcullis',
      suffix: '-report.pdf',
      extension: '.pdf',
      title: 'Save the PDF report',
    });
    expect(target).toBe('/resolved/r.pdf');
  });
});

describe('export.package and export.report through the save dialog', () => {
  it('writes the package where the user chose, outside the workspace, and it verifies', async () => {
    const chosen = join(tempDir(), 'acme-binder');
    const t = tableFor({ savePath: chosen });
    await withIdentity(t);
    const reply = await runJob(t, 'export.package', {
      path: 'acme-2026.portcullis',
      save: true,
      identity: 'alice',
      passphrase: PASSPHRASE,
    });
    expect(reply).toMatchObject({ ok: true, value: { out: `${chosen}.zip` } });
    const value = (reply as { value: { sha256: string; bytes: number } }).value;
    const bytes = readFileSync(`${chosen}.zip`);
    expect(bytes.length).toBe(value.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(value.sha256);
    const verdict = await verifyPackage(`${chosen}.zip`);
    expect(verdict.valid).toBe(true);
    await t.table.close();
  }, 60_000);

  it('writes the signed report where the user chose', async () => {
    const chosen = join(tempDir(), 'acme-report.pdf');
    const t = tableFor({ savePath: chosen });
    await withIdentity(t);
    const reply = await runJob(t, 'export.report', {
      path: 'acme-2026.portcullis',
      save: true,
      identity: 'alice',
      passphrase: PASSPHRASE,
    });
    expect(reply).toMatchObject({ ok: true, value: { out: chosen, signer: 'Alice Auditor' } });
    expect(readFileSync(chosen).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await t.table.close();
  }, 60_000);

  it('a cancelled save dialog starts no job and writes nothing', async () => {
    const t = tableFor({ savePath: null });
    await withIdentity(t);
    for (const channel of ['export.package', 'export.report']) {
      const reply = await t.table.invoke(channel, {
        path: 'acme-2026.portcullis',
        save: true,
        identity: 'alice',
        passphrase: PASSPHRASE,
      });
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'CANCELLED', message: `${channel}: no file was chosen in the save dialog; nothing was written` },
      });
    }
    expect(t.events.filter((e) => e.type === 'job.finished')).toEqual([]);
    expect(existsSync(join(t.baseDir, 'acme-2026-evidence-package.zip'))).toBe(false);
    await t.table.close();
  });

  it('refuses a request with neither an output path nor save, naming what was expected', async () => {
    const t = tableFor({ savePath: join(tempDir(), 'never.zip') });
    await withIdentity(t);
    const pkg = await t.table.invoke('export.package', {
      path: 'acme-2026.portcullis',
      identity: 'alice',
      passphrase: PASSPHRASE,
    });
    expect(pkg).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message:
          'export.package: out: expected a file name ending in .zip, or save: true to choose it in the save dialog',
      },
    });
    const report = await t.table.invoke('export.report', { path: 'acme-2026.portcullis' });
    expect(report).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('export.report: out: expected a file name') },
    });
    await t.table.close();
  });

  it('on the command line (no dialogs) a missing --out is still refused before any dialog', async () => {
    const t = tableFor({ face: 'cli', open: true });
    await withIdentity(t);
    const reply = await t.table.invoke('export.package', {
      path: 'acme-2026.portcullis',
      out: '',
      identity: 'alice',
      passphrase: PASSPHRASE,
    });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'export.package: out: a file path is required' },
    });
    await t.table.close();
  });
});
