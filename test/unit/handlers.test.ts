import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished, tableFor } from './table-helpers';
import { fileSha256, tempDir } from './helpers';

const meta = { entity: 'Acme Retail', assessor: 'A. Assessor', periodStart: '2026-01-01', periodEnd: '2026-06-30' };

describe('handler table', () => {
  it('creates, lists, opens, updates an engagement; every change is in the audit log', async () => {
    const { table, baseDir } = tableFor();
    const created = await table.invoke('engagement.create', { path: 'acme.portcullis', meta });
    expect(created).toMatchObject({
      ok: true,
      value: { path: join(baseDir, 'acme.portcullis'), createdBy: 'table-user' },
    });

    const listed = await table.invoke('engagement.list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: [{ fileName: 'acme.portcullis', entity: 'Acme Retail', problem: null }],
    });

    const updated = await table.invoke('engagement.update', {
      path: 'acme.portcullis',
      patch: { scopeNote: 'POS + gateway' },
    });
    expect(updated).toMatchObject({ ok: true, value: { scopeNote: 'POS + gateway', entity: 'Acme Retail' } });

    const opened = await table.invoke('engagement.open', { path: 'acme.portcullis' });
    expect(opened).toMatchObject({ ok: true, value: { audit: { valid: true, entries: 2 } } });

    const log = await table.invoke('audit.list', { path: 'acme.portcullis' });
    expect(log.ok && (log.value as { command: string }[]).map((e) => e.command)).toEqual([
      'engagement.create',
      'engagement.update',
    ]);
    await table.close();
  });

  it('refuses an update that would reverse the period', async () => {
    const { table } = tableFor();
    await table.invoke('engagement.create', { path: 'a.portcullis', meta });
    const reply = await table.invoke('engagement.update', { path: 'a.portcullis', patch: { periodEnd: '2025-01-01' } });
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/must not end before/) },
    });
    await table.close();
  });

  it('lists a broken file with its problem instead of failing the listing', async () => {
    const { table, baseDir } = tableFor();
    writeFileSync(join(baseDir, 'junk.portcullis'), 'not a database');
    const listed = await table.invoke('engagement.list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: [
        { fileName: 'junk.portcullis', entity: null, problem: expect.stringMatching(/not a Portcullis engagement/) },
      ],
    });
    await table.close();
  });

  it('refuses paths outside the workspace unless chosen in a dialog', async () => {
    const outside = tempDir();
    const src = join(outside, 'scan.xml');
    writeFileSync(src, '<nmaprun/>');
    const { table, events } = tableFor({ dialogPaths: [src] });
    await table.invoke('engagement.create', { path: 'a.portcullis', meta });
    expect(await table.invoke('engagement.create', { path: join(outside, 'b.portcullis'), meta })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await table.invoke('file.add', { path: 'a.portcullis', sources: [src] })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(await table.invoke('dialog.openFiles', {})).toEqual({ ok: true, value: { paths: [src] } });
    const started = await table.invoke('file.add', { path: 'a.portcullis', sources: [src] });
    expect(started.ok).toBe(true);
    const done = await finished(events, (started as { value: { jobId: string } }).value.jobId);
    expect(done.reply).toMatchObject({ ok: true, value: [{ name: 'scan.xml', sha256: fileSha256(src) }] });
    await table.close();
  });

  it('runs file.add as a job with progress and a finished event, then lists the file', async () => {
    const { table, events, baseDir } = tableFor();
    const src = join(baseDir, 'hosts.txt');
    writeFileSync(src, Buffer.alloc(3 * 1024 * 1024 + 5, 7));
    await table.invoke('engagement.create', { path: 'a.portcullis', meta });
    const started = await table.invoke('file.add', { path: 'a.portcullis', sources: [src], role: 'attachment' });
    expect(started).toMatchObject({ ok: true, value: { jobId: expect.any(String) } });
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    const done = await finished(events, jobId);
    expect(done).toMatchObject({ channel: 'file.add', reply: { ok: true } });
    const progress = events.filter((e) => e.type === 'job.progress' && e.jobId === jobId);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ done: 3 * 1024 * 1024 + 5, total: 3 * 1024 * 1024 + 5 });
    const files = await table.invoke('file.list', { path: 'a.portcullis' });
    expect(files).toMatchObject({
      ok: true,
      value: [{ name: 'hosts.txt', role: 'attachment', sha256: fileSha256(src) }],
    });

    const verify = await table.invoke('file.verify', { path: 'a.portcullis' });
    const verified = await finished(events, (verify as { value: { jobId: string } }).value.jobId);
    expect(verified.reply).toMatchObject({ ok: true, value: { checked: 1, bad: [] } });

    const out = join(baseDir, 'copy.txt');
    expect(
      await table.invoke('file.extract', { path: 'a.portcullis', sha256: fileSha256(src), to: out }),
    ).toMatchObject({ ok: true });
    expect(fileSha256(out)).toBe(fileSha256(src));
    expect(
      await table.invoke('file.extract', { path: 'a.portcullis', sha256: fileSha256(src), to: out }),
    ).toMatchObject({
      ok: false,
      error: { code: 'IO_ERROR', message: expect.stringMatching(/EEXIST/) },
    });
    await table.close();
  });

  it('a job on a missing engagement is refused before it starts', async () => {
    const { table, events } = tableFor();
    const reply = await table.invoke('file.add', { path: 'missing.portcullis', sources: ['x'] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(events.length).toBe(0);
    await table.close();
  });
});
