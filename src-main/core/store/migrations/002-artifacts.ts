// Schema 2: the artifact store. Content lives once per SHA-256 in fixed-size chunks; `stored_file`
// records each time a file was brought in (its name, role, who and when).
import type { Migration } from './index';

export const m002Artifacts: Migration = {
  version: 2,
  name: 'artifact store',
  up(db) {
    db.exec(`
      CREATE TABLE artifact (
        id INTEGER PRIMARY KEY,
        sha256 TEXT UNIQUE,
        size INTEGER NOT NULL,
        chunk_count INTEGER NOT NULL,
        stored_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE artifact_chunk (
        artifact_id INTEGER NOT NULL REFERENCES artifact(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (artifact_id, idx)
      ) STRICT;

      CREATE TABLE stored_file (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES artifact(sha256),
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('original', 'attachment')),
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX stored_file_sha256 ON stored_file(sha256);
    `);
  },
};
