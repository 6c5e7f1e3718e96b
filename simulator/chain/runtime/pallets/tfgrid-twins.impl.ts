// TfgridModule: terms and conditions and twins (tfchain.md §3.1.1; pallet-tfgrid terms_cond.rs and twin.rs, v2.7).
import type { DispatchContext } from '../../core/dispatch/context';
import { checkBondTwinAccount, checkCreateTwin, checkTermsAndConditions, checkUpdateTwin } from './tfgrid-rules';
import { getTwin, must, sameAccount, twinIdOf, type CallTable, type TwinValue } from './tfgrid-support.impl';

interface TermsArgs { document_link: Uint8Array; document_hash: Uint8Array }
interface TwinArgs { relay: Uint8Array | null; pk: Uint8Array | null }

export const twinCalls: CallTable = {
  /** Appends to the signer's accepted T&C list; no event (the client's accept().apply() resolves to undefined). */
  user_accept_tc: (ctx: DispatchContext, { document_link, document_hash }: TermsArgs) => {
    const who = ctx.ensureSigned();
    must(ctx, checkTermsAndConditions(document_link, document_hash));
    const entry = { account_id: who, timestamp: BigInt(ctx.nowSecs), document_link, document_hash };
    ctx.storage('UsersTermsAndConditions').mutate(who, (list: unknown[] | null) => [...(list ?? []), entry]);
  },

  create_twin: (ctx: DispatchContext, { relay, pk }: TwinArgs) => {
    const who = ctx.ensureSigned();
    must(ctx, checkCreateTwin({
      hasAcceptedTerms: ctx.storage('UsersTermsAndConditions').exists(who),
      hasTwin: twinIdOf(ctx, who) != null,
      relay,
    }));
    const id = ctx.storage<number>('TwinID').get() + 1;
    const twin: TwinValue = { id, account_id: who, relay, entities: [], pk };
    ctx.storage('Twins').set(id, twin);
    ctx.storage('TwinID').set(id);
    ctx.storage('TwinIdByAccountID').set(who, id);
    ctx.depositEvent('TwinStored', twin);
  },

  /** Both fields are overwritten: None clears them. */
  update_twin: (ctx: DispatchContext, { relay, pk }: TwinArgs) => {
    const who = ctx.ensureSigned();
    const id = twinIdOf(ctx, who);
    const twin = id == null ? null : getTwin(ctx, id);
    must(ctx, checkUpdateTwin({ twinExists: twin != null, signerOwnsTwin: !!twin && sameAccount(twin.account_id, who), relay }));
    const updated: TwinValue = { ...twin!, relay, pk };
    ctx.storage('Twins').set(updated.id, updated);
    ctx.depositEvent('TwinUpdated', updated);
  },

  /** Bonds the signer (a "stash") to a twin for the contract discount level. */
  bond_twin_account: (ctx: DispatchContext, { twin_id }: { twin_id: number }) => {
    const who = ctx.ensureSigned();
    const twin = getTwin(ctx, twin_id);
    must(ctx, checkBondTwinAccount({ twinAccount: twin?.account_id ?? null, signer: who }));
    ctx.storage('TwinBoundedAccountID').set(twin_id, who);
    ctx.depositEvent('TwinAccountBounded', [twin_id, who]);
  },
};
