// The engagement's copy of the standard: an append-only list of versions. The first is adopted from the
// shipped default; every edit adds a version, re-classifies the observations and writes an audit entry,
// all in one transaction.
import type { Database } from 'better-sqlite3';
import { canonicalJson } from '../model/canonical-json';
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { sha256Hex } from '../store/hash';
import { reclassifyAll } from './findings-store';
import { defaultStandard } from './default-standard';
import { applyEdit, type StandardEdit } from './edits';
import { parseStandard } from './validate';
import type { StandardDocument } from './schema';

export interface StandardVersionInfo {
  version: number;
  sha256: string;
  createdAt: string;
  createdBy: string;
  change: string;
}

export interface StandardVersion extends StandardVersionInfo {
  document: StandardDocument;
}

interface VersionRow {
  version: number;
  document: string;
  sha256: string;
  created_at: string;
  created_by: string;
  change: string;
}

function toInfo(r: VersionRow): StandardVersionInfo {
  return { version: r.version, sha256: r.sha256, createdAt: r.created_at, createdBy: r.created_by, change: r.change };
}

function toVersion(r: VersionRow): StandardVersion {
  return { ...toInfo(r), document: parseStandard(JSON.parse(r.document), `standard version ${r.version}`) };
}

/** The newest version, or null before the engagement adopted a standard. */
export function currentStandard(db: Database): StandardVersion | null {
  const r = db.prepare('SELECT * FROM standard_version ORDER BY version DESC LIMIT 1').get() as VersionRow | undefined;
  return r ? toVersion(r) : null;
}

export function standardAt(db: Database, version: number): StandardVersion | null {
  const r = db.prepare('SELECT * FROM standard_version WHERE version = ?').get(version) as VersionRow | undefined;
  return r ? toVersion(r) : null;
}

export function standardHistory(db: Database): StandardVersionInfo[] {
  const rows = db.prepare('SELECT * FROM standard_version ORDER BY version').all() as VersionRow[];
  return rows.map(toInfo);
}

function insertVersion(db: Database, version: number, doc: StandardDocument, ctx: CommandContext, change: string) {
  const text = canonicalJson(doc);
  const sha256 = sha256Hex(text);
  db.prepare(
    'INSERT INTO standard_version (version, document, sha256, created_at, created_by, change) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(version, text, sha256, ctx.now(), ctx.actor, change);
  return sha256;
}

/** The current standard, adopting the shipped default first if the engagement has none yet. */
export function ensureStandard(store: EngagementStore, ctx: CommandContext): StandardVersion {
  const current = currentStandard(store.db);
  if (current) return current;
  const doc = defaultStandard();
  const change = `adopted ${doc.id} version ${doc.version} shipped with Portcullis`;
  const sha256 = sha256Hex(canonicalJson(doc));
  store.mutate(ctx, 'standard.adopt', { id: doc.id, version: doc.version, sha256 }, () => {
    insertVersion(store.db, 1, doc, ctx, change);
  });
  const adopted = currentStandard(store.db);
  if (!adopted) throw new Error('the adopted standard was not stored');
  return adopted;
}

/** Applies one edit as a new version and re-classifies, in one audited transaction. */
export function editStandard(store: EngagementStore, ctx: CommandContext, edit: StandardEdit): StandardVersion {
  const current = ensureStandard(store, ctx);
  const { document, change } = applyEdit(current.document, edit);
  const sha256 = sha256Hex(canonicalJson(document));
  // An edit that changes nothing makes no new version (and no audit entry).
  if (sha256 === current.sha256) return current;
  const version = current.version + 1;
  const payload = { fromVersion: current.version, version, sha256, change, edit };
  store.mutate(ctx, 'standard.edit', payload, () => {
    insertVersion(store.db, version, document, ctx, change);
    reclassifyAll(store.db, version, document);
  });
  const next = currentStandard(store.db);
  if (!next) throw new Error('the edited standard was not stored');
  return next;
}
