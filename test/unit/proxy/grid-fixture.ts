// A MemoryGridIndex filled directly: farms, nodes (reporting or not), contracts; for the proxy's unit tests and
// test/bench/proxy.ts.
import { MemoryGridIndex, type NodeRecord } from '../../../simulator/services/indexer/model';

export const GIB = 1024 ** 3;
/** Chain time of the fixture's head (s). */
export const NOW = 1_800_000_000;

export function fixtureIndex(): MemoryGridIndex {
  const index = new MemoryGridIndex();
  index.head = { number: 100, hash: '0x01', timestamp: NOW * 1000 };
  return index;
}

export function addFarm(index: MemoryGridIndex, farmID: number, extra: { dedicated?: boolean; ips?: number; usedIps?: number } = {}): void {
  const ips = Array.from({ length: extra.ips ?? 0 }, (_, i) => ({
    farmID, ip: `185.206.${farmID}.${10 + i}/24`, gateway: `185.206.${farmID}.1`, contractId: i < (extra.usedIps ?? 0) ? 1000 + i : 0,
  }));
  index.farms.set(farmID, {
    farmID, name: `farm${farmID}`, twinID: 100 + farmID, pricingPolicyID: 1, certification: 'NotCertified', stellarAddress: null,
    dedicatedFarm: extra.dedicated ?? false, publicIPs: ips, gridVersion: 3,
  });
  index.twins.set(100 + farmID, { twinID: 100 + farmID, accountID: `5Farmer${farmID}`, relay: 'relay.local', publicKey: null, gridVersion: 3 });
}

export function addNode(index: MemoryGridIndex, nodeID: number, farmID: number, extra: Partial<NodeRecord> = {}): NodeRecord {
  const node: NodeRecord = {
    nodeID, farmID, twinID: 1000 + nodeID,
    location: { country: nodeID % 2 ? 'Belgium' : 'Egypt', city: nodeID % 2 ? 'Ghent' : 'Cairo', longitude: '3.7', latitude: '51.05' },
    country: null, city: null, publicConfig: null,
    resourcesTotal: { cru: 4 + (nodeID % 4) * 4, mru: 16 * GIB * (1 + (nodeID % 3)), sru: 512 * GIB, hru: 2048 * GIB },
    uptime: 3600, updatedAt: NOW - 60, created: NOW - 86400, createdAt: NOW - 86400, farmingPolicyId: 1, interfaces: [],
    certification: 'Diy', secure: false, virtualized: false, serialNumber: null, connectionPrice: 80,
    power: { state: 'Up', target: 'Up' }, dedicated: false, extraFee: 0, gridVersion: 3,
    ...extra,
  };
  index.nodes.set(nodeID, node);
  index.twins.set(node.twinID, { twinID: node.twinID, accountID: `5Node${nodeID}`, relay: 'relay.local', publicKey: null, gridVersion: 3 });
  return node;
}

export function addNodeContract(index: MemoryGridIndex, contractID: number, nodeID: number, twinID: number, used: { cru: number; mru: number; sru?: number; hru?: number } | null, state: 'Created' | 'Deleted' = 'Created'): void {
  index.nodeContracts.set(contractID, {
    contractID, twinID, nodeID, deploymentData: '{"type":"vm"}', deploymentHash: 'h'.repeat(32), numberOfPublicIPs: 0, state,
    resourcesUsed: used && { cru: used.cru, mru: used.mru, sru: used.sru ?? 0, hru: used.hru ?? 0 }, createdAt: NOW - 100, solutionProviderID: null, gridVersion: 3,
  });
}

export function addRentContract(index: MemoryGridIndex, contractID: number, nodeID: number, twinID: number): void {
  index.rentContracts.set(contractID, { contractID, twinID, nodeID, state: 'Created', createdAt: NOW - 50, solutionProviderID: null, gridVersion: 3 });
}

/** `count` nodes over `count / 10` farms, with public configs, contracts and rentals sprinkled in. */
export function gridOf(count: number): MemoryGridIndex {
  const index = fixtureIndex();
  const farms = Math.max(1, Math.ceil(count / 10));
  for (let f = 1; f <= farms; f++) addFarm(index, f, { ips: 4, usedIps: f % 4, dedicated: f % 5 === 0 });
  for (let n = 1; n <= count; n++) {
    addNode(index, n, 1 + ((n - 1) % farms), {
      updatedAt: n % 7 === 0 ? NOW - 3 * 3600 : NOW - 60,
      publicConfig: n % 3 === 0 ? { ipv4: `185.1.1.${n}/24`, gw4: '185.1.1.1', ipv6: n % 6 === 0 ? `2a02::${n}/64` : null, gw6: null, domain: n % 9 === 0 ? `gw${n}.grid.local` : null } : null,
    });
    if (n % 2 === 0) addNodeContract(index, 10_000 + n, n, 7, { cru: 1, mru: 2 * GIB, sru: 10 * GIB });
    if (n % 11 === 0) addRentContract(index, 20_000 + n, n, 8);
  }
  return index;
}
