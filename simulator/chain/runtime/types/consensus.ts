// Consensus key and proof types (Aura, GRANDPA, session keys). A dev chain never uses them, but Session, Aura and
// Grandpa storage and calls mention them, so they must decode like the real chain's.
import { bytes, enumType, generic, newtype, struct, tuple, u32, u64, type TypeDef } from './dsl';
import { Ed25519Public, Ed25519Signature, H256, Sr25519Public } from './substrate';

export const AuraId = newtype('sp_consensus_aura::sr25519::app_sr25519::Public', Sr25519Public);
export const GrandpaId = newtype('sp_consensus_grandpa::app::Public', Ed25519Public);
export const GrandpaSignature = newtype('sp_consensus_grandpa::app::Signature', Ed25519Signature);
export const Slot = newtype('sp_consensus_slots::Slot', u64);
export const SlotDuration = newtype('sp_consensus_slots::SlotDuration', u64);

/** `tfchain_runtime::opaque::SessionKeys` (impl_opaque_keys!): Aura then GRANDPA. */
export const SessionKeys = struct('tfchain_runtime::opaque::SessionKeys', { aura: AuraId, grandpa: GrandpaId });

const hn = { H: H256, N: u32 };
export const Prevote = struct('finality_grandpa::Prevote', { target_hash: H256, target_number: u32 }, { params: hn });
export const Precommit = struct('finality_grandpa::Precommit', { target_hash: H256, target_number: u32 }, { params: hn });

const fgEquivocation = generic('finality_grandpa::Equivocation', (vote: TypeDef) =>
  struct('finality_grandpa::Equivocation', {
    round_number: u64,
    identity: GrandpaId,
    first: tuple(vote, GrandpaSignature),
    second: tuple(vote, GrandpaSignature),
  }, { params: { Id: GrandpaId, V: vote, S: GrandpaSignature } }));

export const GrandpaEquivocation = enumType('sp_consensus_grandpa::Equivocation', {
  Prevote: [0, fgEquivocation(Prevote)],
  Precommit: [1, fgEquivocation(Precommit)],
}, { params: hn });

export const GrandpaEquivocationProof = struct('sp_consensus_grandpa::EquivocationProof', {
  set_id: u64,
  equivocation: GrandpaEquivocation,
}, { params: hn });

/** Runtime-API wrapper around an encoded key-ownership proof. */
export const OpaqueKeyOwnershipProof = newtype('sp_consensus_grandpa::OpaqueKeyOwnershipProof', bytes);
