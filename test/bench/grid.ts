/**
 * `npx tsx test/bench/grid.ts`: figures for the local grid orchestrator (nothing asserted; loops bounded).
 *   - `gridbox up --nodes 3 --instant --json` as a user runs it: time from spawning the command to its ready JSON
 *     line, cold (no bundles yet: the run builds them) and warm (best of RUNS)
 *   - Grid.up with GRIDBOX_BENCH_NODES (default 100) nodes: nodes online per second, from the node host's start
 *     to the last node online, and resident memory per node (the RSS of every part of the grid, summed, / N)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUNDLE_DIR } from '../../simulator/grid/bundles';
import { Grid, type ProgressEvent } from '../../simulator/grid/grid';
import { workspacePaths } from '../../simulator/grid/workspace';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.GRIDBOX_BENCH_UP_RUNS ?? 2);
const MANY = Number(process.env.GRIDBOX_BENCH_NODES ?? 100);
const READY_TIMEOUT_MS = 180_000;

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** Spawns `gridbox up`, resolves with ms until the JSON line, then stops it with SIGTERM and waits for its exit. */
function timeUp(dir: string): Promise<number> {
  return new Promise((ok, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'src-main/cli/gridbox.mjs'), 'up', '--nodes', '3', '--instant', '--json', '--free-ports', '--data', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let elapsed: number | undefined;
    const timer = setTimeout(() => child.kill('SIGTERM'), READY_TIMEOUT_MS);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (elapsed === undefined && out.includes('\n')) {
        elapsed = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      if (elapsed === undefined) fail(new Error(`gridbox up did not get ready:\n${err}`));
      else ok(elapsed);
    });
  });
}

function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function timeUpInFreshWorkspace(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-'));
  try {
    return await timeUp(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Cold: as the first start after a checkout or a source change, which bundles the CLI and the parts.
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const cold = await timeUpInFreshWorkspace();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeUpInFreshWorkspace());
  console.log(`grid: gridbox up --nodes 3 --instant, spawn to JSON line, s   cold ${seconds(cold)}  warm best ${seconds(Math.min(...times))}  runs ${times.map(seconds).join(' ')}  (target < 3 warm)`);

  const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-'));
  const marks: Record<string, number> = {};
  let online = 0;
  const onProgress = (e: ProgressEvent) => {
    if (e.step === 'nodeHost') marks.host = performance.now();
    if (e.step === 'node' && / online/.test(e.message)) online++;
  };
  const started = performance.now();
  const grid = await Grid.up({ workspace: workspacePaths(dir, dir), nodes: MANY, instant: true, ports: 'free', readyTimeoutMs: READY_TIMEOUT_MS, onProgress });
  const ready = performance.now();
  try {
    const state = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { parts: Record<string, { pid?: number }> };
    // Parts that share a process (chain, relay and activation in the default layout) are counted once.
    const byPid = new Map<number, string[]>();
    for (const [name, p] of Object.entries(state.parts)) if (p.pid) byPid.set(p.pid, [...(byPid.get(p.pid) ?? []), name]);
    const perPart = [...byPid].map(([pid, names]) => [names.join('+'), rssKiB(pid)] as const);
    const total = perPart.reduce((sum, [, kib]) => sum + kib, 0);
    console.log(`grid: ${MANY} nodes: up to ready, s                 ${seconds(ready - started)}  (${online} online events)`);
    console.log(`grid: nodes online per second (host start → ready)  ${(MANY / ((ready - (marks.host ?? started)) / 1000)).toFixed(1)}`);
    console.log(`grid: resident memory per node, MiB                 ${(total / 1024 / MANY).toFixed(2)}  (all parts ${(total / 1024).toFixed(0)} MiB: ${perPart.map(([n, k]) => `${n} ${(k / 1024).toFixed(0)}`).join(', ')})`);
  } finally {
    await grid.down();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
