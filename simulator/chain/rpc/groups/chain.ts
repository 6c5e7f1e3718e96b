/**
 * chain_*: blocks and heads. Placeholder until the chain exists: the group is registered (so the wiring is final)
 * but serves nothing yet, because `rpc_methods` must never advertise a method we cannot answer (polkadot-js trusts
 * that list). The next increment fills `methods` and `subscriptions` from `chain: ChainBlocksApi`.
 *
 * To serve (sc-rpc-api `chain/mod.rs`):
 * - chain_getHeader(hash?) → HeaderJson | null
 * - chain_getBlock(hash?) → SignedBlockJson | null
 * - chain_getBlockHash(number | hex | [numbers]?) → hash | null (or a list); alias chain_getHead
 * - chain_getFinalizedHead() → hash; alias chain_getFinalisedHead
 * - the three head subscriptions below.
 */
import type { ChainBlocksApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup } from '../group';

/** Substrate's subscription names, aliases and notification methods, ready for `defineSubscription`. */
export const CHAIN_SUBSCRIPTION_NAMES = {
  newHeads: {
    subscribe: 'chain_subscribeNewHeads',
    aliases: ['subscribe_newHead', 'chain_subscribeNewHead'],
    unsubscribe: 'chain_unsubscribeNewHeads',
    unsubscribeAliases: ['unsubscribe_newHead', 'chain_unsubscribeNewHead'],
    notification: 'chain_newHead',
  },
  finalizedHeads: {
    subscribe: 'chain_subscribeFinalizedHeads',
    aliases: ['chain_subscribeFinalisedHeads'],
    unsubscribe: 'chain_unsubscribeFinalizedHeads',
    unsubscribeAliases: ['chain_unsubscribeFinalisedHeads'],
    notification: 'chain_finalizedHead',
  },
  allHeads: {
    subscribe: 'chain_subscribeAllHeads',
    unsubscribe: 'chain_unsubscribeAllHeads',
    notification: 'chain_allHead',
  },
} as const;

export function chainGroup(_chain: ChainBlocksApi): RpcGroup {
  return defineRpcGroup({ name: 'chain' });
}
