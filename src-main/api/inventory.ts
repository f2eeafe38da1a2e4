// The inventory channels over one open engagement: rows are rebuilt when imports or the standard changed,
// and an entry's detail adds which rule lines of every imported device admit traffic to it.
import { annotate, importAssetCsv, type AssetImportResult } from '../core/inventory/annotations';
import {
  groupInventory,
  inventoryEntry,
  queryInventory,
  type InventoryEntry,
  type InventoryFilter,
  type InventoryGroup,
  type InventoryPage,
  type InventorySort,
} from '../core/inventory/inventory';
import { ensureDerived } from '../core/inventory/derived';
import { PortcullisError } from '../core/model/errors';
import type { Proto } from '../core/model/observation';
import { listDevices } from '../core/store/rules';
import type { CommandContext } from '../core/store/context';
import type { EngagementStore } from '../core/store/engagement-store';
import { HOST_FORMATS } from './host-formats';
import { reachInEngagement } from './reach';

export function inventoryPage(
  store: EngagementStore,
  ctx: CommandContext,
  filter: InventoryFilter,
  page: { sort: InventorySort; descending: boolean; offset: number; limit: number },
): InventoryPage & { standardVersion: number } {
  const { version, document } = ensureDerived(store, ctx, HOST_FORMATS);
  return { ...queryInventory(store.db, document, filter, page), standardVersion: version };
}

export function inventoryGroups(
  store: EngagementStore,
  ctx: CommandContext,
  filter: InventoryFilter,
  by: 'service' | 'asset' | 'owner',
): InventoryGroup[] {
  ensureDerived(store, ctx, HOST_FORMATS);
  return groupInventory(store.db, filter, by, 1000);
}

export interface AllowedBy {
  device: string;
  importId: number;
  anySource: boolean;
  admittedCidrs: string[];
  conditionalCidrs: string[];
  rules: { ruleset: string; order: number; action: string; name: string | null; lineFrom: number | null }[];
  problems: string[];
}

export function inventoryDetail(
  store: EngagementStore,
  ctx: CommandContext,
  key: { asset: string; proto: Proto; port: number },
): InventoryEntry & { allowedBy: AllowedBy[] } {
  const { document } = ensureDerived(store, ctx, HOST_FORMATS);
  const entry = inventoryEntry(store.db, document, key, HOST_FORMATS);
  if (!entry) {
    throw new PortcullisError('NOT_FOUND', `${store.path}: nothing in use at ${key.asset} ${key.port}/${key.proto}`);
  }
  const allowedBy: AllowedBy[] = [];
  if (entry.row.hostIp) {
    const latest = new Map<string, number>();
    for (const d of listDevices(store.db)) latest.set(d.device, Math.max(latest.get(d.device) ?? 0, d.importId));
    for (const [device, importId] of latest) {
      const r = reachInEngagement(store.db, {
        device,
        importId,
        destination: entry.row.hostIp,
        proto: key.proto,
        port: key.port,
        direction: 'in',
        combine: 'any',
      });
      if (r.admittedCidrs.length === 0 && r.conditionalCidrs.length === 0) continue;
      allowedBy.push({
        device,
        importId,
        anySource: r.permissiveness.anySource,
        admittedCidrs: r.admittedCidrs,
        conditionalCidrs: r.conditionalCidrs,
        rules: r.byRule.flatMap((b) =>
          b.rule
            ? [
                {
                  ruleset: b.rule.ruleset,
                  order: b.rule.order,
                  action: b.rule.action,
                  name: b.rule.name,
                  lineFrom: b.rule.lineFrom,
                },
              ]
            : [],
        ),
        problems: r.problems,
      });
    }
  }
  return { ...entry, allowedBy };
}

export function annotateAsset(
  store: EngagementStore,
  ctx: CommandContext,
  a: { asset: string; proto: Proto | null; port: number | null; owner: string | null; purpose: string | null },
): { ok: true } {
  annotate(store, ctx, a);
  return { ok: true };
}

export function importAssets(store: EngagementStore, ctx: CommandContext, source: string): Promise<AssetImportResult> {
  return importAssetCsv(store, ctx, source);
}
