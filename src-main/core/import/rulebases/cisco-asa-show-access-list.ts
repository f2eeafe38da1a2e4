// Cisco ASA `show access-list` output: each configured entry (`access-list NAME line N extended ...`)
// with its hit count, followed by indented lines that expand its objects into literal entries. The
// expansions are the same rule, not more rules: they give the addresses the objects stood for (the
// output carries no object definitions) and per-element hit counts, which are summed per rule.
import { lineParser } from '../lines';
import { ParseError, type FormatSpec, type ImportSink, type ParserOptions, type StreamParser } from '../types';
import { emitAcls, groupParts, type Acl, type AclEntry, type EntryPart } from './cisco-acl-rules';
import { deviceName, hitCountIn, quoted, words } from './cisco-acl-tokens';
import { parseAsaAce } from './cisco-asa-ace';
import { AsaObjects } from './cisco-asa-objects';

const ENTRY = /^(\s*)access-list (\S+) line (\d+) (\S+)(?: (.*))?$/;
const HEADER = /^access-list (\S+); (\d+) elements?;/;

export const ciscoAsaShowAccessList: FormatSpec = {
  id: 'cisco-asa-show-access-list',
  label: "Cisco ASA 'show access-list' (with hit counts)",
  family: 'rulebase',
  parserVersion: '1',
  detector:
    "'access-list NAME; N elements; name hash: 0x...' headers or 'access-list NAME line N extended|remark|standard ...' entries",
  needsHostName: false,
  detect(head) {
    if (HEADER.test(head)) return 0.95;
    return /^\s*access-list \S+ line \d+ (?:extended|advanced|standard|remark|webtype|ethertype) /m.test(head)
      ? 0.95
      : 0;
  },
  create: (sink, options) => asaShowParser(sink, options),
};

interface Pending {
  acl: string;
  words: string[];
  line: number;
  lineTo: number;
  text: string[];
  comment: string | null;
  children: { words: string[]; line: number }[];
}

function asaShowParser(sink: ImportSink, options: ParserOptions): StreamParser {
  // The output carries no object definitions: names that reach the parser stay unresolved.
  const objs = new AsaObjects(sink);
  const acls = new Map<string, Acl>();
  const remarks = new Map<string, string[]>();
  let pending: Pending | null = null;
  let hostname: string | null = null;
  let seen = 0;
  let endsWithNewline = true;
  let last = { no: 0, text: '' };

  const aclOf = (name: string, line: number): Acl => {
    let a = acls.get(name);
    if (!a) {
      a = { name, line, entries: [] };
      acls.set(name, a);
    }
    return a;
  };

  const flush = () => {
    if (!pending) return;
    const p = pending;
    pending = null;
    const entry = build(p);
    if (entry) aclOf(p.acl, p.line).entries.push(entry);
  };

  const build = (p: Pending): AclEntry | null => {
    const objects: string[] = [];
    p.words.forEach((w, i) => {
      const next = p.words[i + 1];
      if ((w === 'object' || w === 'object-group') && next && !objects.includes(next)) objects.push(next);
    });
    // `inactive` is the entry's own switch; `(inactive)` only says an element (an FQDN) resolves to nothing.
    const enabled = !p.words.includes('inactive');
    const sources = p.children.length > 0 ? p.children : [{ words: p.words, line: p.line }];
    const parts: EntryPart[] = [];
    const conditions: string[] = [];
    const unresolved: string[] = [];
    for (const s of sources) {
      const ace = parseAsaAce(s.words, objs, s.line);
      if (typeof ace === 'string') {
        sink.note({
          line: s.line,
          column: null,
          what: `access-list entry skipped, ${ace}: ${quoted(s.words.join(' '))}`,
        });
        continue;
      }
      for (const c of ace.conditions) if (!conditions.includes(c)) conditions.push(c);
      for (const u of ace.unresolved) if (!unresolved.includes(u)) unresolved.push(u);
      for (const o of ace.objects) if (!objects.includes(o)) objects.push(o);
      if (ace.leftovers.length > 0) {
        const c = `not understood: ${ace.leftovers.join(' ')}`;
        if (!conditions.includes(c)) conditions.push(c);
        sink.note({
          line: s.line,
          column: null,
          what: `words not understood, kept as a condition: ${quoted(ace.leftovers.join(' '))}`,
        });
      }
      for (const service of ace.services) {
        parts.push({ service, source: ace.source, destination: ace.destination, hitCount: ace.hitCount });
      }
    }
    if (parts.length === 0) return null;
    const grouped = groupParts(parts);
    // The entry's own counter is the total of its elements: exact when the entry is one rule.
    const own = hitCountIn(p.words.join(' '));
    if (grouped.length === 1 && own !== null) grouped[0]!.hitCount = own;
    const verb = p.words[0] === 'deny' ? 'deny' : 'allow';
    return {
      action: verb,
      parts: grouped,
      enabled,
      comment: p.comment,
      conditions,
      objects,
      unresolved,
      lineFrom: p.line,
      lineTo: p.lineTo,
      text: p.text.join('\n'),
    };
  };

  const onLine = (text: string, no: number) => {
    last = { no, text };
    if (/^\s*$/.test(text)) return;
    const prompt = /^([A-Za-z0-9][\w.-]*)(?:\/[\w-]+)*[#>]\s*show /.exec(text);
    if (prompt) {
      hostname = prompt[1]!;
      return;
    }
    // Summary lines of the output: logging flow counters, not entries.
    if (/^access-list cached ACL log flows:|^\s+alert-interval \d+/.test(text)) return;
    const header = HEADER.exec(text);
    if (header) {
      flush();
      aclOf(header[1]!, no);
      seen++;
      return;
    }
    const m = ENTRY.exec(text);
    if (!m) {
      sink.note({ line: no, column: null, what: `line not understood: ${quoted(text)}` });
      return;
    }
    seen++;
    const [, indent, acl, , type, rest = ''] = m as unknown as [string, string, string, string, string, string?];
    if (indent!.length > 0) {
      if (pending && pending.acl === acl) {
        pending.children.push({ words: words(rest), line: no });
        pending.text.push(text);
        pending.lineTo = no;
      } else
        sink.note({ line: no, column: null, what: `expanded entry without the entry it expands: ${quoted(text)}` });
      return;
    }
    flush();
    if (type === 'remark') {
      const list = remarks.get(acl) ?? [];
      list.push(rest.trim());
      remarks.set(acl, list);
      return;
    }
    if (type === 'extended' || type === 'advanced') {
      const comment = remarks.get(acl)?.join('\n') || null;
      remarks.delete(acl);
      pending = { acl, words: words(rest), line: no, lineTo: no, text: [text], comment, children: [] };
      return;
    }
    sink.note({
      line: no,
      column: null,
      what:
        type === 'standard'
          ? `standard access-list entries select routes or VPN traffic and filter nothing: not imported: ${quoted(text)}`
          : `${type} access-list entries are not imported: ${quoted(text)}`,
    });
  };

  const lines = lineParser(onLine, () => {
    if (!endsWithNewline) {
      const p = pending?.lineTo === last.no ? pending : null;
      const lastWords = p ? (p.children.length > 0 ? p.children.at(-1)!.words : p.words) : null;
      if (
        lastWords &&
        typeof parseAsaAce(lastWords, new AsaObjects({ ...sink, note: () => undefined }), last.no) === 'string'
      ) {
        throw new ParseError(
          `the output ends inside an access-list entry (${quoted(last.text)}); expected a complete line — the file looks cut`,
          last.no,
          null,
        );
      }
      sink.note({
        line: last.no,
        column: null,
        what: 'the last line has no line end: the file may have been cut after it',
      });
    }
    flush();
    if (seen === 0) {
      throw new ParseError(
        "expected ASA 'show access-list' output ('access-list NAME line N extended ...'); found none",
      );
    }
    const device = deviceName(hostname, options, 'asa', sink, "The 'show access-list' output");
    sink.meta('device', device);
    emitAcls(sink, device, acls.values(), [], 'access-list');
  });

  return {
    write(text) {
      if (text.length > 0) endsWithNewline = text.endsWith('\n');
      lines.write(text);
    },
    end() {
      lines.end();
    },
  };
}
