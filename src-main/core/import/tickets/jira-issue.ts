// One Jira REST issue (v2 or v3, GET /rest/api/N/issue/{key} or an element of a search's "issues") as a
// Ticket. Named fields are read; every other non-empty field is kept as written (objects by their display
// name, name, value or key). Custom fields are labelled by the "names" map when the answer has one.
import { blankTicket, type Ticket } from '../../model/ticket';
import { field, isObject, obj, str, type JsonObject } from '../rulebases/cloud-common';
import type { Source } from '../rulebases/cloud-source';
import { cap, capDescription, keepField, text, zonedToUtc, type DateKeeper } from './common';

/** An issue: a key like ABC-123 and a "fields" object (the POST answer {id, key, self} is not one). */
export function isIssue(v: unknown): v is JsonObject {
  return isObject(v) && typeof field(v, 'key') === 'string' && isObject(field(v, 'fields'));
}

const READ = new Set(['summary', 'description', 'status', 'issuetype', 'reporter', 'assignee', 'created', 'updated']);

/** Jira Service Management change fields, found through the "names" map when the answer carries one. */
const NAMED: Record<string, 'plannedStart' | 'plannedEnd' | 'approvers'> = {
  'planned start': 'plannedStart',
  'change start date': 'plannedStart',
  'planned end': 'plannedEnd',
  'change completion date': 'plannedEnd',
  approvers: 'approvers',
};

function person(v: unknown): string | null {
  if (typeof v === 'string') return text(v);
  if (!isObject(v)) return null;
  return text(str(v, 'displayName') ?? str(v, 'name') ?? str(v, 'emailAddress') ?? str(v, 'accountId'));
}

/** Plain text of an Atlassian Document Format node (v3 descriptions): its text leaves, blocks on new lines. */
function adfText(node: unknown, out: string[]): void {
  if (!isObject(node)) return;
  const t = str(node, 'text');
  if (t !== null) out.push(t);
  const content = field(node, 'content');
  if (Array.isArray(content)) {
    for (const c of content) adfText(c, out);
    if (['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote'].includes(str(node, 'type') ?? ''))
      out.push('\n');
  }
}

function description(v: unknown): string | null {
  if (typeof v === 'string') return capDescription(text(v));
  if (isObject(v) && str(v, 'type') === 'doc') {
    const out: string[] = [];
    adfText(v, out);
    return capDescription(text(out.join('')));
  }
  return null;
}

/** A field's value as written: text and numbers as they are, objects by their name, lists joined. */
export function rendered(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v))
    return v
      .map(rendered)
      .filter((s) => s !== '')
      .join(', ');
  if (isObject(v)) {
    const named = str(v, 'displayName') ?? str(v, 'name') ?? str(v, 'value') ?? str(v, 'key');
    if (named !== null) return named;
    if (Object.keys(v).length === 0) return '';
    return cap(JSON.stringify(v));
  }
  return '';
}

/** https://site/rest/api/2/issue/10001 -> https://site/browse/KEY */
function browseUrl(self: string | null, key: string): string | null {
  if (!self) return null;
  const m = /^(https?:\/\/[^/?#]+(?:\/[^?#]*?)?)\/rest\/api\/[^/]+\/issue\//.exec(self);
  return m ? `${m[1]}/browse/${key}` : self;
}

export function issueToTicket(issue: JsonObject, source: Source, dates: DateKeeper, names: JsonObject | null): Ticket {
  const key = (str(issue, 'key') ?? '').trim();
  const f = obj(issue, 'fields') ?? {};
  const t = blankTicket('jira', key);
  const at = source.locate(issue);
  t.lineFrom = at.lineFrom;
  t.lineTo = at.lineTo;
  t.title = text(str(f, 'summary'));
  t.description = description(field(f, 'description'));
  t.status = text(str(obj(f, 'status'), 'name'));
  t.type = text(str(obj(f, 'issuetype'), 'name'));
  t.requester = person(field(f, 'reporter'));
  t.assignee = person(field(f, 'assignee'));
  t.url = browseUrl(str(issue, 'self'), key);
  dates.set(t, 'created', 'created', str(f, 'created'), at.lineFrom);
  dates.set(t, 'updated', 'updated', str(f, 'updated'), at.lineFrom);
  dates.set(t, 'closed', 'resolutiondate', str(f, 'resolutiondate'), at.lineFrom);
  for (const [name, value] of Object.entries(f)) {
    if (READ.has(name) || name === 'resolutiondate') continue;
    const label = names ? str(names, name) : null;
    const role = label ? NAMED[label.toLowerCase()] : undefined;
    if (role === 'approvers' && Array.isArray(value)) {
      t.approvers = value.map(person).filter((p): p is string => p !== null);
      continue;
    }
    if ((role === 'plannedStart' || role === 'plannedEnd') && typeof value === 'string') {
      dates.set(t, role, label ?? name, value, at.lineFrom);
      continue;
    }
    keepField(t, label && label !== name ? `${label} (${name})` : name, rendered(value));
  }
  return t;
}

/** Jira writes zoned timestamps (2025-07-25T21:00:48.316+0200); anything else is kept as written. */
export const jiraDate = zonedToUtc;
