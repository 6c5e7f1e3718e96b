/**
 * One client connection's JSON-RPC processing, independent of the transport: parse a message, run its calls
 * against the registry, build the reply, and keep the connection's subscriptions.
 *
 * Semantics follow jsonrpsee (the server in every Substrate node):
 * - messages are handled concurrently, each reply is sent as soon as it is ready (order is per message, not global);
 * - a batch runs its calls one after the other and answers one array in request order; an empty batch is a single
 *   -32600, a batch of only notifications gets no reply at all;
 * - a notification (no `id`) is executed but never answered, as the JSON-RPC spec says (jsonrpsee skips them); a
 *   subscribe sent as a notification is not started, since nobody could learn its id;
 * - a reply over `maxResponseBytes` becomes -32008 (or -32011 for a whole batch);
 * - valid JSON that is not a request object is -32600 with the id if one can be read (jsonrpsee says -32700 when
 *   there is no id; the spec reserves -32700 for invalid JSON).
 */
import { Buffer } from 'node:buffer';
import {
  errorObject,
  exceededLimit,
  INTERNAL_ERROR,
  INVALID_REQUEST,
  invalidParams,
  METHOD_NOT_FOUND,
  OVERSIZED_RESPONSE,
  PARSE_ERROR,
  RpcError,
  type RpcErrorObject,
  TOO_BIG_BATCH_REQUEST,
  TOO_BIG_BATCH_RESPONSE,
  TOO_MANY_SUBSCRIPTIONS,
  toErrorObject,
} from './errors';
import type { RpcConnection, RpcContext, SubscriptionStart } from './group';
import {
  type CallEntry,
  errorResponse,
  type JsonRpcId,
  type NotificationEntry,
  parseMessage,
  type RequestEntry,
  successResponse,
} from './jsonrpc';
import type { RpcLogger } from './logger';
import { positionalParams } from './params';
import type { RpcRegistry } from './registry';
import { randomSubscriptionId } from './subscription-id';
import { Subscription, type SubscriptionHost } from './subscription';

/** Where a WebSocket session writes frames. HTTP sessions have none, and so no subscriptions. */
export interface FrameSink {
  /** Writes one frame; frames reach the client in the order of these calls. */
  send(frame: string): void;
  /** Total bytes of notifications the session holds back, to be counted against the connection's buffer limit. */
  holding(bytes: number): void;
}

export interface SessionLimits {
  /** Largest single response or notification, and largest batch reply. */
  maxResponseBytes: number;
  /** Most entries in one batch (Infinity: no limit, Substrate's default). */
  maxBatchLength: number;
  /** Most live subscriptions on one connection. */
  maxSubscriptions: number;
}

export interface SessionOptions {
  registry: RpcRegistry;
  connection: RpcConnection;
  limits: SessionLimits;
  logger: RpcLogger;
  sink?: FrameSink;
}

/** jsonrpsee answers a subscription method over HTTP with a bare internal error; we add why. */
export const subscriptionsNeedWebSocket = (): RpcError =>
  new RpcError(INTERNAL_ERROR, undefined, 'Subscriptions are only available over WebSocket');

export class RpcSession {
  private readonly subscriptions = new Map<string, Subscription>();
  private heldBytes = 0;
  private closed = false;
  private readonly host: SubscriptionHost;

  constructor(private readonly options: SessionOptions) {
    const { sink, logger, connection, limits } = options;
    this.host = {
      deliver: (frame) => {
        if (!this.closed) sink?.send(frame);
      },
      held: (delta) => {
        this.heldBytes += delta;
        if (!this.closed) sink?.holding(this.heldBytes);
      },
      finished: (subscription) => {
        if (this.subscriptions.get(subscription.id) === subscription) this.subscriptions.delete(subscription.id);
        subscription.finish();
      },
      report: (subscription, problem, error) =>
        logger.error(problem, {
          connection: connection.id,
          notification: subscription.notification,
          error: describe(error),
        }),
      maxFrameBytes: limits.maxResponseBytes,
    };
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** WebSocket: handle one message, write its reply, then release notifications the reply's subscriptions held. */
  async receive(text: string): Promise<void> {
    const created: Subscription[] = [];
    const reply = await this.process(text, created);
    if (this.closed) return;
    if (reply !== undefined) this.options.sink?.send(reply);
    for (const subscription of created) subscription.activate();
  }

  /** HTTP: the reply body for one request body (undefined: only notifications, nothing to say). */
  async respond(text: string): Promise<string | undefined> {
    return this.process(text, []);
  }

  /** The connection is gone: end every subscription (their cleanups run) and send nothing more. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const subscriptions = [...this.subscriptions.values()];
    this.subscriptions.clear();
    for (const subscription of subscriptions) subscription.drop();
  }

  private async process(text: string, created: Subscription[]): Promise<string | undefined> {
    const message = parseMessage(text);
    if (message.kind === 'parse-error') return errorResponse(null, errorObject(PARSE_ERROR));
    if (message.kind === 'single') return this.runEntry(message.entry, created);
    return this.runBatch(message.entries, created);
  }

  private async runBatch(entries: RequestEntry[], created: Subscription[]): Promise<string | undefined> {
    const { maxBatchLength, maxResponseBytes } = this.options.limits;
    if (entries.length === 0) return errorResponse(null, errorObject(INVALID_REQUEST));
    if (entries.length > maxBatchLength) {
      return errorResponse(null, errorObject(TOO_BIG_BATCH_REQUEST, exceededLimit(maxBatchLength)));
    }
    const frames: string[] = [];
    let bytes = 2;
    const batchCreated: Subscription[] = [];
    for (const entry of entries) {
      const frame = await this.runEntry(entry, batchCreated);
      if (frame === undefined) continue;
      bytes += Buffer.byteLength(frame) + 1;
      if (bytes > maxResponseBytes) {
        // The client will not see the ids of subscriptions made earlier in this batch.
        for (const subscription of batchCreated) this.dropSubscription(subscription);
        return errorResponse(null, errorObject(TOO_BIG_BATCH_RESPONSE, exceededLimit(maxResponseBytes)));
      }
      frames.push(frame);
    }
    created.push(...batchCreated);
    return frames.length === 0 ? undefined : `[${frames.join(',')}]`;
  }

  /** Runs one entry; its subscriptions go to `created` only if the client is going to learn their ids. */
  private async runEntry(entry: RequestEntry, created: Subscription[]): Promise<string | undefined> {
    if (entry.kind === 'invalid') return errorResponse(entry.id, errorObject(INVALID_REQUEST));
    const scope: CallScope = { created: [], done: false };
    let reply: string | undefined;
    let succeeded = false;
    try {
      const result = await this.dispatch(entry, scope);
      if (entry.kind === 'call') {
        reply = successResponse(entry.id, result);
        succeeded = true;
      }
    } catch (thrown) {
      if (entry.kind === 'call') reply = this.failure(entry, thrown);
      else this.options.logger.debug('notification failed', { method: entry.method, error: describe(thrown) });
    }
    const max = this.options.limits.maxResponseBytes;
    if (entry.kind === 'call' && reply !== undefined && Buffer.byteLength(reply) > max) {
      reply = errorResponse(entry.id, errorObject(OVERSIZED_RESPONSE, exceededLimit(max)));
      succeeded = false;
    }
    scope.done = true;
    if (succeeded) created.push(...scope.created);
    else for (const subscription of scope.created) this.dropSubscription(subscription);
    return reply;
  }

  private failure(entry: CallEntry, thrown: unknown): string {
    const error = toErrorObject(thrown, (unexpected) =>
      this.options.logger.error('RPC handler failed', {
        method: entry.method,
        connection: this.options.connection.id,
        error: describe(unexpected),
      }),
    );
    return safeErrorResponse(entry.id, error);
  }

  private async dispatch(entry: CallEntry | NotificationEntry, scope: CallScope): Promise<unknown> {
    const found = this.options.registry.lookup(entry.method);
    if (!found) throw new RpcError(METHOD_NOT_FOUND);
    const context = this.contextFor(entry.method, scope);
    switch (found.kind) {
      case 'method':
        return found.spec.handler(positionalParams(entry.params, found.spec.params), context);
      case 'subscribe': {
        if (!this.options.sink) throw subscriptionsNeedWebSocket();
        if (entry.kind === 'notification') return undefined;
        const { spec } = found;
        const params = positionalParams(entry.params, spec.params);
        return context.subscribe(spec.notification, (sink) => spec.start(params, sink, context));
      }
      case 'unsubscribe': {
        if (!this.options.sink) throw subscriptionsNeedWebSocket();
        const [id] = positionalParams(entry.params, ['subscription']);
        if (typeof id !== 'string' && typeof id !== 'number') throw invalidParams('expected a subscription id');
        return context.unsubscribe(found.spec.notification, String(id));
      }
    }
  }

  private contextFor(method: string, scope: CallScope): RpcContext {
    return {
      connection: this.options.connection,
      method,
      subscribe: (notification, start) => this.subscribe(notification, start, scope),
      unsubscribe: (notification, id) => {
        const subscription = this.subscriptions.get(id);
        if (!subscription || subscription.notification !== notification) return false;
        this.dropSubscription(subscription);
        return true;
      },
    };
  }

  private async subscribe<T>(notification: string, start: SubscriptionStart<T>, scope: CallScope): Promise<string> {
    if (!this.options.sink) throw subscriptionsNeedWebSocket();
    if (scope.done) throw new Error('context.subscribe() must be awaited inside the handler');
    const { maxSubscriptions } = this.options.limits;
    if (this.subscriptions.size >= maxSubscriptions) {
      throw new RpcError(TOO_MANY_SUBSCRIPTIONS, undefined, exceededLimit(maxSubscriptions));
    }
    let id = randomSubscriptionId();
    while (this.subscriptions.has(id)) id = randomSubscriptionId();
    const subscription = new Subscription(id, notification, this.host);
    // Registered before start runs, so the limit also counts subscriptions still starting.
    this.subscriptions.set(id, subscription);
    try {
      subscription.setCleanup((await start(subscription.sink as never)) ?? undefined);
    } catch (error) {
      this.dropSubscription(subscription);
      throw error;
    }
    // The connection may have closed while start ran (close() could not see the cleanup yet), or the handler
    // returned without awaiting us: either way nobody will ever activate this subscription.
    if (this.closed || scope.done) {
      this.dropSubscription(subscription);
      if (scope.done) throw new Error('context.subscribe() must be awaited inside the handler');
    } else {
      scope.created.push(subscription);
    }
    return id;
  }

  private dropSubscription(subscription: Subscription): void {
    if (this.subscriptions.get(subscription.id) === subscription) this.subscriptions.delete(subscription.id);
    subscription.drop();
  }
}

/** Subscriptions one call created; `done` once its reply is decided, after which it may not create more. */
interface CallScope {
  created: Subscription[];
  done: boolean;
}

/** An RpcError's data may itself be unserializable (a BigInt, a cycle); fall back to a bare internal error. */
function safeErrorResponse(id: JsonRpcId, error: RpcErrorObject): string {
  try {
    return errorResponse(id, error);
  } catch {
    return errorResponse(id, errorObject(INTERNAL_ERROR));
  }
}

/** For the server log only: never sent to clients. */
function describe(error: unknown): string | undefined {
  if (error === undefined) return undefined;
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
