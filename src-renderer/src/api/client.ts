// The renderer's only way to the core: `window.portcullis`, put there by the preload (Electron) or by
// the harness bridge (browser tests). Replies are unwrapped here, so views deal in values and ApiError.
import type { Channel, PortcullisEvent, Reply, Request, Response } from '../../../src-main/api/contract';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** False when the page was opened without a preload or harness, e.g. straight from disk. */
export function hasBridge(): boolean {
  return typeof window.portcullis === 'object' && window.portcullis !== null;
}

export async function call<C extends Channel>(channel: C, request: Request<C>): Promise<Response<C>> {
  // Indexing the API with a generic channel loses the per-channel signature; the contract guarantees it.
  const fn = window.portcullis[channel] as unknown as (r: Request<C>) => Promise<Reply<Response<C>>>;
  let reply: Reply<Response<C>>;
  try {
    reply = await fn(request);
  } catch (err) {
    throw new ApiError('INTERNAL', `${channel}: the request did not reach the core (${messageOf(err)})`);
  }
  if (!reply.ok) throw new ApiError(reply.error.code, reply.error.message);
  return reply.value;
}

export function onEvent(listener: (event: PortcullisEvent) => void): () => void {
  return window.portcullis.onEvent(listener);
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
