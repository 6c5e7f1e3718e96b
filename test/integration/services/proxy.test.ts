// The grid proxy on a real local grid: dev chain, relay, activation service and a simulated node; the indexer
// follows the chain, the proxy's own twin (funded by activation) asks the node over RMB. What grid_client reads:
// /nodes?node_id=, /nodes/:id capacity after a deployment, features; and the status rule under time travel.
import { WsProvider } from '@polkadot/api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { challengeHash } from '../../../simulator/node/deployments/challenge';
import type { NodeStatus } from '../../../simulator/node/types';
import { startActivation, type RunningActivation } from '../../../simulator/services/activation';
import { startIndexer, type RunningIndexer } from '../../../simulator/services/indexer';
import { startProxy, type RunningProxy } from '../../../simulator/services/proxy';
import { signDeployment, vmDeployment } from '../../unit/node/deployment-fixture';
import { CAPACITY_FIELDS, LOCATION_FIELDS, NESTED_NODE_FIELDS, NODE_FIELDS, POWER_FIELDS, PUBLIC_CONFIG_FIELDS } from '../../unit/proxy/node-fields';
import { closeUser, createNodeContract, makeUser, rmbCall, workloadStates, type GridUser } from '../node/grid-user';
import { controlCall, startNodeGrid, waitForNode, type NodeGrid } from '../node/harness';

const GIB = 1024 ** 3;

let g: NodeGrid;
let activation: RunningActivation;
let indexer: RunningIndexer;
let proxy: RunningProxy;
let node: NodeStatus;
let user: GridUser;

async function get<T = unknown>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${proxy.url}${path}`);
  return { status: response.status, body: await response.json() as T };
}

async function devRpc(method: string, params: unknown[]): Promise<unknown> {
  const provider = new WsProvider(g.chain.url);
  try {
    await provider.isReady;
    return await provider.send(method, params);
  } finally {
    await provider.disconnect();
  }
}

type ProxyNode = Record<string, unknown> & { features: string[]; status: string; used_resources: { cru: number; mru: number } };
type NestedNode = Record<string, unknown> & { capacity: { total_resources: { cru: number; mru: number }; used_resources: { cru: number; mru: number; sru: number } } };

beforeAll(async () => {
  vi.spyOn(console, 'log').mockImplementation(() => {}); // tfchain_client narrates every extrinsic
  g = await startNodeGrid({ withRelay: true });
  activation = await startActivation({ chainUrl: g.chain.url, port: 0 });
  await controlCall(g, 'POST', '/nodes', { name: 'node1', farmId: g.farmId, profile: 'medium' });
  node = await waitForNode(g, 'node1', (s) => s.state === 'online' && s.relayConnected);
  indexer = startIndexer({ chainUrl: g.chain.url });
  await indexer.ready;
  proxy = await startProxy({ index: indexer.index, chainUrl: g.chain.url, relayUrl: g.relay!.url, activationUrl: activation.url, port: 0, live: { refreshMs: 500 } });
  await proxy.rmbReady;
  user = await makeUser({
    chain: g.chain.url, relay: g.relay!.url,
    fund: async (address) => void await (await g.farmer.balances.transfer({ address, amount: 50 * 10_000_000 })).apply(),
  });
}, 120_000);

afterAll(async () => {
  await closeUser(user);
  await proxy?.close();
  await indexer?.close();
  await activation?.close();
  await g?.close();
  vi.restoreAllMocks();
});

describe('grid proxy on the local grid', () => {
  it('answers /nodes?node_id= with the spec field list and the features the node reported over RMB', async () => {
    const { status, body } = await get<ProxyNode[]>(`/nodes?node_id=${node.nodeId}`);
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    const n = body[0]!;
    expect(Object.keys(n).sort()).toEqual([...NODE_FIELDS].sort());
    expect(Object.keys(n.location as object).sort()).toEqual([...LOCATION_FIELDS].sort());
    expect(Object.keys(n.publicConfig as object).sort()).toEqual([...PUBLIC_CONFIG_FIELDS].sort());
    expect(Object.keys(n.total_resources as object).sort()).toEqual([...CAPACITY_FIELDS].sort());
    expect(Object.keys(n.power as object).sort()).toEqual([...POWER_FIELDS].sort());
    expect(n).toMatchObject({ nodeId: node.nodeId, farmId: g.farmId, twinId: node.twinId, status: 'up', rentContractId: 0, rentedByTwinId: 0, farm_free_ips: 1 });
    expect(n.features).toEqual(expect.arrayContaining(['network', 'zmachine', 'ip', 'zmount']));
    // grid_client's default search for a VM node.
    const search = await get<ProxyNode[]>('/nodes?status=up&features=zmachine,network&sort_by=free_cru&sort_order=desc&free_mru=1073741824');
    expect(search.body.map((x) => x.nodeId)).toEqual([node.nodeId]);
  });

  it('shows the live statistics and GPUs over RMB, and the proxy twin on chain', async () => {
    const stats = await get<{ total: { cru: number }; used: unknown }>(`/nodes/${node.nodeId}/statistics`);
    expect(stats.status).toBe(200);
    expect(stats.body.total.cru).toBe(node.capacity.total.cru);
    expect(await get(`/nodes/${node.nodeId}/gpu`)).toEqual({ status: 200, body: [] });
    const twins = await get<{ relay: string }[]>('/twins?relay=127.0.0.1');
    expect(twins.body.length).toBeGreaterThanOrEqual(2); // the node's and the proxy's
  });

  it('/nodes/:id capacity grows with a deployment and shrinks when its contract is cancelled', async () => {
    const capacity = async () => (await get<NestedNode>(`/nodes/${node.nodeId}`)).body.capacity;
    const whole = (await get<NestedNode>(`/nodes/${node.nodeId}`)).body;
    expect(Object.keys(whole).sort()).toEqual([...NESTED_NODE_FIELDS].sort());
    const before = await capacity();
    expect(before.total_resources.cru).toBe(node.capacity.total.cru);
    expect(before.used_resources.cru).toBe(0);

    const draft = vmDeployment({ twinId: user.twinId, cpu: 2, memory: 4 * GIB });
    const contractId = await createNodeContract(user, node.nodeId!, challengeHash(draft));
    const d = signDeployment({ ...draft, contract_id: contractId }, user.twinId, user.pair);
    expect(await rmbCall(user, node.twinId!, 'zos.deployment.deploy', d)).toBeNull();
    expect(await workloadStates(user, node.twinId!, contractId)).toEqual(['ok', 'ok', 'ok']);

    await expect.poll(async () => (await capacity()).used_resources.cru, { timeout: 15_000 }).toBe(2);
    const after = await capacity();
    expect(after.used_resources.mru - before.used_resources.mru).toBe(4 * GIB);
    const listed = (await get<ProxyNode[]>(`/nodes?node_id=${node.nodeId}`)).body[0]!;
    expect(listed.used_resources.cru).toBe(2);
    const contracts = await get<{ contract_id: number; state: string }[]>(`/contracts?twin_id=${user.twinId}`);
    expect(contracts.body).toEqual([expect.objectContaining({ contract_id: contractId, state: 'Created' })]);

    await (await user.client.contracts.cancel({ id: contractId }))!.apply();
    await expect.poll(async () => (await capacity()).used_resources.cru, { timeout: 15_000 }).toBe(0);
    expect((await get<{ state: string }>(`/contracts/${contractId}`)).body.state).toBe('Deleted');
  });

  it('status goes down when uptime stops and time passes, and back up when it resumes', async () => {
    const status = async () => (await get<{ status: string }>(`/nodes/${node.nodeId}/status`)).body.status;
    expect(await status()).toBe('up');
    await controlCall(g, 'POST', '/nodes/node1/faults', { pauseUptime: true });
    await new Promise((r) => setTimeout(r, 500)); // a report already submitted may still land
    const now = Number(await devRpc('dev_timeTravel', [Math.floor(indexer.index.head.timestamp) + 81 * 60_000]));
    await devRpc('dev_newBlock', [{ count: 1 }]);
    await expect.poll(status, { timeout: 10_000 }).toBe('down');
    expect(indexer.index.head.timestamp).toBeGreaterThanOrEqual(now);
    expect((await get<ProxyNode[]>('/nodes?status=up')).body.map((x) => x.nodeId)).not.toContain(node.nodeId);
    expect((await get<ProxyNode[]>('/nodes?status=down')).body.map((x) => x.nodeId)).toContain(node.nodeId);

    await controlCall(g, 'POST', '/nodes/node1/faults', { pauseUptime: false });
    await expect.poll(status, { timeout: 15_000 }).toBe('up');
  });
});
