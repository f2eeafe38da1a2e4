// ServiceNow change_request exports: the Table API's JSON {"result": [...]} (values plain, or
// {display_value, value} pairs with sysparm_display_value=all) and the XML export
// (<xml><change_request>…</change_request></xml>, reference fields with a display_value attribute).
// Both carry stored values, whose date-times ServiceNow documents as UTC ("2026-03-04 10:00:00").
import { ParseError, type FormatSpec } from '../types';
import { xmlParser } from '../xml';
import { field, isObject, type JsonObject } from '../rulebases/cloud-common';
import { parseJsonWithSource, wholeTextParser } from '../rulebases/cloud-source';
import { DateKeeper, TicketCollector, utcToIso } from './common';
import { snRecordToTicket, type SnValue } from './servicenow-record';

const JSON_WHAT = 'a ServiceNow Table API answer {"result": [...]} of change_request records';
const XML_WHAT = 'a ServiceNow XML export (<xml> holding <change_request> records)';

function snValue(v: unknown): SnValue | null {
  if (typeof v === 'string') return { value: v, display: null };
  if (typeof v === 'number' || typeof v === 'boolean') return { value: String(v), display: null };
  if (isObject(v)) {
    const value = field(v, 'value');
    const display = field(v, 'display_value');
    if (typeof value === 'string' || typeof display === 'string') {
      return {
        value: typeof value === 'string' ? value : '',
        display: typeof display === 'string' ? display : null,
      };
    }
  }
  return null;
}

/** The instance (https://acme.service-now.com) from a reference field's "link", for the ticket's URL. */
function instanceOf(r: JsonObject): string | null {
  for (const v of Object.values(r)) {
    const link = isObject(v) ? field(v, 'link') : undefined;
    const m = typeof link === 'string' ? /^(https:\/\/[^/?#]+)\/api\/now\//.exec(link) : null;
    if (m) return m[1] ?? null;
  }
  return null;
}

export const servicenowJson: FormatSpec = {
  id: 'servicenow-json',
  label: 'ServiceNow change requests (Table API JSON)',
  family: 'ticket',
  parserVersion: '1',
  detector: 'JSON {"result": [...]} whose records have "number" and "short_description" (Table API)',
  needsHostName: false,
  detect(head) {
    if (!/^\s*\{/.test(head) || !/"result"\s*:\s*[[{]/.test(head)) return 0;
    return /"number"\s*:/.test(head) && /"short_description"\s*:/.test(head) ? 0.9 : 0;
  },
  create(sink) {
    return wholeTextParser(JSON_WHAT, (text) => {
      const { value, source } = parseJsonWithSource(text, JSON_WHAT);
      const result = isObject(value) ? field(value, 'result') : undefined;
      // A single-record GET (/table/change_request/{sys_id}) answers {"result": {...}}.
      const records = Array.isArray(result) ? result : isObject(result) ? [result] : null;
      if (records === null) throw new ParseError(`no "result" list; expected ${JSON_WHAT}`, 1, 1);
      const dates = new DateKeeper(utcToIso);
      const tickets = new TicketCollector(sink, 'first');
      records.forEach((r, i) => {
        const at = source.locate(r);
        if (!isObject(r)) {
          sink.note({
            line: source.lineOf(records),
            column: null,
            what: `result item ${i + 1} is not a record; skipped`,
          });
          return;
        }
        const record = new Map<string, SnValue>();
        for (const [name, v] of Object.entries(r as JsonObject)) {
          const sv = snValue(v);
          if (sv) record.set(name, sv);
          else if (v !== null && v !== '') {
            sink.note({
              line: at.lineFrom,
              column: null,
              what: `result item ${i + 1}: field ${name} is not text or a {display_value, value} pair; skipped`,
            });
          }
        }
        const t = snRecordToTicket(record, dates, { from: at.lineFrom, to: at.lineTo }, instanceOf(r as JsonObject));
        if (t) tickets.add(t, `result item ${i + 1}`);
        else sink.note({ line: at.lineFrom, column: null, what: `result item ${i + 1} has no number; skipped` });
      });
      dates.report(sink);
      if (records.length === 0) {
        sink.note({ line: null, column: null, what: 'no change requests: the result list is empty; kept as evidence' });
        sink.meta('contents', 'empty result');
      }
      sink.meta('records', String(tickets.count));
    });
  },
};

/** Tables of the ServiceNow change family whose records become tickets. */
const TABLES = new Set(['change_request', 'std_change_proposal', 'change_task', 'sc_req_item', 'incident', 'problem']);

export const servicenowXml: FormatSpec = {
  id: 'servicenow-xml',
  label: 'ServiceNow change requests (XML export)',
  family: 'ticket',
  parserVersion: '1',
  detector: 'XML whose root is <xml> or <unload> holding <change_request> (or other task) records with <number>',
  needsHostName: false,
  detect(head) {
    if (!/<(xml|unload)\b[^>]*>/.test(head.replace(/<\?xml[^>]*\?>/, ''))) return 0;
    return /<(change_request|change_task|sc_req_item|incident|problem)\b[^>]*>/.test(head) &&
      /<number\b[^>]*>/.test(head)
      ? 0.9
      : 0;
  },
  create(sink) {
    const dates = new DateKeeper(utcToIso);
    const tickets = new TicketCollector(sink, 'first');
    let record: Map<string, SnValue> | null = null;
    let recordLine = 0;
    let table = '';
    let displayOf: string | null = null;
    let records = 0;
    let written = false;
    const parser = xmlParser(
      {
        open(name, attrs, path, at) {
          if (path.length === 1) {
            if (TABLES.has(name)) {
              record = new Map();
              recordLine = at.line;
              table = name;
            } else sink.note({ line: at.line, column: at.column, what: `<${name}> is not a ticket record; skipped` });
          } else if (path.length === 2 && record) {
            displayOf = attrs.display_value ?? null;
          } else if (path.length > 2 && record) {
            sink.note({
              line: at.line,
              column: at.column,
              what: `<${name}> nested in <${path[2] ?? '?'}> is not read`,
            });
          }
        },
        close(name, text, path, at) {
          if (path.length === 2 && record) {
            record.set(name, { value: text.trim(), display: displayOf });
            displayOf = null;
          } else if (path.length === 1 && record && name === table) {
            records++;
            const t = snRecordToTicket(record, dates, { from: recordLine, to: at.line }, null);
            if (t) {
              if (table !== 'change_request') t.fields.table = table;
              tickets.add(t, `<${table}>`);
            } else sink.note({ line: recordLine, column: null, what: `<${table}> without <number>; skipped` });
            record = null;
          }
        },
      },
      ['xml', 'unload'],
    );
    return {
      write(t) {
        if (!written && t.trim() !== '') written = true;
        parser.write(t);
      },
      end() {
        if (!written) throw new ParseError(`the file is empty; expected ${XML_WHAT}`, 1, 1);
        parser.end();
        dates.report(sink);
        if (records === 0) {
          sink.note({
            line: null,
            column: null,
            what: 'no change requests: the export holds no records; kept as evidence',
          });
          sink.meta('contents', 'empty export');
        }
        sink.meta('records', String(tickets.count));
      },
    };
  },
};
