// XML entity attacks on every XML root the importer knows: billion laughs, quadratic blowup, external
// entities (file:// and http://), parameter entities, external DTDs, XInclude and DOCTYPE tricks. Nothing is
// fetched or expanded: each is refused with a clear error, or imported without the entity's content.
import { afterAll, describe } from 'vitest';
import { entityCases } from './cases';
import { defineCases, newTally, summary } from './run-case';

const tally = newTally();

describe('hostile XML', () => {
  defineCases(entityCases(), tally);
});

afterAll(() => {
  console.log(summary('hostile XML inputs', tally));
});
