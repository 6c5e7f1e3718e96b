import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually, RawClient, startTestServer } from './helpers';

describe('RPC server life cycle', () => {
  it('close() ends every connection with 1001 and every subscription, and frees the port', async () => {
    const { server, probe } = await startTestServer();
    const clients = await Promise.all([RawClient.connect(server.url), RawClient.connect(server.url)]);
    for (const client of clients) {
      await client.call('test_subscribeTicks', [0, 5]);
      await client.call('test_subscribeTicks', [1]);
    }
    expect(probe.active).toBe(4);
    await server.close();
    expect(probe.active).toBe(0);
    for (const client of clients) expect((await client.closed).code).toBe(1001);
    expect(server.connectionCount()).toBe(0);
    await server.close(); // idempotent
    // The port is free again.
    await new Promise<void>((resolve, reject) => {
      const probeServer = createServer().once('error', reject);
      probeServer.listen(server.port, '127.0.0.1', () => probeServer.close(() => resolve()));
    });
  });

  it('fails to start on a port in use instead of hanging', async () => {
    const { server } = await startTestServer();
    await expect(startTestServer({ port: server.port })).rejects.toThrow(/EADDRINUSE/);
    await server.close();
  });

  it('refuses new work during shutdown and lets an in-flight HTTP call finish', async () => {
    const { server, probe } = await startTestServer();
    const slow = fetch(server.httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"test_sleep","params":[200,"done"]}',
    });
    await eventually(() => probe.sleeping === 1); // the call is running on the server
    const closing = server.close();
    await expect(RawClient.connect(server.url)).rejects.toThrow();
    await closing;
    const res = await slow;
    expect(await res.json()).toEqual({ jsonrpc: '2.0', id: 1, result: 'done' });
  });
});
