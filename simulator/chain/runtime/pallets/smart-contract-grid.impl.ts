// What SmartContractModule reads from other pallets: TfgridModule's twins, farms, nodes, power states and pricing
// policies (owned by the TfgridModule implementation; only read here, except a farm's public IP list, which contract
// creation and removal rewrite as upstream's `reserve_ip` / `free_ip` do), and balances as billing sees them.
import { hexToU8a } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import type { AccountId } from '../../core/dispatch/types';
import { DEV_ACCOUNTS } from '../../core/dev-genesis';
import { DEV_PRICING_POLICY, usableBalance, type PricingPolicyLike } from './smart-contract-billing';
import type { FarmPublicIp, NodeCertificationName, NodePowerLike, ResourcesInput } from './tfgrid-rules';

export interface TwinValue { readonly id: number; readonly account_id: AccountId }
export interface FarmValue {
  readonly id: number;
  readonly twin_id: number;
  readonly pricing_policy_id: number;
  readonly dedicated_farm: boolean;
  public_ips: FarmPublicIp[];
}
export interface NodeValue {
  readonly id: number;
  readonly farm_id: number;
  readonly twin_id: number;
  readonly resources: ResourcesInput;
  readonly certification: NodeCertificationName;
}
export interface BillingPolicy extends PricingPolicyLike {
  readonly foundation_account: AccountId;
  readonly certified_sales_account: AccountId;
}

const grid = <V>(ctx: DispatchContext, item: string) => ctx.storage<V>('TfgridModule', item);

export const twinIdOf = (ctx: DispatchContext, who: AccountId): number | null =>
  grid<number | null>(ctx, 'TwinIdByAccountID').get(who);
export const twinOf = (ctx: DispatchContext, id: number): TwinValue | null => grid<TwinValue | null>(ctx, 'Twins').get(id);
export const farmOf = (ctx: DispatchContext, id: number): FarmValue | null => grid<FarmValue | null>(ctx, 'Farms').get(id);
export const nodeOf = (ctx: DispatchContext, id: number): NodeValue | null => grid<NodeValue | null>(ctx, 'Nodes').get(id);
export const saveFarm = (ctx: DispatchContext, farm: FarmValue): void => grid(ctx, 'Farms').set(farm.id, farm);
export const nodePowerOf = (ctx: DispatchContext, id: number): NodePowerLike => grid<NodePowerLike>(ctx, 'NodePower').get(id);

/** The node a twin runs (`NodeIdByTwinID`, a ValueQuery where 0 means none), if it still exists. */
export function nodeIdOfTwin(ctx: DispatchContext, twinId: number): number | null {
  const id = grid<number>(ctx, 'NodeIdByTwinID').get(twinId);
  return id !== 0 && nodeOf(ctx, id) !== null ? id : null;
}

/**
 * Pricing policy `id` (billing always uses policy 1, as spec 152 does). Until the TfgridModule genesis has written
 * it, upstream's dev policy stands in (foundation //Eve, certified sales //Ferdie), so billing works on a bare chain.
 */
export function billingPolicy(ctx: DispatchContext, id = 1): BillingPolicy {
  const stored = grid<(BillingPolicy & { discount_for_dedication_nodes: number }) | null>(ctx, 'PricingPolicies').get(id);
  if (stored) return stored;
  return {
    ...DEV_PRICING_POLICY,
    foundation_account: hexToU8a(DEV_ACCOUNTS.eve),
    certified_sales_account: hexToU8a(DEV_ACCOUNTS.ferdie),
  };
}

export const pricingPolicyExists = (ctx: DispatchContext, id = 1): boolean => grid(ctx, 'PricingPolicies').exists(id);

/** The stash a twin bonded (`TwinBoundedAccountID`); its usable balance only raises the discount level. */
export const bondedStashOf = (ctx: DispatchContext, twinId: number): AccountId | null =>
  grid<AccountId | null>(ctx, 'TwinBoundedAccountID').get(twinId);

/** `free − max(ED, frozen)`: what billing may reserve. */
export const usableOf = (ctx: DispatchContext, who: AccountId): bigint => {
  const a = ctx.currency.account(who);
  return usableBalance({ free: a.free, frozen: a.frozen }, ctx.currency.existentialDeposit);
};
