// Which stored files go into the package and under which path: each import's original as
// data/originals/<importId>-<name>, other stored originals as data/originals/file-<fileId>-<name>, and
// attachments as data/attachments/<fileId>-<name>. Names are sanitised (see safeFileName), so a stored
// name can never climb out of its folder.
import type { Database } from 'better-sqlite3';
import { safeFileName } from '../bagit';

export interface PackageFile {
  /** Path inside the bag. */
  path: string;
  sha256: string;
  size: number;
  role: 'original' | 'attachment';
  importId: number | null;
  /** The stored-file rows this entry stands for (a file stored twice as an original is packed once). */
  fileIds: number[];
}

export interface PackageFiles {
  files: PackageFile[];
  /** Path inside the bag of each stored-file id. */
  pathOfFile: Map<number, string>;
  /** Path of each import's original. */
  pathOfImport: Map<number, string>;
  /** Path of each evidence reference that is a file. */
  pathOfEvidence: Map<string, string>;
}

export function packageFiles(db: Database): PackageFiles {
  const stored = db
    .prepare(
      `SELECT f.id, f.sha256, f.name, f.role, a.size FROM stored_file f JOIN artifact a ON a.sha256 = f.sha256
       ORDER BY f.id`,
    )
    .all() as { id: number; sha256: string; name: string; role: 'original' | 'attachment'; size: number }[];
  const imports = db
    .prepare(
      'SELECT i.id, i.sha256, i.file_name, a.size FROM import i JOIN artifact a ON a.sha256 = i.sha256 ORDER BY i.id',
    )
    .all() as { id: number; sha256: string; file_name: string; size: number }[];
  const files: PackageFile[] = [];
  const pathOfFile = new Map<number, string>();
  const pathOfImport = new Map<number, string>();
  const importOfSha = new Map<string, PackageFile>();
  for (const i of imports) {
    const f: PackageFile = {
      path: `data/originals/${i.id}-${safeFileName(i.file_name)}`,
      sha256: i.sha256,
      size: i.size,
      role: 'original',
      importId: i.id,
      fileIds: [],
    };
    files.push(f);
    importOfSha.set(i.sha256, f);
    pathOfImport.set(i.id, f.path);
  }
  for (const s of stored) {
    const imported = s.role === 'original' ? importOfSha.get(s.sha256) : undefined;
    if (imported) {
      imported.fileIds.push(s.id);
      pathOfFile.set(s.id, imported.path);
      continue;
    }
    const folder = s.role === 'original' ? `data/originals/file-${s.id}` : `data/attachments/${s.id}`;
    const f: PackageFile = {
      path: `${folder}-${safeFileName(s.name)}`,
      sha256: s.sha256,
      size: s.size,
      role: s.role,
      importId: null,
      fileIds: [s.id],
    };
    files.push(f);
    pathOfFile.set(s.id, f.path);
  }
  const pathOfEvidence = new Map<string, string>();
  const refs = db.prepare('SELECT ref, stored_file_id FROM evidence WHERE stored_file_id IS NOT NULL').all() as {
    ref: string;
    stored_file_id: number;
  }[];
  for (const r of refs) {
    const p = pathOfFile.get(r.stored_file_id);
    if (p) pathOfEvidence.set(r.ref, p);
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, pathOfFile, pathOfImport, pathOfEvidence };
}

/** The evidence references of the stored files with this content (first registration first). */
export function evidenceRefsOfSha(db: Database, sha256: string): string[] {
  return db
    .prepare(
      `SELECT e.ref FROM evidence e JOIN stored_file f ON f.id = e.stored_file_id WHERE f.sha256 = ? ORDER BY e.id`,
    )
    .pluck()
    .all(sha256) as string[];
}
