// Generic ticket CSV: header names recognised without a mapping, an explicit --column mapping, zoned and
// unzoned dates, duplicates, and refusals. Fixtures are hand-written (no such export is in the corpus).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src-main/core/import/formats';
import { importFile } from '../../src-main/core/import/run-import';
import { ticketCsv } from '../../src-main/core/import/tickets/csv-tickets';
import { listTickets } from '../../src-main/core/store/tickets';
import { fixedContext, newEngagement, tempDir } from './helpers';
import { expectUntouched, importInto, parseError, parseWith } from './import-helpers';

const AUTO = [
  'Ticket ID;Title;Status;Requested by;Approved by;Created;Planned start;Closed;Firewall',
  'CR-1001;Open 1433 for reporting;Approved;J. Smith;A. Prover, C. Iso;2026-03-01T08:00:00Z;2026-03-04 10:00;;fw01',
  'CR-1002;"Close telnet; add SSH";Done;J. Smith;A. Prover;2026-03-02T09:30:00+01:00;2026-03-05 10:00;2026-03-05T12:00:00Z;fw02',
  ';no key here;;;;;;;',
  'CR-1001;again;;;;;;;',
].join('\n');

const MAPPED = [
  'Ref,Subject line,Who asked,Change window start,When approved',
  'SEC-77,Allow SNMPv3 from NMS,Ops team,2026-04-01T22:00:00.000Z,2026-03-30',
].join('\n');

describe('generic ticket CSV', () => {
  it('reads recognised header names; zoned dates become UTC, others are kept as written', () => {
    expect(ticketCsv.detect(AUTO, 'changes.csv')).toBe(0.4);
    expect(detectFormat(AUTO, 'changes.csv')?.id).toBe('ticket-csv');
    const out = parseWith(ticketCsv, AUTO);
    expect(out.meta.mapping).toBe('automatic (from header names)');
    expect(out.tickets.map((t) => t.key)).toEqual(['CR-1001', 'CR-1002']);
    expect(out.tickets[0]).toMatchObject({
      system: 'csv',
      title: 'Open 1433 for reporting',
      status: 'Approved',
      requester: 'J. Smith',
      approvers: ['A. Prover', 'C. Iso'],
      created: '2026-03-01T08:00:00.000Z',
      plannedStart: null,
      closed: null,
      lineFrom: 2,
      fields: { 'Planned start': '2026-03-04 10:00', Firewall: 'fw01' },
    });
    expect(out.tickets[1]).toMatchObject({
      title: 'Close telnet; add SSH',
      created: '2026-03-02T08:30:00.000Z',
      closed: '2026-03-05T12:00:00.000Z',
    });
    expect(out.notes.map((n) => [n.line, n.what])).toEqual([
      [4, 'no ticket key in this row; skipped'],
      [5, 'line 5: ticket CR-1001 again (first on line 2); the first one is kept'],
      [
        2,
        'Planned start: 2 value(s) such as "2026-03-04 10:00" do not state a time zone (or are not a date); kept as written in the ticket\'s fields',
      ],
    ]);
    expect(parseWith(ticketCsv, AUTO, {}, 1)).toEqual(out);
  });

  it('takes an explicit mapping (--column "File column=field")', () => {
    // Unrecognised headers: not detected, but chosen with --format ticket-csv and a mapping.
    expect(ticketCsv.detect(MAPPED, 'x.csv')).toBe(0);
    const columns = {
      Ref: 'key',
      'Subject line': 'title',
      'Who asked': 'requester',
      'Change window start': 'plannedStart',
    };
    const out = parseWith(ticketCsv, MAPPED, { columns });
    expect(out.meta.mapping).toBe('explicit');
    expect(out.tickets).toEqual([
      expect.objectContaining({
        key: 'SEC-77',
        title: 'Allow SNMPv3 from NMS',
        requester: 'Ops team',
        plannedStart: '2026-04-01T22:00:00.000Z',
        fields: { 'When approved': '2026-03-30' },
      }),
    ]);
    expect(parseError(() => parseWith(ticketCsv, MAPPED, { columns: { Ref: 'ticket number' } })).message).toMatch(
      /"ticket number" \(for column "Ref"\) is not a ticket field; expected one of key, title/,
    );
    expect(parseError(() => parseWith(ticketCsv, MAPPED, { columns: { Nope: 'key' } }))).toMatchObject({
      line: 1,
      message: expect.stringMatching(/column "Nope" is not in the header/),
    });
    expect(parseError(() => parseWith(ticketCsv, MAPPED)).message).toMatch(/no ticket key column/);
  });

  it('imports through the runner with a mapping; a broken file leaves the store untouched', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'cab.csv'), MAPPED);
    const { store, result } = await importInto(join(dir, 'cab.csv'), {
      format: 'ticket-csv',
      columns: { Ref: 'key', 'Subject line': 'title' },
    });
    expect(result).toMatchObject({ format: 'ticket-csv', ticketCount: 1, noteCount: 0 });
    expect(listTickets(store.db, { key: 'SEC-77' }).rows[0]?.fields).toEqual({
      'Who asked': 'Ops team',
      'Change window start': '2026-04-01T22:00:00.000Z',
      'When approved': '2026-03-30',
    });
    store.close();

    writeFileSync(join(dir, 'broken.csv'), `${AUTO}\nCR-9;"never closed`);
    const empty = newEngagement(dir);
    await expect(importFile(empty, fixedContext(), join(dir, 'broken.csv'))).rejects.toMatchObject({
      code: 'PARSE_ERROR',
      message: expect.stringMatching(/broken\.csv: line 6: the file ends inside a quoted field/),
    });
    expectUntouched(empty);
    empty.close();
  });
});
