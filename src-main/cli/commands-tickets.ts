// CLI commands for imported change tickets: list them (text, JSON or CSV) and the rule-to-ticket links
// suggested from ticket ids written in rule names, comments and text.
import { path0, str } from './args';
import type { CommandSpec } from './commands';
import { formatTicketPage, formatTicketSuggestions, ticketsCsv } from './format-tickets';
import type { Response } from '../api/contract';

export const ticketCommands: CommandSpec[] = [
  {
    words: ['tickets'],
    usage: 'portcullis tickets <file.portcullis> [--text T] [--key KEY] [--import ID] [--limit N] [--offset N] [--csv]',
    summary: 'list imported change tickets (Jira, ServiceNow, CSV); --csv writes all matching tickets',
    options: {
      text: { type: 'string' },
      key: { type: 'string' },
      import: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      csv: { type: 'boolean' },
    },
    minArgs: 1,
    maxArgs: 1,
    channel: 'ticket.list',
    request: (a) => ({
      path: path0(a),
      ...(str(a.values.text) !== undefined ? { text: str(a.values.text) } : {}),
      ...(str(a.values.key) !== undefined ? { key: str(a.values.key) } : {}),
      ...(str(a.values.import) !== undefined ? { importId: Number(str(a.values.import)) } : {}),
      ...(str(a.values.limit) !== undefined ? { limit: Number(str(a.values.limit)) } : {}),
      ...(str(a.values.offset) !== undefined ? { offset: Number(str(a.values.offset)) } : {}),
    }),
    render: (v) => formatTicketPage(v as Response<'ticket.list'>),
    csvPage: ticketsCsv,
  },
  {
    words: ['ticket-links'],
    usage: 'portcullis ticket-links <file.portcullis>',
    summary: 'ticket ids mentioned in rules, matched against the imported tickets (and those not imported)',
    options: {},
    minArgs: 1,
    maxArgs: 1,
    channel: 'ticket.suggestions',
    request: (a) => ({ path: path0(a) }),
    render: (v) => formatTicketSuggestions(v as Response<'ticket.suggestions'>),
  },
];
