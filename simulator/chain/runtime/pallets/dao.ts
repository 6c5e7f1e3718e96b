// Dao (index 43, pallet_dao): farmer-weighted governance proposals. tfchain.md §3.10.
import { definePallet, identity, map, plain } from '../pallet';
import { bool, box, bytes, compact, option, struct, u32, u64, vec } from '../types/dsl';
import { AccountId32, DispatchResult, H256, RuntimeCall } from '../types/substrate';

export const DaoProposal = struct('pallet_dao::proposal::DaoProposal', { index: u32, description: bytes, link: bytes });
export const VoteWeight = struct('pallet_dao::proposal::VoteWeight', { farm_id: u32, weight: u64 });
export const DaoVotes = struct('pallet_dao::proposal::DaoVotes', {
  index: u32,
  threshold: u32,
  ayes: vec(VoteWeight),
  nays: vec(VoteWeight),
  end: u32,
  vetos: vec(AccountId32),
}, { params: { BlockNumber: u32, AccountId: AccountId32 } });

const proposalHash = { proposal_hash: H256 };

export const dao = definePallet({
  name: 'Dao',
  index: 43,
  crate: 'pallet_dao',
  storage: {
    ProposalList: plain(vec(H256)),
    Proposals: map(identity(H256), DaoProposal, { optional: true }),
    ProposalOf: map(identity(H256), RuntimeCall, { optional: true }),
    Voting: map(identity(H256), DaoVotes, { optional: true }),
    ProposalCount: plain(u32),
    FarmWeight: map(identity(u32), u64),
  },
  calls: {
    propose: [0, {
      threshold: compact(u32), action: box(RuntimeCall), description: bytes, link: bytes, duration: option(u32),
    }],
    vote: [1, { farm_id: u32, ...proposalHash, approve: bool }],
    veto: [2, proposalHash],
    close: [3, { ...proposalHash, proposal_index: compact(u32) }],
  },
  events: {
    Voted: [0, { account: AccountId32, proposal_hash: H256, voted: bool, yes: u32, no: u32 }],
    Proposed: [1, { account: AccountId32, proposal_index: u32, proposal_hash: H256, threshold: u32 }],
    Approved: [2, proposalHash],
    Disapproved: [3, proposalHash],
    Executed: [4, { ...proposalHash, result: DispatchResult }],
    Closed: [5, { ...proposalHash, yes: u32, yes_weight: u64, no: u32, no_weight: u64 }],
    ClosedByCouncil: [6, { ...proposalHash, vetos: vec(AccountId32) }],
    CouncilMemberVeto: [7, { ...proposalHash, who: AccountId32 }],
  },
  errors: [
    'NoneValue', 'StorageOverflow', 'FarmNotExists', 'NotCouncilMember', 'WrongProposalLength', 'DuplicateProposal',
    'NotAuthorizedToVote', 'ProposalMissing', 'WrongIndex', 'DuplicateVote', 'DuplicateVeto', 'WrongProposalWeight',
    'TooEarly', 'TimeLimitReached', 'OngoingVoteAndTresholdStillNotMet', 'FarmHasNoNodes', 'InvalidProposalDuration',
    'ThresholdTooLow',
  ],
});
