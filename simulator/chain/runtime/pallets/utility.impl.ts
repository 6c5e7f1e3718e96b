// Utility's behaviour (pallet_utility, polkadot v1.0): batches run their calls with the batch's origin, each call in
// its own transaction; `batch` stops at the first failure (BatchInterrupted, the extrinsic still succeeds),
// `batch_all` is all-or-nothing (the extrinsic fails with the call's error), `force_batch` carries on (ItemFailed).
import { u8aConcat } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { CallValue } from '../../core/codec';
import type { DispatchContext } from '../../core/dispatch/context';
import type { DispatchOutcome } from '../../core/dispatch/dispatcher';
import { badOrigin, DispatchFailure } from '../../core/dispatch/errors';
import { originFromCaller } from '../../core/dispatch/origins';
import { definePalletImpl, toWeight, type WeightContext } from '../../core/dispatch/pallet-impl';
import { addWeight, type AccountId, type Weight } from '../../core/dispatch/types';
import { utility } from './utility';

/** `batched_calls_limit`: how many calls one batch may carry. */
export const BATCHED_CALLS_LIMIT = 10_922;

// pallet_utility's benchmarked weights (polkadot v1.0), per call in the batch.
const perCall = (base: number, each: number) => (n: number): Weight => ({ refTime: base + each * n, proofSize: 0 });
const BATCH = perCall(6_763_000, 4_519_000);
const BATCH_ALL = perCall(6_953_000, 4_741_000);
const FORCE_BATCH = perCall(6_758_000, 4_530_000);

/** The declared weight of a batch: its own plus every call's. */
const batchWeight = (own: (n: number) => Weight) => ({ calls }: { calls: CallValue[] }, w: WeightContext): Weight =>
  calls.reduce((sum, call) => addWeight(sum, w.infoOf(call).weight), own(calls.length));

function ensureNotNone(ctx: DispatchContext): void {
  if (ctx.origin.kind === 'none') throw badOrigin();
}

function ensureWithinLimit(ctx: DispatchContext, calls: readonly unknown[]): void {
  ctx.ensure(calls.length <= BATCHED_CALLS_LIMIT, 'TooManyCalls');
}

const isBatchAll = (call: CallValue): boolean => {
  const inner = call.Utility;
  return typeof inner === 'object' && inner !== null && 'batch_all' in inner;
};

/** Dispatches one call of a batch; users may not nest batch_all (FRAME filters it for non-root origins). */
function dispatchItem(ctx: DispatchContext, call: CallValue): DispatchOutcome {
  if (ctx.origin.kind !== 'root' && isBatchAll(call)) {
    return { ok: false, error: ctx.codec.moduleError(ctx.codec.pallet('System'), 'CallFiltered'), post: {} };
  }
  return ctx.dispatch(call);
}

/** `derivative_account_id`: blake2_256("modlpy/utilisuba" ++ who ++ index as u16). */
export function derivativeAccount(who: AccountId, index: number): AccountId {
  return blake2AsU8a(u8aConcat(Buffer.from('modlpy/utilisuba'), who, Uint8Array.of(index & 0xff, index >> 8)), 256);
}

const fromOutcome = (o: DispatchOutcome): void => {
  if (!o.ok) throw new DispatchFailure(o.error, 'nested call failed');
};

export const utilityImpl = definePalletImpl(utility, {
  calls: {
    batch: {
      weight: batchWeight(BATCH),
      dispatch: (ctx, { calls }: { calls: CallValue[] }) => {
        ensureNotNone(ctx);
        ensureWithinLimit(ctx, calls);
        for (const [index, call] of calls.entries()) {
          const outcome = dispatchItem(ctx, call);
          if (!outcome.ok) {
            ctx.depositEvent('BatchInterrupted', { index, error: outcome.error });
            return;
          }
          ctx.depositEvent('ItemCompleted');
        }
        ctx.depositEvent('BatchCompleted');
      },
    },
    batch_all: {
      weight: batchWeight(BATCH_ALL),
      dispatch: (ctx, { calls }: { calls: CallValue[] }) => {
        ensureNotNone(ctx);
        ensureWithinLimit(ctx, calls);
        for (const call of calls) {
          fromOutcome(dispatchItem(ctx, call));
          ctx.depositEvent('ItemCompleted');
        }
        ctx.depositEvent('BatchCompleted');
      },
    },
    force_batch: {
      weight: batchWeight(FORCE_BATCH),
      dispatch: (ctx, { calls }: { calls: CallValue[] }) => {
        ensureNotNone(ctx);
        ensureWithinLimit(ctx, calls);
        let failed = false;
        for (const call of calls) {
          const outcome = dispatchItem(ctx, call);
          if (outcome.ok) ctx.depositEvent('ItemCompleted');
          else {
            failed = true;
            ctx.depositEvent('ItemFailed', { error: outcome.error });
          }
        }
        ctx.depositEvent(failed ? 'BatchCompletedWithErrors' : 'BatchCompleted');
      },
    },
    as_derivative: {
      weight: ({ call }: { call: CallValue }, w) => addWeight({ refTime: 4_640_000, proofSize: 0 }, w.infoOf(call).weight),
      dispatch: (ctx, { index, call }: { index: number; call: CallValue }) => {
        const who = ctx.ensureSigned();
        fromOutcome(ctx.dispatch(call, { kind: 'signed', who: derivativeAccount(who, index) }));
      },
    },
    dispatch_as: {
      weight: ({ call }: { call: CallValue }, w) => addWeight({ refTime: 8_170_000, proofSize: 0 }, w.infoOf(call).weight),
      dispatch: (ctx, { as_origin, call }: { as_origin: unknown; call: CallValue }) => {
        ctx.ensureRoot();
        const outcome = ctx.dispatch(call, originFromCaller(as_origin));
        ctx.depositEvent('DispatchedAs', { result: outcome.ok ? { Ok: null } : { Err: outcome.error } });
      },
    },
    with_weight: {
      weight: ({ weight }: { weight: { ref_time: bigint; proof_size: bigint } }) =>
        toWeight({ refTime: Number(weight.ref_time), proofSize: Number(weight.proof_size) }),
      dispatch: (ctx, { call }: { call: CallValue }) => {
        ctx.ensureRoot();
        fromOutcome(ctx.dispatch(call));
      },
    },
  },
});
