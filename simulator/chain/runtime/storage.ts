// Storage keys from the pallet declarations: twox128(prefix) ++ twox128(item) ++ hashed key(s)
// (shared/spec/tfchain.md §1.8). Keys are SCALE-encoded with the declared key types.
import { blake2AsU8a, xxhashAsU8a } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { storageItem, type Hasher, type Pallet, type StorageItem } from './pallet';
import { encode } from './scale';

/** Applies a storage hasher to an already encoded key part. */
export function hashKeyPart(hasher: Hasher, encoded: Uint8Array): Uint8Array {
  switch (hasher) {
    case 'Blake2_128': return blake2AsU8a(encoded, 128);
    case 'Blake2_256': return blake2AsU8a(encoded, 256);
    case 'Blake2_128Concat': return u8aConcat(blake2AsU8a(encoded, 128), encoded);
    case 'Twox128': return xxhashAsU8a(encoded, 128);
    case 'Twox256': return xxhashAsU8a(encoded, 256);
    case 'Twox64Concat': return u8aConcat(xxhashAsU8a(encoded, 64), encoded);
    case 'Identity': return encoded;
  }
}

/** Bytes a hasher puts before the encoded key (0 for opaque hashers, whose key cannot be recovered). */
export const HASHER_PREFIX_LEN: Readonly<Record<Hasher, number>> = {
  Blake2_128: 16, Blake2_256: 32, Blake2_128Concat: 16, Twox128: 16, Twox256: 32, Twox64Concat: 8, Identity: 0,
};

/** `twox128(pallet prefix) ++ twox128(item name)`: the key of a plain item, and the prefix of a map's keys. */
export function itemPrefix(palletPrefix: string, itemName: string): Uint8Array {
  return u8aConcat(xxhashAsU8a(stringToU8a(palletPrefix), 128), xxhashAsU8a(stringToU8a(itemName), 128));
}

/**
 * The full storage key of `pallet.item[...keys]`. Fewer keys than the item has gives the prefix that iterates
 * the remaining ones (what `state_getKeysPaged` receives for `.entries(firstKey)`).
 */
export function storageKey(pallet: Pallet, item: string | StorageItem, ...keys: unknown[]): Uint8Array {
  const it = typeof item === 'string' ? storageItem(pallet, item) : item;
  if (keys.length > it.keys.length) throw new Error(`${pallet.name}.${it.name} takes ${it.keys.length} key(s)`);
  const parts = keys.map((k, i) => {
    const { hasher, type } = it.keys[i]!;
    return hashKeyPart(hasher, encode(type, k, `${pallet.name}.${it.name} key ${i}`));
  });
  return u8aConcat(itemPrefix(pallet.storagePrefix, it.name), ...parts);
}
