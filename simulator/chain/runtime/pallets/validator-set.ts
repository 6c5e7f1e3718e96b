// ValidatorSet (index 10, substrate_validator_set). Privileged; unused by the clients. tfchain.md §2.5.
import { definePallet, plain } from '../pallet';
import { vec } from '../types/dsl';
import { AccountId32 } from '../types/substrate';

const validatorId = { validator_id: AccountId32 };

export const validatorSet = definePallet({
  name: 'ValidatorSet',
  index: 10,
  crate: 'substrate_validator_set',
  storage: {
    Validators: plain(vec(AccountId32)),
    ApprovedValidators: plain(vec(AccountId32)),
    OfflineValidators: plain(vec(AccountId32)),
  },
  calls: {
    add_validator: [0, validatorId],
    remove_validator: [1, validatorId],
    add_validator_again: [2, validatorId],
  },
  events: {
    ValidatorAdditionInitiated: [0, AccountId32],
    ValidatorRemovalInitiated: [1, AccountId32],
  },
  errors: ['TooLowValidatorCount', 'Duplicate', 'ValidatorNotApproved', 'BadOrigin'],
});
