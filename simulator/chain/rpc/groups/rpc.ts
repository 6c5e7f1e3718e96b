/**
 * `rpc_methods`: the list polkadot-js uses to prune `api.rpc` (any method it knows but does not find here disappears
 * from the API object), so it must name everything served, aliases and subscription methods included.
 */
import { defineRpcGroup, type RpcGroup } from '../group';

/** Substrate's shape since the jsonrpsee switch: `{"methods":[…sorted]}` (the old `version` field is gone). */
export interface RpcMethodsJson {
  methods: string[];
}

/** `listMethods` is read on every call, so the answer always matches the registry it is part of. */
export function rpcGroup(listMethods: () => readonly string[]): RpcGroup {
  return defineRpcGroup({
    name: 'rpc',
    methods: {
      rpc_methods: (): RpcMethodsJson => ({ methods: [...listMethods()] }),
    },
  });
}
