/**
 * `npx tsx test/bench/proxy.ts`: figures for the indexer and the grid proxy.
 *   - a real dev chain, relay and node host (in this process) with 100 simulated nodes registered and reporting;
 *     the indexer's start (storage snapshot + uptime lookback) and how long a new block takes to show;
 *   - `/nodes` requests per second (keep-alive HTTP, 8 in flight) on that index: the default page of 50, a page
 *     of 100, grid_client's filtered VM-node search, and `/nodes/:id`;
 *   - the same requests on a MemoryGridIndex filled directly with 100 nodes (serving cost alone).
 * Nothing is asserted; every loop is bounded. GRIDBOX_BENCH_PROXY_NODES sets the node count (default 100),
 * GRIDBOX_BENCH_PROXY_CHAIN=0 skips the chain part.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WsProvider } from '@polkadot/api';
import { startChain } from '../../simulator/chain';
import { NodeHost } from '../../simulator/node/host';
import { rmbPeerFactory } from '../../simulator/node/relay-peer';
import type { Logger } from '../../simulator/node/types';
import { startIndexer } from '../../simulator/services/indexer';
import type { GridIndex } from '../../simulator/services/indexer/model';
import { startProxy } from '../../simulator/services/proxy';
import { startRelay } from '../../simulator/services/relay';
import { createDevFarm } from '../integration/node/dev-farm';
import { gridOf } from '../unit/proxy/grid-fixture';

const NODES = Number(process.env.GRIDBOX_BENCH_PROXY_NODES ?? 100);
const REQUESTS = Number(process.env.GRIDBOX_BENCH_PROXY_REQUESTS ?? 300);
const IN_FLIGHT = 8;
const RUNS = 3;
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const QUERIES: [string, string][] = [
  ['/nodes (page of 50)', '/nodes'],
  ['/nodes?size=100', '/nodes?size=100'],
  ["grid_client's VM-node search", '/nodes?status=up&features=zmachine%2Cnetwork&free_mru=1073741824&free_sru=10737418240&sort_by=free_cru&sort_order=desc&size=50'],
  ['/nodes/1', '/nodes/1'],
];

function get(agent: Agent, base: URL, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      res.on('end', () => (res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Wall-clock requests per second, and CPU ms per request of this process (server and client: the machine is shared). */
async function requestsPerSecond(url: string, path: string): Promise<{ rps: number; cpuMs: number; bytes: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const base = new URL(url);
  let sent = 0;
  let bytes = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (sent < REQUESTS) {
      sent++;
      bytes = await get(agent, base, path);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  agent.destroy();
  return { rps: REQUESTS / seconds, cpuMs: (used.user + used.system) / 1000 / REQUESTS, bytes };
}

async function measure(label: string, index: GridIndex, proxyUrl?: string): Promise<void> {
  const proxy = proxyUrl ? undefined : await startProxy({ index, chainUrl: 'ws://127.0.0.1:1', port: 0 });
  const url = proxyUrl ?? proxy!.url;
  console.log(`${label}: ${index.nodes.size} nodes, ${REQUESTS} requests × ${RUNS} runs, ${IN_FLIGHT} in flight`);
  for (const [name, path] of QUERIES) {
    const figures: number[] = [];
    const cpus: number[] = [];
    let size = 0;
    for (let run = 0; run < RUNS; run++) {
      const { rps, cpuMs, bytes } = await requestsPerSecond(url, path);
      figures.push(rps);
      cpus.push(cpuMs);
      size = bytes;
    }
    figures.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    console.log(`  ${name.padEnd(32)} req/s ${figures.map((f) => f.toFixed(0)).join(' / ')}  CPU ms/req ${cpus.map((c) => c.toFixed(2)).join(' / ')}  (${(size / 1024).toFixed(1)} KiB per answer)`);
  }
  await proxy?.close();
}

async function onChain(): Promise<void> {
  const chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant' });
  const relay = await startRelay({ chainUrl: chain.url, host: '127.0.0.1', port: 0 });
  const dataDir = mkdtempSync(join(tmpdir(), 'gridbox-bench-proxy-'));
  const host = await NodeHost.start({
    chainUrl: chain.url, relayUrl: relay.url, dataDir, uptimeIntervalSecs: 120, loggerFor: () => silent,
    makePeerFactory: (chain) => rmbPeerFactory(relay.url, chain),
  });
  try {
    const farmId = await createDevFarm(chain.url, 'bench_farm');
    let start = performance.now();
    await Promise.all(Array.from({ length: NODES }, (_, i) => host.addNode({ name: `n${i + 1}`, farmId, profile: i % 3 ? 'small' : 'medium' })));
    const deadline = Date.now() + 300_000;
    while (host.list().filter((n) => n.state === 'online').length < NODES && Date.now() < deadline) await sleep(200);
    const online = host.list().filter((n) => n.state === 'online').length;
    console.log(`chain: ${online}/${NODES} nodes online in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    start = performance.now();
    const indexer = startIndexer({ chainUrl: chain.url });
    await indexer.ready;
    const withUptime = [...indexer.index.nodes.values()].filter((n) => n.updatedAt > 0).length;
    console.log(`indexer: ready in ${(performance.now() - start).toFixed(0)} ms at #${indexer.index.head.number} (${indexer.index.nodes.size} nodes, ${withUptime} with an uptime report)`);

    // Block lag: from dev_newBlock's answer to the indexer having applied that block.
    const lags: number[] = [];
    const provider = new WsProvider(chain.url);
    await provider.isReady;
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await provider.send('dev_newBlock', [{ count: 1 }]);
      await indexer.synced(Number((await provider.send('chain_getHeader', []) as { number: string }).number));
      lags.push(performance.now() - t);
    }
    await provider.disconnect();
    lags.sort((a, b) => a - b);
    console.log(`indexer: new block to applied, ms  p50 ${lags[5]!.toFixed(0)}  max ${lags[9]!.toFixed(0)}`);

    const proxy = await startProxy({ index: indexer.index, chainUrl: chain.url, relayUrl: relay.url, port: 0, live: { refreshMs: 500 } });
    start = performance.now();
    await proxy.rmbReady;
    const featuresDeadline = Date.now() + 60_000;
    const known = async () => ((await (await fetch(`${proxy.url}/nodes?features=zmachine&size=100`)).json()) as unknown[]).length;
    while (await known() < online && Date.now() < featuresDeadline) await sleep(250);
    console.log(`proxy: twin ready and features of ${await known()} nodes learnt over RMB in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    await measure('proxy on the chain-filled index', indexer.index, proxy.url);
    await proxy.close();
    await indexer.close();
  } finally {
    await host.close();
    await relay.close();
    await chain.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (process.env.GRIDBOX_BENCH_PROXY_CHAIN !== '0') await onChain();
  await measure('proxy on a MemoryGridIndex filled directly', gridOf(NODES));
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
