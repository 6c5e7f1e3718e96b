/**
 * chain_*: blocks and heads (sc-rpc-api `chain/mod.rs`), served from `ChainBlocksApi`:
 * - chain_getHeader(hash?) → HeaderJson | null
 * - chain_getBlock(hash?) → SignedBlockJson | null
 * - chain_getBlockHash(number | hex | [numbers]?) → hash | null (or a list); alias chain_getHead
 * - chain_getFinalizedHead() → hash; alias chain_getFinalisedHead
 * - the three head subscriptions below, each starting with the current head.
 */
import * as z from 'zod';
import type { BlockHash, ChainBlocksApi, HeaderJson } from '../chain-api';
import { defineRpcGroup, defineSubscription, type RpcGroup } from '../group';
import { parseParams, zBlockNumber, zHash, zOption } from '../params';

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

const hashParam = z.tuple([zOption(zHash)]);
/** `ListOrValue<NumberOrHex>`: one number, or a list answered with a list. */
const blockHashParam = z.tuple([zOption(z.union([zBlockNumber, z.array(zBlockNumber)]))]);

type Subscribe = (listener: (header: HeaderJson) => void) => () => void;

const headsSubscription = (names: (typeof CHAIN_SUBSCRIPTION_NAMES)[keyof typeof CHAIN_SUBSCRIPTION_NAMES], subscribe: Subscribe) =>
  defineSubscription<HeaderJson>({
    ...names,
    start: (_params, sink) => subscribe((header) => sink.send(header)),
  });

export function chainGroup(chain: ChainBlocksApi): RpcGroup {
  return defineRpcGroup({
    name: 'chain',
    methods: {
      chain_getHeader: {
        params: ['hash'],
        handler: (params) => chain.getHeader(parseParams(params, hashParam)[0]),
      },
      chain_getBlock: {
        params: ['hash'],
        handler: (params) => chain.getBlock(parseParams(params, hashParam)[0]),
      },
      chain_getBlockHash: {
        params: ['hash'],
        aliases: ['chain_getHead'],
        handler: async (params) => {
          const [n] = parseParams(params, blockHashParam);
          if (!Array.isArray(n)) return chain.getBlockHash(n);
          const out: Array<BlockHash | null> = [];
          for (const x of n) out.push(await chain.getBlockHash(x));
          return out;
        },
      },
      chain_getFinalizedHead: {
        aliases: ['chain_getFinalisedHead'],
        handler: () => chain.getFinalizedHead(),
      },
    },
    subscriptions: {
      newHeads: headsSubscription(CHAIN_SUBSCRIPTION_NAMES.newHeads, (l) => chain.subscribeNewHeads(l)),
      finalizedHeads: headsSubscription(CHAIN_SUBSCRIPTION_NAMES.finalizedHeads, (l) => chain.subscribeFinalizedHeads(l)),
      allHeads: headsSubscription(CHAIN_SUBSCRIPTION_NAMES.allHeads, (l) => chain.subscribeAllHeads(l)),
    },
  });
}
