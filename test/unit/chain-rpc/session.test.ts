import { describe, expect, it, vi } from 'vitest';
import { systemGroup } from '../../../simulator/chain/rpc/groups/system';
import type { RpcLogger } from '../../../simulator/chain/rpc/logger';
import { createRpcRegistry } from '../../../simulator/chain/rpc/registry';
import { RpcSession, type SessionLimits } from '../../../simulator/chain/rpc/session';
import { newProbe, testGroup } from './test-groups';

type Frame = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON under test

function harness(limits: Partial<SessionLimits> = {}, transport: 'ws' | 'http' = 'ws') {
  const probe = newProbe();
  const raw: string[] = [];
  const holding = vi.fn();
  const logger: RpcLogger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const session = new RpcSession({
    registry: createRpcRegistry([systemGroup(), testGroup(probe)]),
    connection: { id: 1, transport, remoteAddress: '127.0.0.1', locals: new Map() },
    limits: { maxResponseBytes: 1024 * 1024, maxBatchLength: Number.POSITIVE_INFINITY, maxSubscriptions: 16, ...limits },
    logger,
    sink: transport === 'ws' ? { send: (frame) => raw.push(frame), holding } : undefined,
  });
  const frames = (): Frame[] => raw.map((frame) => JSON.parse(frame) as Frame);
  const call = async (message: unknown): Promise<Frame[]> => {
    const before = raw.length;
    await session.receive(typeof message === 'string' ? message : JSON.stringify(message));
    return frames().slice(before);
  };
  return { probe, raw, frames, call, session, holding, logger };
}

const req = (id: unknown, method: string, params?: unknown) => ({ jsonrpc: '2.0', id, method, params });

describe('RpcSession: JSON-RPC 2.0 semantics', () => {
  it('answers malformed JSON with -32700 and id null', async () => {
    const { call } = harness();
    expect(await call('{"jsonrpc":"2.0",')).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
    ]);
  });

  it('answers invalid request objects with -32600, keeping a usable id', async () => {
    const { call } = harness();
    const invalid = (id: unknown) => ({ jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid request' } });
    expect(await call({})).toEqual([invalid(null)]);
    expect(await call('42')).toEqual([invalid(null)]);
    expect(await call({ jsonrpc: '2.0', id: 7, method: 5 })).toEqual([invalid(7)]);
    expect(await call({ jsonrpc: '1.0', id: 'a', method: 'system_name' })).toEqual([invalid('a')]);
    expect(await call({ jsonrpc: '2.0', id: 3, method: 'system_name', params: 'x' })).toEqual([invalid(3)]);
    expect(await call({ jsonrpc: '2.0', id: { no: 1 }, method: 'system_name' })).toEqual([invalid(null)]);
  });

  it('answers unknown methods with -32601 "Method not found", prototype names included', async () => {
    const { call } = harness();
    for (const method of ['nope_nothing', '__proto__', 'constructor', 'toString']) {
      expect(await call(req(1, method, []))).toEqual([
        { jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found' } },
      ]);
    }
  });

  it('accepts positional and named params, refuses bad ones with -32602', async () => {
    const { call } = harness();
    expect(await call(req(1, 'test_add', [2, 3]))).toEqual([{ jsonrpc: '2.0', id: 1, result: 5 }]);
    expect(await call(req(2, 'test_add', { a: 2, b: 5 }))).toEqual([{ jsonrpc: '2.0', id: 2, result: 7 }]);
    const [bad] = await call(req(3, 'test_add', ['2', 3]));
    expect(bad?.error).toMatchObject({ code: -32602, message: 'Invalid params' });
    expect(bad?.error.data).toMatch(/^param 0: /);
    const [named] = await call(req(4, 'test_positionalOnly', { value: 1 }));
    expect(named?.error).toMatchObject({ code: -32602, message: 'Invalid params' });
    // params null or absent count as [] (serde reads null as None).
    expect(await call({ jsonrpc: '2.0', id: 5, method: 'system_chain', params: null })).toEqual([
      { jsonrpc: '2.0', id: 5, result: 'Development' },
    ]);
  });

  it('turns unexpected throws into a bare -32603 and logs them, but passes RpcErrors through', async () => {
    const { call, raw, logger } = harness();
    expect(await call(req(1, 'test_fail', []))).toEqual([
      { jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Internal error' } },
    ]);
    expect(raw.join()).not.toContain('secret');
    expect(vi.mocked(logger.error).mock.calls[0]?.[1]).toMatchObject({ method: 'test_fail' });
    expect(String(vi.mocked(logger.error).mock.calls[0]?.[1]?.error)).toContain('disk exploded');
    expect(await call(req(2, 'test_invalidTx', []))).toEqual([
      {
        jsonrpc: '2.0',
        id: 2,
        error: { code: 1010, message: 'Invalid Transaction', data: 'Inability to pay some fees (e.g. account balance too low)' },
      },
    ]);
    // A result JSON cannot represent is a server bug: -32603 too.
    expect(await call(req(3, 'test_bigint', []))).toEqual([
      { jsonrpc: '2.0', id: 3, error: { code: -32603, message: 'Internal error' } },
    ]);
  });

  it('answers null for handlers that return nothing (clients require a result member)', async () => {
    const { call } = harness();
    expect(await call(req(9, 'test_void', []))).toEqual([{ jsonrpc: '2.0', id: 9, result: null }]);
  });

  it('runs notifications without answering them', async () => {
    const { call, probe } = harness();
    expect(await call({ jsonrpc: '2.0', method: 'test_bump', params: [] })).toEqual([]);
    expect(await call({ jsonrpc: '2.0', method: 'test_fail', params: [] })).toEqual([]);
    expect(await call({ jsonrpc: '2.0', method: 'nope_nothing' })).toEqual([]);
    expect(probe.bumps).toBe(1);
  });

  it('answers a batch with one array in request order, leaving out notifications', async () => {
    const { call } = harness();
    const [reply] = await call([
      req(1, 'test_sleep', [20, 'slow']),
      { jsonrpc: '2.0', method: 'test_bump' },
      req(2, 'nope_nothing'),
      { bad: true },
      req(3, 'test_add', [1, 1]),
    ]);
    expect(reply).toEqual([
      { jsonrpc: '2.0', id: 1, result: 'slow' },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found' } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } },
      { jsonrpc: '2.0', id: 3, result: 2 },
    ]);
  });

  it('answers an empty batch with a single -32600, and a batch of notifications with nothing', async () => {
    const { call } = harness();
    expect(await call([])).toEqual([{ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } }]);
    expect(await call([{ jsonrpc: '2.0', method: 'test_bump' }])).toEqual([]);
  });

  it('enforces the batch length and response size limits with jsonrpsee codes', async () => {
    const { call } = harness({ maxBatchLength: 2, maxResponseBytes: 200 });
    expect(await call([req(1, 'test_void'), req(2, 'test_void'), req(3, 'test_void')])).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32010, message: 'The batch request was too large', data: 'Exceeded max limit of 2' } },
    ]);
    expect(await call(req(4, 'test_bytes', [500]))).toEqual([
      { jsonrpc: '2.0', id: 4, error: { code: -32008, message: 'Response is too big', data: 'Exceeded max limit of 200' } },
    ]);
    expect(await call([req(5, 'test_bytes', [120]), req(6, 'test_bytes', [120])])).toEqual([
      { jsonrpc: '2.0', id: null, error: { code: -32011, message: 'The batch response was too large', data: 'Exceeded max limit of 200' } },
    ]);
  });
});

describe('RpcSession: subscriptions', () => {
  it('sends the subscribe response before notifications produced while subscribing', async () => {
    const { call } = harness();
    const frames = await call(req(1, 'test_subscribeTicks', [3]));
    const id = frames[0]?.result as string;
    expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(frames.slice(1)).toEqual([0, 1, 2].map((result) => ({
      jsonrpc: '2.0',
      method: 'test_tick',
      params: { subscription: id, result },
    })));
  });

  it('holds notifications of a subscription made inside a batch until the batch reply is sent', async () => {
    const { call } = harness();
    const frames = await call([req(1, 'test_subscribeTick', { immediate: 2 }), req(2, 'system_chainType')]);
    expect(frames).toHaveLength(3);
    const [batch, first, second] = frames;
    expect(batch).toEqual([
      { jsonrpc: '2.0', id: 1, result: expect.any(String) },
      { jsonrpc: '2.0', id: 2, result: 'Development' },
    ]);
    expect(first?.params).toEqual({ subscription: (batch as Frame[])[0]?.result, result: 0 });
    expect(second?.params.result).toBe(1);
  });

  it('delivers a whole life cycle produced before the response, then forgets the subscription', async () => {
    const { call, probe, session } = harness();
    const frames = await call(req(1, 'test_submitAndWatch', ['0x00']));
    const id = frames[0]?.result as string;
    expect(frames.slice(1).map((f) => f.params)).toEqual([
      { subscription: id, result: 'ready' },
      { subscription: id, result: { inBlock: '0x01' } },
      { subscription: id, result: { finalized: '0x01' } },
    ]);
    expect(probe).toMatchObject({ active: 0, cleanedUp: 1 });
    expect(session.subscriptionCount).toBe(0);
    expect(await call(req(2, 'test_unwatch', [id]))).toEqual([{ jsonrpc: '2.0', id: 2, result: false }]);
  });

  it('registers nothing when the producer refuses, and answers its error', async () => {
    const { call, session } = harness();
    expect(await call(req(1, 'test_subscribeRefused', []))).toEqual([
      { jsonrpc: '2.0', id: 1, error: { code: 1010, message: 'Invalid Transaction', data: 'Transaction is outdated' } },
    ]);
    expect(session.subscriptionCount).toBe(0);
  });

  it('unsubscribes once, only with the matching method, and validates the id', async () => {
    const { call, probe } = harness();
    const [{ result: id } = {}] = await call(req(1, 'test_subscribeTicks', []));
    expect(await call(req(2, 'test_unwatch', [id]))).toEqual([{ jsonrpc: '2.0', id: 2, result: false }]);
    expect(await call(req(3, 'test_unsubscribeTick', [id]))).toEqual([{ jsonrpc: '2.0', id: 3, result: true }]);
    expect(await call(req(4, 'test_unsubscribeTicks', [id]))).toEqual([{ jsonrpc: '2.0', id: 4, result: false }]);
    expect(probe).toMatchObject({ active: 0, cleanedUp: 1 });
    const [bad] = await call(req(5, 'test_unsubscribeTicks', [{}]));
    expect(bad?.error).toMatchObject({ code: -32602 });
  });

  it('drops every subscription when the connection closes, even if a cleanup throws', async () => {
    const { call, probe, session, logger, raw } = harness();
    await call(req(1, 'test_subscribeTicks', []));
    await call(req(2, 'test_subscribeBadCleanup', []));
    await call(req(3, 'test_subscribeTicks', [0, 1]));
    expect(probe.active).toBe(3);
    session.close();
    expect(probe.active).toBe(1); // the bad cleanup never ran to the end, the other two did
    expect(probe.cleanedUp).toBe(2);
    expect(vi.mocked(logger.error)).toHaveBeenCalledWith('subscription cleanup threw', expect.anything());
    const sent = raw.length;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(raw.length).toBe(sent);
  });

  it('limits subscriptions per connection with -32006', async () => {
    const { call } = harness({ maxSubscriptions: 2 });
    await call(req(1, 'test_subscribeTicks', []));
    await call(req(2, 'test_subscribeTicks', []));
    expect(await call(req(3, 'test_subscribeTicks', []))).toEqual([
      { jsonrpc: '2.0', id: 3, error: { code: -32006, message: 'Too many subscriptions on the connection', data: 'Exceeded max limit of 2' } },
    ]);
  });

  it('does not start a subscription sent as a notification, nor one whose reply is an error', async () => {
    const { call, probe } = harness({ maxResponseBytes: 40 });
    expect(await call({ jsonrpc: '2.0', method: 'test_subscribeTicks', params: [] })).toEqual([]);
    expect(probe.started).toBe(0);
    // The subscribe reply itself is over 40 bytes: the client gets -32008 and no subscription is left behind.
    const [reply] = await call(req(1, 'test_subscribeTicks', [2]));
    expect(reply?.error.code).toBe(-32008);
    expect(probe).toMatchObject({ started: 1, active: 0 });
  });

  it('tells the connection how many bytes it holds back', async () => {
    const { call, holding } = harness();
    await call(req(1, 'test_subscribeTicks', [2]));
    const sizes = holding.mock.calls.map(([bytes]) => bytes as number);
    expect(Math.max(...sizes)).toBeGreaterThan(0);
    expect(sizes.at(-1)).toBe(0);
  });

  it('lets a plain method subscribe and unsubscribe through its context', async () => {
    const { call, probe } = harness();
    const [reply, hello] = await call(req(1, 'test_manualSubscribe', []));
    expect(hello).toEqual({ jsonrpc: '2.0', method: 'test_manual', params: { subscription: reply?.result, result: 'hello' } });
    expect(await call(req(2, 'test_unsubscribeTicks', [reply?.result]))).toEqual([{ jsonrpc: '2.0', id: 2, result: false }]);
    expect(await call(req(3, 'test_manualUnsubscribe', [reply?.result]))).toEqual([{ jsonrpc: '2.0', id: 3, result: true }]);
    expect(probe).toMatchObject({ started: 1, active: 0 });
  });

  it('refuses a subscription opened after its call was answered', async () => {
    const { call, probe, session } = harness();
    expect(await call(req(1, 'test_lateSubscribe', []))).toEqual([{ jsonrpc: '2.0', id: 1, result: 'later' }]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(probe.bumps).toBe(100); // the late subscribe rejected
    expect(session.subscriptionCount).toBe(0);
    expect(probe.started).toBe(0);
  });

  it('refuses subscriptions over HTTP with -32603 and a reason', async () => {
    const { session, probe } = harness({}, 'http');
    const reply = await session.respond(JSON.stringify(req(1, 'test_subscribeTicks', [1])));
    expect(JSON.parse(reply ?? '')).toEqual({
      jsonrpc: '2.0',
      id: 1,
      error: { code: -32603, message: 'Internal error', data: 'Subscriptions are only available over WebSocket' },
    });
    const unsubscribe = await session.respond(JSON.stringify(req(2, 'test_unsubscribeTicks', ['abc'])));
    expect(JSON.parse(unsubscribe ?? '').error.code).toBe(-32603);
    expect(probe.started).toBe(0);
  });
});
