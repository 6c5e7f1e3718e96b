// simulator/services/proxy/main.ts as a process: its own indexer on a real chain, one JSON line with its URL,
// the chain's farms in /farms, SIGTERM → exit 0; a missing --chain is a clear error and a non-zero exit.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../../../simulator/chain';
import { collectingLogger } from '../chain/helpers';
import { createDevFarm } from '../node/dev-farm';

const ROOT = resolve(import.meta.dirname, '../../..');

let chain: RunningChain | undefined;
let child: ChildProcessWithoutNullStreams | undefined;

afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(() => chain?.close());

/** The proxy process with its stdout and stderr collected. */
function proxyProcess(args: string[]): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string } {
  const output = { out: '', err: '' };
  child = spawn(process.execPath, ['--import', 'tsx', 'simulator/services/proxy/main.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => { output.out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { output.err += c.toString(); });
  return { child, out: () => output.out, err: () => output.err };
}

it('prints {"proxy": url} once its index is ready, serves the chain farms, and stops on SIGTERM', async () => {
  chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', logger: collectingLogger().logger });
  const farmId = await createDevFarm(chain.url, 'main_farm');
  const p = proxyProcess(['--chain', chain.url, '--port', '0']);
  const end = Date.now() + 120_000;
  while (!p.out().includes('\n') && Date.now() < end && p.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  const { proxy } = JSON.parse(p.out().split('\n')[0]!) as { proxy: string };
  expect(proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(await (await fetch(`${proxy}/version`)).json()).toEqual({ version: expect.any(String) });
  const farms = await (await fetch(`${proxy}/farms?farm_id=${farmId}`)).json() as { name: string }[];
  expect(farms.map((f) => f.name)).toEqual(['main_farm']);
  p.child.kill('SIGTERM');
  const [code] = await once(p.child, 'exit');
  expect(code).toBe(0);
  expect(p.err()).not.toMatch(/error:/);
}, 150_000);

it('exits non-zero with a clear message without --chain', async () => {
  const p = proxyProcess([]);
  const [code] = await once(p.child, 'exit');
  expect(code).not.toBe(0);
  expect(p.err()).toContain('--chain');
}, 120_000);
