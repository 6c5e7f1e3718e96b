import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, TOPIC_NAMES } from '../../../src-main/api/contract';
import { createBridge, type IpcRendererLike } from '../../../src-main/preload/bridge';
import { IPC_CHANNELS } from '../../../src-main/preload/channels';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** Stands in for ipcRenderer: records what the preload sends and lets the test play main's side. */
function fakeIpcRenderer(answer: (method: unknown, params: unknown) => unknown = () => ({ ok: true, result: null })) {
  const listeners = new Map<string, Listener[]>();
  const sent: unknown[][] = [];
  const invoked: unknown[][] = [];
  const ipc: IpcRendererLike = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => {
      invoked.push([channel, ...args]);
      return answer(args[0], args[1]);
    }),
    send: (channel, ...args) => {
      sent.push([channel, ...args]);
    },
    on: (channel, listener) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
    },
  };
  const fromMain = (channel: string, ...args: unknown[]): void => {
    const ipcEvent = { sender: { secret: 'the ipcRenderer' }, ports: [] };
    for (const listener of listeners.get(channel) ?? []) listener(ipcEvent, ...args);
  };
  return { ipc, sent, invoked, fromMain };
}

describe('createBridge: call', () => {
  it('forwards known methods over the call channel and returns the envelope', async () => {
    const fake = fakeIpcRenderer(() => ({ ok: true, result: { theme: 'dark' } }));
    const bridge = createBridge(fake.ipc);
    await expect(bridge.call('settings.get', {})).resolves.toEqual({ ok: true, result: { theme: 'dark' } });
    expect(fake.invoked).toEqual([[IPC_CHANNELS.call, 'settings.get', {}]]);
  });

  it('passes error envelopes through untouched', async () => {
    const error = { code: 'wrong_password', message: 'wrong password' };
    const bridge = createBridge(fakeIpcRenderer(() => ({ ok: false, error })).ipc);
    await expect(bridge.call('keys.unlock', { address: 'x', password: 'y' })).resolves.toEqual({ ok: false, error });
  });

  it.each(['keys.dump', '', '__proto__', 'constructor', 'toString', 'app.info ', 42, null, undefined])(
    'refuses %j without sending anything',
    async (method) => {
      const fake = fakeIpcRenderer();
      const bridge = createBridge(fake.ipc);
      const answer = await bridge.call(method as string, {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
      expect(fake.ipc.invoke).not.toHaveBeenCalled();
    },
  );

  it('knows every method of the contract', async () => {
    const fake = fakeIpcRenderer();
    const bridge = createBridge(fake.ipc);
    for (const method of METHOD_NAMES) await bridge.call(method, {});
    expect(fake.invoked.map((c) => c[1])).toEqual(METHOD_NAMES);
  });

  it('turns a transport failure into an internal envelope instead of a rejection', async () => {
    const fake = fakeIpcRenderer(() => {
      throw new Error('An object could not be cloned.');
    });
    const answer = await createBridge(fake.ipc).call('app.info', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('does not pass on answers that are not envelopes', async () => {
    for (const bad of [undefined, 'ok', { ok: true }, { ok: false }, { ok: false, error: { code: 1 } }]) {
      const answer = await createBridge(fakeIpcRenderer(() => bad).ipc).call('app.info', {});
      expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    }
  });
});

describe('createBridge: subscribe', () => {
  it('clears stale subscriptions of a previous page before anything else', () => {
    const fake = fakeIpcRenderer();
    const bridge = createBridge(fake.ipc);
    bridge.subscribe('keys.changed', {}, () => {});
    expect(fake.sent[0]).toEqual([IPC_CHANNELS.reset]);
    expect(fake.sent[1]?.[0]).toBe(IPC_CHANNELS.subscribe);
  });

  it('sends a fresh id per subscription and routes events by id, payload only', () => {
    const fake = fakeIpcRenderer();
    const bridge = createBridge(fake.ipc);
    const keys = vi.fn();
    const settings = vi.fn();
    bridge.subscribe('keys.changed', {}, keys);
    bridge.subscribe('settings.changed', {}, settings);
    const [, first, second] = fake.sent;
    expect(first).toEqual([IPC_CHANNELS.subscribe, expect.any(String), 'keys.changed', {}]);
    expect(second?.[1]).not.toBe(first?.[1]);

    fake.fromMain(IPC_CHANNELS.event, first?.[1], [{ address: '5F' }]);
    expect(keys).toHaveBeenCalledTimes(1);
    // Exactly one argument: the IpcRendererEvent (and through it ipcRenderer) never reaches the page.
    expect(keys.mock.calls[0]).toEqual([[{ address: '5F' }]]);
    expect(settings).not.toHaveBeenCalled();
  });

  it('unsubscribes once, and stops delivering', () => {
    const fake = fakeIpcRenderer();
    const bridge = createBridge(fake.ipc);
    const cb = vi.fn();
    const stop = bridge.subscribe('keys.changed', {}, cb);
    const id = fake.sent[1]?.[1];
    stop();
    stop();
    expect(fake.sent.filter((m) => m[0] === IPC_CHANNELS.unsubscribe)).toEqual([[IPC_CHANNELS.unsubscribe, id]]);
    fake.fromMain(IPC_CHANNELS.event, id, []);
    expect(cb).not.toHaveBeenCalled();
  });

  it('refuses unknown topics and missing callbacks without sending', () => {
    const fake = fakeIpcRenderer();
    const bridge = createBridge(fake.ipc);
    expect(() => bridge.subscribe('keys.secrets', {}, () => {})).toThrow(TypeError);
    expect(() => bridge.subscribe('__proto__', {}, () => {})).toThrow(TypeError);
    expect(() => bridge.subscribe('keys.changed', {}, undefined as unknown as () => void)).toThrow(TypeError);
    expect(fake.sent).toEqual([[IPC_CHANNELS.reset]]);
  });

  it('knows every topic of the contract', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc);
    for (const topic of TOPIC_NAMES) expect(() => bridge.subscribe(topic, {}, () => {})).not.toThrow();
  });

  it('forgets a subscription main refused and reports it', () => {
    const fake = fakeIpcRenderer();
    const errors: string[] = [];
    const bridge = createBridge(fake.ipc, { reportError: (m) => errors.push(m) });
    const cb = vi.fn();
    const stop = bridge.subscribe('keys.changed', {}, cb);
    const id = fake.sent[1]?.[1];
    fake.fromMain(IPC_CHANNELS.subscribeFailed, id, { code: 'invalid_params', message: 'no' });
    fake.fromMain(IPC_CHANNELS.event, id, []);
    stop();
    expect(cb).not.toHaveBeenCalled();
    expect(errors).toEqual(['subscription refused']);
    expect(fake.sent.some((m) => m[0] === IPC_CHANNELS.unsubscribe)).toBe(false);
  });

  it('keeps delivering to others when one callback throws', () => {
    const fake = fakeIpcRenderer();
    const bridge = createBridge(fake.ipc, { reportError: () => {} });
    bridge.subscribe('keys.changed', {}, () => {
      throw new Error('boom');
    });
    const ok = vi.fn();
    bridge.subscribe('keys.changed', {}, ok);
    expect(() => {
      fake.fromMain(IPC_CHANNELS.event, fake.sent[1]?.[1], []);
      fake.fromMain(IPC_CHANNELS.event, fake.sent[2]?.[1], []);
    }).not.toThrow();
    expect(ok).toHaveBeenCalledTimes(1);
  });

  it('ignores events for ids it never made', () => {
    const fake = fakeIpcRenderer();
    createBridge(fake.ipc);
    expect(() => fake.fromMain(IPC_CHANNELS.event, 'nope', {})).not.toThrow();
    expect(() => fake.fromMain(IPC_CHANNELS.event, { toString: () => 's1' }, {})).not.toThrow();
  });
});

describe('createBridge: shape', () => {
  it('exposes exactly call and subscribe, frozen', () => {
    const bridge = createBridge(fakeIpcRenderer().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });
});
