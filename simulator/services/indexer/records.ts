/**
 * Chain storage values (polkadot-js `toPrimitive()` shapes: camelCase fields, text byte strings, enums as a string
 * or `{ variant: value }`) turned into the read model's records, with tfchain_graphql's names and units: resources
 * in bytes, times in seconds of chain time, amounts as decimal strings.
 */
import type {
  ContractState, FarmCertification, FarmRecord, FarmingPolicyRecord, InterfaceRecord, NameContractRecord,
  NodeCertification, NodeContractRecord, NodeRecord, PowerState, PublicConfigRecord, RentContractRecord, Resources,
  TwinRecord,
} from './model';

/** The grid version the dev chain's entities are written with (tfchain_graphql's `gridVersion`). */
export const GRID_VERSION = 3;

type Prim = Record<string, unknown>;

const num = (value: unknown): number => (value == null ? 0 : Number(value));
const text = (value: unknown): string => (value == null ? '' : String(value));
const optText = (value: unknown): string | null => (value == null || value === '' ? null : String(value));

export function resourcesOf(value: unknown): Resources {
  const r = (value ?? {}) as Prim;
  return { cru: num(r.cru), mru: num(r.mru), sru: num(r.sru), hru: num(r.hru) };
}

/** `pk` is raw key bytes: its hex form (`toJSON()`), never the text `toPrimitive()` may give. */
export function twinRecord(prim: Prim, pkHex: string | null): TwinRecord {
  return {
    twinID: num(prim.id),
    accountID: text(prim.accountId),
    relay: optText(prim.relay),
    publicKey: pkHex && pkHex !== '0x' ? pkHex : null,
    gridVersion: GRID_VERSION,
  };
}

export function farmRecord(prim: Prim, stellarAddress: string | null): FarmRecord {
  const farmID = num(prim.id);
  const ips = (prim.publicIps ?? []) as Prim[];
  return {
    farmID,
    name: text(prim.name),
    twinID: num(prim.twinId),
    pricingPolicyID: num(prim.pricingPolicyId),
    certification: (text(prim.certification) || 'NotCertified') as FarmCertification,
    stellarAddress,
    dedicatedFarm: Boolean(prim.dedicatedFarm),
    publicIPs: ips.map((ip) => ({ farmID, ip: text(ip.ip), gateway: text(ip.gateway), contractId: num(ip.contractId) })),
    gridVersion: GRID_VERSION,
  };
}

export function publicConfigRecord(value: unknown): PublicConfigRecord | null {
  if (value == null) return null;
  const pc = value as Prim;
  const ip4 = (pc.ip4 ?? {}) as Prim;
  const ip6 = pc.ip6 as Prim | null | undefined;
  return {
    ipv4: optText(ip4.ip), gw4: optText(ip4.gw),
    ipv6: optText(ip6?.ip), gw6: optText(ip6?.gw),
    domain: optText(pc.domain),
  };
}

/** What the chain keeps elsewhere than in `Nodes`. */
export interface NodeExtras {
  power: { state: PowerState; target: PowerState };
  extraFee: number;
  /** Kept from the previous record: they come from uptime events, not storage. */
  uptime: number;
  updatedAt: number;
  createdAt: number;
}

export function nodeRecord(prim: Prim, extras: NodeExtras): NodeRecord {
  const location = (prim.location ?? {}) as Prim;
  const country = text(location.country);
  const city = text(location.city);
  const interfaces = ((prim.interfaces ?? []) as Prim[]).map((i): InterfaceRecord => ({
    name: text(i.name), mac: text(i.mac), ips: ((i.ips ?? []) as unknown[]).map(text).join(','),
  }));
  return {
    nodeID: num(prim.id),
    farmID: num(prim.farmId),
    twinID: num(prim.twinId),
    location: { country, city, longitude: text(location.longitude), latitude: text(location.latitude) },
    country: country || null,
    city: city || null,
    publicConfig: publicConfigRecord(prim.publicConfig),
    resourcesTotal: resourcesOf(prim.resources),
    uptime: extras.uptime,
    updatedAt: extras.updatedAt,
    created: num(prim.created),
    createdAt: extras.createdAt,
    farmingPolicyId: num(prim.farmingPolicyId),
    interfaces,
    certification: (text(prim.certification) || 'Diy') as NodeCertification,
    secure: Boolean(prim.secureBoot),
    virtualized: Boolean(prim.virtualized),
    serialNumber: optText(prim.serialNumber),
    connectionPrice: num(prim.connectionPrice),
    power: extras.power,
    // TFChain makes a node dedicated (rentable only as a whole) once its farmer sets an extra fee.
    dedicated: extras.extraFee > 0,
    extraFee: extras.extraFee,
    gridVersion: GRID_VERSION,
  };
}

/** `NodePower` storage (`{state: 'Up' | {down: block}, target: 'Up' | 'Down'}`); a node without one is Up/Up. */
export function powerOf(prim: unknown): { state: PowerState; target: PowerState } {
  if (prim == null) return { state: 'Up', target: 'Up' };
  const p = prim as Prim;
  const state: PowerState = p.state === 'Up' || p.state == null ? 'Up' : 'Down';
  const target: PowerState = p.target === 'Down' ? 'Down' : 'Up';
  return { state, target };
}

export function contractStateOf(value: unknown): ContractState {
  if (value === 'Created' || value == null) return 'Created';
  if (typeof value === 'object') {
    const key = Object.keys(value as object)[0]?.toLowerCase();
    if (key === 'graceperiod') return 'GracePeriod';
    if (key === 'deleted') return (value as Prim)[Object.keys(value as object)[0]!] === 'OutOfFunds' ? 'OutOfFunds' : 'Deleted';
  }
  return 'Created';
}

export type ContractRecord =
  | { kind: 'node'; record: NodeContractRecord }
  | { kind: 'name'; record: NameContractRecord }
  | { kind: 'rent'; record: RentContractRecord };

/** A stored `Contract`; `createdAt` is kept from the indexed record, or the chain time it is first seen. */
export function contractRecord(prim: Prim, createdAt: number, resourcesUsed: Resources | null): ContractRecord | null {
  const common = {
    contractID: num(prim.contractId),
    twinID: num(prim.twinId),
    state: contractStateOf(prim.state),
    createdAt,
    solutionProviderID: prim.solutionProviderId == null ? null : num(prim.solutionProviderId),
    gridVersion: GRID_VERSION,
  };
  const type = (prim.contractType ?? {}) as Prim;
  if (type.nodeContract) {
    const c = type.nodeContract as Prim;
    return {
      kind: 'node',
      record: {
        ...common, nodeID: num(c.nodeId), deploymentData: text(c.deploymentData), deploymentHash: text(c.deploymentHash),
        numberOfPublicIPs: num(c.publicIps), resourcesUsed,
      },
    };
  }
  if (type.nameContract) return { kind: 'name', record: { ...common, name: text((type.nameContract as Prim).name) } };
  if (type.rentContract) return { kind: 'rent', record: { ...common, nodeID: num((type.rentContract as Prim).nodeId) } };
  return null;
}

export function farmingPolicyRecord(prim: Prim): FarmingPolicyRecord {
  return {
    farmingPolicyID: num(prim.id),
    name: text(prim.name),
    cu: num(prim.cu), su: num(prim.su), nu: num(prim.nu), ipv4: num(prim.ipv4),
    minimalUptime: num(prim.minimalUptime),
    policyCreated: num(prim.policyCreated),
    policyEnd: num(prim.policyEnd),
    immutable: Boolean(prim.immutable),
    default: Boolean(prim.default),
    nodeCertification: (text(prim.nodeCertification) || 'Diy') as NodeCertification,
    farmCertification: (text(prim.farmCertification) || 'NotCertified') as FarmCertification,
  };
}
