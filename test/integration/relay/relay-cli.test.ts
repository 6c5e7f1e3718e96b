// simulator/services/relay/main.ts as the orchestrator starts it: a child process that prints one JSON line with
// its URL, serves /health, logs on stderr, stops on SIGTERM with exit 0, and exits non-zero on bad arguments or an
// unreachable chain.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../../../simulator/chain';
import { collectingLogger } from '../chain/helpers';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = 'simulator/services/relay/main.ts';

let chain: RunningChain;
const children: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant', logger: collectingLogger().logger });
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
afterAll(async () => {
  await chain?.close();
});

function relayProcess(args: string[]): { child: ChildProcessWithoutNullStreams; out: () => string; err: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { err += c.toString(); });
  return { child, out: () => out, err: () => err };
}

async function until<T>(fn: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('prints {"relay": url} once listening, serves /health, and stops on SIGTERM', async () => {
  const p = relayProcess(['--chain', chain.url, '--port', '0']);
  const line = await until(() => p.out().split('\n').find((l) => l.startsWith('{')));
  const { relay } = JSON.parse(line) as { relay: string };
  expect(relay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  const health = await (await fetch(`${relay.replace('ws:', 'http:')}/health`)).json();
  expect(health).toMatchObject({ status: 'ok', connections: 0 });
  expect(p.err()).toContain('[relay] relay: listening');
  p.child.kill('SIGTERM');
  expect((await once(p.child, 'exit'))[0]).toBe(0);
  expect(p.out().trim().split('\n')).toHaveLength(1);
});

it('exits 2 without --chain and 1 when the chain cannot be reached', async () => {
  const bad = relayProcess([]);
  expect((await once(bad.child, 'exit'))[0]).toBe(2);
  expect(bad.err()).toContain('--chain is required');
  const unreachable = relayProcess(['--chain', 'ws://127.0.0.1:1']);
  expect((await once(unreachable.child, 'exit'))[0]).toBe(1);
  expect(unreachable.err()).toContain('cannot reach the chain');
});
