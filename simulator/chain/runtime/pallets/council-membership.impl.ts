// CouncilMembership's behaviour (pallet_membership::<Instance1>, polkadot v1.0, tfchain.md §3.9): a sorted member
// list that TFChain's runtime feeds into Council.Members (`MembershipChanged = MembershipChangedGroup`, which forwards
// `change_members_sorted` only, so this pallet's prime is not copied to Council.Prime). Admin changes take Root or a
// 3/5 council motion (EnsureRootOrCouncilApproval); `change_key` is the member itself.
import { u8aCmp, u8aEq } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import { changeCouncilMembers, COUNCIL_MAX_MEMBERS, setCouncilMembersSorted } from './council.impl';
import { councilMembership } from './council-membership';

const membersOf = (ctx: DispatchContext) => ctx.storage<AccountId[]>('Members');

/** `binary_search` over the sorted list: the index when present, or where it would go (as `-(at + 1)`). */
function search(list: readonly AccountId[], who: AccountId): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = u8aCmp(list[mid]!, who);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -(lo + 1);
}

/** The new list is stored, then handed to the Council with the incoming/outgoing change. */
function store(ctx: DispatchContext, members: AccountId[], outgoing: AccountId[]): void {
  ctx.ensure(members.length <= COUNCIL_MAX_MEMBERS, 'TooManyMembers');
  membersOf(ctx).set(members);
  changeCouncilMembers(ctx, outgoing, members);
}

/** `rejig_prime`: a prime that is no longer a member is cleared. */
function rejigPrime(ctx: DispatchContext, members: readonly AccountId[]): void {
  const prime = ctx.storage<AccountId | null>('Prime').get();
  if (prime !== null && search(members, prime) < 0) ctx.storage('Prime').remove();
}

/** `out`'s seat goes to `into` (swap_member, change_key): the list is re-sorted and `out` leaves the Council. */
function replaceMember(ctx: DispatchContext, out: AccountId, into: AccountId): AccountId[] {
  const members = membersOf(ctx).get();
  const at = search(members, out);
  ctx.ensure(at >= 0, 'NotMember');
  ctx.ensure(search(members, into) < 0, 'AlreadyMember');
  members[at] = into;
  members.sort(u8aCmp);
  store(ctx, members, [out]);
  return members;
}

// pallet_membership's benchmarked weights at 100 members (polkadot v1.0 SubstrateWeight), rounded.
const WEIGHT = 40_000_000;

/** A call for Root or a 3/5 council motion (TFChain's Add/Remove/Swap/Reset/PrimeOrigin). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arguments are decoded from the declaration
const admin = (dispatch: (ctx: DispatchContext, args: any) => void) => ({
  weight: WEIGHT,
  dispatch: (ctx: DispatchContext, args: unknown) => {
    ctx.ensureRootOrCouncil();
    dispatch(ctx, args);
  },
});

export const councilMembershipImpl = definePalletImpl(councilMembership, {
  calls: {
    add_member: admin((ctx: DispatchContext, { who }: { who: unknown }) => {
      const account = ctx.lookup(who);
      const members = membersOf(ctx).get();
      const at = search(members, account);
      ctx.ensure(at < 0, 'AlreadyMember');
      members.splice(-at - 1, 0, account);
      store(ctx, members, []);
      ctx.depositEvent('MemberAdded');
    }),
    remove_member: admin((ctx: DispatchContext, { who }: { who: unknown }) => {
      const account = ctx.lookup(who);
      const members = membersOf(ctx).get();
      const at = search(members, account);
      ctx.ensure(at >= 0, 'NotMember');
      members.splice(at, 1);
      store(ctx, members, [account]);
      rejigPrime(ctx, members);
      ctx.depositEvent('MemberRemoved');
    }),
    swap_member: admin((ctx: DispatchContext, { remove, add }: { remove: unknown; add: unknown }) => {
      const out = ctx.lookup(remove);
      const into = ctx.lookup(add);
      if (u8aEq(out, into)) return;
      rejigPrime(ctx, replaceMember(ctx, out, into));
      ctx.depositEvent('MembersSwapped');
    }),
    reset_members: admin((ctx: DispatchContext, { members }: { members: AccountId[] }) => {
      ctx.ensure(members.length <= COUNCIL_MAX_MEMBERS, 'TooManyMembers');
      const sorted = [...members].sort(u8aCmp);
      const old = membersOf(ctx).get();
      membersOf(ctx).set(sorted);
      setCouncilMembersSorted(ctx, sorted, old);
      rejigPrime(ctx, sorted);
      ctx.depositEvent('MembersReset');
    }),
    change_key: {
      weight: WEIGHT,
      dispatch: (ctx: DispatchContext, { new: target }: { new: unknown }) => {
        const out = ctx.ensureSigned();
        const into = ctx.lookup(target);
        if (!u8aEq(out, into)) {
          replaceMember(ctx, out, into);
          const prime = ctx.storage<AccountId | null>('Prime').get();
          if (prime !== null && u8aEq(prime, out)) ctx.storage('Prime').set(into);
        }
        ctx.depositEvent('KeyChanged');
      },
    },
    set_prime: admin((ctx: DispatchContext, { who }: { who: unknown }) => {
      const account = ctx.lookup(who);
      ctx.ensure(search(membersOf(ctx).get(), account) >= 0, 'NotMember');
      ctx.storage('Prime').set(account);
    }),
    clear_prime: admin((ctx: DispatchContext) => {
      ctx.storage('Prime').remove();
    }),
  },
  genesis: (ctx, config) => {
    // MembershipInitialized = Council: both lists start as the dev council, sorted.
    const members = [...config.council].sort(u8aCmp);
    membersOf(ctx).set(members);
    ctx.storage('Council', 'Members').set(members);
  },
});
