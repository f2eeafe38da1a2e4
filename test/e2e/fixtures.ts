// Each test gets its own harness process on a free port with a fresh temp workspace, plus a scratch
// folder outside the workspace for input files (reachable only through the stubbed file dialog).
// Every test also fails if the page requested anything from an origin other than its harness, or if the
// harness (the core, with its job workers) tried to reach the network: it runs with network-guard.mjs,
// which refuses and records any outgoing socket, DNS lookup, UDP socket or non-loopback listener.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect } from '@playwright/test';

const repoRoot = resolve(import.meta.dirname, '../..');
const harnessBundle = join(repoRoot, 'out/main/harness.js');
const networkGuard = join(repoRoot, 'test/e2e/network-guard.mjs');
const URL_LINE = /^PORTCULLIS_HARNESS_URL=(http:\/\/127\.0\.0\.1:\d+\/)$/;
const START_TIMEOUT_MS = 20_000;

export interface HarnessHandle {
  url: string;
  origin: string;
  /** The folder the harness lists and creates engagements in. */
  workspace: string;
  /** A folder outside the workspace for files the test "chooses" in the dialog. */
  scratch: string;
  /** The paths the next native "open files" dialog will answer with. */
  queueDialogPaths(paths: string[]): Promise<void>;
  /**
   * What the next native "save" dialogs answer, in order (null: the user cancelled). Without one queued,
   * the save dialog answers with the suggested file name inside the workspace.
   */
  queueSavePaths(paths: (string | null)[]): Promise<void>;
}

export interface RequestLog {
  all: string[];
  foreign: string[];
}

function waitForUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      reject(new Error(`the harness printed no URL within ${START_TIMEOUT_MS} ms\n${stderr()}`));
    }, START_TIMEOUT_MS);
    lines.on('line', (line) => {
      const m = URL_LINE.exec(line);
      if (!m?.[1]) return;
      clearTimeout(timer);
      resolveUrl(m[1]);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the harness exited (${signal ?? code}) before it was ready\n${stderr()}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function queueDialog(harnessUrl: string, body: { paths?: string[]; save?: (string | null)[] }): Promise<void> {
  const res = await fetch(new URL('/__harness/dialog', harnessUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`queueing dialog answers failed: HTTP ${res.status} ${await res.text()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<{ harness: HarnessHandle; requests: RequestLog }>({
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use, testInfo) => {
    if (!existsSync(harnessBundle)) {
      throw new Error(`${harnessBundle} is missing: run npm run build first`);
    }
    const workspace = mkdtempSync(join(tmpdir(), 'portcullis-e2e-ws-'));
    const scratch = mkdtempSync(join(tmpdir(), 'portcullis-e2e-in-'));
    let stderr = '';
    const networkLog = join(scratch, '..', `${scratch.split(/[\\/]/).pop()}-network.log`);
    const child = spawn(
      process.execPath,
      ['--import', networkGuard, harnessBundle, '--workspace', workspace, '--port', '0', '--actor', 'e2e'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORTCULLIS_NETWORK_LOG: networkLog } },
    );
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    try {
      const url = await waitForUrl(child, () => stderr);
      await use({
        url,
        origin: new URL(url).origin,
        workspace,
        scratch,
        async queueDialogPaths(paths) {
          await queueDialog(url, { paths });
        },
        async queueSavePaths(save) {
          await queueDialog(url, { save });
        },
      });
    } finally {
      await stop(child);
      const network = existsSync(networkLog) ? readFileSync(networkLog, 'utf8') : '';
      rmSync(networkLog, { force: true });
      expect(network, 'network use by the core (harness and job workers)').toBe('');
      if (stderr) await testInfo.attach('harness-stderr', { body: stderr, contentType: 'text/plain' });
      rmSync(workspace, { recursive: true, force: true });
      rmSync(scratch, { recursive: true, force: true });
    }
  },

  baseURL: async ({ harness }, use) => {
    await use(harness.url);
  },

  requests: [
    async ({ page, harness }, use) => {
      const log: RequestLog = { all: [], foreign: [] };
      page.on('request', (request) => {
        const url = request.url();
        log.all.push(url);
        if (!url.startsWith(`${harness.origin}/`) && !url.startsWith('data:')) log.foreign.push(url);
      });
      await use(log);
      expect(log.foreign, 'requests to origins other than the harness').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
