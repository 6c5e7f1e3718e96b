import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcServer } from '../../../simulator/chain/rpc/server';
import type { Probe } from '../../unit/chain-rpc/test-groups';
import { eventually, type Json, type LogLine, RawClient, startTestServer } from './helpers';

let server: RpcServer;
let probe: Probe;
let logs: LogLine[];

beforeAll(async () => {
  ({ server, probe, logs } = await startTestServer({ maxBufferedBytes: 256 * 1024 }));
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('subscriptions over WebSocket', () => {
  it('sends the subscribe result before the first notification, then notifications in order', async () => {
    const client = await RawClient.connect(server.url);
    client.send({ jsonrpc: '2.0', id: 'sub', method: 'test_subscribeTicks', params: [5, 5] });
    const reply = await client.call('system_name'); // a later call; its reply proves the earlier frames are in
    await client.waitFor((f) => f.params?.result === 8);
    const responseIndex = client.frames.findIndex((f) => f.id === 'sub');
    const id = client.frames[responseIndex].result as string;
    const ticks = client.frames.filter((f) => f.params?.subscription === id);
    expect(client.frames.indexOf(ticks[0])).toBeGreaterThan(responseIndex);
    expect(ticks.slice(0, 9).map((f: Json) => f.params.result)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reply.result).toBe('Gridbox TFChain simulator');
    await client.close();
  });

  it('delivers a life cycle that completes before the subscribe call returns', async () => {
    const client = await RawClient.connect(server.url);
    const reply = await client.call('test_submitAndWatch', ['0x00']);
    await client.waitFor((f) => f.params?.result?.finalized);
    const updates = client.frames.filter((f) => f.method === 'test_extrinsicUpdate');
    expect(client.frames.indexOf(reply)).toBeLessThan(client.frames.indexOf(updates[0]));
    expect(updates.map((f: Json) => f.params)).toEqual([
      { subscription: reply.result, result: 'ready' },
      { subscription: reply.result, result: { inBlock: '0x01' } },
      { subscription: reply.result, result: { finalized: '0x01' } },
    ]);
    await client.close();
  });

  it('stops notifications after unsubscribe, which answers true once', async () => {
    const client = await RawClient.connect(server.url);
    const { result: id } = await client.call('test_subscribeTicks', [0, 5]);
    await client.waitFor((f) => f.params?.subscription === id && f.params.result === 2);
    expect((await client.call('test_unsubscribeTicks', [id])).result).toBe(true);
    const count = client.frames.filter((f) => f.params?.subscription === id).length;
    await sleep(50);
    expect(client.frames.filter((f) => f.params?.subscription === id).length).toBe(count);
    expect((await client.call('test_unsubscribeTicks', [id])).result).toBe(false);
    await client.close();
  });

  it('drops all of a connection’s subscriptions when it closes, and only those', async () => {
    const keeper = await RawClient.connect(server.url);
    await keeper.call('test_subscribeTicks', [0, 20]);
    const base = probe.active;
    const client = await RawClient.connect(server.url);
    for (let i = 0; i < 5; i += 1) await client.call('test_subscribeTicks', [1, 10]);
    expect(probe.active).toBe(base + 5);
    client.ws.terminate(); // no close handshake: the server must notice the dead socket by itself
    await eventually(() => probe.active === base);
    await eventually(() => server.connectionCount() === 1);
    expect((await keeper.call('system_health')).result.peers).toBe(0);
    await keeper.close();
    await eventually(() => probe.active === base - 1);
  });

  it('drops a client that stops reading instead of buffering without bound', async () => {
    const client = await RawClient.connect(server.url);
    const { result: id } = await client.call('test_subscribeFlood', [16 * 1024]);
    expect(typeof id).toBe('string');
    const active = probe.active;
    // Stop reading: the kernel buffers fill, then the server's send buffer passes 256 KiB and it lets go.
    (client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await eventually(() => probe.active === active - 1, 20_000);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('does not read'))).toBe(true);
    client.ws.terminate();
    const other = await RawClient.connect(server.url);
    expect((await other.call('system_health')).result.isSyncing).toBe(false);
    await other.close();
  });

  it('refuses subscriptions past the per-connection limit without disturbing the others', async () => {
    const { server: small, probe: smallProbe } = await startTestServer({ maxSubscriptionsPerConnection: 3 });
    const client = await RawClient.connect(small.url);
    for (let i = 0; i < 3; i += 1) expect(typeof (await client.call('test_subscribeTicks')).result).toBe('string');
    expect((await client.call('test_subscribeTicks')).error).toEqual({
      code: -32006,
      message: 'Too many subscriptions on the connection',
      data: 'Exceeded max limit of 3',
    });
    expect(smallProbe.active).toBe(3);
    await client.close();
    await small.close();
    expect(smallProbe.active).toBe(0);
  });
});
