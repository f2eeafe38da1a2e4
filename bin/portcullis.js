#!/usr/bin/env node
// The `portcullis` command: runs the built CLI (npm run build makes out/main/cli.js).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write(
    'portcullis: error: the CLI is not built yet; run "npm run build" in the Portcullis folder first\n',
  );
  process.exit(1);
}
await import(cli.href);
