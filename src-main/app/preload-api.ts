// Builds the object the preload exposes as `window.portcullis`: one function per channel plus event
// subscription. Kept apart from preload.ts and free of Electron so it can be unit-tested under Node; it
// imports only the plain channel list (the preload bundle must not pull in zod or anything of Node).
import { channelNames, type ChannelName } from '../api/channels';
import type { PortcullisApi, PortcullisEvent } from '../api/contract';

/** Sends one request to the main process and resolves with its reply. */
export type Invoke = (channel: ChannelName, request: unknown) => Promise<unknown>;
/** Starts forwarding events to `listener`; returns the function that stops it. */
export type Subscribe = (listener: (event: PortcullisEvent) => void) => () => void;

/** Returns the path of a dropped File ('' when it has none) after telling the main process it may be used. */
export type PathForFile = (file: File) => string;

export function buildPortcullisApi(invoke: Invoke, subscribe: Subscribe, pathForFile?: PathForFile): PortcullisApi {
  const api: Record<string, unknown> = {};
  if (pathForFile) api['pathForFile'] = (file: File) => pathForFile(file);
  for (const name of channelNames) {
    api[name] = (request: unknown) => invoke(name, request);
  }
  api['onEvent'] = (listener: unknown) => {
    if (typeof listener !== 'function') {
      throw new TypeError('portcullis.onEvent: expected a listener function');
    }
    return subscribe(listener as (event: PortcullisEvent) => void);
  };
  // The cast is sound because contract.ts is compiled against channelNames (each name is a Channel and
  // every Channel has a name), and the unit test checks the keys and the forwarding.
  return Object.freeze(api) as unknown as PortcullisApi;
}
