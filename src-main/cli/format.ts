// Plain-text renderings of replies for people; `--json` prints the values instead.
import type { Response } from '../api/contract';

type Info = Response<'engagement.info'>;
type Verdict = Response<'audit.verify'>;
type Entries = Response<'audit.list'>;
type Files = Response<'file.list'>;

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

export function formatInfo(info: Info): string {
  const period =
    info.periodStart || info.periodEnd ? `${info.periodStart ?? '…'} to ${info.periodEnd ?? '…'}` : 'not set';
  return [
    `Engagement  ${info.path}`,
    `Entity      ${info.entity}`,
    `Assessor    ${info.assessor}`,
    `Period      ${period}`,
    `Scope note  ${info.scopeNote ? info.scopeNote.replace(/\n/g, '\n            ') : '(none)'}`,
    `Created     ${info.createdAt} by ${info.createdBy}`,
    `Schema      v${info.schemaVersion} (Portcullis ${info.appVersion})`,
    `Id          ${info.engagementId}`,
  ].join('\n');
}

export function formatVerdict(path: string, v: Verdict): string {
  return v.valid
    ? `${path}: audit chain valid (${v.entries} entries, head ${v.headHash.slice(0, 16)}…)`
    : `${path}: audit chain INVALID at entry ${v.firstBad.seq}: ${v.firstBad.reason}`;
}

export function formatEntries(entries: Entries): string {
  if (entries.length === 0) return '(no entries)';
  return entries
    .map((e) => `${String(e.seq).padStart(5)}  ${e.time}  ${e.actor}  ${e.command}  ${e.hash.slice(0, 12)}`)
    .join('\n');
}

export function formatFiles(files: Files): string {
  if (files.length === 0) return '(no stored files)';
  return files
    .map((f) => `${f.sha256}  ${formatBytes(f.size).padStart(10)}  ${f.role.padEnd(10)}  ${f.name}`)
    .join('\n');
}
