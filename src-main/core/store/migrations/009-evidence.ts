// Schema 9: the evidence register. Every file brought into the engagement (imported originals and
// attachments) gets a stable evidence reference E-001, E-002… as the Report on Compliance cites them,
// with a type (document / interview / observation / system evidence), title, version, purpose, dates,
// who collected it, an optional sample set and the testing procedure it supports; interviews and
// observations without a file are entries of their own. A trigger registers every new stored file in the
// same transaction that stores it; files stored before this version are registered here, in order.
import type { Migration } from './index';

export const m009Evidence: Migration = {
  version: 9,
  name: 'evidence register',
  up(db) {
    db.exec(`
      CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        ref TEXT GENERATED ALWAYS AS ('E-' || printf('%03d', id)) VIRTUAL,
        type TEXT NOT NULL CHECK (type IN ('document', 'interview', 'observation', 'system')),
        title TEXT NOT NULL,
        version TEXT,
        purpose TEXT,
        revision_date TEXT,
        collected_on TEXT NOT NULL,
        collected_by TEXT NOT NULL,
        stored_file_id INTEGER UNIQUE REFERENCES stored_file(id),
        note TEXT,
        sample_set TEXT,
        procedure TEXT CHECK (procedure IN ('1.2.6.a', '1.2.6.b')),
        CHECK (stored_file_id IS NOT NULL OR type IN ('interview', 'observation'))
      ) STRICT;

      -- Imported originals are configurations and scan output (system evidence); attachments are
      -- documents until the assessor says otherwise.
      CREATE TRIGGER stored_file_evidence AFTER INSERT ON stored_file BEGIN
        INSERT INTO evidence (type, title, collected_on, collected_by, stored_file_id)
        VALUES (CASE NEW.role WHEN 'original' THEN 'system' ELSE 'document' END, NEW.name, NEW.added_at,
                NEW.added_by, NEW.id);
      END;

      INSERT INTO evidence (type, title, collected_on, collected_by, stored_file_id)
        SELECT CASE role WHEN 'original' THEN 'system' ELSE 'document' END, name, added_at, added_by, id
        FROM stored_file ORDER BY id;
    `);
  },
};
