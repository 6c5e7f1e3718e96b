// CouncilMembership (index 41, pallet_membership::<Instance1>): membership changes feed Council.Members.
// tfchain.md §3.9.
import { definePallet, plain } from '../pallet';
import { boundedVec, vec } from '../types/dsl';
import { AccountId32, MultiAddress } from '../types/substrate';

const who = { who: MultiAddress };

export const councilMembership = definePallet({
  name: 'CouncilMembership',
  index: 41,
  crate: 'pallet_membership',
  instance: 'Instance1',
  storage: {
    Members: plain(boundedVec(AccountId32)),
    Prime: plain(AccountId32, { optional: true }),
  },
  calls: {
    add_member: [0, who],
    remove_member: [1, who],
    swap_member: [2, { remove: MultiAddress, add: MultiAddress }],
    reset_members: [3, { members: vec(AccountId32) }],
    change_key: [4, { new: MultiAddress }],
    set_prime: [5, who],
    clear_prime: 6,
  },
  events: {
    MemberAdded: 0,
    MemberRemoved: 1,
    MembersSwapped: 2,
    MembersReset: 3,
    KeyChanged: 4,
    Dummy: 5,
  },
  errors: ['AlreadyMember', 'NotMember', 'TooManyMembers'],
});
