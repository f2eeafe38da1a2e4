// Which hosts a scan covered: every host it listed as up (or unknown), and the hosts it saw ports on.
// Drift needs this to tell a port opened on a host the earlier scan looked at from a host new to the
// later scan, and a closed port from a host that vanished.
import type { Database } from 'better-sqlite3';

/** The host an observation is about: its address, else its first name, else its MAC. */
export const OBS_HOST_SQL = "coalesce(o.host_ip, lower(json_extract(o.host_names, '$[0]')), o.mac, '?')";
const SCAN_HOST_SQL = "coalesce(h.ip, lower(json_extract(h.host_names, '$[0]')), h.mac, '?')";

/**
 * Fills the connection-local table drift_host with the hosts the scans `importIds` listed as not down,
 * and the hosts known only by name (or MAC) that their observations name; `by_name` marks those. Hosts
 * with an address that a scan saw ports on but did not list are found through the observation index
 * instead (see coveredSql).
 */
export function buildCoverage(db: Database, importIds: readonly number[]): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS drift_host (
      import_id INTEGER NOT NULL,
      host TEXT NOT NULL,
      by_name INTEGER NOT NULL,
      PRIMARY KEY (import_id, host)
    ) WITHOUT ROWID;
    DELETE FROM temp.drift_host;
  `);
  const listed = db.prepare(
    `INSERT OR IGNORE INTO temp.drift_host (import_id, host, by_name)
     SELECT h.import_id, ${SCAN_HOST_SQL}, h.ip IS NULL FROM main.scan_host h WHERE h.import_id = ? AND h.status <> 'down'`,
  );
  const named = db.prepare(
    `INSERT OR IGNORE INTO temp.drift_host (import_id, host, by_name)
     SELECT DISTINCT o.import_id, ${OBS_HOST_SQL}, 1 FROM main.observation o WHERE o.host_ip IS NULL AND o.import_id = ?`,
  );
  for (const id of new Set(importIds)) {
    listed.run(id);
    named.run(id);
  }
}

/** SQL true when import `importParam` covered the host `hostExpr` (needs buildCoverage first). */
export function coveredSql(importParam: string, hostExpr: string): string {
  return `(EXISTS (SELECT 1 FROM temp.drift_host c WHERE c.import_id = ${importParam} AND c.host = ${hostExpr})
    OR EXISTS (SELECT 1 FROM main.observation c WHERE c.host_ip = ${hostExpr} AND c.import_id = ${importParam}))`;
}
