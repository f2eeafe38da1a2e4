// Drift between two scan imports of an engagement: ports newly in use (on hosts the first scan covered),
// hosts new to the second scan, ports no longer in use, hosts the second scan no longer saw, and, where a
// port stayed in use, changes of service, product, version or tunnel and of script output and derived
// facts (TLS versions offered or withdrawn). Rows whose observation matched an applicable rule of the
// standard are marked insecure. Computed in one sorted pass over both imports' observations (SQLite's
// GROUP BY: a sort that spills to disk, so memory stays flat), stored in a connection-local table
// and paged from there: a million observations compare in seconds, and later pages, filters and CSV
// export cost a query each.
import type { Database } from 'better-sqlite3';
import { registerAssetFunctions } from '../standard/assets';
import type { ContentChange, FieldChange } from './drift-changes';
import { stageChanges, stageRows } from './drift-stage';
import { scanImport, type ScanImport } from './scan-imports';
import { buildCoverage } from './coverage';

export const DRIFT_KINDS = ['opened', 'new-host', 'closed', 'host-gone', 'service-changed', 'scripts-changed'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** What drift needs of the engagement's standard: which states mean "in use", and its rules. */
export interface DriftStandard {
  version: number;
  inUseStates: readonly string[];
  rules: readonly { id: string; title: string; applicable: boolean }[];
}

export interface DriftSide {
  observationId: number;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  tunnel: string | null;
}

export interface DriftRow {
  kind: DriftKind;
  host: string;
  hostNames: string[];
  /** Null on the one row of a host that appeared or vanished with no port in use. */
  proto: string | null;
  port: number | null;
  before: DriftSide | null;
  after: DriftSide | null;
  /** Applicable standard rules the observation before / after matched. */
  rulesBefore: string[];
  rulesAfter: string[];
  /** The side that matters matched a rule: after for what is (still or newly) in use, before for what went. */
  insecure: boolean;
  fields: FieldChange[];
  content: ContentChange | null;
}

export interface DriftSummary {
  kind: DriftKind;
  rows: number;
  hosts: number;
  insecure: number;
}

export interface DriftPage {
  from: ScanImport;
  to: ScanImport;
  standardVersion: number;
  summary: DriftSummary[];
  total: number;
  offset: number;
  rows: DriftRow[];
  /** Titles of the rules named by the rows of this page. */
  rules: { ruleId: string; title: string }[];
}

export interface DriftQuery {
  from: number;
  to: number;
  change?: DriftKind | undefined;
  insecure?: boolean | undefined;
  offset?: number | undefined;
  limit?: number | undefined;
}

const computed = new WeakMap<Database, { key: string; summary: DriftSummary[] }>();

const KIND_ORDER_SQL = `CASE kind ${DRIFT_KINDS.map((k, i) => `WHEN '${k}' THEN ${i}`).join(' ')} END`;

function ensureResultTables(db: Database): void {
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS drift_named (
      host TEXT NOT NULL, proto TEXT NOT NULL, port INTEGER NOT NULL, a INTEGER, b INTEGER,
      PRIMARY KEY (host, proto, port)
    ) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS drift_stage (
      kind TEXT NOT NULL, host TEXT NOT NULL, proto TEXT, port INTEGER, from_obs INTEGER, to_obs INTEGER, detail TEXT
    );
    CREATE TEMP TABLE IF NOT EXISTS drift_result (
      seq INTEGER PRIMARY KEY,
      kind TEXT NOT NULL,
      host TEXT NOT NULL,
      proto TEXT,
      port INTEGER,
      from_obs INTEGER,
      to_obs INTEGER,
      rules_before TEXT NOT NULL,
      rules_after TEXT NOT NULL,
      insecure INTEGER NOT NULL,
      detail TEXT
    );
    CREATE INDEX IF NOT EXISTS temp.drift_result_kind ON drift_result(kind, seq);
    CREATE INDEX IF NOT EXISTS temp.drift_result_insecure ON drift_result(insecure, seq);
  `);
}

function build(db: Database, from: number, to: number, std: DriftStandard): DriftSummary[] {
  ensureResultTables(db);
  registerAssetFunctions(db);
  const applicable = new Set(std.rules.filter((r) => r.applicable).map((r) => r.id));
  db.function('portcullis_drift_applicable', { deterministic: true }, (id: unknown) =>
    applicable.has(String(id)) ? 1 : 0,
  );
  const rulesOf = (col: string) =>
    `(SELECT json_group_array(rule_id) FROM (SELECT f.rule_id FROM main.finding f
       WHERE f.observation_id = ${col} AND portcullis_drift_applicable(f.rule_id) ORDER BY f.rule_id))`;
  db.transaction(() => {
    db.exec('DELETE FROM temp.drift_named; DELETE FROM temp.drift_stage; DELETE FROM temp.drift_result;');
    buildCoverage(db, [from, to]);
    stageRows(db, from, to, std.inUseStates);
    stageChanges(db);
    db.prepare(
      `INSERT INTO temp.drift_result (kind, host, proto, port, from_obs, to_obs, rules_before, rules_after, insecure, detail)
       SELECT kind, host, proto, port, from_obs, to_obs, rules_before, rules_after,
         CASE WHEN kind IN ('closed', 'host-gone') THEN rules_before <> '[]' ELSE rules_after <> '[]' END, detail
       FROM (SELECT s.*, ${rulesOf('s.from_obs')} AS rules_before, ${rulesOf('s.to_obs')} AS rules_after,
               portcullis_asset_sort(s.host) AS host_sort, ${KIND_ORDER_SQL} AS kind_order
             FROM temp.drift_stage s WHERE s.kind <> 'changed')
       ORDER BY host_sort, proto, port, kind_order`,
    ).run();
    db.exec('DELETE FROM temp.drift_stage');
  })();
  const counts = db
    .prepare(
      'SELECT kind, count(*) AS rows, count(DISTINCT host) AS hosts, sum(insecure) AS insecure FROM temp.drift_result GROUP BY kind',
    )
    .all() as DriftSummary[];
  return DRIFT_KINDS.map((kind) => counts.find((c) => c.kind === kind) ?? { kind, rows: 0, hosts: 0, insecure: 0 });
}

interface ResultRow {
  kind: DriftKind;
  host: string;
  proto: string | null;
  port: number | null;
  from_obs: number | null;
  to_obs: number | null;
  rules_before: string;
  rules_after: string;
  insecure: number;
  detail: string | null;
}

interface SideRow {
  id: number;
  host_names: string;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  tunnel: string | null;
}

function side(r: SideRow | undefined): DriftSide | null {
  if (!r) return null;
  const { id, state, service, product, version, tunnel } = r;
  return { observationId: id, state, service, product, version, tunnel };
}

/** Compares scan import `q.from` with `q.to` (computed once per pair and standard) and returns one page. */
export function compareScans(db: Database, q: DriftQuery, std: DriftStandard): DriftPage {
  const from = scanImport(db, q.from, 'from');
  const to = scanImport(db, q.to, 'to');
  const key = JSON.stringify([from.importId, to.importId, std.version, [...std.inUseStates].sort()]);
  let cached = computed.get(db);
  if (!cached || cached.key !== key) {
    computed.delete(db);
    cached = { key, summary: build(db, from.importId, to.importId, std) };
    computed.set(db, cached);
  }
  const where = [q.change ? 'kind = :kind' : null, q.insecure ? 'insecure = 1' : null].filter(Boolean);
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const params = { kind: q.change ?? null };
  const bind = q.change ? params : {};
  const total = db.prepare(`SELECT count(*) FROM temp.drift_result ${whereSql}`).pluck().get(bind) as number;
  const offset = q.offset ?? 0;
  const results = db
    .prepare(`SELECT * FROM temp.drift_result ${whereSql} ORDER BY seq LIMIT :limit OFFSET :offset`)
    .all({ ...bind, limit: q.limit ?? 100, offset }) as ResultRow[];
  const obs = db.prepare(
    'SELECT id, host_names, state, service, product, version, tunnel FROM main.observation WHERE id = ?',
  );
  const titles = new Map(std.rules.map((r) => [r.id, r.title]));
  const named = new Set<string>();
  const rows = results.map((r): DriftRow => {
    const a = r.from_obs === null ? undefined : (obs.get(r.from_obs) as SideRow | undefined);
    const b = r.to_obs === null ? undefined : (obs.get(r.to_obs) as SideRow | undefined);
    const detail = r.detail ? (JSON.parse(r.detail) as { fields?: FieldChange[]; content?: ContentChange }) : {};
    const rulesBefore = JSON.parse(r.rules_before) as string[];
    const rulesAfter = JSON.parse(r.rules_after) as string[];
    for (const id of [...rulesBefore, ...rulesAfter]) named.add(id);
    return {
      kind: r.kind,
      host: r.host,
      hostNames: JSON.parse((b ?? a)?.host_names ?? '[]') as string[],
      proto: r.proto,
      port: r.port,
      before: side(a),
      after: side(b),
      rulesBefore,
      rulesAfter,
      insecure: r.insecure === 1,
      fields: detail.fields ?? [],
      content: detail.content ?? null,
    };
  });
  return {
    from,
    to,
    standardVersion: std.version,
    summary: cached.summary,
    total,
    offset,
    rows,
    rules: [...named].sort().map((ruleId) => ({ ruleId, title: titles.get(ruleId) ?? ruleId })),
  };
}
