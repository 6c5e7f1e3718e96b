// Storage access for pallet code, by declared item: keys are hashed and values encoded from the pallet declarations
// (storageKey's hashers, scale.ts), values come back as plain JS in the same shapes (scale-decode.ts).
//
//   const twins = ctx.storage('Twins');            // this pallet's item; ctx.storage('System', 'Account') for others
//   twins.get(id)  twins.set(id, twin)  twins.remove(id)  twins.mutate(id, (t) => { t.relay = r; })
//   ctx.storage('TwinID').set(n)                    // a plain value: no keys
//   for (const [[farmId, nodeId], value] of ctx.storage('SomeDoubleMap').entries(farmId)) …
//
// `get` of a ValueQuery item gives its declared default when absent, of an OptionQuery item null (FRAME's getters);
// `tryGet` gives undefined when absent for both.
import { u8aToHex } from '@polkadot/util';
import type { Pallet, StorageItem } from '../../runtime/pallet';
import { Reader } from '../../runtime/scale-decode';
import { HASHER_PREFIX_LEN, hashKeyPart, itemPrefix } from '../../runtime/storage';
import type { RuntimeCodec } from '../codec';
import type { StorageKeyHex, StorageValue } from '../state/store';

/**
 * Hashed key parts by hasher and encoded key: the same few accounts are looked up many times per transaction (nonce,
 * fee, transfer, deposit), and each blake2 call crosses into WASM. Bounded; cleared when full.
 */
const hashedParts = new Map<string, string>();
const MAX_HASHED_PARTS = 100_000;

function hashedPartHex(hasher: Parameters<typeof hashKeyPart>[0], encoded: Uint8Array): string {
  if (hasher === 'Identity') return u8aToHex(encoded).slice(2);
  const cacheKey = hasher + u8aToHex(encoded);
  let hex = hashedParts.get(cacheKey);
  if (hex === undefined) {
    if (hashedParts.size >= MAX_HASHED_PARTS) hashedParts.clear();
    hex = u8aToHex(hashKeyPart(hasher, encoded)).slice(2);
    hashedParts.set(cacheKey, hex);
  }
  return hex;
}

/** Raw storage as the current block sees it (the overlay). */
export interface StorageIO {
  readonly codec: RuntimeCodec;
  get(key: StorageKeyHex): StorageValue | undefined;
  set(key: StorageKeyHex, value: StorageValue): void;
  delete(key: StorageKeyHex): void;
  keys(prefix: StorageKeyHex): StorageKeyHex[];
}

const prefixes = new WeakMap<StorageItem, StorageKeyHex>();

/** `0x` ++ twox128(pallet) ++ twox128(item), cached per declared item. */
export function itemPrefixHex(pallet: Pallet, item: StorageItem): StorageKeyHex {
  let p = prefixes.get(item);
  if (p === undefined) prefixes.set(item, (p = u8aToHex(itemPrefix(pallet.storagePrefix, item.name))));
  return p;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- values are as dynamic as the declarations they follow */
export class StorageHandle<V = any> {
  readonly prefix: StorageKeyHex;

  constructor(private readonly io: StorageIO, readonly pallet: Pallet, readonly item: StorageItem) {
    this.prefix = itemPrefixHex(pallet, item);
  }

  private get what(): string {
    return `${this.pallet.name}.${this.item.name}`;
  }

  /** The full key for all the item's keys, or the iteration prefix for the first few. */
  key(...keys: unknown[]): StorageKeyHex {
    const declared = this.item.keys;
    if (keys.length > declared.length) throw new Error(`${this.what} takes ${declared.length} key(s), got ${keys.length}`);
    let hex = this.prefix;
    for (let i = 0; i < keys.length; i++) {
      const { hasher, type } = declared[i]!;
      hex += hashedPartHex(hasher, this.io.codec.encode(type, keys[i], `${this.what} key ${i}`));
    }
    return hex;
  }

  private fullKey(keys: unknown[]): StorageKeyHex {
    if (keys.length !== this.item.keys.length) {
      throw new Error(`${this.what} takes ${this.item.keys.length} key(s), got ${keys.length}`);
    }
    return this.key(...keys);
  }

  /** The declared default (a fresh value each time, safe to mutate); null for OptionQuery items. */
  default(): V {
    return (this.item.modifier === 'Optional' ? null : this.io.codec.decode(this.item.value, this.item.fallback)) as V;
  }

  tryGet(...keys: unknown[]): V | undefined {
    const raw = this.io.get(this.fullKey(keys));
    return raw === undefined ? undefined : this.io.codec.decode<V>(this.item.value, raw);
  }

  get(...keys: unknown[]): V {
    const v = this.tryGet(...keys);
    return v === undefined ? this.default() : v;
  }

  exists(...keys: unknown[]): boolean {
    return this.io.get(this.fullKey(keys)) !== undefined;
  }

  /** `set(value)` for a plain item, `set(key…, value)` for a map. */
  set(...keysThenValue: unknown[]): void {
    const value = keysThenValue.pop();
    this.io.set(this.fullKey(keysThenValue), this.io.codec.encode(this.item.value, value, this.what));
  }

  remove(...keys: unknown[]): void {
    this.io.delete(this.fullKey(keys));
  }

  /** Reads and removes (the default / null when absent). */
  take(...keys: unknown[]): V {
    const v = this.get(...keys);
    this.remove(...keys);
    return v;
  }

  /**
   * `mutate(key…, fn)`: fn gets the current value (default / null when absent) and may change it in place or return
   * a replacement. For OptionQuery items a null result removes the entry. Returns the stored value.
   */
  mutate(...keysThenFn: unknown[]): V {
    const fn = keysThenFn.pop() as (value: V) => V | void;
    const current = this.get(...keysThenFn);
    const returned = fn(current);
    const next = (returned === undefined ? current : returned) as V;
    if (next === null && this.item.modifier === 'Optional') this.remove(...keysThenFn);
    else this.set(...keysThenFn, next);
    return next;
  }

  /** Entries under the given leading keys (all entries without), in key byte order, with their decoded keys. */
  *entries(...prefixKeys: unknown[]): Generator<[keys: unknown[], value: V]> {
    for (const k of this.io.keys(this.key(...prefixKeys))) {
      const raw = this.io.get(k);
      if (raw !== undefined) yield [this.decodeKey(k), this.io.codec.decode<V>(this.item.value, raw)];
    }
  }

  *keys(...prefixKeys: unknown[]): Generator<unknown[]> {
    for (const k of this.io.keys(this.key(...prefixKeys))) yield this.decodeKey(k);
  }

  /** Removes every entry under the given leading keys. */
  clear(...prefixKeys: unknown[]): void {
    for (const k of this.io.keys(this.key(...prefixKeys))) this.io.delete(k);
  }

  /** The keys of a full storage key; a key behind an opaque hasher (Blake2_128, Twox…) comes back undefined. */
  decodeKey(key: StorageKeyHex): unknown[] {
    const r = new Reader(Buffer.from(key.slice(2), 'hex'), (this.prefix.length - 2) / 2);
    return this.item.keys.map(({ hasher, type }) => {
      r.take(HASHER_PREFIX_LEN[hasher]);
      if (hasher !== 'Blake2_128Concat' && hasher !== 'Twox64Concat' && hasher !== 'Identity') return undefined;
      return this.io.codec.read(r, type);
    });
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
