/**
 * `npx tsx test/bench/grid.ts`: figures for the local grid orchestrator (nothing asserted; loops bounded).
 *   - `gridbox up --nodes 3 --instant --json` as a user runs it: time from spawning the command to its ready JSON
 *     line, cold (no bundles or caches yet: the run builds them, as the first start after a source change) and warm
 *     (best and median of GRIDBOX_BENCH_UP_RUNS, default 3), then one warm run's phases across processes
 *     (GRIDBOX_PROFILE=1, see simulator/grid/startup-profile.ts) with each process's CPU time, which a busy
 *     machine inflates far less than wall time
 *   - Grid.up with GRIDBOX_BENCH_NODES (default 100) nodes: nodes online per second, from the node host's start
 *     to the last node online, and resident memory per node (the RSS of every part of the grid, summed, / N)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE_DIR } from '../../simulator/grid/bundles';
import { Grid, type ProgressEvent } from '../../simulator/grid/grid';
import { workspacePaths } from '../../simulator/grid/workspace';
import { formatTimeline, timeUp } from './up-timeline';

const RUNS = Math.min(10, Number(process.env.GRIDBOX_BENCH_UP_RUNS ?? 3));
const MANY = Number(process.env.GRIDBOX_BENCH_NODES ?? 100);
const READY_TIMEOUT_MS = 180_000;

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  // Cold: as the first start after a checkout or a source change, which bundles the CLI and the parts.
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const cold = (await timeUp()).ms;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push((await timeUp()).ms);
  console.log(`grid: gridbox up --nodes 3 --instant, spawn to JSON line, s   cold ${seconds(cold)}  warm best ${seconds(Math.min(...times))}  median ${seconds(median(times))}  runs ${times.map(seconds).join(' ')}  (target < 3 warm, idle machine)`);
  console.log('grid: one warm run, phase by phase (ms since spawn, the process, its CPU time so far):');
  console.log(formatTimeline(await timeUp({ profile: true })).replace(/^/gm, '  '));

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
