// The shared row query of the endpoint categories (open without exception, stale exceptions, not admitted,
// disposed still open): one insecure item on one host from the snapshot's temp tables, with its sightings
// and the rule lines admitting it. Rows are chosen and ordered in SQL first; only the columns that vary
// per row are read (arrays, not objects: reading a few hundred thousand rows is dominated by that), and
// what is the same for many rows — an item's review, the imports, the standard's titles, repeated JSON —
// comes from small maps built once per reconciliation.
import type { Database } from 'better-sqlite3';
import type { ReconcileRow } from './reconcile-types';

export interface RuleInfo {
  title: string;
  replacement: string;
}

interface ReviewFacts {
  disposition: ReconcileRow['disposition'];
  status: NonNullable<ReconcileRow['status']>;
  decisionDate: string | null;
  expiryDate: string | null;
  targetDate: string | null;
  owner: string | null;
  approver: string | null;
}

/** What many rows share, looked up once. */
export interface Lookups {
  rules: ReadonlyMap<string, RuleInfo>;
  reviews: ReadonlyMap<string, ReviewFacts>;
  /** Hosts on which each item is open now. */
  itemOpen: ReadonlyMap<string, number>;
  imports: ReadonlyMap<number, { fileName: string; at: string }>;
  /** JSON.parse, once per distinct text. */
  json<T>(text: string): T;
  /** One copy of each distinct text (the same action is said on many rows). */
  text(s: string): string;
}

export function lookups(db: Database, rules: ReadonlyMap<string, RuleInfo>): Lookups {
  const reviews = new Map<string, ReviewFacts>();
  const rows = db
    .prepare(
      `SELECT item_key, disposition, status, json_extract(record, '$.decisionDate'), json_extract(record, '$.expiryDate'),
         json_extract(record, '$.targetDate'), json_extract(record, '$.owner'), json_extract(record, '$.approver')
       FROM main.review`,
    )
    .raw()
    .all() as [string, ReviewFacts['disposition'], ReviewFacts['status'], ...(string | null)[]][];
  for (const [key, disposition, status, decisionDate, expiryDate, targetDate, owner, approver] of rows) {
    reviews.set(key, {
      disposition,
      status,
      decisionDate: decisionDate ?? null,
      expiryDate: expiryDate ?? null,
      targetDate: targetDate ?? null,
      owner: owner ?? null,
      approver: approver ?? null,
    });
  }
  const itemOpen = new Map(
    db.prepare('SELECT item_key, hosts FROM temp.rc_item_open').raw().all() as [string, number][],
  );
  const imports = new Map(
    (db.prepare('SELECT id, file_name, at FROM temp.rc_import').raw().all() as [number, string, string][]).map(
      ([id, fileName, at]) => [id, { fileName, at }],
    ),
  );
  const memo = new Map<string, unknown>();
  const texts = new Map<string, string>();
  return {
    rules,
    reviews,
    itemOpen,
    imports,
    json<T>(text: string): T {
      let v = memo.get(text);
      if (v === undefined) memo.set(text, (v = JSON.parse(text)));
      return v as T;
    },
    text(s: string): string {
      const known = texts.get(s);
      if (known !== undefined) return known;
      texts.set(s, s);
      return s;
    },
  };
}

/** One insecure item on one host, with its review, sightings and admitting rules. */
export interface EndpointRow {
  ruleId: string;
  itemKey: string;
  asset: string;
  proto: string;
  port: number;
  services: string[];
  firstSeen: string | null;
  lastSeen: string | null;
  /** The owner recorded for the service in the inventory (the review's owner wins). */
  inventoryOwner: string | null;
  /** The latest import that covered the host, and its file and date. */
  lastCover: number | null;
  coverFile: string | null;
  coverAt: string | null;
  review: ReviewFacts | null;
  importIds: number[];
  /** 1 admitted, 0 not (or no device filters toward the host), -1 no address, null not asked. */
  admitted: number | null;
  relevant: string[];
  ruleIds: number[];
  rules: string[];
  /** Hosts on which the same item is open now. */
  itemOpen: number;
}

const ORDER = 'e.asset_sort, e.port, e.proto, e.rule_id';

/** The rulebases' answer for an open port (see admitEndpoints): the host's class, then the class's port. */
const ADMISSION = `LEFT JOIN temp.rc_host h ON e.open_now AND h.asset = e.asset
  LEFT JOIN temp.rc_class c ON c.class = h.class AND c.proto = e.proto AND c.port = e.port`;

/** 1 admitted, 0 not (or no device filters toward the host), -1 no address to ask about, NULL not asked. */
export const ADMITTED =
  'CASE WHEN h.asset IS NULL THEN NULL WHEN h.class IS NULL THEN -1 ELSE coalesce(c.admitted, 0) END';

type Raw = [
  string,
  string,
  string,
  string,
  number,
  string,
  string | null,
  string | null,
  string | null,
  number | null,
  string,
  number | null,
  string,
  string,
  string,
];

export function queryEndpoints(
  db: Database,
  look: Lookups,
  where: string,
  limit: number | undefined,
): { count: number; rows: EndpointRow[] } {
  const from = `FROM temp.rc_item_ep e ${ADMISSION}`;
  const count = db.prepare(`SELECT count(*) ${from} WHERE ${where}`).pluck().get() as number;
  const raw = db
    .prepare(
      `SELECT e.rule_id, e.item_key, e.asset, e.proto, e.port, e.services, e.first_seen, e.last_seen, v.owner,
         e.last_cover,
         (SELECT json_group_array(s.import_id) FROM (SELECT import_id FROM main.inventory_source
            WHERE inventory_id = e.inv_id ORDER BY import_id) s),
         ${ADMITTED}, coalesce(c.relevant, '[]'), coalesce(c.rule_ids, '[]'), coalesce(c.rules, '[]')
       FROM (SELECT e.rowid AS rid ${from} WHERE ${where} ORDER BY ${ORDER} LIMIT ?) k
       JOIN temp.rc_item_ep e ON e.rowid = k.rid ${ADMISSION}
       JOIN main.inventory v ON v.id = e.inv_id
       ORDER BY ${ORDER}`,
    )
    .raw()
    .all(limit ?? -1) as Raw[];
  const rows = raw.map((r): EndpointRow => {
    const cover = r[9] === null ? undefined : look.imports.get(r[9]);
    return {
      ruleId: r[0],
      itemKey: r[1],
      asset: r[2],
      proto: r[3],
      port: r[4],
      services: look.json<string[]>(r[5]),
      firstSeen: r[6],
      lastSeen: r[7],
      inventoryOwner: r[8],
      lastCover: r[9],
      coverFile: cover?.fileName ?? null,
      coverAt: cover?.at ?? null,
      review: look.reviews.get(r[1]) ?? null,
      importIds: look.json<number[]>(r[10]),
      admitted: r[11],
      relevant: look.json<string[]>(r[12]),
      ruleIds: look.json<number[]>(r[13]),
      rules: look.json<string[]>(r[14]),
      itemOpen: look.itemOpen.get(r[1]) ?? 0,
    };
  });
  return { count, rows };
}

export const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : 'an unknown date');

/** "imports #1, #3" */
export function importList(ids: readonly number[]): string {
  return `${ids.length === 1 ? 'import' : 'imports'} ${ids.map((i) => `#${i}`).join(', ')}`;
}

export function baseRow(e: EndpointRow, look: Lookups): ReconcileRow {
  const r = e.review;
  return {
    kind: 'endpoint',
    itemKey: e.itemKey,
    title: look.rules.get(e.ruleId)?.title ?? e.ruleId,
    host: e.asset,
    endpoint: `${e.port}/${e.proto}`,
    services: e.services,
    importIds: e.importIds,
    ruleIds: e.ruleIds,
    rules: e.rules,
    disposition: r?.disposition ?? null,
    status: r?.status ?? null,
    owner: r?.owner ?? e.inventoryOwner,
    firstSeen: e.firstSeen,
    lastSeen: e.lastSeen,
    decisionDate: r?.decisionDate ?? null,
    expiryDate: r?.expiryDate ?? null,
    targetDate: r?.targetDate ?? null,
    daysLeft: null,
    finding: '',
    action: '',
  };
}
