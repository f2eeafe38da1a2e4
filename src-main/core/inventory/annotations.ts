// Owner and business purpose of assets and services: typed in by the user, or imported from a CMDB /
// asset-register CSV. Every change is audited; a CSV import stores the original file and lands whole or
// not at all.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { PortcullisError } from '../model/errors';
import type { Proto } from '../model/observation';
import { storeStream } from '../store/artifact-store';
import type { CommandContext } from '../store/context';
import type { EngagementStore } from '../store/engagement-store';
import { sourceFileSize } from '../store/stored-files';
import { applyAnnotations } from './build';
import { parseAssetCsv, type AssetAnnotation } from './asset-csv';

export type { AssetAnnotation } from './asset-csv';

/** CMDB exports are small; a file this big is not one. */
export const MAX_ASSET_CSV = 64 * 1024 * 1024;

function upsert(store: EngagementStore, ctx: CommandContext, a: AssetAnnotation, source: string): void {
  const proto = a.proto ?? '';
  const port = a.port ?? -1;
  if (a.owner === null && a.purpose === null) {
    store.db
      .prepare('DELETE FROM asset_annotation WHERE asset = ? AND proto = ? AND port = ?')
      .run(a.asset, proto, port);
    return;
  }
  store.db
    .prepare(
      `INSERT INTO asset_annotation (asset, proto, port, owner, purpose, source, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (asset, proto, port) DO UPDATE SET owner = excluded.owner, purpose = excluded.purpose,
         source = excluded.source, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .run(a.asset, proto, port, a.owner, a.purpose, source, ctx.now(), ctx.actor);
}

export function normaliseAsset(asset: string): string {
  return asset.trim().toLowerCase();
}

/** Sets (or, with both null, clears) the owner and purpose of an asset or one of its services. */
export function annotate(store: EngagementStore, ctx: CommandContext, a: AssetAnnotation): void {
  if ((a.proto === null) !== (a.port === null)) {
    throw new PortcullisError('INVALID_REQUEST', 'give both the protocol and the port, or neither (whole asset)');
  }
  const clean = { ...a, asset: normaliseAsset(a.asset) };
  if (clean.asset === '') throw new PortcullisError('INVALID_REQUEST', 'the asset (address or host name) is required');
  store.mutate(ctx, 'inventory.annotate', clean, () => {
    upsert(store, ctx, clean, 'manual');
    applyAnnotations(store.db, clean.asset);
  });
}

export interface AssetImportResult {
  fileName: string;
  sha256: string;
  rows: number;
  /** Later rows for the same asset/service replaced earlier ones. */
  replaced: number;
  columns: Record<string, string>;
}

/** Imports owners/purposes from a CSV asset register; stores the original as an attachment. */
export async function importAssetCsv(
  store: EngagementStore,
  ctx: CommandContext,
  sourcePath: string,
): Promise<AssetImportResult> {
  const size = sourceFileSize(sourcePath);
  const fileName = basename(sourcePath);
  if (size > MAX_ASSET_CSV) {
    throw new PortcullisError('INVALID_REQUEST', `${fileName}: ${size} bytes is too large for an asset register CSV`);
  }
  const bytes = readFileSync(sourcePath);
  const parsed = parseAssetCsv(bytes, fileName);
  return store.mutateAsync(ctx, 'inventory.importAssets', async () => {
    const stored = await storeStream(store.db, Readable.from([bytes]), { now: ctx.now });
    store.db
      .prepare("INSERT INTO stored_file (sha256, name, role, added_at, added_by) VALUES (?, ?, 'attachment', ?, ?)")
      .run(stored.sha256, fileName, ctx.now(), ctx.actor);
    const seen = new Set<string>();
    let replaced = 0;
    for (const row of parsed.rows) {
      const k = `${row.asset}|${row.proto ?? ''}|${row.port ?? -1}`;
      if (seen.has(k)) replaced++;
      seen.add(k);
      upsert(store, ctx, row, `${fileName} line ${row.line}`);
    }
    applyAnnotations(store.db, null);
    const value: AssetImportResult = {
      fileName,
      sha256: stored.sha256,
      rows: parsed.rows.length,
      replaced,
      columns: parsed.columns,
    };
    return { value, payload: value };
  });
}

export function listAnnotations(store: EngagementStore): {
  asset: string;
  proto: Proto | null;
  port: number | null;
  owner: string | null;
  purpose: string | null;
  source: string;
}[] {
  const rows = store.db
    .prepare('SELECT asset, proto, port, owner, purpose, source FROM asset_annotation ORDER BY asset, proto, port')
    .all() as {
    asset: string;
    proto: string;
    port: number;
    owner: string | null;
    purpose: string | null;
    source: string;
  }[];
  return rows.map((r) => ({
    ...r,
    proto: r.proto === '' ? null : (r.proto as Proto),
    port: r.port === -1 ? null : r.port,
  }));
}
