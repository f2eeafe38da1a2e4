// Plain-text renderings of item reviews and of the engagement's readiness.
import type { Response } from '../api/contract';

type State = Response<'review.get'>;
type Issue = State['issues'][number];

function issueLines(issues: readonly Issue[], indent: string): string[] {
  return issues.map(
    (i) => `${indent}${i.severity === 'blocker' ? 'MISSING' : 'advice '} ${i.message} Fix: ${i.fix} [${i.code}]`,
  );
}

export function formatReview(s: State): string {
  const r = s.record;
  const out = [
    `${s.itemKey}  ${s.auditReady ? 'AUDIT-READY' : 'not ready'}${s.saved ? `  (saved ${s.updatedAt} by ${s.updatedBy})` : '  (no review yet)'}`,
    `Disposition   ${r.disposition ?? '(none)'}   status ${r.status}`,
  ];
  if (r.justification) out.push(`Justification ${r.justification}`);
  if (r.owner || r.requester || r.approver) {
    out.push(`People        owner ${r.owner ?? '-'}, requester ${r.requester ?? '-'}, approver ${r.approver ?? '-'}`);
  }
  if (r.expiryDate || r.reviewCadenceDays) {
    out.push(`Expiry        ${r.expiryDate ?? '-'}; review every ${r.reviewCadenceDays ?? '-'} days`);
  }
  if (r.tickets.length > 0) out.push(`Tickets       ${r.tickets.join(', ')}`);
  r.features.forEach((f, i) => {
    const label = (f.id ?? `#${i + 1}`).padEnd(4);
    const tickets = f.tickets.length > 0 ? `; tickets ${f.tickets.join(', ')}` : '';
    out.push(
      `Feature ${label}  [${f.kind}] ${f.title}: ${f.implementedBy.length} link(s), ${f.tests.length} test(s)${tickets}`,
    );
  });
  if (s.issues.length > 0) out.push('', 'Still missing:', ...issueLines(s.issues, '  '));
  return out.join('\n');
}

export function formatReadiness(r: Response<'review.validate'>): string {
  const out = [`Readiness ${r.score}%: ${r.ready} of ${r.total} insecure item(s) audit-ready.`];
  for (const i of r.items) {
    out.push(
      '',
      `${i.auditReady ? 'READY  ' : 'MISSING'} ${i.summary}  [${i.key}]  ${i.disposition ?? 'no disposition'}, ${i.status}`,
    );
    out.push(...issueLines(i.issues, '    '));
  }
  return out.join('\n');
}
