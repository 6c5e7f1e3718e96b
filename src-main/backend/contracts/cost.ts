/**
 * What a contract costs per hour and how long a contract in grace period has left, read from chain storage over
 * JSON-RPC (so it works against any TFChain, not only the local one).
 *
 * The formula is the smart-contract pallet's own (cost.rs `calculate_contract_cost_units_usd`, then
 * `calculate_cost_in_tft_from_units_usd`; shared/spec/tfchain.md §3.2.6), applied through the same pure functions
 * the local chain bills with (simulator/chain/runtime/pallets/smart-contract-billing.ts), so the page and the chain
 * agree to the raw unit. Inputs, as the pallet reads them: pricing policy 1, the TFT price clamped to
 * [MinTftPrice, MaxTftPrice], a node contract's `NodeContractResources` and public IPs (CU/SU not billed while the
 * node is rented), a rent contract's node's total resources at `discount_for_dedication_nodes` % plus the farmer's
 * extra fee, a name contract's `unique_name` price; ×1.25 on a Certified node. The balance discount is left out: it
 * depends on the balance at each bill.
 */
import type { ApiPromise } from '@polkadot/api';
import {
  applyDiscount,
  clientDeletionTimeMs,
  contractCostUnitsUsd,
  extraFeeCostUnitsUsd,
  graceDeletionBlock,
  SECS_PER_HOUR,
  UNITS_PER_USD,
  unitsUsdToTft,
  type ContractCostInput,
  type PricingPolicyLike,
  type UnitName,
} from '../../../simulator/chain/runtime/pallets/smart-contract-billing';
import { effectiveTftPrice } from '../../../simulator/chain/runtime/pallets/tft-price-rules';
import type { ContractCost, ContractGrace } from '../../api/contract';

const GIB = 1024 ** 3;

interface Resources {
  hru: number | string;
  sru: number | string;
  cru: number | string;
  mru: number | string;
}
interface PolicyJson {
  value: number;
  unit: UnitName;
}
interface PricingPolicyJson {
  su: PolicyJson;
  cu: PolicyJson;
  nu: PolicyJson;
  ipu: PolicyJson;
  uniqueName: PolicyJson;
  domainName: PolicyJson;
  discountForDedicationNodes: number;
}
interface NodeJson {
  resources: Resources;
  certification: 'Diy' | 'Certified';
}

/** What cost depends on for one contract: its type and, for node and rent contracts, the node. */
export type Billable =
  | { kind: 'name' }
  | { kind: 'node'; contractId: number; nodeId: number; publicIps: number }
  | { kind: 'rent'; nodeId: number }
  /** a VM about to be deployed: a node contract with these resources, no public IP */
  | { kind: 'vm'; nodeId: number; resources: Resources };

export interface ChainPrices {
  policy: PricingPolicyLike;
  tftPriceMusd: bigint;
}

type Query = Record<string, Record<string, (...args: unknown[]) => Promise<{ toPrimitive(): unknown; isEmpty?: boolean }>>>;
const query = (api: ApiPromise) => api.query as unknown as Query;
const read = async <T>(api: ApiPromise, pallet: string, item: string, ...args: unknown[]): Promise<T> =>
  (await query(api)[pallet]![item]!(...args)).toPrimitive() as T;

/** Pricing policy 1 (the only one billing uses) and the TFT price billing converts with. */
export async function readPrices(api: ApiPromise): Promise<ChainPrices | null> {
  const [p, average, min, max] = await Promise.all([
    read<PricingPolicyJson | null>(api, 'tfgridModule', 'pricingPolicies', 1),
    read<number>(api, 'tftPriceModule', 'averageTftPrice'),
    read<number>(api, 'tftPriceModule', 'minTftPrice'),
    read<number>(api, 'tftPriceModule', 'maxTftPrice'),
  ]);
  if (!p) return null;
  const policy: PricingPolicyLike = {
    su: p.su,
    cu: p.cu,
    nu: p.nu,
    ipu: p.ipu,
    unique_name: p.uniqueName,
    domain_name: p.domainName,
    discount_for_dedication_nodes: p.discountForDedicationNodes,
  };
  return { policy, tftPriceMusd: effectiveTftPrice(average, min, max) };
}

/** The cost of one hour of the contract as it stands now, or undefined when its node is gone. */
export async function costPerHour(api: ApiPromise, prices: ChainPrices, c: Billable): Promise<ContractCost | undefined> {
  let input: ContractCostInput;
  let basis: string;
  let certified = false;
  let extraUnitsUsd = 0n;
  if (c.kind === 'name') {
    input = { kind: 'name' };
    basis = 'a unique gateway name';
  } else {
    const node = await read<NodeJson | null>(api, 'tfgridModule', 'nodes', c.nodeId);
    if (!node) return undefined;
    certified = node.certification === 'Certified';
    if (c.kind === 'node' || c.kind === 'vm') {
      const [used, rent] = await Promise.all([
        c.kind === 'vm' ? c.resources : read<{ used: Resources }>(api, 'smartContractModule', 'nodeContractResources', c.contractId).then((r) => r.used),
        read<number | null>(api, 'smartContractModule', 'activeRentContractForNode', c.nodeId),
      ]);
      const nodeIsRented = rent !== null && rent !== 0;
      const publicIps = c.kind === 'node' ? c.publicIps : 0;
      input = { kind: 'node', used: bigResources(used), publicIps, amountUnbilled: 0, nodeIsRented };
      basis = [nodeIsRented ? 'resources paid by the node’s renter' : describe(used), plural(publicIps, 'public IP')].filter(Boolean).join(', ');
    } else {
      input = { kind: 'rent', nodeResources: bigResources(node.resources) };
      const fee = await read<number>(api, 'smartContractModule', 'dedicatedNodesExtraFee', c.nodeId);
      extraUnitsUsd = extraFeeCostUnitsUsd(fee, SECS_PER_HOUR);
      basis = `${String(prices.policy.discount_for_dedication_nodes)} % of the whole node (${describe(node.resources)})${fee ? ' + the farmer’s extra fee' : ''}`;
    }
  }
  const unitsUsd = contractCostUnitsUsd(input, SECS_PER_HOUR, prices.policy);
  const standard = unitsUsdToTft(unitsUsd, prices.tftPriceMusd);
  const extra = unitsUsdToTft(extraUnitsUsd, prices.tftPriceMusd);
  if (!standard.ok || !extra.ok) return undefined;
  // No balance (level None, ×1): only the certified multiplier of calculate_discount_tft applies.
  const tft = applyDiscount({ amountDueTft: standard.tft, secondsElapsed: SECS_PER_HOUR, balance: 0, certified }).amount + extra.tft;
  const total = unitsUsd + extraUnitsUsd;
  return {
    unitsUsdPerHour: total.toString(),
    usdPerHour: Number(total) / Number(UNITS_PER_USD),
    tftPerHour: tft.toString(),
    tftPriceMusd: Number(prices.tftPriceMusd),
    basis: basis || 'nothing deployed yet',
  };
}

/** The chain head: its number and Timestamp.Now (ms). */
export async function chainHead(api: ApiPromise): Promise<{ number: number; now: number }> {
  const [number, now] = await Promise.all([read<number>(api, 'system', 'number'), read<number>(api, 'timestamp', 'now')]);
  return { number, now };
}

/**
 * Time left for a contract in grace since block `since`: the chain deletes it at the first bill once 14 days of
 * blocks have passed (GracePeriod, 201,600 blocks of 6 s); the time is counted as tfchain_client counts it.
 */
export function graceLeft(since: number, head: { number: number; now: number }): ContractGrace {
  const endsAtBlock = Number(graceDeletionBlock(since));
  const endsAt = Number(clientDeletionTimeMs(head.now, head.number, since));
  return { since, endsAtBlock, secondsLeft: Math.max(0, Math.round((endsAt - head.now) / 1000)), endsAt };
}

const bigResources = (r: Resources) => ({ hru: BigInt(r.hru), sru: BigInt(r.sru), cru: BigInt(r.cru), mru: BigInt(r.mru) });

function describe(r: Resources): string {
  const gib = (v: number | string) => `${Math.round((Number(v) / GIB) * 10) / 10} GiB`;
  const parts = [Number(r.cru) ? plural(Number(r.cru), 'vCPU', 'vCPU') : '', Number(r.mru) ? `${gib(r.mru)} RAM` : '', Number(r.sru) ? `${gib(r.sru)} SSD` : '', Number(r.hru) ? `${gib(r.hru)} HDD` : ''];
  return parts.filter(Boolean).join(', ');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return n ? `${n} ${n === 1 ? one : many}` : '';
}
