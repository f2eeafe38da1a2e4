// Schema 4: rules and ruleset default policies from rulebase imports, each traced to its import and
// original lines; imports count their rules.
import type { Migration } from './index';

export const m004Rules: Migration = {
  version: 4,
  name: 'rules and ruleset policies',
  up(db) {
    db.exec(`
      ALTER TABLE import ADD COLUMN rule_count INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE rule (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        device TEXT NOT NULL,
        ruleset TEXT NOT NULL,
        ord INTEGER NOT NULL,
        direction TEXT CHECK (direction IN ('in', 'out')),
        action TEXT NOT NULL,
        target TEXT,
        sources TEXT NOT NULL,
        sources_negated INTEGER NOT NULL,
        destinations TEXT NOT NULL,
        destinations_negated INTEGER NOT NULL,
        protocol TEXT NOT NULL,
        destination_ports TEXT,
        source_ports TEXT,
        in_interface TEXT,
        out_interface TEXT,
        from_zone TEXT,
        to_zone TEXT,
        enabled INTEGER NOT NULL,
        name TEXT,
        comment TEXT,
        hit_count INTEGER,
        objects TEXT NOT NULL,
        unresolved TEXT NOT NULL,
        conditions TEXT NOT NULL,
        line_from INTEGER,
        line_to INTEGER,
        text TEXT NOT NULL
      ) STRICT;
      CREATE INDEX rule_ruleset ON rule(device, ruleset, ord);
      CREATE INDEX rule_import ON rule(import_id);

      CREATE TABLE ruleset_policy (
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        device TEXT NOT NULL,
        ruleset TEXT NOT NULL,
        policy TEXT NOT NULL,
        line_from INTEGER,
        PRIMARY KEY (import_id, device, ruleset)
      ) STRICT;
    `);
  },
};
