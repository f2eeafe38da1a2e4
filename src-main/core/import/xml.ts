// Streaming XML for the scan formats, on saxes: constant memory, positions for every error, and no
// entity ever expanded or fetched. A DOCTYPE that declares entities is refused outright (billion
// laughs, external entities); undeclared entity references are errors in saxes itself.
import { SaxesParser } from 'saxes';
import { ParseError, type StreamParser } from './types';

export interface XmlPosition {
  line: number;
  column: number;
}

export interface XmlHandlers {
  /** An element starts. `path` holds the names of its ancestors, root first; `at` is just after the tag. */
  open(name: string, attrs: Record<string, string>, path: readonly string[], at: XmlPosition): void;
  /** An element ends; `text` is its own character data (CDATA included), untrimmed. */
  close(name: string, text: string, path: readonly string[], at: XmlPosition): void;
}

export interface XmlStreamParser extends StreamParser {
  /** Where the parser is now: inside a handler, the end of the tag being reported. */
  position(): XmlPosition;
}

export function xmlParser(handlers: XmlHandlers, expectRoot: readonly string[]): XmlStreamParser {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const path: string[] = [];
  const texts: string[] = [];
  let failure: ParseError | null = null;
  let sawRoot = false;

  const fail = (message: string): ParseError => new ParseError(message, parser.line, parser.column + 1);

  parser.on('error', (err) => {
    // saxes prefixes "line:column: "; we carry the position separately.
    const message = err.message.replace(/^\d+:\d+: /, '');
    failure ??= fail(explain(message, expectRoot));
  });
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      failure ??= fail(
        'the DOCTYPE declares entities; entity declarations are refused (entity expansion / external entity attacks)',
      );
    }
  });
  parser.on('opentag', (tag) => {
    if (failure) return;
    if (!sawRoot) {
      sawRoot = true;
      if (!expectRoot.includes(tag.name)) {
        failure = fail(`expected <${expectRoot.join('> or <')}> as the root element, found <${tag.name}>`);
        return;
      }
    }
    try {
      handlers.open(tag.name, tag.attributes as Record<string, string>, path, {
        line: parser.line,
        column: parser.column + 1,
      });
    } catch (err) {
      failure = err instanceof ParseError ? err : fail((err as Error).message);
    }
    path.push(tag.name);
    texts.push('');
  });
  const addText = (t: string) => {
    if (texts.length > 0) texts[texts.length - 1] += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', (tag) => {
    if (failure) return;
    path.pop();
    const text = texts.pop() ?? '';
    try {
      handlers.close(tag.name, text, path, { line: parser.line, column: parser.column + 1 });
    } catch (err) {
      failure = err instanceof ParseError ? err : fail((err as Error).message);
    }
  });

  const check = () => {
    if (failure) throw failure;
  };
  return {
    position: () => ({ line: parser.line, column: parser.column + 1 }),
    write(text) {
      check();
      parser.write(text);
      check();
    },
    end() {
      check();
      parser.close();
      check();
      if (!sawRoot) throw new ParseError(`no XML element found; expected <${expectRoot[0]}>`, parser.line, null);
    },
  };
}

/** saxes' terse messages, said with what was expected. */
function explain(message: string, expectRoot: readonly string[]): string {
  if (/must contain a root element/.test(message))
    return `no XML element found; expected <${expectRoot.join('> or <')}>`;
  if (/^disallowed character/.test(message)) {
    return 'a character that XML does not allow (a control character); expected well-formed XML: the file is damaged or was not written as XML';
  }
  if (/^text data outside of root node/.test(message))
    return `text outside the root element; expected an XML document whose root is <${expectRoot.join('> or <')}>`;
  return message.replace(/\.$/, '');
}

/** Integer attribute or null, refusing junk with a position-free message the caller can wrap. */
export function intAttr(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}
