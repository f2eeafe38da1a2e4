// Reviews through the store, the handler table and the CLI: records are validated with the path of the
// problem, links must exist, approver != requester is enforced, every apply is audited, a later scan
// proves a disabled service closed, and the readiness score follows the records.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src-main/cli/io';
import { runCli } from '../../src-main/cli/run';
import { InlineJobRunner } from '../../src-main/api/jobs/job-runner';
import { listAudit } from '../../src-main/core/store/audit-log';
import { tempDir } from './helpers';
import { NMAP_LOCAL_TCP_XML } from './import-scan-fixtures';
import { KEY, record, setup } from './review-fixtures';
import { finished } from './table-helpers';

// The same scan a week later with redis stopped: 6379 reported closed (edited from the real output).
const LATER = NMAP_LOCAL_TCP_XML.replace(
  /<port protocol="tcp" portid="6379"><state state="open" reason="syn-ack" reason_ttl="64"\/>/,
  '<port protocol="tcp" portid="6379"><state state="closed" reason="reset" reason_ttl="64"/>',
).replace('start="1795767274"', 'start="1796372074"');

describe('reviews through the handler table', () => {
  it('walks an item from "no disposition" to audit-ready, and the readiness score follows', async () => {
    const { table, ftpRule, proofSha } = await setup();
    const before = await table.invoke('review.get', { path: 'r.portcullis', key: KEY });
    expect(before).toMatchObject({
      ok: true,
      value: { saved: false, auditReady: false, issues: [{ code: 'no-disposition' }] },
    });
    const score0 = (await table.invoke('review.validate', { path: 'r.portcullis' })) as {
      value: { score: number; total: number };
    };
    expect(score0.value).toMatchObject({ score: 0, total: 7 });

    const draft = await table.invoke('review.apply', {
      path: 'r.portcullis',
      key: KEY,
      record: { ...record(ftpRule, proofSha), status: 'draft', features: [] },
    });
    expect((draft as { value: { issues: { code: string }[] } }).value.issues.map((i) => i.code)).toEqual([
      'not-approved',
      'no-features',
      'third-party-without-features',
    ]);
    const done = await table.invoke('review.apply', {
      path: 'r.portcullis',
      key: KEY,
      record: record(ftpRule, proofSha),
    });
    expect(done).toMatchObject({
      ok: true,
      value: { saved: true, auditReady: true, issues: [], updatedBy: 'table-user' },
    });
    const score = (await table.invoke('review.validate', { path: 'r.portcullis' })) as {
      value: { score: number; ready: number; total: number; items: { key: string; auditReady: boolean }[] };
    };
    expect(score.value).toMatchObject({ score: 14, ready: 1, total: 7 });
    expect(score.value.items.find((i) => i.key === KEY)?.auditReady).toBe(true);
    const log = (await table.invoke('audit.list', { path: 'r.portcullis' })) as { value: { command: string }[] };
    expect(log.value.filter((e) => e.command === 'review.apply')).toHaveLength(2);
    await table.close();
  });

  it('refuses approver = requester, links to nothing, unknown items and bad records, and writes nothing', async () => {
    const { table, ftpRule, proofSha } = await setup();
    const auditBefore = ((await table.invoke('audit.list', { path: 'r.portcullis' })) as { value: unknown[] }).value
      .length;
    const refuse = async (key: string, rec: unknown) => {
      const r = await table.invoke('review.apply', { path: 'r.portcullis', key, record: rec });
      expect(r.ok).toBe(false);
      return (r as { error: { code: string; message: string } }).error;
    };
    expect(await refuse(KEY, { ...record(ftpRule, proofSha), approver: 'r. requester' })).toEqual({
      code: 'INVALID_REQUEST',
      message: 'review of ftp-anonymous|2121/tcp: the security approver (r. requester) must not be the requester',
    });
    const ghost = record(99999, proofSha);
    expect((await refuse(KEY, ghost)).message).toBe(
      'features[0] ("Settlement partner reaches it only from its one gateway"): no imported rule has id 99999',
    );
    expect((await refuse(KEY, record(ftpRule, 'a'.repeat(64)))).message).toMatch(
      /tests\[0\]: no stored file has SHA-256 a{64}/,
    );
    expect((await refuse(KEY, { disposition: 'maybe' })).message).toMatch(
      /^review of ftp-anonymous\|2121\/tcp: at disposition: /,
    );
    expect(await refuse('telnet|23/tcp', record(ftpRule, proofSha))).toMatchObject({ code: 'NOT_FOUND' });
    const auditAfter = ((await table.invoke('audit.list', { path: 'r.portcullis' })) as { value: unknown[] }).value
      .length;
    expect(auditAfter).toBe(auditBefore);
    await table.close();
  });

  it('flags an allowlist that admits any source, from the linked rule', async () => {
    const { table, anyRule, proofSha } = await setup();
    const r = await table.invoke('review.apply', { path: 'r.portcullis', key: KEY, record: record(anyRule, proofSha) });
    expect((r as { value: { issues: { code: string; message: string }[] } }).value.issues).toMatchObject([
      { code: 'allowlist-any', message: 'Rule fw1 filter/INPUT #2 admits any source.' },
    ]);
    await table.close();
  });

  it('a disabled service is proven closed by a later scan', async () => {
    const { table, events, baseDir } = await setup();
    const key = 'unauthenticated-store|6379/tcp';
    const disabled = await table.invoke('review.apply', {
      path: 'r.portcullis',
      key,
      record: { disposition: 'disable' },
    });
    expect((disabled as { value: { issues: { code: string }[] } }).value.issues.map((i) => i.code)).toEqual([
      'no-closure-proof',
    ]);
    writeFileSync(join(baseDir, 'later.xml'), LATER);
    const started = await table.invoke('import.files', { path: 'r.portcullis', sources: ['later.xml'] });
    await finished(events, (started as { value: { jobId: string } }).value.jobId);
    const after = await table.invoke('review.get', { path: 'r.portcullis', key });
    expect(after).toMatchObject({ ok: true, value: { auditReady: true, issues: [] } });
    await table.close();
  });
});

describe('change tickets behind a decision', () => {
  it('a closed change ticket proves a disabled service; an unknown or cancelled one does not', async () => {
    const { table, events, baseDir } = await setup();
    // A ServiceNow Table API export, generated with the field names ServiceNow documents.
    const changes = {
      result: [
        { number: 'CHG0031877', short_description: 'Stop redis', state: 'Closed', closed_at: '2026-11-20 10:00:00' },
        {
          number: 'CHG0031878',
          short_description: 'Stop memcached',
          state: 'Canceled',
          closed_at: '2026-11-21 09:00:00',
        },
      ],
    };
    writeFileSync(join(baseDir, 'changes.json'), JSON.stringify(changes));
    const started = await table.invoke('import.files', { path: 'r.portcullis', sources: ['changes.json'] });
    await finished(events, (started as { value: { jobId: string } }).value.jobId);
    const apply = (key: string, tickets: string[]) =>
      table.invoke('review.apply', { path: 'r.portcullis', key, record: { disposition: 'disable', tickets } });
    const redis = await apply('unauthenticated-store|6379/tcp', ['CHG0031877']);
    expect(redis).toMatchObject({ ok: true, value: { auditReady: true, issues: [] } });
    const memcached = await apply('unauthenticated-store|11211/tcp', ['CHG0031878']);
    expect((memcached as { value: { issues: { code: string }[] } }).value.issues.map((i) => i.code)).toEqual([
      'no-closure-proof',
    ]);
    const unknown = await apply('unauthenticated-store|11211/tcp', ['CHG0099999']);
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'tickets: no imported change ticket has key CHG0099999' },
    });
    await table.close();
  });
});

describe('one feature applied to several items', () => {
  it('adds it to every item in one audited transaction, or to none when one item is unknown', async () => {
    const { table, ftpRule, proofSha } = await setup();
    const feature = record(ftpRule, proofSha).features[0]!;
    const keys = ['ftp|2121/tcp', 'ftp-anonymous|2121/tcp'];
    const refused = await table.invoke('review.addFeature', {
      path: 'r.portcullis',
      keys: [...keys, 'telnet|23/tcp'],
      feature,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const key of keys) {
      const r = (await table.invoke('review.get', { path: 'r.portcullis', key })) as { value: { saved: boolean } };
      expect(r.value.saved).toBe(false);
    }
    const done = await table.invoke('review.addFeature', { path: 'r.portcullis', keys, feature });
    expect(done).toMatchObject({ ok: true, value: { keys } });
    for (const key of keys) {
      const r = (await table.invoke('review.get', { path: 'r.portcullis', key })) as {
        value: { record: { features: { title: string; hosts: string[] }[] } };
      };
      expect(r.value.record.features.map((f) => [f.title, f.hosts])).toEqual([[feature.title, []]]);
    }
    const log = (await table.invoke('audit.list', { path: 'r.portcullis' })) as { value: { command: string }[] };
    expect(log.value.filter((e) => e.command === 'review.addFeature')).toHaveLength(1);
    const bad = await table.invoke('review.addFeature', {
      path: 'r.portcullis',
      keys,
      feature: { kind: 'magic', title: 'x' },
    });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringMatching(/^feature: at kind: /) },
    });
    await table.close();
  });
});

describe('reviews on the command line', () => {
  it('applies a review from a JSON file and prints what is missing; validate prints the score', async () => {
    const dir = tempDir();
    const io = (out: { stdout: string; stderr: string }): CliIo => ({
      stdout: (t) => void (out.stdout += t),
      stderr: (t) => void (out.stderr += t),
      isTty: false,
      cwd: dir,
      env: { PORTCULLIS_ACTOR: 'qsa' },
    });
    const cli = async (...argv: string[]) => {
      const out = { stdout: '', stderr: '' };
      const status = await runCli(argv, io(out), { jobs: (emit) => new InlineJobRunner(emit) });
      return { status, ...out };
    };
    writeFileSync(join(dir, 'scan.xml'), NMAP_LOCAL_TCP_XML);
    await cli('new', 'e.portcullis', '--entity', 'Acme', '--assessor', 'QSA');
    await cli('import', 'e.portcullis', 'scan.xml');
    writeFileSync(
      join(dir, 'review.json'),
      JSON.stringify({ disposition: 'replace', replacementPlan: 'SFTP on the same host' }),
    );
    const applied = await cli('review', 'e.portcullis', 'ftp|2121/tcp', '--file', 'review.json');
    expect(applied.status).toBe(0);
    expect(applied.stdout).toContain('ftp|2121/tcp  not ready  (saved ');
    expect(applied.stdout).toContain(
      'MISSING The replacement has no target date. Fix: Set the date by which the insecure service will be gone. [no-target-date]',
    );
    const shown = await cli('review', 'e.portcullis', 'ftp|2121/tcp', '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({
      record: { disposition: 'replace', replacementPlan: 'SFTP on the same host' },
    });
    const missing = await cli('review', 'e.portcullis', 'ftp|2121/tcp', '--file', 'nope.json');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nope\.json: cannot be read \(ENOENT\)/);
    // The items list answers "where is each one justified" with the review so far.
    const items = await cli('items', 'e.portcullis');
    expect(items.stdout).toContain('HIGH   FTP without TLS on 2121/tcp: 1 host in 127.0.0.0/24');
    expect(items.stdout).toContain('review: replace (draft)');
    expect(items.stdout).toContain('review: not reviewed yet');
    const csv = await cli('items', 'e.portcullis', '--csv');
    expect(csv.stdout.split('\r\n').find((l) => l.startsWith('"ftp|2121/tcp"'))).toContain('"replace","draft",""');
    const validate = await cli('validate', 'e.portcullis');
    expect(validate.stdout.split('\n')[0]).toBe('Readiness 0%: 0 of 7 insecure item(s) audit-ready.');
    expect(validate.stdout).toContain(
      'MISSING FTP without TLS on 2121/tcp: 1 host in 127.0.0.0/24  [ftp|2121/tcp]  replace, draft',
    );
    const log = await cli('audit', 'log', 'e.portcullis');
    expect(log.stdout).toMatch(/qsa {2}review\.apply/);
    void listAudit;
  });
});
