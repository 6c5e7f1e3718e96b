// CouncilMembership's genesis: the dev council (Alice and Bob), sorted as pallet_membership stores members, and
// passed on to Council.Members (MembershipInitialized).
import { u8aCmp } from '@polkadot/util';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { councilMembership } from './council-membership';

export const councilMembershipImpl = definePalletImpl(councilMembership, {
  genesis: (ctx, config) => {
    const members = [...config.council].sort(u8aCmp);
    ctx.storage('Members').set(members);
    ctx.storage('Council', 'Members').set(members);
  },
});
