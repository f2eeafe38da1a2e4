// A rule of the standard as the editor form holds it (text fields, one feature or reference per line,
// the matchers as JSON text) and back. Only what the form can tell is checked here — required fields, a
// new id that is already taken, matchers that are not a JSON array of objects; everything else (id
// syntax, port specs, patterns, unknown matcher fields) is the core's to refuse, with the path it names.
import type { Severity, StandardDocument, StandardRule } from './api/types';

type Matcher = StandardRule['match'][number];
type Reference = StandardRule['references'][number];

export interface RuleDraft {
  id: string;
  title: string;
  severity: Severity;
  criteria: string[];
  rationale: string;
  replacement: string;
  /** One per line. */
  features: string;
  /** One per line: "title" or "title | url". */
  references: string;
  /** A JSON array of matcher objects. */
  match: string;
}

export type DraftField = Exclude<keyof RuleDraft, 'severity'>;

export const MATCHER_EXAMPLE = `[
  {
    "label": "Python development web server",
    "product": "SimpleHTTPServer"
  }
]`;

export function draftOf(rule: StandardRule | null): RuleDraft {
  if (!rule) {
    return {
      id: '',
      title: '',
      severity: 'high',
      criteria: [],
      rationale: '',
      replacement: '',
      features: '',
      references: '',
      match: '',
    };
  }
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    criteria: [...rule.criteria],
    rationale: rule.rationale,
    replacement: rule.replacement,
    features: rule.features.join('\n'),
    references: rule.references.map((r) => (r.url ? `${r.title} | ${r.url}` : r.title)).join('\n'),
    match: JSON.stringify(rule.match, null, 2),
  };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** "title | url" splits at the last "|"; a line without one, or with nothing after it, is a title. */
function referenceOf(line: string): Reference {
  const bar = line.lastIndexOf('|');
  const url = bar < 0 ? '' : line.slice(bar + 1).trim();
  if (url === '') return { title: (bar < 0 ? line : line.slice(0, bar)).trim() };
  return { title: line.slice(0, bar).trim(), url };
}

function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type DraftResult = { rule: StandardRule } | { problem: string; field: DraftField };

/**
 * The rule to send, or the first problem the form can see. A new rule (`base` null) is the entity's own;
 * an edited one keeps its origin and whether (and why not) it applies.
 */
export function ruleOf(draft: RuleDraft, base: StandardRule | null, document: StandardDocument): DraftResult {
  const id = base ? base.id : draft.id.trim();
  if (id === '') return { problem: 'The id is required: a short name such as python-dev-server.', field: 'id' };
  if (!base && document.rules.some((r) => r.id === id)) {
    return { problem: `The standard already has a rule "${id}": choose another id, or edit that rule.`, field: 'id' };
  }
  if (draft.title.trim() === '') return { problem: 'The title is required.', field: 'title' };
  if (draft.criteria.length === 0) {
    return { problem: 'Tick at least one criterion that makes the service insecure.', field: 'criteria' };
  }
  if (draft.rationale.trim() === '') return { problem: 'Say why it is insecure (the rationale).', field: 'rationale' };
  if (draft.replacement.trim() === '') {
    return { problem: 'Name the secure replacement.', field: 'replacement' };
  }
  if (draft.match.trim() === '') {
    return { problem: 'Give at least one matcher, as a JSON array of matcher objects.', field: 'match' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(draft.match);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { problem: `The matchers are not valid JSON: ${why}`, field: 'match' };
  }
  if (!Array.isArray(parsed) || !parsed.every(isObject)) {
    return {
      problem: 'The matchers must be a JSON array of matcher objects, such as [{"ports": ["8000/tcp"]}].',
      field: 'match',
    };
  }
  return {
    rule: {
      id,
      title: draft.title.trim(),
      criteria: draft.criteria,
      severity: draft.severity,
      rationale: draft.rationale.trim(),
      replacement: draft.replacement.trim(),
      features: lines(draft.features),
      references: lines(draft.references).map(referenceOf),
      // Shape checked above; each matcher's fields are validated by the core, which names the path.
      match: parsed as Matcher[],
      origin: base ? base.origin : 'entity',
      applicable: base ? base.applicable : true,
      notApplicableReason: base ? base.notApplicableReason : null,
    },
  };
}

/** The same JSON value, whatever the order of object keys: an edit that changes nothing is not sent. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (typeof v === 'object' && v !== null) {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
