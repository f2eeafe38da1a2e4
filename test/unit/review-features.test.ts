// Security features as things others can cite: each gets an id (F1, F2…) that stays through every save and
// is never given again once its feature is removed; features carry their own change tickets; links and
// proofs can cite entries of the evidence register (E-001…), which must exist.
import { describe, expect, it } from 'vitest';
import { KEY, record, setup } from './review-fixtures';
import { finished } from './table-helpers';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Feature = { id?: string; title: string; tickets?: string[] };
type Applied = {
  ok: boolean;
  value: { record: { features: Feature[]; featureSeq: number }; issues: { code: string }[] };
};

async function withTable() {
  const t = await setup();
  const apply = async (rec: unknown, key = KEY) =>
    (await t.table.invoke('review.apply', { path: 'r.portcullis', key, record: rec })) as Applied & {
      error?: { code: string; message: string };
    };
  const get = async (key = KEY) =>
    ((await t.table.invoke('review.get', { path: 'r.portcullis', key })) as Applied).value.record;
  return { ...t, apply, get };
}

describe('feature ids', () => {
  it('are given on first save, kept through later saves, and a removed one is never given again', async () => {
    const { ftpRule, proofSha, apply, get, table } = await withTable();
    const base = record(ftpRule, proofSha);
    const f = base.features[0]!;
    const first = await apply({ ...base, features: [f, { ...f, title: 'Second' }] });
    expect(first.value.record.features.map((x) => [x.id, x.title])).toEqual([
      ['F1', f.title],
      ['F2', 'Second'],
    ]);
    expect(first.value.record.featureSeq).toBe(2);

    // A later save that sends the ids back keeps them; F2 is removed and a new feature added.
    const kept = (await get()).features;
    const next = await apply({ ...base, features: [kept[0], { ...f, title: 'Third' }] });
    expect(next.value.record.features.map((x) => [x.id, x.title])).toEqual([
      ['F1', f.title],
      ['F3', 'Third'],
    ]);
    // Sending the removed id again is refused: citations of F2 would point at another feature.
    const reused = await apply({ ...base, features: [kept[0], { ...f, id: 'F2', title: 'Not the old F2' }] });
    expect(reused).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: `review of ${KEY}: F2 belonged to a feature that was removed; leave the id out and a new one is given`,
      },
    });
    // A face may number a new feature itself, as long as the number is new.
    const own = await apply({ ...base, features: [kept[0], { ...f, id: 'F7', title: 'Numbered by the app' }] });
    expect(own.value.record.features.map((x) => x.id)).toEqual(['F1', 'F7']);
    expect(own.value.record.featureSeq).toBe(7);
    const twice = await apply({ ...base, features: [kept[0], { ...f, id: 'F1', title: 'Same id' }] });
    expect(twice).toMatchObject({ ok: false, error: { message: `review of ${KEY}: two features have the id F1` } });
    await table.close();
  });

  it('copies applied to other items take the next id of each item', async () => {
    const { ftpRule, proofSha, apply, get, table } = await withTable();
    const f = record(ftpRule, proofSha).features[0]!;
    await apply({ features: [f, f, f] }, 'ftp|2121/tcp');
    const done = await table.invoke('review.addFeature', {
      path: 'r.portcullis',
      keys: ['ftp|2121/tcp', KEY],
      feature: { ...f, id: 'F2' },
    });
    expect(done).toMatchObject({ ok: true });
    expect((await get('ftp|2121/tcp')).features.map((x) => x.id)).toEqual(['F1', 'F2', 'F3', 'F4']);
    expect((await get(KEY)).features.map((x) => x.id)).toEqual(['F1']);
    await table.close();
  });
});

describe('feature tickets and evidence citations', () => {
  it('checks that feature tickets are imported and cited evidence entries exist; an evidence entry proves a test', async () => {
    const { ftpRule, proofSha, apply, table, events, baseDir } = await withTable();
    writeFileSync(
      join(baseDir, 'changes.json'),
      JSON.stringify({ result: [{ number: 'CHG0031877', short_description: 'Allowlist FTP', state: 'Closed' }] }),
    );
    const started = (await table.invoke('import.files', { path: 'r.portcullis', sources: ['changes.json'] })) as {
      value: { jobId: string };
    };
    await finished(events, started.value.jobId);
    const note = (await table.invoke('evidence.note', {
      path: 'r.portcullis',
      entry: { type: 'interview', title: 'Interview with the network engineer', note: 'Only the gateway is allowed.' },
    })) as { ok: boolean; value: { ref: string } };
    expect(note.ok).toBe(true);
    const ref = note.value.ref;
    const base = record(ftpRule, proofSha);
    const f = base.features[0]!;
    const cited = {
      ...f,
      tickets: ['CHG0031877'],
      implementedBy: [...f.implementedBy, { kind: 'evidence', ref }],
      tests: [{ ...f.tests[0]!, proof: { kind: 'evidence', ref } }],
    };
    const ok = await apply({ ...base, features: [cited] });
    expect(ok).toMatchObject({ ok: true, value: { issues: [] } });
    expect(ok.value.record.features[0]!.tickets).toEqual(['CHG0031877']);

    const badTicket = await apply({ ...base, features: [{ ...cited, tickets: ['CHG0099999'] }] });
    expect(badTicket).toMatchObject({
      ok: false,
      error: {
        code: 'NOT_FOUND',
        message: `features[0] ("${f.title}") tickets: no imported change ticket has key CHG0099999`,
      },
    });
    const badLink = await apply({
      ...base,
      features: [{ ...cited, implementedBy: [{ kind: 'evidence', ref: 'E-999' }] }],
    });
    expect(badLink).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: `features[0] ("${f.title}"): the evidence register has no entry E-999` },
    });
    const badProof = await apply({
      ...base,
      features: [{ ...cited, tests: [{ ...cited.tests[0], proof: { kind: 'evidence', ref: 'E-998' } }] }],
    });
    expect(badProof).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'features[0].tests[0]: the evidence register has no entry E-998' },
    });
    const malformed = await apply({
      ...base,
      features: [{ ...cited, implementedBy: [{ kind: 'evidence', ref: 'E1' }] }],
    });
    expect(malformed).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: `review of ${KEY}: at features[0].implementedBy[0].ref: expected an evidence id such as E-001`,
      },
    });
    await table.close();
  });
});
