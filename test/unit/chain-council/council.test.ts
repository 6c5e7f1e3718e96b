// Council motions (pallet_collective rules) and CouncilMembership, dispatched directly: who may propose and vote,
// thresholds, early and late closing, the Members(yes, seats) origin against TFChain's 3/5 admin check, membership
// changes reaching Council.Members and open votes.
import { u8aCmp } from '@polkadot/util';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROOT, type AccountId } from '../../../simulator/chain/core/dispatch/types';
import { originCallerOf, originFromCaller } from '../../../simulator/chain/core/dispatch/origins';
import { COUNCIL_MOTION_DURATION } from '../../../simulator/chain/runtime/pallets/council.impl';
import { okOf, ready, runtimeHarness, type RuntimeHarness } from './harness';

let key: (uri: string) => AccountId;
let alice: AccountId;
let bob: AccountId;
let charlie: AccountId;
let h: RuntimeHarness;

beforeAll(async () => {
  key = await ready();
  alice = key('//Alice');
  bob = key('//Bob');
  charlie = key('//Charlie');
});

beforeEach(() => {
  h = runtimeHarness();
});

const setPrice = (price: number) => ({ TfgridModule: { set_connection_price: { price } } });
const WEIGHT_BOUND = { ref_time: 10_000_000_000n, proof_size: 1_000_000n };

function propose(who: AccountId, threshold: number, price = 123) {
  const r = h.call(who, 'Council', 'propose', { threshold, proposal: setPrice(price), length_bound: 1000 });
  expect(okOf(r)).toBe('ok');
  const proposed = r.events.find((e) => e.name === 'Proposed');
  const data = proposed?.data as { proposal_hash: Uint8Array; proposal_index: number } | undefined;
  return { r, hash: data?.proposal_hash, index: data?.proposal_index };
}

const vote = (who: AccountId, hash: Uint8Array, index: number, approve: boolean) =>
  h.call(who, 'Council', 'vote', { proposal: hash, index, approve });
const close = (who: AccountId, hash: Uint8Array, index: number, bound = WEIGHT_BOUND, length_bound = 1000) =>
  h.call(who, 'Council', 'close', { proposal_hash: hash, index, proposal_weight_bound: bound, length_bound });
const names = (events: { pallet: string; name: string }[]) => events.map((e) => `${e.pallet}.${e.name}`);

describe('Council motions', () => {
  it('stores a proposal with its hash, index and end, and executes it when both members vote aye', () => {
    const { hash, index } = propose(alice, 2);
    expect(index).toBe(0);
    expect(h.read('Council', 'Proposals')).toEqual([hash]);
    expect(h.read('Council', 'ProposalCount')).toBe(1);
    expect(h.read('Council', 'ProposalOf', hash)).toEqual(setPrice(123));
    expect(h.read('Council', 'Voting', hash)).toEqual({ index: 0, threshold: 2, ayes: [], nays: [], end: 1 + COUNCIL_MOTION_DURATION });

    const first = vote(alice, hash!, 0, true);
    expect(first.post.paysFee).toBe('No');
    expect(first.events[0]!.data).toMatchObject({ voted: true, yes: 1, no: 0 });
    expect(okOf(vote(bob, hash!, 0, true))).toBe('ok');
    const closed = close(charlie, hash!, 0);
    expect(okOf(closed)).toBe('ok');
    expect(names(closed.events)).toEqual(['Council.Closed', 'Council.Approved', 'TfgridModule.ConnectionPriceSet', 'Council.Executed']);
    expect(closed.events.at(-1)!.data).toMatchObject({ result: { Ok: null } });
    expect(h.read('TfgridModule', 'ConnectionPrice')).toBe(123);
    expect(h.read('Council', 'Proposals')).toEqual([]);
    expect(h.read('Council', 'Voting', hash)).toBeNull();
    expect(h.read('Council', 'ProposalOf', hash)).toBeNull();
  });

  it('executes at once with Members(1, seats) under threshold 2, which fails the 3/5 admin check', () => {
    const r = h.call(alice, 'Council', 'propose', { threshold: 1, proposal: setPrice(99), length_bound: 1000 });
    expect(okOf(r)).toBe('ok');
    expect(names(r.events)).toEqual(['Council.Executed']);
    expect(r.events[0]!.data).toMatchObject({ result: { Err: 'BadOrigin' } });
    expect(h.read('TfgridModule', 'ConnectionPrice')).toBe(80);
    expect(h.read('Council', 'ProposalCount')).toBe(0);
  });

  it('gives an approved motion with 1 of 2 ayes an origin the admin call refuses (BadOrigin in Executed)', () => {
    const { hash } = propose(alice, 1 + 1);
    // Threshold 2 with one aye and the prime-less default (abstentions are nays) after the end: disapproved.
    expect(okOf(vote(alice, hash!, 0, true))).toBe('ok');
    expect(close(bob, hash!, 0).error).toEqual(h.error('Council', 'TooEarly'));
    h.atBlock(1 + COUNCIL_MOTION_DURATION);
    const closed = close(bob, hash!, 0);
    expect(names(closed.events)).toEqual(['Council.Closed', 'Council.Disapproved']);
    expect(closed.events[0]!.data).toMatchObject({ yes: 1, no: 1 });
    expect(closed.post.paysFee).toBe('No');
  });

  it('lets the prime\'s aye carry the abstentions after the end', () => {
    expect(okOf(h.call(ROOT, 'Council', 'set_members', { new_members: [alice, bob, charlie], prime: alice, old_count: 2 }))).toBe('ok');
    const { hash } = propose(bob, 3);
    expect(okOf(vote(alice, hash!, 0, true))).toBe('ok');
    expect(close(bob, hash!, 0).error).toEqual(h.error('Council', 'TooEarly'));
    h.atBlock(2 + COUNCIL_MOTION_DURATION);
    const closed = close(bob, hash!, 0);
    expect(names(closed.events)).toContain('Council.Executed');
    expect(closed.events[0]!.data).toMatchObject({ yes: 3, no: 0 });
    expect(h.read('TfgridModule', 'ConnectionPrice')).toBe(123);
  });

  it('closes early as disapproved once the nays make the threshold unreachable', () => {
    const { hash } = propose(alice, 2);
    expect(okOf(vote(bob, hash!, 0, false))).toBe('ok');
    const closed = close(alice, hash!, 0);
    expect(names(closed.events)).toEqual(['Council.Closed', 'Council.Disapproved']);
  });

  it('refuses non-members, wrong indices, duplicate votes and proposals, and missing motions', () => {
    expect(h.call(charlie, 'Council', 'propose', { threshold: 2, proposal: setPrice(1), length_bound: 1000 }).error)
      .toEqual(h.error('Council', 'NotMember'));
    const { hash } = propose(alice, 2);
    expect(h.call(alice, 'Council', 'propose', { threshold: 2, proposal: setPrice(123), length_bound: 1000 }).error)
      .toEqual(h.error('Council', 'DuplicateProposal'));
    expect(vote(charlie, hash!, 0, true).error).toEqual(h.error('Council', 'NotMember'));
    expect(vote(alice, hash!, 7, true).error).toEqual(h.error('Council', 'WrongIndex'));
    expect(okOf(vote(alice, hash!, 0, true))).toBe('ok');
    expect(vote(alice, hash!, 0, true).error).toEqual(h.error('Council', 'DuplicateVote'));
    const changed = vote(alice, hash!, 0, false);
    expect(changed.post.paysFee).toBe('Yes');
    expect(changed.events[0]!.data).toMatchObject({ yes: 0, no: 1 });
    expect(vote(alice, new Uint8Array(32), 0, true).error).toEqual(h.error('Council', 'ProposalMissing'));
    expect(close(alice, new Uint8Array(32), 0).error).toEqual(h.error('Council', 'ProposalMissing'));
    expect(h.call(alice, 'Council', 'propose', { threshold: 2, proposal: setPrice(5), length_bound: 3 }).error)
      .toEqual(h.error('Council', 'WrongProposalLength'));
  });

  it('checks the caller\'s length and weight bounds when closing an approved motion', () => {
    const { hash } = propose(alice, 2);
    vote(alice, hash!, 0, true);
    vote(bob, hash!, 0, true);
    expect(close(alice, hash!, 0, WEIGHT_BOUND, 2).error).toEqual(h.error('Council', 'WrongProposalLength'));
    expect(close(alice, hash!, 0, { ref_time: 1n, proof_size: 1n }).error).toEqual(h.error('Council', 'WrongProposalWeight'));
    expect(okOf(close(alice, hash!, 0))).toBe('ok');
  });

  it('lets Root disapprove a motion and set the members; others get BadOrigin', () => {
    const { hash } = propose(alice, 2);
    expect(h.call(alice, 'Council', 'disapprove_proposal', { proposal_hash: hash }).error).toBe('BadOrigin');
    const r = h.call(ROOT, 'Council', 'disapprove_proposal', { proposal_hash: hash });
    expect(names(r.events)).toEqual(['Council.Disapproved']);
    expect(h.read('Council', 'Proposals')).toEqual([]);
    expect(h.call(ROOT, 'Council', 'set_members', { new_members: [bob], prime: alice, old_count: 2 }).error)
      .toEqual(h.error('Council', 'PrimeAccountNotMember'));
    expect(h.call(alice, 'Council', 'set_members', { new_members: [bob], prime: null, old_count: 2 }).error).toBe('BadOrigin');
  });

  it('runs a member\'s execute with Member(who), which admin calls refuse', () => {
    const r = h.call(alice, 'Council', 'execute', { proposal: setPrice(7), length_bound: 1000 });
    expect(names(r.events)).toEqual(['Council.MemberExecuted']);
    expect(r.events[0]!.data).toMatchObject({ result: { Err: 'BadOrigin' } });
  });
});

describe('Council origins as OriginCaller values', () => {
  it('round-trip through the runtime codec and reach admin calls through Utility.dispatch_as', () => {
    for (const origin of [{ kind: 'council', yes: 2, total: 3 }, { kind: 'councilMember', who: alice }, ROOT] as const) {
      const call = { Utility: { dispatch_as: { as_origin: originCallerOf(origin), call: setPrice(5) } } };
      const decoded = h.codec.decodeCall(h.codec.encodeCall(call)) as { Utility: { dispatch_as: { as_origin: unknown } } };
      expect(originFromCaller(decoded.Utility.dispatch_as.as_origin)).toEqual(origin);
    }
    const refused = h.call(ROOT, 'Utility', 'dispatch_as', { as_origin: originCallerOf({ kind: 'council', yes: 1, total: 2 }), call: setPrice(5) });
    expect(refused.events.at(-1)!.data).toEqual({ result: { Err: 'BadOrigin' } });
    const allowed = h.call(ROOT, 'Utility', 'dispatch_as', { as_origin: { Council: { Members: [2, 2] } }, call: setPrice(5) });
    expect(allowed.events.at(-1)!.data).toEqual({ result: { Ok: null } });
    expect(h.read('TfgridModule', 'ConnectionPrice')).toBe(5);
  });
});

describe('CouncilMembership', () => {
  const id = (who: AccountId) => ({ Id: who });
  const sorted = (...a: AccountId[]) => [...a].sort(u8aCmp);

  it('adds, swaps and removes members through Root, keeping Council.Members sorted and in sync', () => {
    expect(h.call(alice, 'CouncilMembership', 'add_member', { who: id(charlie) }).error).toBe('BadOrigin');
    expect(okOf(h.call(ROOT, 'CouncilMembership', 'add_member', { who: id(charlie) }))).toBe('ok');
    expect(h.read('CouncilMembership', 'Members')).toEqual(sorted(alice, bob, charlie));
    expect(h.read('Council', 'Members')).toEqual(sorted(alice, bob, charlie));
    expect(h.call(ROOT, 'CouncilMembership', 'add_member', { who: id(charlie) }).error)
      .toEqual(h.error('CouncilMembership', 'AlreadyMember'));
    const dave = key('//Dave');
    expect(okOf(h.call(ROOT, 'CouncilMembership', 'swap_member', { remove: id(charlie), add: id(dave) }))).toBe('ok');
    expect(h.read('Council', 'Members')).toEqual(sorted(alice, bob, dave));
    expect(okOf(h.call(ROOT, 'CouncilMembership', 'remove_member', { who: id(dave) }))).toBe('ok');
    expect(h.read('Council', 'Members')).toEqual(sorted(alice, bob));
    expect(h.call(ROOT, 'CouncilMembership', 'remove_member', { who: id(dave) }).error)
      .toEqual(h.error('CouncilMembership', 'NotMember'));
  });

  it('accepts a 3/5 council motion as the admin origin, and drops an outgoing member\'s open votes', () => {
    const { hash } = propose(alice, 2);
    vote(bob, hash!, 0, true);
    expect(okOf(h.call({ kind: 'council', yes: 2, total: 2 }, 'CouncilMembership', 'remove_member', { who: id(bob) }))).toBe('ok');
    expect(h.read('Council', 'Voting', hash)).toMatchObject({ ayes: [] });
    expect(h.call({ kind: 'council', yes: 1, total: 2 }, 'CouncilMembership', 'add_member', { who: id(bob) }).error).toBe('BadOrigin');
  });

  it('changes a member\'s own key, moves the prime with it, and resets the whole list', () => {
    expect(okOf(h.call(ROOT, 'CouncilMembership', 'set_prime', { who: id(alice) }))).toBe('ok');
    expect(h.call(ROOT, 'CouncilMembership', 'set_prime', { who: id(charlie) }).error).toEqual(h.error('CouncilMembership', 'NotMember'));
    const r = h.call(alice, 'CouncilMembership', 'change_key', { new: id(charlie) });
    expect(names(r.events)).toEqual(['CouncilMembership.KeyChanged']);
    expect(h.read('Council', 'Members')).toEqual(sorted(bob, charlie));
    expect(h.read('CouncilMembership', 'Prime')).toEqual(charlie);
    expect(okOf(h.call(ROOT, 'CouncilMembership', 'reset_members', { members: [alice] }))).toBe('ok');
    expect(h.read('Council', 'Members')).toEqual([alice]);
    expect(h.read('CouncilMembership', 'Prime')).toBeNull();
    expect(okOf(h.call(ROOT, 'CouncilMembership', 'clear_prime'))).toBe('ok');
  });
});
