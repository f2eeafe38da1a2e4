// Writing and reading imports, hosts, observations, facts and parse notes. Writes happen inside the
// import's transaction with prepared statements; reads are paged queries so a million rows stay fast.
import type { Database, Statement } from 'better-sqlite3';
import type { Fact, HostSeen, Observation, ParseNote } from '../model/observation';

/** Parse notes kept per import; beyond this only the count grows (the first ones locate the problem). */
export const MAX_NOTES_KEPT = 10_000;

/** Evidence is an excerpt: keep each one bounded so a runaway script output cannot bloat every row. */
const MAX_EVIDENCE = 2000;
function boundedFact(f: Fact): Fact {
  return f.evidence.length > MAX_EVIDENCE ? { ...f, evidence: f.evidence.slice(0, MAX_EVIDENCE) } : f;
}

/** JSON of a list; most lists are empty, and '[]' needs no serialiser. */
function listJson(list: readonly unknown[]): string {
  return list.length === 0 ? '[]' : JSON.stringify(list);
}

export class ObservationWriter {
  private readonly insertObs: Statement;
  /** A host's names, serialised once for all its ports (ports of one host come together). */
  private lastNames: readonly string[] = [];
  private lastNamesJson = '[]';
  private readonly insertHost: Statement;
  private readonly insertNote: Statement;
  observations = 0;
  hosts = 0;
  notes = 0;

  constructor(
    db: Database,
    private readonly importId: number,
  ) {
    this.insertObs = db.prepare(
      `INSERT INTO observation (import_id, host_ip, host_names, mac, proto, port, state, reason, service, product, version,
         extra_info, tunnel, method, confidence, cpes, facts, scripts, seen_at, process, bind_address)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertHost = db.prepare(
      'INSERT INTO scan_host (import_id, ip, host_names, mac, status, seen_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertNote = db.prepare('INSERT INTO parse_note (import_id, line, col, what) VALUES (?, ?, ?, ?)');
  }

  /** Stores `o`; returns its id and the facts as stored (each excerpt bounded). */
  observation(o: Observation): { id: number; facts: Fact[] } {
    const facts = o.facts.some((f) => f.evidence.length > MAX_EVIDENCE) ? o.facts.map(boundedFact) : o.facts;
    const { lastInsertRowid } = this.insertObs.run(
      this.importId,
      o.hostIp,
      this.namesJson(o.hostNames),
      o.mac,
      o.proto,
      o.port,
      o.state,
      o.reason,
      o.service,
      o.product,
      o.version,
      o.extraInfo,
      o.tunnel,
      o.method,
      o.confidence,
      listJson(o.cpes),
      listJson(facts),
      listJson(o.scripts),
      o.seenAt,
      o.process,
      o.bindAddress,
    );
    this.observations++;
    return { id: Number(lastInsertRowid), facts };
  }

  private namesJson(names: readonly string[]): string {
    const last = this.lastNames;
    if (names.length !== last.length || names.some((n, i) => n !== last[i])) {
      this.lastNames = [...names];
      this.lastNamesJson = listJson(names);
    }
    return this.lastNamesJson;
  }

  host(h: HostSeen): void {
    this.insertHost.run(this.importId, h.ip, JSON.stringify(h.hostNames), h.mac, h.status, h.seenAt);
    this.hosts++;
  }

  note(n: ParseNote): void {
    if (this.notes < MAX_NOTES_KEPT) this.insertNote.run(this.importId, n.line, n.column, n.what.slice(0, 2000));
    this.notes++;
  }
}

export interface ImportRecord {
  importId: number;
  sha256: string;
  fileName: string;
  format: string;
  formatLabel: string;
  parserVersion: string;
  hostName: string | null;
  size: number;
  importedAt: string;
  importedBy: string;
  hostCount: number;
  observationCount: number;
  ruleCount: number;
  ticketCount: number;
  noteCount: number;
  meta: Record<string, string>;
}

interface ImportRow {
  id: number;
  sha256: string;
  file_name: string;
  format: string;
  format_label: string;
  parser_version: string;
  host_name: string | null;
  size: number;
  imported_at: string;
  imported_by: string;
  host_count: number;
  observation_count: number;
  rule_count: number;
  ticket_count: number;
  note_count: number;
  meta: string;
}

function fromImportRow(r: ImportRow): ImportRecord {
  return {
    importId: r.id,
    sha256: r.sha256,
    fileName: r.file_name,
    format: r.format,
    formatLabel: r.format_label,
    parserVersion: r.parser_version,
    hostName: r.host_name,
    size: r.size,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    hostCount: r.host_count,
    observationCount: r.observation_count,
    ruleCount: r.rule_count,
    ticketCount: r.ticket_count,
    noteCount: r.note_count,
    meta: JSON.parse(r.meta) as Record<string, string>,
  };
}

export function listImports(db: Database): ImportRecord[] {
  return (db.prepare('SELECT * FROM import WHERE sha256 IS NOT NULL ORDER BY id').all() as ImportRow[]).map(
    fromImportRow,
  );
}

export function findImportBySha(db: Database, sha256: string): ImportRecord | undefined {
  const r = db.prepare('SELECT * FROM import WHERE sha256 = ?').get(sha256) as ImportRow | undefined;
  return r && fromImportRow(r);
}

export function listParseNotes(db: Database, importId: number, offset = 0, limit = 500): ParseNote[] {
  return (
    db
      .prepare('SELECT line, col AS "column", what FROM parse_note WHERE import_id = ? ORDER BY id LIMIT ? OFFSET ?')
      .all(importId, limit, offset) as ParseNote[]
  ).map((n) => ({ line: n.line, column: n.column, what: n.what }));
}

export interface ObservationFilter {
  importId?: number;
  hostIp?: string;
  proto?: string;
  port?: number;
  state?: string;
  service?: string;
  /** Matches host, names, service, product, version or a fact value (substring, case-insensitive). */
  text?: string;
}

export interface ObservationRow extends Observation {
  observationId: number;
  importId: number;
}

export const sortableColumns = ['host_ip', 'port', 'proto', 'state', 'service', 'product', 'id'] as const;
export type ObservationSort = (typeof sortableColumns)[number];

function whereClause(f: ObservationFilter): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const equals: [keyof ObservationFilter, string][] = [
    ['importId', 'import_id'],
    ['hostIp', 'host_ip'],
    ['proto', 'proto'],
    ['port', 'port'],
    ['state', 'state'],
    ['service', 'service'],
  ];
  for (const [key, column] of equals) {
    if (f[key] === undefined) continue;
    parts.push(`o.${column} = ?`);
    args.push(f[key]);
  }
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      `(o.host_ip LIKE ?1 ESCAPE '\\' OR o.host_names LIKE ?1 ESCAPE '\\' OR o.service LIKE ?1 ESCAPE '\\' OR o.product LIKE ?1 ESCAPE '\\'
        OR o.version LIKE ?1 ESCAPE '\\' OR o.facts LIKE ?1 ESCAPE '\\')`.replace(/\?1/g, '?'),
    );
    for (let i = 0; i < 6; i++) args.push(like);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

interface ObservationDbRow {
  id: number;
  import_id: number;
  host_ip: string | null;
  host_names: string;
  mac: string | null;
  proto: Observation['proto'];
  port: number;
  state: string;
  reason: string | null;
  service: string | null;
  product: string | null;
  version: string | null;
  extra_info: string | null;
  tunnel: string | null;
  method: string | null;
  confidence: number | null;
  cpes: string;
  facts: string;
  scripts: string;
  seen_at: string | null;
  process: string | null;
  bind_address: string | null;
}

export function queryObservations(
  db: Database,
  filter: ObservationFilter,
  page: { offset: number; limit: number; sort?: ObservationSort; descending?: boolean },
): { total: number; rows: ObservationRow[] } {
  const { sql, args } = whereClause(filter);
  const total = db
    .prepare(`SELECT count(*) FROM observation o ${sql}`)
    .pluck()
    .get(...args) as number;
  const sort = page.sort && (sortableColumns as readonly string[]).includes(page.sort) ? page.sort : 'id';
  const dir = page.descending ? 'DESC' : 'ASC';
  const rows = db
    .prepare(`SELECT o.* FROM observation o ${sql} ORDER BY o.${sort} ${dir}, o.id LIMIT ? OFFSET ?`)
    .all(...args, page.limit, page.offset) as ObservationDbRow[];
  return {
    total,
    rows: rows.map((r) => ({
      observationId: r.id,
      importId: r.import_id,
      hostIp: r.host_ip,
      hostNames: JSON.parse(r.host_names) as string[],
      mac: r.mac,
      proto: r.proto,
      port: r.port,
      state: r.state,
      reason: r.reason,
      service: r.service,
      product: r.product,
      version: r.version,
      extraInfo: r.extra_info,
      tunnel: r.tunnel,
      method: r.method,
      confidence: r.confidence,
      cpes: JSON.parse(r.cpes) as string[],
      scripts: JSON.parse(r.scripts) as Observation['scripts'],
      seenAt: r.seen_at,
      process: r.process,
      bindAddress: r.bind_address,
      facts: JSON.parse(r.facts) as Fact[],
    })),
  };
}
