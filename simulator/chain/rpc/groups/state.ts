/**
 * state_*: storage, metadata, runtime version and runtime calls. Placeholder (see chain.ts for why it is empty);
 * the next increment serves, from `chain: ChainStateApi` (sc-rpc-api `state/mod.rs`):
 * - state_getStorage(key, at?) → hex | null; alias state_getStorageAt
 * - state_getStorageHash(key, at?) / state_getStorageSize(key, at?) (derived from getStorage)
 * - state_getKeysPaged(prefix?, count ≤ 1000, startKey?, at?) → keys; alias state_getKeysPagedAt
 * - state_queryStorageAt(keys, at?) → [StorageChangeSetJson]
 * - state_getMetadata(at?) → hex; state_getRuntimeVersion(at?) → RuntimeVersionJson, alias chain_getRuntimeVersion
 * - state_call(method, data, at?) → hex; alias state_callAt
 * - the two subscriptions below.
 * Reads of `System.Events` at a block should be noted in `context.connection.locals`, so the author group can
 * release that block's `{finalized}` (chain-rpc-notes.md, "InBlock lost").
 */
import type { ChainStateApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup } from '../group';

export const STATE_SUBSCRIPTION_NAMES = {
  storage: {
    subscribe: 'state_subscribeStorage',
    unsubscribe: 'state_unsubscribeStorage',
    notification: 'state_storage',
  },
  runtimeVersion: {
    subscribe: 'state_subscribeRuntimeVersion',
    aliases: ['chain_subscribeRuntimeVersion'],
    unsubscribe: 'state_unsubscribeRuntimeVersion',
    unsubscribeAliases: ['chain_unsubscribeRuntimeVersion'],
    notification: 'state_runtimeVersion',
  },
} as const;

/** Substrate refuses larger pages (`STORAGE_KEYS_PAGED_MAX_COUNT`). */
export const MAX_KEYS_PAGE = 1000;

export function stateGroup(_chain: ChainStateApi): RpcGroup {
  return defineRpcGroup({ name: 'state' });
}
