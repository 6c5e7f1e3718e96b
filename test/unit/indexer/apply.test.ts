// One block's events → what the index re-reads and what it takes from the events; a block and a snapshot written
// into the index (uptime kept across storage reads, deleted contracts kept as Deleted, history cut at a rewind).
import { describe, expect, it } from 'vitest';
import { applyBlock, replaceWithSnapshot } from '../../../simulator/services/indexer/apply';
import { collectChanges, emptyChanges } from '../../../simulator/services/indexer/block-changes';
import { emptyView } from '../../../simulator/services/indexer/chain-reader';
import { MemoryGridIndex } from '../../../simulator/services/indexer/model';
import { contractStateOf } from '../../../simulator/services/indexer/records';

const T = 1_800_000_000;
const head = (number: number, secs: number) => ({ number, hash: `0x${number}`, timestamp: secs * 1000 });

const chainNode = {
  id: 3, farmId: 1, twinId: 9, resources: { hru: 0, sru: 512, cru: 4, mru: 8192 },
  location: { city: 'Ghent', country: 'Belgium', latitude: '51.05', longitude: '3.72' }, publicConfig: null, created: T - 10,
  farmingPolicyId: 1, interfaces: [{ name: 'zos', mac: '00:11', ips: ['10.0.0.2'] }], certification: 'Diy', secureBoot: false,
  virtualized: false, serialNumber: 'sn', connectionPrice: 80,
};
const nodeContract = (state: unknown) => ({
  version: 6, state, contractId: 7, twinId: 20, solutionProviderId: null,
  contractType: { nodeContract: { nodeId: 3, deploymentHash: 'a'.repeat(32), deploymentData: '{}', publicIps: 1, publicIpsList: [] } },
});

describe('block changes', () => {
  it('maps events to ids to re-read and to event-only changes', () => {
    const c = collectChanges([
      { section: 'tfgridModule', method: 'NodeStored', data: [chainNode] },
      { section: 'tfgridModule', method: 'PowerTargetChanged', data: [1, 4, 'Down'] },
      { section: 'tfgridModule', method: 'NodeUptimeReported', data: [3, T, 500] },
      { section: 'tfgridModule', method: 'TwinUpdated', data: [{ id: 9 }] },
      { section: 'smartContractModule', method: 'ContractCreated', data: [nodeContract('Created')] },
      { section: 'smartContractModule', method: 'NodeContractCanceled', data: [8, 3, 20] },
      { section: 'smartContractModule', method: 'UpdatedUsedResources', data: [{ contractId: 7, used: { cru: 2, mru: 10, sru: 0, hru: 0 } }] },
      { section: 'smartContractModule', method: 'ContractBilled', data: [{ contractId: 7, timestamp: T, discountLevel: 'Gold', amountBilled: '12345678901234567890' }] },
      { section: 'balances', method: 'Transfer', data: [] },
    ]);
    expect([...c.nodes]).toEqual([3, 4]);
    expect([...c.twins]).toEqual([9]);
    expect([...c.contracts]).toEqual([7, 8]);
    expect(c.allFarms).toBe(true); // a node contract with a public IP takes one from its farm
    expect(c.direct).toEqual([
      { kind: 'uptime', nodeID: 3, timestamp: T, uptime: 500 },
      { kind: 'usedResources', contractID: 7, used: { cru: 2, mru: 10, sru: 0, hru: 0 } },
      { kind: 'bill', contractID: 7, timestamp: T, discountReceived: 'Gold', amountBilled: '12345678901234567890' },
    ]);
  });

  it('reads contract states as the processor names them', () => {
    expect(contractStateOf('Created')).toBe('Created');
    expect(contractStateOf({ gracePeriod: 12 })).toBe('GracePeriod');
    expect(contractStateOf({ deleted: 'CanceledByUser' })).toBe('Deleted');
    expect(contractStateOf({ deleted: 'OutOfFunds' })).toBe('OutOfFunds');
  });
});

describe('writing into the index', () => {
  it('keeps uptime across a storage read of the node and marks a cancelled contract Deleted', () => {
    const index = new MemoryGridIndex();
    const view = emptyView();
    view.nodes.set(3, { prim: chainNode, power: null, extraFee: 0 });
    view.contracts.set(7, nodeContract('Created'));
    const changes = emptyChanges();
    changes.direct.push({ kind: 'uptime', nodeID: 3, timestamp: T, uptime: 500 });
    applyBlock(index, head(1, T), view, changes);
    expect(index.nodes.get(3)).toMatchObject({ nodeID: 3, country: 'Belgium', updatedAt: T, uptime: 500, createdAt: T - 10, interfaces: [{ name: 'zos', mac: '00:11', ips: '10.0.0.2' }] });
    expect(index.nodeContracts.get(7)).toMatchObject({ state: 'Created', nodeID: 3, numberOfPublicIPs: 1, createdAt: T });

    const next = emptyView();
    next.nodes.set(3, { prim: { ...chainNode, resources: { ...chainNode.resources, cru: 8 } }, power: { state: { down: 5 }, target: 'Down' }, extraFee: 100 });
    next.contracts.set(7, null);
    applyBlock(index, head(2, T + 6), next, emptyChanges());
    expect(index.nodes.get(3)).toMatchObject({ resourcesTotal: { cru: 8 }, updatedAt: T, power: { state: 'Down', target: 'Down' }, dedicated: true, extraFee: 100 });
    expect(index.nodeContracts.get(7)?.state).toBe('Deleted');
    expect(index.head.number).toBe(2);
  });

  it('a snapshot at an earlier head drops later history and takes uptime from the last report before it', () => {
    const index = new MemoryGridIndex();
    index.uptimeEvents.push({ nodeID: 3, uptime: 100, timestamp: T }, { nodeID: 3, uptime: 200, timestamp: T + 100 });
    index.contractBillReports.push({ contractID: 7, discountReceived: 'None', amountBilled: '1', timestamp: T + 100 });
    const view = emptyView();
    view.nodes.set(3, { prim: chainNode, power: null, extraFee: 0 });
    replaceWithSnapshot(index, head(5, T + 50), view);
    expect(index.uptimeEvents).toEqual([{ nodeID: 3, uptime: 100, timestamp: T }]);
    expect(index.contractBillReports).toEqual([]);
    expect(index.nodes.get(3)).toMatchObject({ uptime: 100, updatedAt: T });
  });
});
