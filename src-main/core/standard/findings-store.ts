// Writes findings: every (rule, observation) match with its evidence. Findings are derived data, recorded
// with the standard version they reflect and the last observation classified.
import type { Database } from 'better-sqlite3';
import type { Fact, Proto } from '../model/observation';
import { Classifier } from './classifier';
import type { StandardDocument } from './schema';

const BATCH = 10_000;

interface ObservationRow {
  id: number;
  proto: Proto;
  port: number;
  state: string;
  service: string | null;
  product: string | null;
  version: string | null;
  tunnel: string | null;
  method: string | null;
  facts: string;
}

export interface StateRow {
  standard_version: number;
  through_observation: number;
}

/** Classifies observations with id > `after`; returns the last id seen. Call inside a transaction. */
export function classifyFrom(db: Database, classifier: Classifier, after: number): number {
  const read = db.prepare(
    `SELECT id, proto, port, state, service, product, version, tunnel, method, facts
     FROM observation WHERE id > ? ORDER BY id LIMIT ${BATCH}`,
  );
  const insert = db.prepare(
    'INSERT INTO finding (rule_id, observation_id, basis, label, evidence) VALUES (?, ?, ?, ?, ?)',
  );
  let last = after;
  for (;;) {
    const rows = read.all(last) as ObservationRow[];
    if (rows.length === 0) return last;
    for (const r of rows) {
      last = r.id;
      if (!classifier.inUseState(r.state)) continue;
      const facts = r.facts === '[]' ? [] : (JSON.parse(r.facts) as Fact[]);
      for (const m of classifier.classify({ ...r, facts })) {
        insert.run(m.ruleId, r.id, m.basis, m.label, JSON.stringify(m.evidence));
      }
    }
  }
}

export function saveState(db: Database, version: number, through: number): void {
  db.prepare(
    `INSERT INTO classification_state (id, standard_version, through_observation) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET standard_version = excluded.standard_version,
       through_observation = excluded.through_observation`,
  ).run(version, through);
}

/** Recomputes every finding against `doc` (standard `version`). Call inside a transaction. */
export function reclassifyAll(db: Database, version: number, doc: StandardDocument): void {
  // Bulk: without its secondary index the table empties and refills much faster; built again after.
  db.exec('DROP INDEX IF EXISTS finding_observation; DELETE FROM finding;');
  saveState(db, version, classifyFrom(db, new Classifier(doc), 0));
  db.exec('CREATE INDEX finding_observation ON finding(observation_id)');
}

export function readState(db: Database): StateRow | undefined {
  return db.prepare('SELECT * FROM classification_state WHERE id = 1').get() as StateRow | undefined;
}
