/** Public surface of the chain's JSON-RPC layer. */
export type * from './chain-api';
export * from './errors';
export { defineRpcGroup, defineSubscription } from './group';
export type {
  MaybePromise,
  MethodDefinition,
  MethodHandler,
  MethodSpec,
  RpcConnection,
  RpcContext,
  RpcGroup,
  RpcGroupInput,
  RpcParams,
  SubscriptionCleanup,
  SubscriptionDefinition,
  SubscriptionSink,
  SubscriptionStart,
} from './group';
export * from './groups';
export { defaultRpcLogger, silentRpcLogger, type RpcLogger } from './logger';
export { parseParams, positionalParams, zBlockNumber, zHash, zHex, zOption } from './params';
export { createRpcRegistry, type RegistryEntry, type RpcRegistry } from './registry';
export * from './server';
