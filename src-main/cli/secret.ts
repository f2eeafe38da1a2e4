// Passphrases on the command line, never from argv: a file named by an option (first line), an
// environment variable, or a prompt on the terminal that does not echo what is typed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from './io';

/** Reads one line from the terminal without echoing it; rejects on Ctrl-C. */
export function promptSecret(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((done, fail) => {
    let value = '';
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    const finish = (err: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (err) fail(err);
      else done(value);
    };
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === '\r' || c === '\n') return finish(null);
        if (c === '\u0003' || c === '\u0004') return finish(new Error('no passphrase given (cancelled)'));
        if (c === '\u007f' || c === '\b') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

export interface SecretSource {
  /** The option naming a file that holds it (first line). */
  fileOption: string | undefined;
  envName: string;
  prompt: string;
  /** Ask twice on a terminal (a new passphrase). */
  confirm?: boolean;
}

export async function readSecret(io: CliIo, cwd: string, s: SecretSource): Promise<string> {
  if (s.fileOption !== undefined) {
    let text: string;
    try {
      text = readFileSync(resolve(cwd, s.fileOption), 'utf8');
    } catch (err) {
      throw new Error(`${s.fileOption}: cannot read the passphrase file (${(err as NodeJS.ErrnoException).code})`);
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const env = io.env[s.envName];
  if (env !== undefined && env !== '') return env;
  if (!io.readSecret) {
    throw new Error(
      `a passphrase is needed: give a file with --passphrase-file, set ${s.envName}, or run on a terminal`,
    );
  }
  const first = await io.readSecret(s.prompt);
  if (s.confirm) {
    const again = await io.readSecret('Again, to confirm: ');
    if (again !== first) throw new Error('the two passphrases differ');
  }
  return first;
}
