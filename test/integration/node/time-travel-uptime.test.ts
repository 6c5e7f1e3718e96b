// Nodes follow chain time: after a 25 h gridbox_timeJump a node reports uptime in the first blocks after the jump
// (not at its next wall-clock tick, an hour away here), with the hint on the new chain time and an uptime that counts
// the 25 h it stayed up through, so the grid proxy's "seen within 80 min" rule on chain time keeps it up.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NodeStatus } from '../../../simulator/node/types';
import { controlCall, startNodeGrid, waitForNode, type NodeGrid } from './harness';

let g: NodeGrid;
let api: ApiPromise;
let provider: WsProvider;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {});
  g = await startNodeGrid();
  // Long jumps answer after polkadot-js's default 60 s request timeout on a busy machine.
  provider = new WsProvider(g.chain.url, 1000, {}, 600_000);
  api = await ApiPromise.create({ provider, noInitWarn: true });
}, 60_000);

afterAll(async () => {
  await api?.disconnect();
  await g?.close();
  vi.restoreAllMocks();
});

describe('a node through a 25 h time jump', () => {
  it('reports uptime at the first block after the jump, with the jump counted in its uptime', async () => {
    const { status } = await controlCall<NodeStatus>(g, 'POST', '/nodes', { name: 'jumper', farmId: g.farmId, profile: 'small', uptimeIntervalSecs: 3600 });
    expect(status).toBe(201);
    const booted = await waitForNode(g, 'jumper', (s) => s.state === 'online');
    const jump = await provider.send<{ toBlock: number; toTime: number }>('gridbox_timeJump', [25 * 3600]);
    const after = await waitForNode(g, 'jumper', (s) => (s.lastUptimeAt ?? 0) >= jump.toTime, 30_000);
    expect(after.state).toBe('online');
    expect(after.error).toBeUndefined();
    expect(after.uptimeReports).toBe(booted.uptimeReports + 1);

    // The report is in one of the first blocks after the jump, stamped with the chain's time there.
    const head = (await api.rpc.chain.getHeader()).number.toNumber();
    let report: { block: number; now: number; uptime: number } | undefined;
    for (let n = jump.toBlock + 1; n <= head && !report; n++) {
      const at = await api.at(await api.rpc.chain.getBlockHash(n));
      for (const { event } of await at.query.system.events()) {
        if (event.section === 'tfgridModule' && event.method === 'NodeUptimeReported' && Number(event.data[0]) === booted.nodeId) {
          report = { block: n, now: Number(event.data[1]), uptime: Number(event.data[2]) };
        }
      }
    }
    expect(report).toBeDefined();
    expect(report!.block - jump.toBlock).toBeLessThanOrEqual(3);
    expect(report!.now * 1000).toBeGreaterThanOrEqual(jump.toTime);
    // Seconds since boot on the node's clock (chain time): the 25 h of the jump and the little before it.
    expect(report!.uptime).toBeGreaterThanOrEqual(25 * 3600);
    expect(report!.uptime).toBeLessThan(25 * 3600 + 3600);
  }, 300_000);
});
