// Edits to an engagement's standard, as data: each edit turns one version of the document into the next
// and says in words what changed (that sentence goes into the version history and the audit log).
import { z } from 'zod';
import { PortcullisError } from '../model/errors';
import { Criterion, DecisionAuthority, StandardRule, type StandardDocument } from './schema';
import { parseStandard } from './validate';

export const StandardEdit = z.discriminatedUnion('op', [
  z.object({ op: z.literal('setRule'), rule: StandardRule }).strict(),
  z.object({ op: z.literal('removeRule'), ruleId: z.string().min(1) }).strict(),
  z
    .object({
      op: z.literal('setApplicability'),
      ruleId: z.string().min(1),
      applicable: z.boolean(),
      reason: z.string().nullable(),
    })
    .strict(),
  z.object({ op: z.literal('setCriterion'), criterion: Criterion }).strict(),
  z.object({ op: z.literal('removeCriterion'), criterionId: z.string().min(1) }).strict(),
  z.object({ op: z.literal('setAuthority'), decisionAuthority: DecisionAuthority }).strict(),
  z.object({ op: z.literal('setInUseStates'), states: z.array(z.string().trim().min(1)).min(1) }).strict(),
  z.object({ op: z.literal('replace'), document: z.unknown() }).strict(),
]);
export type StandardEdit = z.infer<typeof StandardEdit>;

export interface EditResult {
  document: StandardDocument;
  change: string;
}

/** Applies one edit; the result is validated as a whole standard. Throws NOT_FOUND / INVALID_REQUEST. */
export function applyEdit(doc: StandardDocument, edit: StandardEdit): EditResult {
  const { document, change } = applyRaw(doc, edit);
  return { document: parseStandard(document, 'the edited standard'), change };
}

function applyRaw(doc: StandardDocument, edit: StandardEdit): { document: unknown; change: string } {
  switch (edit.op) {
    case 'setRule': {
      const i = doc.rules.findIndex((r) => r.id === edit.rule.id);
      if (i < 0) {
        if (edit.rule.origin !== 'entity') invalid(`a new rule ("${edit.rule.id}") must have origin "entity"`);
        return { document: { ...doc, rules: [...doc.rules, edit.rule] }, change: `rule ${edit.rule.id} added` };
      }
      const before = doc.rules[i];
      if (before && before.origin !== edit.rule.origin) {
        invalid(
          before.origin === 'catalog'
            ? `rule ${edit.rule.id} is a catalog rule: edit it with origin "catalog", or give the entity's rule another id`
            : `rule ${edit.rule.id} is the entity's own rule: keep origin "entity"`,
        );
      }
      return { document: { ...doc, rules: doc.rules.with(i, edit.rule) }, change: `rule ${edit.rule.id} changed` };
    }
    case 'removeRule': {
      const rule = findRule(doc, edit.ruleId);
      if (rule.origin === 'catalog') {
        invalid(`rule ${rule.id} comes from the catalog: mark it not applicable with a reason instead of removing it`);
      }
      return {
        document: { ...doc, rules: doc.rules.filter((r) => r.id !== rule.id) },
        change: `rule ${rule.id} removed`,
      };
    }
    case 'setApplicability': {
      const rule = findRule(doc, edit.ruleId);
      const reason = edit.reason?.trim() ?? '';
      if (!edit.applicable && reason === '') invalid(`marking rule ${rule.id} not applicable needs a reason`);
      const next = { ...rule, applicable: edit.applicable, notApplicableReason: edit.applicable ? null : reason };
      const change = edit.applicable
        ? `rule ${rule.id} applies again`
        : `rule ${rule.id} marked not applicable: ${reason}`;
      return { document: { ...doc, rules: doc.rules.map((r) => (r.id === rule.id ? next : r)) }, change };
    }
    case 'setCriterion': {
      const exists = doc.criteria.some((c) => c.id === edit.criterion.id);
      const criteria = exists
        ? doc.criteria.map((c) => (c.id === edit.criterion.id ? edit.criterion : c))
        : [...doc.criteria, edit.criterion];
      return {
        document: { ...doc, criteria },
        change: `criterion ${edit.criterion.id} ${exists ? 'changed' : 'added'}`,
      };
    }
    case 'removeCriterion': {
      if (!doc.criteria.some((c) => c.id === edit.criterionId)) {
        throw new PortcullisError('NOT_FOUND', `the standard has no criterion "${edit.criterionId}"`);
      }
      const users = doc.rules.filter((r) => r.criteria.includes(edit.criterionId)).map((r) => r.id);
      if (users.length > 0) invalid(`criterion ${edit.criterionId} is still used by rule(s) ${users.join(', ')}`);
      return {
        document: { ...doc, criteria: doc.criteria.filter((c) => c.id !== edit.criterionId) },
        change: `criterion ${edit.criterionId} removed`,
      };
    }
    case 'setAuthority':
      return { document: { ...doc, decisionAuthority: edit.decisionAuthority }, change: 'decision authority changed' };
    case 'setInUseStates':
      return {
        document: { ...doc, inUseStates: [...new Set(edit.states.map((s) => s.trim()))] },
        change: `states counted as in use: ${edit.states.join(', ')}`,
      };
    case 'replace': {
      const next = parseStandard(edit.document, 'the new standard');
      return { document: next, change: `standard replaced by ${next.id} version ${next.version}` };
    }
  }
}

function findRule(doc: StandardDocument, id: string) {
  const rule = doc.rules.find((r) => r.id === id);
  if (!rule) throw new PortcullisError('NOT_FOUND', `the standard has no rule "${id}"`);
  return rule;
}

function invalid(message: string): never {
  throw new PortcullisError('INVALID_REQUEST', message);
}
