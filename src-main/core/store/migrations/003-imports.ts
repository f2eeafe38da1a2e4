// Schema 3: imports and what they found. Each import names the stored original (by SHA-256), the format
// and parser version, counts, and its parse coverage notes; observations (with their facts) and hosts
// point to it.
import type { Migration } from './index';

export const m003Imports: Migration = {
  version: 3,
  name: 'imports, observations, parse coverage',
  up(db) {
    db.exec(`
      CREATE TABLE import (
        id INTEGER PRIMARY KEY,
        sha256 TEXT UNIQUE REFERENCES artifact(sha256),
        file_name TEXT NOT NULL,
        format TEXT NOT NULL,
        format_label TEXT NOT NULL,
        parser_version TEXT NOT NULL,
        host_name TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        host_count INTEGER NOT NULL DEFAULT 0,
        observation_count INTEGER NOT NULL DEFAULT 0,
        note_count INTEGER NOT NULL DEFAULT 0,
        meta TEXT NOT NULL DEFAULT '{}'
      ) STRICT;

      CREATE TABLE scan_host (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        ip TEXT,
        host_names TEXT NOT NULL,
        mac TEXT,
        status TEXT NOT NULL,
        seen_at TEXT
      ) STRICT;
      CREATE INDEX scan_host_import ON scan_host(import_id);

      CREATE TABLE observation (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        host_ip TEXT,
        host_names TEXT NOT NULL,
        mac TEXT,
        proto TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
        state TEXT NOT NULL,
        reason TEXT,
        service TEXT,
        product TEXT,
        version TEXT,
        extra_info TEXT,
        tunnel TEXT,
        method TEXT,
        confidence INTEGER,
        cpes TEXT NOT NULL,
        facts TEXT NOT NULL DEFAULT '[]',
        scripts TEXT NOT NULL,
        seen_at TEXT,
        process TEXT,
        bind_address TEXT
      ) STRICT;
      CREATE INDEX observation_endpoint ON observation(host_ip, proto, port);

      -- Facts live as a JSON array in their observation (one insert per port keeps million-port imports
      -- fast); this view lists them one per row for queries.
      CREATE VIEW observation_fact AS
        SELECT o.id AS observation_id, f.value ->> 'key' AS key, f.value ->> 'value' AS value,
               f.value ->> 'source' AS source, f.value ->> 'evidence' AS evidence
        FROM observation o, json_each(o.facts) f;

      CREATE TABLE parse_note (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        line INTEGER,
        col INTEGER,
        what TEXT NOT NULL
      ) STRICT;
      CREATE INDEX parse_note_import ON parse_note(import_id);
    `);
  },
};
