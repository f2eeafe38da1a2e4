// A streaming RFC 4180 reader: quoted fields with embedded delimiters, line breaks and doubled quotes,
// CRLF or LF line ends, records handed out with the line they start on. Text arrives in pieces split
// anywhere (even between a CR and its LF, or between two quotes); a BOM is removed before it gets here.
import { ParseError, type StreamParser } from '../types';

/** A record longer than this is not a row of a port inventory: refuse rather than hold it. */
export const MAX_RECORD = 4 * 1024 * 1024;

export type Delimiter = ',' | ';' | '\t';

export interface CsvAnomaly {
  line: number;
  column: number;
  what: string;
}

export interface CsvReaderOptions {
  /** Fixed delimiter; when absent it is chosen from the first line (the header): , ; or tab. */
  delimiter?: Delimiter;
  onRecord(fields: string[], line: number): void;
  /** Input a strict reader would refuse but that is kept as written (a quote inside an unquoted field). */
  onAnomaly?(a: CsvAnomaly): void;
  onDelimiter?(d: Delimiter): void;
}

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote seen inside a quoted field: either the first of a doubled quote or the closing one. */
  QuoteInQuoted,
}

export function csvReader(opts: CsvReaderOptions): StreamParser {
  let delimiter: Delimiter | null = opts.delimiter ?? null;
  let pending = '';
  let state = S.FieldStart;
  let field = '';
  let fields: string[] = [];
  let recordLength = 0;
  let line = 1;
  let column = 0;
  let recordLine = 1;
  let quoteLine = 1;
  let crPending = false;

  const endField = () => {
    fields.push(field);
    field = '';
    state = S.FieldStart;
  };
  const endRecord = () => {
    endField();
    const record = fields;
    fields = [];
    recordLength = 0;
    // A line with nothing on it is not a record (RFC 4180 allows none; exports often end with one).
    if (!(record.length === 1 && record[0] === '')) opts.onRecord(record, recordLine);
  };

  const tooLong = () => {
    if (recordLength > MAX_RECORD) {
      throw new ParseError(
        `a record longer than ${MAX_RECORD} characters starts here; expected CSV rows`,
        recordLine,
        1,
      );
    }
  };

  /** One character that may change the state: a delimiter, quote, CR or LF, or any after a CR or closing quote. */
  const step = (ch: string) => {
    if (crPending) {
      crPending = false;
      if (ch !== '\n') {
        // A CR not followed by LF is data, kept where it stood.
        field += '\r';
        if (state === S.FieldStart) state = S.Unquoted;
      }
    }
    if (ch === '\n') {
      line++;
      column = 0;
    } else column++;
    recordLength++;
    tooLong();
    switch (state) {
      case S.Quoted:
        if (ch === '"') state = S.QuoteInQuoted;
        else field += ch;
        return;
      case S.QuoteInQuoted:
        if (ch === '"') {
          field += '"';
          state = S.Quoted;
          return;
        }
        if (ch === delimiter) {
          endField();
          return;
        }
        if (ch === '\n' || ch === '\r') break;
        opts.onAnomaly?.({ line, column, what: `text after a closing quote is kept as part of the field` });
        field += ch;
        state = S.Unquoted;
        return;
      case S.FieldStart:
        if (ch === '"') {
          state = S.Quoted;
          quoteLine = line;
          return;
        }
        break;
      case S.Unquoted:
        if (ch === '"')
          opts.onAnomaly?.({ line, column, what: 'a quote inside an unquoted field is kept as a character' });
        break;
    }
    if (ch === delimiter) endField();
    else if (ch === '\r') crPending = true;
    else if (ch === '\n') {
      endRecord();
      recordLine = line;
    } else {
      field += ch;
      state = S.Unquoted;
    }
  };

  // Runs of ordinary characters are copied in one slice; only the characters that matter go through step().
  let special: RegExp | null = null;
  const feed = (text: string) => {
    special ??= new RegExp(`[${delimiter === '\t' ? '\\t' : delimiter}"\\r\\n]`, 'g');
    let i = 0;
    while (i < text.length) {
      if (!crPending && state === S.Quoted) {
        const q = text.indexOf('"', i);
        const end = q < 0 ? text.length : q;
        if (end > i) {
          const run = text.slice(i, end);
          field += run;
          recordLength += run.length;
          const lastBreak = run.lastIndexOf('\n');
          if (lastBreak < 0) column += run.length;
          else {
            for (let b = run.indexOf('\n'); b >= 0; b = run.indexOf('\n', b + 1)) line++;
            column = run.length - lastBreak - 1;
          }
          tooLong();
          i = end;
          continue;
        }
      } else if (!crPending && (state === S.Unquoted || (state === S.FieldStart && text[i] !== '"'))) {
        special.lastIndex = i;
        const m = special.exec(text);
        const end = m ? m.index : text.length;
        if (end > i) {
          field += text.slice(i, end);
          recordLength += end - i;
          column += end - i;
          state = S.Unquoted;
          tooLong();
          i = end;
          continue;
        }
      }
      step(text[i] as string);
      i++;
    }
  };

  return {
    write(text) {
      if (delimiter) {
        feed(text);
        return;
      }
      // Choose the delimiter from the first line, which may arrive in several pieces.
      pending += text;
      const nl = pending.indexOf('\n');
      if (nl < 0 && pending.length < MAX_RECORD) return;
      delimiter = chooseDelimiter(pending.slice(0, nl < 0 ? pending.length : nl));
      opts.onDelimiter?.(delimiter);
      const all = pending;
      pending = '';
      feed(all);
    },
    end() {
      if (!delimiter) {
        delimiter = chooseDelimiter(pending);
        opts.onDelimiter?.(delimiter);
        feed(pending);
        pending = '';
      }
      if (state === S.Quoted) {
        throw new ParseError(
          `the file ends inside a quoted field opened on line ${quoteLine}; expected a closing quote`,
          quoteLine,
          null,
        );
      }
      crPending = false;
      if (state !== S.FieldStart || field !== '' || fields.length > 0) endRecord();
    },
  };
}

/** The delimiter that occurs most often outside quotes in the header line; comma when there is none. */
export function chooseDelimiter(headerLine: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}
