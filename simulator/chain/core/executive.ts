// Building one block, as frame_executive does: initialize (frame_system bookkeeping, on_initialize hooks), the
// timestamp inherent at index 0, the signed extrinsics, finalize (on_finalize hooks, events and weights to storage).
//
// Per signed extrinsic, inside a storage transaction that is dropped whole if the extrinsic turns out invalid:
//   CheckMortality, CheckNonce (nonce + 1), ChargeTransactionPayment (fee withdrawn: Balances.Withdraw),
//   the call in its own transaction (its events, or nothing if it fails),
//   fee settled (refund, author's Balances.Deposit, TransactionPayment.TransactionFeePaid),
//   System.ExtrinsicSuccess / ExtrinsicFailed — all in Phase::ApplyExtrinsic(i), i its position in the block.
import { compactToU8a, u8aConcat } from '@polkadot/util';
import { callInfo, dispatchCall } from './dispatch/dispatcher';
import { BlockEnv, type ChainLogger } from './dispatch/env';
import { DispatchContext } from './dispatch/context';
import type { PalletImpl } from './dispatch/pallet-impl';
import {
  addWeight, dispatchInfoValue, NONE, ROOT, signed, ZERO_WEIGHT, type DispatchInfo, type Pays, type Weight,
} from './dispatch/types';
import type { DispatchErrorValue, RuntimeCodec } from './codec';
import { encodeUnsigned, type DecodedExtrinsic } from './extrinsic';
import { BLOCK_BASE_WEIGHT, computeFee, EXTRINSIC_BASE_WEIGHT, MAX_TOTAL_NORMAL } from './fees';
import type { GenesisConfig } from './genesis-config';
import { Overlay } from './state/overlay';
import { StateStore, type ChangeSet } from './state/store';
import { BLOCK_HASH_COUNT, BLOCK_LENGTH } from '../runtime/pallets/system';
import { EXTRINSIC_INDEX_KEY, accountInfo, incNonce } from '../runtime/pallets/system.impl';
import { settleFee, withdrawFee } from '../runtime/pallets/transaction-payment.impl';
import { DigestItem } from '../runtime/types/substrate';

/** Why an extrinsic could not go into this block. */
export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly index: number; readonly success: boolean }
  /** Invalid now and later: drop it (its nonce is used, it cannot pay, it expired). */
  | { readonly kind: 'invalid'; readonly reason: 'Stale' | 'Payment' | 'AncientBirthBlock' | 'ExhaustsResources' }
  /** Not yet: its nonce is ahead of the account's. */
  | { readonly kind: 'future' }
  /** This block is full. */
  | { readonly kind: 'full' };

export interface SignedInfo {
  readonly xt: DecodedExtrinsic;
  readonly signer: Uint8Array;
  readonly nonce: number;
  readonly tip: bigint;
  /** First block number at which the era no longer allows it. */
  readonly death: number;
}

export interface BlockParams {
  readonly number: number;
  readonly parentHash: Uint8Array;
  readonly timestamp: number;
  /** The encoded `PreRuntime(aura, slot)` digest item. */
  readonly preDigest: Uint8Array;
}

export interface BuiltBlock {
  readonly extrinsics: readonly Uint8Array[];
  readonly logs: readonly Uint8Array[];
  readonly changes: ChangeSet;
}

/** FRAME's `extract_actual_weight`: a call may report less than it declared, never more. */
const actualWeight = (info: DispatchInfo, reported: Weight | undefined): Weight =>
  reported && reported.refTime < info.weight.refTime ? reported : info.weight;

const u32le = (n: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};

export class BlockBuilder {
  readonly env: BlockEnv;
  readonly #extrinsics: Uint8Array[] = [];
  #normalWeight: Weight = ZERO_WEIGHT;
  #mandatoryWeight: Weight = BLOCK_BASE_WEIGHT;
  #length = 0;

  constructor(
    private readonly codec: RuntimeCodec,
    private readonly impls: ReadonlyMap<string, PalletImpl>,
    store: StateStore,
    private readonly params: BlockParams,
    log: ChainLogger,
  ) {
    this.env = new BlockEnv(codec, new Overlay(store), impls, params.number, log);
  }

  #ctx(palletName: string, origin = ROOT): DispatchContext {
    return new DispatchContext(this.env, this.codec.pallet(palletName), origin);
  }

  /** frame_system::initialize, on_initialize hooks, then the timestamp inherent (extrinsic 0). */
  initialize(): void {
    const { number, parentHash, preDigest } = this.params;
    const sys = this.#ctx('System');
    this.env.phase = 'Initialization';
    this.env.set(EXTRINSIC_INDEX_KEY, u32le(0));
    sys.storage('Number').set(number);
    sys.storage('Digest').set({ logs: [this.codec.decode(DigestItem, preDigest)] });
    sys.storage('ParentHash').set(parentHash);
    sys.storage('BlockHash').set(number - 1, parentHash);
    sys.storage('Events').remove();
    sys.storage('EventCount').remove();
    sys.storage('EventTopics').clear();
    for (const impl of this.impls.values()) impl.onInitialize?.(this.#ctx(impl.pallet.name));
    this.#applyInherent(this.codec.encodeCall({ Timestamp: { set: { now: BigInt(this.params.timestamp) } } }));
  }

  #applyInherent(callBytes: Uint8Array): void {
    const index = this.#extrinsics.length;
    const call = this.codec.decodeCall(callBytes);
    const info = callInfo(this.env, call);
    this.env.phase = { ApplyExtrinsic: index };
    this.env.set(EXTRINSIC_INDEX_KEY, u32le(index));
    const outcome = dispatchCall(this.env, call, NONE);
    if (!outcome.ok) throw new Error(`inherent failed: ${JSON.stringify(outcome.error)}`);
    this.#noteApplied(info, actualWeight(info, outcome.post.actualWeight), info.paysFee);
    const bytes = encodeUnsigned(this.codec, callBytes);
    this.#extrinsics.push(bytes);
    this.#mandatoryWeight = addWeight(addWeight(this.#mandatoryWeight, info.weight), EXTRINSIC_BASE_WEIGHT);
    this.#length += bytes.length;
  }

  /** ExtrinsicSuccess, or ExtrinsicFailed with `error`: the weight actually used plus the base weight. */
  #noteApplied(info: DispatchInfo, used: Weight, paysFee: Pays, error?: DispatchErrorValue): void {
    const dispatch_info = dispatchInfoValue({ ...info, weight: addWeight(used, EXTRINSIC_BASE_WEIGHT), paysFee });
    const event = error === undefined
      ? { ExtrinsicSuccess: { dispatch_info } }
      : { ExtrinsicFailed: { dispatch_error: error, dispatch_info } };
    this.env.depositEvent({ System: event });
  }

  get extrinsicCount(): number {
    return this.#extrinsics.length;
  }

  /** Applies one signed extrinsic (already decoded and its signature verified at admission). */
  apply(tx: SignedInfo): ApplyOutcome {
    const { xt, signer, nonce, tip } = tx;
    const { number } = this.params;
    if (number >= tx.death) return { kind: 'invalid', reason: 'AncientBirthBlock' };
    const info = callInfo(this.env, xt.call);
    const length = xt.bytes.length;
    const weight = addWeight(info.weight, EXTRINSIC_BASE_WEIGHT);
    if (this.#normalWeight.refTime + weight.refTime > MAX_TOTAL_NORMAL || this.#length + length > BLOCK_LENGTH.normal) {
      return this.#extrinsics.length <= 1 ? { kind: 'invalid', reason: 'ExhaustsResources' } : { kind: 'full' };
    }
    const index = this.#extrinsics.length;
    const overlay = this.env.overlay;
    this.env.phase = { ApplyExtrinsic: index };
    overlay.begin();
    this.env.set(EXTRINSIC_INDEX_KEY, u32le(index));
    const ctx = this.#ctx('System', signed(signer));

    const account = accountInfo(ctx, signer);
    const refused = account.providers === 0 && account.sufficients === 0 ? 'Payment'
      : nonce < account.nonce ? 'Stale' : undefined;
    if (refused || nonce > account.nonce) {
      overlay.rollback();
      return refused ? { kind: 'invalid', reason: refused } : { kind: 'future' };
    }
    incNonce(ctx, signer);
    const fee = computeFee(length, info, tip).total;
    if (fee > 0n && !withdrawFee(ctx, signer, fee)) {
      overlay.rollback();
      return { kind: 'invalid', reason: 'Payment' };
    }

    const outcome = dispatchCall(this.env, xt.call, signed(signer));
    const paysFee: Pays = outcome.post.paysFee === 'No' || info.paysFee === 'No' ? 'No' : 'Yes';
    const used = actualWeight(info, outcome.post.actualWeight);
    const actualFee = computeFee(length, { ...info, weight: used, paysFee }, tip).total;
    settleFee(ctx, signer, fee, actualFee, tip);
    this.#noteApplied(info, used, paysFee, outcome.ok ? undefined : outcome.error);
    overlay.commit();

    this.#extrinsics.push(xt.bytes);
    this.#normalWeight = addWeight(this.#normalWeight, weight);
    this.#length += length;
    return { kind: 'applied', index, success: outcome.ok };
  }

  /** on_finalize hooks and frame_system::finalize; the overlay's changes are the block's. */
  finalize(): BuiltBlock {
    const { number } = this.params;
    const env = this.env;
    env.phase = 'Finalization';
    for (const impl of this.impls.values()) impl.onFinalize?.(this.#ctx(impl.pallet.name));
    const sys = this.#ctx('System');
    env.delete(EXTRINSIC_INDEX_KEY);
    sys.storage('ExtrinsicCount').remove();
    sys.storage('AllExtrinsicsLen').remove();
    sys.storage('ExecutionPhase').remove();
    const prune = number - BLOCK_HASH_COUNT - 1;
    if (prune > 0) sys.storage('BlockHash').remove(prune);
    const w = (x: Weight) => ({ ref_time: x.refTime, proof_size: x.proofSize });
    sys.storage('BlockWeight').set({ normal: w(this.#normalWeight), operational: w(ZERO_WEIGHT), mandatory: w(this.#mandatoryWeight) });
    const events = env.overlay.events;
    env.set(sys.storage('Events').key(), u8aConcat(compactToU8a(events.length), ...events));
    sys.storage('EventCount').set(events.length);
    const digest = sys.storage<{ logs: unknown[] }>('Digest').get();
    const logs = digest.logs.map((item) => this.codec.encode(DigestItem, item, 'digest item'));
    return { extrinsics: [...this.#extrinsics], logs, changes: env.overlay.changes() };
  }
}

/** Runs every pallet's genesis hook into an empty state; returns the genesis storage. */
export function buildGenesisState(
  codec: RuntimeCodec,
  impls: ReadonlyMap<string, PalletImpl>,
  config: GenesisConfig,
  log: ChainLogger,
): Map<string, Uint8Array> {
  const env = new BlockEnv(codec, new Overlay(new StateStore()), impls, 0, log);
  for (const impl of impls.values()) impl.genesis?.(new DispatchContext(env, impl.pallet, ROOT), config);
  const state = new Map<string, Uint8Array>();
  for (const [k, v] of env.overlay.changes()) if (v) state.set(k, v);
  return state;
}
