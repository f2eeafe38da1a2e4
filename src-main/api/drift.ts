// The drift and timeline channels over one open engagement: findings are first brought up to date with
// the current standard (so "insecure" reflects it), then the core compares or lists.
import type { z } from 'zod';
import { PortcullisError } from '../core/model/errors';
import { compareScans, type DriftStandard } from '../core/reconcile/drift';
import { serviceTimeline } from '../core/reconcile/timeline';
import { ensureClassified } from '../core/standard/classification';
import { currentStandard } from '../core/standard/standard-store';
import type { CommandContext } from '../core/store/context';
import type { EngagementStore } from '../core/store/engagement-store';
import type { DriftCompareRequest, DriftPage, Timeline, TimelineRequest } from './contract-drift';

function driftStandard(store: EngagementStore, ctx: CommandContext): DriftStandard {
  const version = ensureClassified(store, ctx);
  const current = currentStandard(store.db);
  if (!current) throw new PortcullisError('INTERNAL', `${store.path}: the standard was not adopted`);
  return {
    version,
    inUseStates: current.document.inUseStates,
    rules: current.document.rules.map((r) => ({ id: r.id, title: r.title, applicable: r.applicable })),
  };
}

export function compare(
  store: EngagementStore,
  ctx: CommandContext,
  req: z.output<typeof DriftCompareRequest>,
): z.output<typeof DriftPage> {
  const std = driftStandard(store, ctx);
  return compareScans(
    store.db,
    { from: req.from, to: req.to, change: req.change, insecure: req.insecure, offset: req.offset, limit: req.limit },
    std,
  );
}

export function timeline(
  store: EngagementStore,
  ctx: CommandContext,
  req: z.output<typeof TimelineRequest>,
): z.output<typeof Timeline> {
  const std = driftStandard(store, ctx);
  const t = serviceTimeline(
    store.db,
    { proto: req.proto, port: req.port, host: req.host, offset: req.offset, limit: req.limit },
    std,
  );
  const named = new Set(t.hosts.flatMap((h) => h.cells.flatMap((c) => c.rules)));
  const titles = new Map(std.rules.map((r) => [r.id, r.title]));
  return { ...t, rules: [...named].sort().map((ruleId) => ({ ruleId, title: titles.get(ruleId) ?? ruleId })) };
}
