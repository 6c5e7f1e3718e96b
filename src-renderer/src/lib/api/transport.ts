import type { Envelope } from '../../../../src-main/api/errors';

/**
 * How envelopes move between the renderer and the backend. The Electron preload bridge (`window.gridbox`) has exactly
 * this shape; the web fallback implements it over a WebSocket. The typed client is built on top of either.
 */
export interface Transport {
  call(method: string, params: unknown): Promise<Envelope<unknown>>;
  subscribe(topic: string, params: unknown, onEvent: (event: unknown) => void): () => void;
}

/** `connecting`: first attempt; `open`: calls flow; `reconnecting`: the link dropped (or never came up) and is retried. */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

export interface ConnectionStatus {
  readonly state: ConnectionState;
  /** consecutive failed attempts since the link was last open */
  readonly failures: number;
  /** ms since epoch of the next attempt while reconnecting, else null */
  readonly retryAt: number | null;
  /** true once the link has been open at least once */
  readonly everConnected: boolean;
}

export interface ObservableTransport extends Transport {
  status(): ConnectionStatus;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Skip the backoff wait and try to connect now (no-op while open). */
  retryNow(): void;
}
