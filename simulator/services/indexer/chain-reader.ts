/**
 * Reads the entities the index keeps from one block's storage, over the chain's JSON-RPC (polkadot-js `api.at`),
 * whole (`snapshot`) or by id (`read`). Values come back as plain `toPrimitive()` objects, plus the few byte fields
 * whose hex form matters.
 */
import type { ApiPromise } from '@polkadot/api';
import type { ApiDecoration } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';

type Prim = Record<string, unknown>;
type At = ApiDecoration<'promise'>;

export interface StoredTwin { prim: Prim; pkHex: string | null }
export interface StoredNode { prim: Prim; power: unknown; extraFee: number }
export interface StoredFarm { prim: Prim; payoutAddress: string | null }

export interface StorageView {
  twins: Map<number, StoredTwin | null>;
  farms: Map<number, StoredFarm | null>;
  nodes: Map<number, StoredNode | null>;
  /** Contracts still on chain (cancelled ones are removed from storage). */
  contracts: Map<number, Prim | null>;
  /** Reported used resources (`NodeContractResources`), for node contracts that have any. */
  contractResources: Map<number, Prim>;
  farmingPolicies: Map<number, Prim | null>;
}

export interface ReadRequest {
  twins: Iterable<number>;
  farms: Iterable<number>;
  nodes: Iterable<number>;
  contracts: Iterable<number>;
  farmingPolicies: Iterable<number>;
}

export interface BlockEvents {
  timestamp: number;
  events: { section: string; method: string; data: unknown[] }[];
}

/** Raw JSON-RPC, for reads that need no polkadot-js formatting. */
export interface RawRpc {
  send<T = unknown>(method: string, params: unknown[]): Promise<T>;
}

/**
 * Chain time (ms) and the events of a block, at `hash`: two raw storage reads decoded with the chain's metadata,
 * much cheaper than `api.at` (only blocks that touch entities need that).
 */
export async function blockEvents(api: ApiPromise, rpc: RawRpc, hash: string): Promise<BlockEvents> {
  const system = api.query.system!.events!;
  const now = api.query.timestamp!.now!;
  const [rawEvents, rawNow] = await Promise.all([
    rpc.send<string | null>('state_getStorage', [system.key(), hash]), rpc.send<string | null>('state_getStorage', [now.key(), hash]),
  ]);
  const records = rawEvents
    ? api.registry.createType(api.registry.createLookupType(system.creator.meta.type.asPlain), rawEvents) as unknown as { event: { section: string; method: string; data: Codec } }[]
    : [];
  const timestamp = rawNow ? Number(api.registry.createType('u64', rawNow).toPrimitive()) : 0;
  const events = [...records].map(({ event }) => ({ section: event.section, method: event.method, data: event.data.toPrimitive() as unknown[] }));
  return { timestamp, events };
}

export const blockAt = (api: ApiPromise, hash: string): Promise<At> => api.at(hash);

const unwrap = (value: Codec): Codec | null => {
  const option = value as unknown as { isNone?: boolean; isSome?: boolean; unwrap?: () => Codec };
  if (option.isNone) return null;
  return option.unwrap && option.isSome ? option.unwrap() : value;
};

const prim = (value: Codec): Prim | null => {
  const inner = unwrap(value);
  return inner ? (inner.toPrimitive() as Prim) : null;
};

function twinFrom(value: Codec): StoredTwin | null {
  const inner = unwrap(value);
  if (!inner) return null;
  const pk = (inner.toJSON() as { pk?: string | null }).pk ?? null;
  return { prim: inner.toPrimitive() as Prim, pkHex: pk };
}

const text = (value: Codec): string | null => {
  const p = value.toPrimitive();
  return p == null || p === '' ? null : String(p);
};

const idOf = (key: { args: Codec[] }): number => Number(key.args[0]!.toPrimitive());

async function entriesById(entries: Promise<[{ args: Codec[] }, Codec][]>): Promise<Map<number, Codec>> {
  const map = new Map<number, Codec>();
  for (const [key, value] of await entries) map.set(idOf(key), value);
  return map;
}

/** Everything, at one block. */
export async function snapshot(at: At): Promise<StorageView> {
  const tf = at.query.tfgridModule!;
  const sc = at.query.smartContractModule!;
  const [twins, farms, payout, nodes, power, fees, contracts, resources, policies] = await Promise.all([
    entriesById(tf.twins!.entries()), entriesById(tf.farms!.entries()), entriesById(tf.farmPayoutV2AddressByFarmID!.entries()),
    entriesById(tf.nodes!.entries()), entriesById(tf.nodePower!.entries()), entriesById(sc.dedicatedNodesExtraFee!.entries()),
    entriesById(sc.contracts!.entries()), entriesById(sc.nodeContractResources!.entries()), entriesById(tf.farmingPoliciesMap!.entries()),
  ]);
  const view = emptyView();
  for (const [id, v] of twins) view.twins.set(id, twinFrom(v));
  for (const [id, v] of farms) {
    const p = prim(v);
    view.farms.set(id, p && { prim: p, payoutAddress: payout.has(id) ? text(payout.get(id)!) : null });
  }
  for (const [id, v] of nodes) {
    const p = prim(v);
    view.nodes.set(id, p && { prim: p, power: power.get(id)?.toPrimitive() ?? null, extraFee: Number(fees.get(id)?.toPrimitive() ?? 0) });
  }
  for (const [id, v] of contracts) view.contracts.set(id, prim(v));
  for (const [id, v] of resources) view.contractResources.set(id, v.toPrimitive() as Prim);
  for (const [id, v] of policies) view.farmingPolicies.set(id, prim(v));
  return view;
}

/** Only the given ids, at one block; a missing entity is `null`. */
export async function read(at: At, request: ReadRequest): Promise<StorageView> {
  const tf = at.query.tfgridModule!;
  const sc = at.query.smartContractModule!;
  const ids = {
    twins: [...request.twins], farms: [...request.farms], nodes: [...request.nodes],
    contracts: [...request.contracts], farmingPolicies: [...request.farmingPolicies],
  };
  const multi = (entry: { multi: (keys: unknown[]) => Promise<Codec[]> } | undefined, keys: number[]) =>
    keys.length ? entry!.multi(keys) : Promise.resolve([] as Codec[]);
  const [twins, farms, payout, nodes, power, fees, contracts, resources, policies] = await Promise.all([
    multi(tf.twins, ids.twins), multi(tf.farms, ids.farms), multi(tf.farmPayoutV2AddressByFarmID, ids.farms),
    multi(tf.nodes, ids.nodes), multi(tf.nodePower, ids.nodes), multi(sc.dedicatedNodesExtraFee, ids.nodes),
    multi(sc.contracts, ids.contracts), multi(sc.nodeContractResources, ids.contracts), multi(tf.farmingPoliciesMap, ids.farmingPolicies),
  ]);
  const view = emptyView();
  ids.twins.forEach((id, i) => view.twins.set(id, twinFrom(twins[i]!)));
  ids.farms.forEach((id, i) => {
    const p = prim(farms[i]!);
    view.farms.set(id, p && { prim: p, payoutAddress: text(payout[i]!) });
  });
  ids.nodes.forEach((id, i) => {
    const p = prim(nodes[i]!);
    view.nodes.set(id, p && { prim: p, power: power[i]!.toPrimitive(), extraFee: Number(fees[i]!.toPrimitive() ?? 0) });
  });
  ids.contracts.forEach((id, i) => {
    view.contracts.set(id, prim(contracts[i]!));
    const r = resources[i]!.toPrimitive() as Prim;
    if (Number(r.contractId ?? 0) !== 0) view.contractResources.set(id, r);
  });
  ids.farmingPolicies.forEach((id, i) => {
    const p = prim(policies[i]!);
    // FarmingPoliciesMap has a default value: an id of 0 means "not stored".
    view.farmingPolicies.set(id, p && Number(p.id ?? 0) !== 0 ? p : null);
  });
  return view;
}

export function emptyView(): StorageView {
  return { twins: new Map(), farms: new Map(), nodes: new Map(), contracts: new Map(), contractResources: new Map(), farmingPolicies: new Map() };
}
