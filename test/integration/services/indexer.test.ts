// The indexer against a real dev chain with a simulated node: the start snapshot (entities and recent uptime),
// then blocks applied as they come (farms, contracts and their cancellation), and a fresh read after dev_setHead.
import { WsProvider } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startIndexer, type RunningIndexer } from '../../../simulator/services/indexer';
import type { NodeStatus } from '../../../simulator/node/types';
import { controlCall, startNodeGrid, waitForNode, type NodeGrid } from '../node/harness';

let g: NodeGrid;
let node: NodeStatus;
let indexer: RunningIndexer;

const headNumber = async () => (await g.farmer.api.rpc.chain.getHeader()).number.toNumber();
const NO_PROVIDER = undefined as unknown as number;

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {}); // tfchain_client narrates every extrinsic
  g = await startNodeGrid();
  await controlCall(g, 'POST', '/nodes', { name: 'node1', farmId: g.farmId, profile: 'small' });
  node = await waitForNode(g, 'node1', (s) => s.state === 'online');
  indexer = startIndexer({ chainUrl: g.chain.url });
  await indexer.ready;
}, 60_000);

afterAll(async () => {
  await indexer?.close();
  await g?.close();
  vi.restoreAllMocks();
});

describe('indexer', () => {
  it('starts from storage: the farm with its IPs, the node with its capacity and its last uptime report', () => {
    const farm = indexer.index.farms.get(g.farmId)!;
    expect(farm.publicIPs).toEqual([{ farmID: g.farmId, ip: '185.206.122.33/24', gateway: '185.206.122.1', contractId: 0 }]);
    const n = indexer.index.nodes.get(node.nodeId!)!;
    expect(n).toMatchObject({ farmID: g.farmId, twinID: node.twinId, resourcesTotal: { cru: 4 }, power: { state: 'Up', target: 'Up' } });
    expect(n.resourcesTotal.mru).toBeGreaterThan(1024 ** 3);
    expect(n.updatedAt).toBeGreaterThan(0);
    expect(indexer.index.twins.get(node.twinId!)?.accountID).toBe(node.address);
    expect(indexer.index.farmingPolicies.size).toBeGreaterThan(0);
  });

  it('follows new blocks: uptime reports, a new farm, a contract and its cancellation', async () => {
    const before = indexer.index.nodes.get(node.nodeId!)!.updatedAt;
    await expect.poll(() => indexer.index.nodes.get(node.nodeId!)!.updatedAt, { timeout: 10_000 }).toBeGreaterThan(before);
    expect(indexer.index.uptimeEvents.some((e) => e.nodeID === node.nodeId)).toBe(true);

    const farm = await (await g.farmer.farms.create({ name: `second_${Date.now()}`, publicIps: [] })).apply();
    await indexer.synced(await headNumber());
    expect(indexer.index.farms.get(farm.id)?.name).toMatch(/^second_/);

    const contract = await (await g.farmer.contracts.createNode({
      nodeId: node.nodeId!, hash: 'a'.repeat(32), data: '{"type":"vm"}', numberOfPublicIps: 0, solutionProviderId: NO_PROVIDER,
    })).apply();
    await indexer.synced(await headNumber());
    expect(indexer.index.nodeContracts.get(contract.contractId)).toMatchObject({
      nodeID: node.nodeId, deploymentHash: 'a'.repeat(32), deploymentData: '{"type":"vm"}', state: 'Created',
    });
    await (await g.farmer.contracts.cancel({ id: contract.contractId }))!.apply();
    await indexer.synced(await headNumber());
    expect(indexer.index.nodeContracts.get(contract.contractId)?.state).toBe('Deleted');
  });

  it('reads storage again when the head moves back (dev_setHead)', async () => {
    const back = await headNumber();
    const farm = await (await g.farmer.farms.create({ name: `third_${Date.now()}`, publicIps: [] })).apply();
    await indexer.synced(await headNumber());
    expect(indexer.index.farms.has(farm.id)).toBe(true);
    const provider = new WsProvider(g.chain.url);
    try {
      await provider.isReady;
      await provider.send('dev_setHead', [back]);
    } finally {
      await provider.disconnect();
    }
    await expect.poll(() => indexer.index.farms.has(farm.id), { timeout: 10_000 }).toBe(false);
    expect(indexer.index.head.number).toBe(back);
  });
});
