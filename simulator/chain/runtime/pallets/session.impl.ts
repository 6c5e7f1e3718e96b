// Session's genesis: the validators' session keys (Aura sr25519, GRANDPA ed25519), as pallet_session's genesis
// build writes them. A single dev validator never rotates, so there is no session logic beyond that.
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import { session } from './session';
import { incConsumers, incProviders } from './system.impl';

const KEY_TYPES = { aura: Uint8Array.from(Buffer.from('aura')), grandpa: Uint8Array.from(Buffer.from('gran')) };

function setKeys(ctx: DispatchContext, who: AccountId, keys: { aura: Uint8Array; grandpa: Uint8Array }): void {
  ctx.storage('NextKeys').set(who, keys);
  ctx.storage('KeyOwner').set([KEY_TYPES.aura, keys.aura], who);
  ctx.storage('KeyOwner').set([KEY_TYPES.grandpa, keys.grandpa], who);
}

export const sessionImpl = definePalletImpl(session, {
  genesis: (ctx, config) => {
    for (const { account, aura, grandpa } of config.authorities) {
      setKeys(ctx, account, { aura, grandpa });
      // pallet_session leaks a provider reference to accounts that have none yet (all of them, at this point).
      try {
        incConsumers(ctx, account, false);
      } catch {
        incProviders(ctx, account);
      }
    }
    ctx.storage('Validators').set(config.authorities.map((a) => a.account));
    ctx.storage('QueuedKeys').set(config.authorities.map((a) => [a.account, { aura: a.aura, grandpa: a.grandpa }]));
  },
});
