import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLSchema } from 'graphql';
import { buildGridSchema, runGraphql, type GraphqlAnswer } from '../../../simulator/services/graphql/index';
import type { MemoryGridIndex } from '../../../simulator/services/indexer/model';
import { BOB, gridFixture } from './graphql-fixture';

let schema: GraphQLSchema;
let index: MemoryGridIndex;
beforeAll(() => {
  schema = buildGridSchema();
  index = gridFixture();
});

function run(query: string, variables?: Record<string, unknown>): GraphqlAnswer {
  return runGraphql(schema, index, { query, variables });
}
function data(query: string, variables?: Record<string, unknown>): Record<string, unknown> {
  const answer = run(query, variables);
  expect(answer.body).not.toHaveProperty('errors');
  expect(answer.status).toBe(200);
  return (answer.body as { data: Record<string, unknown> }).data;
}
function errorOf(query: string, variables?: Record<string, unknown>): { status: number; message: string } {
  const answer = run(query, variables);
  const errors = (answer.body as { errors?: { message: string }[] }).errors;
  expect(errors?.length).toBeGreaterThan(0);
  return { status: answer.status, message: errors![0]!.message };
}

// The queries grid_client 2.9.2 sends (grid-services.md §3.3; clients/tf-grid/contracts.js, primitives/nodes.js),
// byte for byte as it builds them for twin 7.
const VM_FILTER = String.raw` , AND: [{ deploymentData_contains: "\"type\":\"vm\"" },{ deploymentData_contains: "\"projectName\":\"vm/myvm" }]`;
const NETWORK_FILTER = String.raw` , AND: [{ deploymentData_contains: "\"type\":\"network\"" },]`;
// The selection both contract listings ask for, with grid_client's indentation.
const NODE_CONTRACT_FIELDS = `
                  contractID
                  deploymentData
                  state
                  createdAt
                  nodeID
                  numberOfPublicIPs
                }`;
const getContracts = (filter: string) => `query getContracts($nodeContractsCount: Int!){
                nodeContracts(where: {twinID_eq: 7, state_in: [Created, GracePeriod]${filter}}, limit: $nodeContractsCount) {${NODE_CONTRACT_FIELDS}
              }`;

describe('grid_client 2.9.2 queries, verbatim', () => {
  it('health check', () => {
    expect(data('query { __typename }')).toEqual({ __typename: 'Query' });
  });

  it('getNodeTwinId', () => {
    const query = `query getNodeTwinId($nodeId: Int!){
            nodes(where: { nodeID_eq: $nodeId }) {
            twinID
            }
        }`;
    expect(data(query, { nodeId: 1 })).toEqual({ nodes: [{ twinID: 2 }] });
    expect(data(query, { nodeId: 99 })).toEqual({ nodes: [] });
  });

  it('contract counts with aliases, per contract type', () => {
    const count = (item: string) => data(`query { items: ${item}Connection(where: {twinID_eq: 7, state_in: [Created, GracePeriod]}, orderBy: twinID_ASC) { count: totalCount } }`);
    expect(count('nodeContracts')).toEqual({ items: { count: 2 } });
    expect(count('nameContracts')).toEqual({ items: { count: 1 } });
    expect(count('rentContracts')).toEqual({ items: { count: 1 } });
    expect(data('query { items: farmsConnection(orderBy: farmID_ASC) { count: totalCount } }')).toEqual({ items: { count: 2 } });
    expect(data('query { items: nodesConnection(orderBy: nodeID_ASC) { count: totalCount } }')).toEqual({ items: { count: 2 } });
    expect(data('query { items: nodesConnection(where: {farmID_eq: 1}, orderBy: nodeID_ASC) { count: totalCount } }')).toEqual({ items: { count: 2 } });
  });

  it('listNodeContractsByTwinId: vm + projectName, network with the trailing comma, and nodeID_eq', () => {
    expect(data(getContracts(VM_FILTER), { nodeContractsCount: 2 })).toEqual({
      nodeContracts: [{
        contractID: '12', deploymentData: '{"version":3,"type":"vm","name":"myvm","projectName":"vm/myvm"}', state: 'GracePeriod',
        createdAt: '1764026000', nodeID: 1, numberOfPublicIPs: 1,
      }],
    });
    expect(data(getContracts(NETWORK_FILTER), { nodeContractsCount: 2 })).toEqual({
      nodeContracts: [expect.objectContaining({ contractID: '11', state: 'Created', nodeID: 1 })],
    });
    expect(data(getContracts(` , nodeID_eq: 2${VM_FILTER}`), { nodeContractsCount: 2 })).toEqual({ nodeContracts: [] });
    // grid_client passes the count it just read: 0 means no rows, not "no limit".
    expect(data(getContracts(''), { nodeContractsCount: 0 })).toEqual({ nodeContracts: [] });
  });

  it('listContractsByTwinId', () => {
    const query = `query getContracts($nameContractsCount: Int!, $nodeContractsCount: Int!, $rentContractsCount: Int!){
                nameContracts(where: {twinID_eq: 7, state_in: [Created, GracePeriod]}, limit: $nameContractsCount) {
                  contractID
                  createdAt
                  name
                  solutionProviderID
                  state
                  twinID
                }
                nodeContracts(where: {twinID_eq: 7, state_in: [Created, GracePeriod]}, limit: $nodeContractsCount) {${NODE_CONTRACT_FIELDS}
                rentContracts(where: {twinID_eq: 7, state_in: [Created, GracePeriod]}, limit: $rentContractsCount) {
                  contractID
                  createdAt
                  nodeID
                  solutionProviderID
                  state
                  twinID
                }
              }`;
    const answer = data(query, { nodeContractsCount: 2, nameContractsCount: 1, rentContractsCount: 1 });
    expect(answer.nameContracts).toEqual([{ contractID: '15', createdAt: '1764027100', name: 'mygw', solutionProviderID: null, state: 'Created', twinID: 7 }]);
    expect((answer.nodeContracts as { contractID: string }[]).map((c) => c.contractID)).toEqual(['11', '12']);
    expect(answer.rentContracts).toEqual([{ contractID: '16', createdAt: '1764027200', nodeID: 2, solutionProviderID: null, state: 'Created', twinID: 7 }]);
  });

  it('getConsumption and getDiscountPackage (BigInt variable given as a number or a string)', () => {
    const consumption = `query getConsumption($contractId: BigInt!){
            contractBillReports(where: {contractID_eq: $contractId}, limit: 2 , orderBy: timestamp_DESC) {
                amountBilled
                timestamp
                discountReceived
            }
            nodeContracts(where: {contractID_eq: $contractId}) {
                createdAt
              }
            nameContracts(where: {contractID_eq: $contractId}) {
                createdAt
              }
            rentContracts(where: {contractID_eq: $contractId}) {
                createdAt
              }
          }`;
    expect(data(consumption, { contractId: 12 })).toEqual({
      contractBillReports: [
        { amountBilled: '52000', timestamp: '1764033200', discountReceived: 'Gold' },
        { amountBilled: '90000000000000000001', timestamp: '1764029600', discountReceived: 'Default' },
      ],
      nodeContracts: [{ createdAt: '1764026000' }],
      nameContracts: [],
      rentContracts: [],
    });
    const discount = `query getConsumption($contractId: BigInt!){
            contractBillReports(where: {contractID_eq: $contractId} , orderBy: timestamp_DESC, limit:1) {
                discountReceived

            }
          }`;
    expect(data(discount, { contractId: '12' })).toEqual({ contractBillReports: [{ discountReceived: 'Gold' }] });
    expect(data(discount, { contractId: 99 })).toEqual({ contractBillReports: [] });
  });
});

describe('schema coverage', () => {
  it('serves nested node data, twins with relay and publicKey, farms with their public IPs', () => {
    const answer = data(`{
      nodes(orderBy: nodeID_DESC) { nodeID location { longitude latitude } publicConfig { ipv4 domain } resourcesTotal { cru mru sru hru }
        interfaces { name mac ips } power { state target } uptime createdAt updatedAt extraFee certification }
      twins(where: { accountID_eq: "${BOB}" }) { twinID accountID relay publicKey }
      farms(where: { publicIPs_some: { contractId_eq: 0 } }) { farmID certification publicIPs(where: { contractId_gt: 0 }) { ip gateway contractId farm { farmID } } }
      nodeContracts(where: { resourcesUsed_isNull: false }) { contractID resourcesUsed { cru mru sru hru contract { contractID } } }
      farmingPolicies { farmingPolicyID name cu default nodeCertification farmCertification }
      uptimeEvents(where: { nodeID_eq: 1 }, orderBy: [timestamp_DESC]) { uptime timestamp }
      nruConsumptions { contractID nru window }
      squidStatus { height }
    }`);
    expect(answer.nodes).toEqual([
      expect.objectContaining({ nodeID: 2, publicConfig: null, power: { state: 'Down', target: 'Up' }, uptime: '120' }),
      {
        nodeID: 1, location: { longitude: '3.7174', latitude: '51.0543' }, publicConfig: { ipv4: '185.206.122.40/24', domain: 'gw1.local' },
        resourcesTotal: { cru: '8', mru: '17179869184', sru: '512110190592', hru: '0' }, interfaces: [{ name: 'zos', mac: '52:54:00:00:00:01', ips: '10.4.0.11' }],
        power: { state: 'Up', target: 'Up' }, uptime: '3600', createdAt: '1764025200', updatedAt: '1764028800', extraFee: '0', certification: 'Diy',
      },
    ]);
    expect(answer.twins).toEqual([{ twinID: 7, accountID: BOB, relay: 'relay.local', publicKey: '0x02' + '11'.repeat(32) }]);
    expect(answer.farms).toEqual([{ farmID: 1, certification: 'NotCertified', publicIPs: [{ ip: '185.206.122.33/24', gateway: '185.206.122.1', contractId: '12', farm: { farmID: 1 } }] }]);
    expect(answer.nodeContracts).toEqual([{ contractID: '12', resourcesUsed: { cru: '1', mru: '1073741824', sru: '2147483648', hru: '0', contract: { contractID: '12' } } }]);
    expect(answer.farmingPolicies).toEqual([{ farmingPolicyID: 1, name: 'default-diy', cu: 2400, default: true, nodeCertification: 'Diy', farmCertification: 'NotCertified' }]);
    expect(answer.uptimeEvents).toEqual([{ uptime: '3600', timestamp: '1764028800' }, { uptime: '60', timestamp: '1764025260' }]);
    expect(answer.nruConsumptions).toEqual([{ contractID: '12', nru: '1024', window: '3600' }]);
    expect(answer.squidStatus).toEqual({ height: 120 });
  });

  it('connections page with edges, cursors and pageInfo; byId finds one entity', () => {
    const page = (after: string | null) => data(`query($after: String) { nodeContractsConnection(orderBy: [contractID_DESC], first: 2, after: $after) {
      totalCount edges { cursor node { contractID } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }`, { after }).nodeContractsConnection;
    expect(page(null)).toEqual({
      totalCount: 4, edges: [{ cursor: '1', node: { contractID: '14' } }, { cursor: '2', node: { contractID: '13' } }],
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: '1', endCursor: '2' },
    });
    expect(page('2')).toMatchObject({ edges: [{ node: { contractID: '12' } }, { node: { contractID: '11' } }], pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect(data('{ twinById(id: "7") { twinID } nodeById(id: "9") { nodeID } }')).toEqual({ twinById: { twinID: 7 }, nodeById: null });
    expect(data('{ farmByUniqueInput(where: { id: "1" }) { name } }')).toEqual({ farmByUniqueInput: { name: 'gridbox-farm' } });
    expect(errorOf('{ nodesConnection(orderBy: []) { totalCount } }')).toEqual({ status: 200, message: 'orderBy argument is required for connection' });
    expect(errorOf('{ nodesConnection(orderBy: nodeID_ASC, first: -1) { totalCount } }')).toEqual({ status: 200, message: "'first' argument of connection can't be less than 0" });
  });
});

describe('filters, order and paging', () => {
  const ids = (query: string) => (Object.values(data(query))[0] as { contractID: string }[]).map((c) => c.contractID);

  it('applies every operator with Postgres semantics for nulls', () => {
    expect(ids('{ nodeContracts(where: { state_not_eq: Deleted }) { contractID } }')).toEqual(['11', '12', '14']);
    expect(ids('{ nodeContracts(where: { state_not_in: [Deleted, Created] }) { contractID } }')).toEqual(['12']);
    expect(ids('{ nodeContracts(where: { state_in: [] }) { contractID } }')).toEqual([]);
    expect(ids('{ nodeContracts(where: { contractID_gt: "12", contractID_lte: 14 }) { contractID } }')).toEqual(['13', '14']);
    expect(ids('{ nodeContracts(where: { contractID_gte: 12, contractID_lt: 13 }) { contractID } }')).toEqual(['12']);
    expect(ids('{ nodeContracts(where: { deploymentData_not_contains: "vm/myvm" }) { contractID } }')).toEqual(['13']);
    expect(ids('{ nodeContracts(where: { deploymentHash_startsWith: "b2b2" }) { contractID } }')).toEqual(['12']);
    expect(ids('{ nodeContracts(where: { deploymentData_containsInsensitive: "\\"TYPE\\":\\"NETWORK" }) { contractID } }')).toEqual(['11']);
    expect(ids('{ nodeContracts(where: { deploymentData_contains: "\\"TYPE\\"" }) { contractID } }')).toEqual([]);
    // A null field matches no comparison, not even a negative one.
    expect(ids('{ nodeContracts(where: { solutionProviderID_not_eq: 5 }) { contractID } }')).toEqual(['12']);
    expect(ids('{ nodeContracts(where: { solutionProviderID_isNull: true }) { contractID } }')).toEqual(['11', '13', '14']);
    expect(data('{ nodes(where: { city_isNull: true }) { nodeID } }')).toEqual({ nodes: [{ nodeID: 2 }] });
    expect(data('{ nodes(where: { publicConfig: { domain_endsWith: ".local" } }) { nodeID } }')).toEqual({ nodes: [{ nodeID: 1 }] });
    expect(data('{ nodes(where: { power: { state_eq: Down } }) { nodeID } }')).toEqual({ nodes: [{ nodeID: 2 }] });
    expect(data('{ farms(where: { publicIPs_every: { gateway_eq: "185.206.122.1" } }) { farmID } }')).toEqual({ farms: [{ farmID: 1 }, { farmID: 2 }] });
    expect(data('{ farms(where: { publicIPs_none: { contractId_eq: 12 } }) { farmID } }')).toEqual({ farms: [{ farmID: 2 }] });
  });

  it('nests AND and OR lists', () => {
    expect(ids(`{ nodeContracts(where: { OR: [{ twinID_eq: 8 }, { AND: [{ nodeID_eq: 1 }, { numberOfPublicIPs_gt: 0 }] }] }) { contractID } }`)).toEqual(['12', '14']);
    expect(ids('{ nodeContracts(where: { AND: [], OR: [{ state_eq: Deleted }] }) { contractID } }')).toEqual(['13']);
  });

  it('orders by several keys, by nested fields, with nulls placed as Postgres does, and pages with offset/limit', () => {
    expect(ids('{ nodeContracts(orderBy: [nodeID_DESC, contractID_ASC]) { contractID } }')).toEqual(['13', '14', '11', '12']);
    expect(ids('{ nodeContracts(orderBy: solutionProviderID_ASC) { contractID } }')).toEqual(['12', '11', '13', '14']);
    expect(ids('{ nodeContracts(orderBy: solutionProviderID_DESC) { contractID } }')).toEqual(['11', '13', '14', '12']);
    expect(ids('{ nodeContracts(orderBy: solutionProviderID_ASC_NULLS_FIRST) { contractID } }')).toEqual(['11', '13', '14', '12']);
    expect(ids('{ nodeContracts(orderBy: resourcesUsed_mru_DESC_NULLS_LAST, limit: 1) { contractID } }')).toEqual(['12']);
    expect(ids('{ nodeContracts(orderBy: contractID_ASC, offset: 1, limit: 2) { contractID } }')).toEqual(['12', '13']);
    expect(ids('{ nodeContracts(offset: 10) { contractID } }')).toEqual([]);
    expect(data('{ nodes(orderBy: location_latitude_ASC) { nodeID } }')).toEqual({ nodes: [{ nodeID: 1 }, { nodeID: 2 }] });
  });

  it('reflects changes to the index on the next query', () => {
    const local = gridFixture();
    const count = () => runGraphql(schema, local, { query: '{ c: nodeContractsConnection(orderBy: contractID_ASC, where: { state_eq: Created }) { totalCount } }' }).body;
    expect(count()).toEqual({ data: { c: { totalCount: 2 } } });
    local.nodeContracts.set(11, { ...local.nodeContracts.get(11)!, state: 'Deleted' });
    expect(count()).toEqual({ data: { c: { totalCount: 1 } } });
  });
});

describe('bad queries get errors, not crashes', () => {
  it('answers parse errors with 400 and validation errors with 400', () => {
    expect(errorOf('query { nodes(')).toMatchObject({ status: 400, message: expect.stringMatching(/Syntax Error/) });
    expect(errorOf('{ nodes { nope } }')).toMatchObject({ status: 400, message: expect.stringMatching(/Cannot query field "nope"/) });
    expect(errorOf('{ nodeContracts(where: { state_eq: Running }) { contractID } }')).toMatchObject({ status: 400 });
    expect(errorOf('{ nodeContracts(where: { state_eq: "Created" }) { contractID } }')).toMatchObject({ status: 400 });
    expect(errorOf('{ nodeContractsConnection { totalCount } }')).toMatchObject({ status: 400, message: expect.stringMatching(/orderBy/) });
    expect(errorOf('{ nodeContracts(where: { contractID_eq: 1.5 }) { contractID } }')).toMatchObject({ status: 400, message: expect.stringMatching(/BigInt/) });
    expect(errorOf('query($n: Int!) { nodes(where: { nodeID_eq: $n }) { nodeID } }', {})).toMatchObject({ status: 400, message: expect.stringMatching(/\$n/) });
    expect(errorOf('query($c: BigInt!) { nodeContracts(where: { contractID_eq: $c }) { contractID } }', { c: 'x' })).toMatchObject({ status: 400 });
    expect(runGraphql(schema, index, { query: '' }).status).toBe(400);
    expect(runGraphql(schema, index, { query: 42 }).status).toBe(400);
    expect(runGraphql(schema, index, { query: '{ __typename }', variables: [1] }).status).toBe(400);
  });

  it('bounds depth, limits and where nesting', () => {
    const deep = '{ publicIps { farm { publicIPs { farm { publicIPs { farm { publicIPs { farm { publicIPs { farm { farmID } } } } } } } } } } }';
    expect(errorOf(deep)).toMatchObject({ status: 400, message: 'query is nested 11 levels deep; the limit is 10' });
    const atLimit = '{ publicIps { farm { publicIPs { farm { publicIPs { farm { publicIPs { farm { publicIPs { id } } } } } } } } } }';
    expect(data(atLimit)).toHaveProperty('publicIps');
    expect(errorOf('{ nodes(limit: 10001) { nodeID } }')).toEqual({ status: 200, message: 'limit must not exceed 10000' });
    expect(errorOf('{ nodes(offset: -1) { nodeID } }')).toEqual({ status: 200, message: 'offset must not be negative' });
    expect(errorOf('{ nodesConnection(orderBy: nodeID_ASC, first: 20000) { totalCount } }')).toMatchObject({ status: 200 });
    expect(errorOf('{ nodesConnection(orderBy: nodeID_ASC, after: "x") { totalCount } }')).toEqual({ status: 200, message: 'invalid cursor value: x' });
    let where = '{ nodeID_eq: 1 }';
    for (let i = 0; i < 20; i++) where = `{ AND: [${where}] }`;
    expect(errorOf(`{ nodes(where: ${where}) { nodeID } }`)).toMatchObject({ status: 200, message: expect.stringMatching(/nested deeper/) });
    expect(errorOf(`{ ${'a: __typename '.repeat(12_000)} }`)).toMatchObject({ status: 400, message: expect.stringMatching(/token/) });
    // Introspection is deeper than data queries but not refused.
    expect(data('{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name ofType { name } } } } } } } } }')).toBeDefined();
  });
});
