/**
 * state_*: storage at any kept block, metadata, runtime version and runtime calls (sc-rpc-api `state/mod.rs`),
 * served from `ChainStateApi`:
 * - state_getStorage(key, at?) → hex | null (alias state_getStorageAt); state_getStorageHash / state_getStorageSize
 * - state_getKeysPaged(prefix?, count ≤ 1000, startKey?, at?) → keys (alias state_getKeysPagedAt)
 * - state_queryStorageAt(keys, at?) → [StorageChangeSetJson]; state_queryStorage(keys, from, to?) → the changes per
 *   block of a range (query-storage.ts)
 * - state_getMetadata(at?), state_getRuntimeVersion(at?) (alias chain_getRuntimeVersion)
 * - state_call(method, data, at?) → hex (alias state_callAt)
 * - the storage and runtime-version subscriptions.
 * Reads of System.Events at a block are marked on the connection (events-gate.ts) so the author group can release
 * that block's `{finalized}`.
 */
import { blake2AsHex } from '@polkadot/util-crypto';
import * as z from 'zod';
import type { ChainBlocksApi, ChainStateApi, Hex, RuntimeVersionJson, StorageChangeSetJson } from '../chain-api';
import { RpcError } from '../errors';
import { markEventsRead, SYSTEM_EVENTS_KEY } from '../events-gate';
import { defineRpcGroup, defineSubscription, type RpcContext, type RpcGroup } from '../group';
import { parseParams, zHash, zHex, zOption } from '../params';
import { queryStorageRange } from './query-storage';

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

const keyAt = z.tuple([zHex, zOption(zHash)]);
const atOnly = z.tuple([zOption(zHash)]);

function noteRead(context: RpcContext, keys: readonly string[], at: string | undefined): void {
  if (at !== undefined && keys.includes(SYSTEM_EVENTS_KEY)) markEventsRead(context.connection, at);
}

/** What the state group reads: the state API, plus headers and hashes by number for state_queryStorage's range. */
export type StateGroupChain = ChainStateApi & Pick<ChainBlocksApi, 'getHeader' | 'getBlockHash'>;

export function stateGroup(chain: StateGroupChain): RpcGroup {
  const getStorage = async (params: readonly unknown[], context: RpcContext): Promise<Hex | null> => {
    const [key, at] = parseParams(params, keyAt);
    const value = await chain.getStorage(key, at);
    noteRead(context, [key], at);
    return value;
  };
  return defineRpcGroup({
    name: 'state',
    methods: {
      state_getStorage: { params: ['key', 'hash'], aliases: ['state_getStorageAt'], handler: getStorage },
      state_getStorageHash: {
        params: ['key', 'hash'],
        aliases: ['state_getStorageHashAt'],
        handler: async (params, context) => {
          const value = await getStorage(params, context);
          return value === null ? null : blake2AsHex(value, 256);
        },
      },
      state_getStorageSize: {
        params: ['key', 'hash'],
        aliases: ['state_getStorageSizeAt'],
        handler: async (params, context) => {
          const value = await getStorage(params, context);
          return value === null ? null : (value.length - 2) / 2;
        },
      },
      state_getKeysPaged: {
        params: ['prefix', 'count', 'startKey', 'hash'],
        aliases: ['state_getKeysPagedAt'],
        handler: (params) => {
          const [prefix, count, startKey, at] = parseParams(params, z.tuple([
            zOption(zHex), z.number().int().min(0), zOption(zHex), zOption(zHash),
          ]));
          if (count > MAX_KEYS_PAGE) {
            throw new RpcError(4002, `count exceeds maximum value. value: ${count}, max: ${MAX_KEYS_PAGE}`);
          }
          return chain.getKeysPaged(prefix ?? '0x', count, startKey, at);
        },
      },
      state_queryStorageAt: {
        params: ['keys', 'at'],
        handler: async (params, context) => {
          const [keys, at] = parseParams(params, z.tuple([z.array(zHex), zOption(zHash)]));
          const changes = await chain.queryStorageAt(keys, at);
          noteRead(context, keys, changes.block);
          return [changes];
        },
      },
      state_queryStorage: {
        params: ['keys', 'block', 'hash'],
        handler: async (params, context) => {
          const [keys, from, to] = parseParams(params, z.tuple([z.array(zHex), zHash, zOption(zHash)]));
          const sets = await queryStorageRange(chain, keys, from, to);
          for (const set of sets) noteRead(context, keys, set.block);
          return sets;
        },
      },
      state_getMetadata: { params: ['hash'], handler: (params) => chain.getMetadata(parseParams(params, atOnly)[0]) },
      state_getRuntimeVersion: {
        params: ['hash'],
        aliases: ['chain_getRuntimeVersion'],
        handler: (params) => chain.getRuntimeVersion(parseParams(params, atOnly)[0]),
      },
      state_call: {
        params: ['name', 'bytes', 'hash'],
        aliases: ['state_callAt'],
        handler: (params) => {
          const [method, data, at] = parseParams(params, z.tuple([z.string(), zHex, zOption(zHash)]));
          return chain.call(method, data, at);
        },
      },
    },
    subscriptions: {
      storage: defineSubscription<StorageChangeSetJson>({
        ...STATE_SUBSCRIPTION_NAMES.storage,
        params: ['keys'],
        start: (params, sink) => {
          const [keys] = parseParams(params, z.tuple([zOption(z.array(zHex))]));
          return chain.subscribeStorage(keys, (changes) => sink.send(changes));
        },
      }),
      runtimeVersion: defineSubscription<RuntimeVersionJson>({
        ...STATE_SUBSCRIPTION_NAMES.runtimeVersion,
        start: (_params, sink) => chain.subscribeRuntimeVersion((v) => sink.send(v)),
      }),
    },
  });
}
