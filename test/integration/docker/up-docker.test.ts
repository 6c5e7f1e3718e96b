// `gridbox up --docker` as a user runs it: ready with the same JSON as the process backend, each part in a
// container carrying our labels on a labelled bridge network, ports published on 127.0.0.1 only; `docker pause` of
// the node container stops the uptime reports the chain receives (and unpause brings them back); `gridbox down`
// leaves no container, network or volume of ours. Runs only when a Docker engine answers; with
// GRIDBOX_REQUIRE_DOCKER=1 (set by .ci/run) a missing engine fails the test instead of skipping it.
import '@polkadot/api-augment';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type Docker from 'dockerode';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDocker, listOurContainers, removeOurResources } from '../../../simulator/grid/docker/index';
import { OWNER, OWNER_LABEL, WORKSPACE_LABEL } from '../../../simulator/grid/docker/engine';
import { gridbox, gridboxSync, killLeftovers, until } from '../grid/cli-harness';

const READY_MS = 150_000;
const WINDOW_MS = 6_000;
const required = process.env.GRIDBOX_REQUIRE_DOCKER === '1';
const docker: Docker | undefined = await connectDocker().catch((error: unknown) => {
  if (required) throw new Error(`GRIDBOX_REQUIRE_DOCKER=1 but ${(error as Error).message}`);
  console.warn(`skipping the Docker backend tests: ${(error as Error).message}`);
  return undefined;
});

const dir = mkdtempSync(join(tmpdir(), 'gridbox-docker-'));
afterAll(async () => {
  killLeftovers();
  if (docker) await removeOurResources(docker, dir);
  rmSync(dir, { recursive: true, force: true });
});

interface Summary {
  substrate: string;
  relay: string;
  activation: string;
  nodes: { nodeId: number; name: string }[];
}

/** How many uptime reports the chain records in the next `ms` (in new blocks: the current one's events are skipped). */
async function uptimeReports(api: ApiPromise, ms: number): Promise<number> {
  let count = 0;
  let current = true;
  const unsubscribe = await api.query.system!.events!((records: unknown) => {
    if (current) {
      current = false;
      return;
    }
    for (const { event } of records as { event: { section: string; method: string } }[]) {
      if (event.section === 'tfgridModule' && event.method === 'NodeUptimeReported') count++;
    }
  });
  await new Promise((resolve) => setTimeout(resolve, ms));
  (unsubscribe as unknown as () => void)();
  return count;
}

describe('gridbox up --docker without an engine', () => {
  it('says Docker is not running and exits 1', async () => {
    const cli = gridbox(['up', '--docker', '--nodes', '0', '--free-ports', '--data', join(dir, 'none')], { DOCKER_HOST: 'tcp://127.0.0.1:1' });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toMatch(/Docker is not running: start it \(sudo systemctl start docker\) or run without --docker/);
  }, 30_000);
});

describe.skipIf(!docker)('gridbox up --docker', () => {
  it('runs the grid in labelled containers, pausing the node container stops its uptime, and down leaves nothing', async () => {
    const cli = gridbox(['up', '--docker', '--nodes', '3', '--instant', '--json', '--free-ports', '--uptime-interval', '1', '--data', dir]);
    const [line] = await cli.waitFor(/^\{.*\}$/m, READY_MS);
    const summary = JSON.parse(line) as Summary;
    expect(summary.substrate).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.relay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.activation).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3']);

    const containers = await listOurContainers(docker!, dir);
    expect(containers.map((c) => c.part).sort()).toEqual(['nodes', 'services']);
    for (const c of containers) {
      const info = await docker!.getContainer(c.id).inspect();
      expect(info.Config.Labels).toMatchObject({ [OWNER_LABEL]: OWNER, [WORKSPACE_LABEL]: dir });
      expect(info.State.Running).toBe(true);
      expect(info.HostConfig.RestartPolicy?.Name).toBe('on-failure');
      const bindings = Object.values(info.HostConfig.PortBindings ?? {}).flat() as { HostIp: string }[];
      expect(bindings.length).toBeGreaterThan(0);
      for (const binding of bindings) expect(binding.HostIp).toBe('127.0.0.1');
    }
    const networks = await docker!.listNetworks({ filters: JSON.stringify({ label: [`${WORKSPACE_LABEL}=${dir}`] }) });
    expect(networks).toHaveLength(1);

    const api = await ApiPromise.create({ provider: new WsProvider(summary.substrate), noInitWarn: true, throwOnConnect: true });
    try {
      expect(await uptimeReports(api, WINDOW_MS)).toBeGreaterThan(0);
      expect(gridboxSync(['node', 'node1', 'pause', '--data', dir]).status).toBe(0);
      const nodes = await docker!.getContainer(containers.find((c) => c.part === 'nodes')!.id).inspect();
      expect(nodes.State.Paused).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await uptimeReports(api, WINDOW_MS)).toBe(0);
      expect(gridboxSync(['node', 'node1', 'unpause', '--data', dir]).status).toBe(0);
      expect(await uptimeReports(api, WINDOW_MS)).toBeGreaterThan(0);

      // Cut from the bridge network, the node host cannot reach the chain; connected again, it is back on it.
      expect(gridboxSync(['node', 'node1', 'disconnect', '--data', dir]).status).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await uptimeReports(api, WINDOW_MS)).toBe(0);
      expect(gridboxSync(['node', 'node1', 'connect', '--data', dir]).status).toBe(0);
      const reconnected = await docker!.getContainer(containers.find((c) => c.part === 'nodes')!.id).inspect();
      expect(Object.keys(reconnected.NetworkSettings.Networks)).toEqual(networks.map((n) => n.Name));
    } finally {
      await api.disconnect();
    }

    const status = JSON.parse(gridboxSync(['status', '--json', '--data', dir]).stdout) as { parts: { name: string; alive: boolean }[]; containers: { part: string }[] };
    expect(status.parts.every((p) => p.alive)).toBe(true);
    expect(status.containers.map((c) => c.part).sort()).toEqual(['nodes', 'services']);
    expect(gridboxSync(['logs', 'services', '--data', dir]).stdout).toMatch(/substrate/);
    const down = gridboxSync(['down', '--data', dir]);
    expect(down.status).toBe(0);
    expect(await until(() => cli.child.exitCode !== null, 20_000)).toBe(true);
    expect(await listOurContainers(docker!, dir)).toEqual([]);
    expect(await docker!.listNetworks({ filters: JSON.stringify({ label: [`${WORKSPACE_LABEL}=${dir}`] }) })).toEqual([]);
    expect((await docker!.listVolumes({ filters: JSON.stringify({ label: [`${WORKSPACE_LABEL}=${dir}`] }) })).Volumes ?? []).toEqual([]);
  }, 240_000);
});
