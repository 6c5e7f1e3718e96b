/**
 * `npx tsx test/bench/nodes.ts`: figures for the simulated Zero-OS nodes. The chain and relay run in this process;
 * the node host runs as its own process (host-main.ts, as `gridbox up` starts it), so its resident memory is its own.
 *   - boot to online of one agent: POST /nodes until NodeStatus.state == online (funded by the dev faucet,
 *     T&C, twin, createNode, relay set, first uptime report in a block)
 *   - resident memory (VmRSS) of a host with 20 and 100 agents, all online and connected to the relay
 * Nothing is asserted; every loop is bounded. GRIDBOX_BENCH_NODES=20,100 sets the sizes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startChain } from '../../simulator/chain';
import type { NodeStatus } from '../../simulator/node/types';
import { startRelay } from '../../simulator/services/relay';
import { createDevFarm } from '../integration/node/dev-farm';

const SIZES = (process.env.GRIDBOX_BENCH_NODES ?? '20,100').split(',').map(Number).filter((n) => n > 0);
const TOKEN = 'bench-token';
const mib = (kib: number) => (kib / 1024).toFixed(1);

function rssKib(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function startHost(chainUrl: string, relayUrl: string, dataDir: string): Promise<{ child: ChildProcess; control: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/node/host-main.ts', '--chain', chainUrl, '--relay', relayUrl, '--data', dataDir],
    { env: { ...process.env, GRIDBOX_CONTROL_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'ignore'] });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('host did not start within 60 s')), 60_000);
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`host exited with ${code}`)));
  });
  return { child, control: (JSON.parse(line) as { control: string }).control };
}

async function control<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return await r.json() as T;
}

async function waitOnline(base: string, count: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let online = 0;
  while (Date.now() < deadline) {
    const nodes = await control<NodeStatus[]>(base, 'GET', '/nodes');
    online = nodes.filter((n) => n.state === 'online' && n.relayConnected).length;
    if (online >= count) return online;
    await new Promise((r) => setTimeout(r, 50));
  }
  return online;
}

async function main(): Promise<void> {
  const chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant' });
  const relay = await startRelay({ chainUrl: chain.url, host: '127.0.0.1', port: 0 });
  const farmId = await createDevFarm(chain.url, 'bench_farm');

  for (const size of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-nodes-'));
    const { child, control: base } = await startHost(chain.url, relay.url, dir);
    try {
      const idle = rssKib(child.pid!);
      const start = performance.now();
      await control(base, 'POST', '/nodes', { name: `n${size}-0`, farmId, profile: 'small' });
      await waitOnline(base, 1, 60_000);
      const first = performance.now() - start;
      const t1 = performance.now();
      for (let i = 1; i < size; i++) await control(base, 'POST', '/nodes', { name: `n${size}-${i}`, farmId, profile: 'small' });
      const online = await waitOnline(base, size, 300_000);
      const all = performance.now() - t1;
      await new Promise((r) => setTimeout(r, 2000));
      console.log(`nodes: one agent boot → online (funded, registered, relay, first uptime) ${first.toFixed(0)} ms`);
      console.log(`nodes: ${online}/${size} agents online in ${(all / 1000).toFixed(1)} s; host RSS ${mib(rssKib(child.pid!))} MiB (idle host ${mib(idle)} MiB)`);
    } finally {
      await control(base, 'POST', '/shutdown').catch(() => {});
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  await relay.close();
  await chain.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
