// A node host on a real dev chain: agents register with their own keys into a farm the farmer made with
// tfchain_client, report uptime, obey faults (pause, crash, no SSD, clock skew) and the control API's token.
import { WsProvider } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { NodeHost } from '../../../simulator/node/host';
import type { NodeStatus } from '../../../simulator/node/types';
import { controlCall, memoryLogger, nodeStatus, startNodeGrid, waitForNode, type NodeGrid } from './harness';

let g: NodeGrid;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {}); // tfchain_client narrates every extrinsic
  g = await startNodeGrid();
});

afterAll(async () => {
  await g?.close();
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('node host', () => {
  it('boots two agents that register on chain and report uptime', async () => {
    for (const name of ['node1', 'node2']) {
      const { status, body } = await controlCall<NodeStatus>(g, 'POST', '/nodes', { name, farmId: g.farmId, profile: 'small' });
      expect(status).toBe(201);
      expect(body.address).toMatch(/^5/);
    }
    const [n1, n2] = await Promise.all(['node1', 'node2'].map((n) => waitForNode(g, n, (s) => s.state === 'online')));
    expect(n1!.nodeId).toBeGreaterThan(0);
    expect(n2!.nodeId).not.toBe(n1!.nodeId);
    expect(n1!.uptimeReports).toBeGreaterThanOrEqual(1);
    expect(n1!.lastUptimeAt).toBeGreaterThan(0);
    // The chain has the node in the farm, registered by its own twin, with the small profile's resources.
    const node = await g.farmer.nodes.get({ id: n1!.nodeId! });
    expect(node.farmId).toBe(g.farmId);
    expect(node.twinId).toBe(n1!.twinId);
    expect(Number(node.resources.cru)).toBe(4);
    const twin = await g.farmer.twins.get({ id: n1!.twinId! });
    expect(twin.relay).toBe('127.0.0.1');
    expect(n1!.capacity.total.cru).toBe(4);
  });

  it('pausing uptime stops the reports and resuming restores them', async () => {
    await controlCall(g, 'POST', '/nodes/node1/faults', { pauseUptime: true });
    await sleep(300); // a report already submitted may still land
    const paused = (await nodeStatus(g, 'node1')).uptimeReports;
    await sleep(2500);
    const still = await nodeStatus(g, 'node1');
    expect(still.uptimeReports).toBe(paused);
    expect(still.faults.pauseUptime).toBe(true);
    expect(g.logs.some((l) => l.includes('[node node1]') && l.includes('fault pauseUptime = true'))).toBe(true);
    await controlCall(g, 'POST', '/nodes/node1/faults', { pauseUptime: false });
    await waitForNode(g, 'node1', (s) => s.uptimeReports > paused, 10_000);
  });

  it('takes its uptime hint from chain time, so reports still land after the chain travels ahead', async () => {
    const provider = new WsProvider(g.chain.url);
    try {
      await provider.isReady;
      const before = await nodeStatus(g, 'node1');
      const target = before.lastUptimeAt! + 3 * 3600_000;
      await provider.send('dev_timeTravel', [target]);
      await provider.send('dev_newBlock', [{ count: 1 }]);
      const after = await waitForNode(g, 'node1', (s) => (s.lastUptimeAt ?? 0) >= target, 10_000);
      expect(after.error).toBeUndefined();
      expect(after.uptimeReports).toBeGreaterThan(before.uptimeReports);
    } finally {
      await provider.disconnect();
    }
  });

  it('a crashed node restarts with the same identity and node id', async () => {
    const before = await nodeStatus(g, 'node2');
    const { body } = await controlCall<NodeStatus>(g, 'POST', '/nodes/node2/crash');
    expect(body.state).toBe('crashed');
    const after = await waitForNode(g, 'node2', (s) => s.state === 'online' && s.uptimeReports > 0, 20_000);
    expect(after.address).toBe(before.address);
    expect(after.nodeId).toBe(before.nodeId);
    expect(after.twinId).toBe(before.twinId);
  });

  it('a node without an SSD is refused registration, and registers once the disk is back', async () => {
    await controlCall(g, 'POST', '/nodes/node2/faults', { noSsd: true });
    await controlCall(g, 'POST', '/nodes/node2/restart');
    const refused = await waitForNode(g, 'node2', (s) => s.state === 'error');
    expect(refused.error).toMatch(/registration refused: no SSD/);
    expect(refused.capacity.total.sru).toBe(0);
    await controlCall(g, 'POST', '/nodes/node2/faults', { noSsd: false });
    await waitForNode(g, 'node2', (s) => s.state === 'online');
  });

  it('a skewed clock gets uptime refused with InvalidTimestampHint', async () => {
    await controlCall(g, 'POST', '/nodes/node1/faults', { clockSkewSecs: 600 });
    const skewed = await waitForNode(g, 'node1', (s) => (s.error ?? '').includes('InvalidTimestampHint'), 10_000);
    expect(skewed.faults.clockSkewSecs).toBe(600);
    await controlCall(g, 'POST', '/nodes/node1/faults', { clockSkewSecs: 0 });
    await waitForNode(g, 'node1', (s) => s.error === undefined, 10_000);
  });

  it('a stuck registration stays in registering', async () => {
    const { status } = await controlCall(g, 'POST', '/nodes', { name: 'node3', farmId: g.farmId, profile: 'medium' });
    expect(status).toBe(201);
    await controlCall(g, 'POST', '/nodes/node3/faults', { stuckRegistration: true });
    await controlCall(g, 'POST', '/nodes/node3/restart');
    await waitForNode(g, 'node3', (s) => s.state === 'registering');
    await sleep(1000);
    expect((await nodeStatus(g, 'node3')).state).toBe('registering');
    await controlCall(g, 'POST', '/nodes/node3/faults', { stuckRegistration: false });
    await waitForNode(g, 'node3', (s) => s.state === 'online');
  });

  it('a node booted again with other hardware keeps its node id and updates it on chain (updateNode)', async () => {
    const before = await nodeStatus(g, 'node3');
    await controlCall(g, 'POST', '/nodes/node3/stop');
    // A second host on the same data directory, as after `gridbox down` and `up` with a changed profile.
    const host2 = await NodeHost.start({ chainUrl: g.chain.url, relayUrl: 'ws://127.0.0.1:1', dataDir: g.dataDir, uptimeIntervalSecs: 1,
      loggerFor: (prefix) => memoryLogger(prefix, g.logs) });
    try {
      await host2.addNode({ name: 'node3', farmId: g.farmId, profile: 'large' });
      for (let i = 0; i < 200 && host2.get('node3').state !== 'online'; i++) await sleep(100);
      const after = host2.get('node3').status();
      expect(after).toMatchObject({ state: 'online', nodeId: before.nodeId, address: before.address });
      expect(Number((await g.farmer.nodes.get({ id: after.nodeId! })).resources.cru)).toBe(32);
      expect(g.logs.some((l) => l.includes('[node node3]') && l.includes('node updated'))).toBe(true);
    } finally {
      await host2.close();
    }
  });

  it('follows the power target the farmer sets with changePowerState', async () => {
    const { nodeId } = await nodeStatus(g, 'node1');
    const power = async () => {
      const query = g.farmer.api.query as unknown as Record<string, Record<string, (id: number) => Promise<{ toPrimitive(): unknown }>>>;
      return JSON.stringify((await query.tfgridModule!.nodePower!(nodeId!)).toPrimitive()).toLowerCase();
    };
    await (await g.farmer.nodes.setPower({ nodeId: nodeId!, power: false })).apply();
    await expect.poll(power, { timeout: 10_000 }).toMatch(/"state":\{"down"/);
    await (await g.farmer.nodes.setPower({ nodeId: nodeId!, power: true })).apply();
    await expect.poll(power, { timeout: 10_000 }).toMatch(/"state":\{"up"/);
    expect(g.logs.some((l) => l.includes('[node node1]') && l.includes('power Down'))).toBe(true);
  });

  it('the control API refuses a missing or wrong token and bad input with JSON errors', async () => {
    expect((await controlCall(g, 'GET', '/nodes', undefined, '')).status).toBe(401);
    const wrong = await controlCall<{ error: string }>(g, 'GET', '/nodes', undefined, 'not-the-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/token/);
    expect((await controlCall(g, 'POST', '/nodes', { name: 'x', farmId: g.farmId, profile: 'huge' })).status).toBe(400);
    expect((await controlCall(g, 'POST', '/nodes/nope/stop')).status).toBe(404);
    expect((await controlCall(g, 'POST', '/nodes', null)).status).toBe(400);
    expect((await controlCall(g, 'POST', '/nodes', { name: 'node1', farmId: g.farmId, profile: 'small' })).status).toBe(409);
    expect((await controlCall(g, 'DELETE', '/nodes')).status).toBe(404);
    expect((await controlCall(g, 'POST', '/nodes/node1/faults', { pauseUptime: 'yes' })).status).toBe(400);
  });
});
