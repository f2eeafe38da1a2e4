// Schema 1: engagement metadata, key/value meta (holds the audit head) and the hash-chained audit log.
import type { Migration } from './index';

export const m001Engagement: Migration = {
  version: 1,
  name: 'engagement, meta, audit log',
  up(db) {
    db.exec(`
      CREATE TABLE engagement (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        engagement_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        assessor TEXT NOT NULL,
        period_start TEXT,
        period_end TEXT,
        scope_note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        app_version TEXT NOT NULL
      ) STRICT;

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        command TEXT NOT NULL,
        payload TEXT NOT NULL,
        payload_hash TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
    `);
  },
};
