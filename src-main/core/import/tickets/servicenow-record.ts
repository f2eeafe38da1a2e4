// One ServiceNow change_request record (Table API JSON, XML export or list CSV) as a Ticket. Field names
// are ServiceNow's (number, short_description, state, requested_by, approval, start_date, end_date,
// sys_created_on, closed_at…); reference and choice fields carry a display value beside the stored one.
import { blankTicket, type Ticket } from '../../model/ticket';
import { capDescription, keepField, normaliseKey, text, type DateKeeper } from './common';

/** A field's stored value and, for references and choices, what the form shows. */
export interface SnValue {
  value: string;
  display: string | null;
}

/** change_request's documented state choices (stored value -> label), used when only the value is given. */
const CHANGE_STATES: Record<string, string> = {
  '-5': 'New',
  '-4': 'Assess',
  '-3': 'Authorize',
  '-2': 'Scheduled',
  '-1': 'Implement',
  '0': 'Review',
  '3': 'Closed',
  '4': 'Canceled',
};

const DATES: Record<string, 'created' | 'updated' | 'plannedStart' | 'plannedEnd' | 'closed'> = {
  sys_created_on: 'created',
  sys_updated_on: 'updated',
  start_date: 'plannedStart',
  end_date: 'plannedEnd',
  closed_at: 'closed',
};

const READ = new Set([
  'number',
  'short_description',
  'description',
  'state',
  'type',
  'requested_by',
  'assigned_to',
  'approval',
  'approvers',
  'u_approvers',
  ...Object.keys(DATES),
]);

const shown = (v: SnValue | undefined): string | null => (v ? text(v.display ?? v.value) : null);

/**
 * `dates` converts stored values (UTC in the Table API and XML export) or display values (CSV, in the
 * exporting user's zone: kept as written). Returns null when the record has no number.
 */
export function snRecordToTicket(
  record: ReadonlyMap<string, SnValue>,
  dates: DateKeeper,
  lines: { from: number | null; to: number | null },
  instance: string | null,
): Ticket | null {
  const number = text(record.get('number')?.value ?? null);
  if (number === null) return null;
  const t = blankTicket('servicenow', normaliseKey(number));
  t.lineFrom = lines.from;
  t.lineTo = lines.to;
  t.title = shown(record.get('short_description'));
  t.description = capDescription(shown(record.get('description')));
  const state = record.get('state');
  if (state) {
    const label = state.display ?? CHANGE_STATES[state.value.trim()] ?? null;
    t.status = text(label ?? state.value);
    if (label !== null && label !== state.value) keepField(t, 'state (stored value)', state.value);
  }
  t.type = shown(record.get('type'));
  t.requester = shown(record.get('requested_by'));
  t.assignee = shown(record.get('assigned_to'));
  t.approval = shown(record.get('approval'));
  const approvers = shown(record.get('approvers') ?? record.get('u_approvers'));
  if (approvers) t.approvers = approvers.split(/\s*[,;]\s*/).filter((a) => a !== '');
  for (const [name, prop] of Object.entries(DATES)) {
    const v = record.get(name);
    // Dates are read from the stored value (UTC) when there is one; display values follow the user's zone.
    if (v) dates.set(t, prop, name, v.value !== '' ? v.value : v.display, lines.from);
  }
  const sysId = text(record.get('sys_id')?.value ?? null);
  if (instance && sysId) t.url = `${instance}/change_request.do?sys_id=${sysId}`;
  for (const [name, v] of record) {
    if (READ.has(name)) continue;
    const display = text(v.display);
    keepField(t, name, display !== null && display !== v.value ? `${display} (${v.value})` : v.value);
  }
  return t;
}
