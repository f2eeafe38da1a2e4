// The standard shipped with Portcullis (resources/standard/), validated like any other standard. Each new
// engagement adopts a copy of it; later edits change only that engagement's copy.
import shipped from '../../../resources/standard/portcullis-default.json';
import { parseStandard } from './validate';
import type { StandardDocument } from './schema';

export const DEFAULT_STANDARD_FILE = 'resources/standard/portcullis-default.json';

export function defaultStandard(): StandardDocument {
  return parseStandard(structuredClone(shipped), DEFAULT_STANDARD_FILE);
}
