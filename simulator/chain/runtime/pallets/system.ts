// System (index 0, frame_system): accounts and nonces, block data, events. shared/spec/tfchain.md §2.1.
import { constant, definePallet, blake2_128Concat, map, plain, twox64Concat } from '../pallet';
import { bool, bytes, compact, enumType, option, str, struct, tuple, u128, u16, u32, u64, vec } from '../types/dsl';
import {
  AccountId32, Digest, DispatchError, DispatchInfo, H256, RuntimeDbWeight, RuntimeEvent, RuntimeVersion,
  SystemRawOrigin, Weight, perDispatchClass,
} from '../types/substrate';
import { SS58_PREFIX, runtimeVersion } from '../version';

export const AccountData = struct('pallet_balances::types::AccountData', {
  free: u128,
  reserved: u128,
  frozen: u128,
  flags: u128,
}, { params: { Balance: u128 } });

export const AccountInfo = struct('frame_system::AccountInfo', {
  nonce: u32,
  consumers: u32,
  providers: u32,
  sufficients: u32,
  data: AccountData,
}, { params: { Nonce: u32, AccountData } });

/** New-style (post "fungible" migration) accounts carry this bit in `flags`; it is also the default. */
export const NEW_LOGIC_FLAG = 1n << 127n;
export const DEFAULT_ACCOUNT_DATA = { free: 0, reserved: 0, frozen: 0, flags: NEW_LOGIC_FLAG };

export const Phase = enumType('frame_system::Phase', { ApplyExtrinsic: [0, u32], Finalization: 1, Initialization: 2 });

export const EventRecord = struct('frame_system::EventRecord', {
  phase: Phase,
  event: RuntimeEvent,
  topics: vec(H256),
}, { params: { E: RuntimeEvent, T: H256 } });

export const LastRuntimeUpgradeInfo = struct('frame_system::LastRuntimeUpgradeInfo', {
  spec_version: compact(u32),
  spec_name: str,
});

const WeightsPerClass = struct('frame_system::limits::WeightsPerClass', {
  base_extrinsic: Weight,
  max_extrinsic: option(Weight),
  max_total: option(Weight),
  reserved: option(Weight),
});
export const BlockWeights = struct('frame_system::limits::BlockWeights', {
  base_block: Weight,
  max_block: Weight,
  per_class: perDispatchClass(WeightsPerClass),
});
export const BlockLength = struct('frame_system::limits::BlockLength', { max: perDispatchClass(u32) });

const U64_MAX = (1n << 64n) - 1n;
const w = (ref_time: number | bigint, proof_size: number | bigint) => ({ ref_time, proof_size });
const zeroWeight = w(0, 0);

/** TFChain's limits (normal class gets 75 % of the block; operational may use all of it). */
export const BLOCK_WEIGHTS = {
  base_block: w(390_584_000, 0),
  max_block: w(2_000_000_000_000n, U64_MAX),
  per_class: {
    normal: {
      base_extrinsic: w(124_414_000, 0),
      max_extrinsic: w(1_299_875_586_000n, 0xa666666666666666n),
      max_total: w(1_500_000_000_000n, 0xbfffffffffffffffn),
      reserved: zeroWeight,
    },
    operational: {
      base_extrinsic: w(124_414_000, 0),
      max_extrinsic: w(1_799_875_586_000n, 0xe666666666666666n),
      max_total: w(2_000_000_000_000n, U64_MAX),
      reserved: w(500_000_000_000n, 0x4000000000000000n),
    },
    mandatory: { base_extrinsic: w(124_414_000, 0), max_extrinsic: null, max_total: null, reserved: null },
  },
};

/** Bytes per block for each dispatch class. */
export const BLOCK_LENGTH = { normal: 3_932_160, operational: 5_242_880, mandatory: 5_242_880 };
export const BLOCK_HASH_COUNT = 2400;
export const DB_WEIGHT = { read: 25_000_000, write: 100_000_000 };

export const system = definePallet({
  name: 'System',
  index: 0,
  crate: 'frame_system',
  storage: {
    Account: map(blake2_128Concat(AccountId32), AccountInfo, {
      default: { nonce: 0, consumers: 0, providers: 0, sufficients: 0, data: DEFAULT_ACCOUNT_DATA },
    }),
    ExtrinsicCount: plain(u32, { optional: true }),
    BlockWeight: plain(perDispatchClass(Weight)),
    AllExtrinsicsLen: plain(u32, { optional: true }),
    BlockHash: map(twox64Concat(u32), H256),
    ExtrinsicData: map(twox64Concat(u32), bytes),
    Number: plain(u32),
    ParentHash: plain(H256),
    Digest: plain(Digest),
    Events: plain(vec(EventRecord)),
    EventCount: plain(u32),
    EventTopics: map(blake2_128Concat(H256), vec(tuple(u32, u32))),
    LastRuntimeUpgrade: plain(LastRuntimeUpgradeInfo, { optional: true }),
    UpgradedToU32RefCount: plain(bool),
    UpgradedToTripleRefCount: plain(bool),
    ExecutionPhase: plain(Phase, { optional: true }),
  },
  calls: {
    remark: [0, { remark: bytes }],
    set_heap_pages: [1, { pages: u64 }],
    set_code: [2, { code: bytes }],
    set_code_without_checks: [3, { code: bytes }],
    set_storage: [4, { items: vec(tuple(bytes, bytes)) }],
    kill_storage: [5, { keys: vec(bytes) }],
    kill_prefix: [6, { prefix: bytes, subkeys: u32 }],
    remark_with_event: [7, { remark: bytes }],
  },
  events: {
    ExtrinsicSuccess: [0, { dispatch_info: DispatchInfo }],
    ExtrinsicFailed: [1, { dispatch_error: DispatchError, dispatch_info: DispatchInfo }],
    CodeUpdated: 2,
    NewAccount: [3, { account: AccountId32 }],
    KilledAccount: [4, { account: AccountId32 }],
    Remarked: [5, { sender: AccountId32, hash: H256 }],
  },
  errors: [
    'InvalidSpecName', 'SpecVersionNeedsToIncrease', 'FailedToExtractRuntimeVersion', 'NonDefaultComposite',
    'NonZeroRefCount', 'CallFiltered',
  ],
  constants: {
    BlockWeights: constant(BlockWeights, BLOCK_WEIGHTS),
    BlockLength: constant(BlockLength, { max: BLOCK_LENGTH }),
    BlockHashCount: constant(u32, BLOCK_HASH_COUNT),
    DbWeight: constant(RuntimeDbWeight, DB_WEIGHT),
    Version: constant(RuntimeVersion, runtimeVersion.value),
    SS58Prefix: constant(u16, SS58_PREFIX),
  },
  origin: SystemRawOrigin,
});
