// TFT price rules (tfchain.md §3.4): min/max admin bounds, the clamped price billing uses, the ring-buffer average.
import { describe, expect, it } from 'vitest';
import {
  averageTftPrice, checkPriceSetter, checkSetMaxTftPrice, checkSetMinTftPrice, effectiveTftPrice, pushPriceHistory, setPrices,
  shouldFetchPrice, TFT_PRICE_HISTORY_LENGTH,
} from '../../../simulator/chain/runtime/pallets/tft-price-rules';
import { expectOk, expectPriceError } from './helpers';

describe('min / max price', () => {
  it('min must stay below max and max above min', () => {
    expectOk(checkSetMinTftPrice(999, 1000));
    expectPriceError(checkSetMinTftPrice(1000, 1000), 'MinPriceAboveMaxPriceError');
    expectOk(checkSetMaxTftPrice(11, 10));
    expectPriceError(checkSetMaxTftPrice(10, 10), 'MaxPriceBelowMinPriceError');
  });
  it('billing clamps the average to [min, max] (dev genesis: 10..1000 mUSD)', () => {
    expect(effectiveTftPrice(0, 10, 1000)).toBe(10n); // offline dev chain: price never set
    expect(effectiveTftPrice(25, 10, 1000)).toBe(25n);
    expect(effectiveTftPrice(5000, 10, 1000)).toBe(1000n);
    expect(effectiveTftPrice(50, 100, 20)).toBe(20n); // max applied last
  });
});

describe('average price', () => {
  it('is the rounded (half up) mean of the stored slots', () => {
    expect(averageTftPrice([10])).toBe(10n);
    expect(averageTftPrice([10, 11])).toBe(11n); // 10.5
    expect(averageTftPrice([10, 10, 11])).toBe(10n); // 10.33
    expect(averageTftPrice([10, 11, 11])).toBe(11n); // 10.67
    expect(averageTftPrice([0xffff_ffff, 2])).toBe(0x8000_0000n); // the u32 sum saturates
    expect(() => averageTftPrice([])).toThrow();
  });
  it('the ring buffer keeps the last 1440 prices', () => {
    expect(pushPriceHistory([0, 0])).toEqual({ slot: 0, range: [0, 1] });
    expect(pushPriceHistory([0, 1438])).toEqual({ slot: 1438, range: [0, 1439] });
    expect(pushPriceHistory([0, 1439])).toEqual({ slot: 1439, range: [1, 0] });
    expect(pushPriceHistory([1, 0])).toEqual({ slot: 0, range: [2, 1] });
    // 1441 pushes: every slot holds a price, and the first price's slot has been overwritten.
    let range: [number, number] = [0, 0];
    const history = new Map<number, number>();
    for (let price = 1; price <= TFT_PRICE_HISTORY_LENGTH + 1; price++) {
      const r = setPrices({ price, history, range, min: 0, max: 10_000 });
      history.set(r.slot, price);
      range = r.range;
    }
    expect(history.size).toBe(1440);
    expect(history.get(0)).toBe(1441);
    expect(averageTftPrice([...history.values()])).toBe(722n); // prices 2..1441: 721.5
  });
  it('set_prices emits PriceStored, AveragePriceStored and the bound warnings', () => {
    const history = new Map([[0, 8], [1, 8]]);
    const r = setPrices({ price: 11, history, range: [0, 2], min: 10, max: 1000 });
    expect(r).toMatchObject({ slot: 2, range: [0, 3], average: 9n });
    expect(r.events).toEqual([
      { name: 'PriceStored', price: 11n }, { name: 'AveragePriceStored', average: 9n },
      { name: 'AveragePriceIsBelowMinPrice', average: 9n, min: 10n },
    ]);
    expect(setPrices({ price: 2000, history: new Map(), range: [0, 0], min: 10, max: 1000 }).events.at(-1))
      .toEqual({ name: 'AveragePriceIsAboveMaxPrice', average: 2000n, max: 1000n });
  });
  it('only validators may set prices', () => {
    expectOk(checkPriceSetter(true));
    expectPriceError(checkPriceSetter(false), 'AccountUnauthorizedToSetPrice');
  });
  it('the offchain worker fetches at most every 10 blocks', () => {
    expect(shouldFetchPrice(19, 10)).toBe(false);
    expect(shouldFetchPrice(20, 10)).toBe(true);
  });
});
