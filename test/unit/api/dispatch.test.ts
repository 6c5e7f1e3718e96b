import { describe, expect, it, vi } from 'vitest';
import { METHOD_NAMES, TOPIC_NAMES, methods } from '../../../src-main/api/contract';
import { ApiError } from '../../../src-main/api/errors';
import { Dispatcher, type Handlers } from '../../../src-main/backend/dispatch';
import { TopicBus } from '../../../src-main/backend/events';

/** A handler map that records what each method received; `keys.sign` fails unexpectedly, `keys.unlock` expectedly. */
function recordingHandlers(calls: Array<[string, unknown]>): Handlers {
  return new Proxy({} as Handlers, {
    get: (_t, name: string) => (params: unknown) => {
      calls.push([name, params]);
      if (name === 'keys.sign') throw new Error('disk exploded at /home/user/secret');
      if (name === 'keys.unlock') throw new ApiError('wrong_password', 'wrong password for this account');
      return { echoed: params };
    },
  });
}

describe('contract', () => {
  it('declares every method with a schema and lists names consistently', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(10);
    for (const name of METHOD_NAMES) expect(typeof methods[name].params.safeParse).toBe('function');
    expect(TOPIC_NAMES).toContain('keys.changed');
  });
});

describe('Dispatcher', () => {
  const setup = () => {
    const calls: Array<[string, unknown]> = [];
    const onActivity = vi.fn();
    const logError = vi.fn();
    const bus = new TopicBus();
    return { calls, onActivity, logError, bus, d: new Dispatcher(recordingHandlers(calls), bus, { onActivity, logError }) };
  };

  it('refuses unknown methods, including prototype names, without calling anything', async () => {
    const { d, calls, onActivity } = setup();
    for (const name of ['keys.steal', '__proto__', 'constructor', 'toString', 42, null]) {
      const res = await d.call(name, {});
      expect(res).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
    expect(calls).toHaveLength(0);
    expect(onActivity).not.toHaveBeenCalled();
  });

  it('validates params against the contract and names the bad field', async () => {
    const { d, calls } = setup();
    const res = await d.call('keys.rename', { address: '5Grw', name: '' });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(!res.ok && res.error.message).toMatch(/name/);
    expect(await d.call('keys.list', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    expect(await d.call('keys.createBegin', { words: 13 })).toMatchObject({ ok: false });
    expect(calls).toHaveLength(0);
  });

  it('fills defaults before the handler runs and counts the request as activity', async () => {
    const { d, calls, onActivity } = setup();
    const res = await d.call('keys.createBegin', {});
    expect(res).toEqual({ ok: true, result: { echoed: { words: 12, type: 'sr25519' } } });
    expect(calls).toEqual([['keys.createBegin', { words: 12, type: 'sr25519' }]]);
    expect(onActivity).toHaveBeenCalledTimes(1);
  });

  it('passes ApiErrors through and hides the detail of unexpected failures', async () => {
    const { d, logError } = setup();
    expect(await d.call('keys.unlock', { address: '5Grw', password: 'x' })).toEqual({
      ok: false,
      error: { code: 'wrong_password', message: 'wrong password for this account' },
    });
    const res = await d.call('keys.sign', { address: '5Grw', message: 'hi' });
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(res)).not.toContain('/home/user');
    expect(logError).toHaveBeenCalledTimes(1);
  });

  it('subscribes to known topics only and stops delivering after unsubscribe', () => {
    const { d, bus } = setup();
    expect(d.subscribe('keys.leak', {}, () => {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const events: unknown[] = [];
    const sub = d.subscribe('settings.changed', {}, (e) => events.push(e));
    expect(sub.ok).toBe(true);
    bus.emit('settings.changed', { theme: 'dark', autoLockMinutes: 15 });
    if (sub.ok) sub.unsubscribe();
    bus.emit('settings.changed', { theme: 'light', autoLockMinutes: 15 });
    expect(events).toEqual([{ theme: 'dark', autoLockMinutes: 15 }]);
  });
});
