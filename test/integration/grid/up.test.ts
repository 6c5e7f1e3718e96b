// `gridbox up --nodes 3 --instant --json` as a user runs it: ready with the documented JSON; the nodes are on chain
// in the farmer's farm and have reported uptime (read with @polkadot/api); `gridbox status` lists them; a fault set
// with `gridbox node` shows there; SIGTERM leaves no process behind; `gridbox down` from another process stops it.
import '@polkadot/api-augment';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { describe, expect, it } from 'vitest';
import { gridboxSync, gridboxUp, isAlive, tempDirs, until } from './cli-harness';

const READY_MS = 150_000;
const workspace = tempDirs('gridbox-up-');

function up(dir: string, nodes: number, extra: string[] = []) {
  return gridboxUp(dir, nodes, extra, READY_MS);
}

function pidsOf(dir: string): number[] {
  const state = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { pid: number; parts: Record<string, { pid?: number }> };
  return [state.pid, ...Object.values(state.parts).map((p) => p.pid!)];
}

describe('gridbox up', () => {
  it('brings up three nodes on chain with uptime, shows them and their faults, and leaves nothing behind on SIGTERM', async () => {
    const dir = workspace();
    const { cli, summary } = await up(dir, 3);

    expect(summary.substrate).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.relay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.activation).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.farmer).toEqual({ address: expect.stringMatching(/^5/), twinId: expect.any(Number), farmId: expect.any(Number) });
    expect(summary.nodes.map((n) => n.name)).toEqual(['node1', 'node2', 'node3']);
    // Registered in name order: on a fresh chain node1 has the lowest node id (workshops rely on fixed ids).
    expect(summary.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3]);
    for (const node of summary.nodes) expect(node.farmId).toBe(summary.farmer.farmId);
    expect(cli.stderr()).toMatch(/ready: 3 nodes online/);
    expect(statSync(join(dir, 'run.json')).mode & 0o777).toBe(0o600);

    const api = await ApiPromise.create({ provider: new WsProvider(summary.substrate), noInitWarn: true, throwOnConnect: true });
    try {
      const farm = (await api.query.tfgridModule!.farms!(summary.farmer.farmId)).toPrimitive() as { name: string; twinId: number };
      expect(farm.twinId).toBe(summary.farmer.twinId);
      const uptimeFrom = new Set<number>();
      const head = (await api.rpc.chain.getHeader()).number.toNumber();
      for (let n = 1; n <= head; n++) {
        const events = await api.query.system.events.at(await api.rpc.chain.getBlockHash(n));
        for (const { event } of events) {
          if (event.section === 'tfgridModule' && event.method === 'NodeUptimeReported') uptimeFrom.add(Number(event.data[0]!.toPrimitive()));
        }
      }
      for (const node of summary.nodes) {
        const onChain = (await api.query.tfgridModule!.nodes!(node.nodeId)).toPrimitive() as { farmId: number; twinId: number };
        expect(onChain).toMatchObject({ farmId: summary.farmer.farmId, twinId: node.twinId });
        expect(uptimeFrom.has(node.nodeId)).toBe(true);
      }
    } finally {
      await api.disconnect();
    }

    const status = gridboxSync(['status', '--json', '--data', dir]);
    expect(status.status).toBe(0);
    const report = JSON.parse(status.stdout) as { parts: { name: string; alive: boolean }[]; nodes: { name: string; state: string; nodeId: number; uptimeReports: number; faults: { pauseUptime: boolean } }[] };
    expect(report.parts.map((p) => [p.name, p.alive])).toEqual([
      ['chain', true], ['relay', true], ['activation', true], ['proxy', true], ['graphql', true], ['kyc', true], ['nodes', true],
    ]);
    expect(report.nodes.map((n) => [n.name, n.state, n.nodeId])).toEqual(summary.nodes.map((n) => [n.name, 'online', n.nodeId]));
    for (const node of report.nodes) expect(node.uptimeReports).toBeGreaterThanOrEqual(1);

    expect(gridboxSync(['node', 'node2', 'pause-uptime', '--data', dir]).status).toBe(0);
    const after = JSON.parse(gridboxSync(['status', '--json', '--data', dir]).stdout) as typeof report;
    expect(after.nodes.map((n) => n.faults.pauseUptime)).toEqual([false, true, false]);

    const unknown = gridboxSync(['node', 'node9', 'crash', '--data', dir]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown node: node9/);

    const pids = pidsOf(dir);
    expect(new Set(pids).size).toBe(3);
    const relayLog = gridboxSync(['logs', 'relay', '--data', dir]).stdout;
    expect(relayLog).toMatch(/\[relay\] relay: listening/);
    expect(relayLog).not.toMatch(/\[chain\]/);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(await until(() => pids.every((p) => !isAlive(p)), 10_000)).toBe(true);
    expect(gridboxSync(['status', '--data', dir]).stderr).toMatch(/no grid is running/);
  }, READY_MS + 60_000);

  it('runs chain, relay and activation as separate processes on request, and is stopped by gridbox down from another process', async () => {
    const dir = workspace();
    const { cli, summary } = await up(dir, 1, ['--separate']);
    expect(summary.nodes).toHaveLength(1);
    const pids = pidsOf(dir);
    expect(new Set(pids).size).toBe(5);
    expect(gridboxSync(['logs', 'relay', '--data', dir]).stdout).toMatch(/\[relay\]/);
    const down = gridboxSync(['down', '--data', dir]);
    expect(down.status).toBe(0);
    expect(await cli.exited).toBe(0);
    expect(pids.filter(isAlive)).toEqual([]);
    expect(gridboxSync(['down', '--data', dir]).stderr).toMatch(/no grid is running/);
  }, READY_MS + 60_000);

  it('leaves no process behind when gridbox up itself is killed (SIGKILL)', async () => {
    const dir = workspace();
    const { cli } = await up(dir, 1);
    const pids = pidsOf(dir);
    cli.child.kill('SIGKILL');
    // Each part sees its stdin close, stops itself and is gone within its 5 s grace.
    expect(await until(() => pids.every((p) => !isAlive(p)), 15_000)).toBe(true);
    expect(gridboxSync(['status', '--data', dir]).stderr).toMatch(/is gone/);
  }, READY_MS + 30_000);

  it('refuses bad arguments with a usage error', () => {
    const bad = gridboxSync(['up', '--nodes', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--nodes must be a whole number/);
    expect(gridboxSync(['node', 'node1', 'clock-skew', 'soon', '--data', workspace()]).stderr).toMatch(/clock-skew needs a whole number/);
  });
});
