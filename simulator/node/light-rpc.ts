/**
 * Substrate JSON-RPC over one WebSocket, for the node's light chain client (light-chain.ts): requests, and
 * subscriptions that are made again after the socket reconnects (a chain restarted by a snapshot restore, or its
 * container by the engine), as polkadot-js's WsProvider does. One-shot subscriptions (a transaction's status) end
 * with an error when the socket drops: their subject is gone with the chain's pool.
 */
import WebSocket from 'ws';

export class RpcError extends Error {
  constructor(message: string, readonly code?: number, readonly data?: unknown) {
    super(message);
    this.name = 'RpcError';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Subscription {
  readonly method: string;
  readonly params: unknown[];
  readonly unsubscribe: string;
  /** Made again after a reconnect; otherwise `onLost` ends it. */
  readonly lasting: boolean;
  readonly onData: (result: unknown) => void;
  readonly onLost?: (error: Error) => void;
  id?: string;
  ended: boolean;
}

const RECONNECT_MS = 1000;
const REQUEST_TIMEOUT_MS = 60_000;
/** Notifications that arrive before their subscription's id is known (a chain may answer and notify in one go). */
const EARLY_KEEP = 64;

export class RpcSocket {
  #ws: WebSocket | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  readonly #subscriptions = new Set<Subscription>();
  readonly #byId = new Map<string, Subscription>();
  readonly #early = new Map<string, unknown[]>();
  #closed = false;
  #opened: Promise<void>;

  private constructor(readonly url: string) {
    this.#opened = this.#open();
  }

  /** Connects; with `waitMs`, keeps trying that long while nothing listens yet. */
  static async connect(url: string, waitMs = 0): Promise<RpcSocket> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const socket = new RpcSocket(url);
      try {
        await socket.#opened;
        return socket;
      } catch (error) {
        socket.close();
        if (Date.now() >= deadline) throw new Error(`cannot reach the chain at ${url}: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  #open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(this.url, { maxPayload: 64 * 1024 * 1024 });
      this.#ws = ws;
      let open = false;
      ws.on('open', () => {
        open = true;
        resolve();
      });
      ws.on('message', (data) => this.#receive(data.toString()));
      ws.on('error', (error) => {
        if (!open) reject(error);
      });
      ws.on('close', () => {
        if (!open) reject(new Error('connection closed'));
        else this.#lost();
      });
    });
  }

  /** The socket dropped: fail what was waiting, and reconnect unless closed. */
  #lost(): void {
    const error = new RpcError(`connection to the chain at ${this.url} lost`);
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#byId.clear();
    this.#early.clear();
    for (const sub of [...this.#subscriptions]) {
      sub.id = undefined;
      if (!sub.lasting) {
        sub.ended = true;
        this.#subscriptions.delete(sub);
        sub.onLost?.(error);
      }
    }
    if (this.#closed) return;
    const retry = (): void => {
      if (this.#closed) return;
      this.#opened = this.#open();
      this.#opened.then(() => this.#resubscribe(), () => setTimeout(retry, RECONNECT_MS));
    };
    setTimeout(retry, RECONNECT_MS);
  }

  #resubscribe(): void {
    for (const sub of this.#subscriptions) void this.#start(sub).catch(() => {});
  }

  #receive(text: string): void {
    let message: { id?: number; result?: unknown; error?: { code: number; message: string; data?: unknown }; method?: string; params?: { subscription: string | number; result: unknown } };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.id === 'number') {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.error) {
        const { code, message: text, data } = message.error;
        pending.reject(new RpcError(`${code}: ${text}${data !== undefined ? `: ${typeof data === 'string' ? data : JSON.stringify(data)}` : ''}`, code, data));
      } else {
        pending.resolve(message.result);
      }
      return;
    }
    if (message.params && message.params.subscription !== undefined) {
      const id = String(message.params.subscription);
      const sub = this.#byId.get(id);
      if (sub) {
        sub.onData(message.params.result);
        return;
      }
      const early = this.#early.get(id) ?? [];
      early.push(message.params.result);
      this.#early.set(id, early);
      while (this.#early.size > EARLY_KEEP) this.#early.delete(this.#early.keys().next().value!);
    }
  }

  request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const ws = this.#ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new RpcError(`not connected to the chain at ${this.url}`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.#pending.delete(id)) reject(new RpcError(`${method}: no answer within ${REQUEST_TIMEOUT_MS} ms`));
      }, REQUEST_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /**
   * Subscribes; resolves with the unsubscribe once the chain accepted. `lasting` subscriptions are made again after
   * a reconnect; the others end with `onLost`.
   */
  async subscribe(
    method: string, params: unknown[], unsubscribe: string, onData: (result: unknown) => void,
    options: { lasting?: boolean; onLost?: (error: Error) => void } = {},
  ): Promise<() => void> {
    const sub: Subscription = { method, params, unsubscribe, lasting: options.lasting ?? false, onData, ended: false, ...(options.onLost ? { onLost: options.onLost } : {}) };
    this.#subscriptions.add(sub);
    try {
      await this.#start(sub);
    } catch (error) {
      this.#subscriptions.delete(sub);
      throw error;
    }
    return () => {
      if (sub.ended) return;
      sub.ended = true;
      this.#subscriptions.delete(sub);
      if (sub.id !== undefined) {
        this.#byId.delete(sub.id);
        void this.request(sub.unsubscribe, [sub.id]).catch(() => {});
      }
    };
  }

  async #start(sub: Subscription): Promise<void> {
    const id = String(await this.request<string | number>(sub.method, sub.params));
    if (sub.ended) {
      void this.request(sub.unsubscribe, [id]).catch(() => {});
      return;
    }
    sub.id = id;
    this.#byId.set(id, sub);
    const early = this.#early.get(id);
    this.#early.delete(id);
    for (const result of early ?? []) sub.onData(result);
  }

  close(): void {
    this.#closed = true;
    this.#ws?.close();
    this.#ws?.removeAllListeners('close');
    const error = new RpcError('the chain client was closed');
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    for (const sub of this.#subscriptions) {
      sub.ended = true;
      if (!sub.lasting) sub.onLost?.(error);
    }
    this.#subscriptions.clear();
  }
}
