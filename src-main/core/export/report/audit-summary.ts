// The audit-log summary for the report: whether the hash chain holds (and its head hash), when the log
// starts and ends, and how many entries each command and each person made.
import type { Database } from 'better-sqlite3';
import { verifyAuditChain } from '../../store/audit-log';
import type { AuditSummary } from './types';

export function auditSummary(db: Database): AuditSummary {
  const span = db.prepare('SELECT min(time) AS first, max(time) AS last FROM audit_log').get() as {
    first: string | null;
    last: string | null;
  };
  const byCommand = db
    .prepare(
      `SELECT command, count(*) AS count, min(time) AS first, max(time) AS last
       FROM audit_log GROUP BY command ORDER BY count DESC, command`,
    )
    .all() as AuditSummary['byCommand'];
  const byActor = db
    .prepare('SELECT actor, count(*) AS count FROM audit_log GROUP BY actor ORDER BY count DESC, actor')
    .all() as AuditSummary['byActor'];
  return { verdict: verifyAuditChain(db), first: span.first, last: span.last, byCommand, byActor };
}
