// One engagement = one SQLite file. This module creates, opens and migrates it, and runs every
// mutating command as one transaction together with its audit-log entry.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { EngagementInfo, EngagementMeta } from '../model/engagement';
import { PortcullisError } from '../model/errors';
import { APP_VERSION } from '../model/version';
import { appendAudit } from './audit-log';
import type { CommandContext } from './context';
import { APPLICATION_ID, fileStamp, inspectEngagementFile, type CheckMemo } from './file-checks';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations/index';

export const ENGAGEMENT_EXTENSION = '.portcullis';

interface EngagementRow {
  engagement_id: string;
  entity: string;
  assessor: string;
  period_start: string | null;
  period_end: string | null;
  scope_note: string;
  created_at: string;
  created_by: string;
  app_version: string;
}

export class EngagementStore {
  private constructor(
    readonly path: string,
    readonly db: Database.Database,
    private readonly memo?: CheckMemo,
  ) {}

  /**
   * Opens an existing engagement, refusing foreign, newer or damaged files without touching them. With a
   * memo, a file known as checked is not checked again, and the file as this connection leaves it (its
   * own writes) is remembered as checked when it closes.
   */
  static open(path: string, ctx?: CommandContext, memo?: CheckMemo): EngagementStore {
    const { schemaVersion: found } = inspectEngagementFile(path, memo);
    if (found < LATEST_SCHEMA_VERSION) {
      // Keep the file as it was before an upgrade: migrations are one-way.
      copyFileSync(path, `${path}.schema-v${found}.bak`);
    }
    const db = new Database(path, { fileMustExist: true });
    configure(db);
    const store = new EngagementStore(path, db, memo);
    if (found < LATEST_SCHEMA_VERSION) {
      db.transaction(() => {
        migrate(db);
        if (found > 0) {
          appendAudit(db, {
            actor: ctx?.actor ?? 'portcullis',
            time: ctx?.now() ?? new Date().toISOString(),
            command: 'store.migrate',
            payload: { from: found, to: LATEST_SCHEMA_VERSION },
          });
        }
      })();
    }
    return store;
  }

  /**
   * Creates a new engagement file. It is built under a temporary name and renamed into place only
   * when complete, so a crash never leaves a half-made engagement behind.
   */
  static create(
    path: string,
    meta: EngagementMeta,
    ctx: CommandContext,
    /** A fixed engagement id, for reproducible files (the shipped sample); a random UUID otherwise. */
    opts: { engagementId?: string } = {},
  ): EngagementStore {
    if (!path.endsWith(ENGAGEMENT_EXTENSION)) {
      throw new PortcullisError('INVALID_REQUEST', `${path}: expected a file name ending in ${ENGAGEMENT_EXTENSION}`);
    }
    if (existsSync(path)) {
      throw new PortcullisError('ALREADY_EXISTS', `${path}: a file with this name already exists; choose another name`);
    }
    if (!existsSync(dirname(path))) {
      throw new PortcullisError('NOT_FOUND', `${dirname(path)}: folder does not exist`);
    }
    const tmp = join(dirname(path), `.${basename(path)}.creating-${process.pid}-${Date.now()}`);
    try {
      const db = new Database(tmp);
      try {
        db.pragma(`application_id = ${APPLICATION_ID}`);
        configure(db);
        migrate(db);
        const time = ctx.now();
        db.transaction(() => {
          db.prepare(
            `INSERT INTO engagement (id, engagement_id, entity, assessor, period_start, period_end, scope_note,
               created_at, created_by, app_version) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(
            opts.engagementId ?? randomUUID(),
            meta.entity,
            meta.assessor,
            meta.periodStart,
            meta.periodEnd,
            meta.scopeNote,
            time,
            ctx.actor,
            APP_VERSION,
          );
          appendAudit(db, { actor: ctx.actor, time, command: 'engagement.create', payload: meta });
        })();
      } finally {
        db.close();
      }
      renameSync(tmp, path);
    } catch (err) {
      for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
      throw err;
    }
    return EngagementStore.open(path, ctx);
  }

  /** Reads who and what an engagement is about without opening it for writing (for listings). */
  static peek(path: string): Pick<EngagementInfo, 'entity' | 'assessor'> {
    inspectEngagementFile(path);
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      const r = db.prepare('SELECT entity, assessor FROM engagement WHERE id = 1').get() as
        { entity: string; assessor: string } | undefined;
      if (!r) throw new PortcullisError('DAMAGED', `${path}: the engagement record is missing`);
      return r;
    } finally {
      db.close();
    }
  }

  info(): EngagementInfo {
    const r = this.db.prepare('SELECT * FROM engagement WHERE id = 1').get() as EngagementRow | undefined;
    if (!r) throw new PortcullisError('DAMAGED', `${this.path}: the engagement record is missing`);
    return {
      path: this.path,
      engagementId: r.engagement_id,
      entity: r.entity,
      assessor: r.assessor,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      scopeNote: r.scope_note,
      createdAt: r.created_at,
      createdBy: r.created_by,
      appVersion: r.app_version,
      schemaVersion: schemaVersion(this.db),
    };
  }

  updateMeta(patch: Partial<EngagementMeta>, ctx: CommandContext): EngagementInfo {
    this.mutate(ctx, 'engagement.update', patch, () => {
      const cols: Record<keyof EngagementMeta, string> = {
        entity: 'entity',
        assessor: 'assessor',
        periodStart: 'period_start',
        periodEnd: 'period_end',
        scopeNote: 'scope_note',
      };
      for (const [key, col] of Object.entries(cols) as [keyof EngagementMeta, string][]) {
        if (patch[key] !== undefined) this.db.prepare(`UPDATE engagement SET ${col} = ? WHERE id = 1`).run(patch[key]);
      }
    });
    return this.info();
  }

  /** Runs a synchronous change and its audit entry as one transaction. */
  mutate<T>(ctx: CommandContext, command: string, payload: unknown, change: () => T): T {
    return this.db.transaction(() => {
      const result = change();
      appendAudit(this.db, { actor: ctx.actor, time: ctx.now(), command, payload });
      return result;
    })();
  }

  /**
   * Runs a streaming change as one transaction: nothing else may use this connection until it settles.
   * The payload for the audit entry is known only at the end (e.g. a file's hash).
   */
  async mutateAsync<T>(
    ctx: CommandContext,
    command: string,
    change: () => Promise<{ value: T; payload: unknown }>,
  ): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const { value, payload } = await change();
      appendAudit(this.db, { actor: ctx.actor, time: ctx.now(), command, payload });
      this.db.exec('COMMIT');
      return value;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    if (this.memo) {
      try {
        this.memo.remember(this.path, fileStamp(this.path));
      } catch {
        // Gone or unreadable: the next open checks it.
      }
    }
  }
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 8 MiB of page cache, and 4 MiB for each temporary b-tree and sorter: rebuilding the derived tables
  // after a 1M-port import runs several sorters at once, and with 32 MiB each the process grew by 130 MB
  // for no gain in time (the operating system's file cache holds the pages either way).
  db.pragma('cache_size = -8192');
  db.pragma('temp.cache_size = -4096');
}
