// Checks made before an engagement file is opened for writing, so a wrong or damaged file is refused
// with a clear message and left byte-for-byte as it was.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { PortcullisError } from '../model/errors';
import { LATEST_SCHEMA_VERSION } from './migrations/index';

/** PRAGMA application_id of every engagement file: 'PCLS'. */
export const APPLICATION_ID = 0x50434c53;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export function checkSqliteHeader(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new PortcullisError('NOT_FOUND', `${path}: not a file`);
    size = st.size;
  } catch (err) {
    if (err instanceof PortcullisError) throw err;
    throw new PortcullisError('NOT_FOUND', `${path}: no such engagement file`);
  }
  if (size === 0) {
    throw new PortcullisError(
      'NOT_SQLITE',
      `${path}: file is empty (0 bytes); expected a Portcullis engagement (SQLite database)`,
    );
  }
  const head = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  let read: number;
  try {
    read = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  const magic = head.subarray(0, 16).toString('latin1');
  if (read < 100 || magic !== SQLITE_MAGIC) {
    const shown = JSON.stringify(head.subarray(0, Math.min(read, 16)).toString('latin1'));
    throw new PortcullisError(
      'NOT_SQLITE',
      `${path}: offset 0: expected the SQLite header "SQLite format 3", found ${shown}; this is not a Portcullis engagement`,
    );
  }
}

/**
 * Files that passed SQLite's quick_check, by a stamp of their bytes on disk. A face that opens the same
 * file in process after process (the CLI) keeps one, so an unchanged file is not re-read whole each time
 * (about 1.7 s of CPU per GB). Anything that changes the file or its WAL (a crash mid-write, another
 * program) changes the stamp and brings the check back; damage that changes neither size nor time is
 * found only when the damaged page is read.
 */
export interface CheckMemo {
  has(path: string, stamp: string): boolean;
  remember(path: string, stamp: string): void;
}

/** Size and modification time (to the millisecond) of the file and of its WAL, if any. */
export function fileStamp(path: string): string {
  const main = statSync(path);
  let wal = '';
  try {
    const w = statSync(`${path}-wal`);
    wal = `${w.size}:${Math.floor(w.mtimeMs)}`;
  } catch {
    // No WAL: the file was closed cleanly.
  }
  return `${main.size}:${Math.floor(main.mtimeMs)}|${wal}`;
}

/**
 * Opens the file and reads only: application id, schema version and SQLite's quick_check (skipped when
 * `memo` knows the file as it is now). Throws a PortcullisError naming the file when it is not ours, from
 * a newer Portcullis, or damaged.
 */
export function inspectEngagementFile(path: string, memo?: CheckMemo): { schemaVersion: number } {
  checkSqliteHeader(path);
  // Taken before this connection opens the file (opening may create an empty WAL).
  const stamp = memo ? fileStamp(path) : '';
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { fileMustExist: true });
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw new PortcullisError(
        'NOT_PORTCULLIS',
        `${path}: a SQLite database, but not a Portcullis engagement (application id ${appId}, expected ${APPLICATION_ID})`,
      );
    }
    if (version > LATEST_SCHEMA_VERSION) {
      throw new PortcullisError(
        'NEWER_SCHEMA',
        `${path}: made by a newer Portcullis (schema version ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}). Update Portcullis to open it; the file was not changed.`,
      );
    }
    if (!memo?.has(path, stamp)) {
      const problems = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
      const first = problems[0]?.quick_check;
      if (first !== 'ok') {
        throw new PortcullisError(
          'DAMAGED',
          `${path}: the engagement file is damaged (SQLite quick_check: ${first ?? 'no answer'}); the file was not changed`,
        );
      }
      memo?.remember(path, stamp);
    }
    return { schemaVersion: version };
  } catch (err) {
    if (err instanceof PortcullisError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new PortcullisError(
        'DAMAGED',
        `${path}: the engagement file is damaged (${(err as Error).message}); the file was not changed`,
      );
    }
    throw err;
  } finally {
    db?.close();
  }
}
