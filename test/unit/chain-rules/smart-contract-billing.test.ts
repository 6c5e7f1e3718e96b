// Billing math (tfchain.md §3.2.6, §3.4, §1.7) against worked examples computed by hand from the spec's formulas and
// the dev genesis pricing policy (§4): SU 50,000, CU 100,000, NU 15,000, IPv4 40,000, unique name 2,500 units-USD
// per hour (10^7 units = 1 USD), dedicated discount 50 %, TFT price clamped to [10, 1000] mUSD.
import { describe, expect, it } from 'vitest';
import {
  applyDiscount, applyNruReport, billContract, billingLoopIndex, chargeContract, clientDeletionTimeMs, contractCostTft,
  contractCostUnitsUsd, DEV_PRICING_POLICY, DISCOUNT_MULTIPLIER, discountLevel, distributeRewards, EXTRINSIC_BASE_WEIGHT,
  extraFeeCostTft, extraFeeCostUnitsUsd, musdToTft, factorBase1000, factorBase1024, finalBillOnCancel, fx, graceDeletionBlock,
  manageContractState, newPaymentState, nruCostUnitsUsd, PAYS_NO_CALLS, resourcesCostUnitsUsd, resourceUnits,
  serviceBillCostUnitsUsd, serviceBillMaxVariableAmount, serviceBillWindow, shouldBillContract, transactionFee,
  unitFromGenesis, unitsUsdToTft, usableBalance, weightToFee, type BillContractInput, type ContractCostInput, type PaymentState,
} from '../../../simulator/chain/runtime/pallets/smart-contract-billing';
import { GIB } from '../../../simulator/chain/runtime/pallets/tfgrid-rules';
import { expectContractError } from './helpers';

/** The spec's worked example: 1 vCPU, 2 GiB RAM, 25 GiB SSD. */
const SMALL_VM = { hru: 0, sru: 25n * GIB, cru: 1, mru: 2n * GIB };
const nodeCost = (over: Partial<Extract<ContractCostInput, { kind: 'node' }>> = {}): ContractCostInput =>
  ({ kind: 'node', used: SMALL_VM, publicIps: 0, amountUnbilled: 0, nodeIsRented: false, ...over });

describe('fixed point (U64F64) as cost.rs uses it', () => {
  it('is exact for the multipliers it builds from f64', () => {
    expect(fx.fromF64(1.25)).toBe(fx.fromInt(5) / 4n);
    expect(fx.fromF64(1.5)).toBe(fx.fromInt(3) / 2n);
    expect(fx.fromF64(0.5)).toBe(1n << 63n);
    // 0.8 as an f64 is 0.8000000000000000444…, slightly above 0.8 in U64F64.
    expect(DISCOUNT_MULTIPLIER.Default > fx.fromInt(4) / 5n).toBe(true);
    expect(fx.toNumber(DISCOUNT_MULTIPLIER.Gold)).toBeCloseTo(0.4, 15);
  });
  it('truncates in mul/div and rounds half up at the end', () => {
    expect(fx.round(fx.div(fx.fromInt(5), fx.fromInt(2)))).toBe(3n);
    expect(fx.round(fx.div(fx.fromInt(7), fx.fromInt(3)))).toBe(2n);
    expect(fx.div(fx.fromInt(1), fx.fromInt(3)) * 3n < fx.fromInt(1)).toBe(true);
    expect(() => fx.div(1n, 0n)).toThrow(RangeError);
  });
  it('unit factors: 1024-based for sizes, 1000-based for NRU; genesis units are 1-based', () => {
    expect(factorBase1024('Gigabytes')).toBe(GIB);
    expect(factorBase1000('Gigabytes')).toBe(1_000_000_000n);
    expect(factorBase1024('Bytes')).toBe(1n);
    expect(unitFromGenesis(4)).toBe('Gigabytes');
    expect(unitFromGenesis(1)).toBe('Bytes');
    expect(unitFromGenesis(0)).toBe('Gigabytes');
  });
});

describe('CU, SU and costs in units-USD', () => {
  it('the spec worked example: cu 0.5, su 0.125, 56,250 units per hour', () => {
    const { cu, su } = resourceUnits(SMALL_VM);
    expect(fx.toNumber(cu)).toBe(0.5);
    expect(fx.toNumber(su)).toBe(0.125);
    // 0.125 × 50,000 + 0.5 × 100,000 = 6,250 + 50,000
    expect(contractCostUnitsUsd(nodeCost(), 3600)).toBe(56_250n);
  });
  it('bills pro rata per second, with the pallet truncating before it rounds', () => {
    // 1 s: 56,250 / 3600 = 15.625 → 16.
    expect(contractCostUnitsUsd(nodeCost(), 1)).toBe(16n);
    // 60 s (one dev billing cycle, 10 blocks): 937.5 on paper; 50,000/3600 and 100,000/3600 are truncated to 64
    // fractional bits first, so the pallet's sum is just below 937.5 and rounds to 937.
    expect(contractCostUnitsUsd(nodeCost(), 60)).toBe(937n);
    expect(contractCostUnitsUsd(nodeCost(), 0)).toBe(0n);
    // 1 day: 56,250 × 24
    expect(contractCostUnitsUsd(nodeCost(), 86_400)).toBe(1_350_000n);
  });
  it('CU is the smallest of the three mixes', () => {
    const cu = (cru: number, mruGib: bigint) => fx.toNumber(resourceUnits({ hru: 0, sru: 0, cru, mru: mruGib * GIB }).cu);
    expect(cu(4, 8n)).toBe(2); // min(max(2,2), max(1,4), max(4,1))
    expect(cu(8, 2n)).toBe(2); // min(max(.5,4), max(.25,8), max(1,2))
    expect(cu(1, 64n)).toBe(8); // min(max(16,.5), max(8,1), max(32,.25))
    expect(cu(0, 0n)).toBe(0);
    // HDD counts 1/1200 SU per GiB, SSD 1/200.
    expect(fx.toNumber(resourceUnits({ hru: 1200n * GIB, sru: 200n * GIB, cru: 0, mru: 0 }).su)).toBe(2);
  });
  it('public IPs cost ipu.value per hour each, also on a rented node', () => {
    expect(contractCostUnitsUsd(nodeCost({ used: { hru: 0, sru: 0, cru: 0, mru: 0 }, publicIps: 1 }), 3600)).toBe(40_000n);
    expect(contractCostUnitsUsd(nodeCost({ publicIps: 2 }), 3600)).toBe(56_250n + 80_000n);
    // On a rented node the resources are the renter's: only IPs and unbilled NU remain.
    expect(contractCostUnitsUsd(nodeCost({ publicIps: 1, nodeIsRented: true, amountUnbilled: 15_000 }), 3600)).toBe(55_000n);
    expect(resourcesCostUnitsUsd({ resources: SMALL_VM, publicIps: 0, secondsElapsed: 3600, billResources: false })).toBe(0n);
  });
  it('unbilled NU is added once time has passed, never for 0 s', () => {
    expect(contractCostUnitsUsd(nodeCost({ amountUnbilled: 7_500 }), 3600)).toBe(63_750n);
    expect(contractCostUnitsUsd(nodeCost({ amountUnbilled: 7_500 }), 0)).toBe(0n);
  });
  it('rent contract: 50 % of the whole node (no IPs); ties round down', () => {
    // cru 4, mru 8 GiB, sru 100 GiB, hru 1200 GiB: su = 1 + 0.5 = 1.5, cu = 2 → 75,000 + 200,000 = 275,000 per hour.
    const node = { hru: 1200n * GIB, sru: 100n * GIB, cru: 4, mru: 8n * GIB };
    expect(resourcesCostUnitsUsd({ resources: node, publicIps: 0, secondsElapsed: 3600, billResources: true })).toBe(275_000n);
    expect(contractCostUnitsUsd({ kind: 'rent', nodeResources: node }, 3600)).toBe(137_500n);
    // The small VM's node for 1 s: 16 units, 50 % = 8; for 60 s: 937 → 468.5 → 468 (Percent rounds ties down).
    expect(contractCostUnitsUsd({ kind: 'rent', nodeResources: SMALL_VM }, 1)).toBe(8n);
    expect(contractCostUnitsUsd({ kind: 'rent', nodeResources: SMALL_VM }, 60)).toBe(468n);
    const full = { ...DEV_PRICING_POLICY, discount_for_dedication_nodes: 100 };
    expect(contractCostUnitsUsd({ kind: 'rent', nodeResources: node }, 3600, full)).toBe(275_000n);
  });
  it('name contract: 2,500 units per hour', () => {
    expect(contractCostUnitsUsd({ kind: 'name' }, 3600)).toBe(2_500n);
    expect(contractCostUnitsUsd({ kind: 'name' }, 60)).toBe(42n); // 41.67
    expect(contractCostUnitsUsd({ kind: 'name' }, 86_400 * 30)).toBe(1_800_000n); // $0.18 a month
  });
  it('dedicated extra fee: mUSD per 30-day month', () => {
    // 1,000 mUSD ($1) a month = 10^7 units; one hour is 10^7 × 3600 / 2,592,000 = 13,888.9 → 13,889.
    expect(extraFeeCostUnitsUsd(1000, 3600)).toBe(13_889n);
    expect(extraFeeCostUnitsUsd(1000, 2_592_000)).toBe(10_000_000n);
    expect(extraFeeCostUnitsUsd(0, 3600)).toBe(0n);
  });
  it('NRU reports: GB (base 1000) × 15,000 per hour × window', () => {
    expect(nruCostUnitsUsd({ nru: 1_000_000_000, window: 3600 })).toBe(15_000n);
    expect(nruCostUnitsUsd({ nru: 500_000_000, window: 3600 })).toBe(7_500n);
    expect(nruCostUnitsUsd({ nru: 1_000_000_000, window: 60 })).toBe(250n);
    expect(nruCostUnitsUsd({ nru: 0, window: 3600 })).toBe(0n);
  });
  it('NRU reports older than last_updated add nothing; equal timestamps are accepted', () => {
    const info = { previous_nu_reported: 0, last_updated: 1000, amount_unbilled: 100 };
    expect(applyNruReport(info, { timestamp: 999, window: 3600, nru: 1e9 })).toEqual({ accepted: false, info });
    expect(applyNruReport(info, { timestamp: 1000, window: 3600, nru: 1e9 }).info)
      .toEqual({ previous_nu_reported: 0, last_updated: 1000n, amount_unbilled: 15_100n });
  });
});

describe('conversion to TFT (§3.2.6, §3.4)', () => {
  it('tft_raw = round(units / (price × 10^4) × 10^7)', () => {
    // Spec: 56,250 units at 10 mUSD = 5,625,000 raw = 0.5625 TFT.
    expect(unitsUsdToTft(56_250, 10)).toEqual({ ok: true, tft: 5_625_000n });
    expect(unitsUsdToTft(56_250, 25)).toEqual({ ok: true, tft: 2_250_000n });
    expect(unitsUsdToTft(2_500, 10)).toEqual({ ok: true, tft: 250_000n });
    expect(unitsUsdToTft(1, 3)).toEqual({ ok: true, tft: 333n });
    expect(unitsUsdToTft(2, 3)).toEqual({ ok: true, tft: 667n });
    expect(unitsUsdToTft(0, 10)).toEqual({ ok: true, tft: 0n });
    expectContractError(unitsUsdToTft(1, 0), 'TFTPriceValueError');
  });
  it('mUSD → TFT: $1 (1,000 mUSD) is 100 TFT at 10 mUSD, 1 TFT at 1,000 mUSD', () => {
    expect(musdToTft(1000, 10)).toEqual({ ok: true, tft: 1_000_000_000n });
    expect(musdToTft(1000, 1000)).toEqual({ ok: true, tft: 10_000_000n });
    expect(musdToTft(1, 3)).toEqual({ ok: true, tft: 3_333_333n }); // 1/3 TFT
  });
});

describe('discount levels (standard amount only)', () => {
  // 5,625,000 raw for one hour → 5,625,000 × 24 × 30 = 4,050,000,000 raw (405 TFT) a month.
  const monthly = 4_050_000_000n;
  const level = (balance: bigint) => discountLevel(5_625_000, 3600, balance).level;
  it('compares balance with 30 days of cost', () => {
    expect(discountLevel(5_625_000, 3600, 0).monthly).toBe(monthly);
    expect(level(0n)).toBe('None');
    expect(level(monthly * 3n / 2n - 1n)).toBe('None');
    expect(level(monthly * 3n / 2n)).toBe('Default');
    expect(level(monthly * 3n - 1n)).toBe('Default');
    expect(level(monthly * 3n)).toBe('Bronze');
    expect(level(monthly * 6n - 1n)).toBe('Bronze');
    expect(level(monthly * 6n)).toBe('Silver');
    expect(level(monthly * 18n - 1n)).toBe('Silver');
    expect(level(monthly * 18n)).toBe('Gold');
    // 60 s of the small VM at 10 mUSD: 937 units → 93,700 raw → 5,622,000 an hour → 4,047,840,000 a month.
    expect(discountLevel(93_700, 60, 0).monthly).toBe(4_047_840_000n);
  });
  it('applies ×1, ×0.8, ×0.7, ×0.6, ×0.4 and then ×1.25 on certified nodes', () => {
    const apply = (balance: bigint, certified = false) =>
      applyDiscount({ amountDueTft: 5_625_000, secondsElapsed: 3600, balance, certified });
    expect(apply(0n)).toEqual({ amount: 5_625_000n, level: 'None' });
    expect(apply(monthly * 3n / 2n)).toEqual({ amount: 4_500_000n, level: 'Default' });
    expect(apply(monthly * 3n)).toEqual({ amount: 3_937_500n, level: 'Bronze' });
    expect(apply(monthly * 6n)).toEqual({ amount: 3_375_000n, level: 'Silver' });
    expect(apply(monthly * 18n)).toEqual({ amount: 2_250_000n, level: 'Gold' });
    expect(apply(0n, true)).toEqual({ amount: 7_031_250n, level: 'None' });
    expect(apply(monthly * 3n / 2n, true)).toEqual({ amount: 5_625_000n, level: 'Default' });
    expect(applyDiscount({ amountDueTft: 0, secondsElapsed: 60, balance: 10n ** 18n, certified: true }))
      .toEqual({ amount: 0n, level: 'None' });
  });
  it('a monthly amount that rounds to zero counts as covered for ever (Gold)', () => {
    expect(discountLevel(1, 10_000_000_000, 0)).toEqual({ level: 'Gold', monthly: 0n });
  });
  it('contractCostTft chains cost → TFT → discount → certification', () => {
    const r = contractCostTft({ cost: nodeCost(), secondsElapsed: 3600, balance: 0, tftPriceMusd: 10, certification: 'Diy' });
    expect(r).toEqual({ ok: true, amount: 5_625_000n, level: 'None', costUnitsUsd: 56_250n });
    const gold = contractCostTft({ cost: nodeCost(), secondsElapsed: 3600, balance: monthly * 18n, tftPriceMusd: 10, certification: 'Certified' });
    expect(gold.ok && gold.amount).toBe(2_812_500n); // 5,625,000 × 0.4 × 1.25
    const name = contractCostTft({ cost: { kind: 'name' }, secondsElapsed: 3600, balance: 0, tftPriceMusd: 10, certification: null });
    expect(name.ok && name.amount).toBe(250_000n);
    // Nothing due: no price needed.
    expect(contractCostTft({ cost: nodeCost(), secondsElapsed: 0, balance: 0, tftPriceMusd: 0, certification: 'Diy' }))
      .toEqual({ ok: true, amount: 0n, level: 'None', costUnitsUsd: 0n });
    expectContractError(contractCostTft({ cost: nodeCost(), secondsElapsed: 60, balance: 0, tftPriceMusd: 0, certification: 'Diy' }), 'TFTPriceValueError');
  });
  it('extra fee in TFT has no discount: 13,889 units at 10 mUSD = 1,388,900 raw', () => {
    expect(extraFeeCostTft(1000, 3600, 10)).toEqual({ ok: true, amount: 1_388_900n });
    expect(extraFeeCostTft(0, 3600, 0)).toEqual({ ok: true, amount: 0n });
  });
  it('usable balance = free − max(ED, frozen)', () => {
    expect(usableBalance({ free: 10_000, frozen: 0 })).toBe(9_500n);
    expect(usableBalance({ free: 10_000, frozen: 2_000 })).toBe(8_000n);
    expect(usableBalance({ free: 400, frozen: 0 })).toBe(0n);
  });
});

describe('service contract bills', () => {
  it('window is capped at one hour', () => {
    expect(serviceBillWindow(5000, 4000)).toBe(1000n);
    expect(serviceBillWindow(10_000, 4000)).toBe(3600n);
    expect(serviceBillWindow(100, 200)).toBe(0n);
  });
  it('cost = base_fee·10^4·window/3600 + variable·10^4 (mUSD)', () => {
    // base $1/h for 30 min = $0.50 = 5,000,000 units; variable 500 mUSD = 5,000,000 units.
    expect(serviceBillCostUnitsUsd({ baseFee: 1000, variableAmount: 500, window: 1800 })).toBe(10_000_000n);
    expect(unitsUsdToTft(10_000_000, 10)).toEqual({ ok: true, tft: 1_000_000_000n }); // $1 at $0.01 = 100 TFT
    expect(serviceBillMaxVariableAmount(1800, 2000)).toBe(1000n);
    expect(serviceBillMaxVariableAmount(1, 1799)).toBe(0n); // 0.4997
    // 1/3600 is truncated before the multiplication, so 1 s of a 1,800 mUSD/h cap is just under 0.5: 0.
    expect(serviceBillMaxVariableAmount(1, 1800)).toBe(0n);
    expect(serviceBillMaxVariableAmount(1, 1801)).toBe(1n);
  });
});

describe('billing schedule', () => {
  it('contracts sit in bucket id % BillingFrequency', () => {
    expect(billingLoopIndex(23, 10)).toBe(3n);
    expect(billingLoopIndex(600, 600)).toBe(0n);
  });
  it('node contracts are billed only with IPs, used resources or unbilled NU', () => {
    const none = { hru: 0, sru: 0, cru: 0, mru: 0 };
    expect(shouldBillContract(nodeCost({ used: none }))).toBe(false);
    expect(shouldBillContract(nodeCost())).toBe(true);
    expect(shouldBillContract(nodeCost({ used: none, publicIps: 1 }))).toBe(true);
    expect(shouldBillContract(nodeCost({ used: none, amountUnbilled: 1 }))).toBe(true);
    expect(shouldBillContract({ kind: 'name' })).toBe(true);
    expect(shouldBillContract({ kind: 'rent', nodeResources: none })).toBe(true);
  });
});

describe('grace period', () => {
  it('Created → GracePeriod(block) when funds are short, back to Created when topped up', () => {
    expect(manageContractState('Created', true, 50)).toEqual({ state: 'Created', transition: null });
    expect(manageContractState('Created', false, 50))
      .toEqual({ state: { GracePeriod: 50n }, transition: { name: 'ContractGracePeriodStarted', block_number: 50n } });
    expect(manageContractState({ GracePeriod: 50 }, true, 60))
      .toEqual({ state: 'Created', transition: { name: 'ContractGracePeriodEnded' } });
  });
  it('deleted after 14 days (201,600 blocks) of grace', () => {
    expect(graceDeletionBlock(1000)).toBe(202_600n);
    expect(manageContractState({ GracePeriod: 1000 }, false, 202_599)).toEqual({ state: { GracePeriod: 1000 }, transition: null });
    expect(manageContractState({ GracePeriod: 1000 }, false, 202_600))
      .toEqual({ state: { Deleted: 'OutOfFunds' }, transition: { name: 'ContractGracePeriodElapsed', grace_period: 201_600n } });
    expect(manageContractState({ Deleted: 'CanceledByUser' }, false, 1)).toEqual({ state: { Deleted: 'CanceledByUser' }, transition: null });
  });
  it('the client deletion-time estimate', () => {
    // Grace started 100 blocks (600 s) ago: deletion is 14 days after that.
    expect(clientDeletionTimeMs(1_700_000_000_000, 1100, 1000)).toBe(1_700_000_000_000n - 600_000n + 1_209_600_000n);
  });
});

describe('charging (reserve / overdraft)', () => {
  const ps = newPaymentState(1000);
  it('reserves everything owed when the twin can', () => {
    const r = chargeContract(ps, 100n, 20n, 1000n);
    expect(r.outcome).toEqual({ kind: 'billed', amountBilled: 120n });
    expect(r.reserve).toBe(120n);
    expect(r.paymentState).toMatchObject({ standard_reserve: 100n, additional_reserve: 20n, standard_overdraft: 0n, additional_overdraft: 0n });
  });
  it('otherwise overdraws, reserving the usable balance: additional overdraft first', () => {
    const r = chargeContract(ps, 100n, 20n, 50n);
    expect(r.outcome).toEqual({ kind: 'overdrawn', partiallyBilled: 50n, overdraft: 70n });
    expect(r.paymentState).toMatchObject({ standard_reserve: 30n, additional_reserve: 20n, standard_overdraft: 70n, additional_overdraft: 0n });
    // Next cycle with funds: this cycle's dues plus the overdraft are reserved and settled.
    const next = chargeContract(r.paymentState, 100n, 20n, 1000n);
    expect(next.outcome).toEqual({ kind: 'billed', amountBilled: 190n });
    expect(next.paymentState).toMatchObject({ standard_reserve: 200n, additional_reserve: 40n, standard_overdraft: 0n });
    // Nothing usable at all.
    expect(chargeContract(ps, 100n, 0n, 0n).paymentState).toMatchObject({ standard_overdraft: 100n, standard_reserve: 0n });
  });
});

describe('reward distribution', () => {
  const reserved = (standard: bigint, additional = 0n, cycles = 0): PaymentState =>
    ({ ...newPaymentState(0), standard_reserve: standard, additional_reserve: additional, cycles });
  it('waits for 24 cycles unless the contract is deleted', () => {
    const r = distributeRewards(reserved(1000n, 0n, 5), { isDeleted: false });
    expect(r.distributed).toBe(false);
    expect(r.paymentState.cycles).toBe(6);
    expect(distributeRewards(reserved(1000n, 0n, 23), { isDeleted: false }).distributed).toBe(true);
    expect(distributeRewards(reserved(1000n, 0n, 0), { isDeleted: true }).distributed).toBe(true);
    expect(distributeRewards(reserved(0n, 0n, 23), { isDeleted: false }).distributed).toBe(false);
  });
  it('10 % foundation, 5 % staking pool, 50 % certified sales, 35 % burned; extra fee to the farmer', () => {
    const r = distributeRewards(reserved(1000n, 300n, 23), { isDeleted: false });
    expect(r.payouts).toEqual([
      { to: 'farmer', amount: 300n }, { to: 'foundation', amount: 100n }, { to: 'stakingPool', amount: 50n },
      { to: 'certifiedSales', amount: 500n },
    ]);
    expect(r.burned).toBe(350n);
    expect(r.paymentState).toMatchObject({ standard_reserve: 0n, additional_reserve: 0n, cycles: 0 });
  });
  it('solution providers take from the sales share', () => {
    const r = distributeRewards(reserved(1000n), { isDeleted: true, providerTakes: [10, 5] });
    expect(r.payouts).toEqual([
      { to: 'foundation', amount: 100n }, { to: 'stakingPool', amount: 50n }, { to: { provider: 0 }, amount: 100n },
      { to: { provider: 1 }, amount: 50n }, { to: 'certifiedSales', amount: 350n },
    ]);
    expect(r.burned).toBe(350n);
    expect(distributeRewards(reserved(1000n), { isDeleted: true, providerTakes: [50] }).payouts.map((p) => p.to))
      .toEqual(['foundation', 'stakingPool', { provider: 0 }]);
  });
  it('shares round to nearest (ties down); the burn takes the remainder', () => {
    // 333: 10 % = 33.3 → 33, 5 % = 16.65 → 17, 50 % = 166.5 → 166, burn 333 − 216 = 117.
    const r = distributeRewards(reserved(333n), { isDeleted: true });
    expect(r.payouts.map((p) => p.amount)).toEqual([33n, 17n, 166n]);
    expect(r.burned).toBe(117n);
  });
});

describe('billContract: one run', () => {
  const hour = 3600n;
  const base: BillContractInput = {
    contractId: 7, twinId: 3, nodeId: 1, state: 'Created', cost: nodeCost(), paymentState: newPaymentState(1_000_000),
    nowSecs: 1_000_000n + hour, currentBlock: 600, twinUsableBalance: 100_000_000n, tftPriceMusd: 10, certification: 'Diy',
  };
  it('bills an hour of the worked example: 5,625,000 raw, no discount on 10 TFT', () => {
    const r = billContract(base);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.events).toEqual([{
      name: 'ContractBilled', bill: { contract_id: 7n, timestamp: 1_003_600n, discount_level: 'None', amount_billed: 5_625_000n },
    }]);
    expect(r.reserve).toBe(5_625_000n);
    expect(r.paymentState).toMatchObject({ standard_reserve: 5_625_000n, cycles: 1, last_updated_seconds: 1_003_600n });
    expect(r).toMatchObject({ state: 'Created', remove: false, resetAmountUnbilled: true, noop: false, payouts: [], burned: 0n });
  });
  it('the bonded stash raises the discount but only the twin pays', () => {
    const r = billContract({ ...base, twinUsableBalance: 10_000_000n, stashUsableBalance: 4_050_000_000n * 18n });
    expect(r.ok && r.events[0]).toMatchObject({ bill: { discount_level: 'Gold', amount_billed: 2_250_000n } });
  });
  it('does nothing when nothing is due on a live contract', () => {
    const r = billContract({ ...base, cost: nodeCost({ nodeIsRented: true }) });
    expect(r.ok && r).toMatchObject({ noop: true, events: [], reserve: 0n, paymentState: base.paymentState });
  });
  it('enters grace and overdraws when the twin cannot pay', () => {
    const r = billContract({ ...base, twinUsableBalance: 1_000_000n });
    expect(r.ok && r.events).toEqual([
      { name: 'ContractGracePeriodStarted', contract_id: 7n, node_id: 1, twin_id: 3, block_number: 600n },
      { name: 'ContractPaymentOverdrawn', contract_id: 7n, timestamp: 1_003_600n, partially_billed_amount: 1_000_000n, overdraft: 4_625_000n },
    ]);
    expect(r.ok && r.state).toEqual({ GracePeriod: 600n });
    expect(r.ok && r.paymentState).toMatchObject({ standard_reserve: 1_000_000n, standard_overdraft: 4_625_000n });
  });
  it('leaves grace once the twin can cover dues and overdraft', () => {
    const ps = { ...newPaymentState(1_000_000), standard_overdraft: 4_625_000n, standard_reserve: 1_000_000n, cycles: 1 };
    const r = billContract({ ...base, state: { GracePeriod: 600 }, paymentState: ps, currentBlock: 1200 });
    expect(r.ok && r.events.map((e) => e.name)).toEqual(['ContractGracePeriodEnded', 'ContractBilled']);
    expect(r.ok && r.events[1]).toMatchObject({ bill: { amount_billed: 10_250_000n } });
    expect(r.ok && r.state).toBe('Created');
  });
  it('deletes after 14 days of grace, distributing what was reserved', () => {
    const ps = { ...newPaymentState(1_000_000), standard_reserve: 1000n, standard_overdraft: 5_000_000n };
    const r = billContract({ ...base, state: { GracePeriod: 600 }, paymentState: ps, currentBlock: 600 + 201_600, twinUsableBalance: 0n });
    expect(r.ok && r.events.map((e) => e.name)).toEqual([
      'ContractGracePeriodElapsed', 'ContractPaymentOverdrawn', 'TokensBurned', 'RewardDistributed',
    ]);
    expect(r.ok && r).toMatchObject({ state: { Deleted: 'OutOfFunds' }, remove: true, resetAmountUnbilled: false, burned: 350n });
  });
  it('cancel: final bill for the elapsed time, distribution, removal', () => {
    const r = finalBillOnCancel({ ...base, nowSecs: 1_000_060n, providerTakes: [] }, 'CanceledByUser');
    // 60 s: 937 units → 93,700 raw.
    expect(r.ok && r.events).toEqual([
      { name: 'ContractBilled', bill: { contract_id: 7n, timestamp: 1_000_060n, discount_level: 'None', amount_billed: 93_700n } },
      { name: 'TokensBurned', contract_id: 7n, amount: 32_795n },
      { name: 'RewardDistributed', contract_id: 7n, standard_rewards: 93_700n, additional_rewards: 0n },
    ]);
    // 10 % = 9,370, 5 % = 4,685, 50 % = 46,850; burn 93,700 − 60,905 = 32,795.
    expect(r.ok && r.payouts.map((p) => p.amount)).toEqual([9_370n, 4_685n, 46_850n]);
    expect(r.ok && r).toMatchObject({ state: { Deleted: 'CanceledByUser' }, remove: true });
  });
  it('cancel in the same second still bills (zero) and removes', () => {
    const r = finalBillOnCancel({ ...base, nowSecs: 1_000_000n }, 'CanceledByCollective');
    expect(r.ok && r.events).toEqual([
      { name: 'ContractBilled', bill: { contract_id: 7n, timestamp: 1_000_000n, discount_level: 'None', amount_billed: 0n } },
    ]);
    expect(r.ok && r.remove).toBe(true);
  });
  it('rent contract: 50 % of the node plus the extra fee as the additional amount', () => {
    const node = { hru: 1200n * GIB, sru: 100n * GIB, cru: 4, mru: 8n * GIB };
    const r = billContract({ ...base, cost: { kind: 'rent', nodeResources: node }, extraFeeMusd: 1000 });
    // 137,500 units → 13,750,000 raw; extra 13,889 units → 1,388,900 raw.
    expect(r.ok && r.events[0]).toMatchObject({ bill: { amount_billed: 13_750_000n + 1_388_900n } });
    expect(r.ok && r.paymentState).toMatchObject({ standard_reserve: 13_750_000n, additional_reserve: 1_388_900n });
    expect(r.ok && r.resetAmountUnbilled).toBe(false);
    const grace = billContract({ ...base, cost: { kind: 'rent', nodeResources: node }, twinUsableBalance: 0n });
    expect(grace.ok && grace.syncNodeContracts).toEqual({ GracePeriod: 600n });
  });
  it('rent on a standby node is waived and does not advance the clock', () => {
    const rent: BillContractInput = { ...base, cost: { kind: 'rent', nodeResources: SMALL_VM }, nodeIsDown: true };
    const r = billContract(rent);
    expect(r.ok && r).toMatchObject({ events: [{ name: 'RentWaived', contract_id: 7n }], noop: true, paymentState: base.paymentState });
    const cancelled = finalBillOnCancel(rent, 'CanceledByUser');
    expect(cancelled.ok && cancelled.events.map((e) => e.name)).toEqual(['RentWaived', 'ContractBilled']);
    expect(cancelled.ok && cancelled.remove).toBe(true);
  });
  it('distributes every 24th cycle', () => {
    const ps = { ...newPaymentState(1_000_000), standard_reserve: 1_000_000n, cycles: 23 };
    const r = billContract({ ...base, paymentState: ps });
    expect(r.ok && r.events.map((e) => e.name)).toEqual(['ContractBilled', 'TokensBurned', 'RewardDistributed']);
    expect(r.ok && r.events[2]).toMatchObject({ standard_rewards: 6_625_000n });
    expect(r.ok && r.paymentState).toMatchObject({ standard_reserve: 0n, cycles: 0 });
  });
  it('name contracts carry node 0 in grace events', () => {
    const r = billContract({ ...base, cost: { kind: 'name' }, nodeId: 0, certification: null, twinUsableBalance: 0n });
    expect(r.ok && r.events[0]).toEqual({ name: 'ContractGracePeriodStarted', contract_id: 7n, node_id: 0, twin_id: 3, block_number: 600n });
  });
  it('fails with TFTPriceValueError when there is no usable price', () => {
    expectContractError(billContract({ ...base, tftPriceMusd: 0 }), 'TFTPriceValueError');
  });
});

describe('transaction fees (§1.7)', () => {
  it('the base extrinsic weight costs 0.1 cent = 10,000 raw', () => {
    expect(weightToFee(EXTRINSIC_BASE_WEIGHT)).toBe(10_000n);
    expect(weightToFee(0)).toBe(0n);
    // Perbill::from_rational(100,000, 1,244,140,000) = 80,376 parts per billion (rounded down after reduction).
    expect(weightToFee(1_000_000_000_000)).toBe(80_376_000n);
  });
  it('fee = base + 1 raw per byte + weight fee + tip', () => {
    expect(transactionFee({ weightRefTime: EXTRINSIC_BASE_WEIGHT, lengthBytes: 150, tip: 5 })).toBe(10_000n + 150n + 10_000n + 5n);
    expect(PAYS_NO_CALLS.has('TfgridModule.report_uptime_v2')).toBe(true);
    expect(PAYS_NO_CALLS.has('SmartContractModule.create_node_contract')).toBe(false);
  });
});
