// Writing and reading imported change tickets. Writes happen inside the import's transaction; each
// parser hands over every key once per import (the table refuses a second row for the same key).
import type { Database, Statement } from 'better-sqlite3';
import type { Ticket } from '../model/ticket';

export class TicketWriter {
  private readonly insert: Statement;
  tickets = 0;

  constructor(
    db: Database,
    private readonly importId: number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO ticket (import_id, system, key, title, description, status, type, requester, assignee, approvers,
         approval, created, updated, planned_start, planned_end, closed, url, fields, line_from, line_to)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  ticket(t: Ticket): void {
    this.insert.run(
      this.importId,
      t.system,
      t.key,
      t.title,
      t.description,
      t.status,
      t.type,
      t.requester,
      t.assignee,
      JSON.stringify(t.approvers),
      t.approval,
      t.created,
      t.updated,
      t.plannedStart,
      t.plannedEnd,
      t.closed,
      t.url,
      JSON.stringify(t.fields),
      t.lineFrom,
      t.lineTo,
    );
    this.tickets++;
  }
}

interface TicketRow {
  id: number;
  import_id: number;
  system: Ticket['system'];
  key: string;
  title: string | null;
  description: string | null;
  status: string | null;
  type: string | null;
  requester: string | null;
  assignee: string | null;
  approvers: string;
  approval: string | null;
  created: string | null;
  updated: string | null;
  planned_start: string | null;
  planned_end: string | null;
  closed: string | null;
  url: string | null;
  fields: string;
  line_from: number | null;
  line_to: number | null;
}

export interface StoredTicket extends Ticket {
  ticketId: number;
  importId: number;
}

export interface TicketFilter {
  importId?: number;
  /** Exact key (case-insensitive: keys are written upper-case, people type them either way). */
  key?: string;
  /** Substring of key, title, description, status, requester, assignee or approvers. */
  text?: string;
}

function fromRow(r: TicketRow): StoredTicket {
  return {
    ticketId: r.id,
    importId: r.import_id,
    system: r.system,
    key: r.key,
    title: r.title,
    description: r.description,
    status: r.status,
    type: r.type,
    requester: r.requester,
    assignee: r.assignee,
    approvers: JSON.parse(r.approvers) as string[],
    approval: r.approval,
    created: r.created,
    updated: r.updated,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    closed: r.closed,
    url: r.url,
    fields: JSON.parse(r.fields) as Record<string, string>,
    lineFrom: r.line_from,
    lineTo: r.line_to,
  };
}

/** Tickets by import, then key. */
export function listTickets(
  db: Database,
  filter: TicketFilter = {},
  page = { offset: 0, limit: 1_000_000 },
): { total: number; rows: StoredTicket[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (filter.importId !== undefined) {
    parts.push('import_id = ?');
    args.push(filter.importId);
  }
  if (filter.key !== undefined) {
    parts.push('key = ? COLLATE NOCASE');
    args.push(filter.key);
  }
  if (filter.text) {
    const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const columns = ['key', 'title', 'description', 'status', 'requester', 'assignee', 'approvers'];
    parts.push(`(${columns.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    for (let i = 0; i < columns.length; i++) args.push(like);
  }
  const where = parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '';
  const total = db
    .prepare(`SELECT count(*) FROM ticket ${where}`)
    .pluck()
    .get(...args) as number;
  const rows = db
    .prepare(`SELECT * FROM ticket ${where} ORDER BY import_id, key, id LIMIT ? OFFSET ?`)
    .all(...args, page.limit, page.offset) as TicketRow[];
  return { total, rows: rows.map(fromRow) };
}
