// Generic CSV: any table with a header row whose columns map to host and port (a CMDB export, a firewall
// team's port list, a scanner's CSV when no specific parser claims it). One observation per distinct
// host, protocol and port; cells are data only — nothing is evaluated, formula-like text included.
import { blankObservation, type Proto } from '../../model/observation';
import { normaliseIp } from '../ip';
import { ParseError, type FormatSpec } from '../types';
import { autoMap, explicitMap, mapsHostAndPort, type ColumnMap, type CsvField } from './csv-columns';
import { csvReader, type Delimiter } from './csv-reader';

const STATES: Readonly<Record<string, string>> = {
  open: 'open',
  closed: 'closed',
  filtered: 'filtered',
  unfiltered: 'unfiltered',
  'open|filtered': 'open|filtered',
  'closed|filtered': 'closed|filtered',
  listening: 'listening',
  listen: 'listening',
};

const PROTOS: ReadonlySet<string> = new Set(['tcp', 'udp', 'sctp']);

export const genericCsv: FormatSpec = {
  id: 'generic-csv',
  label: 'CSV with host and port columns',
  family: 'generic',
  parserVersion: '1',
  detector:
    'a first row whose names map to a host column (ip, ip address, host, hostname, fqdn, dns…) and a port column; scores 0.5 so that the CSV formats of specific tools win',
  needsHostName: false,
  detect(head, fileName) {
    const header = firstRecord(head);
    if (!header || header.length < 2 || header.some((h) => h.length > 200)) return 0;
    if (!mapsHostAndPort(autoMap(header))) return 0;
    return /\.csv$/i.test(fileName) ? 0.5 : 0.45;
  },
  create(sink, options) {
    let header: string[] | null = null;
    let map: ColumnMap = new Map();
    let mapped = new Set<CsvField>();
    const seen = new Set<string>();
    const hostsSeen = new Set<string>();
    const count = { rows: 0, skipped: 0, duplicates: 0, empty: 0, protoAssumed: 0, stateAssumed: 0 };
    let delimiter: Delimiter = ',';

    const reader = csvReader({
      onDelimiter: (d) => {
        delimiter = d;
      },
      onAnomaly: (a) => sink.note({ line: a.line, column: a.column, what: a.what }),
      onRecord: (fields, line) => {
        lastRecordLine = line;
        if (!header) {
          header = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f));
          map = headerMap(header, line);
          mapped = new Set(map.values());
          return;
        }
        row(header, fields, line);
      },
    });

    function headerMap(names: string[], line: number): ColumnMap {
      let result: ColumnMap;
      if (options.columns && Object.keys(options.columns).length > 0) {
        const { map: m, problems } = explicitMap(names, options.columns);
        if (problems.length > 0) {
          throw new ParseError(
            `the column mapping does not fit this file: ${problems.join('; ')} (header: ${listed(names)})`,
            line,
            1,
          );
        }
        result = m;
        sink.meta('mapping', 'explicit');
      } else {
        result = autoMap(names);
        sink.meta('mapping', 'automatic (from header names)');
      }
      if (!mapsHostAndPort(result)) {
        throw new ParseError(
          `expected a header row naming a host column (ip, host, hostname…) and a port column; found ${listed(names)}; give a column mapping`,
          line,
          1,
        );
      }
      sink.meta('columns', [...result].map(([i, f]) => `${names[i] ?? i} → ${f}`).join(', '));
      return result;
    }

    function row(columnNames: string[], fields: string[], line: number): void {
      count.rows++;
      if (fields.every((f) => f.trim() === '')) {
        count.empty++;
        return;
      }
      if (fields.length !== columnNames.length) {
        sink.note({ line, column: null, what: `row has ${fields.length} fields, the header ${columnNames.length}` });
      }
      // Columns outside the mapping are not read: the original file is kept whole in the engagement.
      const v: Partial<Record<CsvField, string>> = {};
      for (const [i, f] of map) v[f] = (fields[i] ?? '').trim();
      const skip = (what: string) => {
        count.skipped++;
        sink.note({ line, column: null, what: `${what}; row skipped` });
      };

      let ip: string | null = null;
      const names: string[] = [];
      for (const f of ['ip', 'host', 'hostname'] as const) {
        const raw = v[f];
        if (!raw) continue;
        const asIp = normaliseIp(raw);
        if (asIp && !ip) ip = asIp;
        else if (!asIp) {
          if (f === 'ip')
            sink.note({
              line,
              column: null,
              what: `"${short(raw)}" in the ip column is not an IP address; kept as a host name`,
            });
          if (!names.includes(raw)) names.push(raw);
        }
      }
      if (!ip && names.length === 0) return skip('no host (the host columns are empty)');

      const cell = v.port ?? '';
      if (cell === '') return skip('no port');

      let proto: Proto = 'tcp';
      if (mapped.has('proto')) {
        const raw = (v.proto ?? '').toLowerCase();
        if (raw === '') count.protoAssumed++;
        else if (PROTOS.has(raw)) proto = raw as Proto;
        else return skip(`protocol "${short(v.proto ?? '')}" is not tcp, udp or sctp`);
      }

      let state = 'open';
      if (mapped.has('state')) {
        const raw = (v.state ?? '').toLowerCase();
        if (raw === '') count.stateAssumed++;
        else if (Object.hasOwn(STATES, raw)) state = STATES[raw] ?? 'open';
        else return skip(`state "${short(v.state ?? '')}" is not a port state (open, closed, filtered, listening…)`);
      }

      const { ports, problems } = parsePorts(cell, proto);
      for (const p of problems) sink.note({ line, column: null, what: p });
      if (ports.length === 0) {
        count.skipped++;
        return;
      }

      const hostKey = `${ip ?? ''}|${names.join('|')}`;
      if (!hostsSeen.has(hostKey)) {
        hostsSeen.add(hostKey);
        sink.host({ ip, hostNames: names, mac: null, status: 'unknown', seenAt: null });
      }
      for (const p of ports) {
        const key = `${hostKey}|${p.proto}|${p.port}`;
        if (seen.has(key)) {
          count.duplicates++;
          continue;
        }
        seen.add(key);
        sink.observation({
          ...blankObservation(p.proto, p.port, state),
          hostIp: ip,
          hostNames: names,
          service: v.service || null,
          product: v.product || null,
          version: v.version || null,
          process: v.process || null,
        });
      }
    }

    // A last row without a line break may be where a copy stopped ("10.0.0.2,8" of "…,8080"): say so.
    let lastChar = '';
    let lastRecordLine = 0;
    return {
      write(text) {
        if (text.length > 0) lastChar = text.charAt(text.length - 1);
        reader.write(text);
      },
      end() {
        reader.end();
        if (header && lastChar !== '\n' && lastChar !== '' && lastRecordLine > 1) {
          sink.note({
            line: lastRecordLine,
            column: null,
            what: 'the file does not end with a line break: its last row may be cut',
          });
        }
        if (!header)
          throw new ParseError('expected a CSV header row naming host and port columns; the file has no rows', 1, 1);
        sink.meta('delimiter', delimiter === '\t' ? 'tab' : delimiter);
        sink.meta('rows', String(count.rows));
        sink.meta('rows-skipped', String(count.skipped));
        sink.meta('duplicate-rows', String(count.duplicates));
        sink.meta('empty-rows', String(count.empty));
        if (!mapped.has('proto')) sink.meta('proto-assumed', 'tcp for every row (no protocol column)');
        else if (count.protoAssumed > 0)
          sink.meta('proto-assumed', `tcp for ${count.protoAssumed} rows with an empty protocol`);
        if (!mapped.has('state')) sink.meta('state-assumed', 'open for every row (no state column)');
        else if (count.stateAssumed > 0)
          sink.meta('state-assumed', `open for ${count.stateAssumed} rows with an empty state`);
      },
    };
  },
};

/**
 * A port cell: "443", "80,443", "8000-8002", "53/udp", "tcp/22", several separated by commas, semicolons
 * or spaces. A protocol written in the cell overrides the row's.
 */
export function parsePorts(
  cell: string,
  proto: Proto,
): { ports: { port: number; proto: Proto }[]; problems: string[] } {
  const ports: { port: number; proto: Proto }[] = [];
  const problems: string[] = [];
  for (const item of cell.split(/[,;\s]+/).filter((s) => s !== '')) {
    const m = /^(?:(tcp|udp|sctp)\/)?(\d{1,5})(?:-(\d{1,5}))?(?:\/(tcp|udp|sctp))?$/i.exec(item);
    if (!m) {
      problems.push(`port "${short(item)}" is not a port, range or list; skipped`);
      continue;
    }
    const p = ((m[1] ?? m[4] ?? proto) as string).toLowerCase() as Proto;
    const from = Number(m[2]);
    const to = m[3] === undefined ? from : Number(m[3]);
    if (to < from || to > 65535) {
      problems.push(`port range "${short(item)}" is not within 1-65535; skipped`);
      continue;
    }
    if (from === 0) {
      // Scanners put host-level findings on port 0: not a service anyone can reach.
      problems.push('port 0 is not a service port (scanners use it for host-level findings); skipped');
      if (to === 0) continue;
    }
    for (let n = Math.max(from, 1); n <= to; n++) ports.push({ port: n, proto: p });
  }
  return { ports, problems };
}

/** The first record of `head` (detection only sees the start of the file). */
function firstRecord(head: string): string[] | null {
  let first: string[] | null = null;
  const nl = head.indexOf('\n');
  // The header is normally on the first line; a quoted header name with a line break is rare.
  const text = nl >= 0 ? head.slice(0, Math.min(head.length, nl + 1 + 4096)) : head;
  try {
    const reader = csvReader({
      onRecord: (fields) => {
        first ??= fields;
      },
    });
    reader.write(text);
    if (!first) reader.end();
  } catch {
    return null;
  }
  return first;
}

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((n) => JSON.stringify(short(n)));
  return shown.join(', ') + (names.length > 12 ? `, … (${names.length} columns)` : '');
}

function short(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
