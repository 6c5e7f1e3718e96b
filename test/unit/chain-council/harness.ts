// Dispatches any runtime call straight into a block being built (no server, no signatures), with every implemented
// pallet registered: origins such as council motions and Root can be exercised directly, and the block number can be
// moved on (same state) to reach a motion's end.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { RuntimeCodec } from '../../../simulator/chain/core/codec';
import { devGenesisConfig } from '../../../simulator/chain/core/dev-genesis';
import { DispatchContext } from '../../../simulator/chain/core/dispatch/context';
import { dispatchCall, type DispatchOutcome } from '../../../simulator/chain/core/dispatch/dispatcher';
import { BlockEnv, silentLogger } from '../../../simulator/chain/core/dispatch/env';
import { ROOT, signed, type AccountId, type Origin } from '../../../simulator/chain/core/dispatch/types';
import { buildGenesisState } from '../../../simulator/chain/core/executive';
import { Overlay } from '../../../simulator/chain/core/state/overlay';
import { StateStore } from '../../../simulator/chain/core/state/store';
import { runtime } from '../../../simulator/chain/runtime';
import { implsByPallet, PALLET_IMPLS } from '../../../simulator/chain/runtime/impls';
import { EventRecord } from '../../../simulator/chain/runtime/pallets/system';

let codec: RuntimeCodec | undefined;
const sharedCodec = (): RuntimeCodec => (codec ??= new RuntimeCodec(runtime));

export const GENESIS_MS = 1_700_000_000_000;

export interface RuntimeEvent { readonly pallet: string; readonly name: string; readonly data: unknown }

export interface CallResult {
  readonly ok: boolean;
  readonly error?: DispatchOutcome extends infer O ? O extends { error: infer E } ? E : never : never;
  readonly post: DispatchOutcome['post'];
  readonly events: RuntimeEvent[];
}

export interface RuntimeHarness {
  readonly codec: RuntimeCodec;
  /** The block being built (change with `atBlock`). */
  readonly blockNumber: number;
  /** `Pallet.name(args)` from `origin` (an account is a signed origin); the outcome and every event it emitted. */
  call(origin: Origin | AccountId, pallet: string, name: string, args?: Record<string, unknown>): CallResult;
  read<V = unknown>(pallet: string, item: string, ...keys: unknown[]): V;
  /** Continues in block `n` on the same state, with Timestamp.Now at n × 6 s after genesis. */
  atBlock(n: number): void;
  /** The module error value of `pallet.name`. */
  error(pallet: string, name: string): unknown;
}

export async function ready(): Promise<(uri: string) => AccountId> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  return (uri) => keyring.addFromUri(uri).publicKey;
}

const okOf = (r: { ok: boolean; error?: unknown }): unknown => (r.ok ? 'ok' : r.error);
export { okOf };

export function runtimeHarness(): RuntimeHarness {
  const c = sharedCodec();
  const impls = implsByPallet(PALLET_IMPLS);
  const store = new StateStore();
  store.init(buildGenesisState(c, impls, devGenesisConfig({ time: GENESIS_MS }), silentLogger));
  const overlay = new Overlay(store);
  let env!: BlockEnv;
  const atBlock = (n: number) => {
    env = new BlockEnv(c, overlay, impls, n, silentLogger);
    new DispatchContext(env, c.pallet('System'), ROOT).storage('Timestamp', 'Now').set(BigInt(GENESIS_MS + n * 6000));
    env.phase = { ApplyExtrinsic: 1 };
  };
  atBlock(1);
  return {
    codec: c,
    get blockNumber() { return env.blockNumber; },
    call(origin, pallet, name, args = {}) {
      const o: Origin = origin instanceof Uint8Array ? signed(origin) : origin;
      const before = env.overlay.events.length;
      const outcome = dispatchCall(env, { [pallet]: { [name]: args } }, o);
      const events = env.overlay.events.slice(before).map((bytes) => {
        const { event } = c.decode<{ event: Record<string, unknown> }>(EventRecord, bytes);
        const [p, inner] = Object.entries(event)[0]! as [string, Record<string, unknown> | string];
        if (typeof inner === 'string') return { pallet: p, name: inner, data: null };
        const [n, data] = Object.entries(inner)[0]!;
        return { pallet: p, name: n, data };
      });
      return { ...outcome, events };
    },
    read: (pallet, item, ...keys) => new DispatchContext(env, c.pallet(pallet), ROOT).storage(item).get(...keys),
    atBlock,
    error: (pallet, name) => c.moduleError(c.pallet(pallet), name),
  };
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
