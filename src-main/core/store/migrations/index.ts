// Numbered, append-only schema migrations. The file records its version in PRAGMA user_version;
// all pending migrations run in one transaction so a file is never left between two versions.
import type { Database } from 'better-sqlite3';
import { m001Engagement } from './001-engagement';
import { m002Artifacts } from './002-artifacts';
import { m003Imports } from './003-imports';
import { m004Rules } from './004-rules';
import { m005Standard } from './005-standard';
import { m006Inventory } from './006-inventory';
import { m007Review } from './007-review';
import { m008Tickets } from './008-tickets';
import { m009Evidence } from './009-evidence';
import { m010TestPlans } from './010-test-plans';
import { m011ObservationEndpoint } from './011-observation-endpoint';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const migrations: readonly Migration[] = [
  m001Engagement,
  m002Artifacts,
  m003Imports,
  m004Rules,
  m005Standard,
  m006Inventory,
  m007Review,
  m008Tickets,
  m009Evidence,
  m010TestPlans,
  m011ObservationEndpoint,
];

export const LATEST_SCHEMA_VERSION = migrations.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the file up to `target` (default: latest). Returns the versions applied. */
export function migrate(db: Database, target = LATEST_SCHEMA_VERSION): number[] {
  const applied: number[] = [];
  db.transaction(() => {
    const current = schemaVersion(db);
    for (const m of migrations) {
      if (m.version <= current || m.version > target) continue;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
      applied.push(m.version);
    }
  })();
  return applied;
}
