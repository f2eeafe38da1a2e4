// Helpers for parser tests: run a format's parser over text in memory (no database), import a file
// into a temp engagement, and find the shared corpus of real tool outputs (tests say when it is absent).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDecoder, sniffEncoding } from '../../src-main/core/import/decode';
import { importFile, type ImportOptions } from '../../src-main/core/import/run-import';
import { ParseError, type FormatSpec, type ParserOptions } from '../../src-main/core/import/types';
import type { HostSeen, Observation, ParseNote } from '../../src-main/core/model/observation';
import type { Rule, RulesetPolicy } from '../../src-main/core/model/rule';
import type { Ticket } from '../../src-main/core/model/ticket';
import { expect } from 'vitest';
import { verifyAuditChain } from '../../src-main/core/store/audit-log';
import type { EngagementStore } from '../../src-main/core/store/engagement-store';
import { newEngagement, fixedContext, tempDir } from './helpers';

const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const corpusDir = process.env.PORTCULLIS_CORPUS ?? join(repoRoot, '..', 'shared', 'corpus');
export const corpusAvailable = existsSync(join(corpusDir, 'MANIFEST.tsv'));
if (!corpusAvailable) {
  console.warn(`[corpus] ${corpusDir} is absent: tests on real tool outputs are SKIPPED (set PORTCULLIS_CORPUS)`);
}

export function corpus(rel: string): string {
  return join(corpusDir, rel);
}

export interface Parsed {
  rules: Rule[];
  tickets: Ticket[];
  policies: RulesetPolicy[];
  observations: Observation[];
  hosts: HostSeen[];
  notes: ParseNote[];
  meta: Record<string, string>;
}

/**
 * Runs `spec`'s parser over `input` as the import runner would (same decoding), feeding it in pieces of
 * `pieceSize` characters so that chunk boundaries fall everywhere.
 */
export function parseWith(
  spec: FormatSpec,
  input: string | Buffer,
  options: Partial<ParserOptions> = {},
  pieceSize = 4093,
): Parsed {
  const out: Parsed = { rules: [], tickets: [], policies: [], observations: [], hosts: [], notes: [], meta: {} };
  const parser = spec.create(
    {
      observation: (o) => out.observations.push(o),
      host: (h) => out.hosts.push(h),
      note: (n) => out.notes.push(n),
      meta: (k, v) => {
        out.meta[k] = v;
      },
      rule: (r) => out.rules.push(r),
      policy: (p) => out.policies.push(p),
      ticket: (t) => out.tickets.push(t),
    },
    { fileName: options.fileName ?? 'input', hostName: options.hostName ?? null, columns: options.columns ?? null },
  );
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const { encoding, bom } = sniffEncoding(bytes);
  const decoder = createDecoder(encoding, bom);
  for (let off = 0; off < bytes.length; off += pieceSize) {
    parser.write(decoder.decode(bytes.subarray(off, off + pieceSize), off));
  }
  const tail = decoder.flush();
  if (tail) parser.write(tail);
  parser.end();
  return out;
}

/** Imports a file into a fresh engagement through the real runner; returns the store for queries. */
export async function importInto(path: string, opts: ImportOptions = {}) {
  const store = newEngagement(tempDir());
  const result = await importFile(store, fixedContext(), path, opts);
  return { store, result };
}

/** Counts observations by a key, for compact assertions: countBy(obs, o => o.state) -> { open: 3 }. */
export function countBy<T>(items: readonly T[], key: (t: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) {
    const k = key(it) ?? '(null)';
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** Runs `fn` and returns the ParseError it throws; fails the test if it throws nothing or something else. */
export function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ParseError) return err;
    throw err;
  }
  throw new Error('expected a ParseError');
}

/**
 * A failed import must leave the engagement as it was: no import, observation, host, note, rule, policy,
 * artifact or stored file, and the audit chain still holding only the engagement's creation.
 */
export function expectUntouched(store: EngagementStore): void {
  const tables = [
    'import',
    'observation',
    'scan_host',
    'parse_note',
    'rule',
    'ruleset_policy',
    'ticket',
    'artifact',
    'artifact_chunk',
    'stored_file',
  ];
  for (const t of tables) expect(store.db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
  expect(verifyAuditChain(store.db)).toMatchObject({ valid: true, entries: 1 });
}

/** MANIFEST.tsv rows of the corpus: category, format column, file (relative to the corpus). */
export function manifest(): { category: string; format: string; file: string }[] {
  return readFileSync(join(corpusDir, 'MANIFEST.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t'))
    .map(([category = '', format = '', file = '']) => ({ category, format, file }));
}

/** Corpus files whose MANIFEST format column matches `format`. */
export function manifestFiles(format: RegExp): string[] {
  return manifest()
    .filter((r) => format.test(r.format))
    .map((r) => r.file);
}

/** Ruleset default policies, leaving out the 'return' markers that only say a user chain exists. */
export function defaultPolicies(out: { policies: RulesetPolicy[] }): RulesetPolicy[] {
  return out.policies.filter((p) => p.policy !== 'return');
}
