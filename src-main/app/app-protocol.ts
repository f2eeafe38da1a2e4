// Serves the built renderer over a privileged `portcullis://app/` scheme instead of file://. With the
// grantFileProtocolExtraPrivileges fuse off (release builds), file:// pages get Chromium's rules and cannot
// load Vite's module scripts; a custom scheme also confines the page to the renderer folder, where a
// file:// page could read any file on the machine.
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';

export const APP_SCHEME = 'portcullis';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_PAGE_URL = `${APP_ORIGIN}/index.html`;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Must run before the app is ready; Electron honours only one call, so every scheme goes here. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

/**
 * The file inside `rootDir` that a `portcullis://app/...` URL names, or null when the URL is for another
 * scheme or host, cannot be decoded, or would leave `rootDir`.
 */
export function resolveAppAsset(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = resolve(rootDir);
  const abs = resolve(root, `.${rel}`);
  return abs.startsWith(root + sep) ? abs : null;
}

/** Answers one request for the app's own files, with the page's CSP on every response. */
export async function serveAppAsset(
  rootDir: string,
  request: { url: string; method: string },
  csp: string,
): Promise<Response> {
  const baseHeaders = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response(null, { status: 405, headers: { ...baseHeaders, allow: 'GET, HEAD' } });
  }
  const path = resolveAppAsset(rootDir, request.url);
  if (!path) return new Response(null, { status: 404, headers: baseHeaders });
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    return new Response(null, { status: 404, headers: baseHeaders });
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...baseHeaders, 'content-type': contentTypeFor(path) },
  });
}

/** Call once the app is ready: the default session then serves `portcullis://app/` from `rootDir`. */
export function handleAppScheme(protocol: Pick<Protocol, 'handle'>, rootDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppAsset(rootDir, request, csp));
}
