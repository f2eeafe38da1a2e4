// The Electron shell's security decisions under plain Node: which frame is trusted, what the session may
// load, the CSP, the app scheme's file serving, the guards wired onto web contents and session, and a
// menu without DevTools in a packaged app.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Session, WebContents } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { APP_PAGE_URL, contentTypeFor, resolveAppAsset, serveAppAsset } from '../../src-main/app/app-protocol';
import { menuTemplate } from '../../src-main/app/menu';
import {
  contentSecurityPolicy,
  devServerUrlFrom,
  hardenSession,
  hardenWebContents,
  isAllowedRequest,
  isTrustedSender,
} from '../../src-main/app/security';

const DEV = 'http://localhost:5173/';
const FILE_PAGE = pathToFileURL(join(tmpdir(), 'app', 'out', 'renderer', 'index.html')).href;

describe('isTrustedSender', () => {
  it.each([
    [APP_PAGE_URL, true],
    [`${APP_PAGE_URL}#/engagements/1`, true],
    [`${APP_PAGE_URL}?view=files`, true],
    [`${APP_PAGE_URL}?a=1#b`, true],
    ['portcullis://app/other.html', false],
    ['portcullis://app/', false],
    ['portcullis://evil/index.html', false],
    ['portcullis://user:pw@app/index.html', false],
    ['http://evil.example/index.html', false],
    ['https://app/index.html', false],
    ['file:///index.html', false],
    ['about:blank', false],
    ['data:text/html,hi', false],
    ['', false],
    [null, false],
    [undefined, false],
    ['not a url', false],
  ])('app scheme page: %j -> %s', (frameUrl, trusted) => {
    expect(isTrustedSender(frameUrl, APP_PAGE_URL)).toBe(trusted);
  });

  it.each([
    [FILE_PAGE, true],
    [`${FILE_PAGE}#/x`, true],
    [`${FILE_PAGE}?q=1`, true],
    [FILE_PAGE.replace('index.html', 'other.html'), false],
    [FILE_PAGE.replace('/renderer/', '/main/'), false],
    ['file:///etc/passwd', false],
    ['http://evil/', false],
    ['about:blank', false],
    [null, false],
  ])('file:// page: %j -> %s', (frameUrl, trusted) => {
    expect(isTrustedSender(frameUrl, FILE_PAGE)).toBe(trusted);
  });

  it.each([
    ['http://localhost:5173/', true],
    ['http://localhost:5173/index.html#/x', true],
    ['http://localhost:5174/', false],
    ['http://127.0.0.1:5173/', false],
    ['https://localhost:5173/', false],
    ['http://evil/', false],
    [APP_PAGE_URL, false],
    ['about:blank', false],
    [null, false],
  ])('dev server: %j -> %s', (frameUrl, trusted) => {
    expect(isTrustedSender(frameUrl, DEV)).toBe(trusted);
  });
});

describe('devServerUrlFrom', () => {
  it('is ignored in a packaged app', () => {
    expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: DEV }, true)).toBeNull();
  });
  it('accepts a loopback http(s) URL in an unpackaged run', () => {
    expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: 'http://localhost:5173' }, false)).toBe(DEV);
    expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/' }, false)).toBe('http://127.0.0.1:5173/');
  });
  it.each([['https://evil.example/'], ['file:///tmp/x.html'], ['javascript:alert(1)'], ['nonsense'], ['']])(
    'refuses %j',
    (url) => {
      expect(devServerUrlFrom({ ELECTRON_RENDERER_URL: url }, false)).toBeNull();
    },
  );
  it('is null when unset', () => {
    expect(devServerUrlFrom({}, false)).toBeNull();
  });
});

describe('contentSecurityPolicy', () => {
  it('matches the renderer meta policy in production', () => {
    expect(contentSecurityPolicy()).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });
  it('adds only the dev server socket to connect-src in dev', () => {
    const csp = contentSecurityPolicy(DEV);
    expect(csp).toContain("connect-src 'self' ws://localhost:5173;");
    expect(csp.replace(' ws://localhost:5173', '')).toBe(contentSecurityPolicy());
  });
});

describe('isAllowedRequest', () => {
  it.each([
    ['portcullis://app/index.html', null, true],
    ['portcullis://app/assets/index-abc.js', null, true],
    ['portcullis://other/index.html', null, false],
    ['devtools://devtools/bundled/inspector.html', null, true],
    ['data:image/png;base64,AAAA', null, true],
    ['file:///etc/passwd', null, false],
    ['https://example.com/', null, false],
    ['http://localhost:5173/', null, false],
    ['ws://localhost:5173/', null, false],
    ['http://localhost:5173/src/main.tsx', DEV, true],
    ['ws://localhost:5173/?token=x', DEV, true],
    ['http://localhost:5174/', DEV, false],
    ['https://example.com/', DEV, false],
    ['ftp://example.com/', DEV, false],
    ['garbage', DEV, false],
  ])('%s (dev server %s) -> %s', (url, dev, allowed) => {
    expect(isAllowedRequest(url, dev)).toBe(allowed);
  });
});

describe('the portcullis:// app scheme', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'portcullis-renderer-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Portcullis</title>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'export {};');
    writeFileSync(join(root, '..', `${root.split(sep).pop()}-secret.txt`), 'secret');
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(root, '..', `${root.split(sep).pop()}-secret.txt`), { force: true });
  });

  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppAsset(root, 'portcullis://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'portcullis://app/')).toBe(join(root, 'index.html'));
    expect(resolveAppAsset(root, 'portcullis://app/assets/index-abc.js?v=1#x')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
  });

  it('collapses dot segments inside the folder, as the URL parser does', () => {
    expect(resolveAppAsset(root, 'portcullis://app/../secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppAsset(root, 'portcullis://app/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
  });

  it.each([
    ['portcullis://app/assets/%2e%2e%2f%2e%2e%2fsecret.txt'],
    ['portcullis://app/..%2fsecret.txt'],
    ['portcullis://app/..%5csecret.txt'],
    ['portcullis://app/index.html%00.js'],
    ['portcullis://app/%E0%A4%A'],
    ['portcullis://other/index.html'],
    ['portcullis://app:8080/index.html'],
    ['file:///etc/passwd'],
    ['https://app/index.html'],
    ['not a url'],
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });

  it('never resolves outside the folder', () => {
    const secretName = `${root.split(sep).pop()}-secret.txt`;
    for (const url of [`portcullis://app/../${secretName}`, `portcullis://app/%2e%2e%2f${secretName}`]) {
      const got = resolveAppAsset(root, url);
      expect(got === null || got.startsWith(root + sep)).toBe(true);
    }
  });

  it('serves a module script with a JavaScript type and the CSP', async () => {
    const res = await serveAppAsset(root, { url: 'portcullis://app/assets/index-abc.js', method: 'GET' }, 'csp-here');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe('csp-here');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('export {};');
  });

  it('answers 404 for a missing file or a traversal, and 405 for other methods', async () => {
    const missing = await serveAppAsset(root, { url: 'portcullis://app/nope.js', method: 'GET' }, 'c');
    expect(missing.status).toBe(404);
    const secretName = `${root.split(sep).pop()}-secret.txt`;
    const traversal = await serveAppAsset(root, { url: `portcullis://app/%2e%2e%2f${secretName}`, method: 'GET' }, 'c');
    expect(traversal.status).toBe(404);
    const post = await serveAppAsset(root, { url: 'portcullis://app/index.html', method: 'POST' }, 'c');
    expect(post.status).toBe(405);
  });

  it('knows the types the renderer build emits', () => {
    expect(contentTypeFor('a/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('a/x.CSS')).toMatch(/^text\/css/);
    expect(contentTypeFor('a/font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a/unknown.bin')).toBe('application/octet-stream');
  });
});

type Handler = (...args: unknown[]) => unknown;

describe('hardenWebContents', () => {
  function fakeContents() {
    const on = new Map<string, Handler>();
    let openHandler: Handler | null = null;
    const contents = {
      on: (name: string, fn: Handler) => {
        on.set(name, fn);
        return contents;
      },
      setWindowOpenHandler: (fn: Handler) => {
        openHandler = fn;
      },
    };
    hardenWebContents(contents as unknown as WebContents, APP_PAGE_URL);
    const fire = (name: string, url: string) => {
      const event = { url, preventDefault: vi.fn() };
      const fn = on.get(name);
      if (!fn) throw new Error(`no ${name} handler`);
      fn(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    return { fire, openHandler: () => openHandler };
  }

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])(
    '%s: blocks other URLs, allows our page',
    (name) => {
      const { fire } = fakeContents();
      expect(fire(name, 'https://evil.example/')).toBe(true);
      expect(fire(name, 'file:///etc/passwd')).toBe(true);
      expect(fire(name, 'about:blank')).toBe(true);
      expect(fire(name, `${APP_PAGE_URL}#/files`)).toBe(false);
    },
  );

  it('refuses webviews and new windows', () => {
    const { fire, openHandler } = fakeContents();
    expect(fire('will-attach-webview', APP_PAGE_URL)).toBe(true);
    const handler = openHandler();
    expect(handler).not.toBeNull();
    expect(handler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });
});

describe('hardenSession', () => {
  function fakeSession() {
    const calls: Record<string, Handler> = {};
    const session = {
      setPermissionRequestHandler: (fn: Handler) => (calls['request'] = fn),
      setPermissionCheckHandler: (fn: Handler) => (calls['check'] = fn),
      setDevicePermissionHandler: (fn: Handler) => (calls['device'] = fn),
      setSpellCheckerEnabled: vi.fn(),
      on: (name: string, fn: Handler) => (calls[`on:${name}`] = fn),
      webRequest: {
        onBeforeRequest: (fn: Handler) => (calls['beforeRequest'] = fn),
        onHeadersReceived: (fn: Handler) => (calls['headers'] = fn),
      },
    };
    return { session, calls };
  }
  const call = (fn: Handler | undefined, ...args: unknown[]) => {
    if (!fn) throw new Error('handler not installed');
    return fn(...args);
  };

  it('denies every permission, download and outside request in production', () => {
    const { session, calls } = fakeSession();
    hardenSession(session as unknown as Session, null);
    const granted = vi.fn();
    call(calls['request'], {}, 'media', granted, {});
    expect(granted).toHaveBeenCalledWith(false);
    expect(call(calls['check'], null, 'clipboard-read', 'x', {})).toBe(false);
    expect(call(calls['device'], {})).toBe(false);
    expect(session.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
    const download = { preventDefault: vi.fn() };
    call(calls['on:will-download'], download);
    expect(download.preventDefault).toHaveBeenCalled();

    const decide = (url: string) => {
      let answer: unknown;
      call(calls['beforeRequest'], { url }, (r: unknown) => (answer = r));
      return answer;
    };
    expect(decide('https://example.com/')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide(APP_PAGE_URL)).toEqual({ cancel: false });
    expect(calls['headers']).toBeUndefined();
  });

  it('puts the CSP header on dev server responses only', () => {
    const { session, calls } = fakeSession();
    hardenSession(session as unknown as Session, DEV);
    const answer = (url: string, responseHeaders: Record<string, string[]>) => {
      let got: unknown;
      call(calls['headers'], { url, responseHeaders }, (r: unknown) => (got = r));
      return got as { responseHeaders?: Record<string, string[]> };
    };
    const dev = answer('http://localhost:5173/', { 'content-type': ['text/html'], 'Content-Security-Policy': ['x'] });
    expect(dev.responseHeaders?.['Content-Security-Policy']).toEqual([contentSecurityPolicy(DEV)]);
    expect(dev.responseHeaders?.['content-type']).toEqual(['text/html']);
    expect(
      Object.keys(dev.responseHeaders ?? {}).filter((k) => k.toLowerCase() === 'content-security-policy'),
    ).toHaveLength(1);
    expect(answer('https://elsewhere.example/', {})).toEqual({});
  });
});

describe('menuTemplate', () => {
  const roles = (packaged: boolean, isMac = false) =>
    JSON.stringify(
      menuTemplate({
        appName: 'Portcullis',
        isPackaged: packaged,
        isMac,
        onAbout: () => {},
        onCommand: () => {},
        recent: [],
        onOpenRecent: () => {},
      }),
    );

  it('has no reload or DevTools in a packaged app', () => {
    for (const isMac of [false, true]) {
      const packaged = roles(true, isMac);
      expect(packaged).not.toMatch(/toggleDevTools|"reload"|forceReload/);
      expect(roles(false, isMac)).toMatch(/toggleDevTools/);
    }
  });

  it('offers Quit and About', () => {
    const template = menuTemplate({
      appName: 'Portcullis',
      isPackaged: true,
      isMac: false,
      onAbout: vi.fn(),
      onCommand: vi.fn(),
      recent: [],
      onOpenRecent: vi.fn(),
    });
    expect(JSON.stringify(template)).toContain('"role":"quit"');
    const help = template.find((m) => m.label === 'Help');
    const about = Array.isArray(help?.submenu) ? help.submenu[0] : undefined;
    expect(about?.label).toBe('About Portcullis');
  });

  it('offers the engagement commands with their shortcuts, each sent as one menu command', () => {
    const onCommand = vi.fn();
    const template = menuTemplate({
      appName: 'Portcullis',
      isPackaged: true,
      isMac: false,
      onAbout: vi.fn(),
      onCommand,
      recent: [],
      onOpenRecent: vi.fn(),
    });
    const items = template.flatMap((m) => (Array.isArray(m.submenu) ? m.submenu : []));
    const shortcuts = Object.fromEntries(items.filter((i) => i.click).map((i) => [i.label, i.accelerator ?? null]));
    expect(shortcuts).toEqual({
      'New Engagement…': 'CmdOrCtrl+N',
      'Open…': 'CmdOrCtrl+O',
      'Open Sample Engagement': null,
      'Import Files…': 'CmdOrCtrl+I',
      'Export…': 'CmdOrCtrl+E',
      'Verify Package…': 'CmdOrCtrl+Shift+V',
      Find: 'CmdOrCtrl+F',
      'About Portcullis': null,
    });
    for (const item of items.filter((i) => i.click && i.label !== 'About Portcullis')) {
      (item.click as () => void)();
    }
    expect(onCommand.mock.calls.map((c) => c[0])).toEqual([
      'new',
      'open',
      'sample',
      'import',
      'export',
      'verify',
      'find',
    ]);
  });
});
