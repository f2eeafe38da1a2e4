import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { fixedContext, newEngagement } from './helpers';

/** An engagement whose log holds entries 1..n (1 is engagement.create). */
function withEntries(n: number): EngagementStore {
  const store = newEngagement();
  const ctx = fixedContext('analyst');
  for (let i = 2; i <= n; i++) store.updateMeta({ scopeNote: `revision ${i}` }, ctx);
  return store;
}

/** Tampers with the file the way someone with the sqlite3 shell would, outside the app. */
function tamper(store: EngagementStore, sql: string): ReturnType<typeof verifyAuditChain> {
  store.close();
  const raw = new Database(store.path);
  raw.exec(sql);
  raw.close();
  const again = new Database(store.path, { readonly: true });
  try {
    return verifyAuditChain(again);
  } finally {
    again.close();
  }
}

describe('audit chain', () => {
  it('is valid after many commands, one entry per command', () => {
    const store = withEntries(25);
    expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 25 });
    store.close();
  });

  it('detects an edited field and names the entry', () => {
    expect(tamper(withEntries(10), "UPDATE audit_log SET actor = 'mallory' WHERE seq = 4")).toMatchObject({
      valid: false,
      firstBad: { seq: 4, reason: expect.stringMatching(/edited or moved/) },
    });
  });

  it('detects an edited payload', () => {
    expect(
      tamper(withEntries(10), `UPDATE audit_log SET payload = '{"scopeNote":"nothing"}' WHERE seq = 7`),
    ).toMatchObject({
      valid: false,
      firstBad: { seq: 7, reason: expect.stringMatching(/payload/) },
    });
  });

  it('detects an edit that also recomputes the payload hash', () => {
    const sql = `UPDATE audit_log SET payload = '{}', payload_hash = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a' WHERE seq = 3`;
    expect(tamper(withEntries(6), sql)).toMatchObject({ valid: false, firstBad: { seq: 3 } });
  });

  it('detects a deleted entry in the middle', () => {
    expect(tamper(withEntries(10), 'DELETE FROM audit_log WHERE seq = 5')).toMatchObject({
      valid: false,
      firstBad: { seq: 5, reason: expect.stringMatching(/entry 5 is missing/) },
    });
  });

  it('detects entries deleted from the end', () => {
    expect(tamper(withEntries(10), 'DELETE FROM audit_log WHERE seq >= 9')).toMatchObject({
      valid: false,
      firstBad: { seq: 9, reason: expect.stringMatching(/removed from the end/) },
    });
  });

  it('detects deletion with renumbering', () => {
    const sql = 'DELETE FROM audit_log WHERE seq = 5; UPDATE audit_log SET seq = seq - 1 WHERE seq > 5';
    expect(tamper(withEntries(10), sql)).toMatchObject({ valid: false, firstBad: { seq: 5 } });
  });

  it('detects two entries swapped', () => {
    const sql =
      'UPDATE audit_log SET seq = 100 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = 4; UPDATE audit_log SET seq = 4 WHERE seq = 100';
    expect(tamper(withEntries(10), sql)).toMatchObject({ valid: false, firstBad: { seq: 3 } });
  });

  it('detects a swap of whole rows that keeps the sequence numbers', () => {
    const cols = 'time, actor, command, payload, payload_hash, prev_hash, hash';
    const sql = `CREATE TEMP TABLE a AS SELECT ${cols} FROM audit_log WHERE seq = 6;
      CREATE TEMP TABLE b AS SELECT ${cols} FROM audit_log WHERE seq = 7;
      UPDATE audit_log SET (${cols}) = (SELECT ${cols} FROM b) WHERE seq = 6;
      UPDATE audit_log SET (${cols}) = (SELECT ${cols} FROM a) WHERE seq = 7;`;
    expect(tamper(withEntries(10), sql)).toMatchObject({ valid: false, firstBad: { seq: 6 } });
  });

  it('detects an entry appended outside the app', () => {
    const sql = `INSERT INTO audit_log SELECT 11, time, actor, command, payload, payload_hash, hash, hash FROM audit_log WHERE seq = 10`;
    expect(tamper(withEntries(10), sql)).toMatchObject({ valid: false, firstBad: { seq: 11 } });
  });

  it('detects a log copied from another engagement', () => {
    const a = withEntries(3);
    const b = withEntries(3);
    a.close();
    const sql = `ATTACH '${a.path}' AS other; DELETE FROM audit_log; INSERT INTO audit_log SELECT * FROM other.audit_log;
      UPDATE meta SET value = (SELECT value FROM other.meta WHERE key = 'audit_head') WHERE key = 'audit_head';`;
    expect(tamper(b, sql)).toMatchObject({
      valid: false,
      firstBad: { seq: 1, reason: expect.stringMatching(/does not follow/) },
    });
  });
});
