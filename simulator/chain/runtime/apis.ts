// Runtime APIs (state_call) with their method signatures, as metadata V15 describes them. Names and versions
// come from version.ts (TFChain's `apis`); signatures are those of the polkadot-v1.0 API traits at those versions.
import {
  array, bool, btreeMap, bytes, enumType, option, result, struct, tuple, u128, u32, u64, u8, unit, vec, type TypeDef,
} from './types/dsl';
import {
  AuraId, GrandpaEquivocationProof, GrandpaId, OpaqueKeyOwnershipProof, SlotDuration,
} from './types/consensus';
import {
  AccountId32, DispatchClass, DispatchResult, H256, Header, KeyTypeId, OpaqueMetadata, RuntimeVersion, Weight,
} from './types/substrate';
import { UncheckedExtrinsic } from './extrinsic';
import { API_VERSIONS } from './version';

export const Block = struct('sp_runtime::generic::block::Block', {
  header: Header,
  extrinsics: vec(UncheckedExtrinsic),
}, { params: { Header, Extrinsic: UncheckedExtrinsic } });

/** `InherentIdentifier` = `[u8; 8]`. */
const InherentIdentifier = array(u8, 8);
export const InherentData = struct('sp_inherents::InherentData', { data: btreeMap(InherentIdentifier, bytes) });
export const CheckInherentsResult = struct('sp_inherents::CheckInherentsResult', {
  okay: bool,
  fatal_error: bool,
  errors: InherentData,
});

export const InvalidTransaction = enumType('sp_runtime::transaction_validity::InvalidTransaction', {
  Call: 0, Payment: 1, Future: 2, Stale: 3, BadProof: 4, AncientBirthBlock: 5, ExhaustsResources: 6,
  Custom: [7, u8], BadMandatory: 8, MandatoryValidation: 9, BadSigner: 10,
});
export const UnknownTransaction = enumType('sp_runtime::transaction_validity::UnknownTransaction', {
  CannotLookup: 0, NoUnsignedValidator: 1, Custom: [2, u8],
});
export const TransactionValidityError = enumType('sp_runtime::transaction_validity::TransactionValidityError', {
  Invalid: [0, InvalidTransaction],
  Unknown: [1, UnknownTransaction],
});
export const ValidTransaction = struct('sp_runtime::transaction_validity::ValidTransaction', {
  priority: u64,
  requires: vec(bytes),
  provides: vec(bytes),
  longevity: u64,
  propagate: bool,
});
export const TransactionSource = enumType('sp_runtime::transaction_validity::TransactionSource', {
  InBlock: 0, Local: 1, External: 2,
});
export const ApplyExtrinsicResult = result(DispatchResult, TransactionValidityError);
export const TransactionValidity = result(ValidTransaction, TransactionValidityError);

export const RuntimeDispatchInfo = struct('pallet_transaction_payment::types::RuntimeDispatchInfo', {
  weight: Weight,
  class: DispatchClass,
  partial_fee: u128,
}, { params: { Balance: u128, Weight } });
export const InclusionFee = struct('pallet_transaction_payment::types::InclusionFee', {
  base_fee: u128,
  len_fee: u128,
  adjusted_weight_fee: u128,
}, { params: { Balance: u128 } });
/** `tip` is `#[codec(skip)]` in Rust, so only the inclusion fee is encoded. */
export const FeeDetails = struct('pallet_transaction_payment::types::FeeDetails', {
  inclusion_fee: option(InclusionFee),
}, { params: { Balance: u128 } });

export interface ApiMethod {
  readonly name: string;
  readonly inputs: ReadonlyArray<{ readonly name: string; readonly type: TypeDef }>;
  readonly output: TypeDef;
  readonly docs?: readonly string[];
}

export interface RuntimeApi {
  readonly name: string;
  readonly version: number;
  readonly methods: readonly ApiMethod[];
  readonly docs?: readonly string[];
}

const m = (name: string, inputs: Record<string, TypeDef>, output: TypeDef): ApiMethod =>
  ({ name, inputs: Object.entries(inputs).map(([n, type]) => ({ name: n, type })), output });

const METHODS: Record<string, readonly ApiMethod[]> = {
  Core: [
    m('version', {}, RuntimeVersion),
    m('execute_block', { block: Block }, unit),
    m('initialize_block', { header: Header }, unit),
  ],
  Metadata: [
    m('metadata', {}, OpaqueMetadata),
    m('metadata_at_version', { version: u32 }, option(OpaqueMetadata)),
    m('metadata_versions', {}, vec(u32)),
  ],
  BlockBuilder: [
    m('apply_extrinsic', { extrinsic: UncheckedExtrinsic }, ApplyExtrinsicResult),
    m('finalize_block', {}, Header),
    m('inherent_extrinsics', { inherent: InherentData }, vec(UncheckedExtrinsic)),
    m('check_inherents', { block: Block, data: InherentData }, CheckInherentsResult),
  ],
  TaggedTransactionQueue: [
    m('validate_transaction', { source: TransactionSource, tx: UncheckedExtrinsic, block_hash: H256 }, TransactionValidity),
  ],
  OffchainWorkerApi: [
    m('offchain_worker', { header: Header }, unit),
  ],
  AuraApi: [
    m('slot_duration', {}, SlotDuration),
    m('authorities', {}, vec(AuraId)),
  ],
  SessionKeys: [
    m('generate_session_keys', { seed: option(bytes) }, bytes),
    m('decode_session_keys', { encoded: bytes }, option(vec(tuple(bytes, KeyTypeId)))),
  ],
  GrandpaApi: [
    m('grandpa_authorities', {}, vec(tuple(GrandpaId, u64))),
    m('submit_report_equivocation_unsigned_extrinsic', {
      equivocation_proof: GrandpaEquivocationProof, key_owner_proof: OpaqueKeyOwnershipProof,
    }, option(unit)),
    m('generate_key_ownership_proof', { set_id: u64, authority_id: GrandpaId }, option(OpaqueKeyOwnershipProof)),
    m('current_set_id', {}, u64),
  ],
  AccountNonceApi: [
    m('account_nonce', { account: AccountId32 }, u32),
  ],
  TransactionPaymentApi: [
    m('query_info', { uxt: UncheckedExtrinsic, len: u32 }, RuntimeDispatchInfo),
    m('query_fee_details', { uxt: UncheckedExtrinsic, len: u32 }, FeeDetails),
    m('query_weight_to_fee', { weight: Weight }, u128),
    m('query_length_to_fee', { length: u32 }, u128),
  ],
};

export const RUNTIME_APIS: readonly RuntimeApi[] = API_VERSIONS.map(([name, version]) => {
  const methods = METHODS[name];
  if (!methods) throw new Error(`runtime API ${name} has no method declarations`);
  return { name, version, methods };
});
