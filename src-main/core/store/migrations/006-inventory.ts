// Schema 6: the in-use inventory (one row per asset, protocol and port, merged across every import that
// saw it, with its provenance), the insecure items (one per standard rule and port), and owner /
// business-purpose annotations entered by hand or from a CMDB export. Inventory, items and aliases are
// derived data, rebuilt when observations or the standard change; annotations are the user's and are
// only changed by audited commands (their values are copied into inventory rows for fast sorting).
import type { Migration } from './index';

export const m006Inventory: Migration = {
  version: 6,
  name: 'in-use inventory and asset annotations',
  up(db) {
    db.exec(`
      CREATE TABLE inventory (
        id INTEGER PRIMARY KEY,
        asset TEXT NOT NULL,
        asset_sort TEXT NOT NULL,
        proto TEXT NOT NULL,
        port INTEGER NOT NULL,
        host_ip TEXT,
        host_names TEXT NOT NULL,
        host_name TEXT,
        services TEXT NOT NULL,
        products TEXT NOT NULL,
        observation_count INTEGER NOT NULL,
        import_count INTEGER NOT NULL,
        listed_by_host INTEGER NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        insecure TEXT NOT NULL,
        owner TEXT,
        purpose TEXT,
        UNIQUE (asset, proto, port)
      ) STRICT;
      CREATE INDEX inventory_sort ON inventory(asset_sort, proto, port);
      CREATE INDEX inventory_port ON inventory(port, proto);
      CREATE INDEX inventory_owner ON inventory(owner);
      CREATE INDEX inventory_host_name ON inventory(host_name);

      -- Host names that scans resolved to exactly one address: host listings named so join that asset.
      CREATE TABLE asset_alias (name TEXT PRIMARY KEY, ip TEXT NOT NULL) STRICT, WITHOUT ROWID;

      CREATE TABLE insecure_item (
        key TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        proto TEXT NOT NULL,
        port INTEGER NOT NULL,
        observations INTEGER NOT NULL,
        hosts INTEGER NOT NULL,
        basis INTEGER NOT NULL,
        services TEXT NOT NULL,
        first_seen TEXT,
        last_seen TEXT
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE insecure_item_network (
        key TEXT NOT NULL REFERENCES insecure_item(key) ON DELETE CASCADE,
        network TEXT NOT NULL,
        hosts INTEGER NOT NULL,
        PRIMARY KEY (key, network)
      ) STRICT, WITHOUT ROWID;
      CREATE TABLE insecure_item_source (
        key TEXT NOT NULL REFERENCES insecure_item(key) ON DELETE CASCADE,
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        PRIMARY KEY (key, import_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE inventory_source (
        inventory_id INTEGER NOT NULL REFERENCES inventory(id) ON DELETE CASCADE,
        import_id INTEGER NOT NULL REFERENCES import(id) ON DELETE CASCADE,
        observations INTEGER NOT NULL,
        first_seen TEXT,
        last_seen TEXT,
        PRIMARY KEY (inventory_id, import_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE inventory_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        standard_version INTEGER NOT NULL,
        through_observation INTEGER NOT NULL
      ) STRICT;

      -- Port -1 with proto '' annotates the whole asset; a service row overrides it.
      CREATE TABLE asset_annotation (
        asset TEXT NOT NULL,
        proto TEXT NOT NULL CHECK (proto IN ('', 'tcp', 'udp', 'sctp')),
        port INTEGER NOT NULL CHECK (port BETWEEN -1 AND 65535),
        owner TEXT,
        purpose TEXT,
        source TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        PRIMARY KEY (asset, proto, port),
        CHECK ((proto = '') = (port = -1))
      ) STRICT;
    `);
  },
};
