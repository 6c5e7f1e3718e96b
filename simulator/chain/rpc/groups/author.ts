/**
 * author_* and system_accountNextIndex: submitting transactions. Placeholder (see chain.ts for why it is empty);
 * the next increment serves, from `chain: ChainAuthorApi` (sc-rpc-api `author/mod.rs`, frame-rpc-system):
 * - author_submitExtrinsic(hex) → hash, errors 1010/1013/1014 as errors.ts builds them
 * - author_submitAndWatchExtrinsic(hex) → subscription below; author_unwatchExtrinsic(id) → bool
 * - author_pendingExtrinsics() → hex[]
 * - system_accountNextIndex(ss58) → number; alias account_nextIndex
 * With an instant chain `{finalized}` must wait until this connection has read the block's events (a mark left in
 * `context.connection.locals` by the state group), with a fallback timeout, then ~100 ms: otherwise polkadot-js
 * drops InBlock and tfchain_client hangs (chain-rpc-notes.md).
 */
import type { ChainAuthorApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup } from '../group';

export const AUTHOR_SUBSCRIPTION_NAMES = {
  extrinsicUpdate: {
    subscribe: 'author_submitAndWatchExtrinsic',
    unsubscribe: 'author_unwatchExtrinsic',
    notification: 'author_extrinsicUpdate',
  },
} as const;

export function authorGroup(_chain: ChainAuthorApi): RpcGroup {
  return defineRpcGroup({ name: 'author' });
}
