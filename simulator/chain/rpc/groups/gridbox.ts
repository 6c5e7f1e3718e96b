/**
 * gridbox_*: Gridbox's own chain controls (no Substrate node or Chopsticks has them), served from `ChainSnapshotApi`:
 * - gridbox_snapshotSave(name) → { name, blockNumber, blockHash, savedAt }
 * - gridbox_snapshotList() → the same for every snapshot, by name
 * - gridbox_snapshotRestore(name) → hash of the restored head (announced to subscribers like dev_setHead)
 * - gridbox_snapshotDelete(name) → true if it existed
 * - gridbox_reset() → the genesis hash (the chain is back at block 0, genesis state)
 * Names are 1–64 letters, digits, "-", "_" or "."; anything else is Invalid params.
 */
import * as z from 'zod';
import type { ChainSnapshotApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup, type RpcParams } from '../group';
import { parseParams } from '../params';

const nameParam = z.tuple([z.string().max(256)]);

export function gridboxGroup(snapshots: ChainSnapshotApi): RpcGroup {
  const named = (call: (name: string) => unknown) => ({
    params: ['name'],
    handler: (params: RpcParams) => {
      const [name] = parseParams(params, nameParam);
      return call(name);
    },
  });
  return defineRpcGroup({
    name: 'gridbox',
    methods: {
      gridbox_snapshotSave: named((name) => snapshots.snapshotSave(name)),
      gridbox_snapshotList: { params: [], handler: () => snapshots.snapshotList() },
      gridbox_snapshotRestore: named((name) => snapshots.snapshotRestore(name)),
      gridbox_snapshotDelete: named((name) => snapshots.snapshotDelete(name)),
      gridbox_reset: { params: [], handler: () => snapshots.reset() },
    },
  });
}
