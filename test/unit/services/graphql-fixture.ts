// A small grid as the indexer records it: a farmer (twin 1) with farm 1 (two public IPs, one taken), two nodes, a
// user (twin 7) with a VM deployment (network + vm node contracts, as grid_client writes their deploymentData), a
// deleted contract, a name and a rent contract, bill reports and uptime events. Values follow model.ts units.
import { MemoryGridIndex, type NodeRecord } from '../../../simulator/services/indexer/model';

export const ALICE = '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY';
export const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

const meta = (type: string, name: string, projectName: string) => JSON.stringify({ version: 3, type, name, projectName });

function node(nodeID: number, twinID: number, over: Partial<NodeRecord> = {}): NodeRecord {
  return {
    nodeID, farmID: 1, twinID,
    location: { country: 'Belgium', city: 'Ghent', longitude: '3.7174', latitude: '51.0543' },
    country: 'Belgium', city: 'Ghent', publicConfig: null,
    resourcesTotal: { cru: 8, mru: 17_179_869_184, sru: 512_110_190_592, hru: 0 },
    uptime: 3600, updatedAt: 1_764_028_800, created: 1_764_025_200, createdAt: 1_764_025_200, farmingPolicyId: 1,
    interfaces: [{ name: 'zos', mac: '52:54:00:00:00:0' + nodeID, ips: '10.4.0.' + (10 + nodeID) }],
    certification: 'Diy', secure: false, virtualized: true, serialNumber: null, connectionPrice: 80,
    power: { state: 'Up', target: 'Up' }, dedicated: false, extraFee: 0, gridVersion: 1,
    ...over,
  };
}

export function gridFixture(): MemoryGridIndex {
  const index = new MemoryGridIndex();
  index.head = { number: 120, hash: '0x' + 'ab'.repeat(32), timestamp: 1_764_030_000_000 };
  index.twins.set(1, { twinID: 1, accountID: ALICE, relay: 'relay.local', publicKey: null, gridVersion: 1 });
  index.twins.set(7, { twinID: 7, accountID: BOB, relay: 'relay.local', publicKey: '0x02' + '11'.repeat(32), gridVersion: 1 });
  index.twins.set(8, { twinID: 8, accountID: '5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y', relay: null, publicKey: null, gridVersion: 1 });
  index.farms.set(1, {
    farmID: 1, name: 'gridbox-farm', twinID: 1, pricingPolicyID: 1, certification: 'NotCertified', stellarAddress: null,
    dedicatedFarm: false, gridVersion: 1,
    publicIPs: [
      { farmID: 1, ip: '185.206.122.33/24', gateway: '185.206.122.1', contractId: 12 },
      { farmID: 1, ip: '185.206.122.34/24', gateway: '185.206.122.1', contractId: 0 },
    ],
  });
  index.farms.set(2, { farmID: 2, name: 'second', twinID: 8, pricingPolicyID: 1, certification: 'Gold', stellarAddress: 'GA…', dedicatedFarm: true, gridVersion: 1, publicIPs: [] });
  index.nodes.set(1, node(1, 2, { publicConfig: { ipv4: '185.206.122.40/24', gw4: '185.206.122.1', ipv6: null, gw6: null, domain: 'gw1.local' } }));
  index.nodes.set(2, node(2, 3, { power: { state: 'Down', target: 'Up' }, uptime: 120, country: null, city: null }));
  index.nodeContracts.set(11, {
    contractID: 11, twinID: 7, nodeID: 1, deploymentData: meta('network', 'net1', 'vm/myvm'), deploymentHash: 'a1'.repeat(16),
    numberOfPublicIPs: 0, state: 'Created', resourcesUsed: null, createdAt: 1_764_026_000, solutionProviderID: null, gridVersion: 1,
  });
  index.nodeContracts.set(12, {
    contractID: 12, twinID: 7, nodeID: 1, deploymentData: meta('vm', 'myvm', 'vm/myvm'), deploymentHash: 'b2'.repeat(16),
    numberOfPublicIPs: 1, state: 'GracePeriod', resourcesUsed: { cru: 1, mru: 1_073_741_824, sru: 2_147_483_648, hru: 0 },
    createdAt: 1_764_026_000, solutionProviderID: 1, gridVersion: 1,
  });
  index.nodeContracts.set(13, {
    contractID: 13, twinID: 7, nodeID: 2, deploymentData: meta('vm', 'old', 'vm/old'), deploymentHash: 'c3'.repeat(16),
    numberOfPublicIPs: 0, state: 'Deleted', resourcesUsed: null, createdAt: 1_764_025_500, solutionProviderID: null, gridVersion: 1,
  });
  index.nodeContracts.set(14, {
    contractID: 14, twinID: 8, nodeID: 2, deploymentData: meta('vm', 'myvm', 'vm/myvm'), deploymentHash: 'd4'.repeat(16),
    numberOfPublicIPs: 0, state: 'Created', resourcesUsed: null, createdAt: 1_764_027_000, solutionProviderID: null, gridVersion: 1,
  });
  index.nameContracts.set(15, { contractID: 15, twinID: 7, name: 'mygw', state: 'Created', createdAt: 1_764_027_100, solutionProviderID: null, gridVersion: 1 });
  index.rentContracts.set(16, { contractID: 16, twinID: 7, nodeID: 2, state: 'Created', createdAt: 1_764_027_200, solutionProviderID: null, gridVersion: 1 });
  index.contractBillReports.push(
    { contractID: 12, discountReceived: 'Default', amountBilled: '90000000000000000001', timestamp: 1_764_029_600 },
    { contractID: 12, discountReceived: 'Gold', amountBilled: '52000', timestamp: 1_764_033_200 },
    { contractID: 11, discountReceived: 'None', amountBilled: '0', timestamp: 1_764_029_600 },
  );
  index.uptimeEvents.push({ nodeID: 1, uptime: 60, timestamp: 1_764_025_260 }, { nodeID: 1, uptime: 3600, timestamp: 1_764_028_800 });
  index.nruConsumptions.push({ contractID: 12, timestamp: 1_764_029_600, window: 3600, nru: 1024 });
  index.farmingPolicies.set(1, {
    farmingPolicyID: 1, name: 'default-diy', cu: 2400, su: 1000, nu: 30, ipv4: 5, minimalUptime: 95, policyCreated: 0, policyEnd: 0,
    immutable: false, default: true, nodeCertification: 'Diy', farmCertification: 'NotCertified',
  });
  return index;
}
