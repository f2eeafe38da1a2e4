// Splits streamed text into lines (LF or CRLF) with 1-based line numbers, for line-oriented formats.
import { ParseError, type StreamParser } from './types';

export const MAX_LINE = 1024 * 1024;

export function lineParser(
  onLine: (line: string, lineNo: number) => void,
  onEnd: () => void = () => undefined,
): StreamParser {
  let rest = '';
  let lineNo = 0;
  const emit = (raw: string) => {
    lineNo++;
    onLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw, lineNo);
  };
  return {
    write(text) {
      let start = 0;
      let nl = text.indexOf('\n');
      if (nl >= 0) {
        emit(rest + text.slice(0, nl));
        rest = '';
        start = nl + 1;
        while ((nl = text.indexOf('\n', start)) >= 0) {
          emit(text.slice(start, nl));
          start = nl + 1;
        }
      }
      rest += text.slice(start);
      if (rest.length > MAX_LINE) {
        throw new ParseError(
          `line ${lineNo + 1} is longer than ${MAX_LINE} characters; expected a text listing`,
          lineNo + 1,
          null,
        );
      }
    },
    end() {
      if (rest.length > 0) emit(rest);
      rest = '';
      onEnd();
    },
  };
}
