// TransactionPayment's behaviour (pallet_transaction_payment with TFChain's CurrencyAdapter<Balances, DealWithFees>):
// the fee is withdrawn before dispatch (Balances.Withdraw, keep-alive), then after dispatch corrected (refunded when
// the call turned out not to pay), handed to the block author (Balances.Deposit), and reported
// (TransactionPayment.TransactionFeePaid). The executive calls these around each signed extrinsic.
import type { DispatchContext } from '../../core/dispatch/context';
import { DispatchFailure } from '../../core/dispatch/errors';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import { blockAuthor } from './authorship.impl';
import { depositCreating, depositIntoExisting, withdraw } from './balances.impl';
import { FEE_MULTIPLIER_ONE, transactionPayment } from './transaction-payment';

/** Withdraws `fee` (inclusion fee + tip) from `who`; false when the account cannot pay (InvalidTransaction::Payment). */
export function withdrawFee(ctx: DispatchContext, who: AccountId, fee: bigint): boolean {
  try {
    ctx.transactional(() => withdraw(ctx, who, fee, 'KeepAlive'));
    return true;
  } catch (error) {
    if (error instanceof DispatchFailure) return false;
    throw error;
  }
}

/** After dispatch: refunds `paid - actualFee`, pays the rest to the author, emits TransactionFeePaid. */
export function settleFee(ctx: DispatchContext, who: AccountId, paid: bigint, actualFee: bigint, tip: bigint): void {
  const refund = paid > actualFee ? paid - actualFee : 0n;
  if (refund > 0n) {
    try {
      ctx.transactional(() => depositIntoExisting(ctx, who, refund));
    } catch {
      // The payer was reaped by its own call: the refund is burned, as Substrate's CurrencyAdapter does.
    }
  }
  const kept = paid - refund;
  const author = blockAuthor(ctx);
  // Without an author the fee stays burned: withdrawing it already took it out of TotalIssuance.
  if (kept > 0n && author) depositCreating(ctx, author, kept);
  ctx.depositEvent('TransactionPayment', 'TransactionFeePaid', { who, actual_fee: actualFee, tip });
}

export const transactionPaymentImpl = definePalletImpl(transactionPayment, {
  genesis: (ctx) => {
    ctx.storage('StorageVersion').set('V2');
    ctx.storage('NextFeeMultiplier').set(FEE_MULTIPLIER_ONE);
  },
});
