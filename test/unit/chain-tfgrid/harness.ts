// Dispatches TfgridModule calls straight into one block being built, without a server or signatures, so that origins
// a client cannot produce yet (Root, council motions) can be exercised: genesis from the registered impls plus
// tfgridImpl, one BlockEnv at block 1 with Timestamp.Now set, events decoded back to values.
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
import { tfgrid } from '../../../simulator/chain/runtime/pallets/tfgrid';
import { tfgridImpl } from '../../../simulator/chain/runtime/pallets/tfgrid.impl';

let codec: RuntimeCodec | undefined;
const sharedCodec = (): RuntimeCodec => (codec ??= new RuntimeCodec(runtime));

export const GENESIS_MS = 1_700_000_000_000;
export const NOW_SECS = GENESIS_MS / 1000 + 6;

export interface Harness {
  readonly codec: RuntimeCodec;
  readonly env: BlockEnv;
  /** Dispatches `TfgridModule.<name>(args)` from `origin`; returns the outcome and the TfgridModule events it emitted. */
  call(origin: Origin | AccountId, name: string, args?: Record<string, unknown>): DispatchOutcome & { events: TfEvent[] };
  /** Reads a TfgridModule storage item. */
  read<V = unknown>(item: string, ...keys: unknown[]): V;
  /** The module error value for a TfgridModule error name. */
  error(name: string): unknown;
}

export interface TfEvent { readonly name: string; readonly data: unknown }

/** sr25519 dev keys by URI (the keyring needs the WASM crypto: await `ready()` first). */
export async function ready(): Promise<(uri: string) => AccountId> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  return (uri) => keyring.addFromUri(uri).publicKey;
}

export function harness(pallets: Record<string, unknown> = {}): Harness {
  const c = sharedCodec();
  const impls = implsByPallet([...PALLET_IMPLS.filter((i) => i.pallet.name !== 'TfgridModule'), tfgridImpl]);
  const store = new StateStore();
  store.init(buildGenesisState(c, impls, devGenesisConfig({ time: GENESIS_MS, pallets }), silentLogger));
  const env = new BlockEnv(c, new Overlay(store), impls, 1, silentLogger);
  const root = new DispatchContext(env, tfgrid, ROOT);
  root.storage('Timestamp', 'Now').set(BigInt(NOW_SECS * 1000));
  env.phase = { ApplyExtrinsic: 1 };
  return {
    codec: c,
    env,
    call(origin, name, args = {}) {
      const o: Origin = origin instanceof Uint8Array ? signed(origin) : origin;
      const before = env.overlay.events.length;
      const outcome = dispatchCall(env, { TfgridModule: { [name]: args } }, o);
      const events = env.overlay.events.slice(before)
        .map((bytes) => c.decode<{ event: Record<string, unknown> }>(EventRecord, bytes).event)
        .filter((e) => 'TfgridModule' in e)
        .map((e) => {
          const inner = e.TfgridModule as Record<string, unknown> | string;
          if (typeof inner === 'string') return { name: inner, data: null };
          const [eventName, data] = Object.entries(inner)[0]!;
          return { name: eventName, data };
        });
      return { ...outcome, events };
    },
    read: (item, ...keys) => root.storage(item).get(...keys),
    error: (name) => c.moduleError(tfgrid, name),
  };
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const GIB = 1024n ** 3n;

export const nodeArgs = (farmId: number, overrides: Record<string, unknown> = {}) => ({
  farm_id: farmId,
  resources: { hru: 4000n * GIB, sru: 500n * GIB, cru: 8n, mru: 16n * GIB },
  location: { city: text('Ghent'), country: text('Belgium'), latitude: text('51.05'), longitude: text('3.72') },
  interfaces: [{ name: text('zos'), mac: text('aa:bb:cc:dd:ee:ff'), ips: [text('10.0.0.2')] }],
  secure_boot: false,
  virtualized: false,
  serial_number: text('SN-0001'),
  ...overrides,
});
