// The one IPC door from the renderer to the handler table. Registered through a tiny `IpcMainLike` so the
// checks here run in unit tests without Electron: a request from any frame other than our own page is
// refused before it reaches the table, and the channel must be one the contract knows.
import { isAbsolute, resolve } from 'node:path';
import { channelNames, IPC_GRANT_DROPPED, IPC_INVOKE, type ChannelName } from '../api/channels';
import type { Reply } from '../api/contract';
import type { HandlerTable } from '../api/handlers';

export interface IpcInvokeEventLike {
  senderFrame: { url: string } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => void): void;
}

const FORBIDDEN_REPLY = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'IPC from an untrusted frame was refused' },
} as const satisfies Reply<never>;

const known: ReadonlySet<string> = new Set(channelNames);

function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && known.has(value);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value.slice(0, 80)}"` : typeof value;
}

export function registerIpc(
  ipcMain: IpcMainLike,
  table: Pick<HandlerTable, 'invoke'>,
  isTrusted: (frameUrl: string | null) => boolean,
): void {
  ipcMain.handle(IPC_INVOKE, async (event, channel, request): Promise<Reply<unknown>> => {
    // senderFrame is null when the frame navigated away or was destroyed before the message arrived.
    const frameUrl = event.senderFrame?.url ?? null;
    if (!isTrusted(frameUrl)) return FORBIDDEN_REPLY;
    if (!isChannelName(channel)) {
      return {
        ok: false,
        error: {
          code: 'INVALID_REQUEST',
          message: `unknown channel ${describe(channel)}: expected one of the contract's channels`,
        },
      };
    }
    try {
      return await table.invoke(channel, request);
    } catch (err) {
      // The table answers errors as replies; this only catches a bug in it, so the renderer still gets a reply.
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, error: { code: 'INTERNAL', message: `${channel}: ${message}` } };
    }
  });
}

/**
 * Paths of files the user dropped on the window: the preload reports each one so requests may use it
 * (the workspace policy allows only the workspace and dialog choices otherwise). Only our own page may
 * report, and only absolute paths are taken.
 */
export function registerDropGrants(
  ipcMain: IpcMainLike,
  grant: (absPath: string) => void,
  isTrusted: (frameUrl: string | null) => boolean,
): void {
  ipcMain.on(IPC_GRANT_DROPPED, (event, path) => {
    if (!isTrusted(event.senderFrame?.url ?? null)) return;
    if (typeof path === 'string' && path.length < 4096 && !path.includes('\0') && isAbsolute(path))
      grant(resolve(path));
  });
}
