/**
 * The `/nodes` (and `/gateways`) filters and sort keys of the grid proxy (grid-services.md §3.2, names from
 * tfgrid-sdk-go grid-proxy/pkg/types/nodes.go `NodeFilter`). Every given filter must hold. `region` and the price
 * filters have nothing to compare with on the local grid and pass every node.
 */
import { inDedicatedFarm, rentable, rented, type NodeFacts } from './node-view';
import { BadRequest, type Query } from './query';

type Predicate = (n: NodeFacts) => boolean;

const STATUSES = new Set(['up', 'down', 'standby']);
const includes = (haystack: string, needle: string) => haystack.toLowerCase().includes(needle.toLowerCase());
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function nodeFilter(q: Query): Predicate {
  const p: Predicate[] = [];
  const add = <T>(value: T | undefined, make: (v: T) => Predicate) => {
    if (value !== undefined) p.push(make(value));
  };

  add(q.list('status'), (list) => {
    for (const s of list) if (!STATUSES.has(s)) throw new BadRequest(`invalid status: ${JSON.stringify(s)}; one of up, down, standby`);
    return (n) => list.includes(n.status);
  });
  add(q.uint('node_id'), (id) => (n) => n.record.nodeID === id);
  add(q.uintList('node_ids'), (ids) => (n) => ids.includes(n.record.nodeID));
  add(q.uintList('excluded'), (ids) => (n) => !ids.includes(n.record.nodeID));
  add(q.uint('twin_id'), (id) => (n) => n.record.twinID === id);
  add(q.uintList('farm_ids'), (ids) => (n) => ids.includes(n.record.farmID));
  add(q.string('farm_name'), (name) => (n) => same(n.farm?.name ?? '', name));
  add(q.string('farm_name_contains'), (name) => (n) => includes(n.farm?.name ?? '', name));
  add(q.string('country'), (c) => (n) => same(n.record.location.country, c));
  add(q.string('country_contains'), (c) => (n) => includes(n.record.location.country, c));
  add(q.string('city'), (c) => (n) => same(n.record.location.city, c));
  add(q.string('city_contains'), (c) => (n) => includes(n.record.location.city, c));
  for (const r of ['cru', 'mru', 'sru', 'hru'] as const) {
    if (r !== 'cru') add(q.uint(`free_${r}`), (v) => (n) => n.free[r] >= v);
    add(q.uint(`total_${r}`), (v) => (n) => n.total[r] >= v);
  }
  add(q.uint('free_ips'), (v) => (n) => n.farmFreeIps >= v);
  add(q.bool('ipv4'), (want) => (n) => Boolean(n.record.publicConfig?.ipv4) === want);
  add(q.bool('ipv6'), (want) => (n) => Boolean(n.record.publicConfig?.ipv6) === want);
  add(q.bool('has_ipv6'), (want) => (n) => Boolean(n.record.publicConfig?.ipv6) === want);
  add(q.bool('domain'), (want) => (n) => Boolean(n.record.publicConfig?.domain) === want);
  add(q.bool('dedicated'), (want) => (n) => n.record.dedicated === want);
  add(q.bool('in_dedicated_farm'), (want) => (n) => inDedicatedFarm(n) === want);
  add(q.bool('rentable'), (want) => (n) => rentable(n) === want);
  add(q.bool('rented'), (want) => (n) => rented(n) === want);
  add(q.uint('rented_by'), (twin) => (n) => n.rentedByTwinId === twin);
  add(q.uint('rentable_or_rented_by'), (twin) => (n) => rentable(n) || n.rentedByTwinId === twin);
  // Free for this twin: rented by it, or not rented and not reserved for renting.
  add(q.uint('available_for'), (twin) => (n) => n.rentedByTwinId === twin || (!rented(n) && !inDedicatedFarm(n) && !n.record.dedicated));
  add(q.uint('owned_by'), (twin) => (n) => n.farm?.twinID === twin);
  add(q.string('certification_type'), (c) => (n) => same(n.record.certification, c));
  add(q.bool('has_gpu'), (want) => (n) => ((n.live?.gpus.length ?? 0) > 0) === want);
  add(q.uint('num_gpu'), (v) => (n) => (n.live?.gpus.length ?? 0) >= v);
  add(q.string('gpu_vendor_name'), (v) => (n) => (n.live?.gpus ?? []).some((g) => includes(g.vendor, v)));
  add(q.string('gpu_device_name'), (v) => (n) => (n.live?.gpus ?? []).some((g) => includes(g.device, v)));
  add(q.bool('gpu_available'), (want) => (n) => (n.live?.gpus ?? []).some((g) => (g.contract === 0) === want));
  add(q.bool('healthy'), (want) => (n) => (n.status === 'up' && n.live !== undefined) === want);
  add(q.list('features'), (wanted) => (n) => wanted.every((f) => (n.live?.features ?? []).includes(f)));
  q.number('price_min');
  q.number('price_max');
  return (n) => p.every((f) => f(n));
}

const STATUS_ORDER = { up: 1, standby: 2, down: 3 } as const;

export const NODE_SORT_KEYS: Record<string, (n: NodeFacts) => number | string> = {
  node_id: (n) => n.record.nodeID,
  farm_id: (n) => n.record.farmID,
  twin_id: (n) => n.record.twinID,
  uptime: (n) => n.record.uptime,
  created: (n) => n.record.created,
  updated_at: (n) => n.record.updatedAt,
  country: (n) => n.record.location.country,
  city: (n) => n.record.location.city,
  dedicated_farm: (n) => Number(inDedicatedFarm(n)),
  rent_contract_id: (n) => n.rentContractId,
  rented: (n) => Number(rented(n)),
  rentable: (n) => Number(rentable(n)),
  status: (n) => STATUS_ORDER[n.status],
  num_gpu: (n) => n.live?.gpus.length ?? 0,
  extra_fee: (n) => n.record.extraFee,
  price_usd: () => 0,
  total_cru: (n) => n.total.cru, total_mru: (n) => n.total.mru, total_sru: (n) => n.total.sru, total_hru: (n) => n.total.hru,
  used_cru: (n) => n.used.cru, used_mru: (n) => n.used.mru, used_sru: (n) => n.used.sru, used_hru: (n) => n.used.hru,
  free_cru: (n) => n.free.cru, free_mru: (n) => n.free.mru, free_sru: (n) => n.free.sru, free_hru: (n) => n.free.hru,
};
