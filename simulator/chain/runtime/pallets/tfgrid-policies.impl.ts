// TfgridModule: pricing and farming policies and the other admin settings (tfchain.md §3.1.5; pallet-tfgrid lib.rs
// and pricing.rs, v2.7), plus the dev genesis of the pallet (§4). Every call here needs Root or a Council motion
// with at least 3/5 in favour (`EnsureRootOrCouncilApproval`).
import { hexToU8a } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import { DEV_ACCOUNTS } from '../../core/dev-genesis';
import type { GenesisConfig } from '../../core/genesis-config';
import {
  checkAttachPolicyToFarm, checkZosVersion, isValidRelay, type FarmCertificationName, type NodeCertificationName,
} from './tfgrid-rules';
import {
  FARMING_POLICY_VERSION, getNode, PRICING_POLICY_VERSION, requireFarm, type CallTable, type FarmingPolicyLimitValue,
  type FarmingPolicyValue,
} from './tfgrid-support.impl';
import { reselectFarmingPolicy } from './tfgrid-nodes.impl';

type Unit = 'Bytes' | 'Kilobytes' | 'Megabytes' | 'Gigabytes' | 'Terrabytes';
interface PolicyValue { value: number; unit: Unit }

interface PricingPolicyFields {
  name: Uint8Array;
  su: PolicyValue;
  cu: PolicyValue;
  nu: PolicyValue;
  ipu: PolicyValue;
  unique_name: PolicyValue;
  domain_name: PolicyValue;
  foundation_account: Uint8Array;
  certified_sales_account: Uint8Array;
  discount_for_dedication_nodes: number;
}

export interface PricingPolicyValue extends PricingPolicyFields { version: number; id: number }

interface FarmingPolicyArgs {
  name: Uint8Array;
  su: number;
  cu: number;
  nu: number;
  ipv4: number;
  minimal_uptime: number;
  policy_end: number;
  default: boolean;
  node_certification: NodeCertificationName;
  farm_certification: FarmCertificationName;
}

/** The terms a council sets on create and update alike (not the id, version, creation block or immutability). */
const policyTerms = (a: FarmingPolicyArgs): FarmingPolicyArgs => ({
  name: a.name, su: a.su, cu: a.cu, nu: a.nu, ipv4: a.ipv4, minimal_uptime: a.minimal_uptime, policy_end: a.policy_end,
  default: a.default, node_certification: a.node_certification, farm_certification: a.farm_certification,
});

const pricingFields = (a: PricingPolicyFields): PricingPolicyFields => ({
  name: a.name, su: a.su, cu: a.cu, nu: a.nu, ipu: a.ipu, unique_name: a.unique_name, domain_name: a.domain_name,
  foundation_account: a.foundation_account, certified_sales_account: a.certified_sales_account,
  discount_for_dedication_nodes: a.discount_for_dedication_nodes,
});

const gb = (value: number): PolicyValue => ({ value, unit: 'Gigabytes' });

/** Pricing policy 1 of the dev chain spec (version 1; values in units-USD per hour, 10^7 = 1 USD). */
export const DEV_PRICING_POLICY: PricingPolicyValue = Object.freeze({
  version: 1,
  id: 1,
  name: new TextEncoder().encode('threefold_default_pricing_policy'),
  su: gb(50_000),
  cu: gb(100_000),
  nu: gb(15_000),
  ipu: gb(40_000),
  unique_name: gb(2_500),
  domain_name: gb(5_000),
  foundation_account: hexToU8a(DEV_ACCOUNTS.eve),
  certified_sales_account: hexToU8a(DEV_ACCOUNTS.ferdie),
  discount_for_dedication_nodes: 50,
});

const farmingPolicy = (id: number, name: string, v: Pick<FarmingPolicyValue, 'cu' | 'su' | 'nu' | 'ipv4' | 'node_certification'>):
FarmingPolicyValue => ({
  version: 1,
  id,
  name: new TextEncoder().encode(name),
  ...v,
  minimal_uptime: 95,
  policy_created: 0,
  policy_end: 0,
  immutable: false,
  default: true,
  farm_certification: 'NotCertified',
});

/** Farming policies 1 (Diy) and 2 (Certified) of the dev chain spec, both default. */
export const DEV_FARMING_POLICIES: readonly FarmingPolicyValue[] = [
  farmingPolicy(1, 'threefold_default_diy_farming_policy', { cu: 2400, su: 1000, nu: 30, ipv4: 5, node_certification: 'Diy' }),
  farmingPolicy(2, 'threefold_default_certified_farming_policy',
    { cu: 3000, su: 1250, nu: 38, ipv4: 6, node_certification: 'Certified' }),
];

export const DEV_CONNECTION_PRICE = 80;

/** A twin present from genesis (tfchain.md §4 "suggested Gridbox additions"): its T&C acceptance is written too. */
export interface GenesisTwin {
  /** 32-byte account id, or its 0x hex. */
  readonly account: Uint8Array | string;
  readonly relay?: string | null;
  /** 0x hex of the RMB public key. */
  readonly pk?: string | null;
}

/**
 * Optional `config.pallets.TfgridModule` section: replaces the upstream dev values and may pre-provision twins (ids
 * from 1 in list order). Not part of upstream's genesis config shape; Gridbox scenarios may use it.
 */
export interface TfgridGenesis {
  readonly pricingPolicies?: readonly PricingPolicyValue[];
  readonly farmingPolicies?: readonly FarmingPolicyValue[];
  readonly connectionPrice?: number;
  readonly zosVersion?: string;
  readonly twins?: readonly GenesisTwin[];
}

/** The T&C document Gridbox records for genesis twins (the link grid_client uses; the hash is a placeholder). */
export const GENESIS_TERMS = Object.freeze({ link: 'https://library.threefold.me/info/legal/#/', hash: 'gridbox-genesis' });

function genesisTwins(ctx: DispatchContext, twins: readonly GenesisTwin[], timeMs: number): void {
  const enc = new TextEncoder();
  twins.forEach((t, i) => {
    const account = typeof t.account === 'string' ? hexToU8a(t.account) : t.account;
    if (account.length !== 32) throw new Error(`TfgridModule genesis twin ${i}: the account must be 32 bytes`);
    if (ctx.storage('TwinIdByAccountID').exists(account)) throw new Error(`TfgridModule genesis twin ${i}: account listed twice`);
    const relay = t.relay == null ? null : enc.encode(t.relay);
    if (relay && !isValidRelay(relay)) throw new Error(`TfgridModule genesis twin ${i}: invalid relay ${t.relay}`);
    const id = i + 1;
    ctx.storage('UsersTermsAndConditions').set(account, [{
      account_id: account, timestamp: BigInt(Math.floor(timeMs / 1000)),
      document_link: enc.encode(GENESIS_TERMS.link), document_hash: enc.encode(GENESIS_TERMS.hash),
    }]);
    ctx.storage('Twins').set(id, { id, account_id: account, relay, entities: [], pk: t.pk == null ? null : hexToU8a(t.pk) });
    ctx.storage('TwinIdByAccountID').set(account, id);
  });
  ctx.storage('TwinID').set(twins.length);
}

/** Writes pricing policy 1, farming policies 1 and 2 and the connection price (tfchain.md §4), plus the section's twins. */
export function tfgridGenesis(ctx: DispatchContext, config: GenesisConfig): void {
  const section = (config.pallets.TfgridModule ?? {}) as TfgridGenesis;
  const pricing = section.pricingPolicies ?? [DEV_PRICING_POLICY];
  const farming = section.farmingPolicies ?? DEV_FARMING_POLICIES;
  for (const p of pricing) {
    ctx.storage('PricingPolicies').set(p.id, p);
    ctx.storage('PricingPolicyIdByName').set(p.name, p.id);
  }
  ctx.storage('PricingPolicyID').set(Math.max(0, ...pricing.map((p) => p.id)));
  for (const p of farming) ctx.storage('FarmingPoliciesMap').set(p.id, p);
  ctx.storage('FarmingPolicyID').set(Math.max(0, ...farming.map((p) => p.id)));
  ctx.storage('ConnectionPrice').set(section.connectionPrice ?? DEV_CONNECTION_PRICE);
  if (section.zosVersion !== undefined) ctx.storage('ZosVersion').set(new TextEncoder().encode(section.zosVersion));
  if (section.twins?.length) genesisTwins(ctx, section.twins, config.time);
}

export const policyCalls: CallTable = {
  set_storage_version: (ctx: DispatchContext, { version }: { version: string }) => {
    ctx.ensureRootOrCouncil();
    ctx.storage('PalletVersion').set(version);
  },

  create_pricing_policy: (ctx: DispatchContext, args: PricingPolicyFields) => {
    ctx.ensureRootOrCouncil();
    const byName = ctx.storage<number>('PricingPolicyIdByName');
    if (byName.exists(args.name)) ctx.fail('PricingPolicyExists');
    const id = ctx.storage<number>('PricingPolicyID').get() + 1;
    const policy: PricingPolicyValue = { version: PRICING_POLICY_VERSION, id, ...pricingFields(args) };
    ctx.storage('PricingPolicies').set(id, policy);
    byName.set(args.name, id);
    ctx.storage('PricingPolicyID').set(id);
    ctx.depositEvent('PricingPolicyStored', policy);
  },

  /** A name held by another policy is PricingPolicyWithDifferentIdExists; a rename frees the old name. */
  update_pricing_policy: (ctx: DispatchContext, args: PricingPolicyFields & { pricing_policy_id: number }) => {
    ctx.ensureRootOrCouncil();
    const policies = ctx.storage<PricingPolicyValue | null>('PricingPolicies');
    const current = policies.get(args.pricing_policy_id);
    if (!current) ctx.fail('PricingPolicyNotExists');
    const byName = ctx.storage<number>('PricingPolicyIdByName');
    if (byName.exists(args.name)) {
      if (byName.get(args.name) !== current.id) ctx.fail('PricingPolicyWithDifferentIdExists');
    } else {
      byName.remove(current.name);
      byName.set(args.name, current.id);
    }
    const policy: PricingPolicyValue = { ...current, ...pricingFields(args) };
    policies.set(policy.id, policy);
    ctx.depositEvent('PricingPolicyStored', policy);
  },

  create_farming_policy: (ctx: DispatchContext, args: FarmingPolicyArgs & { immutable: boolean }) => {
    ctx.ensureRootOrCouncil();
    const id = ctx.storage<number>('FarmingPolicyID').get() + 1;
    const policy: FarmingPolicyValue = {
      version: FARMING_POLICY_VERSION,
      id,
      ...policyTerms(args),
      policy_created: ctx.blockNumber,
      immutable: args.immutable,
    };
    ctx.storage('FarmingPoliciesMap').set(id, policy);
    ctx.storage('FarmingPolicyID').set(id);
    ctx.depositEvent('FarmingPolicyStored', policy);
  },

  update_farming_policy: (ctx: DispatchContext, args: FarmingPolicyArgs & { farming_policy_id: number }) => {
    ctx.ensureRootOrCouncil();
    const map = ctx.storage<FarmingPolicyValue>('FarmingPoliciesMap');
    if (!map.exists(args.farming_policy_id)) ctx.fail('FarmingPolicyNotExists');
    const current = map.get(args.farming_policy_id);
    const policy: FarmingPolicyValue = {
      ...current,
      ...policyTerms(args),
    };
    map.set(policy.id, policy);
    ctx.depositEvent('FarmingPolicyUpdated', policy);
  },

  /**
   * Some(limits): the farm gets the limits and the policy's farm certification (FarmUpdated), every node of the farm
   * on a default policy is re-evaluated (NodeUpdated each), then FarmingPolicySet. None removes the limits.
   */
  attach_policy_to_farm: (ctx: DispatchContext, { farm_id, limits }: { farm_id: number; limits: FarmingPolicyLimitValue | null }) => {
    ctx.ensureRootOrCouncil();
    // The policy's expiry is checked before the farm is looked up, as in pallet-tfgrid.
    const policy = limits && ctx.storage<FarmingPolicyValue>('FarmingPoliciesMap').get(limits.farming_policy_id);
    if (policy) {
      const attachable = checkAttachPolicyToFarm(policy, ctx.blockNumber);
      if (!attachable.ok) ctx.fail(attachable.error);
    }
    const farm = requireFarm(ctx, farm_id);
    if (policy) farm.certification = policy.farm_certification;
    farm.farming_policy_limits = limits;
    ctx.storage('Farms').set(farm.id, farm);
    ctx.depositEvent('FarmUpdated', farm);
    if (limits) {
      const map = ctx.storage<FarmingPolicyValue>('FarmingPoliciesMap');
      for (const nodeId of ctx.storage<number[]>('NodesByFarmID').get(farm_id)) {
        const node = getNode(ctx, nodeId);
        if (!node || !map.get(node.farming_policy_id).default) continue;
        reselectFarmingPolicy(ctx, node);
        ctx.storage('Nodes').set(node.id, node);
        ctx.depositEvent('NodeUpdated', node);
      }
    }
    ctx.depositEvent('FarmingPolicySet', [farm_id, limits]);
  },

  set_zos_version: (ctx: DispatchContext, { zos_version }: { zos_version: Uint8Array }) => {
    ctx.ensureRootOrCouncil();
    const stored = ctx.storage<Uint8Array>('ZosVersion');
    const verdict = checkZosVersion(stored.get(), zos_version);
    if (!verdict.ok) ctx.fail(verdict.error);
    stored.set(zos_version);
    ctx.depositEvent('ZosVersionUpdated', zos_version);
  },

  set_connection_price: (ctx: DispatchContext, { price }: { price: number }) => {
    ctx.ensureRootOrCouncil();
    ctx.storage('ConnectionPrice').set(price);
    ctx.depositEvent('ConnectionPriceSet', price);
  },
};
