// Runs the CLI in-process for unit tests: argv in, exit status and what was printed out.
import { join } from 'node:path';
import { InlineJobRunner } from '../../src-main/api/jobs/job-runner';
import type { CliIo } from '../../src-main/cli/io';
import { runCli } from '../../src-main/cli/run';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * `portcullis ARGV...` with `cwd` as the working folder. Jobs run inline unless `workers` is set (the
 * built worker is then used, as the real CLI does).
 */
export async function runCliIn(
  cwd: string,
  argv: string[],
  opts: { env?: Record<string, string>; workers?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    isTty: false,
    cwd,
    // The user's own Portcullis folder is never touched by a test: the default home is inside cwd.
    env: opts.env ?? { PORTCULLIS_HOME: join(cwd, '.portcullis-home') },
  };
  const status = await runCli(argv, io, opts.workers ? {} : { jobs: (emit) => new InlineJobRunner(emit) });
  return { status, stdout, stderr };
}
