// Reachability over an engagement's imported rules: loads one device's rules and policies (from its
// latest import unless one is named) and asks the net module which sources reach a destination. Lives
// in the api layer because it joins the store and the net module for one request.
import type { Database } from 'better-sqlite3';
import { PortcullisError } from '../core/model/errors';
import { reachability, type RuleRef } from '../core/net/index';
import { listPolicies, listRules, type StoredRule } from '../core/store/rules';
import type { RulesetPolicy } from '../core/model/rule';
import type { ParsedRequest, Response } from './contract';

type ReachRequest = Omit<ParsedRequest<'rule.reach'>, 'path'>;

function ref(r: RuleRef): RuleRef {
  return {
    ruleId: r.ruleId,
    device: r.device,
    ruleset: r.ruleset,
    order: r.order,
    action: r.action,
    target: r.target,
    name: r.name,
    lineFrom: r.lineFrom,
    lineTo: r.lineTo,
  };
}

/**
 * The rules of one device from one import, kept per open engagement: an import never changes, and the
 * net module caches its compiled form by the identity of these arrays, so repeated questions about the
 * same device skip loading, compiling and analysing it again.
 */
const loaded = new WeakMap<Database, Map<string, { rules: StoredRule[]; policies: RulesetPolicy[] }>>();
const MAX_DEVICES_KEPT = 8;

function deviceRules(
  db: Database,
  importId: number,
  device: string,
): { rules: StoredRule[]; policies: RulesetPolicy[] } {
  let byKey = loaded.get(db);
  if (!byKey) loaded.set(db, (byKey = new Map()));
  const key = `${importId}\u0000${device}`;
  let entry = byKey.get(key);
  if (!entry) {
    const filter = { importId, device };
    entry = { rules: listRules(db, filter).rows, policies: listPolicies(db, filter) };
    if (byKey.size >= MAX_DEVICES_KEPT) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, entry);
  }
  return entry;
}

export function reachInEngagement(db: Database, req: ReachRequest): Response<'rule.reach'> {
  const importId =
    req.importId ??
    (db
      .prepare(
        'SELECT max(import_id) FROM (SELECT import_id FROM rule WHERE device = ? UNION ALL SELECT import_id FROM ruleset_policy WHERE device = ?)',
      )
      .pluck()
      .get(req.device, req.device) as number | null);
  if (importId === null || importId === undefined) {
    const devices = db.prepare('SELECT DISTINCT device FROM rule ORDER BY device LIMIT 20').pluck().all() as string[];
    throw new PortcullisError(
      'NOT_FOUND',
      `no rules for device "${req.device}"; expected one of: ${devices.length > 0 ? devices.join(', ') : '(no rulebase imported yet)'}`,
    );
  }
  const { rules, policies } = deviceRules(db, importId, req.device);
  let result;
  try {
    result = reachability(rules, policies, {
      device: req.device,
      ...(req.entry ? { entry: req.entry } : {}),
      destination: req.destination,
      proto: req.proto,
      port: req.port,
      direction: req.direction,
      combine: req.combine,
      ...(req.inInterface !== undefined ? { inInterface: req.inInterface } : {}),
      ...(req.fromZone !== undefined ? { fromZone: req.fromZone } : {}),
      ...(req.toZone !== undefined ? { toZone: req.toZone } : {}),
    });
  } catch (err) {
    throw new PortcullisError('INVALID_REQUEST', `rule.reach: ${(err as Error).message}`);
  }
  const p = result.permissiveness;
  return {
    device: result.device,
    entries: result.entries,
    destination: req.destination,
    proto: req.proto,
    port: req.port,
    admittedCidrs: result.admittedCidrs,
    conditionalCidrs: result.conditionalCidrs,
    byRule: result.byRule.map((b) => ({
      rule: b.rule && ref(b.rule),
      ruleset: b.ruleset,
      cidrs: b.sources.toCidrs(),
      conditionalCidrs: b.conditionalSources.toCidrs(),
    })),
    conditional: result.conditional.map((c) => ({
      rule: c.rule && ref(c.rule),
      ruleset: c.ruleset,
      doubts: c.doubts,
      cidrs: c.cidrs,
    })),
    permissiveness: {
      admittedV4: String(p.admittedV4),
      admittedV6: String(p.admittedV6),
      conditionalV4: String(p.conditionalV4),
      conditionalV6: String(p.conditionalV6),
      anySource: p.anySource,
      anySourceConditional: p.anySourceConditional,
      publicV4: String(p.publicV4),
      publicV6: String(p.publicV6),
      publicShare: p.publicShare,
      shadowed: p.shadowed.map((s) => ({ rule: ref(s.rule), by: s.by.map(ref), conflicting: s.conflicting })),
      unreachable: p.unreachable.map((u) => ({ rule: ref(u.rule), reason: u.reason })),
    },
    problems: result.problems,
  };
}
