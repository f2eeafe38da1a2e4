// Schema 8: change tickets imported from ServiceNow, Jira or a generic CSV, one row per ticket key and
// import (the same key may come from several imports); imports count their tickets.
import type { Migration } from './index';

export const m008Tickets: Migration = {
  version: 8,
  name: 'change tickets',
  up(db) {
    db.exec(`
      ALTER TABLE import ADD COLUMN ticket_count INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE ticket (
        id INTEGER PRIMARY KEY,
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        system TEXT NOT NULL CHECK (system IN ('jira', 'servicenow', 'csv')),
        key TEXT NOT NULL,
        title TEXT,
        description TEXT,
        status TEXT,
        type TEXT,
        requester TEXT,
        assignee TEXT,
        approvers TEXT NOT NULL,
        approval TEXT,
        created TEXT,
        updated TEXT,
        planned_start TEXT,
        planned_end TEXT,
        closed TEXT,
        url TEXT,
        fields TEXT NOT NULL,
        line_from INTEGER,
        line_to INTEGER,
        UNIQUE (import_id, key)
      ) STRICT;
      CREATE INDEX ticket_key ON ticket(key);
    `);
  },
};
