// Authorship (index 15, pallet_authorship): the current block's author. tfchain.md §2.10.
import { definePallet, plain } from '../pallet';
import { AccountId32 } from '../types/substrate';

export const authorship = definePallet({
  name: 'Authorship',
  index: 15,
  crate: 'pallet_authorship',
  storage: {
    Author: plain(AccountId32, { optional: true }),
  },
});
