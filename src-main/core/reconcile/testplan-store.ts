// Planned test cases as stored: saving a plan (new cases only; a planned case keeps its reference), the
// cases with the exact command to run, and reading them back per item and feature.
import type { Database } from 'better-sqlite3';
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import type { CaseDraft, PlanGap } from './testplan';

export type CaseStatus = 'planned' | 'passed' | 'failed' | 'inconclusive';

export interface TestCase extends CaseDraft {
  ref: string;
  /** The nmap command to run from the vantage point; its output file name carries the reference. */
  command: string;
  expected: string;
  status: CaseStatus;
  resultImportId: number | null;
  resultState: string | null;
  resultAt: string | null;
  createdAt: string;
}

interface CaseRow {
  ref: string;
  item_key: string;
  feature_id: string;
  device: string;
  rule_import_id: number;
  vantage: string;
  source: string;
  target: string;
  proto: string;
  port: number;
  admitted: string;
  created_at: string;
  status: CaseStatus;
  result_import_id: number | null;
  result_state: string | null;
  result_at: string | null;
}

export const EXPECTED = 'filtered or closed (the source is outside the admitted set)';

/** The scan's output file: importing it finds the case by this name (kept in nmap's own args too). */
export function outputName(ref: string): string {
  return `portcullis-${ref}.xml`;
}

/**
 * A TCP connect scan needs no privileges and tells refused (closed) from silently dropped (filtered);
 * UDP needs nmap's UDP scan. -Pn: the host may not answer pings from outside the allowlist.
 */
export function commandFor(ref: string, c: Pick<CaseDraft, 'proto' | 'port' | 'target'>): string {
  const scan = c.proto === 'udp' ? '-sU' : c.proto === 'sctp' ? '-sY' : '-sT';
  const v6 = c.target.includes(':') ? ' -6' : '';
  return `nmap -Pn -n ${scan}${v6} -p ${c.port} --reason -oX ${outputName(ref)} ${c.target}`;
}

function fromRow(r: CaseRow): TestCase {
  const draft = {
    itemKey: r.item_key,
    featureId: r.feature_id,
    device: r.device,
    ruleImportId: r.rule_import_id,
    vantage: r.vantage,
    source: r.source,
    target: r.target,
    proto: r.proto,
    port: r.port,
    admitted: JSON.parse(r.admitted) as string[],
  };
  return {
    ...draft,
    ref: r.ref,
    command: commandFor(r.ref, draft),
    expected: EXPECTED,
    status: r.status,
    resultImportId: r.result_import_id,
    resultState: r.result_state,
    resultAt: r.result_at,
    createdAt: r.created_at,
  };
}

export function listCases(db: Database, filter: { itemKey?: string; featureId?: string } = {}): TestCase[] {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (filter.itemKey !== undefined) {
    parts.push('item_key = ?');
    args.push(filter.itemKey);
  }
  if (filter.featureId !== undefined) {
    parts.push('feature_id = ?');
    args.push(filter.featureId);
  }
  const where = parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
  const rows = db.prepare(`SELECT *, ref FROM test_case ${where} ORDER BY id`).all(...args) as CaseRow[];
  return rows.map(fromRow);
}

/**
 * Stores the cases not yet planned (same item, feature, device, source, host and service), in one audited
 * transaction when there is anything new; answers every case of the plan's scope with its reference.
 */
export function saveCases(
  store: EngagementStore,
  ctx: CommandContext,
  plan: { cases: CaseDraft[]; gaps: PlanGap[] },
  scope: { itemKey?: string },
): { cases: TestCase[]; added: number; gaps: PlanGap[] } {
  const db = store.db;
  const exists = db.prepare(
    `SELECT 1 FROM test_case WHERE item_key = ? AND feature_id = ? AND device = ? AND source = ? AND target = ?
       AND proto = ? AND port = ?`,
  );
  const fresh = plan.cases.filter(
    (c) => exists.get(c.itemKey, c.featureId, c.device, c.source, c.target, c.proto, c.port) === undefined,
  );
  if (fresh.length > 0) {
    store.mutate(ctx, 'testplan.generate', { ...scope, added: fresh.length }, () => {
      const insert = db.prepare(
        `INSERT INTO test_case (item_key, feature_id, device, rule_import_id, vantage, source, target, proto, port,
           admitted, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const c of fresh) {
        insert.run(
          c.itemKey,
          c.featureId,
          c.device,
          c.ruleImportId,
          c.vantage,
          c.source,
          c.target,
          c.proto,
          c.port,
          JSON.stringify(c.admitted),
          ctx.now(),
          ctx.actor,
        );
      }
    });
  }
  return { cases: listCases(db, scope), added: fresh.length, gaps: plan.gaps };
}
