// Materialises the insecure items from the findings: one row per standard rule and port with counts,
// networks, services and sources, so the items screen answers at once however many observations exist.
import type { Database } from 'better-sqlite3';
import { ASSET_SQL, registerAssetFunctions } from './assets';

const KEY_SQL = "f.rule_id || '|' || o.port || '/' || o.proto";

/** Recomputes insecure_item and its networks and sources from the findings. Call inside a transaction. */
export function rebuildItems(db: Database): void {
  registerAssetFunctions(db);
  db.exec(`
    DELETE FROM insecure_item_network;
    DELETE FROM insecure_item_source;
    DELETE FROM insecure_item;
    INSERT INTO insecure_item (key, rule_id, proto, port, observations, hosts, basis, services, first_seen, last_seen)
      SELECT ${KEY_SQL}, f.rule_id, o.proto, o.port, count(*), count(DISTINCT ${ASSET_SQL}),
        max(CASE f.basis WHEN 'fact' THEN 3 WHEN 'service' THEN 2 ELSE 1 END),
        coalesce(json_group_array(DISTINCT o.service) FILTER (WHERE o.service IS NOT NULL), '[]'),
        min(o.seen_at), max(o.seen_at)
      FROM finding f JOIN observation o ON o.id = f.observation_id
      GROUP BY f.rule_id, o.proto, o.port;
    INSERT INTO insecure_item_network (key, network, hosts)
      SELECT key, portcullis_network(asset), count(*) FROM (
        SELECT DISTINCT ${KEY_SQL} AS key, ${ASSET_SQL} AS asset
        FROM finding f JOIN observation o ON o.id = f.observation_id)
      GROUP BY 1, 2;
    INSERT INTO insecure_item_source (key, import_id)
      SELECT DISTINCT ${KEY_SQL}, o.import_id FROM finding f JOIN observation o ON o.id = f.observation_id;
  `);
}
