// PAN-OS XML configuration (a firewall's or Panorama's running-config.xml, or the API's
// <response><result><config>): each leaf element becomes a statement of the same path the set form
// writes (<entry name="X"> gives "X", <member> gives its text), then panos-model reads them.
import { ParseError, type FormatSpec, type ImportSink, type StreamParser } from '../types';
import { xmlParser } from '../xml';
import { SourceText, type Block, type Statement } from './brace-config';
import { interpretPanos } from './panos-model';

/** The start of a PAN-OS XML document: prolog and comments, then <config ...> or an API <response>. */
const START =
  /^\uFEFF?\s*(?:<\?xml[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*(?:<config\b([^>]*)>|<response\b[^>]*>\s*<result\b[^>]*>\s*<config\b([^>]*)>)/;

export const panosXmlFormat: FormatSpec = {
  id: 'panos-xml',
  label: 'Palo Alto PAN-OS XML configuration',
  family: 'rulebase',
  parserVersion: '1',
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

function panosXmlParser(sink: ImportSink, hostName: string | null, fileName: string): StreamParser {
  const source = new SourceText();
  const statements: Statement[] = [];
  const stack: Frame[] = [];
  const words: string[] = [];
  let rootEndLine: number | null = null;

  const xml = xmlParser(
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
          if (word === '') sink.note({ line: at.line, column: null, what: '<entry> without a name attribute' });
        }
        const block: Block = {
          words: word === null ? [] : [word],
          start: words.length,
          line: at.line,
          endLine: at.line,
          comment: null,
        };
        stack.push({ word, block, hasChildren: false });
        if (word !== null) words.push(word);
      },
      close(_name, text, path, at) {
        const frame = stack.pop();
        if (!frame) return;
        frame.block.endLine = at.line;
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
            line: at.line,
            column: null,
            what: `text beside child elements ignored: "${value.slice(0, 60)}"`,
          });
        }
        if (frame.word !== null) words.pop();
        if (path.length === 0) rootEndLine = at.line;
      },
    },
    ['config', 'response'],
  );

  /** Several documents in one file (a captured test output) are refused with what to do about it. */
  const rethrow = (err: unknown): never => {
    if (err instanceof ParseError && rootEndLine !== null) {
      throw new ParseError(
        `another XML document follows the PAN-OS configuration that ends at line ${rootEndLine}: this file holds several configurations one after another (e.g. a captured tool output); expected one <config> document per file: split it and import each part`,
        err.line,
        err.column,
      );
    }
    throw err;
  };

  return {
    write(text) {
      source.write(text);
      try {
        xml.write(text);
      } catch (err) {
        rethrow(err);
      }
    },
    end() {
      try {
        xml.end();
      } catch (err) {
        rethrow(err);
      }
      interpretPanos({
        statements,
        source,
        sink,
        hostName,
        fileName,
        what: 'a PAN-OS XML configuration (<config><devices><entry><vsys>... or <shared>/<device-group>)',
        implicitVsys: false,
      });
    },
  };
}
