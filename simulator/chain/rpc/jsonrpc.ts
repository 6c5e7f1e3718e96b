/**
 * The JSON-RPC 2.0 wire format: reading request objects and writing responses and subscription notifications.
 * Pure functions, no transport; `session.ts` decides what to run and where to send.
 *
 * Where the spec leaves room, we do what jsonrpsee (the server inside every Substrate node) does, because that is
 * what polkadot-js has been tested against: `"params": null` counts as absent, responses are written
 * `{"jsonrpc","id","result"|"error"}` in that order, and an error that cannot be tied to a request uses id null.
 */
import type { RpcErrorObject } from './errors';

export type JsonRpcId = string | number | null;
export type RawParams = readonly unknown[] | Readonly<Record<string, unknown>>;

/** A well-formed request: `call` expects a response, `notification` (no `id` member) must not get one. */
export interface CallEntry {
  kind: 'call';
  id: JsonRpcId;
  method: string;
  params: RawParams;
}
export interface NotificationEntry {
  kind: 'notification';
  method: string;
  params: RawParams;
}
/** Valid JSON that is not a request object; answered with -32600 and whatever id could be recovered. */
export interface InvalidEntry {
  kind: 'invalid';
  id: JsonRpcId;
}
export type RequestEntry = CallEntry | NotificationEntry | InvalidEntry;

export type ParsedMessage =
  | { kind: 'parse-error' }
  | { kind: 'single'; entry: RequestEntry }
  | { kind: 'batch'; entries: RequestEntry[] };

export function parseMessage(text: string): ParsedMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'parse-error' };
  }
  if (Array.isArray(value)) return { kind: 'batch', entries: value.map(readRequest) };
  return { kind: 'single', entry: readRequest(value) };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isId = (value: unknown): value is JsonRpcId =>
  value === null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** Classifies one element (or the whole message) as a call, a notification or an invalid request. */
export function readRequest(value: unknown): RequestEntry {
  if (!isRecord(value)) return { kind: 'invalid', id: null };
  const hasId = Object.hasOwn(value, 'id');
  if (hasId && !isId(value.id)) return { kind: 'invalid', id: null };
  const id = hasId ? (value.id as JsonRpcId) : null;
  const { jsonrpc, method } = value;
  const params = value.params ?? [];
  // The spec requires params to be "a Structured value" (array or object) when present.
  const paramsOk = Array.isArray(params) || isRecord(params);
  if (jsonrpc !== '2.0' || typeof method !== 'string' || method === '' || !paramsOk) return { kind: 'invalid', id };
  return hasId ? { kind: 'call', id, method, params } : { kind: 'notification', method, params };
}

/** Serializes a success response. A handler that returned nothing answers `null`: clients need a `result` member. */
export function successResponse(id: JsonRpcId, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result: result === undefined ? null : result });
}

export function errorResponse(id: JsonRpcId, error: RpcErrorObject): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error });
}

/** A subscription notification, as jsonrpsee sends it: `{"jsonrpc","method","params":{"subscription","result"}}`. */
export function notificationMessage(method: string, subscription: string, result: unknown): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    method,
    params: { subscription, result: result === undefined ? null : result },
  });
}
