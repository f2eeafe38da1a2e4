// Builds the in-use inventory: every observation in an "in use" state, merged by asset, protocol and port
// across all imports, with its provenance (which imports saw it, when), the insecure rules it matches and
// the owner and purpose recorded for it. Derived data: rebuilt when observations or the standard change.
import type { Database } from 'better-sqlite3';
import { ASSET_SQL, registerAssetFunctions } from '../standard/assets';
import type { StandardDocument } from '../standard/schema';

export { assetSortKey } from '../standard/assets';

export interface InventoryState {
  standard_version: number;
  through_observation: number;
}

export function readInventoryState(db: Database): InventoryState | undefined {
  return db.prepare('SELECT * FROM inventory_state WHERE id = 1').get() as InventoryState | undefined;
}

const list = (values: readonly unknown[]) => (values.length > 0 ? values.map(() => '?').join(', ') : "''");

/**
 * Rebuilds the inventory from the observations and the current findings (aliases must be current).
 * `hostFormats` are the import formats that are host listener inventories. Call inside a transaction.
 */
export function rebuildInventory(
  db: Database,
  doc: StandardDocument,
  version: number,
  hostFormats: readonly string[],
): void {
  registerAssetFunctions(db);
  // Bulk rebuild: drop the secondary indexes, refill in one ordered pass, build the indexes again (much
  // faster than updating four indexes row by row at a million rows).
  db.exec(`
    DELETE FROM inventory_source;
    DROP INDEX IF EXISTS inventory_sort;
    DROP INDEX IF EXISTS inventory_port;
    DROP INDEX IF EXISTS inventory_owner;
    DROP INDEX IF EXISTS inventory_host_name;
    DELETE FROM inventory;
  `);
  const states = doc.inUseStates;
  const applicable = doc.rules.filter((r) => r.applicable).map((r) => r.id);
  db.prepare(
    `INSERT INTO inventory (asset, asset_sort, proto, port, host_ip, host_names, host_name, services, products,
       observation_count, import_count, listed_by_host, first_seen, last_seen, insecure)
     SELECT g.asset, portcullis_asset_sort(g.asset), g.proto, g.port, g.host_ip, g.host_names,
       lower(json_extract(g.host_names, '$[0]')), g.services, g.products, g.observations, g.imports, g.listed,
       g.first_seen, g.last_seen, coalesce(ins.rules, '[]')
     FROM (
       SELECT ${ASSET_SQL} AS asset, o.proto AS proto, o.port AS port, max(o.host_ip) AS host_ip,
         -- The names of one observation that has any (each source is listed in inventory_source).
         max(o.host_names) AS host_names,
         coalesce(json_group_array(DISTINCT o.service) FILTER (WHERE o.service IS NOT NULL), '[]') AS services,
         coalesce(json_group_array(DISTINCT o.product) FILTER (WHERE o.product IS NOT NULL), '[]') AS products,
         count(*) AS observations, count(DISTINCT o.import_id) AS imports,
         max(i.format IN (${list(hostFormats)})) AS listed,
         min(coalesce(o.seen_at, i.imported_at)) AS first_seen, max(coalesce(o.seen_at, i.imported_at)) AS last_seen
       FROM observation o JOIN import i ON i.id = o.import_id
       WHERE o.state IN (${list(states)})
       GROUP BY 1, 2, 3) g
     LEFT JOIN (
       SELECT ${ASSET_SQL} AS asset, o.proto, o.port, json_group_array(DISTINCT f.rule_id) AS rules
       FROM finding f JOIN observation o ON o.id = f.observation_id
       WHERE f.rule_id IN (${list(applicable)})
       GROUP BY 1, 2, 3) ins ON ins.asset = g.asset AND ins.proto = g.proto AND ins.port = g.port
     ORDER BY g.asset, g.proto, g.port`,
  ).run(...hostFormats, ...states, ...applicable);
  db.prepare(
    `INSERT INTO inventory_source (inventory_id, import_id, observations, first_seen, last_seen)
     SELECT v.id, o.import_id, count(*), min(coalesce(o.seen_at, i.imported_at)), max(coalesce(o.seen_at, i.imported_at))
     FROM observation o JOIN import i ON i.id = o.import_id
     JOIN inventory v ON v.asset = ${ASSET_SQL} AND v.proto = o.proto AND v.port = o.port
     WHERE o.state IN (${list(states)})
     GROUP BY v.id, o.import_id`,
  ).run(...states);
  db.exec(`
    CREATE INDEX inventory_sort ON inventory(asset_sort, proto, port);
    CREATE INDEX inventory_port ON inventory(port, proto);
    CREATE INDEX inventory_owner ON inventory(owner);
    CREATE INDEX inventory_host_name ON inventory(host_name);
  `);
  applyAnnotations(db, null);
  const maxId = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM observation').get() as { m: number }).m;
  db.prepare(
    `INSERT INTO inventory_state (id, standard_version, through_observation) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET standard_version = excluded.standard_version,
       through_observation = excluded.through_observation`,
  ).run(version, maxId);
}

/**
 * Copies owner and purpose from the annotations into inventory rows (all, or one asset's): a service
 * annotation wins over the asset's, field by field; an annotation by host name applies to rows of that name.
 */
export function applyAnnotations(db: Database, asset: string | null): void {
  const none = (db.prepare('SELECT count(*) FROM asset_annotation').pluck().get() as number) === 0;
  const scope = asset === null ? '' : 'WHERE asset = ? OR host_name = ?';
  const args = asset === null ? [] : [asset, asset];
  if (none) {
    // Fresh rows are already blank; only a removed last annotation needs clearing.
    if (asset !== null) db.prepare(`UPDATE inventory SET owner = NULL, purpose = NULL ${scope}`).run(...args);
    return;
  }
  const pick = (field: 'owner' | 'purpose') => `coalesce(
    (SELECT s.${field} FROM asset_annotation s WHERE s.asset IN (inventory.asset, inventory.host_name)
       AND s.proto = inventory.proto AND s.port = inventory.port AND s.${field} IS NOT NULL
       ORDER BY s.asset = inventory.asset DESC LIMIT 1),
    (SELECT a.${field} FROM asset_annotation a WHERE a.asset IN (inventory.asset, inventory.host_name)
       AND a.proto = '' AND a.port = -1 AND a.${field} IS NOT NULL
       ORDER BY a.asset = inventory.asset DESC LIMIT 1))`;
  db.prepare(`UPDATE inventory SET owner = ${pick('owner')}, purpose = ${pick('purpose')} ${scope}`).run(...args);
}
