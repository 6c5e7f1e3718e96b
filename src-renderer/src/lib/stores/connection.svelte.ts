import { transport } from '../api/client';
import type { ConnectionStatus } from '../api/transport';

/** The link to the backend, for the "Reconnecting…" banner and for stores that must refetch after a gap. */
class ConnectionStore {
  status = $state.raw<ConnectionStatus>({ state: 'connecting', failures: 0, retryAt: null, everConnected: false });
  readonly #reconnected = new Set<() => void>();
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.status = transport.status();
    transport.onStatus((next) => {
      const back = next.state === 'open' && this.status.state !== 'open' && this.status.everConnected;
      this.status = next;
      if (back) for (const fn of this.#reconnected) fn();
    });
  }

  get open(): boolean {
    return this.status.state === 'open';
  }

  /** Called each time the link comes back after a drop: events may have been missed meanwhile. */
  onReconnected(fn: () => void): () => void {
    this.#reconnected.add(fn);
    return () => this.#reconnected.delete(fn);
  }

  retryNow(): void {
    transport.retryNow();
  }
}

export const connection = new ConnectionStore();
