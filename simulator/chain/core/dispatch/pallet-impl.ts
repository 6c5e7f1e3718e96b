// A pallet's behaviour, next to its declaration: call implementations with their weights, genesis and block hooks.
//
//   export const balancesImpl = definePalletImpl(balances, {
//     calls: {
//       transfer_keep_alive: { weight: 43_000_000, dispatch: (ctx, { dest, value }) => { … } },
//       remark: (ctx, args) => { … },                       // default weight, Normal class, pays
//     },
//     genesis: (ctx, config) => { … },
//     onInitialize: (ctx) => { … },  onFinalize: (ctx) => { … },
//   });
//
// Call names are checked against the declaration at start-up; a declared call without an implementation fails with
// System.CallFiltered when dispatched (and the fee is charged), so clients see a clean error, not a crash.
import type { Pallet } from '../../runtime/pallet';
import type { CallValue } from '../codec';
import type { GenesisConfig } from '../genesis-config';
import type { DispatchContext } from './context';
import type { DispatchClass, DispatchInfo, Pays, PostDispatchInfo, Weight } from './types';

/** What a weight function may ask: the info of nested calls (Utility.batch weighs its calls). */
export interface WeightContext {
  infoOf(call: CallValue): DispatchInfo;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- call arguments are decoded from the declarations at run time */
export type CallHandler<A = any> = (ctx: DispatchContext, args: A) => void | PostDispatchInfo;

export interface CallDef<A = any> {
  readonly dispatch: CallHandler<A>;
  /** ref_time (proof size 0), a Weight, or a function of the arguments. Default: DEFAULT_CALL_WEIGHT. */
  readonly weight?: number | Weight | ((args: A, w: WeightContext) => number | Weight);
  /** Default Normal. */
  readonly class?: DispatchClass;
  /** Default Yes. TFChain's free calls (report_uptime, set_prices, …) say 'No'. */
  readonly pays?: Pays;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface PalletImplSpec {
  readonly calls?: Readonly<Record<string, CallHandler | CallDef>>;
  /** Writes the pallet's genesis state (run in construct_runtime order, Root origin, no events kept). */
  readonly genesis?: (ctx: DispatchContext, config: GenesisConfig) => void;
  /** `on_initialize`, before the block's extrinsics (phase Initialization). */
  readonly onInitialize?: (ctx: DispatchContext) => void;
  /** `on_finalize`, after them (phase Finalization). */
  readonly onFinalize?: (ctx: DispatchContext) => void;
}

export interface PalletImpl {
  readonly pallet: Pallet;
  readonly calls: ReadonlyMap<string, CallDef>;
  readonly genesis?: PalletImplSpec['genesis'];
  readonly onInitialize?: PalletImplSpec['onInitialize'];
  readonly onFinalize?: PalletImplSpec['onFinalize'];
}

/**
 * A call nobody implemented yet weighs this (≈ a transfer: a few reads and writes); real TFChain calls range from
 * 50 to 500 M ref_time.
 */
export const DEFAULT_CALL_WEIGHT: Weight = Object.freeze({ refTime: 200_000_000, proofSize: 4_000 });

export function definePalletImpl(pallet: Pallet, spec: PalletImplSpec): PalletImpl {
  const calls = new Map<string, CallDef>();
  for (const [name, def] of Object.entries(spec.calls ?? {})) {
    if (!pallet.calls?.variants.some((v) => v.name === name)) throw new Error(`${pallet.name} declares no call ${name}`);
    calls.set(name, typeof def === 'function' ? { dispatch: def } : def);
  }
  return { pallet, calls, genesis: spec.genesis, onInitialize: spec.onInitialize, onFinalize: spec.onFinalize };
}

export function toWeight(w: number | Weight): Weight {
  return typeof w === 'number' ? { refTime: w, proofSize: 0 } : w;
}
