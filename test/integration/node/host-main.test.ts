// host-main.ts as the orchestrator starts it: one stdout line with the control URL, logs on stderr prefixed by part,
// nodes added over the control API, POST /shutdown stops every agent and exits 0.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../../../simulator/chain';
import type { NodeStatus } from '../../../simulator/node/types';
import { startRelay, type RunningRelay } from '../../../simulator/services/relay';
import { collectingLogger } from '../chain/helpers';
import { createDevFarm } from './dev-farm';

let chain: RunningChain;
let relay: RunningRelay;
let dir: string;
let farmId: number;

beforeAll(async () => {
  chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', logger: collectingLogger().logger });
  relay = await startRelay({ chainUrl: chain.url, host: '127.0.0.1', port: 0 });
  dir = await mkdtemp(join(tmpdir(), 'gridbox-host-main-'));
  farmId = await createDevFarm(chain.url, 'main_farm');
});

afterAll(async () => {
  await relay?.close();
  await chain?.close();
  await rm(dir, { recursive: true, force: true });
});

it('prints its control URL, runs nodes, logs per node on stderr and shuts down on request', async () => {
  const token = 'main-test-token';
  const child = spawn(process.execPath, ['--import', 'tsx', 'simulator/node/host-main.ts', '--chain', chain.url, '--relay', relay.url, '--data', dir, '--uptime-interval', '2'],
    { env: { ...process.env, GRIDBOX_CONTROL_TOKEN: token }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).on('line', (l) => {
    stdout.push(l);
    resolve(l);
  }));
  const { control } = JSON.parse(first) as { control: string };
  expect(control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const added = await fetch(`${control}/nodes`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'node1', farmId, profile: 'small' }) });
  expect(added.status).toBe(201);
  let node: NodeStatus | undefined;
  for (let i = 0; i < 300 && !(node?.state === 'online' && node.relayConnected); i++) {
    await new Promise((r) => setTimeout(r, 100));
    node = (await (await fetch(`${control}/nodes`, { headers: auth })).json() as NodeStatus[])[0];
  }
  expect(node).toMatchObject({ state: 'online', relayConnected: true });
  expect((await stat(join(dir, 'node1', 'identity.json'))).mode & 0o777).toBe(0o600);
  expect((await fetch(`${control}/shutdown`, { method: 'POST', headers: auth })).status).toBe(200);
  expect(await exited).toBe(0);
  expect(stdout).toEqual([first]);
  expect(stderr.some((l) => l.startsWith('[node node1] ') && l.includes('registered'))).toBe(true);
  expect(stderr.some((l) => l.startsWith('[host] '))).toBe(true);
  // The identity's seed never reaches the logs.
  const seed = (JSON.parse(await readFile(join(dir, 'node1', 'identity.json'), 'utf8')) as { seed: string }).seed;
  expect(stderr.join('\n')).not.toContain(seed.slice(2));
}, 60_000);
