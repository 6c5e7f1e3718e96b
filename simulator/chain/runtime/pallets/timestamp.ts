// Timestamp (index 1, pallet_timestamp). `Now` is in milliseconds. shared/spec/tfchain.md §2.2.
import { constant, definePallet, plain } from '../pallet';
import { bool, compact, u64 } from '../types/dsl';

export const timestamp = definePallet({
  name: 'Timestamp',
  index: 1,
  crate: 'pallet_timestamp',
  storage: {
    Now: plain(u64),
    DidUpdate: plain(bool),
  },
  calls: {
    set: [0, { now: compact(u64) }],
  },
  constants: {
    MinimumPeriod: constant(u64, 3000),
  },
});
