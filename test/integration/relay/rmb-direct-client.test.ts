// The acceptance path of issue 4: the UNMODIFIED @threefold/rmb_direct_client 2.9.2 Client (its own tfchain_client
// and @polkadot/api) connects to the local relay and calls zos.system.version and zos.statistics.get on each node,
// served by RmbPeers. The client's relay-hostname pitfall is handled as documented in simulator/rmb/README.md:
// a subclass gives it the relay's real ws:// URL to dial while its relayUrl stays "wss://relay.local", the
// chain-valid hostname it registers with updateTwin.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RmbHandlerError, RmbPeer } from '../../../simulator/rmb/peer';
import { chainTwinLookup } from '../../../simulator/rmb/twin-lookup';
import { RELAY_DOMAIN, startLocalGrid, type LocalGrid, type Twin } from './harness';

/* eslint-disable @typescript-eslint/no-explicit-any */
const require = createRequire(import.meta.url);
const { Client } = require('@threefold/rmb_direct_client') as { Client: new (...args: any[]) => any };
// The error classes of the client's own copy of @threefold/types.
const { RMBError } = createRequire(require.resolve('@threefold/rmb_direct_client'))('@threefold/types') as { RMBError: any };

/** The message of the RMBError a client call rejected with. */
async function rmbError(p: Promise<unknown>): Promise<string> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RMBError);
  return (error as Error).message;
}

/** rmb_direct_client dialing `dialUrl` while registering `wss://relay.local` as its relay on chain. */
function localRelayClient(chainUrl: string, dialUrl: string, mnemonic: string, session: string): any {
  class LocalRelayClient extends Client {
    updateUrl(): string {
      return `${dialUrl}?${this.newJWT(this.session)}`;
    }
  }
  return new LocalRelayClient(chainUrl, `wss://${RELAY_DOMAIN}`, mnemonic, session, 'sr25519', 2);
}

const STATS = {
  total: { cru: 8, sru: 512 * 1024 ** 3, hru: 0, mru: 16 * 1024 ** 3, ipv4u: 0 },
  used: { cru: 0, sru: 0, hru: 0, mru: 0, ipv4u: 0 },
  system: { cru: 0, sru: 0, hru: 0, mru: 1024 ** 3, ipv4u: 0 },
  users: { deployments: 0, workloads: 0, last_deployment_timestamp: 0 },
  open_connections: 0,
};

let grid: LocalGrid;
let user: Twin;
let nodes: Twin[];
const peers: RmbPeer[] = [];
let client: any;

async function nodePeer(twin: Twin, index: number): Promise<RmbPeer> {
  const peer = new RmbPeer({ relayUrl: grid.relay.url, identity: twin.identity, twins: chainTwinLookup(grid.api) });
  peer.handle('zos.system.version', async () => ({ zos: `v3.99.${index}`, zinit: 'v0.2.14' }));
  peer.handle('zos.statistics.get', async () => STATS);
  peer.handle('zos.deployment.get', async () => { throw new RmbHandlerError('deployment not found'); });
  peers.push(peer);
  await peer.start();
  return peer;
}

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  grid = await startLocalGrid({ queueTtlSecs: 3 });
  user = await grid.createTwin();
  nodes = [await grid.createTwin({ type: 'ed25519' }), await grid.createTwin({ type: 'ed25519' })];
  await Promise.all(nodes.map((n, i) => nodePeer(n, i)));
  client = localRelayClient(grid.chain.url, grid.relay.url, user.mnemonic, 'gridbox-test');
  await client.connect();
});

afterAll(async () => {
  await client?.disconnect();
  for (const p of peers) await p.close();
  await grid?.close();
  vi.restoreAllMocks();
});

/** send + read as grid_client does: JSON body, expiration in minutes. */
async function call(command: string, body: unknown, twin: number, minutes = 1): Promise<unknown> {
  const uid = await client.send(command, JSON.stringify(body), twin, minutes);
  return client.read(uid);
}

describe('rmb_direct_client 2.9.2 through the local relay', () => {
  it('registered relay.local and its pk on chain when it connected (updateTwin with a valid hostname)', async () => {
    const twin = (await grid.api.query['tfgridModule']!['twins']!(user.id)).toPrimitive() as { relay: string; pk: string };
    expect(twin.relay).toBe(RELAY_DOMAIN);
    expect(twin.pk).toMatch(/^0x[0-9a-f]{66}$/);
  });

  it('calls zos.system.version and zos.statistics.get on each node and gets the answers', async () => {
    for (const [i, node] of nodes.entries()) {
      expect(await call('zos.system.version', '', node.id)).toEqual({ zos: `v3.99.${i}`, zinit: 'v0.2.14' });
      expect(await call('zos.statistics.get', '', node.id)).toEqual(STATS);
    }
  });

  it("gets unknown commands and handler errors back as the client's RMBError", async () => {
    expect(await rmbError(call('zos.nope', '', nodes[0]!.id))).toBe('0 handler not found: zos.nope');
    expect(await rmbError(call('zos.deployment.get', { contract_id: 1 }, nodes[0]!.id))).toBe('0 deployment not found');
  });

  it('keeps the connection alive with ping/pong', async () => {
    const uid = await client.ping();
    await expect(client.read(uid)).resolves.toBeDefined();
  });

  it('reaches a node that connects after the call was sent (offline queue)', async () => {
    const late = await grid.createTwin({ type: 'ed25519' });
    const uid = await client.send('zos.system.version', '""', late.id, 1);
    await new Promise((r) => setTimeout(r, 500));
    await nodePeer(late, 7);
    expect(await client.read(uid)).toEqual({ zos: 'v3.99.7', zinit: 'v0.2.14' });
  });

  it('gets an error when a queued call expires before the node connects', async () => {
    const never = await grid.createTwin({ type: 'ed25519' });
    expect(await rmbError(call('zos.system.version', '', never.id, 0.2)))
      .toBe(`0 destination ${never.id} is offline: the message expired in the relay queue`);
  });

  it('gets the relay error for a twin without a relay on chain', async () => {
    const bare = await grid.createTwin({ type: 'ed25519', relay: null });
    expect(await rmbError(call('zos.system.version', '', bare.id))).toBe('0 relay info is not set for this twin');
  });
});
