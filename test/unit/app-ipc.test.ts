// The IPC door of the Electron shell, both sides, without Electron: registerIpc with a fake ipcMain and
// table, and the object the preload exposes as window.portcullis.
import { describe, expect, it, vi } from 'vitest';
import { channelNames, IPC_GRANT_DROPPED, IPC_INVOKE } from '../../src-main/api/channels';
import type { PortcullisEvent, Reply } from '../../src-main/api/contract';
import { registerDropGrants, registerIpc, type IpcInvokeEventLike, type IpcMainLike } from '../../src-main/app/ipc';
import { buildPortcullisApi } from '../../src-main/app/preload-api';
import { isTrustedSender } from '../../src-main/app/security';

const APP_PAGE = 'portcullis://app/index.html';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

function setup() {
  const handlers = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    on: (channel, listener) => {
      handlers.set(channel, listener);
    },
  };
  const reply: Reply<unknown> = { ok: true, value: { face: 'electron' } };
  const table = { invoke: vi.fn(async (_channel: string, _request: unknown) => reply) };
  registerIpc(ipcMain, table, (url) => isTrustedSender(url, APP_PAGE));
  const send = async (frameUrl: string | null, ...args: unknown[]) => {
    const listener = handlers.get(IPC_INVOKE);
    if (!listener) throw new Error('no handler registered for IPC_INVOKE');
    const senderFrame = frameUrl === null ? null : { url: frameUrl };
    return (await listener({ senderFrame }, ...args)) as Reply<unknown>;
  };
  return { handlers, table, reply, send };
}

describe('registerIpc', () => {
  it('registers exactly one handler, on IPC_INVOKE', () => {
    const { handlers } = setup();
    expect([...handlers.keys()]).toEqual([IPC_INVOKE]);
  });

  it.each([
    ['another file', 'file:///home/user/Downloads/evil.html'],
    ['a web origin', 'http://evil.example/'],
    ['an https origin', 'https://evil.example/index.html'],
    ['about:blank', 'about:blank'],
    ['a data: URL', 'data:text/html,<script>1</script>'],
    ['another page of the app scheme', 'portcullis://app/other.html'],
    ['another host of the app scheme', 'portcullis://evil/index.html'],
    ['an empty URL', ''],
  ])('refuses %s and never reaches the table', async (_label, frameUrl) => {
    const { table, send } = setup();
    const reply = await send(frameUrl, 'host.info', {});
    expect(reply).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'IPC from an untrusted frame was refused' },
    });
    expect(table.invoke).not.toHaveBeenCalled();
  });

  it('refuses a message whose frame is gone (null senderFrame)', async () => {
    const { table, send } = setup();
    const reply = await send(null, 'host.info', {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.code).toBe('FORBIDDEN');
    expect(table.invoke).not.toHaveBeenCalled();
  });

  it('passes channel and request from our page through and returns the reply', async () => {
    const { table, reply, send } = setup();
    const request = { path: 'acme.portcullis' };
    const got = await send(`${APP_PAGE}#/engagements?x=1`, 'engagement.info', request);
    expect(got).toBe(reply);
    expect(table.invoke).toHaveBeenCalledTimes(1);
    expect(table.invoke).toHaveBeenCalledWith('engagement.info', request);
  });

  it.each([['no.such.channel'], ['__proto__'], ['toString'], [42], [undefined], [{ channel: 'host.info' }]])(
    'refuses the unknown channel %j as INVALID_REQUEST',
    async (channel) => {
      const { table, send } = setup();
      const reply = await send(APP_PAGE, channel, {});
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('INVALID_REQUEST');
      expect(table.invoke).not.toHaveBeenCalled();
    },
  );

  it('answers with an INTERNAL reply if the table throws instead of replying', async () => {
    const { table, send } = setup();
    table.invoke.mockRejectedValueOnce(new Error('boom'));
    const reply = await send(APP_PAGE, 'host.info', {});
    expect(reply).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'host.info: boom' } });
  });
});

describe('buildPortcullisApi (window.portcullis)', () => {
  const noSubscribe = () => () => {};

  it('has exactly one function per channel plus onEvent', () => {
    const api = buildPortcullisApi(async () => undefined, noSubscribe);
    expect(Object.keys(api).sort()).toEqual([...channelNames, 'onEvent'].sort());
    for (const key of Object.keys(api)) expect(typeof (api as Record<string, unknown>)[key]).toBe('function');
  });

  it('forwards (channel, request) to invoke for every channel and returns its promise', async () => {
    const invoke = vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } }));
    const api = buildPortcullisApi(invoke, noSubscribe) as unknown as Record<string, (r: unknown) => Promise<unknown>>;
    for (const name of channelNames) {
      const request = { marker: name };
      const fn = api[name];
      if (!fn) throw new Error(`missing ${name}`);
      await expect(fn(request)).resolves.toEqual({ ok: true, value: { channel: name, request } });
      expect(invoke).toHaveBeenLastCalledWith(name, request);
    }
    expect(invoke).toHaveBeenCalledTimes(channelNames.length);
  });

  it('is frozen, so the page cannot swap a function', () => {
    const api = buildPortcullisApi(async () => undefined, noSubscribe);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('onEvent hands the listener only payloads and returns the unsubscribe function', () => {
    const captured: { forward?: (event: PortcullisEvent) => void } = {};
    const unsubscribe = vi.fn();
    const subscribe = vi.fn((listener: (event: PortcullisEvent) => void) => {
      captured.forward = listener;
      return unsubscribe;
    });
    const api = buildPortcullisApi(async () => undefined, subscribe);
    const seen: PortcullisEvent[] = [];
    const off = api.onEvent((event) => seen.push(event));
    const event: PortcullisEvent = {
      type: 'job.progress',
      jobId: 'j1',
      channel: 'file.add',
      done: 1,
      total: 2,
      phase: 'hashing',
    };
    if (!captured.forward) throw new Error('onEvent did not subscribe');
    captured.forward(event);
    expect(seen).toEqual([event]);
    off();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it('onEvent refuses something that is not a function', () => {
    const api = buildPortcullisApi(async () => undefined, noSubscribe);
    expect(() => api.onEvent('nope' as unknown as () => void)).toThrow(/expected a listener function/);
  });
});

describe('registerDropGrants', () => {
  function dropSetup() {
    let listener: Listener | undefined;
    const ipcMain: IpcMainLike = {
      handle: () => undefined,
      on: (channel, l) => {
        if (channel === IPC_GRANT_DROPPED) listener = l;
      },
    };
    const granted: string[] = [];
    registerDropGrants(
      ipcMain,
      (p) => granted.push(p),
      (url) => isTrustedSender(url, APP_PAGE),
    );
    const report = (frameUrl: string | null, path: unknown) =>
      listener!({ senderFrame: frameUrl === null ? null : { url: frameUrl } }, path);
    return { granted, report };
  }

  it('grants absolute, normalised paths reported by our own page', () => {
    const { granted, report } = dropSetup();
    report(APP_PAGE, '/home/qsa/scans/../scans/nmap.xml');
    expect(granted).toEqual(['/home/qsa/scans/nmap.xml']);
  });

  it.each([
    ['a foreign frame', 'https://evil.example/', '/etc/shadow'],
    ['a gone frame', null, '/etc/shadow'],
    ['a relative path', APP_PAGE, 'scans/nmap.xml'],
    ['a non-string', APP_PAGE, 42],
    ['a NUL byte', APP_PAGE, '/tmp/a\u0000b'],
  ])('ignores %s', (_label, frame, path) => {
    const { granted, report } = dropSetup();
    report(frame, path);
    expect(granted).toEqual([]);
  });
});

describe('pathForFile in the preload API', () => {
  it('is offered only when the face supplies it, and forwards to it', () => {
    const without = buildPortcullisApi(
      async () => undefined,
      () => () => undefined,
    );
    expect('pathForFile' in without).toBe(false);
    const seen: unknown[] = [];
    const withIt = buildPortcullisApi(
      async () => undefined,
      () => () => undefined,
      (file) => {
        seen.push(file);
        return '/dropped/scan.xml';
      },
    );
    const file = { name: 'scan.xml' } as unknown as File;
    expect(withIt.pathForFile?.(file)).toBe('/dropped/scan.xml');
    expect(seen).toEqual([file]);
  });
});
