/** What the zos.* handlers know about their node; the agent implements it. Handlers stay transport-free. */
import type { DeploymentEngine } from '../deployments/engine';
import type { HardwareProfile } from '../profiles';
import type { Capacity } from '../types';

export interface ZosRequestContext {
  source: { twin: number; connection?: string };
}

export type ZosHandler = (payload: unknown, ctx: ZosRequestContext) => Promise<unknown>;

export interface ZosNode {
  readonly engine: DeploymentEngine;
  readonly profile: HardwareProfile;
  readonly noSsd: boolean;
  /** The node's address on its `zos` interface. */
  readonly nodeIp: string;
  /** The farm's public config for this node, if the farmer set one. */
  publicConfig(): { ip4: { ip: string; gw: string }; ip6?: { ip: string; gw: string }; domain?: string } | null;
  capacity(): { total: Capacity; used: Capacity; system: Capacity };
  openConnections(): number;
}
