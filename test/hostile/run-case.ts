// Runs hostile cases through the real import runner and checks the safety contract: a refusal is a
// PortcullisError naming the file (parse errors with a line or byte offset) that leaves the engagement as
// it was, with its audit chain intact; an import leaves a valid chain with one more entry. Refusals reuse
// one engagement; after an import the next case starts on a fresh one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { importFile } from '../../src-main/core/import/run-import';
import { PortcullisError } from '../../src-main/core/model/errors';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { expectUntouched } from '../unit/import-helpers';
import { fixedContext, newEngagement, tempDir } from '../unit/helpers';
import type { HostileCase } from './cases';

/** Per-case limits: wall time (also checked after the fact, for a parser that blocks the event loop) and memory. */
export const CASE_TIMEOUT_MS = 20_000;
const RSS_LIMIT = 1536 * 1024 * 1024;
const WHERE =
  /line \d+|offset \d+|position \d+|report \d+|found none|no .{1,40} (statement )?found|the file ends inside|looks cut/;

export interface Tally {
  cases: number;
  safe: number;
  refused: number;
  imported: number;
  byCode: Record<string, number>;
  slowest: { id: string; ms: number };
  maxRss: number;
}

export function newTally(): Tally {
  return { cases: 0, safe: 0, refused: 0, imported: 0, byCode: {}, slowest: { id: '', ms: 0 }, maxRss: 0 };
}

/** Defines one `it` per case, sharing an engagement between consecutive refusals. */
export function defineCases(cases: readonly HostileCase[], tally: Tally): void {
  const root = mkdtempSync(join(tmpdir(), 'portcullis-hostile-'));
  let store: EngagementStore | null = null;
  let n = 0;
  const fresh = () => {
    store?.close();
    store = newEngagement(root, `e${++n}.portcullis`);
    return store;
  };
  afterAll(() => {
    store?.close();
    rmSync(root, { recursive: true, force: true });
  });

  for (const c of cases) {
    it(
      c.id,
      async () => {
        tally.cases++;
        const s = store ?? fresh();
        const path = join(tempDir(), c.fileName);
        writeFileSync(path, c.bytes());
        const t0 = performance.now();
        let error: unknown = null;
        try {
          await importFile(s, fixedContext(), path, c.opts);
        } catch (err) {
          error = err;
        }
        const ms = performance.now() - t0;
        const rss = process.memoryUsage().rss;
        tally.maxRss = Math.max(tally.maxRss, rss);
        if (ms > tally.slowest.ms) tally.slowest = { id: c.id, ms };
        expect(ms, 'import time (ms)').toBeLessThan(CASE_TIMEOUT_MS);
        expect(rss, 'resident memory after the case').toBeLessThan(RSS_LIMIT);

        if (error !== null) {
          if (!(error instanceof PortcullisError)) throw error; // an uncaught exception: the test shows it
          expect(c.expect, `refused (${error.code}: ${error.message})`).not.toBe('import');
          if (c.code) expect(error.code).toBe(c.code);
          // A request naming an unknown format is refused before the file is read, so it names the format.
          if (error.code !== 'INVALID_REQUEST') expect(error.message).toContain(c.fileName);
          // Parse errors say where (line, byte offset, report index) unless they are about the whole file.
          if (error.code === 'PARSE_ERROR') expect(error.message).toMatch(WHERE);
          expect(error.message.length).toBeLessThan(2000);
          expectUntouched(s);
          tally.refused++;
          tally.byCode[error.code] = (tally.byCode[error.code] ?? 0) + 1;
        } else {
          expect(c.expect, 'imported').not.toBe('refuse');
          expect(verifyAuditChain(s.db)).toMatchObject({ valid: true, entries: 2 });
          tally.imported++;
          fresh();
        }
        tally.safe++;
      },
      CASE_TIMEOUT_MS * 2,
    );
  }
}

export function summary(label: string, t: Tally): string {
  const codes = Object.entries(t.byCode)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return (
    `${label}: ${t.cases} cases, ${t.safe} handled safely (${t.refused} refused with a clear error` +
    `${codes ? `: ${codes}` : ''}; ${t.imported} imported); slowest ${Math.round(t.slowest.ms)} ms (${t.slowest.id}); ` +
    `peak RSS ${Math.round(t.maxRss / 1048576)} MB`
  );
}
