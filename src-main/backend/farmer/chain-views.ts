/**
 * Farms, nodes and accounts as the farmer's screens show them, read from chain storage through @polkadot/api
 * (toPrimitive shapes, tfchain.md §3.1 and §8). Works the same on the local grid and on a live network.
 */
import type { ApiPromise } from '@polkadot/api';
import type { FarmNodeView, FarmView } from '../../api/contract';

type Codec = { toPrimitive(): unknown; isEmpty?: boolean; toString(): string };

interface FarmJson {
  id: number;
  name: string;
  twinId: number;
  pricingPolicyId: number;
  certification: string;
  publicIps: { ip: string; gateway: string; contractId: number }[];
  dedicatedFarm: boolean;
}

interface NodeJson {
  id: number;
  farmId: number;
  twinId: number;
  resources: { hru: number | string; sru: number | string; cru: number | string; mru: number | string };
  created: number;
  farmingPolicyId: number;
  certification: string;
  virtualized: boolean;
}

interface PowerJson {
  state: { up?: null; down?: number } | string;
  target: string;
}

export interface FarmingPolicyJson {
  id: number;
  name: string;
  cu: number;
  su: number;
  nu: number;
  ipv4: number;
  minimalUptime: number;
  nodeCertification: string;
}

/** The node's last uptime report: chain time (s) and the seconds since boot it reported. */
export interface LastReport {
  timestamp: number;
  uptime: number;
}

const q = (api: ApiPromise) => api.query.tfgridModule!;

/** Bytes come back from toPrimitive as text when printable, else as 0x-hex. */
export function bytesText(value: unknown): string {
  const s = typeof value === 'string' ? value : '';
  return /^0x([0-9a-f]{2})*$/i.test(s) ? Buffer.from(s.slice(2), 'hex').toString('utf8') : s;
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upper = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export async function chainNowMs(api: ApiPromise): Promise<number> {
  return Number(((await api.query.timestamp!.now!()) as Codec).toString());
}

export async function freeBalance(api: ApiPromise, address: string): Promise<bigint> {
  const account = (await api.query.system!.account!(address)) as unknown as { data: { free: { toString(): string } } };
  return BigInt(account.data.free.toString());
}

export async function twinOf(api: ApiPromise, address: string): Promise<{ id: number; relay?: string; pk?: string }> {
  const id = Number(((await q(api).twinIdByAccountID!(address)) as Codec).toPrimitive() ?? 0);
  if (!id) return { id: 0 };
  const twin = ((await q(api).twins!(id)) as Codec).toPrimitive() as { relay: string | null; pk: string | null } | null;
  return {
    id,
    ...(twin?.relay ? { relay: bytesText(twin.relay) } : {}),
    ...(twin?.pk ? { pk: twin.pk } : {}),
  };
}

export async function termsAccepted(api: ApiPromise, address: string): Promise<boolean> {
  const list = ((await q(api).usersTermsAndConditions!(address)) as Codec).toPrimitive();
  return Array.isArray(list) && list.length > 0;
}

export async function farmView(api: ApiPromise, farmId: number): Promise<FarmView | null> {
  const farm = ((await q(api).farms!(farmId)) as Codec).toPrimitive() as FarmJson | null;
  if (!farm) return null;
  const payout = bytesText(((await q(api).farmPayoutV2AddressByFarmID!(farmId)) as Codec).toPrimitive());
  return {
    id: farm.id,
    name: bytesText(farm.name),
    twinId: farm.twinId,
    pricingPolicyId: farm.pricingPolicyId,
    certification: upper(String(farm.certification)) === 'Gold' ? 'Gold' : 'NotCertified',
    dedicated: farm.dedicatedFarm,
    publicIps: farm.publicIps.map((p) => ({ ip: bytesText(p.ip), gateway: bytesText(p.gateway), contractId: Number(p.contractId) })),
    ...(payout ? { stellarAddress: payout } : {}),
  };
}

/** The chain keeps no index of farms by twin: scan them (a few thousand on mainnet, a handful locally). */
export async function farmsOfTwin(api: ApiPromise, twinId: number): Promise<FarmView[]> {
  if (!twinId) return [];
  const entries = await q(api).farms!.entries();
  const ids = entries
    .map(([, value]) => (value as unknown as Codec).toPrimitive() as FarmJson | null)
    .filter((f): f is FarmJson => f !== null && f.twinId === twinId)
    .map((f) => f.id)
    .sort((a, b) => a - b);
  const farms = await Promise.all(ids.map((id) => farmView(api, id)));
  return farms.filter((f): f is FarmView => f !== null);
}

export async function nodeIdsOfFarm(api: ApiPromise, farmId: number): Promise<number[]> {
  const ids = ((await q(api).nodesByFarmID!(farmId)) as Codec).toPrimitive();
  return Array.isArray(ids) ? ids.map(Number) : [];
}

export interface NodeFacts {
  view: FarmNodeView;
  createdSecs: number;
  virtualized: boolean;
}

/** UP_WINDOW: the grid proxy's rule, up = a report within 2 × 40 min and powered on (grid-services.md §2). */
const UP_WINDOW_SECS = 2 * 40 * 60;
const STANDBY_WINDOW_SECS = 24 * 3600;

export async function nodeFacts(api: ApiPromise, nodeId: number, last: LastReport | null, nowMs: number): Promise<NodeFacts | null> {
  const node = ((await q(api).nodes!(nodeId)) as Codec).toPrimitive() as NodeJson | null;
  if (!node) return null;
  const power = ((await q(api).nodePower!(nodeId)) as Codec).toPrimitive() as PowerJson;
  const state: 'Up' | 'Down' = typeof power.state === 'string' ? (lower(power.state) === 'down' ? 'Down' : 'Up') : 'down' in power.state ? 'Down' : 'Up';
  const target: 'Up' | 'Down' = upper(String(power.target)) === 'Down' ? 'Down' : 'Up';
  const nowSecs = Math.floor(nowMs / 1000);
  const reportedAt = last?.timestamp ?? 0;
  const poweredOn = state === 'Up' && target === 'Up';
  const status: FarmNodeView['status'] =
    reportedAt > 0 && poweredOn && reportedAt >= nowSecs - UP_WINDOW_SECS ? 'up'
      : reportedAt > 0 && !poweredOn && reportedAt >= nowSecs - STANDBY_WINDOW_SECS ? 'standby'
        : 'down';
  const r = node.resources;
  return {
    view: {
      nodeId: node.id,
      farmId: node.farmId,
      twinId: node.twinId,
      status,
      uptime: last?.uptime ?? 0,
      lastReportAt: reportedAt * 1000,
      resources: { cru: Number(r.cru), mru: Number(r.mru), sru: Number(r.sru), hru: Number(r.hru) },
      farmingPolicyId: node.farmingPolicyId,
      certification: upper(String(node.certification)),
      power: { target, state },
    },
    createdSecs: Number(node.created),
    virtualized: node.virtualized,
  };
}

export async function farmingPolicy(api: ApiPromise, id: number): Promise<FarmingPolicyJson> {
  const p = ((await q(api).farmingPoliciesMap!(id)) as Codec).toPrimitive() as FarmingPolicyJson;
  return { ...p, name: bytesText(p.name), nodeCertification: upper(String(p.nodeCertification)) };
}

/** The chain's TFT price in mUSD: the latest, else the average, else the floor billing uses. */
export async function tftPriceMusd(api: ApiPromise): Promise<number> {
  const m = api.query.tftPriceModule!;
  for (const item of ['tftPrice', 'averageTftPrice', 'minTftPrice']) {
    const value = Number(((await m[item]!()) as Codec).toString());
    if (value > 0) return value;
  }
  return 0;
}
