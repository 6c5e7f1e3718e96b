// `gridbox time` as a user runs it, against the chain recorded in a workspace's run.json: status, mode, advance and
// jump with progress, and the errors for a bad duration and for a workspace where no grid runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChain, type RunningChain } from '../../../simulator/chain';
import { workspacePaths, writeRunState } from '../../../simulator/grid/workspace';
import { gridbox, killLeftovers } from './cli-harness';

let chain: RunningChain;
let dir: string;
let empty: string;

/** Runs `gridbox time …` to completion (async: the chain answering it lives in this process). */
async function time(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const cli = gridbox(['time', ...args]);
  const code = await cli.exited;
  return { code, out: cli.stdout(), err: cli.stderr() };
}

beforeAll(async () => {
  chain = await startChain({ host: '127.0.0.1', port: 0, blockMode: 'instant' });
  dir = await mkdtemp(join(tmpdir(), 'gridbox-time-'));
  empty = await mkdtemp(join(tmpdir(), 'gridbox-time-empty-'));
  writeRunState(workspacePaths(dir, dir), {
    version: 1, pid: process.pid, startedAt: new Date().toISOString(), state: 'ready',
    parts: { chain: { pid: process.pid, url: chain.url } }, nodes: [],
  });
}, 60_000);

afterAll(async () => {
  killLeftovers();
  await chain?.close();
  await rm(dir, { recursive: true, force: true });
  await rm(empty, { recursive: true, force: true });
});

describe('gridbox time', () => {
  it('status shows the block mode, head and chain time against the wall clock', async () => {
    const human = await time('status', '--data', dir);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/Block mode +instant/);
    expect(human.out).toMatch(/Head +#0 0x[0-9a-f]{64}/);
    expect(human.out).toMatch(/Chain time +\d{4}-\d\d-\d\dT/);
    const json = await time('status', '--data', dir, '--json');
    expect(JSON.parse(json.out)).toMatchObject({ mode: 'instant', best: { number: 0 }, jump: null });
  }, 180_000);

  it('mode switches to manual and to interval with a block time; advance builds N blocks', async () => {
    expect((await time('mode', 'manual', '--data', dir)).out).toMatch(/Block mode +manual/);
    const advanced = await time('advance', '3', '--data', dir, '--json');
    expect(advanced.code).toBe(0);
    expect(JSON.parse(advanced.out).best.number).toBe(3);
    const interval = await time('mode', 'interval', '--block-time', '60000', '--data', dir, '--json');
    expect(JSON.parse(interval.out)).toMatchObject({ mode: 'interval', blockTimeMs: 60_000 });
    expect((await time('mode', 'manual', '--data', dir)).code).toBe(0);
  }, 180_000);

  it('jump 90m builds 900 blocks and moves chain time 90 minutes, with progress on stderr', async () => {
    const before = chain.chain.timeStatus();
    const jumped = await time('jump', '90m', '--data', dir);
    expect(jumped.code).toBe(0);
    expect(jumped.out).toMatch(/Jumped 1h 30m: blocks #4 to #903 \(900\)/);
    const after = chain.chain.timeStatus();
    expect(after.best.number).toBe(before.best.number + 900);
    expect(after.best.timestamp - before.best.timestamp).toBe(90 * 60_000);
  }, 240_000);

  it('refuses a bad duration, a bad count and a workspace without a grid, saying why', async () => {
    const bad = await time('jump', '25', '--data', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad duration "25": use a number and a unit/);
    expect((await time('jump', '40d', '--data', dir)).err).toMatch(/at most 30 days/);
    expect((await time('advance', '0', '--data', dir)).err).toMatch(/N must be a whole number from 1 to 10000/);
    expect((await time('mode', 'instant', '--block-time', '100', '--data', dir)).err).toMatch(/--block-time goes with interval only/);
    const none = await time('status', '--data', empty);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/no grid is running in .* \(start one with 'gridbox up'\)/);
  }, 240_000);
});
