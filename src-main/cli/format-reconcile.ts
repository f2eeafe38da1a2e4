// Plain-text rendering of a reconciliation: the counts per category first, then each category's rows,
// each with what was found and what to do, and the category's notes (assumptions, what was not judged).
import type { Response } from '../api/contract';

type Answer = Response<'reconcile.run'>;
type Category = Answer['categories'][number];
type Row = Category['rows'][number];

function countCell(c: Category): string {
  return c.state === 'no-rulebase' ? '-' : String(c.count);
}

function rowLines(r: Row): string[] {
  const where = [r.itemKey ?? r.title, r.host, r.kind === 'rule' ? null : r.endpoint].filter(Boolean).join('  ');
  const facts = [
    r.kind === 'rule' ? `ports ${r.endpoint}` : null,
    r.importIds.length > 0 ? `import${r.importIds.length === 1 ? '' : 's'} #${r.importIds.join(', #')}` : null,
    r.rules.length > 0 && r.kind !== 'rule' ? `admitted by ${r.rules.join('; ')}` : null,
    r.disposition || r.status ? `${r.disposition ?? 'no decision'}, ${r.status ?? 'no review'}` : null,
    r.expiryDate ? `expires ${r.expiryDate}` : null,
  ].filter(Boolean);
  return [
    `  ${where}${facts.length > 0 ? `   [${facts.join('; ')}]` : ''}`,
    `      Found: ${r.finding}`,
    `      Do:    ${r.action}`,
  ];
}

export function formatReconcile(a: Answer): string {
  const out = [
    `Reconciliation as of ${a.asOf} (exceptions expiring within ${a.days} days), standard version ${a.standardVersion}: ` +
      `${a.snapshot.scanImports} scan import(s) covering ${a.snapshot.hostsCovered} host(s), ${a.snapshot.devices} rulebase device(s).`,
    '',
  ];
  const width = Math.max(...a.categories.map((c) => countCell(c).length));
  for (const c of a.categories) {
    const state = c.state === 'no-rulebase' ? '  (no rulebase imported)' : '';
    out.push(`${countCell(c).padStart(width)}  ${c.title}${state}`);
  }
  for (const c of a.categories) {
    out.push('', `${c.title} (${countCell(c)}): ${c.question}`);
    if (c.state === 'no-rulebase') out.push('  No rulebase imported: this cannot be answered yet.');
    else if (c.count === 0) out.push('  Nothing found.');
    for (const r of c.rows) out.push(...rowLines(r));
    if (c.truncated) {
      out.push(`  … ${c.count - c.rows.length} more row(s) not shown (--limit N to see more, --csv for every row).`);
    }
    for (const n of c.notes) out.push(`  Note: ${n}`);
  }
  return out.join('\n');
}
