// The CLI's view of its terminal, so runs can be tested in-process with captured output.
import { promptSecret } from './secret';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is an interactive terminal (progress lines are drawn only then). */
  isTty: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Asks for a secret on the terminal without echo; absent when stdin is not a terminal. */
  readSecret?: (prompt: string) => Promise<string>;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTty: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    env: process.env,
    ...(process.stdin.isTTY ? { readSecret: promptSecret } : {}),
  };
}
