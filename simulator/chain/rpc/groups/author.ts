/**
 * author_* and system_accountNextIndex: submitting transactions (sc-rpc-api `author/mod.rs`, frame-rpc-system),
 * served from `ChainAuthorApi`:
 * - author_submitExtrinsic(hex) → hash; refusals are 1010/1011/1013/1014 as Substrate words them
 * - author_submitAndWatchExtrinsic(hex) → `author_extrinsicUpdate` notifications; author_unwatchExtrinsic(id) → bool
 * - author_pendingExtrinsics() → hex[]
 * - system_accountNextIndex(ss58) → number; alias account_nextIndex
 * With instant finality `{finalized}` is held until this connection has read the block's events (events-gate.ts);
 * otherwise polkadot-js drops InBlock and tfchain_client hangs (chain-rpc-notes.md).
 */
import * as z from 'zod';
import type { ChainAuthorApi, TransactionStatusJson } from '../chain-api';
import { DEFAULT_EVENTS_GATE, whenEventsRead, type EventsGateTiming } from '../events-gate';
import { defineRpcGroup, defineSubscription, type RpcGroup } from '../group';
import { parseParams, zHex } from '../params';

export const AUTHOR_SUBSCRIPTION_NAMES = {
  extrinsicUpdate: {
    subscribe: 'author_submitAndWatchExtrinsic',
    unsubscribe: 'author_unwatchExtrinsic',
    notification: 'author_extrinsicUpdate',
  },
} as const;

/** Statuses after which Substrate ends the subscription. */
const isFinal = (s: TransactionStatusJson): boolean =>
  s === 'dropped' || s === 'invalid' || (typeof s === 'object' && ('usurped' in s || 'finalityTimeout' in s));

const extrinsicParam = z.tuple([zHex]);

export function authorGroup(chain: ChainAuthorApi, gate: EventsGateTiming = DEFAULT_EVENTS_GATE): RpcGroup {
  return defineRpcGroup({
    name: 'author',
    methods: {
      author_submitExtrinsic: {
        params: ['extrinsic'],
        handler: (params) => chain.submitExtrinsic(parseParams(params, extrinsicParam)[0]),
      },
      author_pendingExtrinsics: () => chain.pendingExtrinsics(),
      system_accountNextIndex: {
        params: ['accountId'],
        aliases: ['account_nextIndex'],
        handler: (params) => chain.accountNextIndex(parseParams(params, z.tuple([z.string()]))[0]),
      },
    },
    subscriptions: {
      extrinsicUpdate: defineSubscription<TransactionStatusJson>({
        ...AUTHOR_SUBSCRIPTION_NAMES.extrinsicUpdate,
        params: ['bytes'],
        start: async (params, sink, context) => {
          const [extrinsic] = parseParams(params, extrinsicParam);
          const cancels = new Set<() => void>();
          const watch = await chain.submitAndWatchExtrinsic(extrinsic, (status) => {
            if (typeof status === 'object' && 'finalized' in status) {
              const cancel = whenEventsRead(context.connection, status.finalized, () => {
                cancels.delete(cancel);
                sink.send(status);
                sink.close();
              }, gate);
              cancels.add(cancel);
              return;
            }
            sink.send(status);
            if (isFinal(status)) sink.close();
          });
          return () => {
            watch.unwatch();
            for (const cancel of cancels) cancel();
          };
        },
      }),
    },
  });
}
