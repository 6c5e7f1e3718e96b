/**
 * What an RPC group declares: plain methods and subscriptions, one group per namespace (`chain`, `state`, …) as
 * Chopsticks and Substrate's `sc-rpc` do, so each file stays small and the server never needs to know the chain.
 */

export type MaybePromise<T> = T | Promise<T>;

/** Positional parameters, after object params were mapped by name (see `params.ts`). */
export type RpcParams = readonly unknown[];

/** One client connection (a WebSocket, or a single HTTP request). */
export interface RpcConnection {
  readonly id: number;
  readonly transport: 'ws' | 'http';
  readonly remoteAddress: string | undefined;
  /**
   * Per-connection scratch space for groups, dropped with the connection. It exists for cross-group facts such as
   * "this client has read the events of block X", which the author group needs before it may send `{finalized}`
   * (see shared/spec/chain-rpc-notes.md, "InBlock lost when Finalized comes too soon").
   */
  readonly locals: Map<unknown, unknown>;
}

/** The producer's end of one subscription. */
export interface SubscriptionSink<T = unknown> {
  /** The id the client got (16 random alphanumerics, like Substrate). */
  readonly id: string;
  /** True once the client unsubscribed, the producer closed it, or the connection went away. */
  readonly closed: boolean;
  /**
   * Queues one notification. Until the subscribe response is on the wire the notification is held back, because
   * clients drop notifications for ids they do not know yet; after that it is sent at once. No-op once closed.
   */
  send(result: T): void;
  /**
   * Ends the subscription from the producer side (e.g. after `{"finalized":…}`). Notifications already sent or held
   * are still delivered; the cleanup runs once. Substrate sends nothing extra when a subscription ends.
   */
  close(): void;
}

export type SubscriptionCleanup = () => void;
export type SubscriptionStart<T = unknown> = (sink: SubscriptionSink<T>) => MaybePromise<SubscriptionCleanup | void>;

export interface RpcContext {
  readonly connection: RpcConnection;
  /** The method name the client used (an alias or the canonical name). */
  readonly method: string;
  /**
   * Starts a subscription whose notifications use the method `notification`; resolves with its id, which the handler
   * returns as its result. Await it inside the handler: its notifications are released right after this call's
   * reply, and a subscribe that finishes after the reply is refused. `start` may throw (e.g. an RpcError 1010) and
   * then nothing is registered. Over HTTP this throws -32603, as jsonrpsee does.
   */
  subscribe<T>(notification: string, start: SubscriptionStart<T>): Promise<string>;
  /** Ends this connection's subscription `id` if it was created for `notification`; false when there is none. */
  unsubscribe(notification: string, id: string): boolean;
}

export type MethodHandler = (params: RpcParams, context: RpcContext) => unknown;

export interface MethodSpec {
  handler: MethodHandler;
  /**
   * Names of the positional parameters. With them a client may send params as an object, as jsonrpsee allows
   * (keys in snake_case or camelCase); without them object params are refused with -32602.
   */
  params?: readonly string[];
  /** Other names for the same method, as Substrate's `aliases = [...]` (e.g. `chain_getHead`). */
  aliases?: readonly string[];
}
export type MethodDefinition = MethodHandler | MethodSpec;

/** A Substrate-style pub/sub pair: one subscribe method, one unsubscribe method, one notification name. */
export interface SubscriptionDefinition<T = unknown> {
  subscribe: string;
  unsubscribe: string;
  /** The `method` of each notification, e.g. `chain_newHead` for `chain_subscribeNewHeads`. */
  notification: string;
  aliases?: readonly string[];
  unsubscribeAliases?: readonly string[];
  /** Param names of the subscribe method, for object params (see MethodSpec.params). */
  params?: readonly string[];
  /**
   * Validates params and starts producing into `sink`; returns the cleanup that stops the producer. Throwing refuses
   * the subscription (the client gets that error). Method syntax keeps the definition assignable whatever `T` is.
   */
  start(params: RpcParams, sink: SubscriptionSink<T>, context: RpcContext): MaybePromise<SubscriptionCleanup | void>;
}

export interface RpcGroupInput {
  name: string;
  methods?: Readonly<Record<string, MethodDefinition>>;
  /** Keyed by any label (conventionally the subscribe method's name); the definition carries the real names. */
  subscriptions?: Readonly<Record<string, SubscriptionDefinition>>;
}

export interface RpcGroup {
  readonly name: string;
  readonly methods: ReadonlyMap<string, MethodSpec>;
  readonly subscriptions: readonly SubscriptionDefinition[];
}

export function defineRpcGroup(input: RpcGroupInput): RpcGroup {
  const methods = new Map<string, MethodSpec>();
  for (const [name, definition] of Object.entries(input.methods ?? {})) {
    methods.set(name, typeof definition === 'function' ? { handler: definition } : definition);
  }
  return { name: input.name, methods, subscriptions: Object.values(input.subscriptions ?? {}) };
}

/** Identity helper that lets TypeScript infer `T` for a subscription's results. */
export function defineSubscription<T>(definition: SubscriptionDefinition<T>): SubscriptionDefinition {
  return definition as SubscriptionDefinition;
}
