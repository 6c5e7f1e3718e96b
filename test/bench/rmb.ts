/**
 * `npx tsx test/bench/rmb.ts`: RMB figures through the local relay, with chain, relay and both peers in this one
 * process on 127.0.0.1 (CPU figures include every side). Both peers verify signatures against the chain's twins
 * (cached), as the nodes do. Nothing is asserted; every loop is bounded.
 *   - request/response round trip, one at a time: p50 / p99
 *   - throughput: BURST calls with WINDOW in flight, answered requests per second (each is two envelopes), with
 *     and without signature checks in the peers (signing stays: it is what the wire needs)
 * sr25519 signing and verifying (WASM) dominate: the figures say more about the crypto than about the relay.
 */
import { RmbPeer } from '../../simulator/rmb/peer';
import { chainTwinLookup } from '../../simulator/rmb/twin-lookup';
import { startLocalGrid } from '../integration/relay/harness';

const SEQUENTIAL = 1000;
const BURST = Number(process.env.GRIDBOX_BENCH_RMB_BURST ?? 5000);
const WINDOW = 100;

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

async function main(): Promise<void> {
  const grid = await startLocalGrid();
  try {
    const [user, node] = [await grid.createTwin(), await grid.createTwin({ type: 'ed25519' })];
    const twins = chainTwinLookup(grid.api);
    const server = new RmbPeer({ relayUrl: grid.relay.url, identity: node.identity, twins });
    server.handle('zos.system.version', async () => ({ zos: 'v3.99.0', zinit: 'v0.2.14' }));
    const client = new RmbPeer({ relayUrl: grid.relay.url, identity: user.identity, sessionId: 'bench', twins });
    await server.start();
    await client.start();
    await client.call(node.id, 'zos.system.version', null);  // warm the twin caches

    const times: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const start = performance.now();
      await client.call(node.id, 'zos.system.version', null);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    console.log(`rmb: request/response round trip through the relay, ms   p50 ${fmt(percentile(times, 50))}  p99 ${fmt(percentile(times, 99))}  (${SEQUENTIAL} calls)`);

    const burst = async (caller: RmbPeer, label: string): Promise<void> => {
      let next = 0;
      const start = performance.now();
      const worker = async (): Promise<void> => {
        while (next < BURST) {
          next++;
          await caller.call(node.id, 'zos.system.version', null);
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, worker));
      const secs = (performance.now() - start) / 1000;
      console.log(`rmb: ${BURST} calls, ${WINDOW} in flight, ${label}: ${fmt(BURST / secs)} requests answered/s (${fmt((2 * BURST) / secs)} envelopes/s through the relay)`);
    };
    await burst(client, 'peers verify signatures');
    await client.close();
    await server.close();

    const trustingServer = new RmbPeer({ relayUrl: grid.relay.url, identity: node.identity });
    trustingServer.handle('zos.system.version', async () => ({ zos: 'v3.99.0', zinit: 'v0.2.14' }));
    const trustingClient = new RmbPeer({ relayUrl: grid.relay.url, identity: user.identity, sessionId: 'bench2' });
    await trustingServer.start();
    await trustingClient.start();
    await burst(trustingClient, 'no signature checks');
    console.log(`rmb: relay stats ${JSON.stringify(grid.relay.stats())}`);
    await trustingClient.close();
    await trustingServer.close();
  } finally {
    await grid.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
