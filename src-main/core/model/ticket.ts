// A change ticket as imported from a ticketing system (ServiceNow change_request, Jira issue) or a
// generic CSV: the fields an auditor reads to tie a firewall rule to its approved change. Dates are
// ISO 8601 UTC when the source states the zone, otherwise null (the value as written stays in `fields`).

export type TicketSystem = 'jira' | 'servicenow' | 'csv';

export interface Ticket {
  system: TicketSystem;
  /** The ticket's id as people write it: CHG0031877, ABC-123. */
  key: string;
  title: string | null;
  description: string | null;
  status: string | null;
  type: string | null;
  requester: string | null;
  assignee: string | null;
  approvers: string[];
  /** Approval state as written (approved, requested, rejected, not requested…). */
  approval: string | null;
  created: string | null;
  updated: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  closed: string | null;
  url: string | null;
  /** Other fields of the source, as written (capped in number and length). */
  fields: Record<string, string>;
  lineFrom: number | null;
  lineTo: number | null;
}

/** How many other fields a ticket keeps, and how long each value may be. */
export const MAX_TICKET_FIELDS = 200;
export const MAX_FIELD_LENGTH = 2000;
export const MAX_DESCRIPTION_LENGTH = 20000;

export function blankTicket(system: TicketSystem, key: string): Ticket {
  return {
    system,
    key,
    title: null,
    description: null,
    status: null,
    type: null,
    requester: null,
    assignee: null,
    approvers: [],
    approval: null,
    created: null,
    updated: null,
    plannedStart: null,
    plannedEnd: null,
    closed: null,
    url: null,
    fields: {},
    lineFrom: null,
    lineTo: null,
  };
}
