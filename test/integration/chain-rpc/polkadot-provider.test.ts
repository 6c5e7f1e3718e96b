/** An unmodified @polkadot/api WsProvider against the server: the transport a full ApiPromise will use later. */
import { WsProvider } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpcServer } from '../../../simulator/chain/rpc/server';
import type { Probe } from '../../unit/chain-rpc/test-groups';
import { eventually, startTestServer } from './helpers';

let server: RpcServer;
let probe: Probe;
let provider: WsProvider;

beforeAll(async () => {
  ({ server, probe } = await startTestServer());
  provider = new WsProvider(server.url, false);
  await provider.connect();
  await provider.isReady;
});
afterAll(async () => {
  await provider?.disconnect();
  await server?.close();
});

describe('@polkadot/api WsProvider', () => {
  it('calls system_health and rpc_methods', async () => {
    expect(await provider.send('system_health', [])).toEqual({ peers: 0, isSyncing: false, shouldHavePeers: false });
    const { methods } = await provider.send<{ methods: string[] }>('rpc_methods', []);
    expect(methods).toEqual([...methods].sort());
    expect(methods).toEqual(expect.arrayContaining(['rpc_methods', 'system_health', 'system_properties', 'system_chain']));
    expect(await provider.send('system_properties', [])).toEqual({ tokenDecimals: 7, tokenSymbol: 'TFT' });
  });

  it('reports Substrate-style errors the way tfchain_client matches them', async () => {
    await expect(provider.send('test_invalidTx', [])).rejects.toThrow(
      '1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low',
    );
    await expect(provider.send('no_suchMethod', [])).rejects.toThrow('-32601: Method not found');
  });

  it('subscribes, receives the notifications produced while subscribing, and unsubscribes', async () => {
    const received: number[] = [];
    const id = await provider.subscribe('test_tick', 'test_subscribeTicks', [3, 5], (error: Error | null, result: number) => {
      if (!error) received.push(result);
    });
    expect(typeof id).toBe('string');
    await eventually(() => received.length >= 6);
    expect(received.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await provider.unsubscribe('test_tick', 'test_unsubscribeTicks', id)).toBe(true);
    await eventually(() => probe.active === 0);
  });

  it('leaves nothing behind on the server after disconnecting', async () => {
    await provider.subscribe('test_tick', 'test_subscribeTicks', [0, 20], () => {});
    expect(probe.active).toBe(1);
    await provider.disconnect();
    await eventually(() => probe.active === 0 && server.connectionCount() === 0);
  });
});
