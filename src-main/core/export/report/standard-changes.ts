// How the engagement's standard differs from the one shipped with Portcullis: what the entity decided for
// itself (rules added, marked not applicable or edited, criteria, decision authority, in-use states).
import { canonicalJson } from '../../model/canonical-json';
import type { StandardDocument, StandardRule } from '../../standard/schema';
import type { StandardChange } from './types';

const RULE_FIELDS: (keyof StandardRule)[] = [
  'title',
  'criteria',
  'severity',
  'rationale',
  'replacement',
  'features',
  'references',
  'match',
];

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function standardChanges(current: StandardDocument, shipped: StandardDocument): StandardChange[] {
  const out: StandardChange[] = [];
  if (current.id !== shipped.id || current.version !== shipped.version) {
    out.push({
      what: 'Standard replaced',
      detail: `${current.id} version ${current.version} (shipped: ${shipped.id} version ${shipped.version})`,
    });
  }
  if (current.scope !== shipped.scope) out.push({ what: 'Scope', detail: current.scope });
  if (!same(current.decisionAuthority, shipped.decisionAuthority)) {
    const a = current.decisionAuthority;
    out.push({
      what: 'Decision authority',
      detail: [a.role, a.name, a.approvedOn && `approved on ${a.approvedOn}`, a.note].filter(Boolean).join(', '),
    });
  }
  if (!same(current.inUseStates, shipped.inUseStates)) {
    out.push({
      what: 'States counted as in use',
      detail: `${current.inUseStates.join(', ')} (shipped: ${shipped.inUseStates.join(', ')})`,
    });
  }
  const shippedCriteria = new Map(shipped.criteria.map((c) => [c.id, c]));
  for (const c of current.criteria) {
    const before = shippedCriteria.get(c.id);
    if (!before) out.push({ what: `Criterion ${c.id} added`, detail: `${c.title}: ${c.description}` });
    else if (!same(c, before)) out.push({ what: `Criterion ${c.id} changed`, detail: `${c.title}: ${c.description}` });
  }
  for (const c of shipped.criteria) {
    if (!current.criteria.some((x) => x.id === c.id)) out.push({ what: `Criterion ${c.id} removed`, detail: c.title });
  }
  const shippedRules = new Map(shipped.rules.map((r) => [r.id, r]));
  for (const r of current.rules) {
    const before = shippedRules.get(r.id);
    if (!before) {
      out.push({ what: `Rule ${r.id} added by the entity`, detail: `${r.title} (${r.severity}): ${r.rationale}` });
      continue;
    }
    if (before.applicable && !r.applicable) {
      out.push({ what: `Rule ${r.id} marked not applicable`, detail: `${r.title}: ${r.notApplicableReason ?? ''}` });
    } else if (!before.applicable && r.applicable) {
      out.push({ what: `Rule ${r.id} applies again`, detail: r.title });
    }
    const fields = RULE_FIELDS.filter((f) => !same(r[f], before[f]));
    if (fields.length > 0)
      out.push({ what: `Rule ${r.id} edited`, detail: `${r.title}: ${fields.join(', ')} changed` });
  }
  for (const r of shipped.rules) {
    if (!current.rules.some((x) => x.id === r.id)) out.push({ what: `Rule ${r.id} removed`, detail: r.title });
  }
  return out;
}
