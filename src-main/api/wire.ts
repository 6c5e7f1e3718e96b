/**
 * Frames of the web-fallback WebSocket. The Electron bridge carries the same envelopes over IPC, so the two
 * transports differ only in how bytes move.
 */
import type { Envelope } from './errors';

export type ClientFrame =
  | { id: number; method: string; params: unknown }
  | { id: number; subscribe: string; params: unknown }
  | { id: number; unsubscribe: number };

export type ServerFrame =
  | ({ id: number } & Envelope<unknown>)
  | { sub: number; event: unknown };

/** Largest frame the backend accepts: a keystore import is the biggest legitimate request. */
export const MAX_FRAME_BYTES = 256 * 1024;

export function parseClientFrame(raw: string): ClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Record<string, unknown>;
  if (!Number.isSafeInteger(f.id)) return null;
  if (typeof f.method === 'string') return { id: f.id as number, method: f.method, params: f.params };
  if (typeof f.subscribe === 'string') return { id: f.id as number, subscribe: f.subscribe, params: f.params };
  if (Number.isSafeInteger(f.unsubscribe)) return { id: f.id as number, unsubscribe: f.unsubscribe as number };
  return null;
}
