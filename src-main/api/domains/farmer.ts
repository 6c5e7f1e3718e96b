/**
 * The farmer's flows, on the local grid or a live network alike: funds, terms, twin, farm and payout address, this
 * machine's hardware and the pre-flight checklist, a simulated node with that hardware (local grid only), how a node
 * is doing against the uptime rule and what it would earn, and the boot image for a farm.
 */
import * as z from 'zod';
import { address, empty, method } from '../decl';
import { networkId, type NetworkId } from './networks';

export interface FarmPublicIp {
  /** CIDR, e.g. 185.206.122.33/24 */
  ip: string;
  gateway: string;
  /** the contract using it; 0 when free */
  contractId: number;
}

export interface FarmView {
  id: number;
  name: string;
  twinId: number;
  pricingPolicyId: number;
  certification: 'NotCertified' | 'Gold';
  dedicated: boolean;
  publicIps: FarmPublicIp[];
  /** the Stellar address farming rewards are paid to; absent when none was set */
  stellarAddress?: string;
}

export interface FarmNodeView {
  nodeId: number;
  farmId: number;
  twinId: number;
  /** as the grid proxy says: up (an uptime report within the last 80 min, powered on), standby (powered down by the farmer, seen within 24 h), down */
  status: 'up' | 'standby' | 'down';
  /** seconds since the node booted, from its last report */
  uptime: number;
  /** chain time (ms) of the last uptime report; 0 if none */
  lastReportAt: number;
  resources: { cru: number; mru: number; sru: number; hru: number };
  farmingPolicyId: number;
  certification: string;
  power: { target: 'Up' | 'Down'; state: 'Up' | 'Down' };
}

export interface FarmerStatus {
  network: NetworkId;
  address: string;
  /** free balance in the smallest unit (1 TFT = 10^7), as a decimal string */
  balance: string;
  termsAccepted: boolean;
  /** 0: no twin yet */
  twinId: number;
  /** the relay the twin announces */
  relay?: string;
  farms: FarmView[];
  nodes: FarmNodeView[];
}

export interface FundResult {
  /** true when funds were requested and arrived */
  funded: boolean;
  balance: string;
  /** on networks without an activation service (test, main): where to get TFT */
  howToGetTft?: string;
}

/** What this machine has, as the wizard's "detect" step found it. */
export interface HardwareReport {
  cpu: { model: string; threads: number; arch: string; /** VT-x / AMD-V on; null when it cannot be told */ virtualization: boolean | null };
  memoryBytes: number;
  disks: { name: string; type: 'ssd' | 'hdd' | 'unknown'; sizeBytes: number; /** holds partitions or the running system: would be wiped */ inUse: boolean }[];
  network: { iface: string; wired: boolean; up: boolean; speedMbps?: number }[];
  firmware: 'uefi' | 'bios' | 'unknown';
  /** the hardware as a node profile (what the simulated node will report) */
  profile: HardwareInput;
}

export const hardwareInput = z
  .object({
    cru: z.number().int().min(1, 'at least 1 CPU thread').max(1024),
    /** bytes */
    mru: z.number().int().min(1).max(64 * 1024 ** 4),
    disks: z
      .array(
        z
          .object({
            type: z.enum(['ssd', 'hdd']),
            size: z.number().int().min(1).max(1024 ** 5),
            /** holds partitions or the running system (pre-flight: it will be wiped); not sent to the node */
            inUse: z.boolean().optional(),
          })
          .strict(),
      )
      .max(64),
    /** the machine is itself a virtual machine (the chain's `virtualized` flag: such nodes do not farm) */
    virtualized: z.boolean().default(false),
    /** VT-x / AMD-V available and on (Zero-OS runs workloads as VMs); null when it cannot be told */
    cpuVirtualization: z.boolean().nullable().optional(),
    secureBoot: z.boolean().default(false),
    serial: z.string().trim().max(128).optional(),
    /** 64-bit CPU (Zero-OS runs only there) */
    arch: z.string().max(32).default('x64'),
    wired: z.boolean().default(true),
    firmware: z.enum(['uefi', 'bios', 'unknown']).default('uefi'),
  })
  .strict();
export type HardwareInput = z.input<typeof hardwareInput>;

export interface PreflightCheck {
  id: 'arch' | 'ssd' | 'memory' | 'cpu' | 'network' | 'wipe' | 'firmware' | 'virtualization';
  label: string;
  status: 'pass' | 'warn' | 'fail';
  /** what was found */
  detail: string;
  /** what to do about it */
  fix?: string;
}

export interface NodeReport {
  node: FarmNodeView;
  online: boolean;
  /** the minting period this report is about: start and end, chain time (ms) */
  period: { start: number; end: number };
  /** share of the period so far the node was up, 0..100 */
  uptimePercent: number;
  /** 95 for DIY nodes, 98 for certified */
  requiredPercent: number;
  /** whether it can still meet the rule by the period's end */
  onTrack: boolean;
  farmingPolicy: { id: number; name: string; cu: number; su: number; nu: number; ipv4: number; certification: string };
  /** the node's capacity in units and what it would earn a month at that uptime */
  estimate: { cu: number; su: number; tftPerMonth: number; usdPerMonth: number; tftPriceUsd: number };
  /** plain sentences: why it would or would not mint */
  explanation: string[];
}

export interface BootImage {
  network: NetworkId;
  farmId: number;
  /** the bootstrap page for this farm and network */
  page: string;
  images: { kind: 'efi-img' | 'efi-file' | 'iso' | 'usb' | 'ipxe'; label: string; url: string; when: string }[];
  steps: string[];
}

const onNetwork = { network: networkId, address };
/** Writes on main need `confirmMainnet: true`: real TFT is spent. */
const confirm = { confirmMainnet: z.boolean().optional() };
const farmName = z.string().trim().min(1, 'a farm name is required').max(40);
const stellarAddress = z.string().trim().max(56 + 8);

export const farmerMethods = {
  'farmer.status': method<FarmerStatus>()(z.object(onNetwork).strict()),
  /** Local grid and dev/qa: the activation service funds the account. Test and main: says where to get TFT. */
  'farmer.fund': method<FundResult>()(z.object(onNetwork).strict()),
  'farmer.acceptTerms': method<FarmerStatus>()(z.object({ ...onNetwork, ...confirm }).strict()),
  /** Creates the account's twin with the network's relay; accepts the terms first when needed. */
  'farmer.createTwin': method<FarmerStatus>()(z.object({ ...onNetwork, ...confirm }).strict()),
  /** Name checked as the chain checks it, public IPs (CIDR and gateway) and the Stellar address (StrKey) too. */
  'farmer.createFarm': method<FarmView>()(
    z
      .object({
        ...onNetwork,
        ...confirm,
        name: farmName,
        stellarAddress: stellarAddress.optional(),
        publicIps: z.array(z.object({ ip: z.string().trim().max(64), gateway: z.string().trim().max(64) }).strict()).max(64).default([]),
      })
      .strict(),
  ),
  'farmer.setPayout': method<FarmView>()(
    z.object({ ...onNetwork, ...confirm, farmId: z.number().int().min(1), stellarAddress }).strict(),
  ),
  /** This machine's CPU, memory, disks, network and firmware. */
  'farmer.detectHardware': method<HardwareReport>()(empty),
  /** Zero-OS's real requirements against a hardware description. */
  'farmer.preflight': method<PreflightCheck[]>()(z.object({ hardware: hardwareInput }).strict()),
  /**
   * Local grid only: boots a simulated node with exactly this hardware in the account's farm; resolves when it is
   * registered (node id known). The grid must be running.
   */
  'farmer.bootNode': method<FarmNodeView>()(
    z.object({ address, farmId: z.number().int().min(1), hardware: hardwareInput }).strict(),
  ),
  'farmer.node': method<NodeReport>()(z.object({ network: networkId, nodeId: z.number().int().min(1) }).strict()),
  /** The boot image links for a farm on a network, after checking the farm exists there. */
  'farmer.bootImage': method<BootImage>()(z.object({ network: networkId, farmId: z.number().int().min(1) }).strict()),
} as const;
