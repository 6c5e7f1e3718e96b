// dev_setStorage's named form, as Chopsticks accepts it:
//   { System: { Account: [[["5Grw…"], { data: { free: 1000 } }], …] }, Timestamp: { Now: 1700000000000 } }
// Pallet and item names in either case form (`System` / `system`, `Account` / `account`); a map entry is
// [[key, …], value]; null removes. Keys and values are built with @polkadot/types from our metadata, so they take what
// polkadot-js takes (SS58 addresses, numbers or strings, partial structs filled with defaults), like Chopsticks.
import { u8aToHex } from '@polkadot/util';
import { RpcError } from '../rpc/errors';
import { itemPrefix, hashKeyPart } from '../runtime/storage';
import type { RuntimeCodec } from './codec';
import type { StorageKeyHex } from './state/store';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const invalid = (detail: string): RpcError => new RpcError(-32602, 'Invalid params', detail);

export function namedStorageChanges(
  codec: RuntimeCodec,
  values: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): Map<StorageKeyHex, Uint8Array | null> {
  const changes = new Map<StorageKeyHex, Uint8Array | null>();
  const { registry } = codec;
  for (const [palletName, items] of Object.entries(values)) {
    const pallet = codec.runtime.pallets.find((p) => same(p.name, palletName));
    if (!pallet?.storage) throw invalid(`no pallet with storage named ${palletName}`);
    for (const [itemName, value] of Object.entries(items ?? {})) {
      const item = pallet.storage.find((i) => same(i.name, itemName));
      if (!item) throw invalid(`${pallet.name} has no storage item ${itemName}`);
      const prefix = itemPrefix(pallet.storagePrefix, item.name);
      const encodeValue = (v: unknown): Uint8Array | null =>
        v === null ? null : registry.createType(codec.lookupName(item.value), v).toU8a();
      if (item.keys.length === 0) {
        changes.set(u8aToHex(prefix), encodeValue(value));
        continue;
      }
      if (!Array.isArray(value)) throw invalid(`${pallet.name}.${item.name} takes [[keys], value] pairs`);
      for (const entry of value) {
        if (!Array.isArray(entry) || entry.length !== 2) throw invalid(`${pallet.name}.${item.name}: expected [[keys], value]`);
        const keys = Array.isArray(entry[0]) ? entry[0] : [entry[0]];
        if (keys.length !== item.keys.length) throw invalid(`${pallet.name}.${item.name} takes ${item.keys.length} key(s)`);
        const parts = item.keys.map(({ hasher, type }, i) =>
          hashKeyPart(hasher, registry.createType(codec.lookupName(type), keys[i]).toU8a()));
        changes.set(u8aToHex(Buffer.concat([prefix, ...parts])), encodeValue(entry[1]));
      }
    }
  }
  return changes;
}
