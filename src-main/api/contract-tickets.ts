// Contract schemas for imported change tickets and the rule-to-ticket links suggested from ticket ids
// written in rules. zod only (the renderer imports it).
import { z } from 'zod';

export const StoredTicket = z.object({
  ticketId: z.number().int(),
  importId: z.number().int(),
  system: z.enum(['jira', 'servicenow', 'csv']),
  key: z.string(),
  title: z.string().nullable(),
  description: z.string().nullable(),
  status: z.string().nullable(),
  type: z.string().nullable(),
  requester: z.string().nullable(),
  assignee: z.string().nullable(),
  approvers: z.array(z.string()),
  approval: z.string().nullable(),
  created: z.string().nullable(),
  updated: z.string().nullable(),
  plannedStart: z.string().nullable(),
  plannedEnd: z.string().nullable(),
  closed: z.string().nullable(),
  url: z.string().nullable(),
  fields: z.record(z.string(), z.string()),
  lineFrom: z.number().int().nullable(),
  lineTo: z.number().int().nullable(),
});

export const TicketPage = z.object({ total: z.number().int(), rows: z.array(StoredTicket) });

export const TicketSuggestion = z.object({
  ruleId: z.number().int(),
  ticketKey: z.string(),
  where: z.enum(['name', 'comment', 'text']),
  imported: z.boolean(),
});

/** Suggestions with what the CLI and the app show beside them: the rule's place and the ticket's title. */
export const TicketSuggestionRow = TicketSuggestion.extend({
  importId: z.number().int(),
  device: z.string(),
  ruleset: z.string(),
  order: z.number().int(),
  ruleName: z.string().nullable(),
  lineFrom: z.number().int().nullable(),
  ticketTitle: z.string().nullable(),
  ticketStatus: z.string().nullable(),
});
