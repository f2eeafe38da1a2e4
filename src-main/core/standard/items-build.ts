// Materialises the insecure items from the findings: one row per standard rule and port with counts,
// networks, services and sources, so the items screen answers at once however many observations exist.
// One read of the findings with their observations, sorted by item and host, folded as it streams: memory
// holds each item's networks and sources, never its hosts, whatever the engagement's size (three grouped
// SQL passes with DISTINCT aggregates took half as long again at a million findings). The items are
// written once the read is done (a connection cannot write while it reads).
import type { Database } from 'better-sqlite3';
import { ASSET_SQL, networkOf } from './assets';

const BASIS_RANK: Record<string, number> = { fact: 3, service: 2 };

interface ItemFold {
  key: string;
  ruleId: string;
  proto: string;
  port: number;
  observations: number;
  hosts: number;
  lastAsset: string | null;
  basis: number;
  /** Hosts per network (each host counted once: rows come sorted by host within the item). */
  networks: Map<string, number>;
  services: Set<string>;
  firstSeen: string | null;
  lastSeen: string | null;
  imports: Set<number>;
}

type FindingRow = [
  ruleId: string,
  proto: string,
  port: number,
  basis: string,
  asset: string,
  service: string | null,
  seenAt: string | null,
  importId: number,
];

/** Recomputes insecure_item and its networks and sources from the findings. Call inside a transaction. */
export function rebuildItems(db: Database): void {
  db.exec('DELETE FROM insecure_item_network; DELETE FROM insecure_item_source; DELETE FROM insecure_item;');
  const read = db
    .prepare(
      `SELECT f.rule_id, o.proto, o.port, f.basis, ${ASSET_SQL} AS asset, o.service, o.seen_at, o.import_id
       FROM finding f JOIN observation o ON o.id = f.observation_id
       ORDER BY f.rule_id, o.proto, o.port, asset, o.id`,
    )
    .raw();
  const insertItem = db.prepare(
    `INSERT INTO insecure_item (key, rule_id, proto, port, observations, hosts, basis, services, first_seen, last_seen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertNetwork = db.prepare('INSERT INTO insecure_item_network (key, network, hosts) VALUES (?, ?, ?)');
  const insertSource = db.prepare('INSERT INTO insecure_item_source (key, import_id) VALUES (?, ?)');
  const write = (item: ItemFold) => {
    insertItem.run(
      item.key,
      item.ruleId,
      item.proto,
      item.port,
      item.observations,
      item.hosts,
      item.basis,
      JSON.stringify([...item.services]),
      item.firstSeen,
      item.lastSeen,
    );
    for (const [network, hosts] of item.networks) insertNetwork.run(item.key, network, hosts);
    for (const importId of item.imports) insertSource.run(item.key, importId);
  };

  const folded: ItemFold[] = [];
  let item: ItemFold | null = null;
  for (const row of read.iterate() as IterableIterator<FindingRow>) {
    const [ruleId, proto, port, basis, asset, service, seenAt, importId] = row;
    if (!item || item.ruleId !== ruleId || item.port !== port || item.proto !== proto) {
      item = {
        key: `${ruleId}|${port}/${proto}`,
        ruleId,
        proto,
        port,
        observations: 0,
        hosts: 0,
        lastAsset: null,
        basis: 1,
        networks: new Map(),
        services: new Set(),
        firstSeen: null,
        lastSeen: null,
        imports: new Set(),
      };
      folded.push(item);
    }
    item.observations++;
    item.basis = Math.max(item.basis, BASIS_RANK[basis] ?? 1);
    if (asset !== item.lastAsset) {
      item.lastAsset = asset;
      item.hosts++;
      const network = networkOf(asset);
      item.networks.set(network, (item.networks.get(network) ?? 0) + 1);
    }
    if (service !== null) item.services.add(service);
    if (seenAt !== null) {
      if (item.firstSeen === null || seenAt < item.firstSeen) item.firstSeen = seenAt;
      if (item.lastSeen === null || seenAt > item.lastSeen) item.lastSeen = seenAt;
    }
    item.imports.add(importId);
  }
  for (const f of folded) write(f);
}
