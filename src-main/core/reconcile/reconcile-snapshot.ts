// The current snapshot the reconciliation judges against, built set-wise in SQL into connection-local
// temp tables (a million observations in seconds, no per-row queries):
//  - which imports count as scans of a host (port and vulnerability scanners, host listener inventories)
//    and which protocols each covered;
//  - per asset and protocol, the latest import that covered it;
//  - per inventory entry, whether it is open now: "current" is, per host, what the latest import that
//    covered the host says. An entry is no longer open when an import later than every sighting of it
//    covered the host and did not find the port in use (closed, filtered or absent). A port a host listing
//    saw is only judged by a later host listing of that host: a network scan cannot see a listener bound
//    to loopback. TLS/SSH assessments and generic CSV imports count as sightings but never as coverage,
//    since they report only the ports they looked at.
//  - every insecure item on every host (from the inventory's insecure rules) with its review.
// Assumption (stated in the results): a scan covered every port of a protocol it scanned on every host it
// reported up; the files do not record which port ranges were probed.
import type { Database } from 'better-sqlite3';
import { formatById } from '../import/formats';
import { ASSET_SQL, registerAssetFunctions } from '../standard/assets';

export type ImportKind = 'scan' | 'hosts' | 'seen' | 'other';

/** The asset of a scanned host (h), named as observations name theirs (see ASSET_SQL). */
const HOST_ASSET_SQL = ASSET_SQL.replaceAll('o.host_ip', 'h.ip').replaceAll('o.host_names', 'h.host_names');

function kindOf(format: string): ImportKind {
  const family = formatById(format)?.family;
  if (family === 'scan') return 'scan';
  if (family === 'hosts') return 'hosts';
  if (family === 'tls' || family === 'generic' || family === undefined) return 'seen';
  return 'other';
}

/** Protocols a scan's run details say it scanned ("syn/tcp (1000 ports); udp/udp (100 ports)"). */
function scannedProtos(meta: string): string[] {
  const info = (JSON.parse(meta) as Record<string, string>).scaninfo ?? '';
  return [...new Set([...info.matchAll(/\/(tcp|udp|sctp)\b/g)].map((m) => m[1]!))];
}

export interface SnapshotStats {
  scanImports: number;
  hostsCovered: number;
}

/** Builds (again) every rc_* temp table from the current derived tables. */
export function buildSnapshot(db: Database): SnapshotStats {
  registerAssetFunctions(db);
  dropSnapshot(db);
  db.exec(`
    CREATE TEMP TABLE rc_import (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, file_name TEXT NOT NULL, at TEXT NOT NULL);
    CREATE TEMP TABLE rc_import_proto (import_id INTEGER NOT NULL, proto TEXT NOT NULL,
      PRIMARY KEY (import_id, proto)) WITHOUT ROWID;
    CREATE TEMP TABLE rc_cover_pair (import_id INTEGER NOT NULL, asset TEXT NOT NULL,
      PRIMARY KEY (import_id, asset)) WITHOUT ROWID;
    -- What the rulebases say about open insecure ports (filled by admitEndpoints when a rulebase exists):
    -- each host's class (the devices filtering toward it and its destination region on each; NULL when it
    -- has no address) and, per class and port, whether a source may reach it and by which rule lines.
    CREATE TEMP TABLE rc_host (asset TEXT PRIMARY KEY, class TEXT) WITHOUT ROWID;
    CREATE TEMP TABLE rc_class (class TEXT NOT NULL, proto TEXT NOT NULL, port INTEGER NOT NULL,
      admitted INTEGER NOT NULL, relevant TEXT NOT NULL, rule_ids TEXT NOT NULL, rules TEXT NOT NULL,
      PRIMARY KEY (class, proto, port)) WITHOUT ROWID;
  `);
  const imports = db.prepare('SELECT id, format, file_name, meta, imported_at FROM import ORDER BY id').all() as {
    id: number;
    format: string;
    file_name: string;
    meta: string;
    imported_at: string;
  }[];
  const putImport = db.prepare('INSERT INTO temp.rc_import (id, kind, file_name, at) VALUES (?, ?, ?, ?)');
  const putProto = db.prepare('INSERT OR IGNORE INTO temp.rc_import_proto (import_id, proto) VALUES (?, ?)');
  db.transaction(() => {
    for (const i of imports) {
      const meta = JSON.parse(i.meta) as Record<string, string>;
      // A scan that ran planned validation tests (testplan-results.ts) was run from a vantage point to test
      // a control: it says nothing of what is open, so it neither covers nor sights anything here.
      const kind = meta.testplan !== undefined ? 'other' : kindOf(i.format);
      // When the import looked: the run's start as the tool recorded it, else when it was imported.
      const start = meta.start;
      putImport.run(i.id, kind, i.file_name, start && !Number.isNaN(Date.parse(start)) ? start : i.imported_at);
      // A host listing lists every TCP and UDP listener of its host.
      if (kind === 'hosts') for (const p of ['tcp', 'udp']) putProto.run(i.id, p);
      if (kind === 'scan') for (const p of scannedProtos(i.meta)) putProto.run(i.id, p);
    }
  })();
  db.exec(`
    INSERT OR IGNORE INTO temp.rc_import_proto (import_id, proto)
      SELECT DISTINCT o.import_id, o.proto FROM main.observation o JOIN temp.rc_import k ON k.id = o.import_id
      WHERE k.kind = 'scan';
    -- A scan that says nothing of its protocols and found no port at all: nmap's default, TCP.
    INSERT OR IGNORE INTO temp.rc_import_proto (import_id, proto)
      SELECT k.id, 'tcp' FROM temp.rc_import k
      WHERE k.kind = 'scan' AND NOT EXISTS (SELECT 1 FROM temp.rc_import_proto p WHERE p.import_id = k.id);

    INSERT OR IGNORE INTO temp.rc_cover_pair (import_id, asset)
      SELECT h.import_id, ${HOST_ASSET_SQL} FROM main.scan_host h JOIN temp.rc_import k ON k.id = h.import_id
      WHERE k.kind IN ('scan', 'hosts') AND h.status <> 'down';
    INSERT OR IGNORE INTO temp.rc_cover_pair (import_id, asset)
      SELECT DISTINCT o.import_id, ${ASSET_SQL} FROM main.observation o JOIN temp.rc_import k ON k.id = o.import_id
      WHERE k.kind IN ('scan', 'hosts');

    CREATE TEMP TABLE rc_cover AS
      SELECT c.asset, p.proto, max(c.import_id) AS last_any,
        max(CASE WHEN k.kind = 'hosts' THEN c.import_id END) AS last_hosts
      FROM temp.rc_cover_pair c JOIN temp.rc_import_proto p ON p.import_id = c.import_id
      JOIN temp.rc_import k ON k.id = c.import_id
      GROUP BY c.asset, p.proto;
    CREATE UNIQUE INDEX temp.rc_cover_key ON rc_cover(asset, proto);

    CREATE TEMP TABLE rc_state AS
      SELECT x.inventory_id,
        NOT (x.cover_any IS NOT NULL AND (x.last_scan IS NULL OR x.cover_any > x.last_scan)
             AND (x.last_hosts IS NULL OR coalesce(x.cover_hosts, 0) > x.last_hosts)) AS open_now,
        coalesce(x.cover_any > x.first_import, 0) AS rescanned,
        x.cover_any AS last_cover
      FROM (
        SELECT s.inventory_id,
          max(CASE WHEN k.kind = 'hosts' THEN NULL ELSE s.import_id END) AS last_scan,
          max(CASE WHEN k.kind = 'hosts' THEN s.import_id END) AS last_hosts,
          min(s.import_id) AS first_import, c.last_any AS cover_any, c.last_hosts AS cover_hosts
        FROM main.inventory_source s JOIN main.inventory v ON v.id = s.inventory_id
        LEFT JOIN temp.rc_import k ON k.id = s.import_id
        LEFT JOIN temp.rc_cover c ON c.asset = v.asset AND c.proto = v.proto
        GROUP BY s.inventory_id) x;
    CREATE UNIQUE INDEX temp.rc_state_key ON rc_state(inventory_id);

    CREATE TEMP TABLE rc_item_ep AS
      SELECT j.value AS rule_id, j.value || '|' || v.port || '/' || v.proto AS item_key, v.id AS inv_id,
        v.asset, v.asset_sort, v.host_names, v.proto, v.port, v.services, v.first_seen, v.last_seen,
        st.open_now, st.rescanned, st.last_cover, r.disposition, r.status,
        json_extract(r.record, '$.decisionDate') AS decision_date
      FROM main.inventory v JOIN json_each(v.insecure) j JOIN temp.rc_state st ON st.inventory_id = v.id
      LEFT JOIN main.review r ON r.item_key = j.value || '|' || v.port || '/' || v.proto
      WHERE v.insecure <> '[]';
    CREATE INDEX temp.rc_item_ep_order ON rc_item_ep(asset_sort, port, proto, rule_id);
    CREATE INDEX temp.rc_item_ep_inv ON rc_item_ep(inv_id);

    -- Hosts on which each item is open now (the stale and expiring rows say how many remain).
    CREATE TEMP TABLE rc_item_open (item_key TEXT PRIMARY KEY, hosts INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO temp.rc_item_open SELECT item_key, count(*) FROM temp.rc_item_ep WHERE open_now GROUP BY item_key;
  `);
  const scanImports = db
    .prepare("SELECT count(*) FROM temp.rc_import WHERE kind IN ('scan', 'hosts')")
    .pluck()
    .get() as number;
  const hostsCovered = db.prepare('SELECT count(DISTINCT asset) FROM temp.rc_cover').pluck().get() as number;
  return { scanImports, hostsCovered };
}

/** Drops the temp tables (they hold a copy of derived data; nothing reads them between runs). */
export function dropSnapshot(db: Database): void {
  db.exec(`
    DROP TABLE IF EXISTS temp.rc_import;
    DROP TABLE IF EXISTS temp.rc_import_proto;
    DROP TABLE IF EXISTS temp.rc_cover_pair;
    DROP TABLE IF EXISTS temp.rc_cover;
    DROP TABLE IF EXISTS temp.rc_state;
    DROP TABLE IF EXISTS temp.rc_item_ep;
    DROP TABLE IF EXISTS temp.rc_host;
    DROP TABLE IF EXISTS temp.rc_class;
    DROP TABLE IF EXISTS temp.rc_item_open;
  `);
}
