// SmartContractModule billing on a live chain: one `bill_contract` run against storage and balances (the pure
// arithmetic is smart-contract-billing.ts), contract removal, and the per-block billing loop that stands in for the
// validators' offchain workers (tfchain.md §3.2.6: "a dev chain without offchain workers must run this loop itself").
import { hexToU8a, u8aEq } from '@polkadot/util';
import type { DispatchContext } from '../../core/dispatch/context';
import type { AccountId } from '../../core/dispatch/types';
import { mutateAccount } from './balances.impl';
import {
  billContract, billingLoopIndex, GRACE_PERIOD_BLOCKS, DISTRIBUTION_FREQUENCY, shouldBillContract,
  type BillingEvent, type Cause, type ContractCostInput, type ContractStateLike, type PaymentState, type Payout,
} from './smart-contract-billing';
import {
  billingPolicy, bondedStashOf, farmOf, nodeOf, nodePowerOf, saveFarm, twinOf, usableOf,
} from './smart-contract-grid.impl';
import { contractKind, freePublicIps } from './smart-contract-rules';
import type { FarmPublicIp, ResourcesInput } from './tfgrid-rules';
import { billingTftPrice } from './tft-price.impl';

/** Knobs a test or a Gridbox scenario may turn; defaults are TFChain's runtime configuration (§1.6). */
export interface BillingOptions {
  /** Blocks a contract may stay in grace before deletion: 14 days = 201,600 blocks. */
  readonly gracePeriodBlocks?: bigint;
  /** Billing cycles between reward distributions: 24. */
  readonly distributionFrequency?: number;
}

/** `StakingPoolAccount` (5CNposRewardAccount11111111111111111111111111FSU). */
export const STAKING_POOL_ACCOUNT = hexToU8a('0x0dd1d1a6e5a35aa8c7f5e57e1edd0c3fbd6abf2eaa8ef42548986e54a2562000');

// ---- stored shapes (as scale-decode gives them) -----------------------------------------------------------------

export interface NodeContractValue {
  node_id: number;
  deployment_hash: Uint8Array;
  deployment_data: Uint8Array;
  public_ips: number;
  public_ips_list: FarmPublicIp[];
}
export type ContractData =
  | { NodeContract: NodeContractValue } | { NameContract: { name: Uint8Array } } | { RentContract: { node_id: number } };
export interface ContractValue {
  version: number;
  state: ContractStateLike;
  contract_id: bigint;
  twin_id: number;
  contract_type: ContractData;
  solution_provider_id: bigint | null;
}

export const sc = <V>(ctx: DispatchContext, item: string) => ctx.storage<V>('SmartContractModule', item);
export const contractOf = (ctx: DispatchContext, id: bigint): ContractValue | null =>
  sc<ContractValue | null>(ctx, 'Contracts').get(id);
export const saveContract = (ctx: DispatchContext, c: ContractValue): void => sc(ctx, 'Contracts').set(c.contract_id, c);

/** The node a node or rent contract is on; 0 for name contracts (what the grace events carry). */
export function contractNodeId(c: ContractValue): number {
  const t = c.contract_type;
  if ('NodeContract' in t) return t.NodeContract.node_id;
  if ('RentContract' in t) return t.RentContract.node_id;
  return 0;
}

const emit = (ctx: DispatchContext, name: string, fields?: unknown) => ctx.depositEvent('SmartContractModule', name, fields);

// ---- balances: the reserve model ---------------------------------------------------------------------------------

const issuance = (ctx: DispatchContext) => ctx.storage<bigint>('Balances', 'TotalIssuance');

/** Takes `amount` out of `who`'s reserved balance and out of circulation (`slash_reserved`). */
function slashReserved(ctx: DispatchContext, who: AccountId, amount: bigint): bigint {
  if (amount === 0n) return 0n;
  const taken = mutateAccount(ctx, who, (a) => {
    const n = a.reserved < amount ? a.reserved : amount;
    a.reserved -= n;
    return n;
  });
  issuance(ctx).mutate((v: bigint) => (v > taken ? v - taken : 0n));
  ctx.depositEvent('Balances', 'Slashed', { who, amount: taken });
  return taken;
}

/** Pays out of the twin's reserve: slashed there, minted at the beneficiary (burned if it cannot exist). */
function payFromReserve(ctx: DispatchContext, from: AccountId, to: AccountId, amount: bigint): void {
  const taken = slashReserved(ctx, from, amount);
  ctx.currency.depositCreating(to, taken);
}

// ---- one billing run ---------------------------------------------------------------------------------------------

function costInput(ctx: DispatchContext, c: ContractValue): ContractCostInput {
  const t = c.contract_type;
  if ('NodeContract' in t) {
    return {
      kind: 'node',
      used: sc<{ used: ResourcesInput }>(ctx, 'NodeContractResources').get(c.contract_id).used,
      publicIps: t.NodeContract.public_ips,
      amountUnbilled: sc<{ amount_unbilled: bigint }>(ctx, 'ContractBillingInformationByID').get(c.contract_id).amount_unbilled,
      nodeIsRented: sc(ctx, 'ActiveRentContractForNode').get(t.NodeContract.node_id) !== null,
    };
  }
  if ('RentContract' in t) {
    const node = nodeOf(ctx, t.RentContract.node_id);
    return { kind: 'rent', nodeResources: node?.resources ?? { hru: 0, sru: 0, cru: 0, mru: 0 } };
  }
  return { kind: 'name' };
}

/** Whether the offchain worker would bill this contract now (name and rent always; node contracts with usage). */
export function shouldBill(ctx: DispatchContext, c: ContractValue): boolean {
  return shouldBillContract(costInput(ctx, c));
}

function providerAccounts(ctx: DispatchContext, c: ContractValue): { takes: number[]; accounts: AccountId[] } {
  if (c.solution_provider_id === null) return { takes: [], accounts: [] };
  const sp = sc<{ providers: { who: AccountId; take: number }[] } | null>(ctx, 'SolutionProviders').get(c.solution_provider_id);
  return { takes: sp?.providers.map((p) => p.take) ?? [], accounts: sp?.providers.map((p) => p.who) ?? [] };
}

function emitBillingEvent(ctx: DispatchContext, e: BillingEvent): void {
  if (e.name === 'ContractBilled') {
    emit(ctx, e.name, e.bill);
    return;
  }
  const { name, ...fields } = e;
  emit(ctx, name, fields);
}

/**
 * `bill_contract(contract_id)`: charges the contract for the time since it was last billed, moves it in or out of
 * grace, distributes rewards when due, and removes it when Deleted (which is how a cancel's final bill ends).
 */
export function billContractNow(ctx: DispatchContext, id: bigint, options: BillingOptions = {}): void {
  const c = contractOf(ctx, id);
  if (c === null) ctx.fail('SmartContractModule', 'ContractNotExists');
  const ps = sc<PaymentState | null>(ctx, 'ContractPaymentState').get(id);
  if (ps === null) ctx.fail('SmartContractModule', 'ContractPaymentStateNotExists');
  const twin = twinOf(ctx, c.twin_id);
  if (twin === null) ctx.fail('SmartContractModule', 'TwinNotExists');

  const nodeId = contractNodeId(c);
  const node = nodeId === 0 ? null : nodeOf(ctx, nodeId);
  const farm = node ? farmOf(ctx, node.farm_id) : null;
  const stash = bondedStashOf(ctx, c.twin_id);
  const providers = providerAccounts(ctx, c);
  // Spec 152 bills with pricing policy 1 whatever the farm's.
  const policy = billingPolicy(ctx, 1);
  const kind = contractKind(c.contract_type);

  const result = billContract({
    contractId: id,
    twinId: c.twin_id,
    nodeId,
    state: c.state,
    cost: costInput(ctx, c),
    paymentState: ps,
    nowSecs: ctx.nowSecs,
    currentBlock: ctx.blockNumber,
    twinUsableBalance: usableOf(ctx, twin.account_id),
    stashUsableBalance: stash ? usableOf(ctx, stash) : 0n,
    tftPriceMusd: billingTftPrice(ctx),
    certification: node?.certification ?? null,
    extraFeeMusd: kind === 'rent' ? sc<bigint>(ctx, 'DedicatedNodesExtraFee').get(nodeId) : 0n,
    nodeIsDown: kind === 'rent' && nodePowerOf(ctx, nodeId).state !== 'Up',
    providerTakes: providers.takes,
    policy,
    gracePeriodBlocks: options.gracePeriodBlocks ?? GRACE_PERIOD_BLOCKS,
    distributionFrequency: options.distributionFrequency ?? DISTRIBUTION_FREQUENCY,
  });
  if (!result.ok) ctx.fail('SmartContractModule', result.error);
  const r = result;
  if (r.noop) {
    for (const e of r.events) emitBillingEvent(ctx, e);
    return;
  }

  // Balances first (Reserved / Slashed / Deposit), then the pallet's events in the pallet's order.
  if (r.reserve > 0n) ctx.currency.reserve(twin.account_id, r.reserve);
  const farmer = farm ? twinOf(ctx, farm.twin_id)?.account_id ?? null : null;
  for (const p of r.payouts) {
    const to = beneficiary(p, { farmer, policy, providers: providers.accounts });
    if (to) payFromReserve(ctx, twin.account_id, to, p.amount);
    else slashReserved(ctx, twin.account_id, p.amount);
  }
  if (r.burned > 0n) slashReserved(ctx, twin.account_id, r.burned);
  for (const e of r.events) emitBillingEvent(ctx, e);

  if (r.syncNodeContracts !== null) syncNodeContractsOfRent(ctx, nodeId, r.syncNodeContracts);
  if (r.remove) {
    removeContract(ctx, { ...c, state: r.state }, options);
    return;
  }
  saveContract(ctx, { ...c, state: r.state });
  sc(ctx, 'ContractPaymentState').set(id, r.paymentState);
  if (r.resetAmountUnbilled) {
    sc<{ amount_unbilled: bigint }>(ctx, 'ContractBillingInformationByID').mutate(id, (info: { amount_unbilled: bigint }) => {
      info.amount_unbilled = 0n;
    });
  }
}

function beneficiary(p: Payout, who: { farmer: AccountId | null; policy: { foundation_account: AccountId; certified_sales_account: AccountId }; providers: AccountId[] }):
AccountId | null {
  if (typeof p.to === 'object') return who.providers[p.to.provider] ?? null;
  switch (p.to) {
    case 'farmer': return who.farmer;
    case 'foundation': return who.policy.foundation_account;
    case 'stakingPool': return STAKING_POOL_ACCOUNT;
    case 'certifiedSales': return who.policy.certified_sales_account;
  }
}

/** A rent contract's grace transition carries over to the node contracts on its node, each with its own event. */
function syncNodeContractsOfRent(ctx: DispatchContext, nodeId: number, state: 'Created' | { GracePeriod: bigint }): void {
  for (const id of sc<bigint[]>(ctx, 'ActiveNodeContracts').get(nodeId)) {
    const c = contractOf(ctx, id);
    if (c === null || typeof c.state === 'object' && 'Deleted' in c.state) continue;
    saveContract(ctx, { ...c, state });
    if (state === 'Created') emit(ctx, 'ContractGracePeriodEnded', { contract_id: id, node_id: nodeId, twin_id: c.twin_id });
    else {
      emit(ctx, 'ContractGracePeriodStarted', {
        contract_id: id, node_id: nodeId, twin_id: c.twin_id, block_number: state.GracePeriod,
      });
    }
  }
}

/** Drops `id` from its `ContractsToBillAt` bucket. */
function removeFromBillingLoop(ctx: DispatchContext, id: bigint): void {
  const bucket = billingLoopIndex(id, sc<bigint>(ctx, 'BillingFrequency').get());
  const ids = sc<bigint[]>(ctx, 'ContractsToBillAt').get(bucket).filter((x) => x !== id);
  if (ids.length === 0) sc(ctx, 'ContractsToBillAt').remove(bucket);
  else sc(ctx, 'ContractsToBillAt').set(bucket, ids);
}

/** `remove_contract` (§3.2.3): per-type cleanup and events, then the contract's own entries. */
export function removeContract(ctx: DispatchContext, c: ContractValue, options: BillingOptions = {}): void {
  const id = c.contract_id;
  const t = c.contract_type;
  if ('NodeContract' in t) {
    const nc = t.NodeContract;
    const node = nodeOf(ctx, nc.node_id);
    const farm = node ? farmOf(ctx, node.farm_id) : null;
    if (farm && nc.public_ips > 0) {
      const { farmIps, freed } = freePublicIps(farm.public_ips, id);
      saveFarm(ctx, { ...farm, public_ips: farmIps });
      emit(ctx, 'IPsFreed', { contract_id: id, public_ips: freed });
    }
    const active = sc<bigint[]>(ctx, 'ActiveNodeContracts').get(nc.node_id).filter((x) => x !== id);
    if (active.length === 0) sc(ctx, 'ActiveNodeContracts').remove(nc.node_id);
    else sc(ctx, 'ActiveNodeContracts').set(nc.node_id, active);
    sc(ctx, 'ContractIDByNodeIDAndHash').remove(nc.node_id, nc.deployment_hash);
    sc(ctx, 'NodeContractResources').remove(id);
    sc(ctx, 'ContractBillingInformationByID').remove(id);
    emit(ctx, 'NodeContractCanceled', { contract_id: id, node_id: nc.node_id, twin_id: c.twin_id });
  } else if ('NameContract' in t) {
    sc(ctx, 'ContractIDByNameRegistration').remove(t.NameContract.name);
    emit(ctx, 'NameContractCanceled', { contract_id: id });
  } else {
    const nodeId = t.RentContract.node_id;
    // The renter's deployments go with the rent: each gets its final bill as Deleted (with the rent's cause), while
    // the node still counts as rented, so their resources are not billed on top of the rent.
    const cause: Cause = typeof c.state === 'object' && 'Deleted' in c.state ? c.state.Deleted : 'CanceledByUser';
    for (const nid of [...sc<bigint[]>(ctx, 'ActiveNodeContracts').get(nodeId)]) {
      const nc = contractOf(ctx, nid);
      if (nc === null) continue;
      saveContract(ctx, { ...nc, state: { Deleted: cause } });
      billContractNow(ctx, nid, options);
    }
    sc(ctx, 'ActiveRentContractForNode').remove(nodeId);
    emit(ctx, 'RentContractCanceled', { contract_id: id });
  }
  sc(ctx, 'Contracts').remove(id);
  sc(ctx, 'ContractPaymentState').remove(id);
  sc(ctx, 'ContractLock').remove(id);
  removeFromBillingLoop(ctx, id);
}

/**
 * The billing loop, run at the end of every block (after the timestamp inherent, so `now` is the block's time): the
 * contracts in bucket `block % BillingFrequency` that should bill are billed, each in its own transaction, as the
 * offchain workers' `bill_contract_for_block` extrinsics would be in the next block. A failing contract is logged and
 * left for the next cycle, as a failed extrinsic would be.
 */
export function runBillingLoop(ctx: DispatchContext, options: BillingOptions = {}): void {
  const frequency = sc<bigint>(ctx, 'BillingFrequency').get();
  if (frequency === 0n) return;
  const bucket = BigInt(ctx.blockNumber) % frequency;
  const ids = sc<bigint[]>(ctx, 'ContractsToBillAt').get(bucket);
  // Ids of contracts that are gone (left behind by a billing frequency change) are dropped from the bucket.
  const live = ids.filter((id) => contractOf(ctx, id) !== null);
  if (live.length !== ids.length) {
    if (live.length === 0) sc(ctx, 'ContractsToBillAt').remove(bucket);
    else sc(ctx, 'ContractsToBillAt').set(bucket, live);
  }
  for (const id of live) {
    try {
      ctx.transactional(() => {
        const c = contractOf(ctx, id);
        if (c === null || !shouldBill(ctx, c)) return;
        billContractNow(ctx, id, options);
      });
    } catch (error) {
      ctx.env.log.warn('SmartContractModule: billing failed', { contractId: id.toString(), error: String(error) });
    }
  }
}

export const isSameAccount = (a: AccountId, b: AccountId): boolean => u8aEq(a, b);
