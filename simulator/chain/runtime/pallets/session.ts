// Session (index 11, pallet_session). `Validators` is the set allowed to submit TFT prices. tfchain.md §2.6.
import { definePallet, map, plain, twox64Concat } from '../pallet';
import { bool, bytes, tuple, u32, vec } from '../types/dsl';
import { SessionKeys } from '../types/consensus';
import { AccountId32, KeyTypeId } from '../types/substrate';

export const session = definePallet({
  name: 'Session',
  index: 11,
  crate: 'pallet_session',
  storage: {
    Validators: plain(vec(AccountId32)),
    CurrentIndex: plain(u32),
    QueuedChanged: plain(bool),
    QueuedKeys: plain(vec(tuple(AccountId32, SessionKeys))),
    DisabledValidators: plain(vec(u32)),
    NextKeys: map(twox64Concat(AccountId32), SessionKeys, { optional: true }),
    KeyOwner: map(twox64Concat(tuple(KeyTypeId, bytes)), AccountId32, { optional: true }),
  },
  calls: {
    set_keys: [0, { keys: SessionKeys, proof: bytes }],
    purge_keys: 1,
  },
  events: {
    NewSession: [0, { session_index: u32 }],
  },
  errors: ['InvalidProof', 'NoAssociatedValidatorId', 'DuplicatedKey', 'NoKeys', 'NoAccount'],
});
