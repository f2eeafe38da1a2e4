// Shared pieces of the ticket parsers: field capping, dates (ISO 8601 UTC only when the source says the
// zone), plain text of a structured value, and a collector that hands each ticket key to the sink once.
import { MAX_DESCRIPTION_LENGTH, MAX_FIELD_LENGTH, MAX_TICKET_FIELDS, type Ticket } from '../../model/ticket';
import type { ImportSink } from '../types';

export function cap(value: string, max = MAX_FIELD_LENGTH): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

export function capDescription(value: string | null): string | null {
  return value === null ? null : cap(value, MAX_DESCRIPTION_LENGTH);
}

/** Blank or whitespace-only text is no value. */
export function text(v: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const t = v.trim();
  return t === '' ? null : t;
}

/** Keeps one more field as written; beyond the cap the ticket says how many were dropped. */
export function keepField(t: Ticket, name: string, value: string): void {
  if (value === '' || name === '') return;
  const count = Object.keys(t.fields).length;
  if (count < MAX_TICKET_FIELDS) {
    t.fields[cap(name, 200)] = cap(value);
    return;
  }
  const dropped = Number(t.fields['(fields not kept)'] ?? '0') + 1;
  t.fields['(fields not kept)'] = String(dropped);
}

const ZONED =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)$/i;
const UNZONED = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$/;

function toIso(m: RegExpExecArray, zone: string): string | null {
  const [, y, mo, d, h, mi, s = '00', frac = ''] = m;
  const ms = frac.padEnd(3, '0').slice(0, 3);
  let offset = 'Z';
  if (!/^(Z|UTC|GMT)$/i.test(zone)) {
    const z = zone.replace(':', '');
    offset = `${z.slice(0, 3)}:${z.slice(3)}`;
  }
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls impossible days over (Feb 30 -> Mar 2); such a value is not a date as written.
  const check = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() + 1 !== Number(mo)) return null;
  return date.toISOString();
}

/** ISO 8601 UTC for a timestamp that states its zone (Z, +0200, +02:00, UTC); null otherwise. */
export function zonedToUtc(raw: string): string | null {
  const m = ZONED.exec(raw.trim());
  return m ? toIso(m, m[8] ?? 'Z') : null;
}

/** ISO 8601 UTC for a timestamp the source documents as UTC without saying so (ServiceNow's stored values). */
export function utcToIso(raw: string): string | null {
  const t = raw.trim();
  const m = UNZONED.exec(t);
  if (m) return toIso(m, 'Z');
  return zonedToUtc(t);
}

type DateProp = 'created' | 'updated' | 'plannedStart' | 'plannedEnd' | 'closed';

/**
 * Dates whose zone is unknown (CSV list exports are written in the exporting user's zone) are kept as
 * written in `fields` under their source name and counted, to be reported once per file.
 */
export class DateKeeper {
  private readonly unzoned = new Map<string, { count: number; example: string; line: number | null }>();

  constructor(private readonly convert: (raw: string) => string | null) {}

  set(t: Ticket, prop: DateProp, sourceName: string, raw: string | null, line: number | null = null): void {
    const value = text(raw);
    if (value === null) return;
    const iso = this.convert(value);
    if (iso !== null) {
      t[prop] = iso;
      return;
    }
    keepField(t, sourceName, value);
    const seen = this.unzoned.get(sourceName);
    if (seen) seen.count++;
    else this.unzoned.set(sourceName, { count: 1, example: value, line });
  }

  /** One note per source field whose values could not be read as a date in a known zone. */
  report(sink: ImportSink): void {
    for (const [name, { count, example, line }] of this.unzoned) {
      sink.note({
        line,
        column: null,
        what: `${name}: ${count} value(s) such as "${cap(example, 60)}" do not state a time zone (or are not a date); kept as written in the ticket's fields`,
      });
    }
  }
}

/**
 * Hands tickets to the sink with each key once. 'first': streaming sources keep the first row of a key
 * and note the others; 'last': recordings (a cassette) keep the latest state of each key.
 */
export class TicketCollector {
  private readonly seen = new Map<string, Ticket>();
  count = 0;

  constructor(
    private readonly sink: ImportSink,
    private readonly keep: 'first' | 'last',
  ) {}

  add(t: Ticket, where: string): void {
    const before = this.seen.get(t.key);
    if (this.keep === 'first') {
      if (before) {
        this.sink.note({
          line: t.lineFrom,
          column: null,
          what: `${where}: ticket ${t.key} again (first on line ${before.lineFrom ?? '?'}); the first one is kept`,
        });
        return;
      }
      this.seen.set(t.key, t);
      this.sink.ticket(t);
      this.count++;
      return;
    }
    if (before) {
      this.sink.note({
        line: t.lineFrom,
        column: null,
        what: `${where}: ticket ${t.key} again; this later state replaces the one on line ${before.lineFrom ?? '?'}`,
      });
      this.seen.delete(t.key);
    }
    this.seen.set(t.key, t);
  }

  /** 'last' mode: the tickets, in the order their final state was seen. */
  flush(): void {
    if (this.keep !== 'last') return;
    for (const t of this.seen.values()) {
      this.sink.ticket(t);
      this.count++;
    }
  }
}

/** Keys are kept as written (trimmed): Jira and ServiceNow write them upper-case already. */
export function normaliseKey(raw: string): string {
  return raw.trim();
}
