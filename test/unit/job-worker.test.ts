// The worker-thread job runner, run from source: the worker executes worker-entry.ts through tsx.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorkerUrl, WorkerJobRunner } from '../../src-main/api/jobs/job-runner';
import { finished, tableFor, waitForEvent } from './table-helpers';
import { fileSha256 } from './helpers';

const meta = { entity: 'Acme', assessor: 'A. Assessor' };
const workerJobs = (emit: ConstructorParameters<typeof WorkerJobRunner>[0]) =>
  new WorkerJobRunner(emit, defaultWorkerUrl());

describe('worker job runner', () => {
  it('runs file.add in a worker thread, reports progress and lands the file', async () => {
    const { table, events, baseDir } = tableFor({ runner: workerJobs });
    const src = join(baseDir, 'scan.nessus');
    writeFileSync(src, Buffer.alloc(6 * 1024 * 1024, 0x41));
    await table.invoke('engagement.create', { path: 'w.portcullis', meta });
    const started = await table.invoke('file.add', { path: 'w.portcullis', sources: [src] });
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    const done = await finished(events, jobId);
    expect(done.reply).toMatchObject({
      ok: true,
      value: [{ name: 'scan.nessus', sha256: fileSha256(src), addedBy: 'table-user' }],
    });
    expect(events.some((e) => e.type === 'job.progress' && e.jobId === jobId && e.done === 6 * 1024 * 1024)).toBe(true);
    // The main thread's connection sees what the worker committed.
    expect(await table.invoke('audit.verify', { path: 'w.portcullis' })).toMatchObject({
      ok: true,
      value: { valid: true, entries: 2 },
    });
    await table.close();
  });

  it('cancel rolls the job back: nothing stored, chain intact', async () => {
    const { table, events, baseDir } = tableFor({ runner: workerJobs });
    const src = join(baseDir, 'huge.xml');
    writeFileSync(src, Buffer.alloc(96 * 1024 * 1024, 0x42));
    await table.invoke('engagement.create', { path: 'c.portcullis', meta });
    const started = await table.invoke('file.add', { path: 'c.portcullis', sources: [src] });
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    await waitForEvent(events, (e) => e.type === 'job.progress' && e.jobId === jobId);
    expect(await table.invoke('job.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: true } });
    const done = await finished(events, jobId);
    expect(done.reply).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await table.invoke('file.list', { path: 'c.portcullis' })).toEqual({ ok: true, value: [] });
    expect(await table.invoke('audit.verify', { path: 'c.portcullis' })).toMatchObject({
      ok: true,
      value: { valid: true, entries: 1 },
    });
    expect(await table.invoke('job.cancel', { jobId })).toEqual({ ok: true, value: { cancelled: false } });
    await table.close();
  });
});
