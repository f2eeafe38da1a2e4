// Shared by the drift tests: engagements filled with real imports of generated or corpus scans, the
// drift channel's handler called with a parsed request, and compact forms of its rows and summary.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DriftCompareRequest } from '../../src-main/api/contract-drift';
import { compare } from '../../src-main/api/drift';
import { importFile } from '../../src-main/core/import/run-import';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { nmapXml, type HostSpec } from './drift-fixtures';
import { fixedContext, newEngagement, tempDir } from './helpers';

export const ctx = fixedContext();

export async function engagementWith(files: string[]): Promise<EngagementStore> {
  const store = newEngagement(tempDir());
  for (const f of files) await importFile(store, ctx, f);
  return store;
}

export function scanFile(hosts: HostSpec[], start: number, name: string): string {
  const path = join(tempDir(), name);
  writeFileSync(path, nmapXml(hosts, start));
  return path;
}

export function drift(store: EngagementStore, req: Record<string, unknown>) {
  return compare(store, ctx, DriftCompareRequest.parse({ path: store.path, limit: 1000, ...req }));
}

export type Page = ReturnType<typeof drift>;

/** A row as the tests state it: where, what kind, the two states, and what changed. */
export function brief(r: Page['rows'][number]) {
  return {
    kind: r.kind,
    at: `${r.host}${r.port === null ? '' : ` ${r.port}/${r.proto}`}`,
    states: `${r.before?.state ?? '-'} -> ${r.after?.state ?? '-'}`,
    insecure: r.insecure,
    rules: [r.rulesBefore.join(','), r.rulesAfter.join(',')],
  };
}

export function counts(page: Page) {
  return Object.fromEntries(page.summary.map((s) => [s.kind, [s.rows, s.hosts, s.insecure]]));
}
