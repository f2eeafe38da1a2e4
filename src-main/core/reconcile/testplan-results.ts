// Results of planned tests, read from the scans that ran them. A scan whose output file name (or the
// nmap arguments it recorded) carries a case's reference is that case's run: the port open from outside
// the admitted set fails the test, closed or filtered passes it, a scan that did not reach the host is
// inconclusive. The result is written into the feature's tests with the import as proof.
import type { Database } from 'better-sqlite3';
import type { FeatureTest } from '../review/model';
import { putReview, storedRecord } from '../review/review-store';
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { EXPECTED, listCases, type CaseStatus, type TestCase } from './testplan-store';

const MARKER = /portcullis-(TP-\d{3,})/gi;

export interface CaseResult {
  ref: string;
  status: CaseStatus;
  state: string;
}

function refsOf(db: Database, importId: number): string[] {
  const row = db.prepare('SELECT file_name, meta FROM import WHERE id = ?').get(importId) as
    { file_name: string; meta: string } | undefined;
  if (!row) return [];
  const meta = JSON.parse(row.meta) as Record<string, unknown>;
  const text = `${row.file_name}\n${typeof meta['args'] === 'string' ? meta['args'] : ''}`;
  return [...new Set([...text.matchAll(MARKER)].map((m) => m[1]!.toUpperCase()))];
}

function judge(db: Database, importId: number, c: TestCase): { status: CaseStatus; state: string } {
  const obs = db
    .prepare(
      `SELECT state, reason FROM observation WHERE import_id = ? AND host_ip = ? AND proto = ? AND port = ?
       ORDER BY id LIMIT 1`,
    )
    .get(importId, c.target, c.proto, c.port) as { state: string; reason: string | null } | undefined;
  if (obs) {
    const state = obs.reason ? `${obs.state} (${obs.reason})` : obs.state;
    if (obs.state === 'open') return { status: 'failed', state };
    if (obs.state === 'closed' || obs.state === 'filtered') return { status: 'passed', state };
    return { status: 'inconclusive', state };
  }
  const host = db
    .prepare(`SELECT status FROM scan_host WHERE import_id = ? AND ip = ? LIMIT 1`)
    .pluck()
    .get(importId, c.target) as string | undefined;
  return host === undefined
    ? { status: 'inconclusive', state: 'the scan did not include the host' }
    : { status: 'inconclusive', state: `host ${host}, port ${c.port}/${c.proto} not reported` };
}

function testOf(
  c: TestCase,
  status: CaseStatus,
  state: string,
  importId: number,
  tester: string,
  on: string,
): FeatureTest {
  return {
    procedure: `${c.ref}: from ${c.vantage} (${c.source}) run: ${c.command}`,
    expected: EXPECTED,
    actual: `${state}, in import #${importId}`,
    result: status === 'passed' ? 'pass' : status === 'failed' ? 'fail' : 'not-run',
    testedOn: on,
    tester,
    proof: { kind: 'import', importId },
  };
}

/**
 * Records what one import says about the cases it names, in one audited transaction: each case's status,
 * and the test in its feature's record (added, or replaced when the case ran before). Answers nothing
 * when the import names no planned case.
 */
export function recordResults(store: EngagementStore, ctx: CommandContext, importId: number): CaseResult[] {
  const db = store.db;
  const refs = new Set(refsOf(db, importId));
  if (refs.size === 0) return [];
  const cases = listCases(db).filter((c) => refs.has(c.ref));
  if (cases.length === 0) return [];
  const imp = db.prepare('SELECT imported_by, imported_at FROM import WHERE id = ?').get(importId) as {
    imported_by: string;
    imported_at: string;
  };
  const results: CaseResult[] = [];
  store.mutate(ctx, 'testplan.results', { importId, refs: cases.map((c) => c.ref) }, () => {
    // The scan ran from a vantage point to test a control: it says nothing about what is in use, so the
    // import is marked and closure proofs, reconciliation and drift leave it out.
    db.prepare(`UPDATE import SET meta = json_set(meta, '$.testplan', ?) WHERE id = ?`).run(
      cases.map((c) => c.ref).join(' '),
      importId,
    );
    const update = db.prepare(
      `UPDATE test_case SET status = ?, result_import_id = ?, result_state = ?, result_at = ? WHERE ref = ?`,
    );
    for (const c of cases) {
      const { status, state } = judge(db, importId, c);
      update.run(status, importId, state, ctx.now(), c.ref);
      results.push({ ref: c.ref, status, state });
      const record = storedRecord(db, c.itemKey);
      const feature = record?.features.find((f) => f.id === c.featureId);
      if (!record || !feature) continue;
      const test = testOf(c, status, state, importId, imp.imported_by, imp.imported_at.slice(0, 10));
      const others = feature.tests.filter((t) => !t.procedure.startsWith(`${c.ref}:`));
      const features = record.features.map((f) => (f === feature ? { ...f, tests: [...others, test] } : f));
      putReview(db, ctx, c.itemKey, { ...record, features });
    }
  });
  return results;
}
