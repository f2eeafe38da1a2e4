// The audit chain's verdict at a glance: valid with its length, or INVALID naming the first bad entry.
import type { AuditVerdict } from '../api/types';
import { formatCount } from '../format';

export function AuditBadge({ verdict }: { verdict: AuditVerdict }) {
  if (verdict.valid) {
    return (
      <p className="badge badge-ok" role="status" data-testid="audit-badge">
        <span aria-hidden="true">✓</span> Chain valid · {formatCount(verdict.entries, 'entry', 'entries')}
      </p>
    );
  }
  return (
    <p className="badge badge-bad" role="status" data-testid="audit-badge">
      <span aria-hidden="true">✗</span> Chain INVALID at entry {verdict.firstBad.seq}: {verdict.firstBad.reason}
    </p>
  );
}
