// Rule-to-ticket link suggestions over an engagement: every rule's name, comment and text searched for
// ticket ids, matched against the imported tickets, with the rule's place and the ticket's title.
import type { Database } from 'better-sqlite3';
import { suggestTicketLinks } from '../core/review/ticket-suggestions';
import { listRules } from '../core/store/rules';
import { listTickets } from '../core/store/tickets';
import type { z } from 'zod';
import type { TicketSuggestionRow } from './contract-tickets';

export function suggestions(db: Database): z.output<typeof TicketSuggestionRow>[] {
  const rules = listRules(db).rows;
  const tickets = listTickets(db).rows;
  // The same key may come from several imports: the latest import describes it.
  const byKey = new Map(tickets.map((t) => [t.key, t]));
  const byRule = new Map(rules.map((r) => [r.ruleId, r]));
  return suggestTicketLinks(tickets, rules).map((s) => {
    const r = byRule.get(s.ruleId);
    const t = byKey.get(s.ticketKey);
    return {
      ...s,
      importId: r?.importId ?? 0,
      device: r?.device ?? '',
      ruleset: r?.ruleset ?? '',
      order: r?.order ?? 0,
      ruleName: r?.name ?? null,
      lineFrom: r?.lineFrom ?? null,
      ticketTitle: t?.title ?? null,
      ticketStatus: t?.status ?? null,
    };
  });
}
