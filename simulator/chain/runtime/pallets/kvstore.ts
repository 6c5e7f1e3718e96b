// TFKVStore (index 30, pallet_kvstore): per-account key/value store (grid_client's tfkvstore backend).
// tfchain.md §3.6. Pallet and item share the name, so the item's storage prefix repeats the pallet's.
import { blake2_128Concat, definePallet, map } from '../pallet';
import { bytes } from '../types/dsl';
import { AccountId32 } from '../types/substrate';

export const kvstore = definePallet({
  name: 'TFKVStore',
  index: 30,
  crate: 'pallet_kvstore',
  storage: {
    TFKVStore: map([blake2_128Concat(AccountId32), blake2_128Concat(bytes)], bytes),
  },
  calls: {
    set: [0, { key: bytes, value: bytes }],
    delete: [1, { key: bytes }],
  },
  events: {
    EntrySet: [0, AccountId32, bytes, bytes],
    EntryGot: [1, AccountId32, bytes, bytes],
    EntryTaken: [2, AccountId32, bytes, bytes],
  },
  errors: ['NoValueStored', 'KeyIsTooLarge', 'ValueIsTooLarge'],
});
