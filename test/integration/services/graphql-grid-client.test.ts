// grid_client 2.9.2's own GraphQL client (clients/graphql), its Nodes primitive and its contracts listing against the
// local GraphQL service over HTTP, plus the HTTP edges of the service (GET health check, bad bodies, unknown paths).
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphql, type RunningGraphql } from '../../../simulator/services/graphql/index';
import { gridFixture } from '../../unit/services/graphql-fixture';

const require = createRequire(import.meta.url);
const grid = require('@threefold/grid_client') as {
  Graphql: new (url: string) => { query(body: string, variables?: Record<string, unknown>): Promise<{ data: Record<string, unknown> }>; getItemTotalCount(item: string, options?: string): Promise<number> };
  Nodes: new (graphqlURL: string, proxyURL: string, rmbClient: unknown) => { getNodeTwinId(nodeId: number): Promise<number> };
  TFContracts: new (client: unknown) => {
    listNodeContractsByTwinId(options: Record<string, unknown>): Promise<{ contractID: string; deploymentData: string }[]>;
    listContractsByTwinId(options: Record<string, unknown>): Promise<Record<string, { contractID: string }[]>>;
    getConsumption(options: Record<string, unknown>): Promise<unknown>;
  };
};

let service: RunningGraphql;
beforeAll(async () => {
  service = await startGraphql({ index: gridFixture(), port: 0 });
});
afterAll(async () => {
  await service?.close();
});

describe('grid_client against the local GraphQL service', () => {
  it('passes the connect() health check and counts with getItemTotalCount', async () => {
    const gql = new grid.Graphql(service.url);
    expect(await gql.query('query { __typename }')).toEqual({ data: { __typename: 'Query' } });
    expect(await gql.getItemTotalCount('nodeContracts', '(where: {twinID_eq: 7, state_in: [Created, GracePeriod]}, orderBy: twinID_ASC)')).toBe(2);
    expect(await gql.getItemTotalCount('farms', '(orderBy: farmID_ASC)')).toBe(2);
  });

  it('finds a node twin for RMB calls and refuses an unknown node with its own message', async () => {
    const nodes = new grid.Nodes(service.url, 'http://127.0.0.1:1', undefined);
    expect(await nodes.getNodeTwinId(1)).toBe(2);
    await expect(nodes.getNodeTwinId(77)).rejects.toThrow(/Couldn't find a node with id: 77/);
  });

  it('lists a twin\'s contracts by type and project as machines.deploy / network.load do', async () => {
    const contracts = new grid.TFContracts(undefined);
    const vms = await contracts.listNodeContractsByTwinId({ graphqlURL: service.url, twinId: 7, type: 'vm', projectName: 'vm/myvm' });
    expect(vms.map((c) => c.contractID)).toEqual(['12']);
    const networks = await contracts.listNodeContractsByTwinId({ graphqlURL: service.url, twinId: 7, type: 'network' });
    expect(networks.map((c) => c.contractID)).toEqual(['11']);
    const all = await contracts.listContractsByTwinId({ graphqlURL: service.url, twinId: 7 });
    expect(Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.map((c) => c.contractID)]))).toEqual({ nameContracts: ['15'], nodeContracts: ['11', '12'], rentContracts: ['16'] });
    expect(await contracts.getConsumption({ graphqlURL: service.url, id: 12 })).toMatchObject({ discountReceived: 'Gold' });
  });
});

describe('HTTP edges', () => {
  const post = (body: string) => fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  it('answers GET ?query= and a variables parameter', async () => {
    const res = await fetch(`${service.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect([res.status, await res.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
    const q = encodeURIComponent('query($n: Int!) { nodes(where: { nodeID_eq: $n }) { twinID } }');
    const withVars = await fetch(`${service.url}?query=${q}&variables=${encodeURIComponent('{"n":2}')}`);
    expect(await withVars.json()).toEqual({ data: { nodes: [{ twinID: 3 }] } });
  });

  it('answers bad bodies and paths with JSON errors and keeps serving', async () => {
    expect((await post('{nope')).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect((await post(JSON.stringify({ query: '{ x' }))).status).toBe(400);
    expect((await post(JSON.stringify({ query: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
    expect((await fetch(service.url.replace('/graphql', '/other'))).status).toBe(404);
    expect((await fetch(service.url, { method: 'DELETE' })).status).toBe(405);
    const res = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
