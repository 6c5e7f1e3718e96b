/**
 * A node as the grid proxy shows it (threefoldtech/tfgrid-sdk-go grid-proxy/pkg/types/nodes.go): the indexed
 * record, its farm, the rent and node contracts on it, the status rule and what the proxy learnt from the node
 * over RMB. Used resources follow the proxy's `resources_cache_view`: the contracts' reported resources plus the
 * Zero-OS reservation (max(10 % RAM, 2 GiB) of memory, 20 GiB of SSD).
 */
import type { FarmRecord, GridIndex, NodeRecord, Resources } from '../indexer/model';
import { nodeStatus, type NodeStatus } from './status';

export const GIB = 1024 ** 3;
const SYSTEM_SRU = 20 * GIB;

export interface NodeGpu { id: string; vendor: string; device: string; vram: number; contract: number }

/** What the proxy learnt from the node itself over RMB (features, GPUs), absent until it answered. */
export interface LiveNodeInfo { features: string[]; gpus: NodeGpu[] }

export interface NodeFacts {
  record: NodeRecord;
  farm: FarmRecord | undefined;
  status: NodeStatus;
  total: Resources;
  used: Resources;
  free: Resources;
  rentContractId: number;
  rentedByTwinId: number;
  activeContracts: number;
  farmFreeIps: number;
  live: LiveNodeInfo | undefined;
}

/** Per request: what several nodes share (contracts grouped by node, chain time). */
export interface IndexSnapshot {
  nowSecs: number;
  usedByNode: Map<number, { used: Resources; count: number }>;
  rentByNode: Map<number, { contractID: number; twinID: number }>;
  freeIpsByFarm: Map<number, number>;
}

const isActive = (state: string): boolean => state === 'Created' || state === 'GracePeriod';
const zero = (): Resources => ({ cru: 0, mru: 0, sru: 0, hru: 0 });

export function indexSnapshot(index: GridIndex): IndexSnapshot {
  const usedByNode = new Map<number, { used: Resources; count: number }>();
  for (const c of index.nodeContracts.values()) {
    if (!isActive(c.state)) continue;
    let entry = usedByNode.get(c.nodeID);
    if (!entry) usedByNode.set(c.nodeID, entry = { used: zero(), count: 0 });
    entry.count++;
    if (c.resourcesUsed) {
      entry.used.cru += c.resourcesUsed.cru;
      entry.used.mru += c.resourcesUsed.mru;
      entry.used.sru += c.resourcesUsed.sru;
      entry.used.hru += c.resourcesUsed.hru;
    }
  }
  const rentByNode = new Map<number, { contractID: number; twinID: number }>();
  for (const c of index.rentContracts.values()) if (isActive(c.state)) rentByNode.set(c.nodeID, { contractID: c.contractID, twinID: c.twinID });
  const freeIpsByFarm = new Map<number, number>();
  for (const f of index.farms.values()) freeIpsByFarm.set(f.farmID, f.publicIPs.filter((ip) => ip.contractId === 0).length);
  return { nowSecs: Math.floor(index.head.timestamp / 1000), usedByNode, rentByNode, freeIpsByFarm };
}

export function nodeFacts(index: GridIndex, snap: IndexSnapshot, record: NodeRecord, live: LiveNodeInfo | undefined): NodeFacts {
  const total = record.resourcesTotal;
  const contracts = snap.usedByNode.get(record.nodeID);
  const sum = contracts?.used ?? zero();
  const used: Resources = {
    cru: sum.cru,
    mru: sum.mru + Math.max(Math.floor(total.mru / 10), 2 * GIB),
    sru: sum.sru + SYSTEM_SRU,
    hru: sum.hru,
  };
  const free: Resources = { cru: total.cru - used.cru, mru: total.mru - used.mru, sru: total.sru - used.sru, hru: total.hru - used.hru };
  const rent = snap.rentByNode.get(record.nodeID);
  return {
    record, farm: index.farms.get(record.farmID), status: nodeStatus(record.power, record.updatedAt, snap.nowSecs),
    total, used, free, rentContractId: rent?.contractID ?? 0, rentedByTwinId: rent?.twinID ?? 0,
    activeContracts: contracts?.count ?? 0, farmFreeIps: snap.freeIpsByFarm.get(record.farmID) ?? 0, live,
  };
}

export const rented = (n: NodeFacts): boolean => n.rentContractId !== 0;
export const inDedicatedFarm = (n: NodeFacts): boolean => n.farm?.dedicatedFarm ?? false;
/** Rentable: nobody rents it, and it is meant for renting (dedicated farm) or nobody uses it yet. */
export const rentable = (n: NodeFacts): boolean => !rented(n) && (inDedicatedFarm(n) || n.record.dedicated || n.activeContracts === 0);

const capacity = (r: Resources) => ({ cru: r.cru, sru: r.sru, hru: r.hru, mru: r.mru });
const coordinate = (text: string): number | null => (text === '' || !Number.isFinite(Number(text)) ? null : Number(text));

function common(n: NodeFacts) {
  const r = n.record;
  return {
    id: String(r.nodeID),
    nodeId: r.nodeID,
    farmId: r.farmID,
    farmName: n.farm?.name ?? '',
    twinId: r.twinID,
    country: r.location.country,
    gridVersion: r.gridVersion,
    city: r.location.city,
    uptime: r.uptime,
    created: r.created,
    farmingPolicyId: r.farmingPolicyId,
    updatedAt: r.updatedAt,
  };
}

function rest(n: NodeFacts) {
  const r = n.record;
  const pc = r.publicConfig;
  const gpus = n.live?.gpus ?? [];
  return {
    location: { country: r.location.country, city: r.location.city, longitude: coordinate(r.location.longitude), latitude: coordinate(r.location.latitude) },
    publicConfig: { domain: pc?.domain ?? '', gw4: pc?.gw4 ?? '', gw6: pc?.gw6 ?? '', ipv4: pc?.ipv4 ?? '', ipv6: pc?.ipv6 ?? '' },
    status: n.status,
    certificationType: r.certification,
    dedicated: r.dedicated,
    inDedicatedFarm: inDedicatedFarm(n),
    rentContractId: n.rentContractId,
    rentedByTwinId: n.rentedByTwinId,
    rented: rented(n),
    rentable: rentable(n),
    serialNumber: r.serialNumber ?? '',
    power: { state: r.power.state, target: r.power.target },
    num_gpu: gpus.length,
    extraFee: r.extraFee,
    // The proxy's diagnostics indexer asks the node every few minutes; a node that reports uptime and answered
    // over RMB counts as healthy here.
    healthy: n.status === 'up' && n.live !== undefined,
    dmi: { bios: { vendor: '', version: '' }, baseboard: { manufacturer: '', product_name: '' }, processor: [], memory: [] },
    speed: { upload: 0, download: 0 },
    cpu_benchmark: { single_threaded: 0, multi_threaded: 0, threads: 0, workloads: 0 },
    gpus,
    price_usd: 0,
    farm_free_ips: n.farmFreeIps,
    features: n.live?.features ?? [],
  };
}

/** `/nodes` and `/gateways` items. */
export function nodeJson(n: NodeFacts): Record<string, unknown> {
  return { ...common(n), total_resources: capacity(n.total), used_resources: capacity(n.used), ...rest(n) };
}

/** `/nodes/{id}`: the same with capacity nested (`NodeWithNestedCapacity`). */
export function nodeWithNestedCapacityJson(n: NodeFacts): Record<string, unknown> {
  return { ...common(n), capacity: { total_resources: capacity(n.total), used_resources: capacity(n.used) }, ...rest(n) };
}
