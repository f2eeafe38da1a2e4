// Tamper evidence under many random single-byte edits: an engagement's audit log is edited outside the app,
// one character of one field of one entry at a time (time, actor, command, payload or any of the three
// hashes), at seeded random places. Every edit must make verification fail and name the edited entry.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { prng } from '../prng';

const EDITS = 400;
const COLUMNS = ['time', 'actor', 'command', 'payload', 'payload_hash', 'prev_hash', 'hash'] as const;

describe('audit chain under random single-character edits', () => {
  it(`detects each of ${EDITS} edits and names the edited entry`, () => {
    const store = newEngagement();
    const ctx = fixedContext('analyst');
    for (let i = 2; i <= 30; i++) store.updateMeta({ scopeNote: `revision ${i}: CDE é ünïcode ✓` }, ctx);
    const template = store.path;
    store.close();
    const random = prng(1_2_6_0);
    const dir = tempDir();
    const tally: Record<string, number> = {};
    for (let n = 0; n < EDITS; n++) {
      const path = join(dir, `t${n}.portcullis`);
      copyFileSync(template, path);
      const db = new Database(path);
      try {
        const seq = 1 + Math.floor(random() * 30);
        const column = COLUMNS[Math.floor(random() * COLUMNS.length)]!;
        const value = db.prepare(`SELECT ${column} FROM audit_log WHERE seq = ?`).pluck().get(seq) as string;
        const chars = [...value];
        const at = Math.floor(random() * chars.length);
        const old = chars[at]!;
        // Another printable ASCII character than the one there (the file stays valid UTF-8 text).
        let next = old;
        while (next === old) next = String.fromCharCode(33 + Math.floor(random() * 94));
        chars[at] = next;
        db.prepare(`UPDATE audit_log SET ${column} = ? WHERE seq = ?`).run(chars.join(''), seq);
        const verdict = verifyAuditChain(db);
        expect(verdict.valid, `edit ${n}: ${column} of entry ${seq} at ${at}`).toBe(false);
        // An edited prev_hash may also be read as the entry being moved; either way the entry is named.
        expect(verdict.valid ? null : verdict.firstBad.seq, `edit ${n}: ${column} of entry ${seq}`).toBe(seq);
        tally[column] = (tally[column] ?? 0) + 1;
      } finally {
        db.close();
      }
    }
    console.log(
      `audit tamper: ${EDITS} single-character edits, ${EDITS} detected at the edited entry (${Object.entries(tally)
        .map(([c, k]) => `${c} ${k}`)
        .join(', ')})`,
    );
  });
});
