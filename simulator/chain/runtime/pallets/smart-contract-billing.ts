// SmartContractModule billing math as pure functions: contract costs, TFT conversion, discounts, grace period,
// the 2.9 reserve/overdraft charging and reward distribution (shared/spec/tfchain.md §3.2.6), plus the transaction
// fee formula of §1.7.
//
// Money is bigint throughout: units-USD (10^7 = 1 USD), mUSD (10^-3 USD), raw TFT (10^7 = 1 TFT).
//
// Rounding is the real pallet's, not just "rounded to u64" as the spec says: cost.rs computes in `U64F64` fixed point
// (substrate-fixed: 64 fractional bits; multiplication and division truncate, `round()` rounds half away from zero,
// i.e. half up for these unsigned values) and percentages use `Perbill/Percent * x` (nearest, ties down). The
// fixed-point steps below follow cost.rs operation by operation, so amounts match the chain to the raw unit.
import { big, fail, percentOf, type Check, type IntLike, type NodeCertificationName, type ResourcesInput } from './tfgrid-rules';
import { UNITS_USD_PER_MUSD } from './tft-price-rules';

// ---- constants (§1.6, §3.2.6, §4) ---------------------------------------------------------------------------------

export const UNITS_PER_USD = 10_000_000n;
export const RAW_PER_TFT = 10_000_000n;
/** Pricing values are per hour: `BillingReferencePeriod`. */
export const BILLING_REFERENCE_PERIOD = 3600n;
export const SECS_PER_HOUR = 3600n;
/** 30 days: the extra fee is per month and the discount compares the balance with 30 days of cost. */
export const SECS_PER_MONTH = 2_592_000n;
/** 14 days of 6 s blocks. */
export const GRACE_PERIOD_BLOCKS = 201_600n;
/** Billing cycles between reward distributions. */
export const DISTRIBUTION_FREQUENCY = 24;
export const EXISTENTIAL_DEPOSIT = 500n;
export const BLOCK_TIME_SECS = 6n;

export type UnitName = 'Bytes' | 'Kilobytes' | 'Megabytes' | 'Gigabytes' | 'Terrabytes';
export interface Policy { readonly value: IntLike; readonly unit: UnitName }
export interface PricingPolicyLike {
  readonly su: Policy;
  readonly cu: Policy;
  readonly nu: Policy;
  readonly ipu: Policy;
  readonly unique_name: Policy;
  readonly domain_name: Policy;
  readonly discount_for_dedication_nodes: IntLike;
}

/** Pricing policy 1 of the dev genesis (§4); values are units-USD per hour. */
export const DEV_PRICING_POLICY: PricingPolicyLike = Object.freeze<PricingPolicyLike>({
  su: { value: 50_000, unit: 'Gigabytes' },
  cu: { value: 100_000, unit: 'Gigabytes' },
  nu: { value: 15_000, unit: 'Gigabytes' },
  ipu: { value: 40_000, unit: 'Gigabytes' },
  unique_name: { value: 2_500, unit: 'Gigabytes' },
  domain_name: { value: 5_000, unit: 'Gigabytes' },
  discount_for_dedication_nodes: 50,
});

const UNITS: readonly UnitName[] = ['Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terrabytes'];
/** Genesis gives units 1-based (`Unit::from_u32`: 1 = Bytes … 5 = Terrabytes); anything else is the default, Gigabytes. */
export const unitFromGenesis = (n: number): UnitName => UNITS[n - 1] ?? 'Gigabytes';
/** Unit size for sru/hru/mru (binary). */
export const factorBase1024 = (unit: UnitName): bigint => 1024n ** BigInt(UNITS.indexOf(unit));
/** Unit size for NRU (decimal). */
export const factorBase1000 = (unit: UnitName): bigint => 1000n ** BigInt(UNITS.indexOf(unit));

// ---- U64F64 -------------------------------------------------------------------------------------------------------

/** A U64F64 value as its raw bits (value × 2^64). */
export type Fixed = bigint;
const FRAC = 64n;
const MAX_BITS = (1n << 128n) - 1n;
const checked = (bits: bigint): Fixed => {
  // The pallet panics on overflow (the extrinsic fails); amounts this large cannot occur with real balances.
  if (bits > MAX_BITS) throw new RangeError('U64F64 overflow');
  return bits;
};

export const fx = {
  fromInt: (n: IntLike): Fixed => checked(big(n) << FRAC),
  /** Exact conversion of a double (all constants used here are exactly representable). */
  fromF64(x: number): Fixed {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const hi = view.getUint32(0);
    const lo = view.getUint32(4);
    const exp = (hi >>> 20) & 0x7ff;
    if (x < 0 || exp === 0x7ff) throw new RangeError(`U64F64 cannot hold ${x}`);
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (exp !== 0) mant |= 1n << 52n;
    const shift = BigInt(exp === 0 ? 1 : exp) - 1075n + FRAC;
    if (shift >= 0n) return checked(mant << shift);
    const q = mant >> -shift;
    const r = mant - (q << -shift);
    const half = 1n << (-shift - 1n);
    return r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q;
  },
  add: (a: Fixed, b: Fixed): Fixed => checked(a + b),
  mul: (a: Fixed, b: Fixed): Fixed => checked((a * b) >> FRAC),
  div: (a: Fixed, b: Fixed): Fixed => {
    if (b === 0n) throw new RangeError('U64F64 division by zero');
    return checked((a << FRAC) / b);
  },
  mulInt: (a: Fixed, n: IntLike): Fixed => checked(a * big(n)),
  divInt: (a: Fixed, n: IntLike): Fixed => a / big(n),
  min: (a: Fixed, b: Fixed): Fixed => (a < b ? a : b),
  max: (a: Fixed, b: Fixed): Fixed => (a > b ? a : b),
  /** `round().to_num::<u64>()`: half up. */
  round: (a: Fixed): bigint => (a + (1n << (FRAC - 1n))) >> FRAC,
  toNumber: (a: Fixed): number => Number(a >> FRAC) + Number(a & ((1n << FRAC) - 1n)) / 2 ** 64,
};

// ---- resource units and costs in units-USD ------------------------------------------------------------------------

/**
 * CU and SU of some resources (cost.rs): sizes are converted with the policy unit (`su.unit` for hru/sru, `cu.unit`
 * for mru; 1024-based), then `su = hru/1200 + sru/200` and
 * `cu = min(max(mru/4, cru/2), max(mru/8, cru), max(mru/2, cru/4))`.
 */
export function resourceUnits(r: ResourcesInput, policy: PricingPolicyLike = DEV_PRICING_POLICY): { cu: Fixed; su: Fixed } {
  const hru = fx.divInt(fx.fromInt(r.hru), factorBase1024(policy.su.unit));
  const sru = fx.divInt(fx.fromInt(r.sru), factorBase1024(policy.su.unit));
  const mru = fx.divInt(fx.fromInt(r.mru), factorBase1024(policy.cu.unit));
  const cru = fx.fromInt(r.cru);
  const su = fx.add(fx.divInt(hru, 1200), fx.divInt(sru, 200));
  const cu = fx.min(fx.min(
    fx.max(fx.divInt(mru, 4), fx.divInt(cru, 2)),
    fx.max(fx.divInt(mru, 8), cru)),
  fx.max(fx.divInt(mru, 2), fx.divInt(cru, 4)));
  return { cu, su };
}

/** `value / 3600` per second, times the elapsed seconds (left to right, as in cost.rs). */
const perSecond = (value: IntLike) => fx.div(fx.fromInt(value), fx.fromInt(BILLING_REFERENCE_PERIOD));

/**
 * cost.rs `calculate_resources_cost_units_usd`: `[su·su.value + cu·cu.value]/3600·secs` when `billResources`, plus
 * `publicIps·ipu.value/3600·secs`, rounded once at the end.
 */
export function resourcesCostUnitsUsd(p: {
  resources: ResourcesInput; publicIps: IntLike; secondsElapsed: IntLike; policy?: PricingPolicyLike; billResources: boolean;
}): bigint {
  const policy = p.policy ?? DEV_PRICING_POLICY;
  const secs = fx.fromInt(p.secondsElapsed);
  let total: Fixed = 0n;
  if (p.billResources) {
    const { cu, su } = resourceUnits(p.resources, policy);
    const suCost = fx.mul(fx.mul(perSecond(policy.su.value), secs), su);
    const cuCost = fx.mul(fx.mul(perSecond(policy.cu.value), secs), cu);
    total = fx.add(suCost, cuCost);
  }
  if (big(p.publicIps) > 0n) {
    total = fx.add(total, fx.mul(fx.mul(fx.fromInt(p.publicIps), perSecond(policy.ipu.value)), secs));
  }
  return fx.round(total);
}

export type ContractCostInput =
  | {
    readonly kind: 'node';
    /** `NodeContractResources[id].used`. */
    readonly used: ResourcesInput;
    readonly publicIps: IntLike;
    /** `ContractBillingInformationByID[id].amount_unbilled` (NU cost in units-USD). */
    readonly amountUnbilled: IntLike;
    /** `ActiveRentContractForNode[node]` exists: the renter pays for the node, so CU/SU are not billed here. */
    readonly nodeIsRented: boolean;
  }
  | { readonly kind: 'rent'; readonly nodeResources: ResourcesInput }
  | { readonly kind: 'name' };

/**
 * `calculate_contract_cost_units_usd` for `secs` seconds (0 seconds cost nothing, not even unbilled NU):
 * - node: resources (unless rented) + IPs + `amount_unbilled`;
 * - rent: `discount_for_dedication_nodes`% of the node's full CU/SU cost (no IPs), `Percent * x` rounding;
 * - name: `unique_name.value/3600·secs`.
 */
export function contractCostUnitsUsd(c: ContractCostInput, secondsElapsed: IntLike, policy: PricingPolicyLike = DEV_PRICING_POLICY): bigint {
  if (big(secondsElapsed) === 0n) return 0n;
  switch (c.kind) {
    case 'node':
      return resourcesCostUnitsUsd({
        resources: c.used, publicIps: c.publicIps, secondsElapsed, policy, billResources: !c.nodeIsRented,
      }) + big(c.amountUnbilled);
    case 'rent': {
      const full = resourcesCostUnitsUsd({ resources: c.nodeResources, publicIps: 0, secondsElapsed, policy, billResources: true });
      return percentOf(full, big(policy.discount_for_dedication_nodes));
    }
    case 'name':
      return fx.round(fx.mul(perSecond(policy.unique_name.value), fx.fromInt(secondsElapsed)));
  }
}

/** Dedicated-node extra fee (mUSD per month) for `secs` seconds, in units-USD: `fee·10^4·secs / (30·86400)`, rounded. */
export function extraFeeCostUnitsUsd(extraFeeMusd: IntLike, secondsElapsed: IntLike): bigint {
  const fee = big(extraFeeMusd);
  if (fee === 0n) return 0n;
  return fx.round(fx.div(fx.fromInt(fee * UNITS_USD_PER_MUSD * big(secondsElapsed)), fx.fromInt(SECS_PER_MONTH)));
}

/** NU cost of one NRU report: `nru / 1000^unit · nu.value/3600 · window` (bytes → GB with base 1000), rounded. */
export function nruCostUnitsUsd(p: { nru: IntLike; window: IntLike; policy?: PricingPolicyLike }): bigint {
  const policy = p.policy ?? DEV_PRICING_POLICY;
  const used = fx.divInt(fx.fromInt(p.nru), factorBase1000(policy.nu.unit));
  return fx.round(fx.mul(fx.mul(used, perSecond(policy.nu.value)), fx.fromInt(p.window)));
}

export interface BillingInformation {
  readonly previous_nu_reported: IntLike;
  readonly last_updated: IntLike;
  readonly amount_unbilled: IntLike;
}

/**
 * `add_nru_reports`, one report on a node contract: a report older than `last_updated` changes nothing (the pallet
 * still emits `NruConsumptionReportReceived` for it); otherwise its cost is added to `amount_unbilled` and
 * `last_updated = report.timestamp`. (The spec says "newer than"; the pallet accepts an equal timestamp too.)
 */
export function applyNruReport(info: BillingInformation, report: { timestamp: IntLike; window: IntLike; nru: IntLike },
  policy: PricingPolicyLike = DEV_PRICING_POLICY): { accepted: boolean; info: BillingInformation } {
  if (big(report.timestamp) < big(info.last_updated)) return { accepted: false, info };
  const cost = nruCostUnitsUsd({ nru: report.nru, window: report.window, policy });
  return {
    accepted: true,
    info: { ...info, amount_unbilled: big(info.amount_unbilled) + cost, last_updated: big(report.timestamp) },
  };
}

// ---- service contracts (§3.2.5) -----------------------------------------------------------------------------------

/** Billing window: seconds since `last_bill`, at most one hour (extra time is not billed). */
export function serviceBillWindow(nowSecs: IntLike, lastBill: IntLike): bigint {
  const elapsed = big(nowSecs) > big(lastBill) ? big(nowSecs) - big(lastBill) : 0n;
  return elapsed < BILLING_REFERENCE_PERIOD ? elapsed : BILLING_REFERENCE_PERIOD;
}

/** Highest `variable_amount` a bill may carry: `round(window/3600 · variable_fee)`. */
export const serviceBillMaxVariableAmount = (window: IntLike, variableFee: IntLike): bigint =>
  fx.round(fx.mul(fx.div(fx.fromInt(window), fx.fromInt(BILLING_REFERENCE_PERIOD)), fx.fromInt(variableFee)));

/** Cost of a service bill in units-USD: `base_fee·10^4·window/3600 + variable_amount·10^4` (fees in mUSD), rounded. */
export function serviceBillCostUnitsUsd(p: { baseFee: IntLike; variableAmount: IntLike; window: IntLike }): bigint {
  const base = fx.div(fx.mul(fx.fromInt(big(p.baseFee) * UNITS_USD_PER_MUSD), fx.fromInt(p.window)), fx.fromInt(BILLING_REFERENCE_PERIOD));
  return fx.round(fx.add(base, fx.fromInt(big(p.variableAmount) * UNITS_USD_PER_MUSD)));
}

// ---- conversion to TFT and discounts ------------------------------------------------------------------------------

/**
 * units-USD → raw TFT at a price in mUSD/TFT (use `effectiveTftPrice` for the clamped average):
 * `round(units / (price·10^4) · 10^7)`. A zero price would divide by zero in the pallet (a panic); here it is
 * reported as `TFTPriceValueError`, the pallet's error for an unusable price.
 */
export function unitsUsdToTft(costUnitsUsd: IntLike, tftPriceMusd: IntLike): Check<'TFTPriceValueError', { tft: bigint }> {
  const price = big(tftPriceMusd);
  if (price === 0n) return fail('TFTPriceValueError');
  const tft = fx.div(fx.fromInt(costUnitsUsd), fx.fromInt(price * UNITS_USD_PER_MUSD));
  return { ok: true, tft: fx.round(fx.mul(tft, fx.fromInt(RAW_PER_TFT))) };
}

/** mUSD (thousandths of a dollar, the unit of fees and TFT prices) → units-USD. */
export const musdToUnitsUsd = (musd: IntLike): bigint => big(musd) * UNITS_USD_PER_MUSD;

/** mUSD → raw TFT at a price in mUSD/TFT, through units-USD with the same rounding as billing. */
export const musdToTft = (musd: IntLike, tftPriceMusd: IntLike) => unitsUsdToTft(musdToUnitsUsd(musd), tftPriceMusd);

export type DiscountLevel = 'None' | 'Default' | 'Bronze' | 'Silver' | 'Gold';

/** Price multipliers (types.rs `price_multiplier`, built with `U64F64::from_num(f64)`). */
export const DISCOUNT_MULTIPLIER: Readonly<Record<DiscountLevel, Fixed>> = Object.freeze({
  None: fx.fromInt(1), Default: fx.fromF64(0.8), Bronze: fx.fromF64(0.7), Silver: fx.fromF64(0.6), Gold: fx.fromF64(0.4),
});
const CERTIFIED_MULTIPLIER = fx.fromF64(1.25);
const LEVELS: ReadonlyArray<[Fixed, DiscountLevel]> = [
  [fx.fromInt(18), 'Gold'], [fx.fromInt(6), 'Silver'], [fx.fromInt(3), 'Bronze'], [fx.fromF64(1.5), 'Default'],
];

/**
 * Discount level for an amount due (raw TFT) over `secs`: the amount is scaled to 30 days
 * (`round(amount·3600/secs·24·30)`) and the balance (twin + bonded stash, usable) divided by it: ≥ 18 months Gold,
 * ≥ 6 Silver, ≥ 3 Bronze, ≥ 1.5 Default, else None. When the monthly amount rounds to 0 the pallet would divide by
 * zero; any balance then covers "infinitely many months", so this returns Gold.
 */
export function discountLevel(amountDueTft: IntLike, secondsElapsed: IntLike, balance: IntLike):
  { level: DiscountLevel; monthly: bigint } {
  const hourly = fx.div(fx.mul(fx.fromInt(amountDueTft), fx.fromInt(SECS_PER_HOUR)), fx.fromInt(secondsElapsed));
  const monthly = fx.round(fx.mulInt(fx.mulInt(hourly, 24), 30));
  if (monthly === 0n) return { level: 'Gold', monthly };
  const months = fx.div(fx.fromInt(balance), fx.fromInt(monthly));
  return { level: LEVELS.find(([min]) => months >= min)?.[1] ?? 'None', monthly };
}

/**
 * cost.rs `calculate_discount_tft`: the amount times the level's multiplier, then ×1.25 on a Certified node (2.9
 * billing refactor: certified capacity costs 25 % more), rounded. A zero amount is (0, None).
 */
export function applyDiscount(p: { amountDueTft: IntLike; secondsElapsed: IntLike; balance: IntLike; certified: boolean }):
  { amount: bigint; level: DiscountLevel } {
  if (big(p.amountDueTft) === 0n) return { amount: 0n, level: 'None' };
  const { level } = discountLevel(p.amountDueTft, p.secondsElapsed, p.balance);
  let amount = fx.mul(fx.fromInt(p.amountDueTft), DISCOUNT_MULTIPLIER[level]);
  if (p.certified) amount = fx.mul(amount, CERTIFIED_MULTIPLIER);
  return { amount: fx.round(amount), level };
}

/**
 * The standard amount due for a contract (`calculate_contract_cost_tft`): cost in units-USD → TFT → discount and
 * certified multiplier. `certification` is the node's (null for name contracts, which are never ×1.25).
 */
export function contractCostTft(p: {
  cost: ContractCostInput; secondsElapsed: IntLike; balance: IntLike; tftPriceMusd: IntLike;
  certification: NodeCertificationName | null; policy?: PricingPolicyLike;
}): Check<'TFTPriceValueError', { amount: bigint; level: DiscountLevel; costUnitsUsd: bigint }> {
  const costUnitsUsd = contractCostUnitsUsd(p.cost, p.secondsElapsed, p.policy);
  if (costUnitsUsd === 0n) return { ok: true, amount: 0n, level: 'None', costUnitsUsd };
  const tft = unitsUsdToTft(costUnitsUsd, p.tftPriceMusd);
  if (!tft.ok) return tft;
  const d = applyDiscount({
    amountDueTft: tft.tft, secondsElapsed: p.secondsElapsed, balance: p.balance, certified: p.certification === 'Certified',
  });
  return { ok: true, amount: d.amount, level: d.level, costUnitsUsd };
}

/** The additional (extra fee) amount due in raw TFT, without discount. */
export function extraFeeCostTft(extraFeeMusd: IntLike, secondsElapsed: IntLike, tftPriceMusd: IntLike):
Check<'TFTPriceValueError', { amount: bigint }> {
  const cost = extraFeeCostUnitsUsd(extraFeeMusd, secondsElapsed);
  if (cost === 0n) return { ok: true, amount: 0n };
  const tft = unitsUsdToTft(cost, tftPriceMusd);
  return tft.ok ? { ok: true, amount: tft.tft } : tft;
}

/** Usable balance as billing sees it: `free − max(ED, frozen)`, never negative. */
export function usableBalance(account: { free: IntLike; frozen: IntLike }, existentialDeposit: IntLike = EXISTENTIAL_DEPOSIT): bigint {
  const keep = big(account.frozen) > big(existentialDeposit) ? big(account.frozen) : big(existentialDeposit);
  return big(account.free) > keep ? big(account.free) - keep : 0n;
}

// ---- billing schedule ----------------------------------------------------------------------------------------------

/** `ContractsToBillAt` bucket of a contract (inserted once, at creation) and of a block. */
export const billingLoopIndex = (id: IntLike, billingFrequency: IntLike): bigint => big(id) % big(billingFrequency);

/**
 * Whether the offchain worker submits `bill_contract_for_block` for a contract (spec 152): name and rent contracts
 * always; node contracts only with public IPs, non-zero reported resources or unbilled NU.
 */
export function shouldBillContract(c: ContractCostInput): boolean {
  if (c.kind !== 'node') return true;
  const u = c.used;
  const used = big(u.hru) + big(u.sru) + big(u.cru) + big(u.mru) > 0n;
  return big(c.publicIps) > 0n || used || big(c.amountUnbilled) > 0n;
}

// ---- contract state: grace period ---------------------------------------------------------------------------------

export type Cause = 'CanceledByUser' | 'OutOfFunds' | 'CanceledByCollective';
export type ContractStateLike = 'Created' | { readonly Deleted: Cause } | { readonly GracePeriod: IntLike };

export const isDeleted = (s: ContractStateLike): s is { Deleted: Cause } => typeof s === 'object' && 'Deleted' in s;
export const isInGrace = (s: ContractStateLike): s is { GracePeriod: IntLike } => typeof s === 'object' && 'GracePeriod' in s;

export type GraceTransition =
  | { readonly name: 'ContractGracePeriodStarted'; readonly block_number: bigint }
  | { readonly name: 'ContractGracePeriodEnded' }
  | { readonly name: 'ContractGracePeriodElapsed'; readonly grace_period: bigint };

/**
 * `manage_contract_state`, run before charging: Created without funds → GracePeriod(current block); GracePeriod with
 * funds → Created; GracePeriod for ≥ `gracePeriod` blocks (14 days) → Deleted(OutOfFunds). Deleted stays Deleted.
 */
export function manageContractState(state: ContractStateLike, hasSufficientFunds: boolean, currentBlock: IntLike,
  gracePeriod: IntLike = GRACE_PERIOD_BLOCKS): { state: ContractStateLike; transition: GraceTransition | null } {
  const block = big(currentBlock);
  if (state === 'Created') {
    return hasSufficientFunds ? { state, transition: null }
      : { state: { GracePeriod: block }, transition: { name: 'ContractGracePeriodStarted', block_number: block } };
  }
  if (isInGrace(state)) {
    if (hasSufficientFunds) return { state: 'Created', transition: { name: 'ContractGracePeriodEnded' } };
    const start = big(state.GracePeriod);
    const elapsed = block > start ? block - start : 0n;
    if (elapsed >= big(gracePeriod)) {
      return { state: { Deleted: 'OutOfFunds' }, transition: { name: 'ContractGracePeriodElapsed', grace_period: elapsed } };
    }
  }
  return { state, transition: null };
}

/** The block at which a contract that entered grace at `graceStart` is deleted (if still unfunded then). */
export const graceDeletionBlock = (graceStart: IntLike, gracePeriod: IntLike = GRACE_PERIOD_BLOCKS) => big(graceStart) + big(gracePeriod);

/** `tfchain_client` `contracts.getDeletionTime`: `now − (currentBlock − graceStart)·6 s + 14 days`, in ms. */
export function clientDeletionTimeMs(nowMs: IntLike, currentBlock: IntLike, graceStart: IntLike): bigint {
  return big(nowMs) - (big(currentBlock) - big(graceStart)) * BLOCK_TIME_SECS * 1000n + 14n * 86_400_000n;
}

// ---- charging: the 2.9 reserve/overdraft model ---------------------------------------------------------------------

export interface PaymentState {
  readonly standard_reserve: bigint;
  readonly additional_reserve: bigint;
  readonly standard_overdraft: bigint;
  readonly additional_overdraft: bigint;
  readonly last_updated_seconds: bigint;
  readonly cycles: number;
}

/** `ContractPaymentState` written at contract creation. */
export const newPaymentState = (nowSecs: IntLike): PaymentState => ({
  standard_reserve: 0n, additional_reserve: 0n, standard_overdraft: 0n, additional_overdraft: 0n,
  last_updated_seconds: big(nowSecs), cycles: 0,
});

export type ChargeOutcome =
  | { readonly kind: 'billed'; readonly amountBilled: bigint }
  | { readonly kind: 'overdrawn'; readonly partiallyBilled: bigint; readonly overdraft: bigint };

/**
 * One charge. `toReserve = standard + standard overdraft + additional + additional overdraft`; if the twin's usable
 * balance covers it, all of it is reserved and the overdrafts are settled into the reserves (`ContractBilled`).
 * Otherwise the dues are added to the overdrafts, the whole usable balance is reserved and settles the additional
 * overdraft first, then the standard one (`ContractPaymentOverdrawn`; `overdraft` = this cycle's dues not covered).
 * `reserve` is what moves from the twin's free to reserved balance.
 */
export function chargeContract(ps: PaymentState, standardDue: bigint, additionalDue: bigint, twinUsableBalance: bigint):
  { paymentState: PaymentState; reserve: bigint; sufficient: boolean; outcome: ChargeOutcome } {
  const toReserve = standardDue + ps.standard_overdraft + additionalDue + ps.additional_overdraft;
  if (toReserve <= twinUsableBalance) {
    return {
      sufficient: true,
      reserve: toReserve,
      outcome: { kind: 'billed', amountBilled: toReserve },
      paymentState: {
        ...ps,
        standard_reserve: ps.standard_reserve + ps.standard_overdraft + standardDue,
        additional_reserve: ps.additional_reserve + ps.additional_overdraft + additionalDue,
        standard_overdraft: 0n,
        additional_overdraft: 0n,
      },
    };
  }
  let standardOver = ps.standard_overdraft + standardDue;
  let additionalOver = ps.additional_overdraft + additionalDue;
  let left = twinUsableBalance;
  const toAdditional = left < additionalOver ? left : additionalOver;
  additionalOver -= toAdditional;
  left -= toAdditional;
  const toStandard = left < standardOver ? left : standardOver;
  standardOver -= toStandard;
  const due = standardDue + additionalDue;
  return {
    sufficient: false,
    reserve: twinUsableBalance,
    outcome: { kind: 'overdrawn', partiallyBilled: twinUsableBalance, overdraft: due > twinUsableBalance ? due - twinUsableBalance : 0n },
    paymentState: {
      ...ps,
      standard_reserve: ps.standard_reserve + toStandard,
      additional_reserve: ps.additional_reserve + toAdditional,
      standard_overdraft: standardOver,
      additional_overdraft: additionalOver,
    },
  };
}

export type Beneficiary = 'farmer' | 'foundation' | 'stakingPool' | 'certifiedSales' | { readonly provider: number };
export interface Payout { readonly to: Beneficiary; readonly amount: bigint }

/**
 * Reward distribution after a charge: `cycles += 1`; when `cycles ≥ 24` or the contract is Deleted, and something is
 * reserved, the reserves are paid out of the twin's reserved balance and reset (cycles → 0):
 * additional reserve → farmer; standard reserve → 10 % foundation, 5 % staking pool, each solution provider's
 * `take` %, (50 − Σ takes) % certified sales account, and the rest (≈ 35 %) burned. Shares use `Perbill * x`
 * rounding; the burn takes the exact remainder so the reserve is emptied. `providers` are indices into the
 * contract's solution provider list (empty without one). Name contracts have no farmer, but also never an
 * additional reserve.
 */
export function distributeRewards(ps: PaymentState, p: {
  isDeleted: boolean; providerTakes?: readonly number[]; distributionFrequency?: number;
}): { paymentState: PaymentState; distributed: boolean; payouts: Payout[]; burned: bigint } {
  const cycles = Math.min(ps.cycles + 1, 0xffff);
  const next = { ...ps, cycles };
  const due = cycles >= (p.distributionFrequency ?? DISTRIBUTION_FREQUENCY) || p.isDeleted;
  if (!due || (ps.standard_reserve === 0n && ps.additional_reserve === 0n)) {
    return { paymentState: next, distributed: false, payouts: [], burned: 0n };
  }
  const payouts: Payout[] = [];
  if (ps.additional_reserve > 0n) payouts.push({ to: 'farmer', amount: ps.additional_reserve });
  const std = ps.standard_reserve;
  let burned = 0n;
  if (std > 0n) {
    const takes = p.providerTakes ?? [];
    const shares: Payout[] = [
      { to: 'foundation', amount: percentOf(std, 10n) },
      { to: 'stakingPool', amount: percentOf(std, 5n) },
      ...takes.map((take, i) => ({ to: { provider: i }, amount: percentOf(std, BigInt(take)) })),
    ];
    const sales = 50 - takes.reduce((a, b) => a + b, 0);
    if (sales > 0) shares.push({ to: 'certifiedSales', amount: percentOf(std, BigInt(sales)) });
    payouts.push(...shares.filter((s) => s.amount > 0n));
    burned = std - shares.reduce((a, s) => a + s.amount, 0n);
  }
  return {
    paymentState: { ...next, standard_reserve: 0n, additional_reserve: 0n, cycles: 0 },
    distributed: true,
    payouts,
    burned,
  };
}

// ---- one billing run -------------------------------------------------------------------------------------------------

/** Events of one billing run; field names are the SmartContractModule event fields (pallets/smart-contract.ts). */
export type BillingEvent = Readonly<
  | { name: 'RentWaived'; contract_id: bigint }
  | { name: 'ContractGracePeriodStarted'; contract_id: bigint; node_id: number; twin_id: number; block_number: bigint }
  | { name: 'ContractGracePeriodEnded'; contract_id: bigint; node_id: number; twin_id: number }
  | { name: 'ContractGracePeriodElapsed'; contract_id: bigint; grace_period: bigint }
  | { name: 'ContractBilled'; bill: ContractBill }
  | { name: 'ContractPaymentOverdrawn'; contract_id: bigint; timestamp: bigint; partially_billed_amount: bigint; overdraft: bigint }
  | { name: 'TokensBurned'; contract_id: bigint; amount: bigint }
  | { name: 'RewardDistributed'; contract_id: bigint; standard_rewards: bigint; additional_rewards: bigint }
>;

/** The `ContractBill` struct carried by `ContractBilled`. */
export interface ContractBill {
  readonly contract_id: bigint;
  readonly timestamp: bigint;
  readonly discount_level: DiscountLevel;
  readonly amount_billed: bigint;
}

export interface BillContractInput {
  readonly contractId: IntLike;
  readonly twinId: number;
  /** The rented/used node; 0 for name contracts (what the grace events carry). */
  readonly nodeId: number;
  readonly state: ContractStateLike;
  readonly cost: ContractCostInput;
  readonly paymentState: PaymentState;
  readonly nowSecs: IntLike;
  readonly currentBlock: IntLike;
  /** Usable balance of the twin's account (what can be reserved). */
  readonly twinUsableBalance: IntLike;
  /** Usable balance of the bonded stash (`TwinBoundedAccountID`), 0 without one; it only raises the discount level. */
  readonly stashUsableBalance?: IntLike;
  /** `effectiveTftPrice(AverageTftPrice, MinTftPrice, MaxTftPrice)`. */
  readonly tftPriceMusd: IntLike;
  /** The node's certification (null for name contracts). */
  readonly certification: NodeCertificationName | null;
  /** Rent contracts: `DedicatedNodesExtraFee[node]` (mUSD/month). */
  readonly extraFeeMusd?: IntLike;
  /** Rent contracts: the node's power state is `Down` (standby) → the rent is waived. */
  readonly nodeIsDown?: boolean;
  /** Takes (%) of the contract's solution providers, in list order. */
  readonly providerTakes?: readonly number[];
  readonly policy?: PricingPolicyLike;
  readonly gracePeriodBlocks?: IntLike;
  readonly distributionFrequency?: number;
}

export interface BillContractResult {
  /** Events in emission order (removal events, when `remove`, are the caller's: §3.2.3). */
  readonly events: BillingEvent[];
  readonly state: ContractStateLike;
  /** The state to store; meaningless when `remove` (the entry is deleted). */
  readonly paymentState: PaymentState;
  /** Free → reserved on the twin's account. */
  readonly reserve: bigint;
  /** Paid out of the twin's reserved balance (to existing or new accounts), then `burned` is slashed from it. */
  readonly payouts: Payout[];
  readonly burned: bigint;
  /** For rent contracts: the state the node contracts on the node move to (same transition, own events). */
  readonly syncNodeContracts: 'Created' | { readonly GracePeriod: bigint } | null;
  /** Node contracts: set `amount_unbilled = 0` (done unless removed). */
  readonly resetAmountUnbilled: boolean;
  /** Deleted: run `remove_contract`. */
  readonly remove: boolean;
  /** True when the run changed nothing (zero due on a live contract, or waived rent on a Created contract). */
  readonly noop: boolean;
}

/**
 * `bill_contract` (2.9 billing, spec 152) as a pure step. Order: elapsed seconds since `last_updated_seconds`;
 * rent waiver; standard due (discount on twin + stash balance, ×1.25 certified) and additional due (extra fee);
 * stop if nothing is due and the contract is not Deleted; grace-state transition on whether the twin can reserve
 * everything owed; reserve or overdraft; reward distribution; then removal (Deleted) or, for a live contract,
 * `amount_unbilled = 0` (node contracts) and `last_updated_seconds = now`.
 *
 * The final bill on cancel is this with `state: { Deleted: cause }` (see `finalBillOnCancel`).
 */
export function billContract(i: BillContractInput): Check<'TFTPriceValueError', BillContractResult> {
  const contractId = big(i.contractId);
  const now = big(i.nowSecs);
  const last = i.paymentState.last_updated_seconds;
  const secs = now > last ? now - last : 0n;
  const events: BillingEvent[] = [];
  const unchanged = (): BillContractResult => ({
    events, state: i.state, paymentState: i.paymentState, reserve: 0n, payouts: [], burned: 0n,
    syncNodeContracts: null, resetAmountUnbilled: false, remove: false, noop: true,
  });

  const waive = i.cost.kind === 'rent' && i.nodeIsDown === true;
  if (waive) {
    events.push({ name: 'RentWaived', contract_id: contractId });
    // A live rent contract on a standby node does not advance its billing clock.
    if (i.state === 'Created') return { ok: true, ...unchanged() };
  }

  let standardDue = 0n;
  let level: DiscountLevel = 'None';
  let additionalDue = 0n;
  if (!waive) {
    const cost = contractCostTft({
      cost: i.cost, secondsElapsed: secs, balance: big(i.twinUsableBalance) + big(i.stashUsableBalance ?? 0),
      tftPriceMusd: i.tftPriceMusd, certification: i.certification, policy: i.policy,
    });
    if (!cost.ok) return cost;
    standardDue = cost.amount;
    level = cost.level;
    if (i.cost.kind === 'rent') {
      const extra = extraFeeCostTft(i.extraFeeMusd ?? 0, secs, i.tftPriceMusd);
      if (!extra.ok) return extra;
      additionalDue = extra.amount;
    }
  }

  if (standardDue + additionalDue === 0n && !isDeleted(i.state)) return { ok: true, ...unchanged() };

  const usable = big(i.twinUsableBalance);
  const ps = i.paymentState;
  const sufficient = standardDue + additionalDue + ps.standard_overdraft + ps.additional_overdraft <= usable;
  const managed = manageContractState(i.state, sufficient, i.currentBlock, i.gracePeriodBlocks);
  let syncNodeContracts: BillContractResult['syncNodeContracts'] = null;
  const t = managed.transition;
  if (t?.name === 'ContractGracePeriodStarted') {
    events.push({ name: t.name, contract_id: contractId, node_id: i.nodeId, twin_id: i.twinId, block_number: t.block_number });
    if (i.cost.kind === 'rent') syncNodeContracts = { GracePeriod: t.block_number };
  } else if (t?.name === 'ContractGracePeriodEnded') {
    events.push({ name: t.name, contract_id: contractId, node_id: i.nodeId, twin_id: i.twinId });
    if (i.cost.kind === 'rent') syncNodeContracts = 'Created';
  } else if (t?.name === 'ContractGracePeriodElapsed') {
    events.push({ name: t.name, contract_id: contractId, grace_period: t.grace_period });
  }

  const charge = chargeContract(ps, standardDue, additionalDue, usable);
  if (charge.outcome.kind === 'billed') {
    events.push({
      name: 'ContractBilled',
      bill: { contract_id: contractId, timestamp: now, discount_level: level, amount_billed: charge.outcome.amountBilled },
    });
  } else {
    events.push({
      name: 'ContractPaymentOverdrawn', contract_id: contractId, timestamp: now,
      partially_billed_amount: charge.outcome.partiallyBilled, overdraft: charge.outcome.overdraft,
    });
  }

  const deleted = isDeleted(managed.state);
  const dist = distributeRewards(charge.paymentState, {
    isDeleted: deleted, providerTakes: i.providerTakes, distributionFrequency: i.distributionFrequency,
  });
  if (dist.distributed) {
    if (dist.burned > 0n) events.push({ name: 'TokensBurned', contract_id: contractId, amount: dist.burned });
    events.push({
      name: 'RewardDistributed', contract_id: contractId,
      standard_rewards: charge.paymentState.standard_reserve, additional_rewards: charge.paymentState.additional_reserve,
    });
  }

  return {
    ok: true,
    events,
    state: managed.state,
    paymentState: deleted ? dist.paymentState : { ...dist.paymentState, last_updated_seconds: now },
    reserve: charge.reserve,
    payouts: dist.payouts,
    burned: dist.burned,
    syncNodeContracts,
    resetAmountUnbilled: !deleted && i.cost.kind === 'node',
    remove: deleted,
    noop: false,
  };
}

/** `cancel_contract` / `cancel_contract_collective`: the contract becomes Deleted(cause) and is billed at once. */
export const finalBillOnCancel = (i: Omit<BillContractInput, 'state'>, cause: Cause) =>
  billContract({ ...i, state: { Deleted: cause } });

// ---- transaction fees (§1.7) ---------------------------------------------------------------------------------------

/** `ExtrinsicBaseWeight` ref_time (the metadata's `baseExtrinsic`). */
export const EXTRINSIC_BASE_WEIGHT = 124_414_000n;
/** 0.01 TFT. */
export const CENTS = 100_000n;
/** Calls whose fee is refunded (`Pays::No`), as `Pallet.call`. */
export const PAYS_NO_CALLS: ReadonlySet<string> = new Set([
  'TfgridModule.report_uptime', 'TfgridModule.report_uptime_v2', 'TfgridModule.update_node',
  'TfgridModule.change_power_state', 'SmartContractModule.report_contract_resources',
  'SmartContractModule.add_nru_reports', 'TFTPriceModule.set_prices',
]);

const PERBILL = 1_000_000_000n;
/** `Perbill::from_rational(p, q)` (rounding down, with the reduction sp-arithmetic applies for large q), in parts. */
function perbillFromRational(p: bigint, q: bigint): bigint {
  const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;
  const factor = ceilDiv(q, PERBILL) > 1n ? ceilDiv(q, PERBILL) : 1n;
  return ((p / factor) * PERBILL) / (q / factor);
}
const WEIGHT_FEE_INTEGER = CENTS / (10n * EXTRINSIC_BASE_WEIGHT);
const WEIGHT_FEE_PARTS = perbillFromRational(CENTS % (10n * EXTRINSIC_BASE_WEIGHT), 10n * EXTRINSIC_BASE_WEIGHT);

/** TFChain's `WeightToFee`: linear, coefficient CENTS / (10 × ExtrinsicBaseWeight), so the base weight costs 0.1 cent. */
export function weightToFee(refTime: IntLike): bigint {
  const w = big(refTime);
  const q = (w * WEIGHT_FEE_PARTS) / PERBILL;
  const rem = (w * WEIGHT_FEE_PARTS) % PERBILL;
  return (rem > PERBILL / 2n ? q + 1n : q) + WEIGHT_FEE_INTEGER * w;
}

/**
 * Fee withdrawn for a signed extrinsic: base fee (weight of the base extrinsic) + 1 raw per encoded byte + weight fee
 * of the call + tip; the fee multiplier stays 1. A `Pays::No` call gets all but the tip back after dispatch.
 */
export function transactionFee(p: { weightRefTime: IntLike; lengthBytes: IntLike; tip?: IntLike }): bigint {
  return weightToFee(EXTRINSIC_BASE_WEIGHT) + big(p.lengthBytes) + weightToFee(p.weightRefTime) + big(p.tip ?? 0);
}
