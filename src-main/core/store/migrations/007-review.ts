// Schema 7: the assessor's review of each insecure item (disposition, exception, security features with
// where they are implemented and how they were tested), one record per item key, kept as validated JSON
// with its disposition and status beside it for listing. Every change is an audited command.
import type { Migration } from './index';

export const m007Review: Migration = {
  version: 7,
  name: 'reviews of insecure items',
  up(db) {
    db.exec(`
      CREATE TABLE review (
        item_key TEXT PRIMARY KEY,
        record TEXT NOT NULL,
        disposition TEXT CHECK (disposition IN ('disable', 'replace', 'constrain')),
        status TEXT NOT NULL CHECK (status IN ('draft', 'in-review', 'approved', 'expired', 'retired')),
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
