// Council (index 40, pallet_collective::<Instance1>). The client's admin methods check `Members` and go through
// propose/vote/close. tfchain.md §3.8.
import { constant, definePallet, identity, map, plain } from '../pallet';
import { bool, box, boundedVec, compact, enumType, option, struct, u32, vec } from '../types/dsl';
import { AccountId32, DispatchResult, H256, RuntimeCall, Weight } from '../types/substrate';

/** `pallet_collective::RawOrigin<AccountId, I>`: the `Council` variant of OriginCaller. */
export const CollectiveRawOrigin = enumType('pallet_collective::RawOrigin', {
  Members: [0, u32, u32],
  Member: [1, AccountId32],
  _Phantom: 2,
}, { params: { AccountId: AccountId32, I: null } });

export const Votes = struct('pallet_collective::Votes', {
  index: u32,
  threshold: u32,
  ayes: vec(AccountId32),
  nays: vec(AccountId32),
  end: u32,
}, { params: { AccountId: AccountId32, BlockNumber: u32 } });

const proposalHash = { proposal_hash: H256 };

export const council = definePallet({
  name: 'Council',
  index: 40,
  crate: 'pallet_collective',
  instance: 'Instance1',
  storage: {
    Proposals: plain(boundedVec(H256)),
    ProposalOf: map(identity(H256), RuntimeCall, { optional: true }),
    Voting: map(identity(H256), Votes, { optional: true }),
    ProposalCount: plain(u32),
    Members: plain(vec(AccountId32)),
    Prime: plain(AccountId32, { optional: true }),
  },
  calls: {
    set_members: [0, { new_members: vec(AccountId32), prime: option(AccountId32), old_count: u32 }],
    execute: [1, { proposal: box(RuntimeCall), length_bound: compact(u32) }],
    propose: [2, { threshold: compact(u32), proposal: box(RuntimeCall), length_bound: compact(u32) }],
    vote: [3, { proposal: H256, index: compact(u32), approve: bool }],
    disapprove_proposal: [5, proposalHash],
    close: [6, { ...proposalHash, index: compact(u32), proposal_weight_bound: Weight, length_bound: compact(u32) }],
  },
  events: {
    Proposed: [0, { account: AccountId32, proposal_index: u32, proposal_hash: H256, threshold: u32 }],
    Voted: [1, { account: AccountId32, proposal_hash: H256, voted: bool, yes: u32, no: u32 }],
    Approved: [2, proposalHash],
    Disapproved: [3, proposalHash],
    Executed: [4, { ...proposalHash, result: DispatchResult }],
    MemberExecuted: [5, { ...proposalHash, result: DispatchResult }],
    Closed: [6, { ...proposalHash, yes: u32, no: u32 }],
  },
  errors: [
    'NotMember', 'DuplicateProposal', 'ProposalMissing', 'WrongIndex', 'DuplicateVote', 'AlreadyInitialized',
    'TooEarly', 'TooManyProposals', 'WrongProposalWeight', 'WrongProposalLength', 'PrimeAccountNotMember',
  ],
  constants: {
    MaxProposalWeight: constant(Weight, { ref_time: 1_000_000_000_000n, proof_size: 0x7fffffffffffffffn }),
  },
  origin: CollectiveRawOrigin,
});
