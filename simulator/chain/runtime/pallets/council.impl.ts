// Council's behaviour (pallet_collective::<Instance1>, polkadot v1.0, as TFChain configures it: tfchain.md §3.8,
// §1.5-§1.6). Motions: `propose` stores a call under its blake2-256 hash (or runs it at once when the threshold is
// below 2), members `vote`, anyone `close`s; an approved motion dispatches its call with the collective origin
// `Members(yes, seats)`, which TFChain's admin calls accept from 3/5 of the seats (EnsureRootOrCouncilApproval).
// Membership comes from CouncilMembership (`changeCouncilMembers`), or from Root's `set_members`.
import { u8aCmp, u8aEq } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { CallValue } from '../../core/codec';
import type { DispatchContext } from '../../core/dispatch/context';
import { callInfo, type DispatchOutcome } from '../../core/dispatch/dispatcher';
import { definePalletImpl, type WeightContext } from '../../core/dispatch/pallet-impl';
import { addWeight, type AccountId, type PostDispatchInfo, type Weight } from '../../core/dispatch/types';
import { council } from './council';

/** `CouncilMotionDuration`: 2 hours of 6-second blocks. */
export const COUNCIL_MOTION_DURATION = 1200;
/** `CouncilMaxProposals` and `CouncilMaxMembers`. */
export const COUNCIL_MAX_PROPOSALS = 100;
export const COUNCIL_MAX_MEMBERS = 100;
/** The `MaxProposalWeight` constant: half the block's ref_time; proof size unbounded in practice. */
export const MAX_PROPOSAL_WEIGHT: Weight = { refTime: 1_000_000_000_000, proofSize: Number.MAX_SAFE_INTEGER };

export interface VotesValue {
  index: number;
  threshold: number;
  ayes: AccountId[];
  nays: AccountId[];
  end: number;
}

export type DispatchResultValue = { Ok: null } | { Err: unknown };
export const dispatchResult = (o: DispatchOutcome): DispatchResultValue => (o.ok ? { Ok: null } : { Err: o.error });

// pallet_collective's benchmarked weights (polkadot v1.0 SubstrateWeight) at TFChain's bounds, rounded: the exact
// values only move fees by fractions of a milli-TFT.
const W = {
  setMembers: 60_000_000, execute: 15_000_000, proposeExecute: 18_000_000, proposeProposed: 45_000_000,
  vote: 30_000_000, close: 50_000_000, disapprove: 25_000_000,
};
const ref = (refTime: number): Weight => ({ refTime, proofSize: 0 });

const contains = (list: readonly AccountId[], who: AccountId): boolean => list.some((a) => u8aEq(a, who));
const without = (list: readonly AccountId[], gone: readonly AccountId[]): AccountId[] =>
  list.filter((a) => !contains(gone, a));
const allLte = (a: Weight, b: Weight): boolean => a.refTime <= b.refTime && a.proofSize <= b.proofSize;

/** `T::Hashing::hash_of(&proposal)`: blake2-256 of the SCALE call. */
export const proposalHashOf = (ctx: DispatchContext, call: CallValue): Uint8Array =>
  blake2AsU8a(ctx.codec.encodeCall(call), 256);

const members = (ctx: DispatchContext): AccountId[] => ctx.storage<AccountId[]>('Council', 'Members').get();

function ensureMember(ctx: DispatchContext): AccountId {
  const who = ctx.ensureSigned();
  ctx.ensure(contains(members(ctx), who), 'NotMember');
  return who;
}

/**
 * `ChangeMembers::change_members_sorted` of the collective: votes of outgoing members leave every open motion, the
 * new sorted list replaces Members, and the prime is cleared (the membership pallet sets it again if it keeps one).
 */
export function changeCouncilMembers(anyCtx: DispatchContext, outgoing: readonly AccountId[], sortedNew: AccountId[]): void {
  const ctx = anyCtx.forPallet('Council');
  if (sortedNew.length > COUNCIL_MAX_MEMBERS) {
    ctx.env.log.error('Council: new members exceed MaxMembers', { count: sortedNew.length });
  }
  if (outgoing.length > 0) {
    const voting = ctx.storage<VotesValue | null>('Voting');
    for (const hash of ctx.storage<Uint8Array[]>('Proposals').get()) {
      voting.mutate(hash, (v: VotesValue | null) => v && { ...v, ayes: without(v.ayes, outgoing), nays: without(v.nays, outgoing) });
    }
  }
  ctx.storage('Members').set(sortedNew);
  ctx.storage('Prime').remove();
}

/** `set_members_sorted`: the outgoing set is what the old list has and the new one lacks. */
export function setCouncilMembersSorted(ctx: DispatchContext, sortedNew: AccountId[], old: readonly AccountId[]): void {
  changeCouncilMembers(ctx, old.filter((a) => !contains(sortedNew, a)), sortedNew);
}

function removeProposal(ctx: DispatchContext, hash: Uint8Array): void {
  ctx.storage('ProposalOf').remove(hash);
  ctx.storage('Voting').remove(hash);
  ctx.storage<Uint8Array[]>('Proposals').mutate((list: Uint8Array[]) => list.filter((h) => !u8aEq(h, hash)));
}

function disapprove(ctx: DispatchContext, hash: Uint8Array): void {
  ctx.depositEvent('Disapproved', { proposal_hash: hash });
  removeProposal(ctx, hash);
}

/** The motion passed: Approved, its call dispatched as `Members(yes, seats)`, Executed with the call's result. */
function approve(ctx: DispatchContext, hash: Uint8Array, call: CallValue, yes: number, seats: number, w: Weight): Weight {
  ctx.depositEvent('Approved', { proposal_hash: hash });
  const outcome = ctx.dispatch(call, { kind: 'council', yes, total: seats });
  ctx.depositEvent('Executed', { proposal_hash: hash, result: dispatchResult(outcome) });
  removeProposal(ctx, hash);
  return outcome.post.actualWeight ?? w;
}

interface CloseArgs {
  proposal_hash: Uint8Array;
  index: number;
  proposal_weight_bound: { ref_time: bigint; proof_size: bigint };
  length_bound: number;
}

const boundOf = (b: CloseArgs['proposal_weight_bound']): Weight =>
  ({ refTime: Number(b.ref_time), proofSize: Number(b.proof_size) });

/** `validate_and_get_proposal`: the stored call within the caller's length and weight bounds. */
function boundedProposal(ctx: DispatchContext, a: CloseArgs, w: WeightContext): { call: CallValue; weight: Weight } {
  const call = ctx.storage<CallValue | null>('ProposalOf').get(a.proposal_hash);
  ctx.ensure(call !== null, 'ProposalMissing');
  ctx.ensure(ctx.codec.encodeCall(call).length <= a.length_bound, 'WrongProposalLength');
  const weight = w.infoOf(call).weight;
  ctx.ensure(allLte(weight, boundOf(a.proposal_weight_bound)), 'WrongProposalWeight');
  return { call, weight };
}

/** `do_close`: decided motions close at any time; undecided ones after `end`, abstentions counted by the prime. */
function close(ctx: DispatchContext, a: CloseArgs, w: WeightContext): PostDispatchInfo {
  ctx.ensureSigned();
  const voting = ctx.storage<VotesValue | null>('Voting').get(a.proposal_hash);
  ctx.ensure(voting !== null, 'ProposalMissing');
  ctx.ensure(voting.index === a.index, 'WrongIndex');
  let yes = voting.ayes.length;
  let no = voting.nays.length;
  const seats = members(ctx).length;
  const closeAs = (approved: boolean): PostDispatchInfo => {
    if (approved) {
      const { call, weight } = boundedProposal(ctx, a, w);
      ctx.depositEvent('Closed', { proposal_hash: a.proposal_hash, yes, no });
      const used = approve(ctx, a.proposal_hash, call, yes, seats, weight);
      return { actualWeight: addWeight(ref(W.close), used), paysFee: 'Yes' };
    }
    ctx.depositEvent('Closed', { proposal_hash: a.proposal_hash, yes, no });
    disapprove(ctx, a.proposal_hash);
    return { actualWeight: ref(W.close), paysFee: 'No' };
  };
  if (yes >= voting.threshold) return closeAs(true);
  if (Math.max(0, seats - no) < voting.threshold) return closeAs(false);
  ctx.ensure(ctx.blockNumber >= voting.end, 'TooEarly');
  // PrimeDefaultVote: abstentions follow the prime's vote, and count as nays without a prime.
  const prime = ctx.storage<AccountId | null>('Prime').get();
  const abstentions = Math.max(0, seats - (yes + no));
  if (prime !== null && contains(voting.ayes, prime)) yes += abstentions;
  else no += abstentions;
  return closeAs(yes >= voting.threshold);
}

interface ProposeArgs { threshold: number; proposal: CallValue; length_bound: number }

function propose(ctx: DispatchContext, { threshold, proposal, length_bound }: ProposeArgs, w: WeightContext): PostDispatchInfo {
  const who = ensureMember(ctx);
  ctx.ensure(ctx.codec.encodeCall(proposal).length <= length_bound, 'WrongProposalLength');
  const hash = proposalHashOf(ctx, proposal);
  ctx.ensure(!ctx.storage('ProposalOf').exists(hash), 'DuplicateProposal');
  if (threshold < 2) {
    const outcome = ctx.dispatch(proposal, { kind: 'council', yes: 1, total: members(ctx).length });
    ctx.depositEvent('Executed', { proposal_hash: hash, result: dispatchResult(outcome) });
    return { actualWeight: addWeight(ref(W.proposeExecute), outcome.post.actualWeight ?? w.infoOf(proposal).weight) };
  }
  ctx.ensure(allLte(w.infoOf(proposal).weight, MAX_PROPOSAL_WEIGHT), 'WrongProposalWeight');
  const proposals = ctx.storage<Uint8Array[]>('Proposals');
  const open = proposals.get();
  ctx.ensure(open.length < COUNCIL_MAX_PROPOSALS, 'TooManyProposals');
  proposals.set([...open, hash]);
  const index = ctx.storage<number>('ProposalCount').get();
  ctx.storage('ProposalCount').set(index + 1);
  ctx.storage('ProposalOf').set(hash, proposal);
  const votes: VotesValue = { index, threshold, ayes: [], nays: [], end: ctx.blockNumber + COUNCIL_MOTION_DURATION };
  ctx.storage('Voting').set(hash, votes);
  ctx.depositEvent('Proposed', { account: who, proposal_index: index, proposal_hash: hash, threshold });
  return {};
}

interface VoteArgs { proposal: Uint8Array; index: number; approve: boolean }

/** A member's first vote on a motion is free; changing it pays. */
function vote(ctx: DispatchContext, { proposal, index, approve: aye }: VoteArgs): PostDispatchInfo {
  const who = ensureMember(ctx);
  const voting = ctx.storage<VotesValue | null>('Voting').get(proposal);
  ctx.ensure(voting !== null, 'ProposalMissing');
  ctx.ensure(voting.index === index, 'WrongIndex');
  const inAyes = contains(voting.ayes, who);
  const inNays = contains(voting.nays, who);
  ctx.ensure(aye ? !inAyes : !inNays, 'DuplicateVote');
  if (aye) {
    voting.ayes.push(who);
    voting.nays = without(voting.nays, [who]);
  } else {
    voting.nays.push(who);
    voting.ayes = without(voting.ayes, [who]);
  }
  ctx.depositEvent('Voted', {
    account: who, proposal_hash: proposal, voted: aye, yes: voting.ayes.length, no: voting.nays.length,
  });
  ctx.storage('Voting').set(proposal, voting);
  return { paysFee: inAyes || inNays ? 'Yes' : 'No' };
}

export const councilImpl = definePalletImpl(council, {
  calls: {
    set_members: {
      weight: W.setMembers,
      class: 'Operational',
      dispatch: (ctx: DispatchContext, { new_members, prime, old_count }: { new_members: AccountId[]; prime: AccountId | null; old_count: number }) => {
        ctx.ensureRoot();
        const old = members(ctx);
        if (old.length > old_count) ctx.env.log.warn('Council.set_members: wrong old_count', { old: old.length, old_count });
        if (prime !== null) ctx.ensure(contains(new_members, prime), 'PrimeAccountNotMember');
        setCouncilMembersSorted(ctx, [...new_members].sort(u8aCmp), old);
        if (prime === null) ctx.storage('Prime').remove();
        else ctx.storage('Prime').set(prime);
      },
    },
    execute: {
      weight: ({ proposal }: { proposal: CallValue }, w) => addWeight(ref(W.execute), w.infoOf(proposal).weight),
      class: 'Operational',
      dispatch: (ctx: DispatchContext, { proposal, length_bound }: { proposal: CallValue; length_bound: number }) => {
        const who = ensureMember(ctx);
        ctx.ensure(ctx.codec.encodeCall(proposal).length <= length_bound, 'WrongProposalLength');
        const outcome = ctx.dispatch(proposal, { kind: 'councilMember', who });
        ctx.depositEvent('MemberExecuted', { proposal_hash: proposalHashOf(ctx, proposal), result: dispatchResult(outcome) });
      },
    },
    propose: {
      weight: ({ threshold, proposal }: ProposeArgs, w) =>
        (threshold < 2 ? addWeight(ref(W.proposeExecute), w.infoOf(proposal).weight) : ref(W.proposeProposed)),
      class: 'Operational',
      dispatch: (ctx: DispatchContext, args: ProposeArgs) => propose(ctx, args, weightContextOf(ctx)),
    },
    vote: { weight: W.vote, class: 'Operational', dispatch: vote },
    disapprove_proposal: {
      weight: W.disapprove,
      class: 'Operational',
      dispatch: (ctx: DispatchContext, { proposal_hash }: { proposal_hash: Uint8Array }) => {
        ctx.ensureRoot();
        disapprove(ctx, proposal_hash);
      },
    },
    close: {
      // The caller's bound is charged up front and refunded down to what the proposal used.
      weight: (a: CloseArgs) => addWeight(ref(W.close), boundOf(a.proposal_weight_bound)),
      class: 'Operational',
      dispatch: (ctx: DispatchContext, args: CloseArgs) => close(ctx, args, weightContextOf(ctx)),
    },
  },
});

/** Nested calls' declared weights, as the dispatcher computes them (`GetDispatchInfo`). */
function weightContextOf(ctx: DispatchContext): WeightContext {
  return { infoOf: (call) => callInfo(ctx.env, call) };
}
