// Utility (index 3, pallet_utility): batch, batch_all, force_batch. Its calls contain RuntimeCall, which makes
// the call type recursive (chain-rpc-notes trap 9); the metadata builder reserves the id before filling it.
import { constant, definePallet } from '../pallet';
import { box, u16, u32, vec } from '../types/dsl';
import { DispatchError, DispatchResult, OriginCaller, RuntimeCall, Weight } from '../types/substrate';

export const utility = definePallet({
  name: 'Utility',
  index: 3,
  crate: 'pallet_utility',
  calls: {
    batch: [0, { calls: vec(RuntimeCall) }],
    as_derivative: [1, { index: u16, call: box(RuntimeCall) }],
    batch_all: [2, { calls: vec(RuntimeCall) }],
    dispatch_as: [3, { as_origin: box(OriginCaller), call: box(RuntimeCall) }],
    force_batch: [4, { calls: vec(RuntimeCall) }],
    with_weight: [5, { call: box(RuntimeCall), weight: Weight }],
  },
  events: {
    BatchInterrupted: [0, { index: u32, error: DispatchError }],
    BatchCompleted: 1,
    BatchCompletedWithErrors: 2,
    ItemCompleted: 3,
    ItemFailed: [4, { error: DispatchError }],
    DispatchedAs: [5, { result: DispatchResult }],
  },
  errors: ['TooManyCalls'],
  constants: {
    batched_calls_limit: constant(u32, 10922),
  },
});
