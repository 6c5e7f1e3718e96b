/**
 * The method registry: merges RPC groups into one name → entry table and generates `rpc_methods` from it, as
 * Substrate's `build_rpc_api` does. Name clashes are programming errors and fail at start-up, not at call time.
 */
import type { MethodSpec, RpcGroup, SubscriptionDefinition } from './group';
import { rpcGroup } from './groups/rpc';

export { defineRpcGroup, defineSubscription } from './group';
export type {
  MethodDefinition,
  MethodHandler,
  MethodSpec,
  RpcContext,
  RpcGroup,
  RpcGroupInput,
  RpcParams,
  SubscriptionDefinition,
  SubscriptionSink,
} from './group';

export type RegistryEntry =
  | { kind: 'method'; name: string; group: string; spec: MethodSpec }
  | { kind: 'subscribe'; name: string; group: string; spec: SubscriptionDefinition }
  | { kind: 'unsubscribe'; name: string; group: string; spec: SubscriptionDefinition };

export interface RpcRegistry {
  lookup(name: string): RegistryEntry | undefined;
  /** Every callable name, sorted (what `rpc_methods` returns). */
  readonly methodNames: readonly string[];
}

// Substrate method names are `namespace_camelCase`; anything else is a typo in a group definition.
const NAME = /^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+$/;

export function createRpcRegistry(groups: readonly RpcGroup[]): RpcRegistry {
  // A Map, not an object, so lookups of "constructor" or "__proto__" find nothing.
  const entries = new Map<string, RegistryEntry>();
  const add = (entry: RegistryEntry): void => {
    if (!NAME.test(entry.name)) throw new Error(`RPC group ${entry.group}: invalid method name "${entry.name}"`);
    const existing = entries.get(entry.name);
    if (existing) {
      throw new Error(`RPC method ${entry.name} is defined twice (groups ${existing.group} and ${entry.group})`);
    }
    entries.set(entry.name, entry);
  };

  let methodNames: readonly string[] = [];
  const all = [...groups, rpcGroup(() => methodNames)];
  for (const group of all) {
    const { name: groupName } = group;
    for (const [name, spec] of group.methods) {
      for (const alias of [name, ...(spec.aliases ?? [])]) add({ kind: 'method', name: alias, group: groupName, spec });
    }
    for (const spec of group.subscriptions) {
      for (const name of [spec.subscribe, ...(spec.aliases ?? [])]) {
        add({ kind: 'subscribe', name, group: groupName, spec });
      }
      for (const name of [spec.unsubscribe, ...(spec.unsubscribeAliases ?? [])]) {
        add({ kind: 'unsubscribe', name, group: groupName, spec });
      }
    }
  }
  // Code-unit order, which is Rust's byte order for these ASCII names.
  methodNames = Object.freeze([...entries.keys()].sort());

  return {
    lookup: (name) => entries.get(name),
    get methodNames() {
      return methodNames;
    },
  };
}
