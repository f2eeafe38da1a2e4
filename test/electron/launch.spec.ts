// Smoke test of the real Electron shell: the built app starts, shows its hardened window, exposes only
// window.portcullis to the page and answers host.info through IPC. Where the Electron binary or a display
// is missing (CI without ELECTRON binary download, Linux without Xvfb) it is skipped with a plain message.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = join(import.meta.dirname, '..', '..');
const mainBundle = join(root, 'out', 'main', 'index.js');

const NO_BINARY =
  'Electron binary not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); the Electron launch test was skipped';
const NO_DISPLAY = 'No display on this Linux machine (run it under xvfb-run); the Electron launch test was skipped';

/**
 * The Electron executable, or null when the package was installed without its binary. This reads what
 * `require('electron')` reads (path.txt and dist/) instead of calling it: since Electron 45, requiring
 * the package when the binary is missing starts a download, which must never happen in a test run.
 */
function electronBinary(): string | null {
  try {
    const pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
    const override = process.env['ELECTRON_OVERRIDE_DIST_PATH'];
    const binary = override ? join(override, relative || 'electron') : relative ? join(pkgDir, 'dist', relative) : '';
    return binary && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function skipReason(binary: string | null): string | null {
  if (!binary) return NO_BINARY;
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return NO_DISPLAY;
  return null;
}

test('the Electron shell starts, is hardened and answers host.info', async () => {
  const binary = electronBinary();
  const reason = skipReason(binary);
  if (reason || !binary) {
    console.log(reason);
    test.skip(true, reason ?? NO_BINARY);
    return;
  }
  expect(existsSync(mainBundle), `${mainBundle} is missing: run \`npx electron-vite build\` first`).toBe(true);

  const scratch = mkdtempSync(join(tmpdir(), 'portcullis-electron-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && key !== 'ELECTRON_RENDERER_URL' && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  env['PORTCULLIS_USER_DATA'] = join(scratch, 'user-data');
  env['PORTCULLIS_WORKSPACE'] = join(scratch, 'workspace');
  // Chromium refuses to start its sandbox as root; only then is it turned off.
  const args = process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox', mainBundle] : [mainBundle];

  const app = await electron.launch({ executablePath: binary, args, env, cwd: root });
  try {
    const page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');

    expect(page.url()).toBe('portcullis://app/index.html');
    const title = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(title).toBe('Portcullis');

    const surface = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const api = w['portcullis'] as Record<string, unknown> | undefined;
      return {
        api: typeof api,
        hostInfo: typeof api?.['host.info'],
        onEvent: typeof api?.['onEvent'],
        require: typeof w['require'],
        process: typeof w['process'],
      };
    });
    expect(surface).toEqual({
      api: 'object',
      hostInfo: 'function',
      onEvent: 'function',
      require: 'undefined',
      process: 'undefined',
    });

    const reply = await page.evaluate(() => {
      const api = (window as unknown as { portcullis: Record<string, (request: unknown) => Promise<unknown>> })
        .portcullis;
      const hostInfo = api['host.info'];
      if (!hostInfo) throw new Error('window.portcullis has no host.info');
      return hostInfo({});
    });
    expect(reply).toMatchObject({ ok: true, value: { face: 'electron', baseDir: env['PORTCULLIS_WORKSPACE'] } });

    // No network: the page's CSP and the session both refuse to reach anything outside the app.
    const fetched = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'reached',
        () => 'refused',
      ),
    );
    expect(fetched).toBe('refused');
  } finally {
    await app.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});
