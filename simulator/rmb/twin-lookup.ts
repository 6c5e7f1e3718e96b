/**
 * Twins as RMB needs them (account id for signatures, relay hosts for routing, pk for encryption), read from the
 * chain's `tfgridModule.twins` through @polkadot/api and cached.
 */
import type { ApiPromise } from '@polkadot/api';

export interface TwinInfo {
  id: number;
  accountId: Uint8Array;
  /** the on-chain relay string: hostnames joined with '_' */
  relay: string | null;
  pk: Uint8Array | null;
}

export interface TwinLookup {
  twin(id: number): Promise<TwinInfo | null>;
}

/** The relay hostnames of a twin's on-chain relay string. */
export function relayHosts(relay: string | null): string[] {
  return relay ? relay.split('_').filter((h) => h !== '') : [];
}

interface CodecLike {
  toU8a(bare?: boolean): Uint8Array;
  toUtf8?(): string;
}
interface OptionLike<T> {
  isSome: boolean;
  unwrap(): T;
}
interface TwinCodec {
  id: { toNumber(): number };
  accountId: CodecLike;
  relay: OptionLike<CodecLike & { toUtf8(): string }>;
  pk: OptionLike<CodecLike>;
}

export interface ChainTwinLookup extends TwinLookup {
  /** Forgets a cached twin, e.g. after it was updated on chain. */
  invalidate(id: number): void;
}

/** `tfgridModule.twins(id)` through @polkadot/api, uncached. */
export async function queryTwin(api: ApiPromise, id: number): Promise<TwinInfo | null> {
  const twins = api.query['tfgridModule']?.['twins'];
  if (!twins) throw new Error('the chain has no tfgridModule.twins storage');
  const opt = (await twins(id)) as unknown as OptionLike<TwinCodec>;
  if (!opt.isSome) return null;
  const t = opt.unwrap();
  return {
    id: t.id.toNumber(),
    accountId: t.accountId.toU8a(),
    relay: t.relay.isSome ? t.relay.unwrap().toUtf8() : null,
    pk: t.pk.isSome ? t.pk.unwrap().toU8a(true) : null,
  };
}

/**
 * Found twins are cached for `ttlMs` (default 30 s); unknown ids are not cached, so a twin created a moment ago is
 * found on the next try. Concurrent lookups of one id share a single query.
 */
export function chainTwinLookup(api: ApiPromise, opts: { ttlMs?: number } = {}): ChainTwinLookup {
  return cachedTwinLookup((id) => queryTwin(api, id), opts);
}

/** `query` (any chain client) behind chainTwinLookup's cache. */
export function cachedTwinLookup(query: (id: number) => Promise<TwinInfo | null>, opts: { ttlMs?: number } = {}): ChainTwinLookup {
  const ttlMs = opts.ttlMs ?? 30_000;
  const cache = new Map<number, { at: number; twin: Promise<TwinInfo | null> }>();
  return {
    twin(id) {
      if (!Number.isSafeInteger(id) || id <= 0 || id > 0xffffffff) return Promise.resolve(null);
      const hit = cache.get(id);
      if (hit && Date.now() - hit.at < ttlMs) return hit.twin;
      const twin = query(id);
      cache.set(id, { at: Date.now(), twin });
      twin.then((t) => { if (t === null) cache.delete(id); }, () => cache.delete(id));
      return twin;
    },
    invalidate(id) {
      cache.delete(id);
    },
  };
}

/** A fixed set of twins (tests and tools that already know them). */
export function mapTwinLookup(twins: Iterable<TwinInfo>): TwinLookup {
  const byId = new Map([...twins].map((t) => [t.id, t]));
  return { twin: async (id) => byId.get(id) ?? null };
}
