/** The node host's public shapes (docs/LOCAL-GRID-SEAMS.md "Node host"). */

export type NodeState = 'booting' | 'funding' | 'registering' | 'online' | 'stopped' | 'crashed' | 'error';

export interface NodeFaults {
  /** Skip uptime reports (the node keeps running). */
  pauseUptime: boolean;
  /** Registration never completes (state stays `registering`). */
  stuckRegistration: boolean;
  /** The node finds no SSD, so Zero-OS refuses to register (no cache disk). */
  noSsd: boolean;
  /** Added to the chain time in uptime hints; beyond ±60 s the chain refuses with InvalidTimestampHint. */
  clockSkewSecs: number;
  /** Disconnected from the relay; RMB calls to it go unanswered. */
  relayCut: boolean;
}

export const NO_FAULTS: NodeFaults = {
  pauseUptime: false, stuckRegistration: false, noSsd: false, clockSkewSecs: 0, relayCut: false,
};

/** zos `Capacity`; bytes as numbers (2^53 bytes is 8 PiB, far beyond any simulated node). */
export interface Capacity {
  cru: number;
  mru: number;
  sru: number;
  hru: number;
  ipv4u: number;
}

export const ZERO_CAPACITY: Capacity = { cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 };

export interface NodeStatus {
  name: string;
  state: NodeState;
  error?: string;
  address: string;
  twinId?: number;
  nodeId?: number;
  farmId: number;
  lastUptimeAt?: number;
  uptimeReports: number;
  relayConnected: boolean;
  faults: NodeFaults;
  capacity: { total: Capacity; used: Capacity };
  deployments: number;
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const SILENT_LOGGER: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
