// The standard as a readable document (Markdown) for the evidence package and for the entity's review:
// scope, decision authority, criteria, every rule with what recognises it, and the version history.
import type { StandardDocument, StandardRule } from './schema';
import type { StandardVersion, StandardVersionInfo } from './standard-store';

function esc(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function ruleSection(rule: StandardRule, doc: StandardDocument): string[] {
  const criteria = rule.criteria.map((id) => doc.criteria.find((c) => c.id === id)?.title ?? id).join('; ');
  const lines = [
    `### ${rule.title} (\`${rule.id}\`)`,
    '',
    `- **Severity:** ${rule.severity}`,
    `- **Criteria:** ${criteria}`,
    `- **Why insecure:** ${rule.rationale}`,
    `- **Secure replacement:** ${rule.replacement}`,
  ];
  if (!rule.applicable) lines.push(`- **Not applicable:** ${rule.notApplicableReason ?? ''}`);
  if (rule.origin === 'entity') lines.push('- **Added by the entity**');
  lines.push('- **Recognised by** (any of):');
  for (const m of rule.match) lines.push(`  - ${m.label ?? JSON.stringify(m)}`);
  if (rule.features.length > 0) {
    lines.push('- **Security features expected when it must stay:**');
    for (const f of rule.features) lines.push(`  - ${f}`);
  }
  if (rule.references.length > 0) {
    lines.push(
      `- **References:** ${rule.references.map((r) => (r.url ? `${r.title} <${r.url}>` : r.title)).join('; ')}`,
    );
  }
  lines.push('');
  return lines;
}

export function standardMarkdown(current: StandardVersion, history: StandardVersionInfo[]): string {
  const doc = current.document;
  const a = doc.decisionAuthority;
  const out = [
    `# ${doc.title}`,
    '',
    `Standard \`${doc.id}\` version ${doc.version}; engagement copy version ${current.version}, SHA-256 \`${current.sha256}\`.`,
    '',
    '## Scope',
    '',
    doc.scope,
    '',
    '## Decision authority',
    '',
    `- **Role:** ${a.role}`,
    `- **Name:** ${a.name ?? 'not recorded'}`,
    `- **Approved on:** ${a.approvedOn ?? 'not recorded'}`,
    ...(a.note ? [`- **Note:** ${a.note}`] : []),
    '',
    `A service counts as in use when an observation shows it in state: ${doc.inUseStates.join(', ')}.`,
    '',
    '## Criteria',
    '',
    '| id | criterion | meaning |',
    '|---|---|---|',
    ...doc.criteria.map((c) => `| \`${c.id}\` | ${esc(c.title)} | ${esc(c.description)} |`),
    '',
    '## Summary of rules',
    '',
    '| rule | severity | applies | criteria |',
    '|---|---|---|---|',
    ...doc.rules.map(
      (r) =>
        `| ${esc(r.title)} | ${r.severity} | ${r.applicable ? 'yes' : 'no (see below)'} | ${r.criteria.join(', ')} |`,
    ),
    '',
    '## Rules',
    '',
    ...doc.rules.flatMap((r) => ruleSection(r, doc)),
    '## Version history',
    '',
    '| version | when | who | change | SHA-256 |',
    '|---|---|---|---|---|',
    ...history.map(
      (h) =>
        `| ${h.version} | ${h.createdAt} | ${esc(h.createdBy)} | ${esc(h.change)} | \`${h.sha256.slice(0, 16)}…\` |`,
    ),
    '',
  ];
  return out.join('\n');
}
