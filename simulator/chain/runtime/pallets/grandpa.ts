// Grandpa (index 13, pallet_grandpa). tfchain.md §2.8.
import { constant, definePallet, map, plain, twox64Concat } from '../pallet';
import { box, enumType, option, struct, tuple, u32, u64, vec, weakBoundedVec } from '../types/dsl';
import { GrandpaEquivocationProof, GrandpaId } from '../types/consensus';
import { Void } from '../types/substrate';

const AuthorityList = vec(tuple(GrandpaId, u64));

export const StoredState = enumType('pallet_grandpa::StoredState', {
  Live: 0,
  PendingPause: [1, { scheduled_at: u32, delay: u32 }],
  Paused: 2,
  PendingResume: [3, { scheduled_at: u32, delay: u32 }],
}, { params: { N: u32 } });

export const StoredPendingChange = struct('pallet_grandpa::StoredPendingChange', {
  scheduled_at: u32,
  delay: u32,
  next_authorities: weakBoundedVec(tuple(GrandpaId, u64)),
  forced: option(u32),
}, { params: { N: u32, Limit: null } });

// TFChain sets `KeyOwnerProof = Void`: equivocation reports cannot be made.
const equivocationArgs = { equivocation_proof: box(GrandpaEquivocationProof), key_owner_proof: Void };

export const grandpa = definePallet({
  name: 'Grandpa',
  index: 13,
  crate: 'pallet_grandpa',
  storage: {
    State: plain(StoredState),
    PendingChange: plain(StoredPendingChange, { optional: true }),
    NextForced: plain(u32, { optional: true }),
    Stalled: plain(tuple(u32, u32), { optional: true }),
    CurrentSetId: plain(u64),
    SetIdSession: map(twox64Concat(u64), u32, { optional: true }),
  },
  calls: {
    report_equivocation: [0, equivocationArgs],
    report_equivocation_unsigned: [1, equivocationArgs],
    note_stalled: [2, { delay: u32, best_finalized_block_number: u32 }],
  },
  events: {
    NewAuthorities: [0, { authority_set: AuthorityList }],
    Paused: 1,
    Resumed: 2,
  },
  errors: [
    'PauseFailed', 'ResumeFailed', 'ChangePending', 'TooSoon', 'InvalidKeyOwnershipProof', 'InvalidEquivocationProof',
    'DuplicateOffenceReport',
  ],
  constants: {
    MaxAuthorities: constant(u32, 100),
    MaxNominators: constant(u32, 0),
    MaxSetIdSessionEntries: constant(u64, 0),
  },
});
