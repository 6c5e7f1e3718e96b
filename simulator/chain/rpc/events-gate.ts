/**
 * Holding `{finalized}` until the client has read the block's events (chain-rpc-notes.md, trap 1).
 *
 * With instant finality InBlock and Finalized are produced together, but polkadot-js drops the InBlock result when
 * Finalized arrives before it has fetched that block and its events, and tfchain_client, which waits for InBlock,
 * then hangs. So, per connection: the state group marks "events of block X were read" when it answers a read of
 * `System.Events` at X, and the author group releases each watcher's `{finalized}` for X a short delay after that
 * mark (or after a fallback timeout, for clients that never read events). Measured: under 200 concurrent transfers a
 * bare 20 ms delay lost 151 InBlock results, waiting for the read plus 100 ms lost none. The fallback is long because
 * a starved client (a 2-core machine under load 20+) can take more than 5 s to read the events it asked for.
 */
import type { RpcConnection } from './group';

/** twox128("System") ++ twox128("Events"): what clients read at the InBlock hash (tfchain.md §6). */
export const SYSTEM_EVENTS_KEY = '0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7';

export interface EventsGateTiming {
  /** After the events read, before `{finalized}`: lets the client finish handling its InBlock. */
  readonly delayMs: number;
  /** Longest wait for a read that never comes. */
  readonly fallbackMs: number;
}

export const DEFAULT_EVENTS_GATE: EventsGateTiming = { delayMs: 100, fallbackMs: 15_000 };

/** Blocks remembered as read per connection; older marks are forgotten (their finalized went out long ago). */
const REMEMBERED = 256;

interface GateState {
  readonly read: Set<string>;
  readonly waiters: Map<string, Set<() => void>>;
}

const STATE = Symbol('events-gate');

function stateOf(connection: RpcConnection): GateState {
  let s = connection.locals.get(STATE) as GateState | undefined;
  if (!s) {
    s = { read: new Set(), waiters: new Map() };
    connection.locals.set(STATE, s);
  }
  return s;
}

/** The state group calls this when it answered a read that included System.Events at `blockHash`. */
export function markEventsRead(connection: RpcConnection, blockHash: string): void {
  const s = stateOf(connection);
  const hash = blockHash.toLowerCase();
  s.read.add(hash);
  if (s.read.size > REMEMBERED) s.read.delete(s.read.values().next().value!);
  const waiters = s.waiters.get(hash);
  if (!waiters) return;
  s.waiters.delete(hash);
  for (const wake of waiters) wake();
}

/**
 * Runs `release` once `blockHash`'s events were read on `connection` (plus the delay), or at the fallback timeout.
 * Returns a cancel function (unwatch, connection closed).
 */
export function whenEventsRead(
  connection: RpcConnection,
  blockHash: string,
  release: () => void,
  timing: EventsGateTiming = DEFAULT_EVENTS_GATE,
): () => void {
  const s = stateOf(connection);
  const hash = blockHash.toLowerCase();
  let done = false;
  let delay: NodeJS.Timeout | undefined;
  const fire = () => {
    if (done) return;
    done = true;
    cleanup();
    release();
  };
  const afterRead = () => {
    clearTimeout(fallback);
    delay = setTimeout(fire, timing.delayMs).unref();
  };
  // unref: a watcher waiting on a client must never keep a closing process alive.
  const fallback = setTimeout(fire, timing.fallbackMs).unref();
  const cleanup = () => {
    clearTimeout(fallback);
    if (delay) clearTimeout(delay);
    const set = s.waiters.get(hash);
    set?.delete(afterRead);
    if (set?.size === 0) s.waiters.delete(hash);
  };
  if (s.read.has(hash)) afterRead();
  else {
    let set = s.waiters.get(hash);
    if (!set) s.waiters.set(hash, (set = new Set()));
    set.add(afterRead);
  }
  return () => {
    done = true;
    cleanup();
  };
}
