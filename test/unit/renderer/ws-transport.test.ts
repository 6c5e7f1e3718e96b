import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../src-main/api/errors';
import { backendUrl, createApi, fromBridge } from '../../../src-renderer/src/lib/api/client';
import type { ConnectionStatus } from '../../../src-renderer/src/lib/api/transport';
import { createWsTransport, type SocketLike, type WsTransport } from '../../../src-renderer/src/lib/api/ws-transport';

/** A scripted stand-in for the browser WebSocket. */
class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code: 1000 });
  }
  // test controls
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
  reply(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  last(): Record<string, unknown> {
    return this.sent[this.sent.length - 1]!;
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;

let transport: WsTransport;
function make(extra: Partial<Parameters<typeof createWsTransport>[0]> = {}): WsTransport {
  transport = createWsTransport({
    url: 'ws://127.0.0.1:1234/api',
    WebSocket: FakeSocket,
    initialDelayMs: 100,
    maxDelayMs: 1000,
    queueTimeoutMs: 5000,
    random: () => 0.5, // no jitter
    ...extra,
  });
  return transport;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => {
  transport?.close();
  vi.useRealTimers();
});

describe('ws transport', () => {
  it('queues calls until the socket opens, then sends them and resolves with the envelope', async () => {
    make();
    const call = transport.call('keys.list', {});
    expect(latest().sent).toHaveLength(0);
    latest().open();
    const frame = latest().last();
    expect(frame).toMatchObject({ method: 'keys.list', params: {} });
    latest().reply({ id: frame.id, ok: true, result: [] });
    await expect(call).resolves.toEqual({ ok: true, result: [] });
  });

  it('passes error envelopes through for the client to turn into ApiError', async () => {
    make();
    latest().open();
    const api = createApi(transport);
    const call = api.call('keys.unlock', { address: 'x', password: 'y' });
    latest().reply({ id: latest().last().id, ok: false, error: { code: 'wrong_password', message: 'wrong password' } });
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('wrong_password');
    expect((err as ApiError).message).toBe('wrong password');
  });

  it('rejects calls in flight when the socket drops, reconnects with backoff and re-subscribes', async () => {
    const statuses: ConnectionStatus['state'][] = [];
    make();
    transport.onStatus((s) => statuses.push(s.state));
    const events: unknown[] = [];
    transport.subscribe('keys.changed', {}, (e) => events.push(e));
    latest().open();
    const sub1 = latest().sent.find((f) => f.subscribe === 'keys.changed')!;
    latest().reply({ id: sub1.id, ok: true, result: null });
    latest().reply({ sub: sub1.id, event: ['a'] });
    expect(events).toEqual([['a']]);

    const inFlight = transport.call('keys.list', {});
    latest().drop();
    const err = await inFlight.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('lost connection to the Gridbox backend');
    expect(transport.status().state).toBe('reconnecting');

    // A call made while down waits for the link.
    const queued = transport.call('settings.get', {});
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(2);
    latest().open();
    expect(statuses).toContain('open');
    const sub2 = latest().sent.find((f) => f.subscribe === 'keys.changed')!;
    expect(sub2).toBeDefined();
    const call = latest().sent.find((f) => f.method === 'settings.get')!;
    latest().reply({ id: call.id, ok: true, result: { theme: 'dark', autoLockMinutes: 5 } });
    await expect(queued).resolves.toEqual({ ok: true, result: { theme: 'dark', autoLockMinutes: 5 } });

    // Events for the old subscription id are ignored; the new one delivers.
    latest().reply({ sub: sub1.id, event: ['stale'] });
    latest().reply({ sub: sub2.id, event: ['b'] });
    expect(events).toEqual([['a'], ['b']]);
  });

  it('backs off exponentially up to the maximum while the backend stays away', () => {
    make();
    latest().drop();
    vi.advanceTimersByTime(99);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    latest().drop();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);
    for (let i = 0; i < 6; i++) {
      latest().drop();
      vi.advanceTimersByTime(1000);
    }
    expect(FakeSocket.all).toHaveLength(9);
    expect(transport.status().failures).toBe(8);
  });

  it('rejects a queued call after the queue timeout', async () => {
    make();
    const call = transport.call('keys.list', {});
    vi.advanceTimersByTime(5000);
    await expect(call).rejects.toThrow('lost connection to the Gridbox backend');
  });

  it('unsubscribes on the wire and stops delivering', () => {
    make();
    latest().open();
    const events: unknown[] = [];
    const stop = transport.subscribe('settings.changed', {}, (e) => events.push(e));
    const sub = latest().last();
    stop();
    expect(latest().last()).toMatchObject({ unsubscribe: sub.id });
    latest().reply({ sub: sub.id, event: { theme: 'light' } });
    expect(events).toEqual([]);
    stop(); // harmless twice
  });

  it('ignores malformed frames', () => {
    make();
    latest().open();
    expect(() => latest().onmessage?.({ data: 'not json' })).not.toThrow();
    expect(() => latest().reply(42)).not.toThrow();
    expect(() => latest().reply({ id: 999, ok: true, result: 1 })).not.toThrow();
  });

  it('refuses a request larger than the backend accepts without sending it', async () => {
    make();
    latest().open();
    const big = 'x'.repeat(300 * 1024);
    await expect(transport.call('keys.import', { json: big })).rejects.toMatchObject({ code: 'invalid_params' });
    expect(latest().sent).toHaveLength(0);
  });

  it('retryNow skips the backoff wait', () => {
    make();
    latest().drop();
    expect(FakeSocket.all).toHaveLength(1);
    transport.retryNow();
    expect(FakeSocket.all).toHaveLength(2);
  });
});

describe('client', () => {
  it('builds the backend URL from the page location, carrying a ?token=', () => {
    expect(backendUrl({ protocol: 'http:', host: '127.0.0.1:8080', search: '' })).toBe('ws://127.0.0.1:8080/api');
    expect(backendUrl({ protocol: 'https:', host: 'box.local', search: '?token=a+b/c' })).toBe(
      'wss://box.local/api?token=a%20b%2Fc',
    );
  });

  it('turns a bridge that throws into an ApiError and unwraps results', async () => {
    const api = createApi(
      fromBridge({
        call: async (method) => {
          if (method === 'app.info') return { ok: true, result: { version: '1' } };
          throw new Error('ipc gone');
        },
        subscribe: () => () => {},
      }),
    );
    await expect(api.call('app.info', {})).resolves.toEqual({ version: '1' });
    await expect(api.call('keys.list', {})).rejects.toMatchObject({ code: 'internal' });
  });
});
