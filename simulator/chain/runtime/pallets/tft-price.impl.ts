// TFTPriceModule's behaviour (pallet_tft_price, tfchain.md §3.4). Upstream a validator's offchain worker fetches the
// Stellar price and submits `set_prices`; the dev chain has no offchain workers, so the genesis seeds a price at which
// billing works (a Gridbox addition, §4) and `set_prices` stays available to validators (and tests) to move it.
import { u8aEq } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { checkPriceSetter, checkSetMaxTftPrice, checkSetMinTftPrice, effectiveTftPrice, setPrices } from './tft-price-rules';
import { tftPrice } from './tft-price';

/** `GenesisConfig.pallets.TFTPriceModule`: every field optional. Prices in mUSD per TFT. */
export interface TftPriceGenesis {
  readonly minTftPrice?: number;
  readonly maxTftPrice?: number;
  /** Seeded `TftPrice` and `AverageTftPrice` (upstream leaves them 0 until the offchain worker runs). */
  readonly tftPrice?: number;
}

/** Upstream dev genesis: min 10, max 1000 mUSD. The seeded price equals the minimum, so billing uses 10 mUSD either way. */
export const DEFAULT_TFT_PRICE_GENESIS: Required<TftPriceGenesis> = Object.freeze({
  minTftPrice: 10, maxTftPrice: 1000, tftPrice: 10,
});

/** The price billing converts with: the average clamped to [min, max] (mUSD per TFT). */
export function billingTftPrice(ctx: DispatchContext): bigint {
  const p = ctx.forPallet('TFTPriceModule');
  return effectiveTftPrice(p.storage<number>('AverageTftPrice').get(), p.storage<number>('MinTftPrice').get(),
    p.storage<number>('MaxTftPrice').get());
}

const isValidator = (ctx: DispatchContext, who: Uint8Array): boolean =>
  (ctx.storage<Uint8Array[]>('Session', 'Validators').get() ?? []).some((v) => u8aEq(v, who));

export const tftPriceImpl = definePalletImpl(tftPrice, {
  calls: {
    set_prices: {
      weight: 50_000_000,
      pays: 'No',
      dispatch: (ctx: DispatchContext, { price, block_number }: { price: number; block_number: number }) => {
        const who = ctx.ensureSigned();
        const check = checkPriceSetter(isValidator(ctx, who));
        if (!check.ok) ctx.fail(check.error);
        const history = new Map<number, number>();
        for (const [[slot], value] of ctx.storage<number>('TftPriceHistory').entries()) history.set(slot as number, value);
        const range = ctx.storage<[number, number]>('BufferRange').get();
        const result = setPrices({
          price, history, range, min: ctx.storage('MinTftPrice').get(), max: ctx.storage('MaxTftPrice').get(),
        });
        ctx.storage('TftPrice').set(price);
        ctx.storage('LastBlockSet').set(block_number);
        ctx.storage('TftPriceHistory').set(result.slot, price);
        ctx.storage('BufferRange').set(result.range);
        ctx.storage('AverageTftPrice').set(Number(result.average));
        for (const e of result.events) {
          if (e.name === 'PriceStored') ctx.depositEvent(e.name, Number(e.price));
          else if (e.name === 'AveragePriceStored') ctx.depositEvent(e.name, Number(e.average));
          else if (e.name === 'AveragePriceIsBelowMinPrice') ctx.depositEvent(e.name, [Number(e.average), Number(e.min)]);
          else ctx.depositEvent(e.name, [Number(e.average), Number(e.max)]);
        }
      },
    },
    set_min_tft_price: {
      weight: 20_000_000,
      dispatch: (ctx: DispatchContext, { price }: { price: number }) => {
        ctx.ensureRootOrCouncil();
        const check = checkSetMinTftPrice(price, ctx.storage<number>('MaxTftPrice').get());
        if (!check.ok) ctx.fail(check.error);
        ctx.storage('MinTftPrice').set(price);
      },
    },
    set_max_tft_price: {
      weight: 20_000_000,
      dispatch: (ctx: DispatchContext, { price }: { price: number }) => {
        ctx.ensureRootOrCouncil();
        const check = checkSetMaxTftPrice(price, ctx.storage<number>('MinTftPrice').get());
        if (!check.ok) ctx.fail(check.error);
        ctx.storage('MaxTftPrice').set(price);
      },
    },
  },
  genesis: (ctx, config) => {
    const g = { ...DEFAULT_TFT_PRICE_GENESIS, ...(config.pallets.TFTPriceModule as TftPriceGenesis | undefined) };
    ctx.storage('MinTftPrice').set(g.minTftPrice);
    ctx.storage('MaxTftPrice').set(g.maxTftPrice);
    if (g.tftPrice > 0) {
      // As if the offchain worker had stored one price: history slot 0, range (0, 1), average = that price.
      ctx.storage('TftPrice').set(g.tftPrice);
      ctx.storage('AverageTftPrice').set(g.tftPrice);
      ctx.storage('TftPriceHistory').set(0, g.tftPrice);
      ctx.storage('BufferRange').set([0, 1]);
    }
  },
});
