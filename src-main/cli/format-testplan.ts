// Human output of a test plan: the cases by item and feature, each with where to run it from, the
// command and the expected result (or the result a scan recorded), then why some features got none.
import type { Response } from '../api/contract';

export function formatTestPlan(p: Response<'testplan.generate'>): string {
  const out: string[] = [];
  const counts = { planned: 0, passed: 0, failed: 0, inconclusive: 0 };
  for (const c of p.cases) counts[c.status]++;
  out.push(
    `${p.cases.length} test case(s), ${p.added} new: ${counts.planned} planned, ${counts.passed} passed, ${counts.failed} failed, ${counts.inconclusive} inconclusive.`,
  );
  let group = '';
  for (const c of p.cases) {
    const g = `${c.itemKey} ${c.featureId}`;
    if (g !== group) {
      out.push('', `${c.itemKey}, feature ${c.featureId} (rules of ${c.device}):`);
      group = g;
    }
    out.push(
      `  ${c.ref}  ${c.status.toUpperCase().padEnd(12)} from ${c.vantage} (${c.source}) to ${c.target} ${c.port}/${c.proto}`,
      `         run:      ${c.command}`,
      `         expected: ${c.expected}`,
    );
    if (c.resultState !== null) out.push(`         result:   ${c.resultState} (import #${c.resultImportId})`);
  }
  if (p.gaps.length > 0) {
    out.push('', 'No case for:');
    for (const g of p.gaps) out.push(`  ${g.itemKey}${g.featureId ? ` ${g.featureId}` : ''}: ${g.message}`);
  }
  return out.join('\n');
}
