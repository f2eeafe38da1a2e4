// Checks a standard document beyond its shape: unique ids, criteria that exist, ports in range and
// patterns that compile. The message names where the problem is, as a JSON path.
import { PortcullisError } from '../model/errors';
import { StandardDocument, type Matcher } from './schema';

/** A parsed port spec: proto plus inclusive range; "*" is 0-65535. */
export interface PortRange {
  proto: string;
  from: number;
  to: number;
}

export function parsePortSpec(spec: string): PortRange {
  const [ports = '', proto = ''] = spec.split('/');
  if (ports === '*') return { proto, from: 0, to: 65535 };
  const [a = '', b] = ports.split('-');
  return { proto, from: Number(a), to: Number(b ?? a) };
}

/** Validates `input` as a standard; throws INVALID_REQUEST naming `where` and the JSON path. */
export function parseStandard(input: unknown, where: string): StandardDocument {
  const parsed = StandardDocument.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue ? formatPath(issue.path) : '';
    throw new PortcullisError(
      'INVALID_REQUEST',
      `${where}: ${path ? `at ${path}: ` : ''}${issue?.message ?? 'not a standard document'}`,
    );
  }
  const doc = parsed.data;
  const problem = crossCheck(doc);
  if (problem) throw new PortcullisError('INVALID_REQUEST', `${where}: ${problem}`);
  return doc;
}

function crossCheck(doc: StandardDocument): string | null {
  const criteria = new Set<string>();
  for (const [i, c] of doc.criteria.entries()) {
    if (criteria.has(c.id)) return `at criteria[${i}].id: the criterion id "${c.id}" is used twice`;
    criteria.add(c.id);
  }
  const ruleIds = new Set<string>();
  for (const [i, r] of doc.rules.entries()) {
    const at = `rules[${i}] ("${r.id}")`;
    if (ruleIds.has(r.id)) return `at ${at}: the rule id "${r.id}" is used twice`;
    ruleIds.add(r.id);
    for (const c of r.criteria) {
      if (!criteria.has(c)) return `at ${at}.criteria: "${c}" is not one of the standard's criteria`;
    }
    for (const [j, m] of r.match.entries()) {
      const problem = matcherProblem(m);
      if (problem) return `at ${at}.match[${j}]: ${problem}`;
    }
  }
  return null;
}

function matcherProblem(m: Matcher): string | null {
  for (const spec of m.ports ?? []) {
    const { from, to } = parsePortSpec(spec);
    if (from > 65535 || to > 65535 || from > to) return `the port spec "${spec}" is not a range within 0-65535`;
  }
  const patterns = [
    ['product', m.product],
    ['version', m.version],
    ...(m.facts ?? []).map((f) => [`fact ${f.key}`, f.pattern] as const),
    ...(m.withoutFacts ?? []).map((f) => [`fact ${f.key}`, f.pattern] as const),
  ] as const;
  for (const [what, pattern] of patterns) {
    if (pattern === undefined) continue;
    try {
      new RegExp(pattern, 'i');
    } catch (err) {
      return `the ${what} pattern /${pattern}/ does not compile (${(err as Error).message})`;
    }
  }
  for (const f of [...(m.facts ?? []), ...(m.withoutFacts ?? [])]) {
    if (f.value !== undefined && f.pattern !== undefined) return `the fact ${f.key} gives both value and pattern`;
  }
  return null;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
