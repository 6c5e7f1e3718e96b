import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcServer } from '../../../simulator/chain/rpc/server';
import type { Probe } from '../../unit/chain-rpc/test-groups';
import { postJson, startTestServer } from './helpers';

let server: RpcServer;
let probe: Probe;

beforeAll(async () => {
  ({ server, probe } = await startTestServer({ maxMessageBytes: 64 * 1024 }));
});
afterAll(async () => {
  await server?.close();
});

const health = { peers: 0, isSyncing: false, shouldHavePeers: false };

/** A raw request, so method, headers and body can be anything. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('JSON-RPC over HTTP POST', () => {
  it('answers a single request', async () => {
    const res = await postJson(server.httpUrl, '{"jsonrpc":"2.0","id":1,"method":"system_health","params":[]}');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ jsonrpc: '2.0', id: 1, result: health });
  });

  it('answers a batch, and a notification with an empty 200', async () => {
    const batch = await postJson(
      server.httpUrl,
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'system_chain' },
        { jsonrpc: '2.0', id: 2, method: 'test_add', params: [1, 2] },
        { jsonrpc: '2.0', method: 'test_bump' },
        { jsonrpc: '2.0', id: 3, method: 'nope_nothing' },
      ]),
    );
    expect(batch.json).toEqual([
      { jsonrpc: '2.0', id: 1, result: 'Development' },
      { jsonrpc: '2.0', id: 2, result: 3 },
      { jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'Method not found' } },
    ]);
    const bumps = probe.bumps;
    const notification = await postJson(server.httpUrl, '{"jsonrpc":"2.0","method":"test_bump"}');
    expect(notification).toMatchObject({ status: 200, text: '' });
    expect(probe.bumps).toBe(bumps + 1);
  });

  it('refuses subscriptions with a clear error and starts nothing', async () => {
    const res = await postJson(server.httpUrl, '{"jsonrpc":"2.0","id":7,"method":"test_subscribeTicks","params":[1]}');
    expect(res.json).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32603, message: 'Internal error', data: 'Subscriptions are only available over WebSocket' },
    });
    expect(probe.started).toBe(0);
  });

  it('answers malformed bodies like jsonrpsee: 400 when it is not JSON-RPC at all, 200 + -32700 otherwise', async () => {
    const notJson = await postJson(server.httpUrl, 'hello');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    const broken = await postJson(server.httpUrl, '{"jsonrpc":');
    expect(broken.status).toBe(200);
    expect(broken.json.error.code).toBe(-32700);
    const empty = await postJson(server.httpUrl, '[]');
    expect(empty.json).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request' } });
  });

  it('answers an oversized body with 413 and -32007', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'test_echo', params: ['x'.repeat(80 * 1024)] });
    const res = await postJson(server.httpUrl, big);
    expect(res.status).toBe(413);
    expect(res.json).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32007, message: 'Request is too big', data: 'Exceeded max limit of 65536' },
    });
    // Chunked (no Content-Length) too.
    const chunked = await raw('POST', '/', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }, big);
    expect(chunked.status).toBe(413);
  });

  it('refuses other methods and content types with jsonrpsee’s status codes', async () => {
    expect((await raw('GET', '/')).status).toBe(405);
    expect((await raw('PUT', '/', { 'content-type': 'application/json' }, '{}')).status).toBe(405);
    const text = await raw('POST', '/', { 'content-type': 'text/plain' }, '{"jsonrpc":"2.0","id":1,"method":"system_name"}');
    expect(text.status).toBe(415);
    const charset = await raw('POST', '/', { 'content-type': 'application/json; charset=utf-8' }, '{"jsonrpc":"2.0","id":1,"method":"system_name"}');
    expect(JSON.parse(charset.body).result).toBe('Gridbox TFChain simulator');
  });

  it('serves GET /health and /health/readiness as Substrate does', async () => {
    const res = await raw('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/application\/json/);
    expect(JSON.parse(res.body)).toEqual(health);
    expect((await raw('GET', '/health/readiness')).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await raw('POST', '/', { 'content-type': 'application/json', host: 'attacker.example' }, '{}');
    expect(res.status).toBe(403);
  });

  it('still answers system_health after everything above', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => postJson(server.httpUrl, `{"jsonrpc":"2.0","id":${i},"method":"system_health"}`)),
    );
    expect(replies.every((r) => r.status === 200 && r.json.result.isSyncing === false)).toBe(true);
  });
});
