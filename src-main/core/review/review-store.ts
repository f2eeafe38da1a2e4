// Reviews of insecure items in the engagement: read, apply (validated, links checked, audited) and judge
// against the validations. Items come from the materialised insecure items, so callers bring the derived
// tables up to date first.
import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../model/canonical-json';
import { PortcullisError } from '../model/errors';
import { ASSET_SQL } from '../standard/assets';
import { parseItemKey } from '../standard/items';
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { assignFeatureIds, emptyReview, ReviewRecord, samePerson, SecurityFeature, type ReviewInput } from './model';
import { isAuditReady, validateReview, type LinkedRule, type ValidationIssue } from './validations';

export interface ReviewState {
  itemKey: string;
  record: ReviewRecord;
  /** False until a record was saved for the item. */
  saved: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
  issues: ValidationIssue[];
  auditReady: boolean;
}

interface ReviewRow {
  item_key: string;
  record: string;
  updated_at: string;
  updated_by: string;
}

function itemExists(db: Database, key: string): boolean {
  return db.prepare('SELECT 1 FROM insecure_item WHERE key = ?').get(key) !== undefined;
}

function formatIssue(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const first = err.issues[0];
  if (!first) return 'not a review record';
  const path = first.path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
  return `${path ? `at ${path}: ` : ''}${first.message}`;
}

/**
 * Checks that every ticket, rule, stored file, evidence entry and import the record points to exists in
 * this engagement; the message names the place in the record and what is missing.
 */
function checkLinks(db: Database, record: ReviewRecord): void {
  const ticket = db.prepare('SELECT 1 FROM ticket WHERE key = ? COLLATE NOCASE');
  const checkTickets = (where: string, keys: readonly string[]) => {
    for (const key of keys) {
      if (!ticket.get(key))
        throw new PortcullisError('NOT_FOUND', `${where}: no imported change ticket has key ${key}`);
    }
  };
  checkTickets('tickets', record.tickets);
  const rule = db.prepare('SELECT 1 FROM rule WHERE id = ?');
  const file = db.prepare('SELECT 1 FROM artifact WHERE sha256 = ?');
  const imp = db.prepare('SELECT 1 FROM import WHERE id = ?');
  const evidence = db.prepare('SELECT 1 FROM evidence WHERE ref = ?');
  const missingEvidence = (where: string, ref: string) =>
    new PortcullisError('NOT_FOUND', `${where}: the evidence register has no entry ${ref}`);
  record.features.forEach((f, i) => {
    const where = `features[${i}] ("${f.title}")`;
    checkTickets(`${where} tickets`, f.tickets);
    for (const l of f.implementedBy) {
      if (l.kind === 'rule' && !rule.get(l.ruleId)) {
        throw new PortcullisError('NOT_FOUND', `${where}: no imported rule has id ${l.ruleId}`);
      }
      if (l.kind === 'file' && !file.get(l.sha256)) {
        throw new PortcullisError('NOT_FOUND', `${where}: no stored file has SHA-256 ${l.sha256}`);
      }
      if (l.kind === 'evidence' && !evidence.get(l.ref)) throw missingEvidence(where, l.ref);
    }
    f.tests.forEach((t, j) => {
      const at = `features[${i}].tests[${j}]`;
      if (t.proof?.kind === 'file' && !file.get(t.proof.sha256)) {
        throw new PortcullisError('NOT_FOUND', `${at}: no stored file has SHA-256 ${t.proof.sha256}`);
      }
      if (t.proof?.kind === 'import' && !imp.get(t.proof.importId)) {
        throw new PortcullisError('NOT_FOUND', `${at}: there is no import #${t.proof.importId}`);
      }
      if (t.proof?.kind === 'evidence' && !evidence.get(t.proof.ref)) throw missingEvidence(at, t.proof.ref);
    });
  });
}

/**
 * A stored record as it reads back. Records saved before features had ids get them here, by position
 * (F1, F2…): what the reader sees is what the next save keeps.
 */
function readRecord(json: string): ReviewRecord {
  const record = ReviewRecord.parse(JSON.parse(json));
  return record.features.every((f) => f.id) ? record : assignFeatureIds(record, record);
}

export function storedRecord(db: Database, itemKey: string): ReviewRecord | null {
  const row = db.prepare('SELECT record FROM review WHERE item_key = ?').get(itemKey) as { record: string } | undefined;
  return row ? readRecord(row.record) : null;
}

function withFeatureIds(itemKey: string, record: ReviewRecord, stored: ReviewRecord | null): ReviewRecord {
  try {
    return assignFeatureIds(record, stored);
  } catch (err) {
    throw new PortcullisError('INVALID_REQUEST', `review of ${itemKey}: ${(err as Error).message}`);
  }
}

/** Validates and stores the review of one item, in one audited transaction. */
export function applyReview(
  store: EngagementStore,
  ctx: CommandContext,
  itemKey: string,
  input: ReviewInput | unknown,
): void {
  if (!itemExists(store.db, itemKey)) {
    throw new PortcullisError('NOT_FOUND', `${store.path}: no insecure item "${itemKey}"`);
  }
  const parsed = ReviewRecord.safeParse(input);
  if (!parsed.success)
    throw new PortcullisError('INVALID_REQUEST', `review of ${itemKey}: ${formatIssue(parsed.error)}`);
  if (samePerson(parsed.data.approver, parsed.data.requester)) {
    throw new PortcullisError(
      'INVALID_REQUEST',
      `review of ${itemKey}: the security approver (${parsed.data.approver}) must not be the requester`,
    );
  }
  const record = withFeatureIds(itemKey, parsed.data, storedRecord(store.db, itemKey));
  checkLinks(store.db, record);
  store.mutate(ctx, 'review.apply', { itemKey, record }, () => putReview(store.db, ctx, itemKey, record));
}

/** Writes one item's record as it is (checked by the caller), inside the caller's audited transaction. */
export function putReview(db: Database, ctx: CommandContext, itemKey: string, record: ReviewRecord): void {
  db.prepare(
    `INSERT INTO review (item_key, record, disposition, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (item_key) DO UPDATE SET record = excluded.record, disposition = excluded.disposition,
       status = excluded.status, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  ).run(itemKey, canonicalJson(record), record.disposition, record.status, ctx.now(), ctx.actor);
}

/**
 * Appends one security feature to the reviews of several items (a feature set applied across items), in
 * one audited transaction: every item gets it or none does. On each item the copy covers all its hosts.
 */
export function addFeatureToItems(
  store: EngagementStore,
  ctx: CommandContext,
  itemKeys: string[],
  feature: unknown,
): void {
  const parsed = SecurityFeature.safeParse(feature);
  if (!parsed.success) throw new PortcullisError('INVALID_REQUEST', `feature: ${formatIssue(parsed.error)}`);
  // Each item numbers its own features: the copy takes the next id of the item it lands in.
  const { id: _sourceId, ...rest } = parsed.data;
  void _sourceId;
  const copy = { ...rest, hosts: [] };
  const keys = [...new Set(itemKeys)];
  for (const key of keys) {
    if (!itemExists(store.db, key)) throw new PortcullisError('NOT_FOUND', `${store.path}: no insecure item "${key}"`);
  }
  const records = keys.map((key) => {
    const record = storedRecord(store.db, key) ?? emptyReview();
    return { key, record: withFeatureIds(key, { ...record, features: [...record.features, copy] }, record) };
  });
  for (const r of records) checkLinks(store.db, r.record);
  store.mutate(ctx, 'review.addFeature', { itemKeys: keys, feature: copy }, () => {
    for (const r of records) putReview(store.db, ctx, r.key, r.record);
  });
}

/** Linked rules as the validations need them. */
function linkedRules(db: Database, record: ReviewRecord): Map<number, LinkedRule> {
  const out = new Map<number, LinkedRule>();
  const get = db.prepare('SELECT device, ruleset, ord, action, sources, sources_negated FROM rule WHERE id = ?');
  for (const f of record.features) {
    for (const l of f.implementedBy) {
      if (l.kind !== 'rule' || out.has(l.ruleId)) continue;
      const r = get.get(l.ruleId) as
        | { device: string; ruleset: string; ord: number; action: string; sources: string; sources_negated: number }
        | undefined;
      if (!r) continue;
      out.set(l.ruleId, {
        action: r.action,
        sources: JSON.parse(r.sources) as string[],
        sourcesNegated: r.sources_negated === 1,
        label: `Rule ${r.device} ${r.ruleset} #${r.ord}`,
      });
    }
  }
  return out;
}

/**
 * True when, for every host of the item, an import later than the item's own sources looked at that host
 * and found the port no longer in use.
 */
export function closedLater(db: Database, itemKey: string, inUseStates: readonly string[]): boolean {
  const k = parseItemKey(itemKey);
  if (!k) return false;
  const hosts = db
    .prepare(
      `SELECT DISTINCT ${ASSET_SQL} AS asset, max(o.import_id) AS last
       FROM finding f JOIN observation o ON o.id = f.observation_id
       WHERE f.rule_id = ? AND o.proto = ? AND o.port = ? GROUP BY 1`,
    )
    .all(k.ruleId, k.proto, k.port) as { asset: string; last: number }[];
  if (hosts.length === 0) return false;
  const states = inUseStates.map(() => '?').join(', ');
  const covered = db.prepare(
    `SELECT 1 FROM import i WHERE i.id > ? AND json_extract(i.meta, '$.testplan') IS NULL AND (
       EXISTS (SELECT 1 FROM scan_host h WHERE h.import_id = i.id AND h.ip = ? AND h.status <> 'down')
       OR EXISTS (SELECT 1 FROM observation o WHERE o.import_id = i.id AND ${ASSET_SQL} = ?))
     AND NOT EXISTS (SELECT 1 FROM observation o WHERE o.import_id = i.id AND ${ASSET_SQL} = ?
       AND o.proto = ? AND o.port = ? AND o.state IN (${states}))
     LIMIT 1`,
  );
  return hosts.every(
    (h) => covered.get(h.last, h.asset, h.asset, h.asset, k.proto, k.port, ...inUseStates) !== undefined,
  );
}

/** Which of `keys` are imported tickets that are closed: a close date, or a status that says so. */
function closedTickets(db: Database, keys: readonly string[]): string[] {
  if (keys.length === 0) return [];
  const get = db.prepare(
    `SELECT 1 FROM ticket WHERE key = ? COLLATE NOCASE
       AND lower(coalesce(status, '')) NOT IN ('canceled', 'cancelled', 'rejected', 'withdrawn')
       AND (closed IS NOT NULL
         OR lower(coalesce(status, '')) IN ('closed', 'done', 'resolved', 'implemented', 'complete', 'completed', 'review'))`,
  );
  return keys.filter((k) => get.get(k) !== undefined);
}

export function reviewState(
  db: Database,
  itemKey: string,
  today: string,
  inUseStates: readonly string[] = ['open', 'listening'],
): ReviewState {
  const row = db.prepare('SELECT * FROM review WHERE item_key = ?').get(itemKey) as ReviewRow | undefined;
  const record = row ? readRecord(row.record) : emptyReview();
  const issues = validateReview(record, {
    today,
    rules: linkedRules(db, record),
    closedLater:
      record.disposition === 'disable' || record.disposition === 'replace'
        ? closedLater(db, itemKey, inUseStates)
        : false,
    closedTickets: closedTickets(db, record.tickets),
  });
  return {
    itemKey,
    record,
    saved: row !== undefined,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    issues,
    auditReady: isAuditReady(issues),
  };
}

export interface ReviewSummary {
  disposition: ReviewRecord['disposition'];
  status: ReviewRecord['status'];
  justification: string | null;
}

/** Disposition, status and justification of every reviewed item, by item key (for item lists). */
export function reviewSummaries(db: Database): Map<string, ReviewSummary> {
  const out = new Map<string, ReviewSummary>();
  const rows = db.prepare('SELECT item_key, record FROM review').all() as { item_key: string; record: string }[];
  for (const r of rows) {
    const rec = ReviewRecord.parse(JSON.parse(r.record));
    out.set(r.item_key, { disposition: rec.disposition, status: rec.status, justification: rec.justification });
  }
  return out;
}
