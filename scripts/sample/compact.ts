// Leaves the shipped engagement as one small self-contained file: the write-ahead log folded in, free
// pages dropped. The content (and so the audit chain) is unchanged.
import Database from 'better-sqlite3';

export function compactEngagement(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
  } finally {
    db.close();
  }
}
