// Balances' behaviour, as pallet_balances of polkadot v1.0 (the version TFChain spec 152 runs) does it:
// - balances live in System.Account.data; an account exists while it has a provider, which it gets from a free
//   balance at or above the existential deposit (500) and loses below it, when it is reaped and its dust burned;
// - the calls go through the `fungible` traits, so they fail with `Token` errors (FundsUnavailable, NotExpendable,
//   BelowMinimum), not module errors; the `Currency` trait (fees, withdraw, reserve) fails with module errors
//   (InsufficientBalance, Expendability, LiquidityRestrictions, DeadAccount);
// - TotalIssuance follows the imbalances: withdraw burns, deposit mints, transfers move, dust is burned.
import { u8aEq } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import { tokenError } from '../../core/dispatch/errors';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import { balances } from './balances';
import { DB_WEIGHT } from './system';
import {
  accountInfo, canDecProvider, decConsumers, decProviders, incConsumers, incProviders, mutateAccountData,
  type AccountDataValue,
} from './system.impl';

export const EXISTENTIAL_DEPOSIT = 500n;

/** `Preserve` keeps the account alive (KeepAlive); `Expendable` may reap it (AllowDeath). */
export type Existence = 'KeepAlive' | 'AllowDeath';

const issuance = (ctx: DispatchContext) => ctx.storage<bigint>('Balances', 'TotalIssuance');

const freshData = (ctx: DispatchContext): AccountDataValue => ctx.storage('System', 'Account').default().data;

/**
 * pallet_balances' `try_mutate_account`: runs `f` on the account's data (fresh default data for a new account), keeps
 * provider/consumer references in step with it, emits Endowed for a new account and DustLost when what is left is
 * below the existential deposit (the account is then reaped and the dust burned). Returns f's result.
 */
export function mutateAccount<R>(
  ctx: DispatchContext,
  who: AccountId,
  f: (account: AccountDataValue, isNew: boolean) => R,
): R {
  let endowed: bigint | undefined;
  let dust: bigint | undefined;
  // A transaction, because the reference counting below may fail (ConsumerRemaining) after earlier writes.
  const result = ctx.transactional(() => mutateAccountData(ctx, who, (maybe) => {
    const isNew = maybe === undefined;
    const account = maybe ? { ...maybe } : freshData(ctx);
    const didProvide = account.free >= EXISTENTIAL_DEPOSIT;
    const didConsume = !isNew && (account.reserved !== 0n || account.frozen !== 0n);
    const r = f(account, isNew);
    const doesProvide = account.free >= EXISTENTIAL_DEPOSIT;
    const doesConsume = account.reserved !== 0n || account.frozen !== 0n;
    if (!didProvide && doesProvide) incProviders(ctx, who);
    if (didConsume && !doesConsume) decConsumers(ctx, who);
    if (!didConsume && doesConsume) incConsumers(ctx, who);
    if (didProvide && !doesProvide) decProviders(ctx, who); // may reap the account: must come last
    if (isNew) endowed = account.free;
    let data: AccountDataValue | undefined = account;
    if (account.free < EXISTENTIAL_DEPOSIT && account.reserved === 0n) {
      if (account.free !== 0n) dust = account.free;
      data = undefined;
    }
    return { data, result: r };
  }));
  if (endowed !== undefined) ctx.depositEvent('Balances', 'Endowed', { account: who, free_balance: endowed });
  if (dust !== undefined) {
    ctx.depositEvent('Balances', 'DustLost', { account: who, amount: dust });
    issuance(ctx).mutate((v: bigint) => (v > dust! ? v - dust! : 0n));
  }
  return result;
}

const account = (ctx: DispatchContext, who: AccountId): AccountDataValue => accountInfo(ctx, who).data;

/** fungible `reducible_balance(who, preservation, Polite)`: what may leave the account. */
export function reducibleBalance(ctx: DispatchContext, who: AccountId, existence: Existence): bigint {
  const a = account(ctx, who);
  let untouchable = a.frozen > a.reserved ? a.frozen - a.reserved : 0n;
  if (existence === 'KeepAlive' || (a.free !== 0n && !canDecProvider(ctx, who))) {
    if (untouchable < EXISTENTIAL_DEPOSIT) untouchable = EXISTENTIAL_DEPOSIT;
  }
  return a.free > untouchable ? a.free - untouchable : 0n;
}

/** fungible `Mutate::transfer`: the path of every Balances transfer call. */
export function transfer(ctx: DispatchContext, from: AccountId, to: AccountId, amount: bigint, existence: Existence): void {
  if (amount === 0n) return;
  // can_withdraw(source).into_result(keep_alive)
  const src = account(ctx, from);
  if (src.free < amount) throw tokenError('FundsUnavailable');
  const left = src.free - amount;
  if (left < EXISTENTIAL_DEPOSIT) {
    if (!canDecProvider(ctx, from)) throw tokenError('OnlyProvider');
    if (existence === 'KeepAlive') throw tokenError('NotExpendable');
  }
  if (left < (src.frozen > src.reserved ? src.frozen - src.reserved : 0n)) throw tokenError('Frozen');
  // can_deposit(dest, Extant)
  if (account(ctx, to).free + amount < EXISTENTIAL_DEPOSIT) throw tokenError('BelowMinimum');
  if (u8aEq(from, to)) return;
  if (reducibleBalance(ctx, from, existence) < amount) throw tokenError('FundsUnavailable');
  mutateAccount(ctx, from, (a) => {
    a.free -= amount;
  });
  mutateAccount(ctx, to, (a) => {
    a.free += amount;
  });
  ctx.depositEvent('Balances', 'Transfer', { from, to, amount });
}

/** Currency `withdraw`: takes `amount` out of circulation (fees); module errors; Balances.Withdraw. */
export function withdraw(ctx: DispatchContext, who: AccountId, amount: bigint, existence: Existence): void {
  if (amount === 0n) return;
  mutateAccount(ctx, who, (a) => {
    if (a.free < amount) ctx.fail('Balances', 'InsufficientBalance');
    const left = a.free - amount;
    if (existence === 'KeepAlive' && left < EXISTENTIAL_DEPOSIT && a.free >= EXISTENTIAL_DEPOSIT) {
      ctx.fail('Balances', 'Expendability');
    }
    if (left < a.frozen) ctx.fail('Balances', 'LiquidityRestrictions');
    a.free = left;
    ctx.depositEvent('Balances', 'Withdraw', { who, amount });
  });
  issuance(ctx).mutate((v: bigint) => (v > amount ? v - amount : 0n));
}

/** Currency `deposit_creating`: mints `amount` into `who`, creating it if at least ED; returns what was deposited. */
export function depositCreating(ctx: DispatchContext, who: AccountId, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  try {
    ctx.transactional(() =>
      mutateAccount(ctx, who, (a, isNew) => {
        if (isNew && amount < EXISTENTIAL_DEPOSIT) ctx.fail('Balances', 'ExistentialDeposit');
        a.free += amount;
        ctx.depositEvent('Balances', 'Deposit', { who, amount });
      }));
  } catch {
    return 0n;
  }
  issuance(ctx).mutate((v: bigint) => v + amount);
  return amount;
}

/** Currency `deposit_into_existing`: mints into an existing account (Balances.DeadAccount otherwise). */
export function depositIntoExisting(ctx: DispatchContext, who: AccountId, amount: bigint): void {
  if (amount === 0n) return;
  mutateAccount(ctx, who, (a, isNew) => {
    if (isNew) ctx.fail('Balances', 'DeadAccount');
    a.free += amount;
    ctx.depositEvent('Balances', 'Deposit', { who, amount });
  });
  issuance(ctx).mutate((v: bigint) => v + amount);
}

/** ReservableCurrency `reserve`: free → reserved (Balances.Reserved). */
export function reserve(ctx: DispatchContext, who: AccountId, amount: bigint): void {
  if (amount === 0n) return;
  mutateAccount(ctx, who, (a) => {
    if (a.free < amount) ctx.fail('Balances', 'InsufficientBalance');
    a.free -= amount;
    a.reserved += amount;
    if (a.free < a.frozen) ctx.fail('Balances', 'LiquidityRestrictions');
  });
  ctx.depositEvent('Balances', 'Reserved', { who, amount });
}

/** ReservableCurrency `unreserve`: reserved → free, as much as there is; returns what could not be unreserved. */
export function unreserve(ctx: DispatchContext, who: AccountId, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  const a = account(ctx, who);
  if (a.free + a.reserved === 0n) return amount;
  const actual = mutateAccount(ctx, who, (a) => {
    const n = a.reserved < amount ? a.reserved : amount;
    a.reserved -= n;
    a.free += n;
    return n;
  });
  ctx.depositEvent('Balances', 'Unreserved', { who, amount: actual });
  return amount - actual;
}

/** Balances as the context exposes them (`ctx.currency`). */
export interface Currency {
  account(who: AccountId): AccountDataValue;
  freeBalance(who: AccountId): bigint;
  reservedBalance(who: AccountId): bigint;
  totalIssuance(): bigint;
  reducibleBalance(who: AccountId, existence?: Existence): bigint;
  transfer(from: AccountId, to: AccountId, amount: bigint, existence?: Existence): void;
  withdraw(who: AccountId, amount: bigint, existence?: Existence): void;
  depositCreating(who: AccountId, amount: bigint): bigint;
  depositIntoExisting(who: AccountId, amount: bigint): void;
  reserve(who: AccountId, amount: bigint): void;
  unreserve(who: AccountId, amount: bigint): bigint;
  readonly existentialDeposit: bigint;
}

export function bindCurrency(ctx: DispatchContext): Currency {
  return {
    account: (who) => account(ctx, who),
    freeBalance: (who) => account(ctx, who).free,
    reservedBalance: (who) => account(ctx, who).reserved,
    totalIssuance: () => issuance(ctx).get(),
    reducibleBalance: (who, existence = 'AllowDeath') => reducibleBalance(ctx, who, existence),
    transfer: (from, to, amount, existence = 'AllowDeath') => transfer(ctx, from, to, amount, existence),
    withdraw: (who, amount, existence = 'KeepAlive') => withdraw(ctx, who, amount, existence),
    depositCreating: (who, amount) => depositCreating(ctx, who, amount),
    depositIntoExisting: (who, amount) => depositIntoExisting(ctx, who, amount),
    reserve: (who, amount) => reserve(ctx, who, amount),
    unreserve: (who, amount) => unreserve(ctx, who, amount),
    existentialDeposit: EXISTENTIAL_DEPOSIT,
  };
}

/** Sets `who`'s free balance, minting or burning the difference (force_set_balance; also the dev tooling). */
export function setFreeBalance(ctx: DispatchContext, who: AccountId, newFree: bigint): bigint {
  const free = newFree < EXISTENTIAL_DEPOSIT ? 0n : newFree;
  const old = mutateAccount(ctx, who, (a) => {
    const before = a.free;
    a.free = free;
    return before;
  });
  issuance(ctx).mutate((v: bigint) => {
    const next = v + free - old;
    return next > 0n ? next : 0n;
  });
  return free;
}

// Weights: substrate's pallet_balances benchmarks (polkadot v1.0) plus TFChain's DbWeight for their reads/writes.
const rw = (base: number, reads: number, writes: number) => ({
  refTime: base + reads * DB_WEIGHT.read + writes * DB_WEIGHT.write,
  proofSize: 3_593,
});

type Dest = { dest: unknown; value: bigint };

const transferCall = (existence: Existence) => (ctx: DispatchContext, { dest, value }: Dest) => {
  const from = ctx.ensureSigned();
  transfer(ctx, from, ctx.lookup(dest), value, existence);
};

export const balancesImpl = definePalletImpl(balances, {
  calls: {
    transfer_allow_death: { weight: rw(59_458_000, 1, 1), dispatch: transferCall('AllowDeath') },
    transfer: { weight: rw(59_458_000, 1, 1), dispatch: transferCall('AllowDeath') },
    transfer_keep_alive: { weight: rw(43_056_000, 1, 1), dispatch: transferCall('KeepAlive') },
    transfer_all: {
      weight: rw(54_751_000, 1, 1),
      dispatch: (ctx, { dest, keep_alive }: { dest: unknown; keep_alive: boolean }) => {
        const from = ctx.ensureSigned();
        const existence: Existence = keep_alive ? 'KeepAlive' : 'AllowDeath';
        transfer(ctx, from, ctx.lookup(dest), reducibleBalance(ctx, from, existence), existence);
      },
    },
    force_transfer: {
      weight: rw(60_929_000, 2, 2),
      dispatch: (ctx, { source, dest, value }: { source: unknown; dest: unknown; value: bigint }) => {
        ctx.ensureRoot();
        transfer(ctx, ctx.lookup(source), ctx.lookup(dest), value, 'AllowDeath');
      },
    },
    force_set_balance: {
      weight: rw(17_428_000, 1, 1),
      dispatch: (ctx, { who, new_free }: { who: unknown; new_free: bigint }) => {
        ctx.ensureRoot();
        const id = ctx.lookup(who);
        ctx.depositEvent('BalanceSet', { who: id, free: setFreeBalance(ctx, id, new_free) });
      },
    },
    set_balance_deprecated: {
      weight: rw(17_428_000, 1, 1),
      dispatch: (ctx, { who, new_free, old_reserved }: { who: unknown; new_free: bigint; old_reserved: bigint }) => {
        ctx.ensureRoot();
        const id = ctx.lookup(who);
        if (account(ctx, id).reserved !== old_reserved) throw tokenError('Unsupported');
        ctx.depositEvent('BalanceSet', { who: id, free: setFreeBalance(ctx, id, new_free) });
      },
    },
    force_unreserve: {
      weight: rw(16_560_000, 1, 1),
      dispatch: (ctx, { who, amount }: { who: unknown; amount: bigint }) => {
        ctx.ensureRoot();
        unreserve(ctx, ctx.lookup(who), amount);
      },
    },
    upgrade_accounts: {
      weight: ({ who }: { who: unknown[] }) => who.length * rw(15_477_000, 1, 1).refTime,
      // Every account here is created with the new-logic flag, so there is never anything to upgrade.
      dispatch: (ctx) => {
        ctx.ensureSigned();
      },
    },
  },
  genesis: (ctx, config) => {
    let total = 0n;
    for (const [who, free] of config.balances) {
      if (free < EXISTENTIAL_DEPOSIT) throw new Error('genesis balances must be at least the existential deposit');
      total += free;
      incProviders(ctx, who);
      mutateAccountData(ctx, who, () => ({ data: { ...freshData(ctx), free }, result: undefined }));
    }
    issuance(ctx).set(total);
  },
});
