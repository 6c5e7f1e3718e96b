/**
 * All groups of the TFChain dev chain's RPC, built from one chain-facing object. `rpc_methods` is added by the
 * registry itself (groups/rpc.ts), so it always lists exactly what these groups serve.
 */
import type { ChainApi } from '../chain-api';
import type { RpcGroup } from '../group';
import { createRpcRegistry, type RpcRegistry } from '../registry';
import { authorGroup } from './author';
import { chainGroup } from './chain';
import { devGroup } from './dev';
import { gridboxGroup } from './gridbox';
import { gridboxTimeGroup } from './gridbox-time';
import { paymentGroup } from './payment';
import { stateGroup } from './state';
import { systemGroup, type SystemInfo } from './system';

export interface ChainRpcOptions {
  /** Overrides of the node identity answered by system_*. */
  system?: Partial<SystemInfo>;
  /** Extra groups (tests, tooling). */
  extraGroups?: readonly RpcGroup[];
}

export function chainRpcGroups(chain: ChainApi, options: ChainRpcOptions = {}): RpcGroup[] {
  return [
    systemGroup({ info: options.system, chain }),
    chainGroup(chain),
    stateGroup(chain),
    authorGroup(chain),
    paymentGroup(chain),
    devGroup(chain.dev),
    ...(chain.snapshots ? [gridboxGroup(chain.snapshots)] : []),
    ...(chain.time ? [gridboxTimeGroup(chain.time)] : []),
    ...(options.extraGroups ?? []),
  ];
}

export function createChainRpcRegistry(chain: ChainApi, options: ChainRpcOptions = {}): RpcRegistry {
  return createRpcRegistry(chainRpcGroups(chain, options));
}

export { authorGroup, chainGroup, devGroup, gridboxGroup, gridboxTimeGroup, paymentGroup, stateGroup, systemGroup };
export { AUTHOR_SUBSCRIPTION_NAMES } from './author';
export { CHAIN_SUBSCRIPTION_NAMES } from './chain';
export { MAX_KEYS_PAGE, STATE_SUBSCRIPTION_NAMES } from './state';
export { TFCHAIN_DEV_SYSTEM_INFO } from './system';
export type { ChainPropertiesJson, NodeRole, SyncStateJson, SystemHealthJson, SystemInfo } from './system';
export type { RpcMethodsJson } from './rpc';
