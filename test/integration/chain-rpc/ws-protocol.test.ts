import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcServer } from '../../../simulator/chain/rpc/server';
import type { Probe } from '../../unit/chain-rpc/test-groups';
import { type Json, type LogLine, RawClient, startTestServer } from './helpers';

let server: RpcServer;
let probe: Probe;
let logs: LogLine[];
let client: RawClient;

beforeAll(async () => {
  ({ server, probe, logs } = await startTestServer());
  client = await RawClient.connect(server.url);
});
afterAll(async () => {
  await client?.close();
  await server?.close();
});

const health = { peers: 0, isSyncing: false, shouldHavePeers: false };

describe('JSON-RPC over WebSocket', () => {
  it('serves on a free port with ws:// and http:// URLs', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}`);
    expect(server.httpUrl).toBe(`http://127.0.0.1:${server.port}`);
  });

  it('answers malformed JSON with -32700 and id null, and keeps the connection', async () => {
    client.send('{"jsonrpc":"2.0","id":1,"method":');
    const frame = await client.waitFor((f) => f.error?.code === -32700);
    expect(frame).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    expect((await client.call('system_health')).result).toEqual(health);
  });

  it('answers an unknown method with -32601 "Method not found"', async () => {
    expect(await client.call('author_rotateKeys')).toMatchObject({ error: { code: -32601, message: 'Method not found' } });
  });

  it('answers bad params with -32602', async () => {
    const reply = await client.call('test_add', ['one', 2]);
    expect(reply.error).toMatchObject({ code: -32602, message: 'Invalid params' });
    expect((await client.call('test_add', { a: 40, b: 2 })).result).toBe(42);
  });

  it('answers an unexpected handler failure with a bare -32603 and logs the detail server-side', async () => {
    const reply = await client.call('test_fail');
    expect(reply).toEqual({ jsonrpc: '2.0', id: reply.id, error: { code: -32603, message: 'Internal error' } });
    expect(JSON.stringify(reply)).not.toContain('secret');
    expect(logs.some((l) => l.level === 'error' && String(l.fields?.error).includes('disk exploded'))).toBe(true);
  });

  it('answers a mixed batch in order, without the notification', async () => {
    client.send([
      { jsonrpc: '2.0', id: 'b1', method: 'system_chain' },
      { jsonrpc: '2.0', method: 'test_bump' },
      { jsonrpc: '2.0', id: 'b2', method: 'no_suchMethod' },
      'not a request',
      { jsonrpc: '2.0', id: 'b3', method: 'test_add', params: [1, 'x'] },
    ]);
    const batch = await client.waitFor((f) => Array.isArray(f) && f[0]?.id === 'b1');
    expect(batch).toEqual([
      { jsonrpc: '2.0', id: 'b1', result: 'Development' },
      { jsonrpc: '2.0', id: 'b2', error: { code: -32601, message: 'Method not found' } },
      { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } },
      { jsonrpc: '2.0', id: 'b3', error: expect.objectContaining({ code: -32602 }) },
    ]);
  });

  it('answers an empty batch with one -32600 error object', async () => {
    const before = client.frames.length;
    client.send('[]');
    await client.waitFor((f) => client.frames.indexOf(f) >= before);
    expect(client.frames[before]).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } });
  });

  it('sends nothing back for a notification, but runs it', async () => {
    const bumps = probe.bumps;
    const before = client.frames.length;
    client.send({ jsonrpc: '2.0', method: 'test_bump', params: [] });
    const reply = await client.call('system_name');
    // The only frame since then is the reply to the call sent after the notification.
    expect(client.frames.slice(before)).toEqual([reply]);
    expect(probe.bumps).toBe(bumps + 1);
  });

  it('answers 200 concurrent requests, each with its own id', async () => {
    const calls = Array.from({ length: 200 }, (_, i) => client.call('test_sleep', [i % 7, i]));
    const replies: Json[] = await Promise.all(calls);
    expect(replies.map((r) => r.result)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('keeps answering after all of that', async () => {
    expect((await client.call('system_health')).result).toEqual(health);
    const other = await RawClient.connect(server.url);
    expect((await other.call('rpc_methods')).result.methods).toContain('system_health');
    await other.close();
  });
});
