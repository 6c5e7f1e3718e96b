// Validator (index 50, pallet_validator): validator onboarding requests; unused by the clients. tfchain.md §3.11.
import { definePallet, map, twox64Concat } from '../pallet';
import { bytes, enumType, struct } from '../types/dsl';
import { AccountId32, MultiAddress } from '../types/substrate';

const ValidatorRequestState = enumType('pallet_validator::types::ValidatorRequestState', {
  Created: 0, Approved: 1, Validating: 2,
});

export const Validator = struct('pallet_validator::types::Validator', {
  validator_node_account: AccountId32,
  stash_account: AccountId32,
  description: bytes,
  tf_connect_id: bytes,
  info: bytes,
  state: ValidatorRequestState,
}, { params: { AccountId: AccountId32 } });

export const validator = definePallet({
  name: 'Validator',
  index: 50,
  crate: 'pallet_validator',
  storage: {
    Validator: map(twox64Concat(AccountId32), Validator, { optional: true }),
    Bonded: map(twox64Concat(AccountId32), AccountId32, { optional: true }),
  },
  calls: {
    create_validator_request: [0, {
      validator_node_account: AccountId32, stash_account: AccountId32, description: bytes, tf_connect_id: bytes,
      info: bytes,
    }],
    activate_validator_node: 1,
    change_validator_node_account: [2, { new_node_validator_account: AccountId32 }],
    bond: [3, { validator: MultiAddress }],
    approve_validator: [4, { validator_account: MultiAddress }],
    remove_validator: [5, { validator_account: MultiAddress }],
  },
  events: {
    Bonded: [0, AccountId32],
    ValidatorRequestCreated: [1, AccountId32, Validator],
    ValidatorRequestApproved: [2, Validator],
    ValidatorActivated: [3, Validator],
    ValidatorRemoved: [4, Validator],
    NodeValidatorChanged: [5, AccountId32],
    NodeValidatorRemoved: [6, AccountId32],
  },
  errors: [
    'BadOrigin', 'NotCouncilMember', 'AlreadyBonded', 'StashNotBonded', 'StashBondedWithWrongValidator',
    'CannotBondWithSameAccount', 'DuplicateValidator', 'ValidatorNotFound', 'ValidatorNotApproved',
    'UnauthorizedToActivateValidator', 'ValidatorValidatingAlready', 'ValidatorNotValidating',
  ],
});
