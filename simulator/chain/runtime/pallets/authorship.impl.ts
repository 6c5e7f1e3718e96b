// Authorship's behaviour: the block author (who receives the fees, TFChain's DealWithFees) is found from the Aura
// slot in the digest, `slot % authorities`, mapped to an account through Session.Validators
// (pallet_session::FindAccountFromAuthorIndex), and kept in `Author` for the duration of the block.
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import { digestSlot } from './aura.impl';
import { authorship } from './authorship';

/** The author of the block being built, if there is one. */
export function blockAuthor(ctx: DispatchContext): AccountId | undefined {
  return ctx.storage<AccountId | null>('Authorship', 'Author').get() ?? undefined;
}

export const authorshipImpl = definePalletImpl(authorship, {
  onInitialize: (ctx) => {
    const slot = digestSlot(ctx);
    const authorities = ctx.storage<unknown[]>('Aura', 'Authorities').get();
    if (slot === undefined || authorities.length === 0) return;
    const validators = ctx.storage<AccountId[]>('Session', 'Validators').get();
    const author = validators[Number(slot % BigInt(authorities.length))];
    if (author) ctx.storage('Author').set(author);
  },
  onFinalize: (ctx) => {
    ctx.storage('Author').remove();
  },
});
