// The shell's security settings: which page may talk to the main process, what the session may load, the
// content security policy, and the guards on every web contents. The decisions are pure functions tested
// under Node; the wiring takes Electron objects as parameters so this module imports Electron only as types.
import type { Session, WebContents } from 'electron';
import { APP_SCHEME, APP_HOST } from './app-protocol';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string | null | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

const isHttp = (u: URL) => u.protocol === 'http:' || u.protocol === 'https:';

/**
 * The dev server to load instead of the built renderer: only in an unpackaged run and only a loopback
 * http(s) URL, so an environment variable can never point a shipped app at remote content.
 */
export function devServerUrlFrom(env: Record<string, string | undefined>, isPackaged: boolean): string | null {
  if (isPackaged) return null;
  const u = parse(env['ELECTRON_RENDERER_URL']);
  if (!u || !isHttp(u) || !LOOPBACK_HOSTS.has(u.hostname)) return null;
  return u.href;
}

/**
 * Whether a frame at `frameUrl` is our own page. With a dev server (`appPageUrl` is http(s)) any page of
 * that origin is ours; otherwise only the exact page, ignoring query and hash. Everything else — other
 * files, other origins, about:blank, data:, a missing frame — is not.
 */
export function isTrustedSender(frameUrl: string | null | undefined, appPageUrl: string): boolean {
  const frame = parse(frameUrl);
  const app = parse(appPageUrl);
  if (!frame || !app) return false;
  if (isHttp(app)) return frame.origin === app.origin;
  return (
    frame.protocol === app.protocol &&
    frame.host === app.host &&
    frame.username === '' &&
    frame.password === '' &&
    frame.port === app.port &&
    frame.pathname === app.pathname
  );
}

/** The page's content security policy; the same as the renderer's meta tag, plus the dev server's socket. */
export function contentSecurityPolicy(devServerUrl: string | null = null): string {
  const connect = ["'self'"];
  const dev = parse(devServerUrl);
  if (dev && isHttp(dev)) connect.push(`${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Whether the session may make this request: the app's own scheme, DevTools and inline data, plus the
 * dev server (http and its HMR socket) when there is one. Nothing else — the app works offline by design.
 */
export function isAllowedRequest(url: string, devServerUrl: string | null): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:`) return u.host === APP_HOST;
  if (u.protocol === 'devtools:' || u.protocol === 'data:' || u.protocol === 'blob:') return true;
  const dev = parse(devServerUrl);
  if (!dev) return false;
  if (isHttp(u)) return u.origin === dev.origin;
  if (u.protocol === 'ws:' || u.protocol === 'wss:') return u.host === dev.host;
  return false;
}

/** Denies permissions, downloads and every request that is not the app's own (see isAllowedRequest). */
export function hardenSession(session: Session, devServerUrl: string | null): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setSpellCheckerEnabled(false);
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url, devServerUrl) });
  });
  if (devServerUrl) {
    // The built page gets its CSP from the protocol handler; the dev server's responses get it here.
    const devOrigin = new URL(devServerUrl).origin;
    const csp = contentSecurityPolicy(devServerUrl);
    session.webRequest.onHeadersReceived((details, callback) => {
      const u = parse(details.url);
      if (!u || u.origin !== devOrigin) {
        callback({});
        return;
      }
      const headers: Record<string, string[]> = {};
      for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
        if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
      }
      headers['Content-Security-Policy'] = [csp];
      callback({ responseHeaders: headers });
    });
  }
}

/** No navigation away from our page, no new windows, no webviews. Applied to every web contents. */
export function hardenWebContents(contents: WebContents, appPageUrl: string): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    if (!isTrustedSender(url, appPageUrl)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-frame-navigate', (event) => guard(event, event.url));
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
