/**
 * What the indexer keeps of the chain: the entities of tfchain_graphql's schema (names and units as its processor
 * stores them), held in memory and read by the GraphQL service and the grid proxy. The indexer is the only writer;
 * readers take a consistent view between blocks because updates for one block are applied synchronously.
 */

export type ContractState = 'Created' | 'Deleted' | 'OutOfFunds' | 'GracePeriod';
export type FarmCertification = 'NotCertified' | 'Gold';
export type NodeCertification = 'Diy' | 'Certified';
export type DiscountLevel = 'None' | 'Default' | 'Bronze' | 'Silver' | 'Gold';
export type PowerState = 'Up' | 'Down';

export interface Resources { cru: number; mru: number; sru: number; hru: number }

export interface TwinRecord {
  twinID: number;
  accountID: string; // ss58
  relay: string | null;
  publicKey: string | null; // hex
  gridVersion: number;
}

export interface PublicIpRecord {
  farmID: number;
  ip: string; // CIDR, as on chain
  gateway: string;
  contractId: number; // 0 when free
}

export interface FarmRecord {
  farmID: number;
  name: string;
  twinID: number;
  pricingPolicyID: number;
  certification: FarmCertification;
  stellarAddress: string | null;
  dedicatedFarm: boolean;
  publicIPs: PublicIpRecord[];
  gridVersion: number;
}

export interface PublicConfigRecord {
  ipv4: string | null;
  gw4: string | null;
  ipv6: string | null;
  gw6: string | null;
  domain: string | null;
}

export interface InterfaceRecord { name: string; mac: string; ips: string }

export interface NodeRecord {
  nodeID: number;
  farmID: number;
  twinID: number;
  location: { country: string; city: string; longitude: string; latitude: string };
  country: string | null;
  city: string | null;
  publicConfig: PublicConfigRecord | null;
  resourcesTotal: Resources;
  /** Seconds the node reports being up, from its last uptime report. */
  uptime: number;
  /** Chain time (seconds) of the last uptime report included; 0 when none. */
  updatedAt: number;
  /** Chain time (seconds) the node was created (the chain's `created`). */
  created: number;
  createdAt: number;
  farmingPolicyId: number;
  interfaces: InterfaceRecord[];
  certification: NodeCertification;
  secure: boolean;
  virtualized: boolean;
  serialNumber: string | null;
  connectionPrice: number;
  power: { state: PowerState; target: PowerState };
  dedicated: boolean;
  extraFee: number;
  gridVersion: number;
}

export interface NodeContractRecord {
  contractID: number;
  twinID: number;
  nodeID: number;
  deploymentData: string;
  deploymentHash: string;
  numberOfPublicIPs: number;
  state: ContractState;
  /** From UpdatedUsedResources; null until the node reports. */
  resourcesUsed: Resources | null;
  createdAt: number;
  solutionProviderID: number | null;
  gridVersion: number;
}

export interface NameContractRecord {
  contractID: number;
  twinID: number;
  name: string;
  state: ContractState;
  createdAt: number;
  solutionProviderID: number | null;
  gridVersion: number;
}

export interface RentContractRecord {
  contractID: number;
  twinID: number;
  nodeID: number;
  state: ContractState;
  createdAt: number;
  solutionProviderID: number | null;
  gridVersion: number;
}

export interface ContractBillReportRecord {
  contractID: number;
  discountReceived: DiscountLevel;
  /** Amount in the smallest unit (1e-7 TFT), as a decimal string like the schema's BigInt. */
  amountBilled: string;
  timestamp: number;
}

export interface UptimeEventRecord { nodeID: number; uptime: number; timestamp: number }

export interface NruConsumptionRecord { contractID: number; timestamp: number; window: number; nru: number }

export interface FarmingPolicyRecord {
  farmingPolicyID: number;
  name: string;
  cu: number;
  su: number;
  nu: number;
  ipv4: number;
  minimalUptime: number;
  policyCreated: number;
  policyEnd: number;
  immutable: boolean;
  default: boolean;
  nodeCertification: NodeCertification;
  farmCertification: FarmCertification;
}

export interface IndexHead {
  number: number;
  hash: string;
  /** Chain time of the head block (ms, Timestamp.Now). */
  timestamp: number;
}

/** The read side, shared by the GraphQL service and the grid proxy. */
export interface GridIndex {
  readonly head: IndexHead;
  readonly twins: ReadonlyMap<number, TwinRecord>;
  readonly farms: ReadonlyMap<number, FarmRecord>;
  readonly nodes: ReadonlyMap<number, NodeRecord>;
  readonly nodeContracts: ReadonlyMap<number, NodeContractRecord>;
  readonly nameContracts: ReadonlyMap<number, NameContractRecord>;
  readonly rentContracts: ReadonlyMap<number, RentContractRecord>;
  readonly contractBillReports: readonly ContractBillReportRecord[];
  readonly uptimeEvents: readonly UptimeEventRecord[];
  readonly nruConsumptions: readonly NruConsumptionRecord[];
  readonly farmingPolicies: ReadonlyMap<number, FarmingPolicyRecord>;
}

/** The writable store the indexer fills (and tests may fill directly). */
export class MemoryGridIndex implements GridIndex {
  head: IndexHead = { number: 0, hash: '0x', timestamp: 0 };
  readonly twins = new Map<number, TwinRecord>();
  readonly farms = new Map<number, FarmRecord>();
  readonly nodes = new Map<number, NodeRecord>();
  readonly nodeContracts = new Map<number, NodeContractRecord>();
  readonly nameContracts = new Map<number, NameContractRecord>();
  readonly rentContracts = new Map<number, RentContractRecord>();
  readonly contractBillReports: ContractBillReportRecord[] = [];
  readonly uptimeEvents: UptimeEventRecord[] = [];
  readonly nruConsumptions: NruConsumptionRecord[] = [];
  readonly farmingPolicies = new Map<number, FarmingPolicyRecord>();
}
