// What a call implementation works with: its origin, its pallet's storage, events and errors (another pallet's by
// naming it), balances, nested dispatch, and the block's number and time.
//
//   create_twin(ctx, { relay, pk }) {
//     const who = ctx.ensureSigned();
//     ctx.ensure(!ctx.storage('TwinIdByAccountID').exists(who), 'TwinExists');
//     const id = ctx.storage('TwinID').mutate((n: number) => n + 1);
//     ctx.storage('Twins').set(id, twin);
//     ctx.depositEvent('TwinStored', twin);
//   }
//
// Errors are thrown (`ctx.fail('TwinNotExists')`, `ctx.fail('Balances', 'InsufficientBalance')`); the dispatcher rolls
// the call's writes and events back and the executive reports `ExtrinsicFailed` with the module error.
import { u8aEq } from '@polkadot/util';
import { errorIndex, eventIndex, storageItem, type Pallet } from '../../runtime/pallet';
import { bindCurrency, type Currency } from '../../runtime/pallets/balances.impl';
import type { RuntimeCodec } from '../codec';
import { dispatchCall, type DispatchOutcome } from './dispatcher';
import type { BlockEnv } from './env';
import { badOrigin, dispatchError, DispatchFailure } from './errors';
import { isCouncilProportion } from './origins';
import { StorageHandle } from './storage';
import type { AccountId, Origin } from './types';

export class DispatchContext {
  #currency: Currency | undefined;

  constructor(readonly env: BlockEnv, readonly pallet: Pallet, readonly origin: Origin) {}

  get codec(): RuntimeCodec {
    return this.env.codec;
  }

  /** The number of the block being built. */
  get blockNumber(): number {
    return this.env.blockNumber;
  }

  /** Timestamp.Now in milliseconds (set by the block's timestamp inherent). */
  get now(): number {
    return Number(this.storage('Timestamp', 'Now').get() as bigint);
  }

  /** Timestamp.Now in seconds, as TFChain pallets use it. */
  get nowSecs(): number {
    return Math.floor(this.now / 1000);
  }

  // ---- origins ----------------------------------------------------------------------------------------------

  ensureSigned(): AccountId {
    if (this.origin.kind !== 'signed') throw badOrigin();
    return this.origin.who;
  }

  ensureRoot(): void {
    if (this.origin.kind !== 'root') throw badOrigin();
  }

  ensureNone(): void {
    if (this.origin.kind !== 'none') throw badOrigin();
  }

  /** Root, or a council motion with at least `numerator/denominator` of the members in favour (TFChain's admin). */
  ensureRootOrCouncil(numerator = 3, denominator = 5): void {
    const o = this.origin;
    if (o.kind === 'root' || isCouncilProportion(o, numerator, denominator)) return;
    throw badOrigin();
  }

  // ---- errors -----------------------------------------------------------------------------------------------

  /** The module error `name` of this pallet, or of `pallet` when two names are given (not thrown). */
  error(name: string): DispatchFailure;
  error(pallet: string, name: string): DispatchFailure;
  error(a: string, b?: string): DispatchFailure {
    const [pallet, name] = b === undefined ? [this.pallet, a] : [this.codec.pallet(a), b];
    errorIndex(pallet, name);
    return new DispatchFailure(this.codec.moduleError(pallet, name), `${pallet.name}.${name}`);
  }

  fail(name: string): never;
  fail(pallet: string, name: string): never;
  fail(a: string, b?: string): never {
    throw b === undefined ? this.error(a) : this.error(a, b);
  }

  /** `ensure!(condition, Error::<T>::name)`. */
  ensure(condition: unknown, name: string): asserts condition;
  ensure(condition: unknown, pallet: string, name: string): asserts condition;
  ensure(condition: unknown, a: string, b?: string): asserts condition {
    if (!condition) throw b === undefined ? this.error(a) : this.error(a, b);
  }

  // ---- storage and events -----------------------------------------------------------------------------------

  /** This pallet's storage item, or `pallet`'s when two names are given. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see StorageHandle
  storage<V = any>(item: string): StorageHandle<V>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage<V = any>(pallet: string, item: string): StorageHandle<V>;
  storage(a: string, b?: string): StorageHandle {
    const pallet = b === undefined ? this.pallet : this.codec.pallet(a);
    return new StorageHandle(this.env, pallet, storageItem(pallet, b ?? a));
  }

  /**
   * Emits an event of this pallet (`depositEvent('TwinStored', twin)`) or of another one
   * (`depositEvent('Balances', 'Transfer', { from, to, amount })`). Fields follow the declaration: an object for
   * named fields, the value for a single unnamed field, an array for several, nothing for none.
   */
  depositEvent(name: string, fields?: unknown): void;
  depositEvent(pallet: string, name: string, fields?: unknown): void;
  depositEvent(a: string, b?: unknown, c?: unknown): void {
    let pallet = this.pallet;
    let name = a;
    let fields = b;
    if (typeof b === 'string' && this.#isEventOf(a, b)) {
      pallet = this.codec.pallet(a);
      name = b;
      fields = c;
    }
    this.env.depositEvent(this.codec.event(pallet, name, fields));
  }

  #isEventOf(palletName: string, event: string): boolean {
    const pallet = this.codec.runtime.pallets.find((p) => p.name === palletName);
    if (!pallet) return false;
    try {
      eventIndex(pallet, event);
      return true;
    } catch {
      return false;
    }
  }

  // ---- balances, lookups, nested dispatch -------------------------------------------------------------------

  /** Balances as pallet_balances' Currency / fungible traits (transfer, withdraw, reserve, …). */
  get currency(): Currency {
    return (this.#currency ??= bindCurrency(this));
  }

  /** `AccountIdLookup`: `MultiAddress::Id` (and `Address32`) resolve to the account; other forms cannot. */
  lookup(address: unknown): AccountId {
    if (address instanceof Uint8Array && address.length === 32) return address;
    const a = address as Record<string, unknown> | null;
    const id = a?.Id ?? a?.Address32;
    if (id instanceof Uint8Array && id.length === 32) return id;
    throw dispatchError('CannotLookup');
  }

  /** The same dispatch seen as another pallet (its storage, events and errors by default). */
  forPallet(name: string): DispatchContext {
    return new DispatchContext(this.env, this.codec.pallet(name), this.origin);
  }

  withOrigin(origin: Origin): DispatchContext {
    return new DispatchContext(this.env, this.pallet, origin);
  }

  /** Dispatches a nested call (default: with this origin) in its own transaction; never throws for its failure. */
  dispatch(call: Readonly<Record<string, unknown>>, origin: Origin = this.origin): DispatchOutcome {
    return dispatchCall(this.env, call, origin);
  }

  /** Runs `fn` in a storage transaction: its writes and events are undone if it throws. */
  transactional<T>(fn: () => T): T {
    return this.env.overlay.transactional(fn);
  }

  /** Whether the origin is the signed account `who`. */
  isSignedBy(who: AccountId): boolean {
    return this.origin.kind === 'signed' && u8aEq(this.origin.who, who);
  }
}
