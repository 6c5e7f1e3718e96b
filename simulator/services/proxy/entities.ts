/**
 * The grid proxy's farms, twins, contracts, public IPs and stats (grid-services.md §3.2): JSON shapes, filters
 * and sort keys over the index.
 */
import type {
  ContractState, FarmRecord, GridIndex, NameContractRecord, NodeContractRecord, PublicIpRecord, RentContractRecord, TwinRecord,
} from '../indexer/model';
import type { NodeFacts } from './node-view';
import { BadRequest, type Query } from './query';

type Predicate<T> = (item: T) => boolean;
type SortKeys<T> = Record<string, (item: T) => number | string>;

function filters<T>(): { add<V>(value: V | undefined, make: (v: V) => Predicate<T>): void; all: Predicate<T> } {
  const list: Predicate<T>[] = [];
  return {
    add(value, make) {
      if (value !== undefined) list.push(make(value));
    },
    all: (item) => list.every((f) => f(item)),
  };
}

const includes = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());
const freeIps = (f: FarmRecord) => f.publicIPs.filter((ip) => ip.contractId === 0).length;

// ---- farms

function publicIpJson(ip: PublicIpRecord, i: number) {
  return { id: `${ip.farmID}-${i}`, ip: ip.ip, gateway: ip.gateway, contract_id: ip.contractId, farm_id: ip.farmID };
}

export function farmJson(f: FarmRecord): Record<string, unknown> {
  return {
    name: f.name, farmId: f.farmID, twinId: f.twinID, pricingPolicyId: f.pricingPolicyID, certificationType: f.certification,
    stellarAddress: f.stellarAddress ?? '', dedicated: f.dedicatedFarm, publicIps: f.publicIPs.map(publicIpJson),
  };
}

export function farmFilter(q: Query, nodesOf: (farmID: number) => NodeFacts[]): Predicate<FarmRecord> {
  const f = filters<FarmRecord>();
  f.add(q.uint('farm_id'), (id) => (x) => x.farmID === id);
  f.add(q.uintList('farm_ids'), (ids) => (x) => ids.includes(x.farmID));
  f.add(q.uint('twin_id'), (id) => (x) => x.twinID === id);
  f.add(q.string('name'), (n) => (x) => x.name.toLowerCase() === n.toLowerCase());
  f.add(q.string('name_contains'), (n) => (x) => includes(x.name, n));
  f.add(q.uint('pricing_policy_id'), (id) => (x) => x.pricingPolicyID === id);
  f.add(q.string('stellar_address'), (a) => (x) => x.stellarAddress === a);
  f.add(q.string('certification_type'), (c) => (x) => x.certification.toLowerCase() === c.toLowerCase());
  f.add(q.bool('dedicated'), (want) => (x) => x.dedicatedFarm === want);
  f.add(q.uint('free_ips'), (v) => (x) => freeIps(x) >= v);
  f.add(q.uint('total_ips'), (v) => (x) => x.publicIPs.length >= v);
  f.add(q.list('node_status'), (s) => (x) => nodesOf(x.farmID).some((n) => s.includes(n.status)));
  f.add(q.uint('node_available_for'), (twin) => (x) => nodesOf(x.farmID).some((n) => n.rentedByTwinId === twin || n.rentContractId === 0));
  f.add(q.uint('node_free_mru'), (v) => (x) => nodesOf(x.farmID).some((n) => n.free.mru >= v));
  f.add(q.uint('node_free_sru'), (v) => (x) => nodesOf(x.farmID).some((n) => n.free.sru >= v));
  f.add(q.uint('node_free_hru'), (v) => (x) => nodesOf(x.farmID).some((n) => n.free.hru >= v));
  f.add(q.string('country'), (c) => (x) => nodesOf(x.farmID).some((n) => n.record.location.country.toLowerCase() === c.toLowerCase()));
  return f.all;
}

export const FARM_SORT_KEYS: SortKeys<FarmRecord> = {
  farm_id: (x) => x.farmID, name: (x) => x.name, twin_id: (x) => x.twinID, public_ips: (x) => freeIps(x),
  dedicated: (x) => Number(x.dedicatedFarm), certification_type: (x) => x.certification, pricing_policy_id: (x) => x.pricingPolicyID,
};

// ---- twins

export function twinJson(t: TwinRecord): Record<string, unknown> {
  return { twinId: t.twinID, accountId: t.accountID, relay: t.relay ?? '', publicKey: t.publicKey ?? '' };
}

export function twinFilter(q: Query): Predicate<TwinRecord> {
  const f = filters<TwinRecord>();
  f.add(q.uint('twin_id'), (id) => (x) => x.twinID === id);
  f.add(q.string('account_id'), (a) => (x) => x.accountID === a);
  f.add(q.string('relay'), (r) => (x) => x.relay === r);
  f.add(q.string('public_key'), (k) => (x) => x.publicKey === k);
  return f.all;
}

export const TWIN_SORT_KEYS: SortKeys<TwinRecord> = { twin_id: (x) => x.twinID, relay: (x) => x.relay ?? '', account_id: (x) => x.accountID };

// ---- contracts

export type AnyContract =
  | { type: 'node'; c: NodeContractRecord }
  | { type: 'name'; c: NameContractRecord }
  | { type: 'rent'; c: RentContractRecord };

export function allContracts(index: GridIndex): AnyContract[] {
  return [
    ...[...index.nodeContracts.values()].map((c) => ({ type: 'node' as const, c })),
    ...[...index.nameContracts.values()].map((c) => ({ type: 'name' as const, c })),
    ...[...index.rentContracts.values()].map((c) => ({ type: 'rent' as const, c })),
  ];
}

export function findContract(index: GridIndex, id: number): AnyContract | undefined {
  return allContracts(index).find((x) => x.c.contractID === id);
}

const nodeOf = (x: AnyContract) => (x.type === 'name' ? undefined : x.c.nodeID);

function farmOfContract(index: GridIndex, x: AnyContract): FarmRecord | undefined {
  const node = nodeOf(x);
  const farmID = node === undefined ? undefined : index.nodes.get(node)?.farmID;
  return farmID === undefined ? undefined : index.farms.get(farmID);
}

export function contractJson(index: GridIndex, x: AnyContract): Record<string, unknown> {
  const farm = farmOfContract(index, x);
  const details = x.type === 'node'
    ? {
      nodeId: x.c.nodeID, deployment_data: x.c.deploymentData, deployment_hash: x.c.deploymentHash,
      number_of_public_ips: x.c.numberOfPublicIPs, farm_name: farm?.name ?? '', farm_id: farm?.farmID ?? 0,
    }
    : x.type === 'rent'
      ? { nodeId: x.c.nodeID, farm_name: farm?.name ?? '', farm_id: farm?.farmID ?? 0 }
      : { name: x.c.name };
  return { contract_id: x.c.contractID, twin_id: x.c.twinID, state: x.c.state, created_at: x.c.createdAt, type: x.type, details };
}

const STATES: ContractState[] = ['Created', 'Deleted', 'OutOfFunds', 'GracePeriod'];

export function contractFilter(index: GridIndex, q: Query): Predicate<AnyContract> {
  const f = filters<AnyContract>();
  f.add(q.uint('contract_id'), (id) => (x) => x.c.contractID === id);
  f.add(q.uintList('contract_ids'), (ids) => (x) => ids.includes(x.c.contractID));
  f.add(q.uint('twin_id'), (id) => (x) => x.c.twinID === id);
  f.add(q.uint('node_id'), (id) => (x) => nodeOf(x) === id);
  f.add(q.string('type'), (t) => {
    if (!['node', 'name', 'rent'].includes(t)) throw new BadRequest(`invalid type: ${JSON.stringify(t)}; one of node, name, rent`);
    return (x) => x.type === t;
  });
  f.add(q.list('state'), (states) => {
    const wanted = states.map((s) => STATES.find((known) => known.toLowerCase() === s.toLowerCase()));
    if (wanted.includes(undefined)) throw new BadRequest(`invalid state: one of ${STATES.join(', ')}`);
    return (x) => wanted.includes(x.c.state);
  });
  f.add(q.string('name'), (n) => (x) => x.type === 'name' && x.c.name === n);
  f.add(q.uint('number_of_public_ips'), (v) => (x) => x.type === 'node' && x.c.numberOfPublicIPs >= v);
  f.add(q.string('deployment_data'), (d) => (x) => x.type === 'node' && x.c.deploymentData === d);
  f.add(q.string('deployment_hash'), (h) => (x) => x.type === 'node' && x.c.deploymentHash === h);
  f.add(q.string('farm_name'), (n) => (x) => farmOfContract(index, x)?.name === n);
  f.add(q.uint('farm_id'), (id) => (x) => farmOfContract(index, x)?.farmID === id);
  return f.all;
}

export const CONTRACT_SORT_KEYS: SortKeys<AnyContract> = {
  contract_id: (x) => x.c.contractID, twin_id: (x) => x.c.twinID, node_id: (x) => nodeOf(x) ?? 0,
  type: (x) => x.type, state: (x) => x.c.state, created_at: (x) => x.c.createdAt,
};

export function billsJson(index: GridIndex, contractID: number): Record<string, unknown>[] {
  return index.contractBillReports.filter((b) => b.contractID === contractID)
    .map((b) => ({ amountBilled: Number(b.amountBilled), discountReceived: b.discountReceived, timestamp: b.timestamp }));
}

// ---- public IPs

export function publicIps(index: GridIndex): (PublicIpRecord & { i: number })[] {
  return [...index.farms.values()].flatMap((f) => f.publicIPs.map((ip, i) => ({ ...ip, i })));
}

export function publicIpFilter(q: Query): Predicate<PublicIpRecord> {
  const f = filters<PublicIpRecord>();
  f.add(q.uintList('farm_ids'), (ids) => (x) => ids.includes(x.farmID));
  f.add(q.string('ip'), (ip) => (x) => x.ip === ip);
  f.add(q.string('gateway'), (gw) => (x) => x.gateway === gw);
  f.add(q.bool('free'), (want) => (x) => (x.contractId === 0) === want);
  return f.all;
}

export const publicIpListJson = (ip: PublicIpRecord & { i: number }) => publicIpJson(ip, ip.i);

export const PUBLIC_IP_SORT_KEYS: SortKeys<PublicIpRecord & { i: number }> = {
  ip: (x) => x.ip, farm_id: (x) => x.farmID, contract_id: (x) => x.contractId,
};

// ---- stats

export function statsJson(index: GridIndex, nodes: NodeFacts[]): Record<string, unknown> {
  const distribution: Record<string, number> = {};
  for (const n of nodes) {
    const country = n.record.location.country;
    if (country) distribution[country] = (distribution[country] ?? 0) + 1;
  }
  const sum = (r: 'cru' | 'sru' | 'mru' | 'hru') => nodes.reduce((s, n) => s + n.total[r], 0);
  const activeContracts = allContracts(index).filter((x) => x.c.state === 'Created' || x.c.state === 'GracePeriod');
  return {
    nodes: nodes.length,
    farms: index.farms.size,
    countries: Object.keys(distribution).length,
    totalCru: sum('cru'), totalSru: sum('sru'), totalMru: sum('mru'), totalHru: sum('hru'),
    publicIps: [...index.farms.values()].reduce((s, f) => s + f.publicIPs.length, 0),
    accessNodes: nodes.filter((n) => Boolean(n.record.publicConfig?.ipv4 || n.record.publicConfig?.ipv6)).length,
    gateways: nodes.filter((n) => Boolean(n.record.publicConfig?.domain)).length,
    twins: index.twins.size,
    contracts: activeContracts.length,
    nodesDistribution: distribution,
    gpus: nodes.reduce((s, n) => s + (n.live?.gpus.length ?? 0), 0),
    dedicatedNodes: nodes.filter((n) => n.record.dedicated || (n.farm?.dedicatedFarm ?? false)).length,
    workloads_number: activeContracts.filter((x) => x.type === 'node').length,
  };
}
