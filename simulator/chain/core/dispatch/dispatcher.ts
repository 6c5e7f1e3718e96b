// Routing a decoded call to its pallet implementation: its DispatchInfo (weight, class, pays) before dispatch, and
// the dispatch itself in a storage transaction, like FRAME's `#[transactional]` dispatchables: a failed call leaves
// no writes and no events behind.
import type { Pallet } from '../../runtime/pallet';
import type { CallValue, DispatchErrorValue } from '../codec';
import { DispatchContext } from './context';
import type { BlockEnv } from './env';
import { DispatchFailure } from './errors';
import { DEFAULT_CALL_WEIGHT, toWeight, type CallDef, type PalletImpl, type WeightContext } from './pallet-impl';
import type { DispatchInfo, Origin, PostDispatchInfo } from './types';

export type DispatchOutcome =
  | { readonly ok: true; readonly post: PostDispatchInfo }
  | { readonly ok: false; readonly error: DispatchErrorValue; readonly post: PostDispatchInfo };

interface ResolvedCall {
  readonly pallet: Pallet;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly def: CallDef | undefined;
}

function resolve(env: Pick<BlockEnv, 'codec' | 'impls'>, call: CallValue): ResolvedCall {
  const { pallet, name, args } = env.codec.callParts(call);
  return { pallet, name, args, def: env.impls.get(pallet.name)?.calls.get(name) };
}

/** The pre-dispatch info of a call (its declared weight, without the extrinsic base weight). */
export function callInfo(
  env: { readonly codec: BlockEnv['codec']; readonly impls: ReadonlyMap<string, PalletImpl> },
  call: CallValue,
): DispatchInfo {
  const { args, def } = resolve(env, call);
  const w: WeightContext = { infoOf: (inner) => callInfo(env, inner) };
  const spec = def?.weight;
  const weight = spec === undefined ? DEFAULT_CALL_WEIGHT : toWeight(typeof spec === 'function' ? spec(args, w) : spec);
  return { weight, class: def?.class ?? 'Normal', paysFee: def?.pays ?? 'Yes' };
}

/** Dispatches `call` from `origin` in its own storage transaction; never throws for a failed call. */
export function dispatchCall(env: BlockEnv, call: CallValue, origin: Origin): DispatchOutcome {
  const { pallet, name, args, def } = resolve(env, call);
  if (!def) {
    env.log.warn('call not implemented by the simulator', { call: `${pallet.name}.${name}` });
    return { ok: false, error: env.codec.moduleError(env.codec.pallet('System'), 'CallFiltered'), post: {} };
  }
  const ctx = new DispatchContext(env, pallet, origin);
  try {
    const post = env.overlay.transactional(() => def.dispatch(ctx, args)) ?? {};
    return { ok: true, post };
  } catch (error) {
    if (error instanceof DispatchFailure) return { ok: false, error: error.error, post: {} };
    // A bug in a pallet implementation: Substrate would panic and drop the block; we fail the call and say so.
    env.log.error('call implementation threw', {
      call: `${pallet.name}.${name}`,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    return { ok: false, error: 'Other', post: {} };
  }
}
