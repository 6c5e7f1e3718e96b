// RuntimeUpgrade (index 31, pallet_runtime_upgrade): council-gated set_code. tfchain.md §3.7.
import { definePallet } from '../pallet';
import { bytes } from '../types/dsl';

export const runtimeUpgrade = definePallet({
  name: 'RuntimeUpgrade',
  index: 31,
  crate: 'pallet_runtime_upgrade',
  calls: {
    set_code: [0, { code: bytes }],
  },
});
