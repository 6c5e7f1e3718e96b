// ValidatorSet's genesis: the initial (and approved) validators.
import { definePalletImpl } from '../../core/dispatch/pallet-impl';
import { validatorSet } from './validator-set';

export const validatorSetImpl = definePalletImpl(validatorSet, {
  genesis: (ctx, config) => {
    const validators = config.authorities.map((a) => a.account);
    ctx.storage('Validators').set(validators);
    ctx.storage('ApprovedValidators').set(validators);
  },
});
