// A dev chain with the contract pallets' implementations (TFKVStore, TFTPriceModule, SmartContractModule) added to
// runtime/impls.ts's list whether or not that list registers them yet, plus seeding of TfgridModule state (twins,
// farms, nodes) through dev_setStorage, so these tests do not depend on the TfgridModule implementation.
import '@polkadot/api-augment';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { Codec } from '@polkadot/types/types';
import { startChain } from '../../../simulator/chain';
import type { BlockMode } from '../../../simulator/chain/core/chain';
import type { PalletImpl } from '../../../simulator/chain/core/dispatch/pallet-impl';
import { PALLET_IMPLS } from '../../../simulator/chain/runtime/impls';
import { kvstoreImpl } from '../../../simulator/chain/runtime/pallets/kvstore.impl';
import type { BillingOptions } from '../../../simulator/chain/runtime/pallets/smart-contract-billing.impl';
import { createSmartContractImpl } from '../../../simulator/chain/runtime/pallets/smart-contract.impl';
import { tftPriceImpl } from '../../../simulator/chain/runtime/pallets/tft-price.impl';
import type { TestChain } from '../chain/helpers';
import { collectingLogger } from '../chain/helpers';

/** runtime/impls.ts's list with the contract impls (billing knobs applied) and `extra` in place of their namesakes. */
export function contractImpls(billing: BillingOptions = {}, extra: readonly PalletImpl[] = []): PalletImpl[] {
  const mine = [kvstoreImpl, tftPriceImpl, createSmartContractImpl(billing), ...extra];
  const names = new Set(mine.map((i) => i.pallet.name));
  return [...PALLET_IMPLS.filter((i) => !names.has(i.pallet.name)), ...mine];
}

export async function startContractsChain(
  options: {
    blockMode?: BlockMode; billing?: BillingOptions; pallets?: Record<string, unknown>;
    /** Further implementations, e.g. TfgridModule's for tests that create twins, farms and nodes through calls. */
    extraImpls?: readonly PalletImpl[];
  } = {},
): Promise<TestChain> {
  const { logger, problems } = collectingLogger();
  const running = await startChain({
    host: '127.0.0.1', port: 0, blockMode: options.blockMode ?? 'instant', logger,
    impls: contractImpls(options.billing, options.extraImpls), genesis: { pallets: options.pallets ?? {} },
  });
  const provider = new WsProvider(running.url);
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  return {
    running, api, provider, keyring, problems,
    alice: keyring.addFromUri('//Alice'),
    bob: keyring.addFromUri('//Bob'),
    close: async () => {
      await api.disconnect();
      await running.close();
    },
  };
}

export const rpc = <T = unknown>(t: TestChain, method: string, ...params: unknown[]): Promise<T> =>
  t.provider.send<T>(method, params);

/** Writes TfgridModule storage as its implementation would (named dev_setStorage form). */
export const setGridStorage = (t: TestChain, items: Record<string, unknown>): Promise<unknown> =>
  rpc(t, 'dev_setStorage', { TfgridModule: items });

/** A twin for `pair` with id `id` (no relay, no pk). */
export async function seedTwin(t: TestChain, id: number, pair: KeyringPair): Promise<void> {
  await setGridStorage(t, {
    Twins: [[[id], { id, account_id: pair.address, relay: null, entities: [], pk: null }]],
    TwinIdByAccountID: [[[pair.address], id]],
  });
}

export interface SeedNode {
  readonly farmId: number;
  readonly farmTwinId: number;
  readonly nodeId: number;
  readonly nodeTwinId: number;
  readonly publicIps?: readonly string[];
  readonly dedicated?: boolean;
  readonly resources?: { hru: bigint; sru: bigint; cru: bigint; mru: bigint };
}

const GIB = 1024n ** 3n;

/** A farm with public IPs and one node on it (node twins must be seeded separately). */
export async function seedFarmAndNode(t: TestChain, s: SeedNode): Promise<void> {
  const r = s.resources ?? { hru: 0n, sru: 500n * GIB, cru: 8n, mru: 16n * GIB };
  await setGridStorage(t, {
    Farms: [[[s.farmId], {
      version: 4, id: s.farmId, name: `farm${s.farmId}`, twin_id: s.farmTwinId, pricing_policy_id: 1,
      certification: 'NotCertified', dedicated_farm: s.dedicated ?? false, farming_policy_limits: null,
      public_ips: (s.publicIps ?? []).map((ip, i) => ({ ip, gateway: `185.206.122.${200 + i}`, contract_id: 0 })),
    }]],
    Nodes: [[[s.nodeId], {
      version: 6, id: s.nodeId, farm_id: s.farmId, twin_id: s.nodeTwinId,
      resources: { hru: r.hru.toString(), sru: r.sru.toString(), cru: r.cru.toString(), mru: r.mru.toString() },
      certification: 'Diy', created: 0, farming_policy_id: 1, interfaces: [], public_config: null,
      secure_boot: false, virtualized: false, serial_number: null, connection_price: 80,
    }]],
    NodeIdByTwinID: [[[s.nodeTwinId], s.nodeId]],
    NodesByFarmID: [[[s.farmId], [s.nodeId]]],
  });
}

/** What a storage query of these (non-augmented) pallets gives back. */
export type Value = Codec & { toNumber(): number; toBigInt(): bigint; toPrimitive(): unknown };

/** `api.query.<section>.<method>(…)` for pallets polkadot-js has no type augmentation for. */
export function query(t: TestChain, section: string, method: string, ...args: unknown[]): Promise<Value> {
  const fn = t.api.query[section]?.[method];
  if (!fn) throw new Error(`no query ${section}.${method}`);
  return fn(...args) as Promise<Value>;
}

/** `api.query.<section>.<method>.entries(…)`. */
export function entries(t: TestChain, section: string, method: string, ...args: unknown[]): Promise<[unknown, Codec][]> {
  const fn = t.api.query[section]?.[method];
  if (!fn) throw new Error(`no query ${section}.${method}`);
  return fn.entries(...args);
}

/** `api.tx.<section>.<method>(…)`. */
export function tx(t: TestChain, section: string, method: string, ...args: unknown[]): SubmittableExtrinsic<'promise'> {
  const fn = t.api.tx[section]?.[method];
  if (!fn) throw new Error(`no call ${section}.${method}`);
  return fn(...args);
}
