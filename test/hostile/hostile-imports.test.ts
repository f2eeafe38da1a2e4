// Hostile imports: cut, re-encoded, junk-filled, huge, deeply nested and wrongly forced files (see cases.ts)
// through the real import runner. Every case is refused with a clear error or imported safely.
import { afterAll, describe } from 'vitest';
import { corpusAvailable } from '../unit/import-helpers';
import { importCases } from './cases';
import { defineCases, newTally, summary } from './run-case';

const tally = newTally();
if (!corpusAvailable) console.warn('[hostile] ../shared/corpus is absent: the corpus-derived cases are SKIPPED');

describe('hostile imports', () => {
  defineCases(importCases(), tally);
});

afterAll(() => {
  console.log(summary('hostile inputs', tally));
});
