// Ticket lists as CSV: ServiceNow's list export (headers are field names: number, short_description…;
// values are display values, date-times in the exporting user's zone), Jira's "Export CSV (all fields)"
// (Issue key, Summary, Status…; repeated headers for multi-value fields, the first is kept), and any CSV
// with a column mapping (--column "File column=field") or recognised header names.
import { blankTicket, type Ticket } from '../../model/ticket';
import { csvReader } from '../generic/csv-reader';
import { normaliseHeader } from '../generic/csv-columns';
import { ParseError, type FormatSpec, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { capDescription, DateKeeper, keepField, normaliseKey, TicketCollector, text, zonedToUtc } from './common';
import { snRecordToTicket, type SnValue } from './servicenow-record';

export type TicketField =
  | 'key'
  | 'title'
  | 'description'
  | 'status'
  | 'type'
  | 'requester'
  | 'assignee'
  | 'approvers'
  | 'approval'
  | 'created'
  | 'updated'
  | 'plannedStart'
  | 'plannedEnd'
  | 'closed'
  | 'url';

const TICKET_FIELDS: readonly TicketField[] = [
  'key',
  'title',
  'description',
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
];

type DateField = Extract<TicketField, 'created' | 'updated' | 'plannedStart' | 'plannedEnd' | 'closed'>;
const DATE_FIELDS: ReadonlySet<TicketField> = new Set<DateField>([
  'created',
  'updated',
  'plannedStart',
  'plannedEnd',
  'closed',
]);
const isDateField = (f: TicketField): f is DateField => DATE_FIELDS.has(f);

/** Jira CSV headers (normalised) -> ticket fields. */
const JIRA: Readonly<Record<string, TicketField>> = {
  'issue key': 'key',
  summary: 'title',
  description: 'description',
  status: 'status',
  'issue type': 'type',
  reporter: 'requester',
  assignee: 'assignee',
  'custom field (approvers)': 'approvers',
  'custom field (approval status)': 'approval',
  created: 'created',
  updated: 'updated',
  'custom field (planned start)': 'plannedStart',
  'custom field (change start date)': 'plannedStart',
  'custom field (planned end)': 'plannedEnd',
  'custom field (change completion date)': 'plannedEnd',
  resolved: 'closed',
};

/** Header names a generic ticket CSV is read by without a mapping (normalised). */
const GENERIC: Readonly<Record<string, TicketField>> = {
  key: 'key',
  ticket: 'key',
  'ticket id': 'key',
  'ticket key': 'key',
  'ticket number': 'key',
  'change id': 'key',
  'change number': 'key',
  'change ticket': 'key',
  'change request': 'key',
  title: 'title',
  summary: 'title',
  subject: 'title',
  'short description': 'title',
  description: 'description',
  status: 'status',
  state: 'status',
  type: 'type',
  requester: 'requester',
  'requested by': 'requester',
  assignee: 'assignee',
  'assigned to': 'assignee',
  approvers: 'approvers',
  approver: 'approvers',
  'approved by': 'approvers',
  approval: 'approval',
  created: 'created',
  'created at': 'created',
  updated: 'updated',
  'updated at': 'updated',
  'planned start': 'plannedStart',
  'planned end': 'plannedEnd',
  closed: 'closed',
  'closed at': 'closed',
  url: 'url',
  link: 'url',
};

function fieldNamed(value: string): TicketField | null {
  const key = normaliseHeader(value).replace(/ /g, '');
  return TICKET_FIELDS.find((f) => f.toLowerCase() === key) ?? null;
}

/** Column index -> field; each field takes the first column naming it (repeated headers: the first). */
function mapHeader(header: readonly string[], names: Readonly<Record<string, TicketField>>): Map<number, TicketField> {
  const map = new Map<number, TicketField>();
  const taken = new Set<TicketField>();
  header.forEach((h, i) => {
    const f = names[normaliseHeader(h)];
    if (f && !taken.has(f)) {
      taken.add(f);
      map.set(i, f);
    }
  });
  return map;
}

function explicitHeader(
  header: readonly string[],
  columns: Readonly<Record<string, string>>,
  line: number,
): Map<number, TicketField> {
  const map = new Map<number, TicketField>();
  const problems: string[] = [];
  for (const [column, value] of Object.entries(columns)) {
    const f = fieldNamed(value);
    let at = header.indexOf(column);
    if (at < 0) at = header.findIndex((h) => normaliseHeader(h) === normaliseHeader(column));
    if (!f)
      problems.push(
        `"${value}" (for column "${column}") is not a ticket field; expected one of ${TICKET_FIELDS.join(', ')}`,
      );
    else if (at < 0) problems.push(`column "${column}" is not in the header`);
    else if ([...map.values()].includes(f)) problems.push(`field "${f}" is mapped from more than one column`);
    else map.set(at, f);
  }
  if (problems.length > 0)
    throw new ParseError(`the column mapping does not fit this file: ${problems.join('; ')}`, line, 1);
  return map;
}

function firstLine(head: string): string[] | null {
  const nl = head.indexOf('\n');
  const line = (nl < 0 ? head : head.slice(0, nl)).replace(/^\uFEFF/, '').replace(/\r$/, '');
  if (line.trim() === '' || line.length > 100_000) return null;
  const names: string[] = [];
  csvReader({ onRecord: (f) => names.push(...f) }).write(`${line}\n`);
  return names;
}

type RowHandler = (header: string[], row: string[], line: number) => Ticket | null;

/** Reads header + rows; `setup` sees the header (and may throw), `row` turns a row into a ticket. */
function ticketCsvParser(
  sink: ImportSink,
  what: string,
  setup: (header: string[], line: number) => RowHandler,
  dates: DateKeeper,
): StreamParser {
  let header: string[] | null = null;
  let handle: RowHandler | null = null;
  let rows = 0;
  const tickets = new TicketCollector(sink, 'first');
  const reader = csvReader({
    onAnomaly: (a) => sink.note(a),
    onRecord(fields, line) {
      if (!header || !handle) {
        header = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f));
        handle = setup(header, line);
        return;
      }
      rows++;
      if (fields.length !== header.length) {
        sink.note({
          line,
          column: null,
          what: `${fields.length} cells where the header has ${header.length}; read by position`,
        });
      }
      const t = handle(header, fields, line);
      if (t) tickets.add(t, `line ${line}`);
      else sink.note({ line, column: null, what: 'no ticket key in this row; skipped' });
    },
  });
  return {
    write: (t) => reader.write(t),
    end() {
      reader.end();
      if (!header) throw new ParseError(`the file is empty; expected ${what}`, 1, 1);
      dates.report(sink);
      if (rows === 0) {
        sink.note({ line: null, column: null, what: 'no tickets: the file holds a header only; kept as evidence' });
        sink.meta('contents', 'header only');
      }
    },
  };
}

/** A row through a column map: mapped cells to ticket fields, every other non-empty cell kept as written. */
function mappedRow(
  system: Ticket['system'],
  map: Map<number, TicketField>,
  dates: DateKeeper,
  header: string[],
  row: string[],
  line: number,
): Ticket | null {
  const keyAt = [...map].find(([, f]) => f === 'key')?.[0];
  const key = keyAt === undefined ? null : text(row[keyAt]);
  if (key === null) return null;
  const t = blankTicket(system, normaliseKey(key));
  t.lineFrom = line;
  t.lineTo = line;
  const seen = new Set<string>();
  row.forEach((cell, i) => {
    const f = map.get(i);
    const name = header[i] ?? `column ${i + 1}`;
    if (f === undefined) {
      // Repeated headers (Jira writes one column per value of a multi-value field): the first is kept.
      if (!seen.has(name) && text(cell) !== null) keepField(t, name, cell);
      seen.add(name);
      return;
    }
    seen.add(name);
    if (f === 'key') return;
    if (isDateField(f)) {
      dates.set(t, f, name, cell, line);
      return;
    }
    if (f === 'approvers') {
      t.approvers = cell
        .split(/\s*[,;]\s*/)
        .map((a) => a.trim())
        .filter((a) => a !== '');
      return;
    }
    const v = f === 'description' ? capDescription(text(cell)) : text(cell);
    t[f] = v;
  });
  return t;
}

export const servicenowCsv: FormatSpec = {
  id: 'servicenow-csv',
  label: 'ServiceNow change requests (list export CSV)',
  family: 'ticket',
  parserVersion: '1',
  detector: 'CSV whose header has the ServiceNow field names "number" and "short_description"',
  needsHostName: false,
  detect(head) {
    const header = firstLine(head);
    return header && header.includes('number') && header.includes('short_description') ? 0.9 : 0;
  },
  create(sink) {
    // List exports carry display values: date-times in the exporting user's zone and format, so unless
    // a value states its zone it is kept as written.
    const dates = new DateKeeper(zonedToUtc);
    return ticketCsvParser(
      sink,
      'a ServiceNow list export (CSV)',
      (header, line) => {
        if (!header.includes('number'))
          throw new ParseError('no "number" column; expected a ServiceNow list export (CSV)', line, 1);
        return (h, row, rowLine) => {
          const record = new Map<string, SnValue>();
          h.forEach((name, i) => {
            const cell = row[i] ?? '';
            if (cell !== '' && !record.has(name)) record.set(name, { value: cell, display: null });
          });
          return snRecordToTicket(record, dates, { from: rowLine, to: rowLine }, null);
        };
      },
      dates,
    );
  },
};

export const jiraCsv: FormatSpec = {
  id: 'jira-csv',
  label: 'Jira issues (Export CSV, all or current fields)',
  family: 'ticket',
  parserVersion: '1',
  detector: 'CSV whose header has "Issue key" and "Summary" (Jira "Export CSV")',
  needsHostName: false,
  detect(head) {
    const header = firstLine(head);
    return header && header.includes('Issue key') && header.includes('Summary') ? 0.9 : 0;
  },
  create(sink) {
    // Jira writes dates in the exporting user's zone and date format (04/Mar/26 10:00 AM): kept as written.
    const dates = new DateKeeper(zonedToUtc);
    return ticketCsvParser(
      sink,
      'a Jira CSV export',
      (header, line) => {
        const map = mapHeader(header, JIRA);
        if (![...map.values()].includes('key'))
          throw new ParseError('no "Issue key" column; expected a Jira CSV export', line, 1);
        const repeated = header.length - new Set(header).size;
        if (repeated > 0)
          sink.note({
            line,
            column: null,
            what: `${repeated} repeated column name(s) (multi-value fields): the first column of each is kept`,
          });
        return (h, row, rowLine) => mappedRow('jira', map, dates, h, row, rowLine);
      },
      dates,
    );
  },
};

export const ticketCsv: FormatSpec = {
  id: 'ticket-csv',
  label: 'Change tickets (CSV with a key column)',
  family: 'ticket',
  parserVersion: '1',
  detector:
    'CSV with a ticket key column (key, ticket, ticket id, change number…) and a title column (title, summary, subject, short description); or any CSV with --column "File column=field" mapping key (and title, status, requester, approvers, created…)',
  needsHostName: false,
  detect(head, fileName) {
    const header = firstLine(head);
    if (!header || header.length < 2) return 0;
    const fields = new Set(mapHeader(header, GENERIC).values());
    if (!fields.has('key') || !fields.has('title')) return 0;
    return /\.csv$/i.test(fileName) ? 0.4 : 0.35;
  },
  create(sink, options: ParserOptions) {
    const dates = new DateKeeper(zonedToUtc);
    return ticketCsvParser(
      sink,
      'a CSV of tickets',
      (header, line) => {
        const explicit = options.columns && Object.keys(options.columns).length > 0;
        const map =
          explicit && options.columns ? explicitHeader(header, options.columns, line) : mapHeader(header, GENERIC);
        sink.meta('mapping', explicit ? 'explicit' : 'automatic (from header names)');
        if (![...map.values()].includes('key')) {
          throw new ParseError(
            `no ticket key column (header: ${header.slice(0, 20).join(', ')}); map one with --column "File column=key"`,
            line,
            1,
          );
        }
        return (h, row, rowLine) => mappedRow('csv', map, dates, h, row, rowLine);
      },
      dates,
    );
  },
};
