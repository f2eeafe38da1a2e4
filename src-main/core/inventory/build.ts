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
  db.prepare('DELETE FROM inventory').run();
  const states = doc.inUseStates;
  db.prepare(
    `INSERT INTO inventory (asset, asset_sort, proto, port, host_ip, host_names, host_name, services, products,
       observation_count, import_count, listed_by_host, first_seen, last_seen, insecure)
     SELECT asset, portcullis_asset_sort(asset), proto, port, max(host_ip),
       -- The names of one observation that has any (each source is listed in inventory_source).
       max(host_names), lower(json_extract(max(host_names), '$[0]')),
       coalesce(json_group_array(DISTINCT service) FILTER (WHERE service IS NOT NULL), '[]'),
       coalesce(json_group_array(DISTINCT product) FILTER (WHERE product IS NOT NULL), '[]'),
       count(*), count(DISTINCT import_id), max(format IN (${list(hostFormats)})),
       min(seen), max(seen), '[]'
     FROM (SELECT ${ASSET_SQL} AS asset, o.proto, o.port, o.host_ip, o.host_names, o.service, o.product, o.import_id,
             i.format, coalesce(o.seen_at, i.imported_at) AS seen
           FROM observation o JOIN import i ON i.id = o.import_id
           WHERE o.state IN (${list(states)})) g
     GROUP BY asset, proto, port`,
  ).run(...hostFormats, ...states);
  db.prepare(
    `INSERT INTO inventory_source (inventory_id, import_id, observations, first_seen, last_seen)
     SELECT v.id, o.import_id, count(*), min(coalesce(o.seen_at, i.imported_at)), max(coalesce(o.seen_at, i.imported_at))
     FROM observation o JOIN import i ON i.id = o.import_id
     JOIN inventory v ON v.asset = ${ASSET_SQL} AND v.proto = o.proto AND v.port = o.port
     WHERE o.state IN (${list(states)})
     GROUP BY v.id, o.import_id`,
  ).run(...states);
  const applicable = doc.rules.filter((r) => r.applicable).map((r) => r.id);
  db.prepare(
    `WITH ins AS (
       SELECT ${ASSET_SQL} AS asset, o.proto, o.port, json_group_array(DISTINCT f.rule_id) AS rules
       FROM finding f JOIN observation o ON o.id = f.observation_id
       WHERE f.rule_id IN (${list(applicable)})
       GROUP BY 1, 2, 3)
     UPDATE inventory SET insecure = ins.rules FROM ins
     WHERE inventory.asset = ins.asset AND inventory.proto = ins.proto AND inventory.port = ins.port`,
  ).run(...applicable);
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
    db.prepare(`UPDATE inventory SET owner = NULL, purpose = NULL ${scope}`).run(...args);
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
