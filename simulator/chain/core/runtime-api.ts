// Runtime APIs through `state_call`: inputs decoded and outputs encoded with the method signatures the runtime
// declares (runtime/apis.ts, which metadata V15 also publishes), so a call answers exactly what a client decoding
// with the metadata expects. Methods a dev chain has no use for (block execution, offchain workers, session key
// generation) are refused as a node refuses a method its runtime does not export; BlockBuilder's pure methods are
// served (block-builder-api.ts) and its block-building ones refused with the reason.
import { compactToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { RpcError } from '../rpc/errors';
import type { ApiMethod } from '../runtime/apis';
import { runtimeVersion } from '../runtime/version';
import { Reader } from '../runtime/scale-decode';
import { checkInherents, inherentExtrinsics } from './block-builder-api';
import type { RuntimeCodec } from './codec';
import type { DispatchInfo, Weight } from './dispatch/types';
import { lengthToFee, weightToFee, type FeeDetails } from './fees';

/** What the runtime APIs read from the chain, at the block the call is made at. */
export interface RuntimeApiHost {
  readonly codec: RuntimeCodec;
  accountNonce(account: Uint8Array): number;
  /** Dispatch info and fee of an extrinsic (full encoding); `signed` false for unsigned ones (which pay nothing). */
  feeOf(extrinsic: Uint8Array, length: number): { info: DispatchInfo; fee: FeeDetails; signed: boolean };
  /** TaggedTransactionQueue: `{ Ok: ValidTransaction }` or `{ Err: TransactionValidityError }` as values. */
  validate(extrinsic: Uint8Array): unknown;
  readonly auraAuthorities: readonly Uint8Array[];
  readonly grandpaAuthorities: readonly Uint8Array[];
}

/** Errors of a failing runtime call: 4003 like sc-rpc's state errors, with the text of its client error. */
const executionFailed = (detail: string): RpcError => new RpcError(4003, `Client error: Execution failed: ${detail}`);

const SLOT_DURATION_MS = 6000n;
const METADATA_VERSIONS = [14, 15];

/** `sp_core::OpaqueMetadata` is `Vec<u8>`: the metadata bytes themselves. */
type Handler = (host: RuntimeApiHost, args: Record<string, unknown>) => unknown;

const weightValue = (w: Weight) => ({ ref_time: BigInt(w.refTime), proof_size: BigInt(w.proofSize) });
const withPrefix = (body: Uint8Array): Uint8Array => u8aConcat(compactToU8a(body.length), body);

const HANDLERS: Record<string, Handler> = {
  Core_version: () => runtimeVersion.value,
  Metadata_metadata: (h) => h.codec.metadataV14,
  Metadata_metadata_at_version: (h, { version }) =>
    version === 14 ? h.codec.metadataV14 : version === 15 ? h.codec.metadataV15 : null,
  Metadata_metadata_versions: () => METADATA_VERSIONS,
  AccountNonceApi_account_nonce: (h, { account }) => h.accountNonce(account as Uint8Array),
  TransactionPaymentApi_query_info: (h, { uxt, len }) => {
    const { info, fee, signed } = h.feeOf(withPrefix(uxt as Uint8Array), len as number);
    return { weight: weightValue(info.weight), class: info.class, partial_fee: signed ? fee.inclusionFee : 0n };
  },
  TransactionPaymentApi_query_fee_details: (h, { uxt, len }) => {
    const { fee, signed } = h.feeOf(withPrefix(uxt as Uint8Array), len as number);
    const inclusion = { base_fee: fee.baseFee, len_fee: fee.lenFee, adjusted_weight_fee: fee.adjustedWeightFee };
    return { inclusion_fee: signed && fee.inclusionFee > 0n ? inclusion : null };
  },
  TransactionPaymentApi_query_weight_to_fee: (_h, { weight }) => {
    const w = weight as { ref_time: bigint; proof_size: bigint };
    return weightToFee({ refTime: Number(w.ref_time), proofSize: Number(w.proof_size) });
  },
  TransactionPaymentApi_query_length_to_fee: (_h, { length }) => lengthToFee(length as number),
  TaggedTransactionQueue_validate_transaction: (h, { tx }) => h.validate(withPrefix(tx as Uint8Array)),
  AuraApi_slot_duration: () => SLOT_DURATION_MS,
  AuraApi_authorities: (h) => h.auraAuthorities,
  GrandpaApi_grandpa_authorities: (h) => h.grandpaAuthorities.map((key) => [key, 1n]),
  GrandpaApi_current_set_id: () => 0n,
  BlockBuilder_inherent_extrinsics: (h, { inherent }) => inherentExtrinsics(h.codec, inherent),
  BlockBuilder_check_inherents: (h, { block, data }) => checkInherents(h.codec, block, data),
  BlockBuilder_apply_extrinsic: () => {
    throw executionFailed('BlockBuilder_apply_extrinsic needs a block being built; the dev chain builds its own blocks '
      + '(submit with author_submitExtrinsic, build with dev_newBlock)');
  },
  BlockBuilder_finalize_block: () => {
    throw executionFailed('BlockBuilder_finalize_block needs a block being built; the dev chain builds its own blocks '
      + '(dev_newBlock)');
  },
};

function findMethod(codec: RuntimeCodec, name: string): ApiMethod | undefined {
  const split = name.indexOf('_');
  if (split < 0) return undefined;
  const api = codec.runtime.apis.find((a) => a.name === name.slice(0, split));
  return api?.methods.find((m) => m.name === name.slice(split + 1));
}

/** `state_call(method, data)`: the SCALE-encoded result, as hex. */
export function callRuntimeApi(host: RuntimeApiHost, method: string, data: Uint8Array): `0x${string}` {
  const declared = findMethod(host.codec, method);
  const handler = HANDLERS[method];
  if (!declared || !handler) throw executionFailed(`Exported method ${method} is not found`);
  const r = new Reader(data);
  const args: Record<string, unknown> = {};
  try {
    for (const input of declared.inputs) args[input.name] = host.codec.read(r, input.type);
  } catch (error) {
    throw executionFailed(`Could not decode the arguments of ${method}: ${(error as Error).message}`);
  }
  let result: unknown;
  try {
    result = handler(host, args);
  } catch (error) {
    // A runtime panic (missing inherent data, an undecodable extrinsic in a block) surfaces as a failed execution.
    throw error instanceof RpcError ? error : executionFailed(`${method}: ${(error as Error).message}`);
  }
  return u8aToHex(host.codec.encode(declared.output, result, method));
}
