// Dao's behaviour (pallet_dao, tfchain.md §3.10; dao.rs of TFChain): council members propose a call, farmers vote
// with their farm's weight (Dao.FarmWeight, kept up to date by the node hooks below), three council vetos kill a
// proposal, and a council member closes it once enough farms voted or the time ran out. An approved proposal's call
// runs as Root. The weight of a farm is the sum over its nodes of `2·CU + SU` (tfchain_support Resources).
import { u8aEq } from '@polkadot/util';
import type { CallValue } from '../../core/codec';
import type { DispatchContext } from '../../core/dispatch/context';
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { ROOT, type AccountId, type PostDispatchInfo } from '../../core/dispatch/types';
import { dispatchResult, proposalHashOf } from './council.impl';
import { dao } from './dao';
import { getFarm, getTwin, type NodeValue, type ResourcesValue } from './tfgrid-support.impl';

/** `DaoMotionDuration`: 7 days of 6-second blocks. */
export const DAO_MOTION_DURATION = 100_800;
/** A proposal's own duration must stay under 30 days. */
export const DAO_MAX_DURATION = 30 * 14_400;
/** `MinVetos`. */
export const DAO_MIN_VETOS = 3;

export interface VoteWeightValue { farm_id: number; weight: bigint }
export interface DaoVotesValue {
  index: number;
  threshold: number;
  ayes: VoteWeightValue[];
  nays: VoteWeightValue[];
  end: number;
  vetos: AccountId[];
}

const GIGABYTE = 1024n ** 3n;
const THOUSAND = 1000n;

/** `Resources::calc_cu`: the smallest of the three limits, 0 on a tie (as the Rust comparison chain does). */
function calcCu(r: ResourcesValue): bigint {
  const cru = r.cru * 2n * GIGABYTE * THOUSAND;
  const mru = ((r.mru > 0n ? r.mru - 1n : 0n) * GIGABYTE * THOUSAND) / 4n;
  const sru = (r.sru * THOUSAND) / 50n;
  if (cru < mru && cru < sru) return cru;
  if (mru < cru && mru < sru) return mru;
  if (sru < cru && sru < mru) return sru;
  return 0n;
}

const U64 = (1n << 64n) - 1n;

/** `Resources::get_node_weight`: 2·CU + SU, in tfchain_support's integer arithmetic. */
export function nodeWeight(r: ResourcesValue): bigint {
  const cu = 2n * ((calcCu(r) & U64) / GIGABYTE / THOUSAND);
  const su = ((r.hru * THOUSAND) / 1200n + (r.sru * THOUSAND) / 250n) / GIGABYTE / THOUSAND;
  return cu * 2n + su;
}

const farmWeight = (ctx: DispatchContext) => ctx.forPallet('Dao').storage<bigint>('FarmWeight');
const sub = (a: bigint, b: bigint): bigint => (a >= b ? a - b : 0n);

/** `ChangeNode::node_changed` of the Dao: the node's weight moves with it (created: old is null). */
export function daoNodeChanged(ctx: DispatchContext, old: NodeValue | null, node: NodeValue): void {
  const weights = farmWeight(ctx);
  const added = nodeWeight(node.resources);
  if (old === null) {
    weights.set(node.farm_id, weights.get(node.farm_id) + added);
  } else if (old.farm_id !== node.farm_id) {
    weights.set(old.farm_id, sub(weights.get(old.farm_id), nodeWeight(old.resources)));
    weights.set(node.farm_id, weights.get(node.farm_id) + added);
  } else {
    weights.set(node.farm_id, sub(weights.get(node.farm_id), nodeWeight(old.resources)) + added);
  }
}

/** `ChangeNode::node_deleted` of the Dao. */
export function daoNodeDeleted(ctx: DispatchContext, node: NodeValue): void {
  const weights = farmWeight(ctx);
  weights.set(node.farm_id, sub(weights.get(node.farm_id), nodeWeight(node.resources)));
}

/** Council membership as the Dao checks it: CouncilMembership's list. */
function ensureCouncilMember(ctx: DispatchContext): AccountId {
  const who = ctx.ensureSigned();
  const members = ctx.storage<AccountId[]>('CouncilMembership', 'Members').get();
  ctx.ensure(members.some((m) => u8aEq(m, who)), 'NotCouncilMember');
  return who;
}

function isFarmOwner(ctx: DispatchContext, farmId: number, who: AccountId): boolean {
  const grid = ctx.forPallet('TfgridModule');
  const farm = getFarm(grid, farmId);
  const twin = farm ? getTwin(grid, farm.twin_id) : null;
  return twin !== null && u8aEq(twin.account_id, who);
}

function removeProposal(ctx: DispatchContext, hash: Uint8Array): void {
  ctx.storage('ProposalOf').remove(hash);
  ctx.storage('Voting').remove(hash);
  ctx.storage('Proposals').remove(hash);
  ctx.storage<Uint8Array[]>('ProposalList').mutate((list: Uint8Array[]) => list.filter((h) => !u8aEq(h, hash)));
}

function disapprove(ctx: DispatchContext, hash: Uint8Array): void {
  ctx.depositEvent('Disapproved', { proposal_hash: hash });
  removeProposal(ctx, hash);
}

/** The open motion of `hash` with the index its proposal record carries. */
function openVoting(ctx: DispatchContext, hash: Uint8Array): DaoVotesValue {
  const proposal = ctx.storage<{ index: number } | null>('Proposals').get(hash);
  ctx.ensure(proposal !== null, 'ProposalMissing');
  const voting = ctx.storage<DaoVotesValue | null>('Voting').get(hash);
  ctx.ensure(voting !== null, 'ProposalMissing');
  ctx.ensure(voting.index === proposal.index, 'WrongIndex');
  return voting;
}

interface ProposeArgs {
  threshold: number; action: CallValue; description: Uint8Array; link: Uint8Array; duration: number | null;
}

function propose(ctx: DispatchContext, { threshold, action, description, link, duration }: ProposeArgs): void {
  const who = ensureCouncilMember(ctx);
  const hash = proposalHashOf(ctx, action);
  ctx.ensure(!ctx.storage('ProposalOf').exists(hash), 'DuplicateProposal');
  if (duration !== null) ctx.ensure(duration < DAO_MAX_DURATION, 'InvalidProposalDuration');
  const end = ctx.blockNumber + (duration ?? DAO_MOTION_DURATION);
  const index = ctx.storage<number>('ProposalCount').get();
  ctx.storage('ProposalCount').set(index + 1);
  ctx.storage('ProposalOf').set(hash, action);
  ctx.storage('Proposals').set(hash, { index, description, link });
  const votes: DaoVotesValue = { index, threshold, ayes: [], nays: [], end, vetos: [] };
  ctx.storage('Voting').set(hash, votes);
  ctx.storage<Uint8Array[]>('ProposalList').mutate((list: Uint8Array[]) => [...list, hash]);
  ctx.depositEvent('Proposed', { account: who, proposal_index: index, proposal_hash: hash, threshold });
}

interface VoteArgs { farm_id: number; proposal_hash: Uint8Array; approve: boolean }

/** A farm's first vote on a proposal is free; changing it pays. */
function vote(ctx: DispatchContext, { farm_id, proposal_hash, approve }: VoteArgs): PostDispatchInfo {
  const who = ctx.ensureSigned();
  ctx.ensure(isFarmOwner(ctx, farm_id, who), 'NotAuthorizedToVote');
  const voting = openVoting(ctx, proposal_hash);
  ctx.ensure(ctx.blockNumber <= voting.end, 'TimeLimitReached');
  const inAyes = voting.ayes.some((v) => v.farm_id === farm_id);
  const inNays = voting.nays.some((v) => v.farm_id === farm_id);
  ctx.ensure(approve ? !inAyes : !inNays, 'DuplicateVote');
  const weight = farmWeight(ctx).get(farm_id);
  ctx.ensure(weight > 0n, 'FarmHasNoNodes');
  const entry = { farm_id, weight };
  if (approve) {
    voting.ayes.push(entry);
    voting.nays = voting.nays.filter((v) => v.farm_id !== farm_id);
  } else {
    voting.nays.push(entry);
    voting.ayes = voting.ayes.filter((v) => v.farm_id !== farm_id);
  }
  ctx.depositEvent('Voted', {
    account: who, proposal_hash, voted: approve, yes: voting.ayes.length, no: voting.nays.length,
  });
  ctx.storage('Voting').set(proposal_hash, voting);
  return { paysFee: inAyes || inNays ? 'Yes' : 'No' };
}

function veto(ctx: DispatchContext, { proposal_hash }: { proposal_hash: Uint8Array }): PostDispatchInfo {
  const who = ensureCouncilMember(ctx);
  const voting = openVoting(ctx, proposal_hash);
  ctx.ensure(!voting.vetos.some((v) => u8aEq(v, who)), 'DuplicateVeto');
  voting.vetos.push(who);
  ctx.depositEvent('CouncilMemberVeto', { proposal_hash, who });
  if (voting.vetos.length >= DAO_MIN_VETOS) {
    ctx.depositEvent('ClosedByCouncil', { proposal_hash, vetos: voting.vetos });
    disapprove(ctx, proposal_hash);
  } else {
    ctx.storage('Voting').set(proposal_hash, voting);
  }
  return { paysFee: 'No' };
}

const totalWeight = (votes: readonly VoteWeightValue[]): bigint => votes.reduce((s, v) => s + v.weight, 0n);

/** Closes once `threshold` farms voted or the end passed; approved when met and the ayes outweigh the nays. */
function close(ctx: DispatchContext, { proposal_hash, proposal_index }: { proposal_hash: Uint8Array; proposal_index: number }):
PostDispatchInfo {
  ensureCouncilMember(ctx);
  const voting = ctx.storage<DaoVotesValue | null>('Voting').get(proposal_hash);
  ctx.ensure(voting !== null, 'ProposalMissing');
  ctx.ensure(voting.index === proposal_index, 'WrongIndex');
  const yes = voting.ayes.length;
  const no = voting.nays.length;
  const thresholdMet = yes + no >= voting.threshold;
  ctx.ensure(thresholdMet || ctx.blockNumber >= voting.end, 'OngoingVoteAndTresholdStillNotMet');
  const yesWeight = totalWeight(voting.ayes);
  const noWeight = totalWeight(voting.nays);
  const closed = { proposal_hash, yes, yes_weight: yesWeight, no, no_weight: noWeight };
  if (thresholdMet && yesWeight > noWeight) {
    const action = ctx.storage<CallValue | null>('ProposalOf').get(proposal_hash);
    ctx.ensure(action !== null, 'ProposalMissing');
    ctx.depositEvent('Closed', closed);
    ctx.depositEvent('Approved', { proposal_hash });
    const outcome = ctx.dispatch(action, ROOT);
    ctx.depositEvent('Executed', { proposal_hash, result: dispatchResult(outcome) });
    removeProposal(ctx, proposal_hash);
  } else {
    ctx.depositEvent('Closed', closed);
    disapprove(ctx, proposal_hash);
  }
  return { paysFee: 'No' };
}

// pallet_dao's weights (TFChain weights.rs), rounded; every call is Operational.
const call = <A>(weight: number, dispatch: (ctx: DispatchContext, args: A) => void | PostDispatchInfo) =>
  ({ weight, class: 'Operational' as const, dispatch });

export const daoImpl = definePalletImpl(dao, {
  calls: {
    propose: call(60_000_000, propose),
    vote: call(50_000_000, vote),
    veto: call(40_000_000, veto),
    close: call(80_000_000, close),
  },
});
