// Entry of the test harness (out/main/harness.js): starts the loopback face and prints the one line
// the Playwright fixture waits for. Usage:
//   node out/main/harness.js --workspace DIR [--port N] [--renderer DIR] [--actor NAME]
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHarness } from './server';

function fail(message: string): never {
  process.stderr.write(`portcullis harness: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        workspace: { type: 'string' },
        port: { type: 'string', default: '0' },
        renderer: { type: 'string' },
        actor: { type: 'string', default: 'harness' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (!values.workspace) fail('--workspace DIR is required');
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port: expected 0..65535, got "${values.port}"`);
  mkdirSync(values.workspace, { recursive: true });

  // Built, the renderer sits beside out/main; run from source (tsx), use the last build's.
  const fromSource = import.meta.url.endsWith('.ts');
  const harness = await startHarness({
    workspaceDir: values.workspace,
    port,
    rendererDir:
      values.renderer ?? fileURLToPath(new URL(fromSource ? '../../out/renderer/' : '../renderer/', import.meta.url)),
    actor: values.actor,
  });
  process.stdout.write(`PORTCULLIS_HARNESS_URL=${harness.url}\n`);

  const stop = () => {
    harness.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`portcullis harness: error while closing: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
