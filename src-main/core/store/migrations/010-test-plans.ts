// Schema 10: validation test plans. Each case is one negative test of a network-constraint feature: from a
// source outside the set the rules admit (a named vantage point or a sample address), scan the item's
// host and port and expect it filtered or closed. Its reference TP-001… goes into the scan's output file
// name, so importing that scan finds the case, records the result and cites the import as proof.
import type { Migration } from './index';

export const m010TestPlans: Migration = {
  version: 10,
  name: 'validation test plans',
  up(db) {
    db.exec(`
      CREATE TABLE test_case (
        id INTEGER PRIMARY KEY,
        ref TEXT GENERATED ALWAYS AS ('TP-' || printf('%03d', id)) VIRTUAL,
        item_key TEXT NOT NULL,
        feature_id TEXT NOT NULL,
        device TEXT NOT NULL,
        rule_import_id INTEGER NOT NULL REFERENCES import(id),
        vantage TEXT NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        proto TEXT NOT NULL,
        port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
        admitted TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'passed', 'failed', 'inconclusive')),
        result_import_id INTEGER REFERENCES import(id),
        result_state TEXT,
        result_at TEXT,
        UNIQUE (item_key, feature_id, device, source, target, proto, port)
      ) STRICT;
      CREATE INDEX test_case_item ON test_case(item_key, feature_id);
    `);
  },
};
