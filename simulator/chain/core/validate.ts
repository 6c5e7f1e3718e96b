// Transaction validity at pool admission (TaggedTransactionQueue::validate_transaction against the best block), in
// Substrate's order: lookup of the signer, the era's birth block (AncientBirthBlock), the signature over
// `call ++ extra ++ additionalSigned` (BadProof), then the signed extensions' checks: sender (BadSigner), nonce
// (Payment for an account that does not exist, Stale), weight and length (ExhaustsResources), fee (Payment).
// Refusals are TransactionValidityErrors, which author_submit* turns into Substrate's 1010 / 1011 RPC errors.
import { u8aEq, u8aToHex } from '@polkadot/util';
import {
  invalidTransaction, POOL_UNKNOWN_VALIDITY, RpcError, type InvalidTransactionReason,
} from '../rpc/errors';
import { runtimeVersion } from '../runtime/version';
import { accountInfo } from '../runtime/pallets/system.impl';
import { withdrawFee } from '../runtime/pallets/transaction-payment.impl';
import { BLOCK_HASH_COUNT, BLOCK_LENGTH } from '../runtime/pallets/system';
import type { RuntimeCodec } from './codec';
import { DispatchContext } from './dispatch/context';
import { callInfo } from './dispatch/dispatcher';
import { BlockEnv, type ChainLogger } from './dispatch/env';
import type { PalletImpl } from './dispatch/pallet-impl';
import { signed, type DispatchInfo } from './dispatch/types';
import { eraBirth, eraDeath, type Era } from './era';
import { signingPayload, type DecodedExtrinsic } from './extrinsic';
import { computeFee, EXTRINSIC_BASE_WEIGHT, MAX_EXTRINSIC_NORMAL, transactionPriority } from './fees';
import { Overlay } from './state/overlay';
import type { StateStore } from './state/store';
import { verifySignature } from './signature';
import type { SignedInfo } from './executive';

/** A refusal, as sp_runtime's TransactionValidityError: `Invalid(reason)` or `Unknown(reason)`. */
export class TransactionValidityError extends Error {
  override readonly name = 'TransactionValidityError';
  constructor(readonly kind: 'Invalid' | 'Unknown', readonly reason: InvalidTransactionReason | UnknownReason) {
    super(`${kind}: ${reason}`);
  }

  /** The JSON-RPC error of author_submit*: 1010 with sp-runtime's text, or 1011 with the reason's name. */
  toRpcError(): RpcError {
    return this.kind === 'Invalid'
      ? invalidTransaction(this.reason as InvalidTransactionReason)
      : new RpcError(POOL_UNKNOWN_VALIDITY, 'Unknown Transaction Validity', this.reason);
  }
}

export type UnknownReason = 'CannotLookup' | 'NoUnsignedValidator';

/** What validation needs to know about the chain. */
export interface ValidationContext {
  readonly codec: RuntimeCodec;
  readonly impls: ReadonlyMap<string, PalletImpl>;
  /** Read at its latest version: the best block's state. */
  readonly store: StateStore;
  readonly bestNumber: number;
  readonly genesisHash: Uint8Array;
  /** Hash of canonical block `n`, if known. */
  blockHash(n: number): Uint8Array | undefined;
  readonly log: ChainLogger;
}

export interface ValidTransaction extends SignedInfo {
  readonly signerHex: string;
  readonly info: DispatchInfo;
  readonly fee: bigint;
  /** ChargeTransactionPayment's priority (fees.ts transactionPriority): orders the pool, decides replacements. */
  readonly priority: bigint;
  /** True when its nonce is ahead of the account's (it waits in the pool's future queue). */
  readonly future: boolean;
  /** The signer's nonce at the best block, as read while validating (spares the pool a second lookup). */
  readonly accountNonce?: number;
}

export interface ValidationOptions {
  /** false: skip the signature (the block builder re-checks what the pool already verified). */
  readonly checkSignature?: boolean;
  /**
   * A verdict reached earlier (verify-pool.ts) for the signing payload it was reached on; used when the payload is
   * still the same, otherwise the signature is verified here.
   */
  readonly verdict?: { readonly payload: Uint8Array; readonly valid: boolean };
}

/** The era's birth block hash as the runtime sees it on top of the best block, or undefined (AncientBirthBlock). */
function birthHashOf(chain: ValidationContext, era: Era): Uint8Array | undefined {
  // An immortal transaction signs the genesis hash, which System.BlockHash keeps for good; of the others it only
  // remembers BlockHashCount blocks, so an older birth block is unknown.
  if (era.kind === 'immortal') return chain.genesisHash;
  const current = chain.bestNumber + 1;
  const birth = eraBirth(era, current);
  const birthHash = chain.blockHash(birth);
  if (!birthHash || birth > chain.bestNumber || current - birth > BLOCK_HASH_COUNT) return undefined;
  return birthHash;
}

function payloadOf(chain: ValidationContext, xt: DecodedExtrinsic, birthHash: Uint8Array): Uint8Array {
  return signingPayload(chain.codec, xt, {
    specVersion: runtimeVersion.specVersion,
    transactionVersion: runtimeVersion.transactionVersion,
    genesisHash: chain.genesisHash,
    birthHash,
  });
}

/**
 * The bytes a signed extrinsic's signature covers, when validation would get as far as checking it (signed, with a
 * signer and a known birth block); what the verify workers check ahead of validateTransaction.
 */
export function signedPayloadToVerify(chain: ValidationContext, xt: DecodedExtrinsic): Uint8Array | undefined {
  const s = xt.signed;
  if (!s?.signer) return undefined;
  const birthHash = birthHashOf(chain, s.era);
  return birthHash && payloadOf(chain, xt, birthHash);
}

export function validateTransaction(
  chain: ValidationContext,
  xt: DecodedExtrinsic,
  options: ValidationOptions = {},
): ValidTransaction {
  const fail = (reason: InvalidTransactionReason): never => {
    throw new TransactionValidityError('Invalid', reason);
  };
  const env = new BlockEnv(chain.codec, new Overlay(chain.store), chain.impls, chain.bestNumber + 1, chain.log);
  env.discardEvents = true;
  const info = callInfo(env, xt.call);
  if (info.class === 'Mandatory') fail('MandatoryValidation');
  const s = xt.signed;
  if (!s) throw new TransactionValidityError('Unknown', 'NoUnsignedValidator');
  if (!s.signer) throw new TransactionValidityError('Unknown', 'CannotLookup');

  const current = chain.bestNumber + 1;
  const birthHash = birthHashOf(chain, s.era);
  if (!birthHash) fail('AncientBirthBlock');
  if (options.checkSignature !== false) {
    const payload = payloadOf(chain, xt, birthHash!);
    const verdict = options.verdict;
    const valid = verdict && u8aEq(verdict.payload, payload)
      ? verdict.valid
      : verifySignature(s.signatureKind, s.signature, payload, s.signer);
    if (!valid) fail('BadProof');
  }
  if (s.signer.every((b) => b === 0)) fail('BadSigner');

  const ctx = new DispatchContext(env, chain.codec.pallet('System'), signed(s.signer));
  const account = accountInfo(ctx, s.signer);
  if (account.providers === 0 && account.sufficients === 0) fail('Payment');
  if (s.nonce < account.nonce) fail('Stale');
  const length = xt.bytes.length;
  if (info.weight.refTime + EXTRINSIC_BASE_WEIGHT.refTime > MAX_EXTRINSIC_NORMAL || length > BLOCK_LENGTH.normal) {
    fail('ExhaustsResources');
  }
  const fee = computeFee(length, info, s.tip).total;
  if (fee > 0n && !withdrawFee(ctx, s.signer, fee)) fail('Payment');

  return {
    xt,
    signer: s.signer,
    signerHex: u8aToHex(s.signer),
    nonce: s.nonce,
    tip: s.tip,
    death: eraDeath(s.era, current),
    info,
    fee,
    priority: transactionPriority(length, info, s.tip, fee),
    future: s.nonce > account.nonce,
    accountNonce: account.nonce,
  };
}
