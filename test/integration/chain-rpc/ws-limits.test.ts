import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RpcServer } from '../../../simulator/chain/rpc/server';
import type { Probe } from '../../unit/chain-rpc/test-groups';
import { eventually, type Json, RawClient, startTestServer } from './helpers';

let server: RpcServer;
let probe: Probe;

beforeAll(async () => {
  ({ server, probe } = await startTestServer({
    maxMessageBytes: 64 * 1024,
    maxResponseBytes: 32 * 1024,
    maxConnections: 4,
    maxInFlightPerConnection: 4,
    pingIntervalMs: 300,
  }));
});
afterAll(async () => {
  await server?.close();
});

describe('WebSocket limits', () => {
  it('closes a connection that sends a message over the limit with 1009, and survives', async () => {
    const client = await RawClient.connect(server.url);
    await client.call('test_subscribeTicks', [0, 10]);
    const active = probe.active;
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_echo', params: ['x'.repeat(70 * 1024)] });
    client.send(big);
    expect((await client.closed).code).toBe(1009);
    await eventually(() => probe.active === active - 1);
    const other = await RawClient.connect(server.url);
    // Just under the limit still goes through.
    const fits = 'y'.repeat(30 * 1024);
    expect((await other.call('test_echo', [fits])).result).toBe(fits);
    await other.close();
  });

  it('answers -32008 for a response over maxResponseBytes', async () => {
    const client = await RawClient.connect(server.url);
    expect((await client.call('test_bytes', [40 * 1024])).error).toEqual({
      code: -32008,
      message: 'Response is too big',
      data: 'Exceeded max limit of 32768',
    });
    await client.close();
  });

  it('answers every request of a flood while reading is paused at maxInFlight', async () => {
    const client = await RawClient.connect(server.url);
    const replies: Json[] = await Promise.all(Array.from({ length: 60 }, (_, i) => client.call('test_sleep', [2, i])));
    expect(replies.map((r) => r.result)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    await client.close();
  });

  it('refuses connections past maxConnections with 429, and accepts again once one closes', async () => {
    const clients = await Promise.all(Array.from({ length: 4 }, () => RawClient.connect(server.url)));
    await expect(RawClient.connect(server.url)).rejects.toThrow(/429/);
    const http = await fetch(server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"system_name"}',
    });
    expect(http.status).toBe(429);
    await clients[0]?.close();
    await eventually(() => server.connectionCount() === 3);
    const again = await RawClient.connect(server.url);
    expect((await again.call('system_chain')).result).toBe('Development');
    await Promise.all([again, ...clients.slice(1)].map((c) => c.close()));
  });

  it('terminates a peer that stops answering pings, and its subscriptions with it', async () => {
    const client = await RawClient.connect(server.url, { autoPong: false });
    await client.call('test_subscribeTicks', [0, 50]);
    const active = probe.active;
    const { code } = await client.closed;
    expect(code).toBe(1006); // terminated, no close frame
    await eventually(() => probe.active === active - 1);
  });

  it('survives garbage on the socket and broken upgrade requests', async () => {
    const answer = (payload: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(server.port, '127.0.0.1', () => socket.end(payload));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
    expect(await answer('\x16\x03\x01 not http at all\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    const host = `127.0.0.1:${server.port}`;
    const noKey = `GET / HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`;
    expect(await answer(noKey)).toMatch(/^HTTP\/1\.1 400/);
    expect(server.connectionCount()).toBe(0);
    const client = await RawClient.connect(server.url);
    expect((await client.call('system_health')).result.isSyncing).toBe(false);
    await client.close();
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const attempt = new Promise<number>((resolve) => {
      const ws = new WebSocket(server.url, { headers: { host: `evil.example:${server.port}` } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => {});
    });
    expect(await attempt).toBe(403);
  });
});
