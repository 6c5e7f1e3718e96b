// The runtime's `NodeChanged` (TFChain runtime lib.rs): what TfgridModule tells other pallets when a node is created,
// updated or deleted. Created/updated: the Dao moves the node's weight. Deleted: SmartContractModule cancels and bills
// the node's contracts, then the Dao drops the node's weight; TfgridModule calls this before removing the node, so the
// final bills still find the node and its farm (public IPs go back to the farm).
import type { DispatchContext } from '../../core/dispatch/context';
import { daoNodeChanged, daoNodeDeleted } from './dao.impl';
import { billContractNow, contractOf, saveContract, sc } from './smart-contract-billing.impl';
import type { NodeValue } from './tfgrid-support.impl';

export function nodeChanged(ctx: DispatchContext, old: NodeValue | null, node: NodeValue): void {
  daoNodeChanged(ctx, old, node);
}

export function nodeDeleted(ctx: DispatchContext, node: NodeValue): void {
  contractsOnDeletedNode(ctx, node.id);
  daoNodeDeleted(ctx, node);
}

/**
 * SmartContractModule's `node_deleted`: each node contract, then the rent contract, is marked Deleted(CanceledByUser)
 * and billed one last time, which removes it (NodeContractCanceled / RentContractCanceled, IPsFreed). A final bill
 * that fails leaves its contract marked Deleted, as the pallet ignores the error too.
 */
function contractsOnDeletedNode(ctx: DispatchContext, nodeId: number): void {
  const ids = [...sc<bigint[]>(ctx, 'ActiveNodeContracts').get(nodeId)];
  const rent = sc<bigint | null>(ctx, 'ActiveRentContractForNode').get(nodeId);
  if (rent !== null) ids.push(rent);
  for (const id of ids) {
    const c = contractOf(ctx, id);
    if (c === null) continue;
    saveContract(ctx, { ...c, state: { Deleted: 'CanceledByUser' } });
    try {
      ctx.transactional(() => billContractNow(ctx, id));
    } catch (error) {
      ctx.env.log.warn('SmartContractModule: final bill of a deleted node\'s contract failed', {
        contractId: id.toString(), error: String(error),
      });
    }
  }
}
