import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../src-main/api/errors';
import { Dispatcher, type Handlers } from '../../../src-main/backend/dispatch';
import { TopicBus } from '../../../src-main/backend/events';
import {
  registerIpcBridge,
  type DispatcherLike,
  type FrameLike,
  type IpcEventLike,
  type IpcMainLike,
  type SenderLike,
} from '../../../src-main/main/ipc';
import { IPC_CHANNELS } from '../../../src-main/preload/channels';

const APP = 'app://gridbox';

type Listener = (event: IpcEventLike, ...args: unknown[]) => unknown;

/** Records registrations the way ipcMain would, and lets a test play the renderer's side. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly listeners = new Map<string, Listener[]>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  on(channel: string, listener: Listener): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  removeAllListeners(channel: string): this {
    this.listeners.delete(channel);
    return this;
  }
  invoke(event: IpcEventLike, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return Promise.resolve(handler(event, ...args));
  }
  send(event: IpcEventLike, channel: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

class FakeWebContents implements SenderLike {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: unknown[][] = [];
  destroyed = false;
  private readonly onDestroyed: Array<() => void> = [];
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push([channel, ...args]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(_event: 'destroyed', listener: () => void): this {
    this.onDestroyed.push(listener);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
    for (const listener of this.onDestroyed.splice(0)) listener();
  }
  eventsFor(id: string): unknown[] {
    return this.sent.filter((m) => m[0] === IPC_CHANNELS.event && m[1] === id).map((m) => m[2]);
  }
}

function topFrame(url: string): FrameLike {
  return { url, parent: null, detached: false };
}
function eventFrom(sender: FakeWebContents, frame: FrameLike | null): IpcEventLike {
  return { sender, senderFrame: frame };
}

/** A real Dispatcher and bus over stub handlers: the bridge is tested against the real validation. */
function makeBackend() {
  const bus = new TopicBus();
  const settings = { theme: 'system' as const, autoLockMinutes: 15 };
  const handlers = {
    'app.info': () => ({
      version: '0.0.0',
      mode: 'electron' as const,
      dataDir: '/tmp/x',
      platform: 'linux',
      keyFileProtection: 'password' as const,
    }),
    'settings.get': () => settings,
    'keys.list': () => [],
  } as unknown as Handlers;
  const dispatcher = new Dispatcher(handlers, bus);
  return { bus, dispatcher, settings };
}

describe('registerIpcBridge', () => {
  let ipc: FakeIpcMain;
  let backend: ReturnType<typeof makeBackend>;
  let warnings: string[];
  let dispose: () => void;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    backend = makeBackend();
    warnings = [];
    dispose = registerIpcBridge(ipc, backend.dispatcher, { appOrigin: APP, logWarning: (m) => warnings.push(m) });
  });

  describe('calls', () => {
    it('passes a call from our top frame to the dispatcher and returns its envelope', async () => {
      const wc = new FakeWebContents();
      const answer = (await ipc.invoke(eventFrom(wc, topFrame('app://gridbox/index.html')), IPC_CHANNELS.call, 'settings.get', {})) as Envelope<unknown>;
      expect(answer).toEqual({ ok: true, result: backend.settings });
    });

    it.each([
      ['a foreign origin', topFrame('https://evil.com/')],
      ['a lookalike app host', topFrame('app://gridbox.evil/index.html')],
      ['the dev server when the app origin is app://', topFrame('http://localhost:5173/')],
      ['a subframe of our own origin', { url: 'app://gridbox/frame.html', parent: topFrame('app://gridbox/index.html') }],
      ['a detached frame', { url: 'app://gridbox/index.html', parent: null, detached: true }],
      ['a frame that is already gone', null],
    ])('refuses %s with an unauthorized envelope, without reaching the dispatcher', async (_label, frame) => {
      const spy = vi.spyOn(backend.dispatcher, 'call');
      const wc = new FakeWebContents();
      const answer = (await ipc.invoke(eventFrom(wc, frame), IPC_CHANNELS.call, 'settings.get', {})) as Envelope<unknown>;
      expect(answer.ok).toBe(false);
      expect(answer.ok === false && answer.error.code).toBe('unauthorized');
      expect(spy).not.toHaveBeenCalled();
      expect(warnings).toHaveLength(1);
    });

    it('answers unknown methods and bad params with error envelopes, never by throwing', async () => {
      const event = eventFrom(new FakeWebContents(), topFrame('app://gridbox/index.html'));
      const unknown = (await ipc.invoke(event, IPC_CHANNELS.call, 'keys.dump', {})) as Envelope<unknown>;
      expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
      const proto = (await ipc.invoke(event, IPC_CHANNELS.call, '__proto__', {})) as Envelope<unknown>;
      expect(proto).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
      const bad = (await ipc.invoke(event, IPC_CHANNELS.call, 'settings.get', { extra: 1 })) as Envelope<unknown>;
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    });

    it('turns a dispatcher that throws into an internal envelope', async () => {
      const throwing: DispatcherLike = {
        call: () => Promise.reject(new Error('secret detail')),
        subscribe: () => ({ ok: true, unsubscribe: () => {} }),
      };
      const ipc2 = new FakeIpcMain();
      registerIpcBridge(ipc2, throwing, { appOrigin: APP });
      const answer = (await ipc2.invoke(eventFrom(new FakeWebContents(), topFrame('app://gridbox/')), IPC_CHANNELS.call, 'app.info', {})) as Envelope<unknown>;
      expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
      expect(JSON.stringify(answer)).not.toContain('secret detail');
    });

    it('trusts the dev server origin when that is the app origin', async () => {
      const ipc2 = new FakeIpcMain();
      registerIpcBridge(ipc2, backend.dispatcher, { appOrigin: 'http://localhost:5173' });
      const answer = (await ipc2.invoke(eventFrom(new FakeWebContents(), topFrame('http://localhost:5173/')), IPC_CHANNELS.call, 'settings.get', {})) as Envelope<unknown>;
      expect(answer.ok).toBe(true);
    });
  });

  describe('subscriptions', () => {
    const good = () => topFrame('app://gridbox/index.html');

    it('delivers events with the subscription id and only the payload', () => {
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'settings.changed', {});
      backend.bus.emit('settings.changed', { theme: 'dark', autoLockMinutes: 5 });
      expect(wc.eventsFor('s1')).toEqual([{ theme: 'dark', autoLockMinutes: 5 }]);
    });

    it('stops delivering after unsubscribe', () => {
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.unsubscribe, 's1');
      backend.bus.emit('keys.changed', []);
      expect(wc.eventsFor('s1')).toEqual([]);
    });

    it('cleans up every subscription when the webContents is destroyed', () => {
      const wc = new FakeWebContents();
      const unsubscribed = vi.fn();
      const spy = vi.spyOn(backend.dispatcher, 'subscribe');
      spy.mockImplementation(() => ({ ok: true, unsubscribe: unsubscribed }));
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's2', 'settings.changed', {});
      wc.destroy();
      expect(unsubscribed).toHaveBeenCalledTimes(2);
    });

    it('leaves no listener on the real bus after destroy', () => {
      let active = 0;
      const on = backend.bus.on.bind(backend.bus);
      vi.spyOn(backend.bus, 'on').mockImplementation((topic, listener) => {
        active++;
        const off = on(topic, listener);
        return () => {
          active--;
          off();
        };
      });
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's2', 'settings.changed', {});
      expect(active).toBe(2);
      wc.destroy();
      expect(active).toBe(0);
    });

    it('keeps windows apart: destroying one leaves the other subscribed', () => {
      const a = new FakeWebContents();
      const b = new FakeWebContents();
      ipc.send(eventFrom(a, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(b, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      a.destroy();
      backend.bus.emit('keys.changed', []);
      expect(b.eventsFor('s1')).toEqual([[]]);
    });

    it('drops everything of a page on reset (a reload keeps the webContents)', () => {
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.reset);
      backend.bus.emit('keys.changed', []);
      expect(wc.eventsFor('s1')).toEqual([]);
    });

    it('replaces a subscription that reuses an id instead of leaking the first', () => {
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      backend.bus.emit('keys.changed', []);
      expect(wc.eventsFor('s1')).toHaveLength(1);
    });

    it('tells the page when a subscription is refused (unknown topic, bad params)', () => {
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.secrets', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's2', 'keys.changed', { all: true });
      expect(wc.sent).toEqual([
        [IPC_CHANNELS.subscribeFailed, 's1', expect.objectContaining({ code: 'unknown_method' })],
        [IPC_CHANNELS.subscribeFailed, 's2', expect.objectContaining({ code: 'invalid_params' })],
      ]);
    });

    it('ignores subscriptions from untrusted frames and malformed ids', () => {
      const wc = new FakeWebContents();
      const spy = vi.spyOn(backend.dispatcher, 'subscribe');
      ipc.send(eventFrom(wc, topFrame('https://evil.com/')), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(wc, { url: 'app://gridbox/x', parent: good() }), IPC_CHANNELS.subscribe, 's2', 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 42, 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 'x'.repeat(65), 'keys.changed', {});
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, '../s', 'keys.changed', {});
      expect(spy).not.toHaveBeenCalled();
      expect(wc.sent).toEqual([]);
    });

    it('does not let an untrusted frame unsubscribe or reset a trusted page', () => {
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      ipc.send(eventFrom(wc, { url: 'app://gridbox/x', parent: good() }), IPC_CHANNELS.unsubscribe, 's1');
      ipc.send(eventFrom(wc, topFrame('https://evil.com/')), IPC_CHANNELS.reset);
      backend.bus.emit('keys.changed', []);
      expect(wc.eventsFor('s1')).toHaveLength(1);
    });

    it('caps the number of subscriptions per page', () => {
      const ipc2 = new FakeIpcMain();
      registerIpcBridge(ipc2, backend.dispatcher, { appOrigin: APP, maxSubscriptionsPerPage: 2 });
      const wc = new FakeWebContents();
      for (const id of ['a', 'b', 'c']) ipc2.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, id, 'keys.changed', {});
      expect(wc.sent).toEqual([[IPC_CHANNELS.subscribeFailed, 'c', expect.objectContaining({ code: 'forbidden' })]]);
    });

    it('does not send to a webContents that is already destroyed', () => {
      const wc = new FakeWebContents();
      ipc.send(eventFrom(wc, good()), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
      wc.destroyed = true; // destroyed, but the 'destroyed' event has not run yet
      expect(() => backend.bus.emit('keys.changed', [])).not.toThrow();
    });
  });

  it('dispose removes the handlers and ends every subscription', () => {
    const wc = new FakeWebContents();
    ipc.send(eventFrom(wc, topFrame('app://gridbox/')), IPC_CHANNELS.subscribe, 's1', 'keys.changed', {});
    dispose();
    expect(ipc.handlers.size).toBe(0);
    expect(ipc.listeners.size).toBe(0);
    backend.bus.emit('keys.changed', []);
    expect(wc.eventsFor('s1')).toEqual([]);
  });
});
