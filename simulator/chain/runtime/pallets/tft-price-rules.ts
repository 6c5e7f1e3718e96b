// TFTPriceModule rules as pure functions (shared/spec/tfchain.md §3.4; details from pallet-tft-price/src/
// {lib,tft_price,ringbuffer}.rs at tfchain 33046d68). Prices are u32 mUSD per TFT (10 = $0.01).
import { big, fail, OK, type Check, type IntLike } from './tfgrid-rules';

/** Slots of the `TftPriceHistory` ring buffer (ringbuffer.rs `MAX_LENGTH`). */
export const TFT_PRICE_HISTORY_LENGTH = 1440;
/** The offchain worker fetches a new price at most every 10 blocks. */
export const PRICE_FETCH_INTERVAL_BLOCKS = 10;
/** 1 mUSD in units-USD (1 USD = 10^7 units). */
export const UNITS_USD_PER_MUSD = 10_000n;

/** `set_prices` is only accepted from a `Session.Validators` member (the offchain worker's key). */
export const checkPriceSetter = (signerIsValidator: boolean): Check<'AccountUnauthorizedToSetPrice'> =>
  (signerIsValidator ? OK : fail('AccountUnauthorizedToSetPrice'));

/** `set_min_tft_price`: the new minimum must stay strictly below the stored maximum. */
export const checkSetMinTftPrice = (price: IntLike, maxPrice: IntLike): Check<'MinPriceAboveMaxPriceError'> =>
  (big(price) < big(maxPrice) ? OK : fail('MinPriceAboveMaxPriceError'));

/** `set_max_tft_price`: the new maximum must stay strictly above the stored minimum. */
export const checkSetMaxTftPrice = (price: IntLike, minPrice: IntLike): Check<'MaxPriceBelowMinPriceError'> =>
  (big(price) > big(minPrice) ? OK : fail('MaxPriceBelowMinPriceError'));

/**
 * The price billing uses (cost.rs `calculate_cost_in_tft_from_units_usd`): `min(max(AverageTftPrice, MinTftPrice),
 * MaxTftPrice)`. Note the order: when min > max (not reachable through the admin calls) max wins.
 */
export function effectiveTftPrice(average: IntLike, min: IntLike, max: IntLike): bigint {
  const lo = big(average) > big(min) ? big(average) : big(min);
  return lo < big(max) ? lo : big(max);
}

/**
 * `AverageTftPrice` from the stored history (`calc_avg`): the u32 sum (saturating) divided by the number of stored
 * slots, rounded half up (U32F32 division then `round()`, which is exact for this: a true .5 is representable).
 */
export function averageTftPrice(values: readonly IntLike[]): bigint {
  if (values.length === 0) throw new Error('averageTftPrice: empty history (set_prices always pushes first)');
  const U32_MAX = 0xffff_ffffn;
  let sum = 0n;
  for (const v of values) sum = sum + big(v) > U32_MAX ? U32_MAX : sum + big(v);
  const n = BigInt(values.length);
  return (2n * sum + n) / (2n * n);
}

/**
 * One push into the `TftPriceHistory` ring buffer with `BufferRange = (start, end)`: the value goes into slot `end`.
 * Slots are never removed, so once the buffer has wrapped the history holds all 1440 slots and the average covers the
 * last 1440 prices (`get_all_values` iterates the whole map).
 */
export function pushPriceHistory(range: readonly [number, number], length = TFT_PRICE_HISTORY_LENGTH):
  { slot: number; range: [number, number] } {
  let [start, end] = range;
  const slot = end;
  end = end + 1 === length ? 0 : end + 1;
  if (end === start) start = start + 1 >= length ? 0 : start + 1;
  return { slot, range: [start, end] };
}

export type PriceEvent =
  | { name: 'PriceStored'; price: bigint }
  | { name: 'AveragePriceStored'; average: bigint }
  | { name: 'AveragePriceIsBelowMinPrice'; average: bigint; min: bigint }
  | { name: 'AveragePriceIsAboveMaxPrice'; average: bigint; max: bigint };

/**
 * `set_prices(price, block_number)` after the signer check: writes `TftPrice` and `LastBlockSet`, stores the price in
 * slot `slot` of the history, sets `AverageTftPrice` from the updated history and emits, in order, `PriceStored`,
 * `AveragePriceStored`, then `AveragePriceIsBelowMinPrice` / `AveragePriceIsAboveMaxPrice` when applicable.
 * `history` is the map before the push (slot → price).
 */
export function setPrices(p: {
  price: IntLike; history: ReadonlyMap<number, IntLike>; range: readonly [number, number]; min: IntLike; max: IntLike;
}): { slot: number; range: [number, number]; average: bigint; events: PriceEvent[] } {
  const price = big(p.price);
  const { slot, range } = pushPriceHistory(p.range);
  const values = new Map(p.history);
  values.set(slot, price);
  const average = averageTftPrice([...values.values()]);
  const events: PriceEvent[] = [{ name: 'PriceStored', price }, { name: 'AveragePriceStored', average }];
  if (average < big(p.min)) events.push({ name: 'AveragePriceIsBelowMinPrice', average, min: big(p.min) });
  if (average > big(p.max)) events.push({ name: 'AveragePriceIsAboveMaxPrice', average, max: big(p.max) });
  return { slot, range, average, events };
}

/** Whether the offchain worker would fetch at this block (at least 10 blocks after `LastBlockSet`). */
export const shouldFetchPrice = (block: IntLike, lastBlockSet: IntLike) =>
  big(block) - big(lastBlockSet) >= BigInt(PRICE_FETCH_INTERVAL_BLOCKS);
