// BurningModule (index 29, pallet_burning). tfchain.md §3.5.
import { definePallet, plain } from '../pallet';
import { bytes, struct, u128, u32, vec } from '../types/dsl';
import { AccountId32 } from '../types/substrate';

export const Burn = struct('pallet_burning::types::Burn', {
  target: AccountId32,
  amount: u128,
  block: u32,
  message: bytes,
}, { params: { AccountId: AccountId32, BalanceOf: u128, BlockNumber: u32 } });

export const burning = definePallet({
  name: 'BurningModule',
  index: 29,
  crate: 'pallet_burning',
  storage: {
    Burns: plain(vec(Burn), { optional: true }),
  },
  calls: {
    burn_tft: [0, { amount: u128, message: bytes }],
  },
  events: {
    BurnTransactionCreated: [0, AccountId32, u128, u32, bytes],
  },
  errors: ['NotEnoughBalanceToBurn'],
});
