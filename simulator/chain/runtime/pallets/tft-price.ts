// TFTPriceModule (index 28, pallet_tft_price). Prices are u32 mUSD per TFT. tfchain.md §3.4.
import { blake2_128Concat, definePallet, map, plain } from '../pallet';
import { tuple, u16, u32 } from '../types/dsl';
import { AccountId32 } from '../types/substrate';

export const tftPrice = definePallet({
  name: 'TFTPriceModule',
  index: 28,
  crate: 'pallet_tft_price',
  storage: {
    TftPrice: plain(u32),
    LastBlockSet: plain(u32),
    AverageTftPrice: plain(u32),
    TftPriceHistory: map(blake2_128Concat(u16), u32),
    BufferRange: plain(tuple(u16, u16)),
    MinTftPrice: plain(u32),
    MaxTftPrice: plain(u32),
  },
  calls: {
    set_prices: [0, { price: u32, block_number: u32 }],
    set_min_tft_price: [2, { price: u32 }],
    set_max_tft_price: [3, { price: u32 }],
  },
  events: {
    PriceStored: [0, u32],
    OffchainWorkerExecuted: [1, AccountId32],
    AveragePriceStored: [2, u32],
    AveragePriceIsAboveMaxPrice: [3, u32, u32],
    AveragePriceIsBelowMinPrice: [4, u32, u32],
  },
  errors: [
    'ErrFetchingPrice', 'OffchainSignedTxError', 'NoLocalAcctForSigning', 'AccountUnauthorizedToSetPrice',
    'MaxPriceBelowMinPriceError', 'MinPriceAboveMaxPriceError', 'IsNotAnAuthority', 'WrongAuthority',
  ],
});
