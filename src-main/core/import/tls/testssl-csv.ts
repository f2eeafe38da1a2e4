// testssl.sh `--csvfile` reports: a header "id","fqdn/ip","port","severity","finding","cve","cwe" and one
// quoted row per finding, read line by line; the rows go to the shared testssl finding reader.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { clip } from './endpoint';
import { splitTarget, TestsslCollector } from './testssl-findings';

const HEADER_RE = /^\uFEFF?"id","fqdn\/ip","port","severity","finding"(,"[a-z_]+")*\s*$/;
const EXPECTED_HEADER = '"id","fqdn/ip","port","severity","finding","cve","cwe"';
// A quoted field may hold line breaks; more lines than this in one record means the quotes are broken.
const MAX_RECORD_LINES = 200;

export const testsslCsv: FormatSpec = {
  id: 'testssl-csv',
  label: 'testssl.sh CSV',
  family: 'tls',
  parserVersion: '1',
  detector: `first line is the testssl.sh CSV header ${EXPECTED_HEADER}`,
  detect(head) {
    const first = head.split(/\r?\n/, 1)[0] ?? '';
    return HEADER_RE.test(first) ? 0.98 : 0;
  },
  needsHostName: false,
  create(sink) {
    return createParser(sink);
  },
};

/** Splits one CSV record (RFC 4180 quoting); null when its quotes are unbalanced or stray. */
export function splitCsvRecord(record: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (record[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) return null;
        value += record.slice(i, q);
        if (record[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
    } else {
      const comma = record.indexOf(',', i);
      const raw = comma < 0 ? record.slice(i) : record.slice(i, comma);
      if (raw.includes('"')) return null;
      fields.push(raw);
      i = comma < 0 ? record.length : comma;
    }
    if (i >= record.length) return fields;
    if (record[i] !== ',') return null;
    i++;
    if (i === record.length) {
      fields.push('');
      return fields;
    }
  }
}

function createParser(sink: ImportSink): StreamParser {
  const collector = new TestsslCollector(sink);
  let columns: Map<string, number> | null = null;
  let pending: string[] = [];
  let pendingStart = 0;

  const record = (text: string, lineNo: number) => {
    if (!columns) {
      if (!HEADER_RE.test(text)) {
        throw new ParseError(
          `expected the testssl.sh CSV header ${EXPECTED_HEADER}, found ${JSON.stringify(clip(text, 80))}`,
          lineNo,
          1,
        );
      }
      const names = splitCsvRecord(text.replace(/^\uFEFF/, '').trim()) ?? [];
      columns = new Map(names.map((n, i) => [n, i]));
      return;
    }
    const fields = splitCsvRecord(text);
    if (!fields || fields.length !== columns.size) {
      throw new ParseError(
        `expected ${columns.size} quoted fields as in the header, found ${fields ? fields.length : 'broken quoting'}: ${JSON.stringify(clip(text, 80))}`,
        lineNo,
        1,
      );
    }
    const get = (name: string) => {
      const at = columns?.get(name);
      return at === undefined ? '' : (fields[at] ?? '');
    };
    const { host, ip } = splitTarget(get('fqdn/ip'));
    collector.row({
      id: get('id'),
      host,
      ip,
      port: get('port'),
      severity: get('severity'),
      finding: get('finding'),
      cve: get('cve'),
      line: lineNo,
    });
  };

  return lineParser(
    (line, lineNo) => {
      if (pending.length === 0) {
        // Blank lines carry nothing (testssl writes none, but editors add a trailing one).
        if (line.trim() === '') return;
        pendingStart = lineNo;
      }
      pending.push(line);
      const text = pending.join('\n');
      if ((text.match(/"/g)?.length ?? 0) % 2 === 1) {
        if (pending.length > MAX_RECORD_LINES) {
          throw new ParseError(`a quoted field opened on line ${pendingStart} is never closed`, pendingStart, null);
        }
        return;
      }
      pending = [];
      record(text, pendingStart);
    },
    () => {
      if (pending.length > 0) {
        throw new ParseError(
          `the file ends inside a quoted field opened on line ${pendingStart}; the report is truncated`,
          pendingStart,
          null,
        );
      }
      if (!columns)
        throw new ParseError(`the file is empty; expected the testssl.sh CSV header ${EXPECTED_HEADER}`, 1, 1);
      collector.finish(null);
    },
  );
}
