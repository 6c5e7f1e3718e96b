/**
 * system_*: node identity and health. Everything here is static for a single dev node except the sync state,
 * which needs the best block number. `system_accountNextIndex` needs the chain and lives with author.ts.
 */
import type { ChainSystemApi } from '../chain-api';
import { defineRpcGroup, type RpcGroup } from '../group';

/** `system_health`: `{"peers":0,"isSyncing":false,"shouldHavePeers":false}` (Substrate's field order). */
export interface SystemHealthJson {
  peers: number;
  isSyncing: boolean;
  shouldHavePeers: boolean;
}

/** `system_syncState`: `{"startingBlock":0,"currentBlock":12,"highestBlock":12}` (plain numbers). */
export interface SyncStateJson {
  startingBlock: number;
  currentBlock: number;
  highestBlock: number;
}

/** `system_properties`: the chain spec's free-form properties. */
export type ChainPropertiesJson = Record<string, string | number | boolean | Array<string | number>>;

export type NodeRole = 'Full' | 'LightClient' | 'Authority';

export interface SystemInfo {
  /** system_name: the node implementation's name. */
  name: string;
  /** system_version: the node implementation's version. */
  version: string;
  /** system_chain: the chain spec's name. */
  chain: string;
  /** system_chainType: Development | Local | Live | {Custom: string}. */
  chainType: string;
  properties: ChainPropertiesJson;
  /** system_localPeerId: a base58 libp2p PeerId. */
  peerId: string;
  roles: NodeRole[];
}

/**
 * TFChain's dev chain spec (tfchain.md §4): name "Development", type Development, properties
 * `{"tokenDecimals":7,"tokenSymbol":"TFT"}`. There is no `ss58Format` property on TFChain: polkadot-js reads the
 * prefix (42) from the `System.SS58Prefix` constant in the metadata, so we do not add one.
 */
export const TFCHAIN_DEV_SYSTEM_INFO: SystemInfo = {
  name: 'Gridbox TFChain simulator',
  version: '0.1.0',
  chain: 'Development',
  chainType: 'Development',
  properties: { tokenDecimals: 7, tokenSymbol: 'TFT' },
  // A well-formed Ed25519 PeerId (identity multihash of the protobuf public key, base58btc), derived from
  // sha256("gridbox-tfchain-dev-node") so it is stable across runs; nothing dials it.
  peerId: '12D3KooWNjkTCyWgfCuHuVy4UhN6K62MTBwk2iWAafe8L4DewCMW',
  roles: ['Authority'],
};

export interface SystemGroupOptions {
  info?: Partial<SystemInfo>;
  /** Without it, system_syncState reports block 0. */
  chain?: ChainSystemApi;
}

export function systemGroup(options: SystemGroupOptions = {}): RpcGroup {
  const info: SystemInfo = { ...TFCHAIN_DEV_SYSTEM_INFO, ...options.info };
  const health: SystemHealthJson = { peers: 0, isSyncing: false, shouldHavePeers: false };
  return defineRpcGroup({
    name: 'system',
    methods: {
      system_name: () => info.name,
      system_version: () => info.version,
      system_chain: () => info.chain,
      system_chainType: () => info.chainType,
      system_properties: () => info.properties,
      system_health: () => ({ ...health }),
      system_localPeerId: () => info.peerId,
      system_localListenAddresses: () => [],
      system_nodeRoles: () => [...info.roles],
      system_peers: () => [],
      system_syncState: async (): Promise<SyncStateJson> => {
        const best = options.chain ? await options.chain.bestNumber() : 0;
        return { startingBlock: 0, currentBlock: best, highestBlock: best };
      },
    },
  });
}
