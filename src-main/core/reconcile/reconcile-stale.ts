// What is documented but no longer true: approved exceptions and inventory entries whose port the latest
// scan of the host no longer finds open (2), and exceptions expired or expiring within the window (5).
import type { Database } from 'better-sqlite3';
import { parseItemKey } from '../standard/items';
import { baseRow, day, queryEndpoints, type Lookups } from './reconcile-rows';
import type { ReconcileRow } from './reconcile-types';

const SAMPLE = 5;

function closedBy(file: string | null, id: number | null, at: string | null): string {
  return `${file ?? 'a later import'} (import #${id ?? '?'}, ${day(at)}) covered the host and did not find it open`;
}

interface InventoryRow {
  inv_id: number;
  asset: string;
  proto: string;
  port: number;
  services: string;
  owner: string | null;
  purpose: string | null;
  first_seen: string | null;
  last_seen: string | null;
  last_cover: number | null;
  cover_file: string | null;
  cover_at: string | null;
  import_ids: string;
}

/** 2. Approved exceptions on hosts where the port is no longer open, and inventory entries no longer open. */
export function stale(db: Database, look: Lookups, limit: number | undefined) {
  const approved = "e.disposition = 'constrain' AND e.status = 'approved'";
  const exceptions = queryEndpoints(db, look, `${approved} AND NOT e.open_now`, limit);
  const unscanned = queryEndpoints(db, look, `${approved} AND e.open_now AND NOT e.rescanned`, SAMPLE);
  const notes = [
    'A host counts as rescanned when a later port scan or host listing reported it up; scans are taken to have covered every port of the protocols they scanned. A port only a host listing saw is judged only by a later host listing of that host.',
  ];
  if (unscanned.count > 0) {
    const list = unscanned.rows.map((e) => `${e.asset} ${e.port}/${e.proto}`).join(', ');
    notes.push(
      `${unscanned.count} host(s) under approved exceptions were not scanned again after they were first seen open (${list}${unscanned.count > SAMPLE ? ', …' : ''}): they are not called stale; rescan them to confirm.`,
    );
  }
  const rows: ReconcileRow[] = exceptions.rows.map((e) => {
    const row = { ...baseRow(e, look), kind: 'exception' as const };
    row.finding = `The approved exception for ${row.title} covers ${row.host} ${row.endpoint}, but ${closedBy(e.coverFile, e.lastCover, e.coverAt)}.`;
    row.action =
      e.itemOpen === 0
        ? `Retire the exception: no host has ${row.endpoint} open any more.`
        : `Take ${row.host} out of the exception's scope; ${e.itemOpen} other host(s) still have ${row.endpoint} open.`;
    return row;
  });

  const where = 'FROM main.inventory v JOIN temp.rc_state st ON st.inventory_id = v.id WHERE NOT st.open_now';
  const inventoryCount = db.prepare(`SELECT count(*) ${where}`).pluck().get() as number;
  const left = limit === undefined ? -1 : Math.max(0, limit - rows.length);
  const inventory = db
    .prepare(
      `SELECT v.id AS inv_id, v.asset, v.proto, v.port, v.services, v.owner, v.purpose, v.first_seen, v.last_seen,
         st.last_cover, ci.file_name AS cover_file, ci.at AS cover_at,
         (SELECT json_group_array(s.import_id) FROM (SELECT import_id FROM main.inventory_source
            WHERE inventory_id = v.id ORDER BY import_id) s) AS import_ids
       FROM (SELECT v.id ${where} ORDER BY v.asset_sort, v.port, v.proto LIMIT ?) k
       JOIN main.inventory v ON v.id = k.id JOIN temp.rc_state st ON st.inventory_id = v.id
       LEFT JOIN temp.rc_import ci ON ci.id = st.last_cover
       ORDER BY v.asset_sort, v.port, v.proto`,
    )
    .all(left) as InventoryRow[];
  for (const v of inventory) {
    const services = JSON.parse(v.services) as string[];
    const endpoint = `${v.port}/${v.proto}`;
    const documented = [v.owner ? `owner ${v.owner}` : '', v.purpose ? `purpose "${v.purpose}"` : '']
      .filter(Boolean)
      .join(', ');
    rows.push({
      kind: 'inventory',
      itemKey: null,
      title: services[0] ?? endpoint,
      host: v.asset,
      endpoint,
      services,
      importIds: JSON.parse(v.import_ids) as number[],
      ruleIds: [],
      rules: [],
      disposition: null,
      status: null,
      owner: v.owner,
      firstSeen: v.first_seen,
      lastSeen: v.last_seen,
      decisionDate: null,
      expiryDate: null,
      targetDate: null,
      daysLeft: null,
      finding: `${v.asset} ${endpoint} is in the in-use inventory${documented ? ` (${documented})` : ''}, last seen open ${day(v.last_seen)}, but ${closedBy(v.cover_file, v.last_cover, v.cover_at)}.`,
      action: `Confirm it was retired (change ticket, rescan) and take it out of the documented inventory and the asset register.`,
    });
  }
  return { count: exceptions.count + inventoryCount, rows, notes };
}

interface ReviewRow {
  item_key: string;
  disposition: ReconcileRow['disposition'];
  status: NonNullable<ReconcileRow['status']>;
  decision_date: string | null;
  expiry_date: string | null;
  target_date: string | null;
  owner: string | null;
  services: string | null;
  first_seen: string | null;
  last_seen: string | null;
  import_ids: string;
  open_hosts: number;
}

const DAY_MS = 86_400_000;

/** 5. Exceptions expired, or expiring within `days` of `asOf`. */
export function expiring(db: Database, look: Lookups, asOf: string, days: number, limit: number | undefined) {
  const where = `FROM main.review r WHERE r.status <> 'retired' AND (r.status = 'expired'
      OR json_extract(r.record, '$.expiryDate') <= date(?, '+' || ? || ' days'))`;
  const count = db.prepare(`SELECT count(*) ${where}`).pluck().get(asOf, days) as number;
  const rows = db
    .prepare(
      `SELECT r.item_key, r.disposition, r.status, json_extract(r.record, '$.decisionDate') AS decision_date,
         json_extract(r.record, '$.expiryDate') AS expiry_date, json_extract(r.record, '$.targetDate') AS target_date,
         json_extract(r.record, '$.owner') AS owner, i.services, i.first_seen, i.last_seen,
         (SELECT json_group_array(import_id) FROM (SELECT import_id FROM main.insecure_item_source
            WHERE key = r.item_key ORDER BY import_id)) AS import_ids,
         coalesce((SELECT o.hosts FROM temp.rc_item_open o WHERE o.item_key = r.item_key), 0) AS open_hosts
       ${where.replace('WHERE', 'LEFT JOIN main.insecure_item i ON i.key = r.item_key WHERE')}
       ORDER BY expiry_date IS NULL, expiry_date, r.item_key LIMIT ?`,
    )
    .all(asOf, days, limit ?? -1) as ReviewRow[];
  return {
    count,
    notes: [`Judged on ${asOf}; the window is ${days} day(s).`],
    rows: rows.map((r): ReconcileRow => {
      const key = parseItemKey(r.item_key);
      const title = (key && look.rules.get(key.ruleId)?.title) ?? r.item_key;
      const endpoint = key ? `${key.port}/${key.proto}` : null;
      const daysLeft = r.expiry_date ? Math.round((Date.parse(r.expiry_date) - Date.parse(asOf)) / DAY_MS) : null;
      const open = `${r.open_hosts} host(s) have it open now`;
      const lapsed = daysLeft === null || daysLeft < 0;
      const finding =
        daysLeft === null
          ? `The exception for ${title} on ${endpoint} is marked expired; ${open}.`
          : daysLeft < 0
            ? `The exception for ${title} on ${endpoint} expired on ${r.expiry_date}, ${-daysLeft} day(s) before ${asOf}; ${open}.`
            : `The exception for ${title} on ${endpoint} expires on ${r.expiry_date}, in ${daysLeft} day(s); ${open}.`;
      return {
        kind: 'exception',
        itemKey: r.item_key,
        title,
        host: null,
        endpoint,
        services: r.services ? (JSON.parse(r.services) as string[]).sort() : [],
        importIds: JSON.parse(r.import_ids) as number[],
        ruleIds: [],
        rules: [],
        disposition: r.disposition,
        status: r.status,
        owner: r.owner,
        firstSeen: r.first_seen,
        lastSeen: r.last_seen,
        decisionDate: r.decision_date,
        expiryDate: r.expiry_date,
        targetDate: r.target_date,
        daysLeft,
        finding,
        action: lapsed
          ? `Review it now: renew it with a new approval and expiry date, or retire the service${r.open_hosts > 0 ? ` on the ${r.open_hosts} host(s) where it is open` : ''}.`
          : `Schedule the review before ${r.expiry_date}: renew it with approval, or plan the retirement.`,
      };
    }),
  };
}
