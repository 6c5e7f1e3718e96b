// Substrate framework types shared by several pallets, the extrinsic format and the runtime APIs, with the Rust
// paths of the polkadot-v1.0-era crates TFChain spec 152 is built on. Several of these paths are load-bearing:
// @polkadot/types recognises AccountId32, MultiAddress, MultiSignature, Era, Weight, EventRecord and the
// UncheckedExtrinsic by path (chain-rpc-notes trap 6).
import {
  array, bytes, compact, cow, enumType, generic, newtype, outer, result, str, struct, tuple, u32, u64, u8, unit, vec,
  type TypeDef, type VariantSpec,
} from './dsl';

// ---- the outer (runtime-level) types pallets refer to ---------------------------------------------------------

export const RuntimeCall = outer('RuntimeCall');
export const RuntimeEvent = outer('RuntimeEvent');
export const OriginCaller = outer('OriginCaller');

// ---- sp_core / primitive_types -------------------------------------------------------------------------------

export const AccountId32 = newtype('sp_core::crypto::AccountId32', array(u8, 32));
export const H256 = newtype('primitive_types::H256', array(u8, 32));
export const KeyTypeId = newtype('sp_core::crypto::KeyTypeId', array(u8, 4));
export const Ed25519Public = newtype('sp_core::ed25519::Public', array(u8, 32));
export const Sr25519Public = newtype('sp_core::sr25519::Public', array(u8, 32));
export const Ed25519Signature = newtype('sp_core::ed25519::Signature', array(u8, 64));
export const Sr25519Signature = newtype('sp_core::sr25519::Signature', array(u8, 64));
export const EcdsaSignature = newtype('sp_core::ecdsa::Signature', array(u8, 65));
/** An uninhabited enum: used where a runtime plugs in "no such thing" (key-owner proofs, the Void origin). */
export const Void = enumType('sp_core::Void', {});
export const OpaqueMetadata = newtype('sp_core::OpaqueMetadata', bytes);

// ---- sp_runtime -----------------------------------------------------------------------------------------------

export const MultiAddress = enumType('sp_runtime::multiaddress::MultiAddress', {
  Id: [0, AccountId32],
  Index: [1, compact(unit)],
  Raw: [2, bytes],
  Address32: [3, array(u8, 32)],
  Address20: [4, array(u8, 20)],
}, { params: { AccountId: AccountId32, AccountIndex: unit } });

export const MultiSignature = enumType('sp_runtime::MultiSignature', {
  Ed25519: [0, Ed25519Signature],
  Sr25519: [1, Sr25519Signature],
  Ecdsa: [2, EcdsaSignature],
});

/** `Era`: `Immortal` = 0, `Mortal{n}(u8)` = n for n in 1..=255 (the second byte of a mortal era). */
export const Era = enumType('sp_runtime::generic::era::Era', Object.fromEntries([
  ['Immortal', 0] as [string, VariantSpec],
  ...Array.from({ length: 255 }, (_, i) => [`Mortal${i + 1}`, [i + 1, u8]] as [string, VariantSpec]),
]));

export const ModuleError = struct('sp_runtime::ModuleError', { index: u8, error: array(u8, 4) });
export const TokenError = enumType('sp_runtime::TokenError', {
  FundsUnavailable: 0, OnlyProvider: 1, BelowMinimum: 2, CannotCreate: 3, UnknownAsset: 4, Frozen: 5,
  Unsupported: 6, CannotCreateHold: 7, NotExpendable: 8, Blocked: 9,
});
export const ArithmeticError = enumType('sp_arithmetic::ArithmeticError', { Underflow: 0, Overflow: 1, DivisionByZero: 2 });
export const TransactionalError = enumType('sp_runtime::TransactionalError', { LimitReached: 0, NoLayer: 1 });
export const DispatchError = enumType('sp_runtime::DispatchError', {
  Other: 0,
  CannotLookup: 1,
  BadOrigin: 2,
  Module: [3, ModuleError],
  ConsumerRemaining: 4,
  NoProviders: 5,
  TooManyConsumers: 6,
  Token: [7, TokenError],
  Arithmetic: [8, ArithmeticError],
  Transactional: [9, TransactionalError],
  Exhausted: 10,
  Corruption: 11,
  Unavailable: 12,
  RootNotAllowed: 13,
});
/** `DispatchResult` = `Result<(), DispatchError>`. */
export const DispatchResult = result(unit, DispatchError);

export const DigestItem = enumType('sp_runtime::generic::digest::DigestItem', {
  PreRuntime: [6, array(u8, 4), bytes],
  Consensus: [4, array(u8, 4), bytes],
  Seal: [5, array(u8, 4), bytes],
  Other: [0, bytes],
  RuntimeEnvironmentUpdated: 8,
});
export const Digest = struct('sp_runtime::generic::digest::Digest', { logs: vec(DigestItem) });

/** Hashing marker type used as the `Hash` parameter of the header. */
export const BlakeTwo256 = struct('sp_runtime::traits::BlakeTwo256', {});
export const Header = struct('sp_runtime::generic::header::Header', {
  parent_hash: H256,
  number: compact(u32),
  state_root: H256,
  extrinsics_root: H256,
  digest: Digest,
}, { params: { Number: u32, Hash: BlakeTwo256 } });

// ---- sp_weights / frame_support -------------------------------------------------------------------------------

export const Weight = struct('sp_weights::weight_v2::Weight', { ref_time: compact(u64), proof_size: compact(u64) });
export const RuntimeDbWeight = struct('sp_weights::RuntimeDbWeight', { read: u64, write: u64 });
export const DispatchClass = enumType('frame_support::dispatch::DispatchClass', { Normal: 0, Operational: 1, Mandatory: 2 });
export const Pays = enumType('frame_support::dispatch::Pays', { Yes: 0, No: 1 });
export const DispatchInfo = struct('frame_support::dispatch::DispatchInfo', {
  weight: Weight,
  class: DispatchClass,
  pays_fee: Pays,
});
export const perDispatchClass = generic('PerDispatchClass', (t: TypeDef) =>
  struct('frame_support::dispatch::PerDispatchClass', { normal: t, operational: t, mandatory: t }, { params: { T: t } }));
export const BalanceStatus = enumType('frame_support::traits::tokens::misc::BalanceStatus', { Free: 0, Reserved: 1 });

/** `frame_support::dispatch::RawOrigin<AccountId>`: the `system` variant of OriginCaller. */
export const SystemRawOrigin = enumType('frame_support::dispatch::RawOrigin', {
  Root: 0,
  Signed: [1, AccountId32],
  None: 2,
}, { params: { AccountId: AccountId32 } });

// ---- sp_version -----------------------------------------------------------------------------------------------

/** `sp_version::RuntimeVersion`; `apis` is a `Cow<[([u8; 8], u32)]>` (ApisVec). */
export const RuntimeVersion = struct('sp_version::RuntimeVersion', {
  spec_name: str,
  impl_name: str,
  authoring_version: u32,
  spec_version: u32,
  impl_version: u32,
  apis: cow(vec(tuple(array(u8, 8), u32))),
  transaction_version: u32,
  state_version: u8,
});
