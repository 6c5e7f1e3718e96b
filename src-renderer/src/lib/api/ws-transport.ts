/**
 * The web-fallback transport: the same envelopes as the Electron bridge, carried over one WebSocket to the local
 * Gridbox server. It reconnects with backoff, re-subscribes what was subscribed, and queues calls while the link is
 * down (for a while: a call never waits forever).
 *
 * Written against a minimal socket interface rather than the DOM types so it can be unit-tested in Node with a fake.
 */
import { ApiError, type Envelope } from '../../../../src-main/api/errors';
import { MAX_FRAME_BYTES, type ClientFrame } from '../../../../src-main/api/wire';
import type { ConnectionStatus, ObservableTransport } from './transport';

export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}
export type SocketConstructor = new (url: string) => SocketLike;

export interface WsTransportOptions {
  /** Evaluated on every attempt. */
  url: string | (() => string);
  WebSocket: SocketConstructor;
  /** First retry delay; doubles per failure up to maxDelayMs (both ±25 % jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How long a socket may stay in CONNECTING before the attempt counts as failed. */
  connectTimeoutMs?: number;
  /** How long a call made while disconnected waits for the link before it is rejected. */
  queueTimeoutMs?: number;
  /** A subscription the server refused (bad topic or params): a programming error, reported here. */
  onSubscribeError?: (topic: string, error: ApiError) => void;
  random?: () => number;
  now?: () => number;
}

export interface WsTransport extends ObservableTransport {
  /** Close for good: no more reconnects; pending and queued calls are rejected. */
  close(): void;
}

const OPEN = 1;
const LOST = 'lost connection to the Gridbox backend';
const lost = () => new ApiError('internal', LOST);

interface Pending {
  resolve: (envelope: Envelope<unknown>) => void;
  reject: (err: ApiError) => void;
}
interface Queued extends Pending {
  frame: string;
  id: number;
  timer: ReturnType<typeof setTimeout>;
}
interface Subscription {
  topic: string;
  params: unknown;
  onEvent: (event: unknown) => void;
  /** the frame id this subscription has on the current socket, null while not subscribed there */
  serverId: number | null;
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const initialDelay = options.initialDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 10_000;
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const queueTimeout = options.queueTimeoutMs ?? 20_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const urlOf = typeof options.url === 'function' ? options.url : () => options.url as string;

  let nextId = 1;
  let socket: SocketLike | null = null;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let connectTimer: ReturnType<typeof setTimeout> | null = null;
  let status: ConnectionStatus = { state: 'connecting', failures: 0, retryAt: null, everConnected: false };

  const listeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  const queue: Queued[] = [];
  const subscriptions = new Set<Subscription>();
  const byServerId = new Map<number, Subscription>();

  function setStatus(next: Partial<ConnectionStatus>): void {
    status = { ...status, ...next };
    for (const listener of listeners) {
      try {
        listener(status);
      } catch {
        // a listener's failure is its own
      }
    }
  }

  function isOpen(): boolean {
    return socket !== null && socket.readyState === OPEN && status.state === 'open';
  }

  function encode(frame: ClientFrame): string {
    const text = JSON.stringify(frame);
    // UTF-8 can take up to 3 bytes per UTF-16 unit; only measure precisely near the limit.
    if (text.length * 3 > MAX_FRAME_BYTES && new TextEncoder().encode(text).length > MAX_FRAME_BYTES) {
      throw new ApiError('invalid_params', `this request is larger than the ${MAX_FRAME_BYTES / 1024} KB the backend accepts`);
    }
    return text;
  }

  function transmit(text: string): boolean {
    try {
      socket!.send(text);
      return true;
    } catch {
      return false;
    }
  }

  function sendSubscribe(sub: Subscription): void {
    const id = nextId++;
    sub.serverId = id;
    byServerId.set(id, sub);
    let text: string;
    try {
      text = encode({ id, subscribe: sub.topic, params: sub.params ?? {} });
    } catch (err) {
      byServerId.delete(id);
      sub.serverId = null;
      options.onSubscribeError?.(sub.topic, err instanceof ApiError ? err : lost());
      return;
    }
    transmit(text);
  }

  function flushQueue(): void {
    while (queue.length > 0 && isOpen()) {
      const item = queue.shift()!;
      clearTimeout(item.timer);
      pending.set(item.id, item);
      if (!transmit(item.frame)) {
        pending.delete(item.id);
        item.reject(lost());
      }
    }
  }

  function onMessage(data: unknown): void {
    let frame: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(String(data));
      if (typeof parsed !== 'object' || parsed === null) return;
      frame = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    if (typeof frame.sub === 'number') {
      const sub = byServerId.get(frame.sub);
      if (!sub || !subscriptions.has(sub)) return;
      try {
        sub.onEvent(frame.event);
      } catch (err) {
        console.error(`gridbox: a '${sub.topic}' listener failed`, err);
      }
      return;
    }
    if (typeof frame.id !== 'number') return;
    const envelope: Envelope<unknown> =
      frame.ok === true
        ? { ok: true, result: frame.result ?? null }
        : { ok: false, error: ApiError.from(frame.error).toPayload() };
    const call = pending.get(frame.id);
    if (call) {
      pending.delete(frame.id);
      call.resolve(envelope);
      return;
    }
    const sub = byServerId.get(frame.id);
    if (sub && !envelope.ok) {
      byServerId.delete(frame.id);
      sub.serverId = null;
      options.onSubscribeError?.(sub.topic, ApiError.from(envelope.error));
    }
  }

  function clearTimers(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    if (connectTimer !== null) clearTimeout(connectTimer);
    retryTimer = connectTimer = null;
  }

  function connect(): void {
    clearTimers();
    if (closed) return;
    let ws: SocketLike;
    try {
      ws = new options.WebSocket(urlOf());
    } catch {
      dropped();
      return;
    }
    socket = ws;
    if (status.retryAt !== null) setStatus({ retryAt: null });
    connectTimer = setTimeout(() => {
      if (socket !== ws || ws.readyState === OPEN) return;
      detach(ws);
      dropped();
    }, connectTimeout);

    ws.onopen = () => {
      if (socket !== ws) return;
      if (connectTimer !== null) clearTimeout(connectTimer);
      connectTimer = null;
      setStatus({ state: 'open', failures: 0, retryAt: null, everConnected: true });
      for (const sub of subscriptions) sendSubscribe(sub);
      flushQueue();
    };
    ws.onmessage = (ev) => {
      if (socket === ws) onMessage(ev.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      detach(ws);
      dropped();
    };
    ws.onerror = () => {
      // a close event follows; that is where the link is handled
    };
  }

  /** Forget a socket: its late events are ignored from now on. */
  function detach(ws: SocketLike): void {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
    if (socket === ws) socket = null;
  }

  function dropped(): void {
    socket = null;
    byServerId.clear();
    for (const sub of subscriptions) sub.serverId = null;
    const calls = [...pending.values()];
    pending.clear();
    for (const call of calls) call.reject(lost());
    if (closed) return;
    const failures = status.failures + 1;
    const base = Math.min(maxDelay, initialDelay * 2 ** Math.min(failures - 1, 16));
    const delay = Math.round(base * (0.75 + random() * 0.5));
    setStatus({ state: 'reconnecting', failures, retryAt: now() + delay });
    retryTimer = setTimeout(connect, delay);
  }

  connect();

  return {
    call(method, params) {
      return new Promise<Envelope<unknown>>((resolve, reject) => {
        if (closed) return reject(lost());
        const id = nextId++;
        let frame: string;
        try {
          frame = encode({ id, method, params: params ?? {} });
        } catch (err) {
          return reject(err instanceof ApiError ? err : new ApiError('invalid_params', 'this request cannot be sent'));
        }
        if (isOpen()) {
          pending.set(id, { resolve, reject });
          if (!transmit(frame)) {
            pending.delete(id);
            reject(lost());
          }
          return;
        }
        const item: Queued = {
          id,
          frame,
          resolve,
          reject,
          timer: setTimeout(() => {
            const at = queue.indexOf(item);
            if (at >= 0) queue.splice(at, 1);
            reject(lost());
          }, queueTimeout),
        };
        queue.push(item);
      });
    },

    subscribe(topic, params, onEvent) {
      const sub: Subscription = { topic, params, onEvent, serverId: null };
      subscriptions.add(sub);
      if (isOpen()) sendSubscribe(sub);
      return () => {
        if (!subscriptions.delete(sub)) return;
        if (sub.serverId !== null) {
          byServerId.delete(sub.serverId);
          if (isOpen()) transmit(JSON.stringify({ id: nextId++, unsubscribe: sub.serverId } satisfies ClientFrame));
          sub.serverId = null;
        }
      };
    },

    status: () => status,

    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    retryNow() {
      if (closed || socket !== null) return;
      connect();
    },

    close() {
      if (closed) return;
      closed = true;
      clearTimers();
      if (socket) detach(socket);
      dropped();
      for (const item of queue.splice(0)) {
        clearTimeout(item.timer);
        item.reject(lost());
      }
      subscriptions.clear();
    },
  };
}
