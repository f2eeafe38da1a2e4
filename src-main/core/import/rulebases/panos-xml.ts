// PAN-OS XML configuration (a firewall's or Panorama's running-config.xml, or the API's
// <response><result><config>): each leaf element becomes a statement of the same path the set form
// writes (<entry name="X"> gives "X", <member> gives its text), then panos-model reads them.
//
// A file may hold several configuration documents one after another (a captured tool output such as
// aerleon's test stdout, one generated <config> per case). Each is read on its own; the n-th (n >= 2)
// files its rules under the device name with the suffix "#n", so that rules of different documents never
// share a device and ruleset. Anything after a document that is not the start of another one is an error.
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { xmlParser, type XmlPosition, type XmlStreamParser } from '../xml';
import { SourceText, type Block, type Statement } from './brace-config';
import { interpretPanos } from './panos-model';

/** The start of a PAN-OS XML document: prolog and comments, then <config ...> or an API <response>. */
const START =
  /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*(?:<config\b([^>]*)>|<response\b[^>]*>\s*<result\b[^>]*>\s*<config\b([^>]*)>)/;

export const panosXmlFormat: FormatSpec = {
  id: 'panos-xml',
  label: 'Palo Alto PAN-OS XML configuration',
  family: 'rulebase',
  parserVersion: '2',
  detector:
    'XML whose root is <config> (or an API <response><result><config>) with urldb="paloaltonetworks" or PAN-OS sections (<devices><entry>, <vsys>, <device-group>, <rulebase>, <mgt-config>)',
  detect(head) {
    const m = START.exec(head);
    if (!m) return 0;
    const attrs = m[1] ?? m[2] ?? '';
    if (/urldb\s*=\s*["']paloaltonetworks/.test(attrs)) return 0.95;
    const body = head.slice(m.index + m[0].length, m.index + m[0].length + 65536);
    if (/<devices>\s*<entry\s+name=/.test(body) || /<(vsys|device-group|mgt-config|rulebase)>/.test(body)) return 0.9;
    return 0;
  },
  needsHostName: false,
  create: (sink, options) => panosXmlParser(sink, options.hostName, options.fileName),
};

interface Frame {
  /** The word this element adds to the path: its name, an entry's name, nothing for <member>. */
  word: string | null;
  block: Block;
  hasChildren: boolean;
}

/** One configuration document of the file, read by its own XML parser. */
interface Document {
  /** 1-based position in the file. */
  index: number;
  /** Where the document starts in the file's text, and the file line/column of that place (1-based). */
  start: number;
  firstLine: number;
  firstColumn: number;
  statements: Statement[];
  xml: XmlStreamParser;
  /** Where the root element ended, in the document's own coordinates (as the XML parser counts them). */
  rootEnd: XmlPosition | null;
}

/** What may open a following document, once whitespace and comments are skipped. */
const NEXT_DOCUMENT = /^(?:<\?xml[\s?]|<(?:config|response)[\s/>])/;

function panosXmlParser(sink: ImportSink, hostName: string | null, fileName: string): StreamParser {
  const source = new SourceText();
  const what = 'a PAN-OS XML configuration (<config><devices><entry><vsys>... or <shared>/<device-group>)';
  let doc = openDocument(1, 0, 1, 1);

  function openDocument(index: number, start: number, firstLine: number, firstColumn: number): Document {
    const statements: Statement[] = [];
    const stack: Frame[] = [];
    const words: string[] = [];
    const fileLine = (line: number) => line + firstLine - 1;
    const d: Document = {
      index,
      start,
      firstLine,
      firstColumn,
      statements,
      rootEnd: null,
      xml: xmlParser(
        {
          open(name, attrs, path, at) {
            const parent = stack[stack.length - 1];
            if (parent) parent.hasChildren = true;
            let word: string | null = name;
            if (path.length === 0 && name === 'response') word = null;
            else if (name === 'result' && path.length === 1 && path[0] === 'response') word = null;
            else if (name === 'member') word = null;
            else if (name === 'entry') {
              word = attrs.name ?? '';
              if (word === '')
                sink.note({ line: fileLine(at.line), column: null, what: '<entry> without a name attribute' });
            }
            const line = fileLine(at.line);
            const block: Block = {
              words: word === null ? [] : [word],
              start: words.length,
              line,
              endLine: line,
              comment: null,
            };
            stack.push({ word, block, hasChildren: false });
            if (word !== null) words.push(word);
          },
          close(_name, text, path, at) {
            const frame = stack.pop();
            if (!frame) return;
            frame.block.endLine = fileLine(at.line);
            const value = text.trim();
            if (!frame.hasChildren) {
              statements.push({
                words: value === '' ? [...words] : [...words, value],
                line: frame.block.line,
                blocks: [...stack.map((f) => f.block), frame.block],
                inactiveFrom: null,
                verb: 'set',
              });
            } else if (value !== '') {
              sink.note({
                line: fileLine(at.line),
                column: null,
                what: `text beside child elements ignored: "${value.slice(0, 60)}"`,
              });
            }
            if (frame.word !== null) words.pop();
            if (path.length === 0) d.rootEnd = at;
          },
        },
        ['config', 'response'],
      ),
    };
    return d;
  }

  /** A position inside `d` as a position in the file. */
  const inFile = (d: Document, line: number | null, column: number | null) => ({
    line: line === null ? null : line + d.firstLine - 1,
    column: line === 1 && column !== null ? column + d.firstColumn - 1 : column,
  });

  /** Where, in the file's text, the character after `d`'s root element is. */
  function offsetAfterRoot(d: Document, all: string): number {
    const end = d.rootEnd!;
    let i = d.start;
    // The XML parser counts LF, CRLF and a lone CR as one line end, and columns in code points.
    for (let line = 1; line < end.line && i < all.length; i++) {
      const c = all.charCodeAt(i);
      if (c === 10 || (c === 13 && all.charCodeAt(i + 1) !== 10)) line++;
    }
    for (let col = 1; col < end.column && i < all.length; col++) {
      const c = all.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    return i;
  }

  function finishDocument(d: Document): void {
    interpretPanos({
      statements: d.statements,
      source,
      sink,
      hostName,
      fileName,
      what,
      implicitVsys: false,
      deviceSuffix: d.index === 1 ? '' : `#${d.index}`,
    });
  }

  /**
   * The current document's parser failed. After the end of its root element that is either the start of
   * another document (which then gets its own parser and everything received from there) or garbage.
   */
  function recover(err: unknown): void {
    if (!(err instanceof ParseError)) throw err;
    const d = doc;
    const at = inFile(d, err.line, err.column);
    if (d.rootEnd === null) throw new ParseError(err.message, at.line, at.column);
    const all = source.text();
    const after = offsetAfterRoot(d, all);
    const skipped = /^(?:\s+|<!--[\s\S]*?-->)*/.exec(all.slice(after))![0].length;
    const start = after + skipped;
    const endLine = inFile(d, d.rootEnd.line, null).line;
    const before = all.slice(0, start);
    const line = before.split(/\r\n|\r|\n/).length;
    const column = [...before.slice(Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1)].length + 1;
    if (!NEXT_DOCUMENT.test(all.slice(start, start + 64))) {
      throw new ParseError(
        `after the PAN-OS configuration that ends at line ${endLine} comes text that does not start another XML document; expected nothing more, or another <config> document`,
        line,
        column,
      );
    }
    finishDocument(d);
    doc = openDocument(d.index + 1, start, line, column);
    feed(all.slice(start));
  }

  function feed(text: string): void {
    try {
      doc.xml.write(text);
    } catch (err) {
      recover(err);
    }
  }

  return {
    write(text) {
      source.write(text);
      feed(text);
    },
    end() {
      for (;;) {
        const d = doc;
        try {
          d.xml.end();
        } catch (err) {
          recover(err);
        }
        // A document opened while ending is fed all it will get: end it in turn.
        if (doc === d) break;
      }
      finishDocument(doc);
      if (doc.index > 1) {
        sink.meta('documents', String(doc.index));
        sink.note({
          line: null,
          column: null,
          what: `the file holds ${doc.index} PAN-OS configurations one after another; the rules of the n-th (n >= 2) are filed under its device name followed by "#n"`,
        });
      }
    },
  };
}
