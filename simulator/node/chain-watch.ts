/**
 * What a node host follows on every block, read as raw bytes: `state_subscribeStorage` through polkadot-js's `.raw`
 * form, so a block costs no Codec objects. `api.query.x.y(callback)` decodes every notification into Codec objects
 * and then compares it to the previous one by stringifying both; with a container per node every node pays that for
 * every block of a registering grid, and it was the largest share of a node container's CPU (profiled with 20 Docker
 * nodes: about a quarter of it).
 */
import type { ApiPromise } from '@polkadot/api';
import type { EventRecord } from '@polkadot/types/interfaces';
import type { Vec } from '@polkadot/types';
import { hexToU8a, stringCamelCase } from '@polkadot/util';

interface RawChangeSet {
  readonly block: string;
  readonly changes: readonly (readonly [string, string | null])[];
}

type RawSubscribe = (keys: string[], callback: (set: RawChangeSet) => void) => Promise<() => void>;

type StorageEntry = { key(): string };

/** The storage key of a plain (key-less) storage value, e.g. `system.events`. */
export function plainStorageKey(api: ApiPromise, section: string, method: string): string {
  const entry = (api.query as unknown as Record<string, Record<string, StorageEntry | undefined> | undefined>)[section]?.[method];
  if (!entry) throw new Error(`the chain has no storage ${section}.${method}`);
  return entry.key();
}

/** Calls `listener` with the value's bytes (null when absent) now and whenever a block changes it. */
export async function watchRaw(api: ApiPromise, key: string, listener: (bytes: Uint8Array | null) => void): Promise<() => void> {
  const subscribe = (api.rpc.state.subscribeStorage as unknown as { raw: RawSubscribe }).raw;
  return subscribe([key], (set) => {
    for (const [changed, data] of set.changes) {
      if (changed === key) listener(data === null ? null : hexToU8a(data));
    }
  });
}

/** A SCALE u64 (little-endian) as a number: Timestamp.Now in ms fits a double exactly for the next 285,000 years. */
export function decodeU64(bytes: Uint8Array): number {
  if (bytes.length < 8) throw new Error(`a u64 needs 8 bytes, got ${bytes.length}`);
  return Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
}

/**
 * The events a host acts on, told apart by their index (pallet index, event index) before anything is decoded.
 * Every event in `System.Events` starts with those two bytes, so a block whose bytes hold none of the pairs holds
 * none of the events and is skipped; a pair found by chance inside other data only costs a decode.
 */
export class EventPrefilter {
  constructor(private readonly pairs: readonly (readonly [pallet: number, event: number])[]) {}

  /** The prefilter for events named as polkadot-js names them (`tfgridModule`, `PowerTargetChanged`). */
  static of(api: ApiPromise, wanted: readonly (readonly [section: string, method: string])[]): EventPrefilter {
    return new EventPrefilter(wanted.map(([section, method]) => eventIndex(api, section, method)));
  }

  mayHold(bytes: Uint8Array): boolean {
    for (let i = 0; i + 1 < bytes.length; i++) {
      const a = bytes[i];
      for (const [pallet, event] of this.pairs) {
        if (a === pallet && bytes[i + 1] === event) return true;
      }
    }
    return false;
  }
}

function eventIndex(api: ApiPromise, section: string, method: string): readonly [number, number] {
  const event = (api.events as unknown as Record<string, Record<string, { meta: { index: { toNumber(): number } } } | undefined> | undefined>)[section]?.[method];
  if (!event) throw new Error(`the chain has no event ${section}.${method}`);
  const pallet = api.runtimeMetadata.asLatest.pallets.find((p) => stringCamelCase(p.name) === section);
  if (!pallet) throw new Error(`the chain has no pallet ${section}`);
  return [pallet.index.toNumber(), event.meta.index.toNumber()];
}

/** `System.Events` bytes decoded as polkadot-js does for `api.query.system.events`. */
export function decodeEvents(api: ApiPromise, bytes: Uint8Array): EventRecord[] {
  return [...api.registry.createType<Vec<EventRecord>>('Vec<EventRecord>', bytes)];
}
