// Transaction fees as TFChain's pallet_transaction_payment config computes them (tfchain.md §1.7):
//   fee = base_fee + len_fee + adjusted_weight_fee + tip       (inclusion fee 0 for Pays::No: only the tip)
//   base_fee            = WeightToFee(ExtrinsicBaseWeight = 124,414,000)           = 10,000 raw (0.001 TFT)
//   len_fee             = 1 raw per byte of the extrinsic (length prefix included)
//   adjusted_weight_fee = NextFeeMultiplier (1.0, never updated) × WeightToFee(call weight)
// WeightToFee is linear: CENTS / (10 × ExtrinsicBaseWeight) per unit of ref_time, which Substrate stores as a Perbill
// (80,377 parts per billion after rounding) and applies with round-half-down. What is approximate is the call weights
// (weights.ts), not this formula.
import { BLOCK_LENGTH, BLOCK_WEIGHTS } from '../runtime/pallets/system';
import type { DispatchInfo, Weight } from './dispatch/types';

const BILLION = 1_000_000_000n;
/** 0.01 TFT in raw units (7 decimals). */
export const CENTS = 100_000n;
export const EXTRINSIC_BASE_WEIGHT: Weight = {
  refTime: Number(BLOCK_WEIGHTS.per_class.normal.base_extrinsic.ref_time),
  proofSize: Number(BLOCK_WEIGHTS.per_class.normal.base_extrinsic.proof_size),
};
export const BLOCK_BASE_WEIGHT: Weight = {
  refTime: Number(BLOCK_WEIGHTS.base_block.ref_time),
  proofSize: Number(BLOCK_WEIGHTS.base_block.proof_size),
};
/** Most a single normal extrinsic, and all normal extrinsics of a block, may weigh (ref_time). */
export const MAX_EXTRINSIC_NORMAL = Number(BLOCK_WEIGHTS.per_class.normal.max_extrinsic.ref_time);
export const MAX_TOTAL_NORMAL = Number(BLOCK_WEIGHTS.per_class.normal.max_total.ref_time);

/** `PerThing * n` with Rounding::NearestPrefDown: a remainder of exactly one half rounds down. */
function roundHalfDown(numerator: bigint, denominator: bigint): bigint {
  const q = numerator / denominator;
  return (numerator % denominator) * 2n > denominator ? q + 1n : q;
}

/** The Perbill coefficient: `Perbill::from_rational(CENTS % q, q)` with q = 10 × ExtrinsicBaseWeight. */
const WEIGHT_FEE_DENOMINATOR = 10n * BigInt(EXTRINSIC_BASE_WEIGHT.refTime);
const COEFF_INTEGER = CENTS / WEIGHT_FEE_DENOMINATOR;
const COEFF_PERBILL = roundHalfDown((CENTS % WEIGHT_FEE_DENOMINATOR) * BILLION, WEIGHT_FEE_DENOMINATOR);

export function weightToFee(weight: Weight): bigint {
  const w = BigInt(weight.refTime);
  return roundHalfDown(COEFF_PERBILL * w, BILLION) + COEFF_INTEGER * w;
}

export const lengthToFee = (length: number): bigint => BigInt(length);

export interface FeeDetails {
  readonly baseFee: bigint;
  readonly lenFee: bigint;
  readonly adjustedWeightFee: bigint;
  /** base + len + adjusted weight fee; 0 when the call does not pay. */
  readonly inclusionFee: bigint;
  readonly tip: bigint;
  /** What is withdrawn: inclusion fee + tip. */
  readonly total: bigint;
}

/** The fee for an extrinsic of `length` bytes whose call has `info` (its weight without the base weight). */
export function computeFee(length: number, info: DispatchInfo, tip: bigint): FeeDetails {
  const baseFee = weightToFee(EXTRINSIC_BASE_WEIGHT);
  const lenFee = lengthToFee(length);
  const adjustedWeightFee = weightToFee(info.weight);
  const inclusionFee = info.paysFee === 'Yes' ? baseFee + lenFee + adjustedWeightFee : 0n;
  return { baseFee, lenFee, adjustedWeightFee, inclusionFee, tip, total: inclusionFee + tip };
}

const U64_MAX = (1n << 64n) - 1n;
/** TransactionPayment.OperationalFeeMultiplier. */
const OPERATIONAL_FEE_MULTIPLIER = 5n;
const MAX_BLOCK_REF_TIME = BigInt(BLOCK_WEIGHTS.max_block.ref_time);
const MAX_BLOCK_PROOF_SIZE = BigInt(BLOCK_WEIGHTS.max_block.proof_size);
const MAX_BLOCK_LENGTH: Readonly<Record<DispatchInfo['class'], bigint>> = {
  Normal: BigInt(BLOCK_LENGTH.normal), Operational: BigInt(BLOCK_LENGTH.operational), Mandatory: BigInt(BLOCK_LENGTH.mandatory),
};

/**
 * ChargeTransactionPayment::get_priority: the tip (plus one) scaled by how many such transactions would fill a block
 * (by weight or by length, whichever is fewer), so a higher tip per unit of block space ranks higher; operational
 * calls add their fee × OperationalFeeMultiplier as a virtual tip. Saturates at u64::MAX like TransactionPriority.
 */
export function transactionPriority(length: number, info: DispatchInfo, tip: bigint, finalFee: bigint): bigint {
  const clamp = (v: bigint, max: bigint) => (v < 1n ? 1n : v > max ? max : v);
  const perWeight = [
    MAX_BLOCK_REF_TIME / clamp(BigInt(info.weight.refTime), MAX_BLOCK_REF_TIME),
    MAX_BLOCK_PROOF_SIZE / clamp(BigInt(info.weight.proofSize), MAX_BLOCK_PROOF_SIZE),
  ];
  const maxLength = MAX_BLOCK_LENGTH[info.class];
  const perLength = maxLength / clamp(BigInt(length), maxLength);
  const maxPerBlock = [...perWeight, perLength].reduce((a, b) => (b < a ? b : a));
  let priority = maxPerBlock * (tip + 1n);
  if (info.class === 'Operational') priority += maxPerBlock * finalFee * OPERATIONAL_FEE_MULTIPLIER;
  return priority > U64_MAX ? U64_MAX : priority;
}
