// Small readers of parsed command-line arguments shared by the command tables.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParsedArgs } from './commands';

export const str = (v: ParsedArgs['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);

/** The first positional argument: the engagement file for every command that takes one. */
export const path0 = (a: ParsedArgs): string => a.positionals[0] ?? '';

/** Reads a JSON document the command names, resolved against `cwd`; errors name the file and the cause. */
export function readJsonFile(cwd: string, file: string | undefined, what: string): unknown {
  if (!file) throw new Error(`${what}: a JSON file is required`);
  let text: string;
  try {
    text = readFileSync(resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
}
