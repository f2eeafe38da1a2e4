// Text and CSV renderings of imported tickets and of the rule-to-ticket link suggestions.
import type { Response } from '../api/contract';
import { csvRow } from './csv';

type Page = Response<'ticket.list'>;
type Suggestions = Response<'ticket.suggestions'>;

const clip = (s: string | null, n: number) => (s === null ? '-' : s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function formatTicketPage(page: Page): string {
  const head = `${page.total} ticket(s)${page.rows.length < page.total ? `, showing ${page.rows.length}` : ''}`;
  const rows = page.rows.map((t) => {
    const who = [
      t.requester ? `requested by ${t.requester}` : null,
      t.approvers.length > 0 ? `approved by ${t.approvers.join(', ')}` : null,
    ]
      .filter(Boolean)
      .join('; ');
    const when = [t.plannedStart ? `planned ${t.plannedStart}` : null, t.closed ? `closed ${t.closed}` : null]
      .filter(Boolean)
      .join(', ');
    return [
      `${t.key.padEnd(14)} ${clip(t.status, 14).padEnd(14)} ${clip(t.title, 70)}`,
      `${''.padEnd(14)} ${t.system}, import #${t.importId}${t.lineFrom !== null ? ` line ${t.lineFrom}` : ''}${t.approval ? `, approval ${t.approval}` : ''}${who ? `; ${who}` : ''}${when ? `; ${when}` : ''}`,
    ].join('\n');
  });
  return [head, ...rows].join('\n');
}

const COLUMNS = [
  'key',
  'system',
  'title',
  'status',
  'type',
  'requester',
  'assignee',
  'approvers',
  'approval',
  'created',
  'updated',
  'plannedStart',
  'plannedEnd',
  'closed',
  'url',
  'importId',
  'lineFrom',
] as const;

export function ticketsCsv(value: unknown, first: boolean): string {
  const page = value as Page;
  const out = first ? [csvRow(COLUMNS)] : [];
  for (const t of page.rows) {
    out.push(csvRow(COLUMNS.map((c) => (c === 'approvers' ? t.approvers.join('; ') : t[c]))));
  }
  return out.join('');
}

export function formatTicketSuggestions(list: Suggestions): string {
  if (list.length === 0) return '(no ticket ids mentioned in the rules)';
  const missing = list.filter((s) => !s.imported).length;
  const head = `${list.length} ticket mention(s) in rules, ${list.length - missing} matching an imported ticket, ${missing} not imported`;
  const rows = list.map(
    (s) =>
      `${s.ticketKey.padEnd(14)} ${(s.imported ? 'imported' : 'NOT imported').padEnd(12)} rule #${s.ruleId} ${s.device} / ${s.ruleset} #${s.order}${s.ruleName ? ` "${clip(s.ruleName, 40)}"` : ''} (${s.where}${s.lineFrom !== null ? `, line ${s.lineFrom}` : ''})${s.ticketTitle ? `: ${clip(s.ticketTitle, 60)}` : ''}`,
  );
  return [head, ...rows].join('\n');
}
