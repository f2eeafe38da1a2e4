// The loopback face for browser tests: serves the built renderer and a bridge that gives it
// `window.portcullis` over HTTP, backed by the same handler table as the app. Test-only, never shipped;
// it binds to 127.0.0.1, answers only to its own Host and origin, and stubs native dialogs with queues.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { channelNames } from '../api/channels';
import type { PortcullisApi, PortcullisEvent } from '../api/contract';
import { createHandlerTable } from '../api/handlers';
import { workspacePolicy, type Host } from '../api/host';
import { WorkerJobRunner, defaultWorkerUrl } from '../api/jobs/job-runner';

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const MAX_BODY = 1024 * 1024;
/** Events kept for a reconnecting EventSource (it sends Last-Event-ID). */
const REPLAY_LIMIT = 1000;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface HarnessOptions {
  rendererDir: string;
  workspaceDir: string;
  /** 0 picks a free port. */
  port: number;
  actor?: string;
  /** The job worker; defaults to the one beside the handler table (built or source). */
  workerUrl?: URL;
}

export interface Harness {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Runs in the page, not here: the harness sends this function's source as /__harness/bridge.js. Written
 * as a function so the compiler checks it against the DOM and the API type; it must not refer to
 * anything outside itself. Every call waits until the event stream is open, so no job event can be
 * emitted before the page is listening.
 */
function installBridge(channels: readonly string[]): void {
  const listeners = new Set<(event: PortcullisEvent) => void>();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (markReady = r));
  const source = new EventSource('/api/events');
  source.addEventListener('open', () => markReady());
  // If the stream cannot open, calls still go through; only events would be missed.
  source.addEventListener('error', () => markReady());
  source.addEventListener('message', (message: MessageEvent<string>) => {
    let event: PortcullisEvent;
    try {
      event = JSON.parse(message.data) as PortcullisEvent;
    } catch {
      return;
    }
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error('portcullis event listener failed', err);
      }
    }
  });

  const invoke = async (channel: string, request: unknown) => {
    await ready;
    let res: Response;
    try {
      res = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel, request: request ?? {} }),
      });
    } catch (err) {
      return { ok: false, error: { code: 'IO_ERROR', message: `the test harness is unreachable (${String(err)})` } };
    }
    if (!res.ok) {
      return { ok: false, error: { code: 'INTERNAL', message: `the test harness answered HTTP ${res.status}` } };
    }
    return (await res.json()) as unknown;
  };

  const api: Record<string, unknown> = {
    onEvent(listener: (event: PortcullisEvent) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  for (const channel of channels) api[channel] = (request: unknown) => invoke(channel, request);
  Object.defineProperty(window, 'portcullis', { value: Object.freeze(api as PortcullisApi), enumerable: true });
}

export function bridgeScript(): string {
  return `(${installBridge.toString()})(${JSON.stringify(channelNames)});\n`;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) {
      reject(new HttpError(413, `request body over ${MAX_BODY} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY) {
        failed = true;
        reject(new HttpError(413, `request body over ${MAX_BODY} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (failed) return;
      try {
        resolveBody(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'the request body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const rendererDir = resolve(options.rendererDir);
  const workspaceDir = resolve(options.workspaceDir);
  const indexHtml = await readFile(resolve(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`${rendererDir}: no index.html; build the renderer first (npm run build)`);
  });
  const bridge = bridgeScript();
  const page = injectBridge(indexHtml);

  const sseClients = new Set<ServerResponse>();
  const recent: { id: number; data: string }[] = [];
  let nextEventId = 1;
  const emit = (event: PortcullisEvent) => {
    const entry = { id: nextEventId++, data: JSON.stringify(event) };
    recent.push(entry);
    if (recent.length > REPLAY_LIMIT) recent.shift();
    for (const client of sseClients) client.write(`id: ${entry.id}\ndata: ${entry.data}\n\n`);
  };

  const dialogQueue: string[] = [];
  /** What the next save dialogs answer (null: cancelled); when empty, the suggested name in the workspace. */
  const saveQueue: (string | null)[] = [];
  const host: Host = {
    face: 'harness',
    actor: options.actor ?? 'harness',
    baseDir: workspaceDir,
    // Test-only: identities live in a temp folder of their own, never in the user's.
    identityDir: mkdtempSync(join(tmpdir(), 'portcullis-harness-identities-')),
    now: () => new Date().toISOString(),
    dialogs: {
      openFiles: async () => dialogQueue.splice(0),
      saveFile: async (_title, name) => {
        const next = saveQueue.shift();
        return next === undefined ? join(workspaceDir, name) : next;
      },
    },
    ...workspacePolicy(workspaceDir),
    emit,
  };
  const table = createHandlerTable(host, new WorkerJobRunner(emit, options.workerUrl ?? defaultWorkerUrl()));

  let port = options.port;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const serveStatic = async (res: ServerResponse, pathname: string, head: boolean) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      throw new HttpError(400, 'malformed path');
    }
    if (decoded.includes('\0')) throw new HttpError(400, 'malformed path');
    if (decoded === '/' || decoded === '/index.html') {
      res.writeHead(200, { 'content-type': contentTypes['.html'], 'content-length': Buffer.byteLength(page) });
      res.end(head ? undefined : page);
      return;
    }
    const file = resolve(rendererDir, `.${decoded}`);
    if (!file.startsWith(rendererDir + sep)) throw new HttpError(404, 'not found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new HttpError(404, 'not found');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
    });
    res.end(head ? undefined : body);
  };

  const openEvents = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write(': connected\n\n');
    const lastId = Number(req.headers['last-event-id']);
    if (Number.isInteger(lastId)) {
      for (const e of recent) if (e.id > lastId) res.write(`id: ${e.id}\ndata: ${e.data}\n\n`);
    }
    sseClients.add(res);
    req.on('close', () => sseClients.delete(res));
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 arrives with its own Host.
    if (!allowedHosts().includes(req.headers.host ?? '')) throw new HttpError(421, 'unexpected Host header');
    // Cross-site requests from pages on other origins (simple POSTs need no preflight).
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) throw new HttpError(403, 'cross-origin request');
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'cross-site request');

    const url = new URL(req.url ?? '/', `http://${allowedHosts()[0]}`);
    const method = req.method ?? 'GET';
    const isJson = (req.headers['content-type'] ?? '').split(';')[0]?.trim() === 'application/json';

    if (url.pathname === '/api/invoke' || url.pathname === '/__harness/dialog') {
      if (method !== 'POST') throw new HttpError(405, 'use POST');
      if (!isJson) throw new HttpError(415, 'expected Content-Type: application/json');
      const body = await readJsonBody(req);
      if (!isObject(body)) throw new HttpError(400, 'expected a JSON object');
      if (url.pathname === '/__harness/dialog') {
        const paths = body.paths ?? [];
        const saves = body.save ?? [];
        if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string')) {
          throw new HttpError(400, 'expected {"paths": ["..."]} for open dialogs');
        }
        if (!Array.isArray(saves) || !saves.every((p) => typeof p === 'string' || p === null)) {
          throw new HttpError(400, 'expected {"save": ["...", null]} for save dialogs (null: cancelled)');
        }
        dialogQueue.push(...paths);
        saveQueue.push(...saves);
        res.writeHead(204).end();
        return;
      }
      if (typeof body.channel !== 'string') throw new HttpError(400, 'expected {"channel": "...", "request": {...}}');
      send(res, 200, JSON.stringify(await table.invoke(body.channel, body.request)), 'application/json; charset=utf-8');
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    if (url.pathname === '/api/events') return openEvents(req, res);
    if (url.pathname === '/__harness/bridge.js') return send(res, 200, bridge, contentTypes['.js']);
    if (url.pathname === '/__harness/channels')
      return send(res, 200, JSON.stringify(channelNames), contentTypes['.json']);
    return serveStatic(res, url.pathname, method === 'HEAD');
  };

  const server = createServer((req, res) => {
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    route(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (res.headersSent) res.destroy();
      else send(res, status, `${status} ${message}\n`);
      if (status === 413) req.resume();
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close() {
      closing ??= (async () => {
        for (const client of sseClients) client.end();
        sseClients.clear();
        await new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        });
        await table.close();
      })();
      return closing;
    },
  };
}

/** Puts the bridge before the page's first script, so `window.portcullis` exists when the app starts. */
export function injectBridge(html: string): string {
  const tag = '<script src="/__harness/bridge.js"></script>';
  const at = html.search(/<script\b/i);
  if (at >= 0) return `${html.slice(0, at)}${tag}\n    ${html.slice(at)}`;
  return html.replace(/<\/head>/i, `${tag}</head>`);
}
