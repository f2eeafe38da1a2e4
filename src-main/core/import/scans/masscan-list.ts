// masscan list output (-oL): "#masscan", then "open tcp 80 10.0.0.1 1390000000" status lines and
// "banner tcp 80 10.0.0.1 1390000000 http <text>" lines, then "# end" when masscan closed the file.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { epochToIso, firstLine, quote } from './scan-common';
import { ScanRecords } from './scan-records';

const STATUS_LINE = /^(open|closed|up|unknown) (\S+) (\d+) (\S+) (\d+)$/;
const BANNER_LINE = /^banner (\S+) (\d+) (\S+) (\d+) (\S+) ?(.*)$/;

export const masscanListFormat: FormatSpec = {
  id: 'masscan-list',
  label: 'masscan list (-oL)',
  family: 'scan',
  parserVersion: '1',
  detector: 'first line exactly "#masscan" (masscan -oL)',
  detect: (head) => (firstLine(head) === '#masscan' ? 0.95 : 0),
  needsHostName: false,
  create: (sink) => masscanListParser(sink),
};

function masscanListParser(sink: ImportSink): StreamParser {
  const records = new ScanRecords(sink, 'masscan');
  let started = false;
  let ended = false;
  let lastLine = 0;

  return lineParser(
    (raw, lineNo) => {
      lastLine = lineNo;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (!started) {
        if (line.trim() === '') return;
        if (line.trim() !== '#masscan')
          throw new ParseError(`expected "#masscan" as the first line (masscan -oL), found ${quote(line)}`, lineNo, 1);
        started = true;
        return;
      }
      if (line.trim() === '') return;
      if (line.trim() === '# end') {
        ended = true;
        return;
      }
      if (ended) {
        sink.note({ line: lineNo, column: null, what: `line after "# end": ${quote(line)}` });
        return;
      }
      const s = STATUS_LINE.exec(line);
      if (s) {
        const [, status, proto, port, ip, ts] = s;
        records.status({ ip, proto, port, status: status ?? '', reason: null, seenAt: epochToIso(ts) }, lineNo);
        return;
      }
      const b = BANNER_LINE.exec(line);
      if (b) {
        const [, proto, port, ip, ts, app, text] = b;
        records.banner(
          { ip, proto, port, app: app ?? 'unknown', banner: text ?? '', reason: null, seenAt: epochToIso(ts) },
          lineNo,
        );
        return;
      }
      sink.note({ line: lineNo, column: null, what: `unrecognised line: ${quote(line)}` });
    },
    () => {
      // masscan creates its output file with the first result: nothing found means zero bytes.
      if (started && !ended)
        throw new ParseError(
          'expected "# end" as the last line; the scan was interrupted or the file is truncated',
          lastLine,
          null,
        );
      records.end();
    },
  );
}
