// Shared helpers for unit tests: a temp folder per test and a fixed actor/clock.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { CommandContext } from '../../src-main/core/store/context';
import { EngagementStore } from '../../src-main/core/store/engagement-store';

const made: string[] = [];
afterEach(() => {
  while (made.length > 0) rmSync(made.pop()!, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-test-'));
  made.push(dir);
  return dir;
}

export function fixedContext(actor = 'tester'): CommandContext {
  let tick = 0;
  return { actor, now: () => new Date(Date.UTC(2026, 10, 1, 9, 0, 0) + tick++ * 1000).toISOString() };
}

export const sampleMeta = {
  entity: 'Acme Retail Ltd',
  assessor: 'A. Assessor',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  scopeNote: 'CDE: store POS network and payment gateway',
};

export function newEngagement(dir = tempDir(), name = 'e.portcullis'): EngagementStore {
  return EngagementStore.create(join(dir, name), sampleMeta, fixedContext());
}

export function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
