/**
 * Writes storage reads and event changes into a `MemoryGridIndex`, synchronously, so readers never see half a
 * block. Deleted contracts stay in the index with state `Deleted` (the chain forgets them; tfchain_graphql keeps
 * them); deleted twins, farms and nodes go away, as in the processor.
 */
import type { BlockChanges } from './block-changes';
import type { StorageView } from './chain-reader';
import type { IndexHead, MemoryGridIndex, Resources } from './model';
import { contractRecord, farmRecord, farmingPolicyRecord, nodeRecord, powerOf, resourcesOf, twinRecord } from './records';

const secs = (ms: number): number => Math.floor(ms / 1000);

function usedFrom(view: StorageView, id: number): Resources | null {
  const r = view.contractResources.get(id);
  return r ? resourcesOf(r.used) : null;
}

function writeEntities(index: MemoryGridIndex, view: StorageView, blockSecs: number): void {
  for (const [id, twin] of view.twins) {
    if (twin) index.twins.set(id, twinRecord(twin.prim, twin.pkHex));
    else index.twins.delete(id);
  }
  for (const [id, farm] of view.farms) {
    if (farm) index.farms.set(id, farmRecord(farm.prim, farm.payoutAddress ?? index.farms.get(id)?.stellarAddress ?? null));
    else index.farms.delete(id);
  }
  for (const [id, node] of view.nodes) {
    if (!node) {
      index.nodes.delete(id);
      continue;
    }
    const old = index.nodes.get(id);
    index.nodes.set(id, nodeRecord(node.prim, {
      power: powerOf(node.power), extraFee: node.extraFee,
      uptime: old?.uptime ?? 0, updatedAt: old?.updatedAt ?? 0, createdAt: old?.createdAt ?? (Number(node.prim.created ?? 0) || blockSecs),
    }));
  }
  for (const [id, prim] of view.contracts) {
    const existing = index.nodeContracts.get(id) ?? index.nameContracts.get(id) ?? index.rentContracts.get(id);
    if (!prim) {
      if (existing && existing.state !== 'Deleted') existing.state = 'Deleted';
      continue;
    }
    const used = usedFrom(view, id) ?? index.nodeContracts.get(id)?.resourcesUsed ?? null;
    const record = contractRecord(prim, existing?.createdAt ?? blockSecs, used);
    if (record?.kind === 'node') index.nodeContracts.set(id, record.record);
    else if (record?.kind === 'name') index.nameContracts.set(id, record.record);
    else if (record?.kind === 'rent') index.rentContracts.set(id, record.record);
  }
  for (const [id, policy] of view.farmingPolicies) {
    if (policy) index.farmingPolicies.set(id, farmingPolicyRecord(policy));
    else index.farmingPolicies.delete(id);
  }
}

/** One block: entities re-read from its storage, then the event-only changes in event order. */
export function applyBlock(index: MemoryGridIndex, head: IndexHead, view: StorageView, changes: BlockChanges): void {
  const blockSecs = secs(head.timestamp);
  writeEntities(index, view, blockSecs);
  for (const change of changes.direct) {
    switch (change.kind) {
      case 'uptime': {
        index.uptimeEvents.push({ nodeID: change.nodeID, uptime: change.uptime, timestamp: change.timestamp });
        const node = index.nodes.get(change.nodeID);
        if (node) {
          node.uptime = change.uptime;
          node.updatedAt = change.timestamp;
        }
        break;
      }
      case 'usedResources': {
        const contract = index.nodeContracts.get(change.contractID);
        if (contract) contract.resourcesUsed = change.used;
        break;
      }
      case 'nru':
        index.nruConsumptions.push({ contractID: change.contractID, timestamp: change.timestamp, window: change.window, nru: change.nru });
        break;
      case 'bill':
        index.contractBillReports.push({ contractID: change.contractID, timestamp: change.timestamp, discountReceived: change.discountReceived, amountBilled: change.amountBilled });
        break;
      case 'payoutAddress': {
        const farm = index.farms.get(change.farmID);
        if (farm) farm.stellarAddress = change.address;
        break;
      }
    }
  }
  index.head = head;
}

/**
 * The whole index from one block's storage (start, reorg, dev_setHead, snapshot restore). Event history later than
 * the head is dropped; a node's uptime comes from its latest report at or before the head. Contracts the index had
 * that are gone from storage stay, as `Deleted`.
 */
export function replaceWithSnapshot(index: MemoryGridIndex, head: IndexHead, view: StorageView): void {
  const headSecs = secs(head.timestamp);
  const keep = <T extends { timestamp: number }>(list: T[]) => {
    const kept = list.filter((e) => e.timestamp <= headSecs);
    list.length = 0;
    list.push(...kept);
  };
  keep(index.uptimeEvents);
  keep(index.nruConsumptions);
  keep(index.contractBillReports);
  index.twins.clear();
  index.farms.clear();
  index.nodes.clear();
  index.farmingPolicies.clear();
  for (const map of [index.nodeContracts, index.nameContracts, index.rentContracts]) {
    for (const [id, contract] of map) {
      if (!view.contracts.has(id)) view.contracts.set(id, null);
      if (contract.createdAt > headSecs) map.delete(id);
    }
  }
  writeEntities(index, view, headSecs);
  const lastReport = new Map<number, { uptime: number; timestamp: number }>();
  for (const e of index.uptimeEvents) lastReport.set(e.nodeID, e);
  for (const node of index.nodes.values()) {
    const report = lastReport.get(node.nodeID);
    node.uptime = report?.uptime ?? 0;
    node.updatedAt = report?.timestamp ?? 0;
  }
  index.head = head;
}
