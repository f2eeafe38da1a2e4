// The in-use inventory as users query it: one row per asset, protocol and port, with owner and business
// purpose (a service annotation overrides the asset's), the insecure rules it matches, filters, sorting,
// paging and grouping that stay fast at a million observations (the rows are precomputed).
import type { Database } from 'better-sqlite3';
import type { Proto } from '../model/observation';
import type { StandardDocument } from '../standard/schema';
import { itemKey } from '../standard/items';
import { NO_OWNER, NO_SERVICE, type InventorySort } from './sorts';

export type { InventorySort } from './sorts';

export interface InventoryFilter {
  text?: string;
  asset?: string;
  proto?: string;
  port?: number;
  service?: string;
  owner?: string;
  insecure?: boolean;
}

export interface InsecureReason {
  ruleId: string;
  title: string;
  severity: 'high' | 'medium' | 'low';
  itemKey: string;
}

export interface InventoryRow {
  asset: string;
  hostIp: string | null;
  hostNames: string[];
  proto: Proto;
  port: number;
  services: string[];
  products: string[];
  observationCount: number;
  importCount: number;
  listedByHost: boolean;
  firstSeen: string | null;
  lastSeen: string | null;
  owner: string | null;
  purpose: string | null;
  insecure: InsecureReason[];
}

export interface InventoryPage {
  total: number;
  rows: InventoryRow[];
}

export interface InventoryGroup {
  key: string;
  rows: number;
  assets: number;
  insecure: number;
}

const OWNER = 'v.owner';
const PURPOSE = 'v.purpose';

const SORT_SQL: Record<InventorySort, string> = {
  asset: 'v.asset_sort, v.port, v.proto',
  port: 'v.port, v.proto, v.asset_sort',
  service: "json_extract(v.services, '$[0]'), v.asset_sort, v.port",
  owner: 'v.owner IS NULL, v.owner, v.asset_sort, v.port',
  observations: 'v.observation_count, v.asset_sort, v.port',
  imports: 'v.import_count, v.asset_sort, v.port',
  insecure: 'json_array_length(v.insecure), v.asset_sort, v.port',
  lastSeen: 'v.last_seen, v.asset_sort, v.port',
};

function where(filter: InventoryFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.asset) {
    parts.push('(v.asset = ? OR EXISTS (SELECT 1 FROM json_each(v.host_names) WHERE value = ?))');
    params.push(filter.asset, filter.asset);
  }
  if (filter.proto) {
    parts.push('v.proto = ?');
    params.push(filter.proto);
  }
  if (filter.port !== undefined) {
    parts.push('v.port = ?');
    params.push(filter.port);
  }
  if (filter.service === NO_SERVICE) parts.push("v.services = '[]'");
  else if (filter.service) {
    parts.push('EXISTS (SELECT 1 FROM json_each(v.services) WHERE lower(value) = lower(?))');
    params.push(filter.service);
  }
  if (filter.owner === NO_OWNER) parts.push('v.owner IS NULL');
  else if (filter.owner) {
    parts.push(`${OWNER} = ?`);
    params.push(filter.owner);
  }
  if (filter.insecure !== undefined) parts.push(filter.insecure ? "v.insecure <> '[]'" : "v.insecure = '[]'");
  if (filter.text) {
    const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      `(v.asset LIKE ? ESCAPE '\\' OR v.host_names LIKE ? ESCAPE '\\' OR v.services LIKE ? ESCAPE '\\'
        OR v.products LIKE ? ESCAPE '\\' OR ${OWNER} LIKE ? ESCAPE '\\' OR ${PURPOSE} LIKE ? ESCAPE '\\'
        OR CAST(v.port AS TEXT) = ?)`,
    );
    params.push(like, like, like, like, like, like, filter.text);
  }
  return { sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

interface Row {
  asset: string;
  host_ip: string | null;
  host_names: string;
  proto: string;
  port: number;
  services: string;
  products: string;
  observation_count: number;
  import_count: number;
  listed_by_host: number;
  first_seen: string | null;
  last_seen: string | null;
  owner: string | null;
  purpose: string | null;
  insecure: string;
  host_name?: string | null;
}

function toRow(r: Row, doc: StandardDocument): InventoryRow {
  const rules = new Map(doc.rules.map((x) => [x.id, x]));
  return {
    asset: r.asset,
    hostIp: r.host_ip,
    hostNames: JSON.parse(r.host_names) as string[],
    proto: r.proto as Proto,
    port: r.port,
    services: JSON.parse(r.services) as string[],
    products: JSON.parse(r.products) as string[],
    observationCount: r.observation_count,
    importCount: r.import_count,
    listedByHost: r.listed_by_host === 1,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    owner: r.owner,
    purpose: r.purpose,
    insecure: (JSON.parse(r.insecure) as string[]).flatMap((id) => {
      const rule = rules.get(id);
      return rule
        ? [{ ruleId: id, title: rule.title, severity: rule.severity, itemKey: itemKey(id, r.proto, r.port) }]
        : [];
    }),
  };
}

const SELECT = `SELECT v.asset, v.host_ip, v.host_names, v.host_name, v.proto, v.port, v.services, v.products, v.observation_count,
  v.import_count, v.listed_by_host, v.first_seen, v.last_seen, ${OWNER} AS owner, ${PURPOSE} AS purpose, v.insecure
  FROM inventory v `;

export function queryInventory(
  db: Database,
  doc: StandardDocument,
  filter: InventoryFilter,
  page: { sort: InventorySort; descending: boolean; offset: number; limit: number },
): InventoryPage {
  const w = where(filter);
  const total = (
    db.prepare(`SELECT count(*) AS n FROM inventory v  ${w.sql}`).get(...w.params) as {
      n: number;
    }
  ).n;
  const order = SORT_SQL[page.sort]
    .split(', ')
    .map((c, i) => (i === 0 && page.descending ? `${c} DESC` : c))
    .join(', ');
  const rows = db
    .prepare(`${SELECT} ${w.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...w.params, page.limit, page.offset) as Row[];
  return { total, rows: rows.map((r) => toRow(r, doc)) };
}

const GROUP_KEY: Record<'service' | 'asset' | 'owner', string> = {
  service: `coalesce(json_extract(v.services, '$[0]'), '${NO_SERVICE}')`,
  asset: 'v.asset',
  owner: `coalesce(${OWNER}, '${NO_OWNER}')`,
};

/** Rows counted by service, asset or owner (largest first), under the same filter. */
export function groupInventory(
  db: Database,
  filter: InventoryFilter,
  by: 'service' | 'asset' | 'owner',
  limit: number,
): InventoryGroup[] {
  const w = where(filter);
  return db
    .prepare(
      `SELECT ${GROUP_KEY[by]} AS key, count(*) AS rows, count(DISTINCT v.asset) AS assets,
         sum(v.insecure <> '[]') AS insecure
       FROM inventory v  ${w.sql} GROUP BY 1 ORDER BY rows DESC, key LIMIT ?`,
    )
    .all(...w.params, limit) as InventoryGroup[];
}

export interface InventorySource {
  importId: number;
  fileName: string;
  format: string;
  importedAt: string;
  observations: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface InventoryListing {
  importId: number;
  process: string | null;
  bindAddress: string | null;
  state: string;
}

export interface AnnotationLayer {
  owner: string | null;
  purpose: string | null;
  /** "manual" or the asset-register file and line it came from. */
  source: string;
  /** The asset key it is recorded under: the address or the host name. */
  recordedFor: string;
}

export interface InventoryEntry {
  row: InventoryRow;
  /** Owner and purpose as recorded for this service and for the whole asset (the row shows the merge). */
  annotations: { service: AnnotationLayer | null; asset: AnnotationLayer | null };
  sources: InventorySource[];
  /** What the host listener inventories say: the process and the address it is bound to. */
  listings: InventoryListing[];
}

export function inventoryEntry(
  db: Database,
  doc: StandardDocument,
  key: { asset: string; proto: string; port: number },
  hostFormats: readonly string[],
): InventoryEntry | null {
  const r = db
    .prepare(`${SELECT} WHERE v.asset = ? AND v.proto = ? AND v.port = ?`)
    .get(key.asset, key.proto, key.port) as Row | undefined;
  if (!r) return null;
  const sources = db
    .prepare(
      `SELECT s.import_id AS importId, i.file_name AS fileName, i.format, i.imported_at AS importedAt,
         s.observations, s.first_seen AS firstSeen, s.last_seen AS lastSeen
       FROM inventory_source s JOIN inventory v ON v.id = s.inventory_id JOIN import i ON i.id = s.import_id
       WHERE v.asset = ? AND v.proto = ? AND v.port = ? ORDER BY s.import_id`,
    )
    .all(key.asset, key.proto, key.port) as InventorySource[];
  // A host listing describes exactly one host, so its observations on this port are this entry's.
  const hostPlaceholders = hostFormats.length > 0 ? hostFormats.map(() => '?').join(', ') : "''";
  const listings = db
    .prepare(
      `SELECT o.import_id AS importId, o.process, o.bind_address AS bindAddress, o.state
       FROM observation o JOIN import i ON i.id = o.import_id
       WHERE i.format IN (${hostPlaceholders}) AND o.proto = ? AND o.port = ?
         AND o.import_id IN (SELECT s.import_id FROM inventory_source s JOIN inventory v ON v.id = s.inventory_id
                             WHERE v.asset = ? AND v.proto = ? AND v.port = ?)
       ORDER BY o.import_id, o.id`,
    )
    .all(...hostFormats, key.proto, key.port, key.asset, key.proto, key.port) as InventoryListing[];
  const layer = (proto: string, port: number): AnnotationLayer | null => {
    const a = db
      .prepare(
        `SELECT asset, owner, purpose, source FROM asset_annotation WHERE asset IN (?, ?) AND proto = ? AND port = ?
         ORDER BY asset = ? DESC LIMIT 1`,
      )
      .get(key.asset, r.host_name ?? key.asset, proto, port, key.asset) as
      { asset: string; owner: string | null; purpose: string | null; source: string } | undefined;
    return a ? { owner: a.owner, purpose: a.purpose, source: a.source, recordedFor: a.asset } : null;
  };
  return {
    row: toRow(r, doc),
    annotations: { service: layer(key.proto, key.port), asset: layer('', -1) },
    sources,
    listings,
  };
}
