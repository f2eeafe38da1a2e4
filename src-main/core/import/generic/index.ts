// Generic inputs: CSV with a column mapping.
import type { FormatSpec } from '../types';
import { genericCsv } from './csv';

export const genericFormats: FormatSpec[] = [genericCsv];
