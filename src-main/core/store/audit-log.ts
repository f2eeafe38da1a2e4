// The hash-chained audit log. Every mutating command appends one entry inside its own transaction;
// each entry hashes its content together with the previous entry's hash, and the newest hash is also
// kept in `meta` so that removing entries from the end is detected as well.
import type { Database } from 'better-sqlite3';
import type { AuditEntry, AuditVerdict } from '../model/engagement';
import { canonicalJson } from '../model/canonical-json';
import { sha256Hex } from './hash';

const HEAD_KEY = 'audit_head';

export interface AuditAppend {
  actor: string;
  command: string;
  payload: unknown;
  time: string;
}

interface AuditRow {
  seq: number;
  time: string;
  actor: string;
  command: string;
  payload: string;
  payload_hash: string;
  prev_hash: string;
  hash: string;
}

/** The first entry chains to a value derived from the engagement id, so logs cannot be spliced between files. */
export function genesisHash(engagementId: string): string {
  return sha256Hex(`portcullis-audit-v1\n${engagementId}`);
}

export function entryHash(e: Omit<AuditEntry, 'hash' | 'payload'>): string {
  return sha256Hex(JSON.stringify([e.seq, e.time, e.actor, e.command, e.payloadHash, e.prevHash]));
}

function engagementId(db: Database): string {
  const row = db.prepare('SELECT engagement_id FROM engagement WHERE id = 1').get() as
    { engagement_id: string } | undefined;
  if (!row) throw new Error('engagement row missing: the audit log has nothing to chain to');
  return row.engagement_id;
}

/** Appends an entry. Must run inside the caller's transaction so the entry lands with the change. */
export function appendAudit(db: Database, input: AuditAppend): AuditEntry {
  if (!db.inTransaction) throw new Error('appendAudit must run inside the command transaction');
  const head = readHead(db);
  const seq = head ? head.seq + 1 : 1;
  const prevHash = head ? head.hash : genesisHash(engagementId(db));
  const payload = canonicalJson(input.payload ?? null);
  const payloadHash = sha256Hex(payload);
  const base = { seq, time: input.time, actor: input.actor, command: input.command, payloadHash, prevHash };
  const hash = entryHash(base);
  db.prepare(
    `INSERT INTO audit_log (seq, time, actor, command, payload, payload_hash, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(seq, input.time, input.actor, input.command, payload, payloadHash, prevHash, hash);
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    HEAD_KEY,
    JSON.stringify({ seq, hash }),
  );
  return { ...base, payload, hash };
}

function readHead(db: Database): { seq: number; hash: string } | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined;
  if (!row) return null;
  const parsed = JSON.parse(row.value) as { seq: number; hash: string };
  return parsed;
}

export function listAudit(db: Database, opts: { afterSeq?: number; limit?: number } = {}): AuditEntry[] {
  const rows = db
    .prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?')
    .all(opts.afterSeq ?? 0, opts.limit ?? 500) as AuditRow[];
  return rows.map(fromRow);
}

function fromRow(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    time: r.time,
    actor: r.actor,
    command: r.command,
    payload: r.payload,
    payloadHash: r.payload_hash,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Walks the whole chain in order and names the first entry that does not hold: a gap or reordering
 * in the sequence, a payload or field edited, a broken link, or a head that no longer matches.
 */
export function verifyAuditChain(db: Database): AuditVerdict {
  let prev = genesisHash(engagementId(db));
  let expected = 1;
  let count = 0;
  const bad = (seq: number, reason: string): AuditVerdict => ({
    valid: false,
    entries: count,
    firstBad: { seq, reason },
  });
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    count++;
    if (r.seq !== expected) return bad(expected, `entry ${expected} is missing (the next entry found is ${r.seq})`);
    if (sha256Hex(r.payload) !== r.payload_hash) return bad(r.seq, `entry ${r.seq}: payload does not match its hash`);
    const recomputed = entryHash({
      seq: r.seq,
      time: r.time,
      actor: r.actor,
      command: r.command,
      payloadHash: r.payload_hash,
      prevHash: r.prev_hash,
    });
    if (recomputed !== r.hash)
      return bad(r.seq, `entry ${r.seq} was edited or moved: its hash no longer matches its content`);
    if (r.prev_hash !== prev) {
      return bad(
        r.seq,
        `entry ${r.seq} does not follow entry ${r.seq - 1}: entries were removed, inserted or reordered`,
      );
    }
    prev = r.hash;
    expected++;
  }
  const head = readHead(db);
  const last = expected - 1;
  if (!head && last > 0) return bad(last, 'the audit head record is missing');
  if (head && (head.seq !== last || head.hash !== prev)) {
    return head.seq > last
      ? bad(last + 1, `entries ${last + 1}..${head.seq} were removed from the end of the log`)
      : bad(head.seq + 1, `entry ${head.seq + 1} was added outside the app`);
  }
  return { valid: true, entries: count, headHash: prev };
}
