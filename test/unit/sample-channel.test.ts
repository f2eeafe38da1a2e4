// The start screen's channels: copying the shipped sample into the workspace (never touching the shipped
// file), the open dialog for engagement files, and the list of recently opened engagements kept by the host.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Response } from '../../src-main/api/contract';
import type { Host, OpenFileOptions } from '../../src-main/api/host';
import { bundledResourcesDir, chooseEngagement, sampleFile } from '../../src-main/api/sample';
import { runCliIn } from './cli-helpers';
import { fileSha256, tempDir } from './helpers';
import { tableFor } from './table-helpers';

const shipped = sampleFile(bundledResourcesDir());
const meta = { entity: 'Acme', assessor: 'A. Assessor' };

async function value<T>(reply: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await reply;
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value as T;
}

describe('engagement.sample', () => {
  it('copies the shipped sample into the workspace under a free name and records the copy', async () => {
    const before = fileSha256(shipped);
    const t = tableFor();
    const first = await value<Response<'engagement.sample'>>(t.table.invoke('engagement.sample', {}));
    expect(first.path).toBe(join(t.baseDir, 'harbor-street-sample.portcullis'));
    expect(first.entity).toBe('Harbor Street Grocers (sample)');
    const second = await value<Response<'engagement.sample'>>(t.table.invoke('engagement.sample', {}));
    expect(second.path).toBe(join(t.baseDir, 'harbor-street-sample-2.portcullis'));
    expect(fileSha256(shipped)).toBe(before);

    const log = await value<Response<'audit.list'>>(t.table.invoke('audit.list', { path: first.path }));
    const last = log.at(-1)!;
    expect(last).toMatchObject({ command: 'engagement.sample', actor: 'table-user' });
    expect(JSON.parse(last.payload)).toEqual({ sample: 'harbor-street', sha256: before });
    expect(log[0]).toMatchObject({ command: 'engagement.create', actor: 'M. Okafor (QSA)' });
    const verdict = await value<Response<'audit.verify'>>(t.table.invoke('audit.verify', { path: first.path }));
    expect(verdict).toMatchObject({ valid: true, entries: log.length });

    // The copy is a working engagement: the reviewed items are there with their readiness.
    const readiness = await value<Response<'review.validate'>>(t.table.invoke('review.validate', { path: first.path }));
    const ready = readiness.items.filter((i) => i.auditReady).map((i) => i.key);
    expect(ready.sort()).toEqual(['ftp|21/tcp', 'telnet|23/tcp']);
    const tls = readiness.items.find((i) => i.key === 'tls-deprecated-protocols|443/tcp')!;
    expect(tls.status).toBe('draft');
    expect(tls.issues.map((i) => i.code)).toContain('no-approver');
  });

  it('writes to the name asked for, and refuses a taken name, a wrong extension and paths outside the workspace', async () => {
    const t = tableFor();
    const mine = await value<Response<'engagement.sample'>>(
      t.table.invoke('engagement.sample', { path: 'training.portcullis' }),
    );
    expect(mine.path).toBe(join(t.baseDir, 'training.portcullis'));
    const taken = await t.table.invoke('engagement.sample', { path: 'training.portcullis' });
    expect(taken).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
    const wrong = await t.table.invoke('engagement.sample', { path: 'training.db' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(wrong.ok ? '' : wrong.error.message).toMatch(/expected a file name ending in \.portcullis/);
    const outside = await t.table.invoke('engagement.sample', { path: join(tempDir(), 'x.portcullis') });
    expect(outside).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const junk = await t.table.invoke('engagement.sample', { path: '', extra: 1 });
    expect(junk).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('says plainly when the installation has no sample, and leaves nothing behind', async () => {
    const t = tableFor({ resourcesDir: tempDir() });
    const reply = await t.table.invoke('engagement.sample', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(reply.ok ? '' : reply.error.message).toMatch(/the sample engagement is missing from this installation/);
    expect(await value<unknown[]>(t.table.invoke('engagement.list', {}))).toEqual([]);
  });

  it('refuses a damaged shipped sample and removes the copy', async () => {
    const resources = tempDir();
    mkdirSync(join(resources, 'samples'));
    writeFileSync(sampleFile(resources), 'not an engagement');
    const t = tableFor({ resourcesDir: resources });
    const reply = await t.table.invoke('engagement.sample', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_SQLITE' } });
    expect(await value<unknown[]>(t.table.invoke('engagement.list', {}))).toEqual([]);
  });

  it('is the CLI command "sample"', async () => {
    const cwd = tempDir();
    const out = await runCliIn(cwd, ['sample', 'explore.portcullis']);
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain(`Wrote the sample engagement to ${join(cwd, 'explore.portcullis')}`);
    expect(out.stdout).toContain('Harbor Street Grocers (sample)');
    const again = await runCliIn(cwd, ['sample', 'explore.portcullis', '--json']);
    expect(again.status).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'ALREADY_EXISTS' } });
  });
});

describe('dialog.openEngagement', () => {
  function hostAnswering(paths: string[]) {
    const asked: OpenFileOptions[] = [];
    const granted: string[] = [];
    const host = {
      dialogs: {
        openFiles: async (_title: string, options?: OpenFileOptions) => {
          asked.push(options ?? {});
          return paths;
        },
      },
      grant: (p: string) => void granted.push(p),
    } as unknown as Host;
    return { host, asked, granted };
  }

  it('asks for one .portcullis file and grants the chosen one', async () => {
    const chosen = join(tempDir(), 'elsewhere.portcullis');
    const h = hostAnswering([chosen]);
    expect(await chooseEngagement(h.host)).toEqual({ path: chosen });
    expect(h.asked).toEqual([
      { multiple: false, filters: [{ name: 'Portcullis engagements', extensions: ['portcullis'] }] },
    ]);
    expect(h.granted).toEqual([chosen]);
  });

  it('answers null when cancelled and refuses another kind of file', async () => {
    expect(await chooseEngagement(hostAnswering([]).host)).toEqual({ path: null });
    const h = hostAnswering(['/tmp/scan.xml']);
    await expect(chooseEngagement(h.host)).rejects.toThrow(/not a Portcullis engagement/);
    expect(h.granted).toEqual([]);
  });

  it('lets the chosen engagement outside the workspace be opened', async () => {
    const outside = tempDir();
    const creator = tableFor({ baseDir: outside });
    await value(creator.table.invoke('engagement.create', { path: 'away.portcullis', meta }));
    await creator.table.close();
    const path = join(outside, 'away.portcullis');
    const t = tableFor({ dialogPaths: [path] });
    expect(await t.table.invoke('engagement.open', { path })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await value(t.table.invoke('dialog.openEngagement', {}))).toEqual({ path });
    expect(await t.table.invoke('engagement.open', { path })).toMatchObject({ ok: true });
  });
});

describe('engagement.recent', () => {
  it('lists opened engagements most recent first, with what they are or why they cannot open', async () => {
    const t = tableFor();
    for (const name of ['a', 'b']) {
      await value(t.table.invoke('engagement.create', { path: `${name}.portcullis`, meta: { ...meta, entity: name } }));
    }
    expect(await value(t.table.invoke('engagement.recent', {}))).toEqual([]);
    await value(t.table.invoke('engagement.open', { path: 'a.portcullis' }));
    await value(t.table.invoke('engagement.open', { path: 'b.portcullis' }));
    await value(t.table.invoke('engagement.open', { path: 'a.portcullis' }));
    const list = await value<Response<'engagement.recent'>>(t.table.invoke('engagement.recent', {}));
    expect(list.map((r) => [r.fileName, r.entity, r.problem])).toEqual([
      ['a.portcullis', 'a', null],
      ['b.portcullis', 'b', null],
    ]);
    expect(list[0]!.openedAt > list[1]!.openedAt).toBe(true);

    writeFileSync(join(t.baseDir, 'b.portcullis'), 'overwritten');
    const after = await value<Response<'engagement.recent'>>(t.table.invoke('engagement.recent', {}));
    expect(after[1]).toMatchObject({ fileName: 'b.portcullis', entity: null });
    expect(after[1]!.problem).toMatch(/b\.portcullis/);

    expect(await value(t.table.invoke('engagement.forget', { path: 'b.portcullis' }))).toEqual({ forgotten: true });
    expect(await value(t.table.invoke('engagement.forget', { path: 'b.portcullis' }))).toEqual({ forgotten: false });
    const left = await value<Response<'engagement.recent'>>(t.table.invoke('engagement.recent', {}));
    expect(left.map((r) => r.fileName)).toEqual(['a.portcullis']);
  });

  it('keeps the list in the host’s file, so a dialog-chosen engagement stays openable after a restart', async () => {
    const recentFile = join(tempDir(), 'config', 'recent-engagements.json');
    const outside = tempDir();
    const creator = tableFor({ baseDir: outside });
    await value(creator.table.invoke('engagement.create', { path: 'away.portcullis', meta }));
    await creator.table.close();
    const path = join(outside, 'away.portcullis');

    const first = tableFor({ dialogPaths: [path], recentFile });
    await value(first.table.invoke('dialog.openEngagement', {}));
    await value(first.table.invoke('engagement.open', { path }));
    await first.table.close();
    const saved = JSON.parse(readFileSync(recentFile, 'utf8')) as { recent: { path: string }[] };
    expect(saved.recent.map((r) => r.path)).toEqual([path]);

    const restarted = tableFor({ recentFile });
    const list = await value<Response<'engagement.recent'>>(restarted.table.invoke('engagement.recent', {}));
    expect(list.map((r) => r.path)).toEqual([path]);
    expect(await restarted.table.invoke('engagement.open', { path })).toMatchObject({ ok: true });
    // Without the remembered list the same path is refused.
    expect(await tableFor().table.invoke('engagement.open', { path })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('starts empty from a malformed file and keeps ten entries at most', async () => {
    const recentFile = join(tempDir(), 'recent.json');
    writeFileSync(recentFile, '{"recent": [{"path": "relative.portcullis", "openedAt": "x"}, 7]');
    const t = tableFor({ recentFile });
    expect(await value(t.table.invoke('engagement.recent', {}))).toEqual([]);
    for (let i = 0; i < 12; i++) {
      await value(t.table.invoke('engagement.create', { path: `e${i}.portcullis`, meta }));
      await value(t.table.invoke('engagement.open', { path: `e${i}.portcullis` }));
    }
    const list = await value<Response<'engagement.recent'>>(t.table.invoke('engagement.recent', {}));
    expect(list.map((r) => r.fileName)).toEqual(Array.from({ length: 10 }, (_, i) => `e${11 - i}.portcullis`));
  });
});
