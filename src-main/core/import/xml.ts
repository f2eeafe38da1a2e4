// Streaming XML for the scan formats, on our own tokenizer (xml-tokenizer.ts): constant memory,
// positions for every error, and no entity ever expanded or fetched. A DOCTYPE that declares entities
// is refused outright (billion laughs, external entities); other entity references are errors.
import { ParseError, type StreamParser } from './types';
import { XmlTokenizer } from './xml-tokenizer';

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
  let failure: ParseError | null = null;
  let sawRoot = false;

  /** A handler's error, at the event it was handling unless it says where. */
  const asParseError = (err: unknown, at: number): ParseError => {
    if (err instanceof ParseError) return err;
    const p = tokenizer.position(at);
    return new ParseError(err instanceof Error ? err.message : String(err), p.line, p.column);
  };

  const tokenizer: XmlTokenizer = new XmlTokenizer(
    {
      open(name, attrs, end) {
        if (!sawRoot) {
          sawRoot = true;
          if (!expectRoot.includes(name)) {
            throw asParseError(
              new Error(`expected <${expectRoot.join('> or <')}> as the root element, found <${name}>`),
              end,
            );
          }
        }
        try {
          handlers.open(name, attrs, tokenizer.path, tokenizer.position(end));
        } catch (err) {
          throw asParseError(err, end);
        }
      },
      close(name, text, end) {
        try {
          handlers.close(name, text, tokenizer.path, tokenizer.position(end));
        } catch (err) {
          throw asParseError(err, end);
        }
      },
    },
    expectRoot,
  );

  /** The first error is the parser's answer from then on. */
  const guarded = (step: () => void) => {
    if (failure) throw failure;
    try {
      step();
    } catch (err) {
      failure = asParseError(err, Number.POSITIVE_INFINITY);
      throw failure;
    }
  };
  return {
    position: () => tokenizer.position(),
    write: (text) => guarded(() => tokenizer.write(text)),
    end: () => guarded(() => tokenizer.end()),
  };
}

/** Integer attribute or null, refusing junk with a position-free message the caller can wrap. */
export function intAttr(value: string | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}
