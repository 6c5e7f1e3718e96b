// TFKVStore's behaviour (pallet_kvstore, tfchain.md §3.6): a per-account key/value store. Values are opaque bytes;
// grid_client keeps (encrypted) deployment data here when its backend is "tfkvstore".
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { kvstore } from './kvstore';

/** The pallet's bounds on key and value sizes (bytes). */
export const KV_MAX_KEY_LENGTH = 512;
export const KV_MAX_VALUE_LENGTH = 2048;

export const kvstoreImpl = definePalletImpl(kvstore, {
  calls: {
    set: {
      // pallet_kvstore's benchmarked weight for set (1 write) is of this order; the exact value matters to no client.
      weight: 30_000_000,
      dispatch: (ctx: DispatchContext, { key, value }: { key: Uint8Array; value: Uint8Array }) => {
        const who = ctx.ensureSigned();
        ctx.ensure(key.length <= KV_MAX_KEY_LENGTH, 'KeyIsTooLarge');
        ctx.ensure(value.length <= KV_MAX_VALUE_LENGTH, 'ValueIsTooLarge');
        ctx.storage('TFKVStore').set(who, key, value);
        ctx.depositEvent('EntrySet', [who, key, value]);
      },
    },
    delete: {
      weight: 30_000_000,
      dispatch: (ctx: DispatchContext, { key }: { key: Uint8Array }) => {
        const who = ctx.ensureSigned();
        const store = ctx.storage<Uint8Array>('TFKVStore');
        // ValueQuery item: `get` would give the default, so absence is checked on the raw entry.
        const value = store.tryGet(who, key);
        ctx.ensure(value !== undefined, 'NoValueStored');
        store.remove(who, key);
        ctx.depositEvent('EntryTaken', [who, key, value]);
      },
    },
  },
});
