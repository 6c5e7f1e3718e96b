// The proxy's REST answers over an index filled directly: node JSON and capacity, filters grid_client and the
// dashboard use, paging and sorting, error shapes, farms, twins, contracts and stats; over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, type RunningProxy } from '../../../simulator/services/proxy';
import { NODE_FIELDS, NESTED_NODE_FIELDS } from './node-fields';
import { GIB, NOW, addNode, addNodeContract, gridOf } from './grid-fixture';

let proxy: RunningProxy;
const index = gridOf(100);

beforeAll(async () => {
  // No relay: the proxy answers from the index alone (no features, no live endpoints).
  proxy = await startProxy({ index, chainUrl: 'ws://127.0.0.1:1', port: 0 });
  await proxy.rmbReady.catch(() => {});
});

afterAll(async () => {
  await proxy?.close();
});

async function get<T = unknown>(path: string): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(`${proxy.url}${path}`);
  return { status: response.status, body: await response.json() as T, headers: response.headers };
}

type Node = Record<string, unknown> & { nodeId: number; status: string; total_resources: Record<string, number>; used_resources: Record<string, number> };
const ids = (nodes: Node[]) => nodes.map((n) => n.nodeId);

describe('grid proxy endpoints', () => {
  it('answers /version and /ping', async () => {
    expect((await get('/version')).body).toEqual({ version: expect.any(String) });
    expect((await get('/ping')).body).toEqual({ ping: 'pong' });
  });

  it('/nodes items carry every field of the proxy Node type; /nodes/:id nests the capacity', async () => {
    const { body } = await get<Node[]>('/nodes?size=1');
    expect(Object.keys(body[0]!).sort()).toEqual([...NODE_FIELDS].sort());
    const one = await get<Record<string, unknown>>('/nodes/2');
    expect(Object.keys(one.body).sort()).toEqual([...NESTED_NODE_FIELDS].sort());
  });

  it('pages 50 by default, by node id, and counts with ret_count', async () => {
    const first = await get<Node[]>('/nodes');
    expect(ids(first.body)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const page = await get<Node[]>('/nodes?page=2&size=10&ret_count=true');
    expect(ids(page.body)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect([page.headers.get('count'), page.headers.get('size'), page.headers.get('pages')]).toEqual(['100', '10', '10']);
  });

  it('sorts as grid_client asks (free_cru desc), ties by node id', async () => {
    const { body } = await get<Node[]>('/nodes?sort_by=free_cru&sort_order=desc&size=100');
    const free = body.map((n) => n.total_resources.cru! - n.used_resources.cru!);
    expect(free).toEqual([...free].sort((a, b) => b - a));
  });

  it('computes used resources from the contracts plus the Zero-OS reservation', async () => {
    const { body } = await get<{ capacity: { total_resources: Record<string, number>; used_resources: Record<string, number> } }>('/nodes/2');
    const total = body.capacity.total_resources;
    expect(body.capacity.used_resources).toEqual({ cru: 1, mru: 2 * GIB + Math.max(Math.floor(total.mru! / 10), 2 * GIB), sru: 30 * GIB, hru: 0 });
  });

  it('filters by status, farms, ids, capacity, public config, renting and owner', async () => {
    const check = async (query: string, expected: (id: number) => boolean) => {
      const { status, body } = await get<Node[]>(`/nodes?size=100&${query}`);
      expect(status, query).toBe(200);
      expect(ids(body), query).toEqual(Array.from({ length: 100 }, (_, i) => i + 1).filter(expected));
    };
    await check('status=up', (n) => n % 7 !== 0);
    await check('status=down', (n) => n % 7 === 0);
    await check('node_id=5', (n) => n === 5);
    await check('node_ids=3,4,99', (n) => [3, 4, 99].includes(n));
    await check('excluded=1,2', (n) => n > 2);
    await check('farm_ids=1%2C2', (n) => [1, 2].includes(1 + ((n - 1) % 10)));
    await check('ipv4=true', (n) => n % 3 === 0);
    await check('ipv6=true', (n) => n % 6 === 0);
    await check('domain=true', (n) => n % 9 === 0);
    await check('rented_by=8', (n) => n % 11 === 0);
    await check('rented=true', (n) => n % 11 === 0);
    await check('twin_id=1005', (n) => n === 5);
    await check('owned_by=101', (n) => 1 + ((n - 1) % 10) === 1);
    // Free for twin 7: not rented by someone else and not in a dedicated farm (farms 5 and 10).
    await check('available_for=7', (n) => n % 11 !== 0 && (1 + ((n - 1) % 10)) % 5 !== 0);
    await check('total_cru=16', (n) => 4 + (n % 4) * 4 >= 16);
    await check(`free_mru=${40 * GIB}`, (n) => {
      const total = 16 * GIB * (1 + (n % 3));
      return total - (n % 2 === 0 ? 2 * GIB : 0) - Math.max(total / 10, 2 * GIB) >= 40 * GIB;
    });
    await check('features=zmachine', () => false); // nothing learnt over RMB without a relay
    await check('status=up&farm_ids=3&ipv4=true', (n) => n % 7 !== 0 && 1 + ((n - 1) % 10) === 3 && n % 3 === 0);
  });

  it('answers bad input with 400 and unknown ids with 404, as {"error": …}', async () => {
    for (const path of ['/nodes?status=sleeping', '/nodes?node_id=x', '/nodes?size=0', '/nodes?sort_by=color', '/nodes/abc', '/contracts?type=vm']) {
      const { status, body } = await get<{ error: string }>(path);
      expect(status, path).toBe(400);
      expect(body.error, path).toEqual(expect.any(String));
    }
    expect(await get('/nodes/999')).toMatchObject({ status: 404, body: { error: 'node not found' } });
    expect((await get('/nowhere')).status).toBe(404);
    expect((await get('/nodes/1/statistics')).status).toBe(503);
  });

  it('shows the status of one node, and gateways are the nodes with a domain', async () => {
    expect((await get('/nodes/7/status')).body).toEqual({ status: 'down' });
    const gateways = await get<Node[]>('/gateways?size=100');
    expect(ids(gateways.body)).toEqual([9, 18, 27, 36, 45, 54, 63, 72, 81, 90, 99]);
    expect((await get('/gateways/10')).status).toBe(404);
  });

  it('lists farms with free IPs, twins and contracts with their filters', async () => {
    const farms = await get<{ farmId: number; publicIps: unknown[] }[]>('/farms?free_ips=4');
    expect(farms.body.map((f) => f.farmId)).toEqual([4, 8]);
    expect(farms.body[0]!.publicIps[0]).toEqual({ id: '4-0', ip: '185.206.4.10/24', gateway: '185.206.4.1', contract_id: 0, farm_id: 4 });
    expect((await get<unknown[]>('/twins?twin_id=1003')).body).toEqual([{ twinId: 1003, accountId: '5Node3', relay: 'relay.local', publicKey: '' }]);
    const rent = await get<{ contract_id: number; type: string; details: Record<string, unknown> }[]>('/contracts?type=rent&size=100');
    expect(rent.body.map((c) => c.contract_id)).toEqual([20011, 20022, 20033, 20044, 20055, 20066, 20077, 20088, 20099]);
    const one = await get<Record<string, unknown>>('/contracts/10002');
    expect(one.body).toEqual({
      contract_id: 10002, twin_id: 7, state: 'Created', created_at: NOW - 100, type: 'node',
      details: { nodeId: 2, deployment_data: '{"type":"vm"}', deployment_hash: 'h'.repeat(32), number_of_public_ips: 0, farm_name: 'farm2', farm_id: 2 },
    });
    expect((await get<unknown[]>('/contracts?state=Deleted')).body).toEqual([]);
  });

  it('counts the grid in /stats', async () => {
    const { body } = await get<Record<string, number>>('/stats');
    expect(body).toMatchObject({ nodes: 100, farms: 10, countries: 2, contracts: 59, gateways: 11, workloads_number: 50 });
    expect((await get<Record<string, number>>('/stats?status=up')).body.nodes).toBe(86);
  });

  it('follows the index: a new contract changes the node capacity, a deleted one frees it', async () => {
    addNode(index, 101, 1);
    addNodeContract(index, 30_000, 101, 7, { cru: 3, mru: 4 * GIB });
    const used = async () => (await get<{ capacity: { used_resources: { cru: number } } }>('/nodes/101')).body.capacity.used_resources.cru;
    expect(await used()).toBe(3);
    index.nodeContracts.get(30_000)!.state = 'Deleted';
    expect(await used()).toBe(0);
  });
});
