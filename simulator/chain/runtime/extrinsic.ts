// The extrinsic format: `UncheckedExtrinsic<MultiAddress, RuntimeCall, MultiSignature, SignedExtra>`, version 4,
// with TFChain's nine signed extensions in order (shared/spec/tfchain.md §1.2, §1.3).
import { bytes, compact, newtype, struct, tuple, u128, u32, unit, type TypeDef } from './types/dsl';
import { Era, H256, MultiAddress, MultiSignature, RuntimeCall } from './types/substrate';
import { ContractIdProvides } from './pallets/smart-contract-types';

export interface SignedExtension {
  readonly identifier: string;
  /** What the extension adds to the extrinsic (the `extra`). */
  readonly type: TypeDef;
  /** What it adds to the signing payload only (`additionalSigned`). */
  readonly additionalSigned: TypeDef;
}

const T = { T: null };
const ext = (module: string, name: string, fields: readonly TypeDef[] = []) =>
  fields.length === 0
    ? struct(`frame_system::extensions::${module}::${name}`, {}, { params: T })
    : newtype(`frame_system::extensions::${module}::${name}`, fields[0]!, { params: T });

/** In TFChain's `SignedExtra` order; this order is part of the signing payload. */
export const SIGNED_EXTENSIONS: readonly SignedExtension[] = [
  { identifier: 'CheckNonZeroSender', type: ext('check_non_zero_sender', 'CheckNonZeroSender'), additionalSigned: unit },
  { identifier: 'CheckSpecVersion', type: ext('check_spec_version', 'CheckSpecVersion'), additionalSigned: u32 },
  { identifier: 'CheckTxVersion', type: ext('check_tx_version', 'CheckTxVersion'), additionalSigned: u32 },
  { identifier: 'CheckGenesis', type: ext('check_genesis', 'CheckGenesis'), additionalSigned: H256 },
  // Era and the nonce are extrinsic bytes; the mortality checkpoint's block hash is signed but not sent.
  { identifier: 'CheckMortality', type: ext('check_mortality', 'CheckMortality', [Era]), additionalSigned: H256 },
  { identifier: 'CheckNonce', type: ext('check_nonce', 'CheckNonce', [compact(u32)]), additionalSigned: unit },
  { identifier: 'CheckWeight', type: ext('check_weight', 'CheckWeight'), additionalSigned: unit },
  {
    identifier: 'ChargeTransactionPayment',
    type: newtype('pallet_transaction_payment::ChargeTransactionPayment', compact(u128), { params: T }),
    additionalSigned: unit,
  },
  // TFChain-specific: tags bill_contract_for_block in the pool; contributes no bytes to either part.
  { identifier: 'ContractIdProvides', type: ContractIdProvides, additionalSigned: unit },
];

export const SignedExtra = tuple(...SIGNED_EXTENSIONS.map((e) => e.type));

/**
 * scale-info describes the extrinsic as opaque bytes (it has a custom codec); the type parameters carry the
 * address, call, signature and extra types, and @polkadot/types reads them from here by path.
 */
export const UncheckedExtrinsic = newtype('sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic', bytes, {
  params: { Address: MultiAddress, Call: RuntimeCall, Signature: MultiSignature, Extra: SignedExtra },
  docs: ['UncheckedExtrinsic raw bytes, requires custom decoding routine'],
});

export const EXTRINSIC_VERSION = 4;
