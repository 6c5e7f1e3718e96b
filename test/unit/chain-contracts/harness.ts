// Dispatches the contract pallets' calls straight into blocks being built, without a server or signatures, so that
// Root and council origins and the billing hook can be driven directly: genesis from runtime/impls.ts plus the
// contract impls, then one BlockEnv per block over one overlay, with Timestamp.Now set by `at`.
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { RuntimeCodec } from '../../../simulator/chain/core/codec';
import { devGenesisConfig } from '../../../simulator/chain/core/dev-genesis';
import { DispatchContext } from '../../../simulator/chain/core/dispatch/context';
import { dispatchCall, type DispatchOutcome } from '../../../simulator/chain/core/dispatch/dispatcher';
import { BlockEnv, type ChainLogger } from '../../../simulator/chain/core/dispatch/env';
import type { PalletImpl } from '../../../simulator/chain/core/dispatch/pallet-impl';
import { ROOT, signed, type AccountId, type Origin } from '../../../simulator/chain/core/dispatch/types';
import { buildGenesisState } from '../../../simulator/chain/core/executive';
import { Overlay } from '../../../simulator/chain/core/state/overlay';
import { StateStore } from '../../../simulator/chain/core/state/store';
import { runtime } from '../../../simulator/chain/runtime';
import { implsByPallet, PALLET_IMPLS } from '../../../simulator/chain/runtime/impls';
import { kvstoreImpl } from '../../../simulator/chain/runtime/pallets/kvstore.impl';
import type { BillingOptions } from '../../../simulator/chain/runtime/pallets/smart-contract-billing.impl';
import { smartContract } from '../../../simulator/chain/runtime/pallets/smart-contract';
import { createSmartContractImpl } from '../../../simulator/chain/runtime/pallets/smart-contract.impl';
import { EventRecord } from '../../../simulator/chain/runtime/pallets/system';
import { tftPriceImpl } from '../../../simulator/chain/runtime/pallets/tft-price.impl';

let codec: RuntimeCodec | undefined;
const sharedCodec = (): RuntimeCodec => (codec ??= new RuntimeCodec(runtime));

export const GENESIS_MS = 1_700_000_000_000;
export const GIB = 1024n ** 3n;
export const TFT = 10_000_000n;

export interface PalletEvent { readonly pallet: string; readonly name: string; readonly data: unknown }

/** A dispatch outcome flattened for assertions: `error` is the DispatchError value of a failed call. */
export interface CallResult {
  readonly ok: boolean;
  readonly error?: unknown;
  readonly events: PalletEvent[];
}

export interface Harness {
  readonly codec: RuntimeCodec;
  /** Root context on the current block (storage reads and writes, balances). */
  readonly root: DispatchContext;
  readonly block: number;
  readonly problems: string[];
  /** Dispatches `<pallet>.<name>(args)`; returns the outcome and every non-framework event it emitted. */
  call(origin: Origin | AccountId, pallet: string, name: string, args?: Record<string, unknown>): CallResult;
  /** Moves to block `number` at `nowSecs` (Timestamp.Now), as the timestamp inherent would. */
  at(number: number, nowSecs: number): void;
  /** SmartContractModule's on_finalize (the billing loop) on the current block; returns its events. */
  finalize(): PalletEvent[];
  /** The module error value of `pallet.name`. */
  error(pallet: string, name: string): unknown;
}

export async function keys(): Promise<(uri: string) => AccountId> {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  return (uri) => keyring.addFromUri(uri).publicKey;
}

export function harness(billing: BillingOptions = {}): Harness {
  const c = sharedCodec();
  const smartContractImpl = createSmartContractImpl(billing);
  const mine: PalletImpl[] = [kvstoreImpl, tftPriceImpl, smartContractImpl];
  const names = new Set(mine.map((i) => i.pallet.name));
  const impls = implsByPallet([...PALLET_IMPLS.filter((i) => !names.has(i.pallet.name)), ...mine]);
  const problems: string[] = [];
  const log: ChainLogger = {
    debug: () => {}, info: () => {},
    warn: (m, f) => problems.push(`${m} ${JSON.stringify(f)}`),
    error: (m, f) => problems.push(`${m} ${JSON.stringify(f)}`),
  };
  const store = new StateStore();
  store.init(buildGenesisState(c, impls, devGenesisConfig({ time: GENESIS_MS }), log));
  const overlay = new Overlay(store);
  let env = new BlockEnv(c, overlay, impls, 1, log);
  let root = new DispatchContext(env, smartContract, ROOT);

  const decode = (from: number): PalletEvent[] => overlay.events.slice(from)
    .map((bytes) => c.decode<{ event: Record<string, unknown> }>(EventRecord, bytes).event)
    .flatMap((e) => Object.entries(e).map(([pallet, inner]) => ({ pallet, inner })))
    .filter(({ pallet }) => !['System', 'Balances', 'TransactionPayment'].includes(pallet))
    .map(({ pallet, inner }) => {
      if (typeof inner === 'string') return { pallet, name: inner, data: null };
      const [name, data] = Object.entries(inner as Record<string, unknown>)[0]!;
      return { pallet, name, data };
    });

  const h: Harness = {
    codec: c,
    get root() {
      return root;
    },
    get block() {
      return env.blockNumber;
    },
    problems,
    call(origin, pallet, name, args = {}) {
      const o: Origin = origin instanceof Uint8Array ? signed(origin) : origin;
      const before = overlay.events.length;
      env.phase = { ApplyExtrinsic: 1 };
      const outcome: DispatchOutcome = dispatchCall(env, { [pallet]: { [name]: args } }, o);
      return { ok: outcome.ok, error: outcome.ok ? undefined : outcome.error, events: decode(before) };
    },
    at(number, nowSecs) {
      env = new BlockEnv(c, overlay, impls, number, log);
      root = new DispatchContext(env, smartContract, ROOT);
      root.storage('Timestamp', 'Now').set(BigInt(nowSecs) * 1000n);
    },
    finalize() {
      const before = overlay.events.length;
      env.phase = 'Finalization';
      smartContractImpl.onFinalize!(new DispatchContext(env, smartContract, ROOT));
      return decode(before);
    },
    error: (pallet, name) => c.moduleError(c.pallet(pallet), name),
  };
  h.at(1, GENESIS_MS / 1000 + 6);
  return h;
}

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Seeds a twin for `account` (TfgridModule storage, as its implementation writes it). */
export function seedTwin(h: Harness, id: number, account: AccountId): void {
  h.root.storage('TfgridModule', 'Twins').set(id, { id, account_id: account, relay: null, entities: [], pk: null });
  h.root.storage('TfgridModule', 'TwinIdByAccountID').set(account, id);
}

/** A farm with `ips` public IPs and node `nodeId` on it, run by twin `nodeTwinId`. */
export function seedFarmAndNode(h: Harness, p: {
  farmId: number; farmTwinId: number; nodeId: number; nodeTwinId: number; ips?: number; dedicated?: boolean;
  resources?: { hru: bigint; sru: bigint; cru: bigint; mru: bigint };
}): void {
  h.root.storage('TfgridModule', 'Farms').set(p.farmId, {
    version: 4, id: p.farmId, name: text(`farm${p.farmId}`), twin_id: p.farmTwinId, pricing_policy_id: 1,
    certification: 'NotCertified', dedicated_farm: p.dedicated ?? false, farming_policy_limits: null,
    public_ips: Array.from({ length: p.ips ?? 0 }, (_, i) => ({
      ip: text(`185.206.122.${10 + i}/24`), gateway: text('185.206.122.1'), contract_id: 0n,
    })),
  });
  h.root.storage('TfgridModule', 'Nodes').set(p.nodeId, {
    version: 6, id: p.nodeId, farm_id: p.farmId, twin_id: p.nodeTwinId,
    resources: p.resources ?? { hru: 0n, sru: 500n * GIB, cru: 8n, mru: 16n * GIB },
    location: { city: text('Ghent'), country: text('Belgium'), latitude: text('51.05'), longitude: text('3.72') },
    public_config: null, created: 0n, farming_policy_id: 1, interfaces: [], certification: 'Diy', secure_boot: false,
    virtualized: false, serial_number: null, connection_price: 80,
  });
  h.root.storage('TfgridModule', 'NodeIdByTwinID').set(p.nodeTwinId, p.nodeId);
}

export const byName = (events: readonly PalletEvent[], name: string) => events.filter((e) => e.name === name);
