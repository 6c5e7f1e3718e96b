/**
 * Turns untrusted (method, params) pairs from any transport into validated handler calls. This is the single place
 * where requests are checked against the contract, so every transport gets the same validation and error shapes.
 */
import * as z from 'zod';
import {
  isMethodName,
  isTopicName,
  methods,
  topics,
  type MethodName,
  type ParamsOut,
  type Result,
  type TopicEvent,
  type TopicName,
} from '../api/contract';
import { ApiError, toErrorPayload, type Envelope } from '../api/errors';
import type { TopicBus } from './events';

export type Handlers = { [M in MethodName]: (params: ParamsOut<M>) => Promise<Result<M>> | Result<M> };

export interface DispatcherOptions {
  /** Called once per accepted request: the vault's inactivity timer listens here. */
  onActivity?: () => void;
  /** Where unexpected handler failures are reported (never with request parameters: they may hold secrets). */
  logError?: (method: string, err: unknown) => void;
}

export class Dispatcher {
  constructor(
    private readonly handlers: Handlers,
    private readonly bus: TopicBus,
    private readonly options: DispatcherOptions = {},
  ) {}

  async call(method: unknown, params: unknown): Promise<Envelope<unknown>> {
    try {
      if (!isMethodName(method)) throw new ApiError('unknown_method', `unknown method: ${String(method).slice(0, 64)}`);
      const parsed = methods[method].params.safeParse(params ?? {});
      if (!parsed.success) throw new ApiError('invalid_params', describeIssues(method, parsed.error));
      this.options.onActivity?.();
      const handler = this.handlers[method] as (p: unknown) => unknown;
      const result = await handler(parsed.data);
      return { ok: true, result: result ?? null };
    } catch (err) {
      if (!(err instanceof ApiError)) this.options.logError?.(String(method), err);
      return { ok: false, error: toErrorPayload(err) };
    }
  }

  /** Validates a subscription request; on success returns the function that ends it. */
  subscribe(
    topic: unknown,
    params: unknown,
    listener: (event: unknown) => void,
  ): { ok: true; unsubscribe: () => void } | { ok: false; error: ReturnType<typeof toErrorPayload> } {
    if (!isTopicName(topic)) {
      return { ok: false, error: { code: 'unknown_method', message: `unknown topic: ${String(topic).slice(0, 64)}` } };
    }
    const parsed = topics[topic].params.safeParse(params ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_params', message: describeIssues(topic, parsed.error) } };
    const unsubscribe = this.bus.on(topic as TopicName, listener as (e: TopicEvent<TopicName>) => void);
    return { ok: true, unsubscribe };
  }
}

function describeIssues(name: string, error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : 'request';
    return `${where}: ${issue.message}`;
  });
  return `${name}: ${parts.join('; ')}`;
}
