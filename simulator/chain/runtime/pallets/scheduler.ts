// Scheduler (index 4, pallet_scheduler). Privileged and unused by the clients; declared so that the metadata,
// and any decoded call or event, matches the real chain. shared/spec/tfchain.md §2.4.
import { constant, definePallet, map, plain, twox64Concat } from '../pallet';
import { array, boundedBytes, boundedVec, enumType, option, struct, tuple, u32, u8 } from '../types/dsl';
import { AccountId32, DispatchResult, H256, OriginCaller, RuntimeCall, Weight } from '../types/substrate';

const TaskName = array(u8, 32);
const TaskAddress = tuple(u32, u32);
const Period = tuple(u32, u32);

/** `Bounded<RuntimeCall>`: a call stored inline (≤ 128 bytes) or by preimage hash. */
export const BoundedCall = enumType('frame_support::traits::preimages::Bounded', {
  Legacy: [0, { hash: H256 }],
  Inline: [1, boundedBytes],
  Lookup: [2, { hash: H256, len: u32 }],
}, { params: { T: RuntimeCall } });

export const Scheduled = struct('pallet_scheduler::Scheduled', {
  maybe_id: option(TaskName),
  priority: u8,
  call: BoundedCall,
  maybe_periodic: option(Period),
  origin: OriginCaller,
}, { params: { Name: TaskName, Call: BoundedCall, BlockNumber: u32, PalletsOrigin: OriginCaller, AccountId: AccountId32 } });

const scheduleArgs = { maybe_periodic: option(Period), priority: u8, call: RuntimeCall };
const task = { task: TaskAddress, id: option(TaskName) };

export const scheduler = definePallet({
  name: 'Scheduler',
  index: 4,
  crate: 'pallet_scheduler',
  storage: {
    IncompleteSince: plain(u32, { optional: true }),
    Agenda: map(twox64Concat(u32), boundedVec(option(Scheduled))),
    Lookup: map(twox64Concat(TaskName), TaskAddress, { optional: true }),
  },
  calls: {
    schedule: [0, { when: u32, ...scheduleArgs }],
    cancel: [1, { when: u32, index: u32 }],
    schedule_named: [2, { id: TaskName, when: u32, ...scheduleArgs }],
    cancel_named: [3, { id: TaskName }],
    schedule_after: [4, { after: u32, ...scheduleArgs }],
    schedule_named_after: [5, { id: TaskName, after: u32, ...scheduleArgs }],
  },
  events: {
    Scheduled: [0, { when: u32, index: u32 }],
    Canceled: [1, { when: u32, index: u32 }],
    Dispatched: [2, { ...task, result: DispatchResult }],
    CallUnavailable: [3, task],
    PeriodicFailed: [4, task],
    PermanentlyOverweight: [5, task],
  },
  errors: ['FailedToSchedule', 'NotFound', 'TargetBlockNumberInPast', 'RescheduleNoChange', 'Named'],
  constants: {
    MaximumWeight: constant(Weight, { ref_time: 1_600_000_000_000n, proof_size: 0xccccccccccccccccn }),
    MaxScheduledPerBlock: constant(u32, 50),
  },
});
