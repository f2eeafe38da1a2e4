// Small readers of parsed command-line arguments shared by the command tables.
import type { ParsedArgs } from './commands';

export const str = (v: ParsedArgs['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** The first positional argument: the engagement file for every command that takes one. */
export const path0 = (a: ParsedArgs): string => a.positionals[0] ?? '';
