// Entry of the `portcullis` command (bundled to out/main/cli.js; bin/portcullis.js loads it).
import { processIo } from './io';
import { runCli } from './run';

// Output piped into a reader that stops early (`| head`) closes the pipe: stop quietly, as Unix tools do.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const controller = new AbortController();
process.once('SIGINT', () => {
  process.stderr.write('\nportcullis: cancelling… (nothing partial is kept)\n');
  controller.abort();
});

runCli(process.argv.slice(2), processIo(), { signal: controller.signal }).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`portcullis: error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
