// Writes findings: every (rule, observation) match with its evidence. Findings are derived data, recorded
// with the standard version they reflect and the last observation classified.
import type { Database, Statement } from 'better-sqlite3';
import type { Fact, Proto } from '../model/observation';
import { Classifier, type ClassifiableObservation } from './classifier';
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
      writeMatches(insert, classifier, r.id, { ...r, facts });
    }
  }
}

function writeMatches(insert: Statement, classifier: Classifier, id: number, o: ClassifiableObservation): void {
  for (const m of classifier.classify(o)) insert.run(m.ruleId, id, m.basis, m.label, JSON.stringify(m.evidence));
}

/**
 * Classifies observations as an import writes them, inside its transaction, so a new import needs no
 * second pass over what it just stored. Only used when the findings are current up to the import (see
 * `classifyingImport`); the import then records that they reach its last observation.
 */
export class FindingWriter {
  private readonly insert: Statement;
  private last = 0;

  constructor(
    private readonly db: Database,
    private readonly classifier: Classifier,
    private readonly version: number,
  ) {
    this.insert = db.prepare(
      'INSERT INTO finding (rule_id, observation_id, basis, label, evidence) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** `o` as stored (facts bounded as the observation writer keeps them). */
  observation(id: number, o: ClassifiableObservation): void {
    this.last = id;
    if (this.classifier.inUseState(o.state)) writeMatches(this.insert, this.classifier, id, o);
  }

  /** Records that findings reach the import's last observation. */
  finish(): void {
    if (this.last > 0) saveState(this.db, this.version, this.last);
  }
}

/**
 * A finding writer for an import about to start, or null when the findings are not current (no standard
 * adopted yet, or observations left unclassified): then the derived step classifies afterwards as before.
 */
export function classifyingImport(db: Database, version: number, classifier: Classifier): FindingWriter | null {
  const state = readState(db);
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM observation').pluck().get() as number;
  if (!state || state.standard_version !== version || state.through_observation < maxId) return null;
  return new FindingWriter(db, classifier, version);
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
