// Undo of the last change to an item's review, from the audit log: back to the record saved before it (or
// to no review), audited as review.undo; refused, saying why, when the last change was not an edit of the
// record itself (a feature copied in from other items) or there is nothing to undo.
import { describe, expect, it } from 'vitest';
import { KEY, record, setup } from './review-fixtures';

type State = {
  ok: boolean;
  value: {
    saved: boolean;
    record: { justification: string | null; features: unknown[] };
    undo?: { available: boolean; detail: string };
  };
  error?: { code: string; message: string };
};

describe('review undo', () => {
  it('goes back one saved record at a time, to no review at the start, and each undo is audited', async () => {
    const { table, ftpRule, proofSha } = await setup();
    const path = 'r.portcullis';
    const call = async (channel: string, request: object) =>
      (await table.invoke(channel, { path, ...request })) as State;

    const never = await call('review.get', { key: KEY });
    expect(never.value.undo).toEqual({
      available: false,
      detail: 'nothing to undo: this item’s review was never changed',
    });
    expect(await call('review.undo', { key: KEY })).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_REQUEST',
        message: `review of ${KEY}: nothing to undo: this item’s review was never changed`,
      },
    });

    const first = { ...record(ftpRule, proofSha), justification: 'First reason' };
    await call('review.apply', { key: KEY, record: first });
    const second = await call('review.apply', { key: KEY, record: { ...first, justification: 'Second reason' } });
    expect(second.value.undo?.available).toBe(true);
    expect(second.value.undo?.detail).toMatch(/^undo audit entry \d+: back to the record saved before it$/);

    const undone = await call('review.undo', { key: KEY });
    expect(undone.value.record.justification).toBe('First reason');
    const log = (await table.invoke('audit.list', { path })) as {
      value: { seq: number; command: string; payload: string }[];
    };
    const entry = log.value.find((e) => e.command === 'review.undo')!;
    const applies = log.value.filter((e) => e.command === 'review.apply');
    expect(JSON.parse(entry.payload)).toMatchObject({ itemKey: KEY, undoes: applies[1]!.seq });

    // An undo is a change too: undoing it brings the second record back.
    const redone = await call('review.undo', { key: KEY });
    expect(redone.value.record.justification).toBe('Second reason');

    // A first save undone leaves no review at all.
    const other = 'ftp|2121/tcp';
    await call('review.apply', { key: other, record: { disposition: 'disable' } });
    const gone = await call('review.undo', { key: other });
    expect(gone.value.saved).toBe(false);
    await table.close();
  });

  it('refuses when the last change came from elsewhere (a feature applied across items)', async () => {
    const { table, ftpRule, proofSha } = await setup();
    const path = 'r.portcullis';
    const f = record(ftpRule, proofSha).features[0]!;
    await table.invoke('review.apply', { path, key: KEY, record: { disposition: 'constrain' } });
    await table.invoke('review.addFeature', { path, keys: [KEY, 'ftp|2121/tcp'], feature: f });
    const state = (await table.invoke('review.get', { path, key: KEY })) as State;
    expect(state.value.undo?.available).toBe(false);
    expect(state.value.undo?.detail).toMatch(
      /^the last change \(audit entry \d+, review\.addFeature\) was not made in this review alone/,
    );
    expect(await table.invoke('review.undo', { path, key: KEY })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' },
    });
    await table.close();
  });
});
