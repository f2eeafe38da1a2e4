// Writing and reading normalised rules and ruleset policies. Writes happen inside the import's
// transaction; reads return rules in evaluation order for the net module.
import type { Database, Statement } from 'better-sqlite3';
import type { Rule, RulesetPolicy } from '../model/rule';

export class RuleWriter {
  private readonly insertRule: Statement;
  private readonly insertPolicy: Statement;
  rules = 0;

  constructor(
    db: Database,
    private readonly importId: number,
  ) {
    this.insertRule = db.prepare(
      `INSERT INTO rule (import_id, device, ruleset, ord, direction, action, target, sources, sources_negated, destinations,
         destinations_negated, protocol, destination_ports, source_ports, in_interface, out_interface, from_zone, to_zone,
         enabled, name, comment, hit_count, objects, unresolved, conditions, line_from, line_to, text)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertPolicy = db.prepare(
      `INSERT INTO ruleset_policy (import_id, device, ruleset, policy, line_from) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (import_id, device, ruleset) DO UPDATE SET policy = excluded.policy, line_from = excluded.line_from`,
    );
  }

  rule(r: Rule): void {
    this.insertRule.run(
      this.importId,
      r.device,
      r.ruleset,
      r.order,
      r.direction,
      r.action,
      r.target,
      JSON.stringify(r.sources),
      r.sourcesNegated ? 1 : 0,
      JSON.stringify(r.destinations),
      r.destinationsNegated ? 1 : 0,
      r.protocol,
      r.destinationPorts === null ? null : JSON.stringify(r.destinationPorts),
      r.sourcePorts === null ? null : JSON.stringify(r.sourcePorts),
      r.interfaces.in,
      r.interfaces.out,
      r.zones.from,
      r.zones.to,
      r.enabled ? 1 : 0,
      r.name,
      r.comment,
      r.hitCount,
      JSON.stringify(r.objects),
      JSON.stringify(r.unresolved),
      JSON.stringify(r.conditions),
      r.lineFrom,
      r.lineTo,
      r.text.length > 4000 ? `${r.text.slice(0, 4000)}…` : r.text,
    );
    this.rules++;
  }

  policy(p: RulesetPolicy): void {
    this.insertPolicy.run(this.importId, p.device, p.ruleset, p.policy, p.lineFrom);
  }
}

interface RuleRow {
  id: number;
  import_id: number;
  device: string;
  ruleset: string;
  ord: number;
  direction: Rule['direction'];
  action: Rule['action'];
  target: string | null;
  sources: string;
  sources_negated: number;
  destinations: string;
  destinations_negated: number;
  protocol: string;
  destination_ports: string | null;
  source_ports: string | null;
  in_interface: string | null;
  out_interface: string | null;
  from_zone: string | null;
  to_zone: string | null;
  enabled: number;
  name: string | null;
  comment: string | null;
  hit_count: number | null;
  objects: string;
  unresolved: string;
  conditions: string;
  line_from: number | null;
  line_to: number | null;
  text: string;
}

export interface StoredRule extends Rule {
  ruleId: number;
  importId: number;
}

export interface RuleFilter {
  importId?: number;
  device?: string;
  ruleset?: string;
}

function fromRow(r: RuleRow): StoredRule {
  return {
    ruleId: r.id,
    importId: r.import_id,
    device: r.device,
    ruleset: r.ruleset,
    order: r.ord,
    direction: r.direction,
    action: r.action,
    target: r.target,
    sources: JSON.parse(r.sources) as string[],
    sourcesNegated: r.sources_negated === 1,
    destinations: JSON.parse(r.destinations) as string[],
    destinationsNegated: r.destinations_negated === 1,
    protocol: r.protocol,
    destinationPorts: r.destination_ports === null ? null : (JSON.parse(r.destination_ports) as string[]),
    sourcePorts: r.source_ports === null ? null : (JSON.parse(r.source_ports) as string[]),
    interfaces: { in: r.in_interface, out: r.out_interface },
    zones: { from: r.from_zone, to: r.to_zone },
    enabled: r.enabled === 1,
    name: r.name,
    comment: r.comment,
    hitCount: r.hit_count,
    objects: JSON.parse(r.objects) as string[],
    unresolved: JSON.parse(r.unresolved) as string[],
    conditions: JSON.parse(r.conditions) as string[],
    lineFrom: r.line_from,
    lineTo: r.line_to,
    text: r.text,
  };
}

/** Rules in evaluation order: by import, device, ruleset, then position. */
export function listRules(
  db: Database,
  filter: RuleFilter = {},
  page = { offset: 0, limit: 1_000_000 },
): { total: number; rows: StoredRule[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  for (const [key, column] of [
    ['importId', 'import_id'],
    ['device', 'device'],
    ['ruleset', 'ruleset'],
  ] as const) {
    if (filter[key] === undefined) continue;
    parts.push(`${column} = ?`);
    args.push(filter[key]);
  }
  const where = parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
  const total = db
    .prepare(`SELECT count(*) FROM rule ${where}`)
    .pluck()
    .get(...args) as number;
  const rows = db
    .prepare(`SELECT * FROM rule ${where} ORDER BY import_id, device, ruleset, ord, id LIMIT ? OFFSET ?`)
    .all(...args, page.limit, page.offset) as RuleRow[];
  return { total, rows: rows.map(fromRow) };
}

export function listPolicies(db: Database, filter: RuleFilter = {}): (RulesetPolicy & { importId: number })[] {
  const rows = db.prepare('SELECT * FROM ruleset_policy ORDER BY import_id, device, ruleset').all() as {
    import_id: number;
    device: string;
    ruleset: string;
    policy: RulesetPolicy['policy'];
    line_from: number | null;
  }[];
  return rows
    .filter(
      (r) =>
        (filter.importId === undefined || r.import_id === filter.importId) &&
        (filter.device === undefined || r.device === filter.device),
    )
    .map((r) => ({
      importId: r.import_id,
      device: r.device,
      ruleset: r.ruleset,
      policy: r.policy,
      lineFrom: r.line_from,
    }));
}

export interface DeviceSummary {
  device: string;
  importId: number;
  fileName: string;
  format: string;
  rulesets: { ruleset: string; rules: number; policy: RulesetPolicy['policy'] | null }[];
}

/** Every device with its rulesets, rule counts and default policies, per import. */
export function listDevices(db: Database): DeviceSummary[] {
  const rows = db
    .prepare(
      `SELECT r.import_id, r.device, r.ruleset, count(*) AS rules, p.policy, i.file_name, i.format
       FROM rule r JOIN import i ON i.id = r.import_id
       LEFT JOIN ruleset_policy p ON p.import_id = r.import_id AND p.device = r.device AND p.ruleset = r.ruleset
       GROUP BY r.import_id, r.device, r.ruleset
       UNION ALL
       SELECT p.import_id, p.device, p.ruleset, 0, p.policy, i.file_name, i.format
       FROM ruleset_policy p JOIN import i ON i.id = p.import_id
       WHERE NOT EXISTS (SELECT 1 FROM rule r WHERE r.import_id = p.import_id AND r.device = p.device AND r.ruleset = p.ruleset)
       ORDER BY 1, 2, 3`,
    )
    .all() as {
    import_id: number;
    device: string;
    ruleset: string;
    rules: number;
    policy: RulesetPolicy['policy'] | null;
    file_name: string;
    format: string;
  }[];
  const out: DeviceSummary[] = [];
  for (const r of rows) {
    let d = out.at(-1);
    if (!d || d.device !== r.device || d.importId !== r.import_id) {
      d = { device: r.device, importId: r.import_id, fileName: r.file_name, format: r.format, rulesets: [] };
      out.push(d);
    }
    d.rulesets.push({ ruleset: r.ruleset, rules: r.rules, policy: r.policy });
  }
  return out;
}
