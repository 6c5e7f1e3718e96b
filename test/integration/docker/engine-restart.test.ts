// An engine restart as the grid sees it: every container of ours restarted at once (`docker restart`, what the
// restart policy does for each when dockerd comes back). The chain comes back from its bind-mounted data at the
// height it had, the relay and activation answer again, and every node boots from its folder with the same
// identity and node id, online again, without `gridbox up` being run again. Runs only when a Docker engine answers
// (GRIDBOX_REQUIRE_DOCKER=1 makes a missing engine a failure).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSimImage, listOurContainers, removeOurResources } from '../../../simulator/grid/docker/index';
import { dockerOrSkip } from './engine-or-skip';
import { gridbox, gridboxSync, killLeftovers, until, type UpSummary } from '../grid/cli-harness';

const READY_MS = 240_000;
const BACK_MS = 180_000;
const docker: Docker | undefined = await dockerOrSkip('the engine restart test');

const dir = mkdtempSync(join(tmpdir(), 'gridbox-engine-restart-'));
beforeAll(async () => {
  if (docker) await ensureSimImage(docker);
}, 600_000);
afterAll(async () => {
  killLeftovers();
  if (docker) await removeOurResources(docker, dir);
  rmSync(dir, { recursive: true, force: true });
});

interface StatusReport {
  parts: { name: string; alive: boolean }[];
  nodes: { name: string; state: string; nodeId: number | null }[];
}
const status = (): StatusReport | undefined => {
  const result = gridboxSync(['status', '--json', '--data', dir]);
  return result.status === 0 ? JSON.parse(result.stdout) as StatusReport : undefined;
};

async function rpc<T>(url: string, method: string): Promise<T | undefined> {
  try {
    const response = await fetch(url.replace(/^ws/, 'http'), {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: [] }), signal: AbortSignal.timeout(5000),
    });
    return ((await response.json()) as { result?: T }).result;
  } catch {
    return undefined;
  }
}
/** Polls an asynchronous check once a second (each one is an RPC or a `gridbox status`). */
async function eventually(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return check();
}

const height = async (url: string) => {
  const header = await rpc<{ number: string }>(url, 'chain_getHeader');
  return header ? Number.parseInt(header.number, 16) : -1;
};

describe.skipIf(!docker)('gridbox up --docker across an engine restart', () => {
  it('comes back with the chain at its height and every node online with the same node id', async () => {
    const cli = gridbox(['up', '--docker', '--nodes', '2', '--instant', '--json', '--free-ports', '--uptime-interval', '2', '--data', dir]);
    const [line] = await cli.waitFor(/^\{.*\}$/m, READY_MS);
    const summary = JSON.parse(line) as UpSummary;
    if (!summary.substrate) throw new Error(`gridbox up failed: ${line}\n${cli.stderr()}`);
    const ids = summary.nodes.map((n) => [n.name, n.nodeId]);
    const before = await height(summary.substrate);
    expect(before).toBeGreaterThan(0);

    const ours = await listOurContainers(docker!, dir);
    expect(ours.map((c) => c.part).sort()).toEqual(['activation', 'chain', 'node1', 'node2', 'relay']);
    const startedAt = async () => Promise.all(ours.map(async (c) => (await docker!.getContainer(c.id).inspect()).State.StartedAt));
    const firstStarts = await startedAt();
    await Promise.all(ours.map((c) => docker!.getContainer(c.id).restart({ t: 2 })));
    const secondStarts = await startedAt();
    secondStarts.forEach((at, i) => expect(at).not.toBe(firstStarts[i]));

    // The same URLs (host ports chosen up front), the chain from its data: at least the height it had.
    expect(await eventually(async () => (await height(summary.substrate)) >= before, BACK_MS)).toBe(true);
    const online = () => {
      const report = status();
      return report !== undefined && report.nodes.length === 2 && report.nodes.every((n) => n.state === 'online');
    };
    expect(await eventually(online, BACK_MS)).toBe(true);
    const report = status()!;
    expect(report.nodes.map((n) => [n.name, n.nodeId])).toEqual(ids);
    // A part that started before the chain answered exits and is restarted by its policy: running again soon after.
    expect(await eventually(() => status()?.parts.every((p) => p.alive) === true, BACK_MS)).toBe(true);
    // Still the grid `gridbox up` started, not a new one: it never stopped.
    expect(cli.child.exitCode).toBeNull();
    // Fresh uptime after the restart: the chain keeps making blocks for the nodes' reports.
    const after = await height(summary.substrate);
    expect(await eventually(async () => (await height(summary.substrate)) > after, 60_000)).toBe(true);

    expect(gridboxSync(['down', '--data', dir]).status).toBe(0);
    expect(await until(() => cli.child.exitCode !== null, 30_000)).toBe(true);
    expect(await listOurContainers(docker!, dir)).toEqual([]);
  }, 720_000);
});
