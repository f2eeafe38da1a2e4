// Jira REST JSON: one issue (GET /rest/api/N/issue/{key}), a search result {"issues": [...]}, or an
// array of issues; and VCR cassettes (vcrpy YAML or JSON) recording Jira REST traffic, whose response
// bodies hold the issues. A /field answer (field definitions) holds no issue: it is kept as evidence with
// zero tickets and a note.
import { ParseError, type FormatSpec, type ImportSink } from '../types';
import { arr, field, isObject, num, obj, str, type JsonObject } from '../rulebases/cloud-common';
import {
  embeddedSource,
  parseJsonWithSource,
  parseYamlWithSource,
  wholeTextParser,
  type Source,
} from '../rulebases/cloud-source';
import { DateKeeper, TicketCollector } from './common';
import { isIssue, issueToTicket, jiraDate } from './jira-issue';

const WHAT = 'a Jira REST issue, search result {"issues": [...]} or array of issues (JSON)';
const CASSETTE = 'a VCR cassette (YAML or JSON) of Jira REST calls';

function isFieldDefinition(v: unknown): boolean {
  return (
    isObject(v) &&
    typeof field(v, 'id') === 'string' &&
    typeof field(v, 'name') === 'string' &&
    (Array.isArray(field(v, 'clauseNames')) || typeof field(v, 'custom') === 'boolean')
  );
}

interface Found {
  issues: JsonObject[];
  names: JsonObject | null;
}

/** The issues of one answer, or null when it is not an issue answer at all. */
function issuesOf(doc: unknown): Found | null {
  if (isIssue(doc)) return { issues: [doc], names: obj(doc, 'names') };
  if (isObject(doc) && Array.isArray(field(doc, 'issues'))) {
    const list = arr(doc, 'issues') ?? [];
    return { issues: list.filter(isIssue), names: obj(doc, 'names') };
  }
  if (Array.isArray(doc) && doc.length > 0 && doc.every(isIssue)) return { issues: doc, names: null };
  return null;
}

function noteSkipped(sink: ImportSink, source: Source, list: unknown[], where: string): void {
  list.forEach((item, i) => {
    if (!isIssue(item)) {
      sink.note({
        line: source.lineOf(item) ?? source.lineOf(list),
        column: null,
        what: `${where}: item ${i + 1} is not an issue (no key and fields); skipped`,
      });
    }
  });
}

function importDocument(doc: unknown, source: Source, sink: ImportSink): void {
  const dates = new DateKeeper(jiraDate);
  const tickets = new TicketCollector(sink, 'first');
  const found = issuesOf(doc);
  if (found === null) {
    if (Array.isArray(doc) && doc.length > 0 && doc.every(isFieldDefinition)) {
      sink.note({
        line: null,
        column: null,
        what: `no issues: the file holds ${doc.length} field definitions; kept as evidence`,
      });
      sink.meta('contents', 'Jira field definitions');
      return;
    }
    if (Array.isArray(doc) && doc.length === 0) {
      sink.note({ line: null, column: null, what: 'no issues: the file holds an empty list; kept as evidence' });
      sink.meta('contents', 'empty list');
      return;
    }
    throw new ParseError(`no Jira issue found (an issue has "key" and "fields"); expected ${WHAT}`, 1, 1);
  }
  if (isObject(doc) && Array.isArray(field(doc, 'issues'))) {
    const list = arr(doc, 'issues') ?? [];
    noteSkipped(sink, source, list, 'issues');
    const total = num(doc, 'total');
    if (total !== null && total > list.length) {
      sink.note({
        line: source.lineOf(doc),
        column: null,
        what: `the search result is one page: ${list.length} of ${total} issues; the others are not in the file`,
      });
    }
    if (list.length === 0) {
      sink.note({ line: null, column: null, what: 'no issues: the search result is empty; kept as evidence' });
      sink.meta('contents', 'empty search result');
    }
  }
  for (const issue of found.issues) tickets.add(issueToTicket(issue, source, dates, found.names), 'issue');
  dates.report(sink);
  sink.meta('issues', String(tickets.count));
}

/**
 * A cassette records several calls; the tickets are the issues its responses show, each at the state of
 * the last response that shows it (earlier snapshots are noted as replaced). Calls without issues are noted.
 */
function importCassette(doc: JsonObject, source: Source, sink: ImportSink): void {
  const interactions = arr(doc, 'interactions') ?? [];
  sink.meta('recording', `VCR cassette, ${interactions.length} interactions`);
  const dates = new DateKeeper(jiraDate);
  const tickets = new TicketCollector(sink, 'last');
  interactions.forEach((it, i) => {
    const request = isObject(it) ? obj(it, 'request') : null;
    const response = isObject(it) ? obj(it, 'response') : null;
    const call = `interaction ${i + 1} (${str(request, 'method') ?? '?'} ${str(request, 'uri')?.replace(/\?.*$/, '') ?? '?'})`;
    const line = source.lineOf(it);
    const skip = (why: string) => sink.note({ line, column: null, what: `${call}: ${why}` });
    const code = num(obj(response, 'status'), 'code');
    if (!response || code === null || code < 200 || code > 299)
      return skip(`no successful response (status ${code ?? '?'}); skipped`);
    const body = obj(response, 'body');
    const raw = field(body, 'string');
    if (typeof raw !== 'string') return skip('the response body is not text (compressed?); skipped');
    if (raw.trim() === '') return skip('empty response body; nothing to import');
    let inner: ReturnType<typeof parseJsonWithSource>;
    try {
      inner = parseJsonWithSource(raw, 'a JSON response body');
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      return skip(`the response body is not JSON (${err.message}); skipped`);
    }
    const found = issuesOf(inner.value);
    if (found === null || found.issues.length === 0) return skip('no issue in the response; kept as evidence only');
    const bodySource = embeddedSource(inner.source, source.lineOf(body));
    for (const issue of found.issues) tickets.add(issueToTicket(issue, bodySource, dates, found.names), call);
  });
  tickets.flush();
  dates.report(sink);
  sink.meta('issues', String(tickets.count));
  if (tickets.count === 0) {
    sink.note({
      line: null,
      column: null,
      what: `no issues: the cassette records ${interactions.length} calls without an issue in their answers; kept as evidence`,
    });
    sink.meta('contents', 'Jira REST calls without issues');
  }
}

export const jiraJson: FormatSpec = {
  id: 'jira-json',
  label: 'Jira issues (REST JSON: issue, search result or list)',
  family: 'ticket',
  parserVersion: '1',
  detector:
    'JSON with an issue key like "ABC-123" beside a "fields" object, or a search result {"issues": [...]}; also the /field list (field definitions, imported with no tickets)',
  needsHostName: false,
  detect(head) {
    if (!/^\s*[{[]/.test(head)) return 0;
    const issue = /"key"\s*:\s*"[A-Z][A-Z0-9_]+-\d+"/.test(head) && /"fields"\s*:\s*\{/.test(head);
    if (issue && /"(summary|issuetype|statuscategorychangedate)"\s*:/.test(head)) return 0.9;
    if (/"issues"\s*:\s*\[/.test(head) && /"(startAt|maxResults)"\s*:/.test(head) && /"fields"\s*:/.test(head))
      return 0.9;
    // GET /rest/api/N/field: definitions with "clauseNames" and a "schema" naming Jira's system fields.
    if (
      /^\s*\[/.test(head) &&
      /"clauseNames"\s*:/.test(head) &&
      /"(system|custom)"\s*:\s*"(statuscategorychangedate|summary|issuetype|com\.atlassian\.jira)/.test(head)
    )
      return 0.85;
    return 0;
  },
  create(sink) {
    return wholeTextParser(WHAT, (text) => {
      const { value, source } = parseJsonWithSource(text, WHAT);
      importDocument(value, source, sink);
    });
  },
};

export const jiraCassette: FormatSpec = {
  id: 'jira-vcr-cassette',
  label: 'Jira issues in a VCR cassette (recorded REST calls)',
  family: 'ticket',
  parserVersion: '1',
  detector: 'a VCR cassette (vcrpy YAML or JSON, "interactions") whose requests go to a Jira /rest/api/…/issue URL',
  needsHostName: false,
  detect(head) {
    const cassette = /(^|\n)\s*("interactions"\s*:|interactions:)/.test(head);
    if (cassette && /(uri|"uri")\s*:\s*"?https?:\/\/[^\s"']*\/rest\/api\/(\d+|latest)\/issue\b/.test(head)) return 0.9;
    return 0;
  },
  create(sink) {
    return wholeTextParser(CASSETTE, (text) => {
      const first = text.trimStart()[0];
      let doc: unknown;
      let source: Source;
      if (first === '{') {
        ({ value: doc, source } = parseJsonWithSource(text, CASSETTE));
      } else {
        const parsed = parseYamlWithSource(text, CASSETTE);
        if (parsed.documents.length !== 1)
          throw new ParseError(`${parsed.documents.length} YAML documents; expected ${CASSETTE}`, 1, 1);
        doc = parsed.documents[0];
        source = parsed.source;
      }
      if (!isObject(doc) || !Array.isArray(field(doc, 'interactions'))) {
        throw new ParseError(`no "interactions" list; expected ${CASSETTE}`, 1, 1);
      }
      importCassette(doc, source, sink);
    });
  },
};
