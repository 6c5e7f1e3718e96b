// TransactionPayment (index 21, pallet_transaction_payment). tfchain.md §2.12.
import { constant, definePallet, plain } from '../pallet';
import { enumType, newtype, u128, u8 } from '../types/dsl';
import { AccountId32 } from '../types/substrate';

export const FixedU128 = newtype('sp_arithmetic::fixed_point::FixedU128', u128);
const Releases = enumType('pallet_transaction_payment::Releases', { V1Ancient: 0, V2: 1 });

/** FixedU128 one (1.0 = 10^18): TFChain never updates the fee multiplier. */
export const FEE_MULTIPLIER_ONE = 10n ** 18n;

export const transactionPayment = definePallet({
  name: 'TransactionPayment',
  index: 21,
  crate: 'pallet_transaction_payment',
  storage: {
    NextFeeMultiplier: plain(FixedU128, { default: FEE_MULTIPLIER_ONE }),
    StorageVersion: plain(Releases),
  },
  events: {
    TransactionFeePaid: [0, { who: AccountId32, actual_fee: u128, tip: u128 }],
  },
  constants: {
    OperationalFeeMultiplier: constant(u8, 5),
  },
});
