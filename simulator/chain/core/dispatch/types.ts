// What a dispatch is about: origins, weights and the info the executive, fees and events need.

/** 32-byte account id (AccountId32 / the sr25519 or ed25519 public key). */
export type AccountId = Uint8Array;

/**
 * The origin of a call, one per `OriginCaller` value (see origins.ts for the conversion). `council` is
 * pallet_collective's `Members(yes, total)` after a successful motion (`OriginCaller::Council(Members(…))`);
 * `councilMember` is its `Member(who)` (Council.execute). TFChain's admin calls accept Root or a Council motion with at
 * least 3/5 in favour (tfchain.md §1.5); a single member's origin never satisfies them.
 */
export type Origin =
  | { readonly kind: 'signed'; readonly who: AccountId }
  | { readonly kind: 'root' }
  | { readonly kind: 'none' }
  | { readonly kind: 'council'; readonly yes: number; readonly total: number }
  | { readonly kind: 'councilMember'; readonly who: AccountId };

export const ROOT: Origin = Object.freeze({ kind: 'root' });
export const NONE: Origin = Object.freeze({ kind: 'none' });
export const signed = (who: AccountId): Origin => ({ kind: 'signed', who });

/** sp_weights::Weight v2; both parts fit a JS number for anything a call weighs. */
export interface Weight {
  readonly refTime: number;
  readonly proofSize: number;
}

export const ZERO_WEIGHT: Weight = Object.freeze({ refTime: 0, proofSize: 0 });

export const addWeight = (a: Weight, b: Weight): Weight =>
  ({ refTime: a.refTime + b.refTime, proofSize: a.proofSize + b.proofSize });

export type DispatchClass = 'Normal' | 'Operational' | 'Mandatory';
export type Pays = 'Yes' | 'No';

/** frame_support's DispatchInfo: the call's declared weight (without the extrinsic base weight). */
export interface DispatchInfo {
  readonly weight: Weight;
  readonly class: DispatchClass;
  readonly paysFee: Pays;
}

/** What a call may return to correct its pre-dispatch info (FRAME's PostDispatchInfo). */
export interface PostDispatchInfo {
  readonly actualWeight?: Weight;
  readonly paysFee?: Pays;
}

/** The value shape of `DispatchInfo` for events (declared field names). */
export const dispatchInfoValue = (info: DispatchInfo) => ({
  weight: { ref_time: info.weight.refTime, proof_size: info.weight.proofSize },
  class: info.class,
  pays_fee: info.paysFee,
});
