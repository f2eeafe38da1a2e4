// The history of one service (protocol and port) across every scan import, in import order: for each host
// that any scan saw on that port, what each scan said — the state and service, that the host was
// scanned but the port not listed (closed or filtered among the ports the tool summarised), or that the
// scan did not cover the host. Paged by host, in address order.
import type { Database } from 'better-sqlite3';
import { normaliseIp } from '../import/ip';
import type { Proto } from '../model/observation';
import { registerAssetFunctions } from '../standard/assets';
import type { DriftStandard } from './drift';
import { listScanImports, type ScanImport } from './scan-imports';
import { OBS_HOST_SQL } from './coverage';

export interface TimelineQuery {
  proto: Proto;
  port: number;
  /** An address or a host name; only that host's history. */
  host?: string | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

export interface TimelineCell {
  /** False when the scan did not cover the host at all. */
  covered: boolean;
  /** The state the scan reported for the port; null when it covered the host but did not list the port. */
  state: string | null;
  inUse: boolean;
  service: string | null;
  product: string | null;
  version: string | null;
  /** Applicable standard rules the observation matched. */
  rules: string[];
}

export interface TimelineHost {
  host: string;
  hostNames: string[];
  /** One per scan import, in the order of `imports`. */
  cells: TimelineCell[];
}

export interface Timeline {
  proto: Proto;
  port: number;
  imports: ScanImport[];
  total: number;
  offset: number;
  hosts: TimelineHost[];
}

interface CellRow {
  import_id: number;
  host: string;
  host_names: string;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  rules: string;
}

export function serviceTimeline(db: Database, q: TimelineQuery, std: DriftStandard): Timeline {
  registerAssetFunctions(db);
  const imports = listScanImports(db);
  const scanIds = JSON.stringify(imports.map((i) => i.importId));
  const hostIp = q.host ? normaliseIp(q.host) : null;
  // An address names its host; anything else is matched against every name the scans gave a host.
  const hostFilter = !q.host
    ? ''
    : hostIp
      ? 'AND o.host_ip = :hostIp'
      : 'AND EXISTS (SELECT 1 FROM json_each(o.host_names) n WHERE lower(n.value) = lower(:host))';
  const scanned = 'o.import_id IN (SELECT value FROM json_each(:scanIds))';
  const listSql = `SELECT DISTINCT ${OBS_HOST_SQL} AS host FROM main.observation o
    WHERE o.proto = :proto AND o.port = :port AND ${scanned} ${hostFilter}`;
  const listArgs = {
    proto: q.proto,
    port: q.port,
    scanIds,
    ...(hostIp ? { hostIp } : q.host ? { host: q.host } : {}),
  };
  const total = db.prepare(`SELECT count(*) FROM (${listSql})`).pluck().get(listArgs) as number;
  const offset = q.offset ?? 0;
  const page = db
    .prepare(`SELECT host FROM (${listSql}) ORDER BY portcullis_asset_sort(host) LIMIT :limit OFFSET :offset`)
    .pluck()
    .all({ ...listArgs, limit: q.limit ?? 50, offset }) as string[];

  const pageHosts = JSON.stringify(page);
  const applicable = JSON.stringify(std.rules.filter((r) => r.applicable).map((r) => r.id));
  const cellsSql = (which: string) => `
    SELECT o.import_id, ${OBS_HOST_SQL} AS host, o.host_names, o.state, o.service, o.product, o.version,
      (SELECT json_group_array(rule_id) FROM (SELECT f.rule_id FROM main.finding f WHERE f.observation_id = o.id
        AND f.rule_id IN (SELECT value FROM json_each(:applicable)) ORDER BY f.rule_id)) AS rules
    FROM main.observation o
    WHERE ${which} AND o.proto = :proto AND o.port = :port AND ${scanned}
    ORDER BY o.id`;
  const cellArgs = { pageHosts, proto: q.proto, port: q.port, scanIds, applicable };
  const rows = [
    ...(db.prepare(cellsSql('o.host_ip IN (SELECT value FROM json_each(:pageHosts))')).all(cellArgs) as CellRow[]),
    ...(db
      .prepare(cellsSql(`o.host_ip IS NULL AND ${OBS_HOST_SQL} IN (SELECT value FROM json_each(:pageHosts))`))
      .all(cellArgs) as CellRow[]),
  ];
  const covered = coverage(db, page, scanIds);
  const inUse = new Set(std.inUseStates);
  const column = new Map(imports.map((imp, i) => [imp.importId, i]));
  const byHost = new Map<string, TimelineHost>(
    page.map((host) => [
      host,
      {
        host,
        hostNames: [],
        cells: imports.map((imp) => ({
          covered: covered.has(`${imp.importId} ${host}`),
          state: null,
          inUse: false,
          service: null,
          product: null,
          version: null,
          rules: [],
        })),
      },
    ]),
  );
  for (const r of rows) {
    const h = byHost.get(r.host);
    const i = column.get(r.import_id);
    if (!h || i === undefined) continue;
    for (const n of JSON.parse(r.host_names) as string[]) if (!h.hostNames.includes(n)) h.hostNames.push(n);
    const cell = h.cells[i]!;
    // A port listed twice in one scan: the observation in use speaks for it.
    if (cell.state !== null && (cell.inUse || !inUse.has(r.state))) continue;
    h.cells[i] = {
      covered: true,
      state: r.state,
      inUse: inUse.has(r.state),
      service: r.service,
      product: r.product,
      version: r.version,
      rules: JSON.parse(r.rules) as string[],
    };
  }
  return { proto: q.proto, port: q.port, imports, total, offset, hosts: page.map((h) => byHost.get(h)!) };
}

/** "importId host" for every scan import that covered one of `hosts` (listed it up, or saw a port on it). */
function coverage(db: Database, hosts: readonly string[], scanIds: string): Set<string> {
  const out = new Set<string>();
  if (hosts.length === 0) return out;
  const pageHosts = JSON.stringify(hosts);
  const listed = db
    .prepare(
      `SELECT h.import_id, coalesce(h.ip, lower(json_extract(h.host_names, '$[0]')), h.mac, '?') AS host
       FROM main.scan_host h WHERE h.status <> 'down' AND h.import_id IN (SELECT value FROM json_each(:scanIds))
         AND coalesce(h.ip, lower(json_extract(h.host_names, '$[0]')), h.mac, '?') IN (SELECT value FROM json_each(:pageHosts))`,
    )
    .all({ scanIds, pageHosts }) as { import_id: number; host: string }[];
  const seen = db
    .prepare(
      `SELECT DISTINCT o.import_id, o.host_ip AS host FROM main.observation o
       WHERE o.host_ip IN (SELECT value FROM json_each(:pageHosts))
       UNION
       SELECT DISTINCT o.import_id, ${OBS_HOST_SQL} FROM main.observation o
       WHERE o.host_ip IS NULL AND ${OBS_HOST_SQL} IN (SELECT value FROM json_each(:pageHosts))`,
    )
    .all({ pageHosts }) as { import_id: number; host: string }[];
  for (const r of [...listed, ...seen]) out.add(`${r.import_id} ${r.host}`);
  return out;
}
