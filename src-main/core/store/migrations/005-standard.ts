// Schema 5: the engagement's own copy of the insecure-services standard, one row per version (edits are
// never overwritten), and the classification of observations against the current version: one finding
// per (rule, observation) with the evidence that triggered it.
import type { Migration } from './index';

export const m005Standard: Migration = {
  version: 5,
  name: 'insecure-services standard and classification',
  up(db) {
    db.exec(`
      CREATE TABLE standard_version (
        version INTEGER PRIMARY KEY CHECK (version >= 1),
        document TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        change TEXT NOT NULL
      ) STRICT;

      CREATE TABLE finding (
        rule_id TEXT NOT NULL,
        observation_id INTEGER NOT NULL REFERENCES observation(id) ON DELETE CASCADE,
        basis TEXT NOT NULL CHECK (basis IN ('fact', 'service', 'port')),
        label TEXT NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (rule_id, observation_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX finding_observation ON finding(observation_id);

      -- Findings are derived data: which standard version they were computed with, and up to which
      -- observation, so that new imports are classified incrementally.
      CREATE TABLE classification_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        standard_version INTEGER NOT NULL,
        through_observation INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
