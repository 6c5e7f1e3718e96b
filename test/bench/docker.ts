/**
 * `npx tsx test/bench/docker.ts`: figures for the Docker backend and for scale (nothing asserted; waits bounded).
 *   - the simulator image: a cold build (a fresh tag: bundling and the engine's build) and a cached one (the tag of
 *     an unchanged checkout, found again)
 *   - Grid.up with the Docker backend, 3 and GRIDBOX_BENCH_DOCKER_NODES (default 20) nodes: time to ready, and the
 *     resident memory of each node's container (the RSS of its process)
 *   - Grid.up with the process backend, GRIDBOX_BENCH_PROCESS_NODES (default 100) nodes: time to ready and the RSS
 *     of every part, summed
 * Targets (issue 5): 20 Docker nodes ready in under 30 s; 100 process nodes in under 20 s within 1.5 GiB.
 * Skips the Docker part when no engine answers. GRIDBOX_BENCH_PARTS=image,docker3,docker,process picks some.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { Grid } from '../../simulator/grid/grid';
import { DockerBackend } from '../../simulator/grid/docker/docker-backend';
import { connectDocker, ensureSimImage, listOurContainers, removeOurResources } from '../../simulator/grid/docker/index';
import { workspacePaths } from '../../simulator/grid/workspace';

const DOCKER_NODES = Number(process.env.GRIDBOX_BENCH_DOCKER_NODES ?? 20);
const PROCESS_NODES = Number(process.env.GRIDBOX_BENCH_PROCESS_NODES ?? 100);
const READY_TIMEOUT_MS = 240_000;
const PARTS = new Set((process.env.GRIDBOX_BENCH_PARTS ?? 'image,docker3,docker,process').split(','));
const MiB = 1024;

const seconds = (ms: number) => (ms / 1000).toFixed(1);

function rssKiB(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

async function imageFigures(docker: Docker): Promise<string> {
  const [cold, coldMs] = await timed(() => ensureSimImage(docker, () => {}, { salt: `bench-${process.pid}-${Date.now()}` }));
  await docker.getImage(cold.tag).remove().catch(() => {});
  await ensureSimImage(docker);
  const [, cachedMs] = await timed(() => ensureSimImage(docker));
  return `docker: image build, s                 cold ${seconds(coldMs)}  cached ${(cachedMs / 1000).toFixed(3)}`;
}

async function dockerGrid(docker: Docker, nodes: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-docker-'));
  const workspace = workspacePaths(dir, dir);
  const { tag } = await ensureSimImage(docker);
  const backend = new DockerBackend({ docker, image: tag, workspaceRoot: dir, logDir: workspace.logs });
  try {
    const [grid, readyMs] = await timed(() => Grid.up({
      workspace, nodes, instant: true, ports: 'free', layout: 'separate', backend, readyTimeoutMs: READY_TIMEOUT_MS,
    }));
    const rss: number[] = [];
    let parts = 0;
    for (const c of await listOurContainers(docker, dir)) {
      const kib = rssKiB((await docker.getContainer(c.id).inspect()).State.Pid);
      if (c.role === 'node') rss.push(kib);
      else parts += kib;
    }
    await grid.down();
    const mean = rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length);
    return `docker: ${String(nodes).padStart(3)} nodes ready, s            ${seconds(readyMs)}  node container RSS mean ${(mean / MiB).toFixed(0)} MiB`
      + ` (min ${(Math.min(...rss) / MiB).toFixed(0)}, max ${(Math.max(...rss) / MiB).toFixed(0)}), chain+relay+activation ${(parts / MiB).toFixed(0)} MiB`;
  } finally {
    await backend.close();
    await removeOurResources(docker, dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function processGrid(nodes: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-process-'));
  try {
    const [grid, readyMs] = await timed(() => Grid.up({ workspace: workspacePaths(dir, dir), nodes, instant: true, ports: 'free', readyTimeoutMs: READY_TIMEOUT_MS }));
    const state = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { parts: Record<string, { pid?: number }> };
    const pids = new Set(Object.values(state.parts).map((p) => p.pid).filter((p): p is number => p !== undefined));
    const total = [...pids].reduce((sum, pid) => sum + rssKiB(pid), 0);
    await grid.down();
    return `process: ${nodes} nodes ready, s             ${seconds(readyMs)}  total RSS ${(total / MiB).toFixed(0)} MiB (${pids.size} processes)  (targets < 20 s, < 1536 MiB)`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const docker = await connectDocker().catch((error: unknown) => {
    console.log(`docker: skipped (${(error as Error).message})`);
    return undefined;
  });
  if (docker && PARTS.has('image')) console.log(await imageFigures(docker));
  if (docker && PARTS.has('docker3')) console.log(await dockerGrid(docker, 3));
  if (docker && PARTS.has('docker')) console.log(`${await dockerGrid(docker, DOCKER_NODES)}  (target < 30 s for 20)`);
  if (PARTS.has('process')) console.log(await processGrid(PROCESS_NODES));
}

main().then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
