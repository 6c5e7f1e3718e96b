// `gridbox up --docker` as a user runs it: ready with the same JSON as the process backend; chain, relay,
// activation and every node each in a container carrying our labels on a labelled bridge network, ports published
// on 127.0.0.1 only; `gridbox node node2 pause` freezes node2's container and only node2's uptime reports stop;
// a disconnected node container reports nothing until connected again; a restarted node container comes back
// with the same node id and `gridbox status` shows it; `gridbox down` leaves no container, network or volume of
// ours and keeps the image. Runs only when a Docker engine answers; with GRIDBOX_REQUIRE_DOCKER=1 (set by .ci/run)
// a missing engine fails the test instead of skipping it.
import '@polkadot/api-augment';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, ensureSimImage, listOurContainers, removeOurResources } from '../../../simulator/grid/docker/index';
import { OWNER, OWNER_LABEL, WORKSPACE_LABEL } from '../../../simulator/grid/docker/engine';
import { gridbox, gridboxSync, killLeftovers, until, type UpSummary } from '../grid/cli-harness';

const READY_MS = 240_000;
const WINDOW_MS = 5_000;
const required = process.env.GRIDBOX_REQUIRE_DOCKER === '1';
const docker: Docker | undefined = await connectDocker().catch((error: unknown) => {
  if (required) throw new Error(`GRIDBOX_REQUIRE_DOCKER=1 but ${(error as Error).message}`);
  console.warn(`skipping the Docker backend tests: ${(error as Error).message}`);
  return undefined;
});

const dir = mkdtempSync(join(tmpdir(), 'gridbox-docker-'));
// Built (or found) once before the timed parts: bundling and building take minutes on a loaded 2-core machine.
beforeAll(async () => {
  if (docker) await ensureSimImage(docker);
}, 600_000);
afterAll(async () => {
  killLeftovers();
  // A killed `gridbox up` leaves its containers running (gridbox down removes them): remove them by label.
  if (docker) for (const workspace of [dir, join(dir, 'grid')]) await removeOurResources(docker, workspace);
  rmSync(dir, { recursive: true, force: true });
});

/** Uptime reports per node id the chain records in the next `ms` (in new blocks: the current one's are skipped). */
async function uptimeByNode(api: ApiPromise, ms: number): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  let current = true;
  const unsubscribe = await api.query.system!.events!((records: unknown) => {
    if (current) {
      current = false;
      return;
    }
    for (const { event } of records as { event: { section: string; method: string; data: { toPrimitive(): unknown }[] } }[]) {
      if (event.section !== 'tfgridModule' || event.method !== 'NodeUptimeReported') continue;
      const nodeId = Number(event.data[0]!.toPrimitive());
      counts.set(nodeId, (counts.get(nodeId) ?? 0) + 1);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  (unsubscribe as unknown as () => void)();
  return counts;
}

/** Whether the chain records an uptime report of the node within `ms` (a node just thawed may first reconnect). */
async function reportsAgain(api: ApiPromise, node: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) if (((await uptimeByNode(api, 2000)).get(node) ?? 0) > 0) return true;
  return false;
}

interface StatusReport {
  parts: { name: string; alive: boolean }[];
  containers: { part: string; state: string }[];
  nodes: { name: string; state: string; nodeId: number | null; error?: string }[];
}

const status = (workspace: string) => JSON.parse(gridboxSync(['status', '--json', '--data', workspace]).stdout) as StatusReport;

/** `gridbox down`, then nothing of ours is left for the workspace. */
async function downLeavesNothing(workspace: string, cli: ReturnType<typeof gridbox>): Promise<void> {
  expect(gridboxSync(['down', '--data', workspace]).status).toBe(0);
  expect(await until(() => cli.child.exitCode !== null, 30_000)).toBe(true);
  const filters = JSON.stringify({ label: [`${WORKSPACE_LABEL}=${workspace}`] });
  expect(await listOurContainers(docker!, workspace)).toEqual([]);
  expect(await docker!.listNetworks({ filters })).toEqual([]);
  expect((await docker!.listVolumes({ filters })).Volumes ?? []).toEqual([]);
}

describe('gridbox up --docker without an engine', () => {
  it('says Docker is not running and exits 1', async () => {
    const cli = gridbox(['up', '--docker', '--nodes', '0', '--free-ports', '--data', join(dir, 'none')], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toMatch(/Docker is not running: start it \(sudo systemctl start docker\) or run without --docker/);
  }, 30_000);
});

describe.skipIf(!docker)('gridbox up --docker', () => {
  it('runs each part and each node in its own labelled container; node faults reach only that node; a restarted node keeps its id', async () => {
    const workspace = join(dir, 'grid');
    const cli = gridbox(['up', '--docker', '--nodes', '3', '--instant', '--json', '--free-ports', '--uptime-interval', '1', '--data', workspace]);
    const [line] = await cli.waitFor(/^\{.*\}$/m, READY_MS);
    const summary = JSON.parse(line) as UpSummary;
    if (!summary.substrate) throw new Error(`gridbox up failed: ${line}\n${cli.stderr()}`);
    expect(summary.substrate).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.relay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.activation).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3']);
    const nodeId = (name: string) => summary.nodes.find((n) => n.name === name)!.nodeId;

    const containers = await listOurContainers(docker!, workspace);
    expect(containers.map((c) => c.part).sort()).toEqual(['activation', 'chain', 'node1', 'node2', 'node3', 'relay']);
    const image = (await docker!.getContainer(containers[0]!.id).inspect()).Config.Image;
    for (const c of containers) {
      const info = await docker!.getContainer(c.id).inspect();
      expect(info.Config.Labels).toMatchObject({ [OWNER_LABEL]: OWNER, [WORKSPACE_LABEL]: workspace });
      expect(info.State.Running).toBe(true);
      expect(info.HostConfig.RestartPolicy?.Name).toBe('unless-stopped');
      const bindings = Object.values(info.HostConfig.PortBindings ?? {}).flat() as { HostIp: string }[];
      expect(bindings.length).toBeGreaterThan(0);
      for (const binding of bindings) expect(binding.HostIp).toBe('127.0.0.1');
    }
    const networks = await docker!.listNetworks({ filters: JSON.stringify({ label: [`${WORKSPACE_LABEL}=${workspace}`] }) });
    expect(networks).toHaveLength(1);
    const containerOf = (part: string) => docker!.getContainer(containers.find((c) => c.part === part)!.id);

    const api = await ApiPromise.create({ provider: new WsProvider(summary.substrate), noInitWarn: true, throwOnConnect: true });
    try {
      expect(gridboxSync(['node', 'node2', 'pause', '--data', workspace]).status).toBe(0);
      expect((await containerOf('node2').inspect()).State.Paused).toBe(true);
      expect((await containerOf('node1').inspect()).State.Paused).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const paused = await uptimeByNode(api, WINDOW_MS);
      expect(paused.get(nodeId('node2')) ?? 0).toBe(0);
      expect(paused.get(nodeId('node1'))).toBeGreaterThan(0);
      expect(paused.get(nodeId('node3'))).toBeGreaterThan(0);
      expect(status(workspace).nodes.find((n) => n.name === 'node2')?.error).toBe('container paused');
      expect(gridboxSync(['node', 'node2', 'unpause', '--data', workspace]).status).toBe(0);
      expect(await reportsAgain(api, nodeId('node2'), 60_000)).toBe(true);

      // Cut from the bridge network, node1 cannot reach the chain; connected again, it is back on it.
      expect(gridboxSync(['node', 'node1', 'disconnect', '--data', workspace]).status).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const cut = await uptimeByNode(api, WINDOW_MS);
      expect(cut.get(nodeId('node1')) ?? 0).toBe(0);
      expect(cut.get(nodeId('node3'))).toBeGreaterThan(0);
      expect(gridboxSync(['node', 'node1', 'connect', '--data', workspace]).status).toBe(0);
      const reconnected = await containerOf('node1').inspect();
      expect(Object.keys(reconnected.NetworkSettings.Networks)).toEqual(networks.map((n) => n.Name));
    } finally {
      await api.disconnect();
    }

    // A restarted node container boots from its bind-mounted folder: same identity, same node id.
    const before = (await containerOf('node3').inspect()).State.StartedAt;
    await containerOf('node3').restart({ t: 2 });
    expect((await containerOf('node3').inspect()).State.StartedAt).not.toBe(before);
    const back = () => status(workspace).nodes.find((n) => n.name === 'node3');
    expect(await until(() => back()?.state === 'online', 90_000)).toBe(true);
    expect(back()?.nodeId).toBe(nodeId('node3'));

    const report = status(workspace);
    expect(report.parts.every((p) => p.alive)).toBe(true);
    expect(report.nodes.map((n) => n.state)).toEqual(['online', 'online', 'online']);
    const logs = gridboxSync(['logs', 'node3', '--data', workspace]).stdout;
    expect(logs).toMatch(/\[node node3\] .*registered/);
    expect(logs).toMatch(/\[node node3\] \[gridbox\] container exited .* and was restarted/);
    expect(logs).not.toMatch(/\[node node1\]/);
    await downLeavesNothing(workspace, cli);
    // The image stays for the next `gridbox up --docker` (only `gridbox images --prune` removes old ones).
    expect(await docker!.getImage(image).inspect().then(() => true, () => false)).toBe(true);
  }, 480_000);
});
