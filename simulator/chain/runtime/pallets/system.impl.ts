// System's behaviour: account reference counting and nonces (frame_system), its calls, and its genesis. The block
// lifecycle part of frame_system (initialize/finalize: Number, ParentHash, BlockHash, Digest, Events) is done by the
// executive, which owns the block.
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { DispatchContext } from '../../core/dispatch/context';
import { dispatchError } from '../../core/dispatch/errors';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import { runtimeVersion } from '../version';
import { DB_WEIGHT, system } from './system';

export interface AccountDataValue {
  free: bigint;
  reserved: bigint;
  frozen: bigint;
  flags: bigint;
}

export interface AccountInfoValue {
  nonce: number;
  consumers: number;
  providers: number;
  sufficients: number;
  data: AccountDataValue;
}

/** frame_system's MaxConsumers (ConstU32<16> in TFChain's runtime). */
export const MAX_CONSUMERS = 16;
/** `hash69()`: the placeholder FRAME puts in ParentHash and BlockHash[0] at genesis. */
const HASH69 = new Uint8Array(32).fill(69);

const accounts = (ctx: DispatchContext) => ctx.storage<AccountInfoValue>('System', 'Account');

export const accountInfo = (ctx: DispatchContext, who: AccountId): AccountInfoValue => accounts(ctx).get(who);

function isDefaultData(d: AccountDataValue, fallback: AccountDataValue): boolean {
  return d.free === fallback.free && d.reserved === fallback.reserved && d.frozen === fallback.frozen
    && d.flags === fallback.flags;
}

/** `inc_providers`: the first provider creates the account (System.NewAccount). */
export function incProviders(ctx: DispatchContext, who: AccountId): 'Created' | 'Existed' {
  const a = accountInfo(ctx, who);
  const created = a.providers === 0 && a.sufficients === 0;
  a.providers += 1;
  accounts(ctx).set(who, a);
  if (created) ctx.depositEvent('System', 'NewAccount', { account: who });
  return created ? 'Created' : 'Existed';
}

/** `dec_providers`: the last provider (no consumers, no sufficients) reaps the account (System.KilledAccount). */
export function decProviders(ctx: DispatchContext, who: AccountId): 'Reaped' | 'Exists' {
  const store = accounts(ctx);
  if (!store.exists(who)) return 'Reaped';
  const a = store.get(who);
  if (a.providers === 0) a.providers = 1; // FRAME logs this inconsistency and carries on the same way
  if (a.providers === 1 && a.consumers === 0 && a.sufficients === 0) {
    store.remove(who);
    ctx.depositEvent('System', 'KilledAccount', { account: who });
    return 'Reaped';
  }
  if (a.providers === 1 && a.consumers > 0) throw dispatchError('ConsumerRemaining');
  a.providers -= 1;
  store.set(who, a);
  return 'Exists';
}

export function incConsumers(ctx: DispatchContext, who: AccountId, limited = true): void {
  const a = accountInfo(ctx, who);
  if (a.providers === 0) throw dispatchError('NoProviders');
  if (limited && a.consumers >= MAX_CONSUMERS) throw dispatchError('TooManyConsumers');
  a.consumers += 1;
  accounts(ctx).set(who, a);
}

export function decConsumers(ctx: DispatchContext, who: AccountId): void {
  const store = accounts(ctx);
  if (!store.exists(who)) return;
  const a = store.get(who);
  if (a.consumers > 0) a.consumers -= 1;
  store.set(who, a);
}

export const canDecProvider = (ctx: DispatchContext, who: AccountId): boolean => {
  const a = accountInfo(ctx, who);
  return a.consumers === 0 || a.providers > 1;
};

/**
 * frame_system's `StoredMap::try_mutate_exists` for the balances data: `f` sees undefined for default data and may
 * change reference counts; afterwards the data is stored if the account still has a provider, else the account goes.
 */
export function mutateAccountData<R>(
  ctx: DispatchContext,
  who: AccountId,
  f: (data: AccountDataValue | undefined) => { data: AccountDataValue | undefined; result: R },
): R {
  const store = accounts(ctx);
  const fallback = store.default().data;
  const current = store.get(who).data;
  const { data, result } = f(isDefaultData(current, fallback) ? undefined : current);
  const after = store.get(who);
  if (after.providers > 0 || after.sufficients > 0) {
    after.data = data ?? fallback;
    store.set(who, after);
  } else {
    store.remove(who);
  }
  return result;
}

export function incNonce(ctx: DispatchContext, who: AccountId): void {
  accounts(ctx).mutate(who, (a: AccountInfoValue) => {
    a.nonce += 1;
  });
}

const remarkWeight = (base: number, perByte: number) => ({ remark }: { remark: Uint8Array }) =>
  base + perByte * remark.length;

export const systemImpl = definePalletImpl(system, {
  calls: {
    remark: {
      weight: remarkWeight(2_091_000, 387),
      dispatch: (ctx) => {
        if (ctx.origin.kind !== 'root') ctx.ensureSigned();
      },
    },
    remark_with_event: {
      weight: remarkWeight(9_440_000, 1_744),
      dispatch: (ctx, { remark }: { remark: Uint8Array }) => {
        const sender = ctx.ensureSigned();
        ctx.depositEvent('Remarked', { sender, hash: blake2AsU8a(remark, 256) });
      },
    },
    set_storage: {
      weight: ({ items }: { items: unknown[] }) => 2_000_000 + items.length * (1_000_000 + DB_WEIGHT.write),
      class: 'Operational',
      dispatch: (ctx, { items }: { items: Array<[Uint8Array, Uint8Array]> }) => {
        ctx.ensureRoot();
        for (const [key, value] of items) ctx.env.set(hexKey(key), value.slice());
      },
    },
    kill_storage: {
      weight: ({ keys }: { keys: unknown[] }) => 2_000_000 + keys.length * (1_000_000 + DB_WEIGHT.write),
      class: 'Operational',
      dispatch: (ctx, { keys }: { keys: Uint8Array[] }) => {
        ctx.ensureRoot();
        for (const key of keys) ctx.env.delete(hexKey(key));
      },
    },
    kill_prefix: {
      weight: ({ subkeys }: { subkeys: number }) => 2_000_000 + subkeys * (1_000_000 + DB_WEIGHT.write),
      class: 'Operational',
      dispatch: (ctx, { prefix, subkeys }: { prefix: Uint8Array; subkeys: number }) => {
        ctx.ensureRoot();
        for (const key of ctx.env.keys(hexKey(prefix)).slice(0, subkeys)) ctx.env.delete(key);
      },
    },
  },
  genesis: (ctx) => {
    ctx.storage('BlockHash').set(0, HASH69);
    ctx.storage('ParentHash').set(HASH69);
    ctx.storage('LastRuntimeUpgrade').set({ spec_version: runtimeVersion.specVersion, spec_name: runtimeVersion.specName });
    ctx.storage('UpgradedToU32RefCount').set(true);
    ctx.storage('UpgradedToTripleRefCount').set(true);
    ctx.env.set(EXTRINSIC_INDEX_KEY, new Uint8Array(4));
  },
});

/** `:extrinsic_index`, the well-known key FRAME keeps the applying extrinsic's index in (u32). */
export const EXTRINSIC_INDEX_KEY = '0x3a65787472696e7369635f696e646578';

const hexKey = (key: Uint8Array): string => u8aToHex(key);
