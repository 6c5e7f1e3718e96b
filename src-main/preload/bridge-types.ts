/**
 * The shape of `window.gridbox`, the only object the preload exposes. The renderer's API client programs against
 * this; it carries the same envelopes as the web-fallback WebSocket.
 */
import type { Envelope } from '../api/errors';

export interface GridboxBridge {
  /** Never rejects: failures, including unknown methods and transport errors, come back as `{ ok: false }`. */
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  /** Returns the function that ends the subscription; calling it twice is harmless. */
  subscribe(topic: string, params: unknown, onEvent: (event: unknown) => void): () => void;
}
