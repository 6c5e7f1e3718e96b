// Shared plumbing of the TfgridModule implementation (tfgrid.impl.ts and its tfgrid-*.impl.ts parts): the decoded
// value shapes of the pallet's storage, twin/farm/node lookups in the order the pallet does them, admin origins and the
// farming-policy assignment used by node creation, certification and attach_policy_to_farm.
//
// Value shapes follow runtime/scale-decode.ts: byte strings are Uint8Array, u64 bigint, u32 number, Option null or
// the value, field-less enum variants their name.
import { u8aEq } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import { DispatchFailure } from '../../core/dispatch/errors';
import type { CallDef, CallHandler } from '../../core/dispatch/pallet-impl';
import type { AccountId } from '../../core/dispatch/types';
import {
  selectFarmingPolicy, type Check, type Ok, type FarmCertificationName, type FarmingPolicyLimit, type NodeCertificationName,
  type PowerState, type PowerTarget,
} from './tfgrid-rules';

export type CallTable = Record<string, CallHandler | CallDef>;

export interface TwinValue {
  id: number;
  account_id: AccountId;
  relay: Uint8Array | null;
  entities: { entity_id: number; signature: Uint8Array }[];
  pk: Uint8Array | null;
}

export interface PublicIpValue { ip: Uint8Array; gateway: Uint8Array; contract_id: bigint }

export interface FarmingPolicyLimitValue {
  farming_policy_id: number;
  cu: bigint | null;
  su: bigint | null;
  end: bigint | null;
  node_count: number | null;
  node_certification: boolean;
}

export interface FarmValue {
  version: number;
  id: number;
  name: Uint8Array;
  twin_id: number;
  pricing_policy_id: number;
  certification: FarmCertificationName;
  public_ips: PublicIpValue[];
  dedicated_farm: boolean;
  farming_policy_limits: FarmingPolicyLimitValue | null;
}

export interface ResourcesValue { hru: bigint; sru: bigint; cru: bigint; mru: bigint }
export interface LocationValue { city: Uint8Array; country: Uint8Array; latitude: Uint8Array; longitude: Uint8Array }
export interface InterfaceValue { name: Uint8Array; mac: Uint8Array; ips: Uint8Array[] }
export interface IpPairValue { ip: Uint8Array; gw: Uint8Array }
export interface PublicConfigValue { ip4: IpPairValue; ip6: IpPairValue | null; domain: Uint8Array | null }

export interface NodeValue {
  version: number;
  id: number;
  farm_id: number;
  twin_id: number;
  resources: ResourcesValue;
  location: LocationValue;
  public_config: PublicConfigValue | null;
  created: bigint;
  farming_policy_id: number;
  interfaces: InterfaceValue[];
  certification: NodeCertificationName;
  secure_boot: boolean;
  virtualized: boolean;
  serial_number: Uint8Array | null;
  connection_price: number;
}

export interface FarmingPolicyValue {
  version: number;
  id: number;
  name: Uint8Array;
  cu: number;
  su: number;
  nu: number;
  ipv4: number;
  minimal_uptime: number;
  policy_created: number;
  policy_end: number;
  immutable: boolean;
  default: boolean;
  node_certification: NodeCertificationName;
  farm_certification: FarmCertificationName;
}

export interface NodePowerValue { state: PowerState; target: PowerTarget }

/** Version fields the v2.7 pallet writes on creation (tfchain-types.md, "Other notes"). */
export const FARM_VERSION = 4;
export const NODE_VERSION = 5;
export const PRICING_POLICY_VERSION = 2;
export const FARMING_POLICY_VERSION = 2;

/** Raises the rule's module error (TfgridModule) when the check failed. */
export function must<E extends string, T extends object>(ctx: DispatchContext, check: Check<E, T>): asserts check is Ok<T> {
  if (!check.ok) ctx.fail(check.error);
}

/** `TwinIdByAccountID[who]`, or null. */
export const twinIdOf = (ctx: DispatchContext, who: AccountId): number | null =>
  ctx.storage<number | null>('TwinIdByAccountID').get(who);

/** The signer's twin id, or TwinNotExists (the first check of most signed calls). */
export function requireTwinId(ctx: DispatchContext, who: AccountId): number {
  const id = twinIdOf(ctx, who);
  if (id == null) ctx.fail('TwinNotExists');
  return id;
}

export const getTwin = (ctx: DispatchContext, id: number): TwinValue | null => ctx.storage<TwinValue | null>('Twins').get(id);
export const getFarm = (ctx: DispatchContext, id: number): FarmValue | null => ctx.storage<FarmValue | null>('Farms').get(id);
export const getNode = (ctx: DispatchContext, id: number): NodeValue | null => ctx.storage<NodeValue | null>('Nodes').get(id);

export function requireFarm(ctx: DispatchContext, id: number): FarmValue {
  const farm = getFarm(ctx, id);
  if (!farm) ctx.fail('FarmNotExists');
  return farm;
}

export function requireNode(ctx: DispatchContext, id: number): NodeValue {
  const node = getNode(ctx, id);
  if (!node) ctx.fail('NodeNotExists');
  return node;
}

/** The node registered by the signer's twin (`NodeIdByTwinID`), as report_uptime and change_power_state find it. */
export function requireOwnNode(ctx: DispatchContext, who: AccountId): NodeValue {
  const twinId = requireTwinId(ctx, who);
  const byTwin = ctx.storage<number>('NodeIdByTwinID');
  if (!byTwin.exists(twinId)) ctx.fail('NodeNotExists');
  return requireNode(ctx, byTwin.get(twinId));
}

/** `EnsureRootOrCouncilApproval` (Root, or a council motion with ≥ 3/5), as a boolean. */
export function isAdminOrigin(ctx: DispatchContext): boolean {
  try {
    ctx.ensureRootOrCouncil(3, 5);
    return true;
  } catch (error) {
    if (error instanceof DispatchFailure) return false;
    throw error;
  }
}

export const sameAccount = (a: AccountId, b: AccountId): boolean => u8aEq(a, b);

export function allFarmingPolicies(ctx: DispatchContext): FarmingPolicyValue[] {
  return [...ctx.storage<FarmingPolicyValue>('FarmingPoliciesMap').entries()].map(([, p]) => p);
}

/**
 * pricing.rs `get_farming_policy` for `node` in its farm (tfgrid-rules `selectFarmingPolicy`). When the farm's
 * policy limits are consumed, the farm is re-saved with the decremented limits and `FarmUpdated` is emitted, as the
 * pallet does. Fails with FarmNotExists / FarmingPolicyNotExists.
 */
export function assignFarmingPolicy(ctx: DispatchContext, node: Pick<NodeValue, 'farm_id' | 'certification' | 'resources'>):
FarmingPolicyValue {
  const farm = requireFarm(ctx, node.farm_id);
  const selected = selectFarmingPolicy({
    policies: allFarmingPolicies(ctx),
    node: { certification: node.certification, resources: node.resources },
    farm: { certification: farm.certification, farming_policy_limits: farm.farming_policy_limits as FarmingPolicyLimit | null },
    nowSecs: ctx.nowSecs,
  });
  must(ctx, selected);
  if (selected.updatedLimits) {
    const l = selected.updatedLimits;
    farm.farming_policy_limits = {
      farming_policy_id: l.farming_policy_id,
      cu: l.cu == null ? null : BigInt(l.cu),
      su: l.su == null ? null : BigInt(l.su),
      end: l.end == null ? null : BigInt(l.end),
      node_count: l.node_count,
      node_certification: l.node_certification,
    };
    ctx.storage('Farms').set(farm.id, farm);
    ctx.depositEvent('FarmUpdated', farm);
  }
  return selected.policy;
}

/** Whether the node carries node contracts or a rent contract (SmartContractModule storage; empty until it runs). */
export function nodeHasActiveContracts(ctx: DispatchContext, nodeId: number): boolean {
  const active = ctx.storage<bigint[]>('SmartContractModule', 'ActiveNodeContracts').get(nodeId);
  return active.length > 0 || ctx.storage('SmartContractModule', 'ActiveRentContractForNode').exists(nodeId);
}
