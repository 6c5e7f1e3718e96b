// SmartContractModule, TFTPriceModule and TFKVStore implementations, dispatched directly (no server): rent contracts
// and dedicated nodes, NRU reports, the billing loop's schedule and reward distribution, admin origins, solution
// providers and service contracts. Amounts are checked against the pure formulas of smart-contract-billing.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AccountId } from '../../../simulator/chain/core/dispatch/types';
import {
  contractCostTft, extraFeeCostTft, nruCostUnitsUsd, usableBalance,
} from '../../../simulator/chain/runtime/pallets/smart-contract-billing';
import { byName, type CallResult, GENESIS_MS, GIB, harness, keys, seedFarmAndNode, seedTwin, text, TFT, type Harness } from './harness';

const T0 = GENESIS_MS / 1000 + 6;
const COUNCIL = { kind: 'council' as const, yes: 2, total: 2 };
const hash = (s: string) => text(s.padEnd(32, '0').slice(0, 32));

let key: (uri: string) => AccountId;
let alice: AccountId; // twin 1, user (endowed)
let bob: AccountId; // twin 2, farmer (endowed)
let node: AccountId; // twin 3, node 1's twin
let charlie: AccountId; // twin 4, another user

beforeAll(async () => {
  key = await keys();
  alice = key('//Alice');
  bob = key('//Bob');
  node = key('//contracts-unit-node');
  charlie = key('//Charlie');
});

function setup(billing = {}): Harness {
  const h = harness(billing);
  h.root.currency.depositCreating(charlie, 1000n * TFT);
  h.root.currency.depositCreating(node, 10n * TFT);
  seedTwin(h, 1, alice);
  seedTwin(h, 2, bob);
  seedTwin(h, 3, node);
  seedTwin(h, 4, charlie);
  seedFarmAndNode(h, { farmId: 1, farmTwinId: 2, nodeId: 1, nodeTwinId: 3, ips: 2 });
  return h;
}

const nodeContract = (h: Harness, who: AccountId, name: string, ips = 0, sp: bigint | null = null) =>
  h.call(who, 'SmartContractModule', 'create_node_contract', {
    node_id: 1, deployment_hash: hash(name), deployment_data: text('{}'), public_ips: ips, solution_provider_id: sp,
  });

const contractId = (r: CallResult): bigint =>
  (byName(r.events, 'ContractCreated')[0]!.data as { contract_id: bigint }).contract_id;

describe('rent contracts and dedicated nodes', () => {
  it('makes a node with an extra fee rentable only, bills rent plus fee, and pays the fee to the farmer', () => {
    const h = setup();
    expect(h.call(alice, 'SmartContractModule', 'set_dedicated_node_extra_fee', { node_id: 1, extra_fee: 1000n }).error)
      .toEqual(h.error('SmartContractModule', 'UnauthorizedToSetExtraFee'));
    const fee = h.call(bob, 'SmartContractModule', 'set_dedicated_node_extra_fee', { node_id: 1, extra_fee: 10_000n });
    expect(fee.events).toEqual([{ pallet: 'SmartContractModule', name: 'NodeExtraFeeSet', data: { node_id: 1, extra_fee: 10_000n } }]);
    expect(nodeContract(h, alice, 'a').error).toEqual(h.error('SmartContractModule', 'NodeNotAvailableToDeploy'));

    const rent = h.call(alice, 'SmartContractModule', 'create_rent_contract', { node_id: 1, solution_provider_id: null });
    expect(rent.ok).toBe(true);
    const rentId = contractId(rent);
    expect(h.call(charlie, 'SmartContractModule', 'create_rent_contract', { node_id: 1, solution_provider_id: null }).error)
      .toEqual(h.error('SmartContractModule', 'NodeHasRentContract'));
    expect(nodeContract(h, charlie, 'c').error).toEqual(h.error('SmartContractModule', 'NodeNotAvailableToDeploy'));
    const deployed = nodeContract(h, alice, 'a');
    expect(deployed.ok).toBe(true);
    const nodeId = contractId(deployed);
    // The renter pays for the node; the deployment's resources are not billed on their own.
    h.call(node, 'SmartContractModule', 'report_contract_resources', {
      contract_resources: [{ contract_id: nodeId, used: { hru: 0n, sru: 100n * GIB, cru: 4n, mru: 8n * GIB } }],
    });
    expect(h.call(alice, 'SmartContractModule', 'cancel_contract', { contract_id: rentId }).error)
      .toEqual(h.error('SmartContractModule', 'NodeHasActiveContracts'));

    h.at(2, T0 + 3600);
    const freeBefore = h.root.currency.freeBalance(alice);
    const billed = h.call(charlie, 'SmartContractModule', 'bill_contract_for_block', { contract_id: rentId });
    const secs = 3600n;
    const standard = contractCostTft({
      cost: { kind: 'rent', nodeResources: { hru: 0n, sru: 500n * GIB, cru: 8n, mru: 16n * GIB } }, secondsElapsed: secs,
      balance: usableBalance({ free: freeBefore, frozen: 0n }), tftPriceMusd: 10, certification: 'Diy',
    });
    const extra = extraFeeCostTft(10_000n, secs, 10);
    if (!standard.ok || !extra.ok) throw new Error('formula');
    expect(byName(billed.events, 'ContractBilled')[0]!.data).toMatchObject({ amount_billed: standard.amount + extra.amount });
    expect(h.root.storage('ContractPaymentState').get(rentId)).toMatchObject({
      standard_reserve: standard.amount, additional_reserve: extra.amount, cycles: 1,
    });
    // The node contract on the rented node owes nothing (no IPs, resources covered by the rent): no event at all.
    expect(h.call(charlie, 'SmartContractModule', 'bill_contract_for_block', { contract_id: nodeId }).events).toEqual([]);

    expect(h.call(alice, 'SmartContractModule', 'cancel_contract', { contract_id: nodeId }).ok).toBe(true);
    const bobBefore = h.root.currency.freeBalance(bob);
    const cancelled = h.call(alice, 'SmartContractModule', 'cancel_contract', { contract_id: rentId });
    expect(cancelled.events.map((e) => e.name)).toEqual(['ContractBilled', 'TokensBurned', 'RewardDistributed', 'RentContractCanceled']);
    expect(h.root.currency.freeBalance(bob) - bobBefore).toBe(extra.amount);
    expect(h.root.storage('ActiveRentContractForNode').get(1)).toBeNull();
    expect(h.root.currency.reservedBalance(alice)).toBe(0n);
    expect(h.problems).toEqual([]);
  });
});

describe('a rent contract out of funds', () => {
  it('takes the node contracts on its node into grace with it, and removes them with it when grace elapses', () => {
    const h = setup({ gracePeriodBlocks: 20n });
    const renter = key('//contracts-unit-renter');
    h.root.currency.depositCreating(renter, TFT);
    seedTwin(h, 5, renter);
    const rentId = contractId(h.call(renter, 'SmartContractModule', 'create_rent_contract', { node_id: 1, solution_provider_id: null }));
    const nodeId = contractId(nodeContract(h, renter, 'rented'));
    // Reported usage on a rented node is paid by the rent, before and at removal.
    h.call(node, 'SmartContractModule', 'report_contract_resources', {
      contract_resources: [{ contract_id: nodeId, used: { hru: 0n, sru: 100n * GIB, cru: 4n, mru: 8n * GIB } }],
    });

    // An hour of half the node (26.25 TFT at 10 mUSD) is far more than the renter has.
    h.at(2, T0 + 3600);
    const billed = h.call(charlie, 'SmartContractModule', 'bill_contract_for_block', { contract_id: rentId });
    expect(billed.events.map((e) => e.name)).toEqual([
      'ContractGracePeriodStarted', 'ContractPaymentOverdrawn', 'ContractGracePeriodStarted',
    ]);
    expect(byName(billed.events, 'ContractGracePeriodStarted').map((e) => e.data)).toEqual([
      { contract_id: rentId, node_id: 1, twin_id: 5, block_number: 2n },
      { contract_id: nodeId, node_id: 1, twin_id: 5, block_number: 2n },
    ]);
    expect(h.root.storage('Contracts').get(nodeId)).toMatchObject({ state: { GracePeriod: 2n } });
    expect(h.call(renter, 'SmartContractModule', 'update_node_contract', {
      contract_id: nodeId, deployment_hash: hash('other'), deployment_data: text('x'),
    }).error).toEqual(h.error('SmartContractModule', 'CannotUpdateContractInGraceState'));

    h.at(22, T0 + 3720);
    const ended = h.call(charlie, 'SmartContractModule', 'bill_contract_for_block', { contract_id: rentId });
    const names = ended.events.map((e) => e.name);
    expect(names[0]).toBe('ContractGracePeriodElapsed');
    expect(names.slice(-2)).toEqual(['NodeContractCanceled', 'RentContractCanceled']);
    expect(h.root.storage('Contracts').get(rentId)).toBeNull();
    expect(h.root.storage('Contracts').get(nodeId)).toBeNull();
    expect(h.root.storage('ActiveNodeContracts').get(1)).toEqual([]);
    expect(h.root.storage('ActiveRentContractForNode').get(1)).toBeNull();
    expect(h.root.storage('ContractsToBillAt').get(rentId % 10n)).toEqual([]);
    expect(h.problems).toEqual([]);
  });
});

describe('node reports', () => {
  it('prices NRU reports into amount_unbilled, bills it and resets it', () => {
    const h = setup();
    const id = contractId(nodeContract(h, alice, 'nru'));
    const report = { contract_id: id, timestamp: BigInt(T0 + 10), window: 3600n, nru: 5n * 1000n ** 3n };
    expect(h.call(alice, 'SmartContractModule', 'add_nru_reports', { reports: [report] }).error)
      .toEqual(h.error('SmartContractModule', 'NodeNotExists'));
    const r = h.call(node, 'SmartContractModule', 'add_nru_reports', { reports: [report] });
    expect(r.events.map((e) => e.name)).toEqual(['NruConsumptionReportReceived']);
    const cost = nruCostUnitsUsd({ nru: report.nru, window: report.window });
    expect(cost).toBe(75_000n); // 5 GB × 15,000 units/h for an hour
    expect(h.root.storage('ContractBillingInformationByID').get(id)).toMatchObject({ amount_unbilled: cost, last_updated: report.timestamp });

    h.at(2, T0 + 60);
    const billed = h.call(alice, 'SmartContractModule', 'bill_contract_for_block', { contract_id: id });
    // 75,000 units at 10 mUSD = 0.75 TFT, Gold (×0.4) for Alice's balance.
    expect(byName(billed.events, 'ContractBilled')[0]!.data).toMatchObject({ amount_billed: 3_000_000n, discount_level: 'Gold' });
    expect(h.root.storage('ContractBillingInformationByID').get(id)).toMatchObject({ amount_unbilled: 0n });
  });
});

describe('the billing loop (on_finalize)', () => {
  it('bills each contract in its bucket only, and distributes rewards every distributionFrequency cycles', () => {
    const h = setup({ distributionFrequency: 2 });
    const id = contractId(h.call(alice, 'SmartContractModule', 'create_name_contract', { name: text('loop-name') }));
    expect(id).toBe(1n);
    const eve = key('//Eve');
    h.root.currency.depositCreating(eve, TFT);
    let t = T0;
    const cycles: string[][] = [];
    for (let block = 2; block <= 21; block++) {
      t += 6;
      h.at(block, t);
      const names = h.finalize().map((e) => e.name);
      if (names.length > 0) cycles.push([`${block}`, ...names]);
    }
    // Bucket 1 % 10: blocks 11 and 21; the second cycle distributes (10 % to the foundation, //Eve).
    expect(cycles).toEqual([
      ['11', 'ContractBilled'],
      ['21', 'ContractBilled', 'TokensBurned', 'RewardDistributed'],
    ]);
    expect(h.root.currency.freeBalance(eve)).toBeGreaterThan(TFT);
    expect(h.root.storage('ContractPaymentState').get(id)).toMatchObject({ standard_reserve: 0n, cycles: 0 });
  });

  it('skips node contracts without IPs, resources or unbilled NU', () => {
    const h = setup();
    const id = contractId(nodeContract(h, alice, 'idle'));
    h.at(1 + Number(id % 10n) + 10, T0 + 600);
    expect(h.finalize()).toEqual([]);
    expect(h.root.storage('ContractPaymentState').get(id)).toMatchObject({ last_updated_seconds: BigInt(T0) });
  });
});

describe('admin calls and origins', () => {
  it('changes the billing frequency only upwards and only by Root or the council', () => {
    const h = setup();
    expect(h.call(alice, 'SmartContractModule', 'change_billing_frequency', { frequency: 20n }).error).toBe('BadOrigin');
    expect(h.call(COUNCIL, 'SmartContractModule', 'change_billing_frequency', { frequency: 5n }).error)
      .toEqual(h.error('SmartContractModule', 'CanOnlyIncreaseFrequency'));
    const ok = h.call(COUNCIL, 'SmartContractModule', 'change_billing_frequency', { frequency: 20n });
    expect(ok.events).toEqual([{ pallet: 'SmartContractModule', name: 'BillingFrequencyChanged', data: 20n }]);
  });

  it('keeps the TFT min price below the max, and validators only set prices', () => {
    const h = setup();
    expect(h.call(COUNCIL, 'TFTPriceModule', 'set_min_tft_price', { price: 1000 }).error)
      .toEqual(h.error('TFTPriceModule', 'MinPriceAboveMaxPriceError'));
    expect(h.call(COUNCIL, 'TFTPriceModule', 'set_max_tft_price', { price: 10 }).error)
      .toEqual(h.error('TFTPriceModule', 'MaxPriceBelowMinPriceError'));
    expect(h.call(alice, 'TFTPriceModule', 'set_max_tft_price', { price: 500 }).error).toBe('BadOrigin');
    expect(h.call(COUNCIL, 'TFTPriceModule', 'set_min_tft_price', { price: 20 }).ok).toBe(true);
    const r = h.call(alice, 'TFTPriceModule', 'set_prices', { price: 12, block_number: 1 });
    // Alice is the dev validator. Average (10 + 12) / 2 = 11 is below the new minimum.
    expect(r.events.map((e) => [e.name, e.data])).toEqual([
      ['PriceStored', 12], ['AveragePriceStored', 11], ['AveragePriceIsBelowMinPrice', [11, 20]],
    ]);
    expect(h.call(bob, 'TFTPriceModule', 'set_prices', { price: 12, block_number: 1 }).error)
      .toEqual(h.error('TFTPriceModule', 'AccountUnauthorizedToSetPrice'));
  });

  it('cancels any contract by council motion with cause CanceledByCollective', () => {
    const h = setup();
    const id = contractId(h.call(alice, 'SmartContractModule', 'create_name_contract', { name: text('council-me') }));
    expect(h.call(bob, 'SmartContractModule', 'cancel_contract', { contract_id: id }).error)
      .toEqual(h.error('SmartContractModule', 'TwinNotAuthorizedToCancelContract'));
    const r = h.call(COUNCIL, 'SmartContractModule', 'cancel_contract_collective', { contract_id: id });
    expect(byName(r.events, 'NameContractCanceled')).toHaveLength(1);
    expect(h.root.storage('Contracts').get(id)).toBeNull();
  });
});

describe('solution providers', () => {
  it('must be approved before use, and take their share when rewards are distributed', () => {
    const h = setup();
    const provider = key('//contracts-unit-provider');
    h.root.currency.depositCreating(provider, TFT);
    expect(h.call(alice, 'SmartContractModule', 'create_solution_provider', {
      description: text('x'), link: text('y'), providers: [{ who: provider, take: 30 }, { who: bob, take: 30 }],
    }).error).toEqual(h.error('SmartContractModule', 'InvalidProviderConfiguration'));
    const created = h.call(alice, 'SmartContractModule', 'create_solution_provider', {
      description: text('gridbox'), link: text('https://example.org'), providers: [{ who: provider, take: 10 }],
    });
    expect(created.events[0]!.name).toBe('SolutionProviderCreated');
    expect(nodeContract(h, alice, 'sp', 1, 1n).error).toEqual(h.error('SmartContractModule', 'SolutionProviderNotApproved'));
    expect(h.call(COUNCIL, 'SmartContractModule', 'approve_solution_provider', { solution_provider_id: 1n, approve: true }).ok).toBe(true);
    const id = contractId(nodeContract(h, alice, 'sp', 1, 1n));
    h.at(2, T0 + 3600);
    const before = h.root.currency.freeBalance(provider);
    const r = h.call(alice, 'SmartContractModule', 'cancel_contract', { contract_id: id });
    const reward = byName(r.events, 'RewardDistributed')[0]!.data as { standard_rewards: bigint };
    expect(h.root.currency.freeBalance(provider) - before).toBe(reward.standard_rewards / 10n);
    expect(byName(r.events, 'IPsFreed')).toHaveLength(1);
  });
});

describe('service contracts', () => {
  it('go Created → AgreementReady → ApprovedByBoth, then bill the consumer for the service', () => {
    const h = setup();
    const created = h.call(charlie, 'SmartContractModule', 'service_contract_create', { service_account: bob, consumer_account: charlie });
    expect(created.events[0]).toMatchObject({ name: 'ServiceContractCreated', data: { service_contract_id: 1n, state: 'Created' } });
    expect(h.call(charlie, 'SmartContractModule', 'service_contract_reject', { service_contract_id: 1n }).error)
      .toEqual(h.error('SmartContractModule', 'ServiceContractRejectionNotAllowed'));
    expect(h.call(charlie, 'SmartContractModule', 'service_contract_set_fees', { service_contract_id: 1n, base_fee: 100n, variable_fee: 1000n }).error)
      .toEqual(h.error('SmartContractModule', 'TwinNotAuthorized'));
    h.call(bob, 'SmartContractModule', 'service_contract_set_fees', { service_contract_id: 1n, base_fee: 100n, variable_fee: 1000n });
    const meta = h.call(charlie, 'SmartContractModule', 'service_contract_set_metadata', { service_contract_id: 1n, metadata: text('vpn') });
    expect(meta.events[0]!.data).toMatchObject({ state: 'AgreementReady' });
    h.call(bob, 'SmartContractModule', 'service_contract_approve', { service_contract_id: 1n });
    const approved = h.call(charlie, 'SmartContractModule', 'service_contract_approve', { service_contract_id: 1n });
    expect(approved.events[0]!.data).toMatchObject({ state: 'ApprovedByBoth', last_bill: BigInt(T0) });

    h.at(2, T0 + 1800);
    expect(h.call(bob, 'SmartContractModule', 'service_contract_bill', { service_contract_id: 1n, variable_amount: 501n, metadata: text('') }).error)
      .toEqual(h.error('SmartContractModule', 'ServiceContractBillingVariableAmountTooHigh'));
    const bobBefore = h.root.currency.freeBalance(bob);
    const bill = h.call(bob, 'SmartContractModule', 'service_contract_bill', { service_contract_id: 1n, variable_amount: 500n, metadata: text('half') });
    // (100 mUSD/h × ½ h + 500 mUSD) = 550 mUSD = 5,500,000 units-USD = 55 TFT at 10 mUSD.
    expect(bill.events[0]).toMatchObject({ name: 'ServiceContractBilled', data: { amount: 550_000_000n, bill: { window: 1800n } } });
    expect(h.root.currency.freeBalance(bob) - bobBefore).toBe(550_000_000n);
    const cancelled = h.call(charlie, 'SmartContractModule', 'service_contract_cancel', { service_contract_id: 1n });
    expect(cancelled.events[0]).toMatchObject({ name: 'ServiceContractCanceled', data: { service_contract_id: 1n, cause: 'CanceledByUser' } });
    expect(h.root.storage('ServiceContracts').get(1n)).toBeNull();
  });
});

describe('TFKVStore bounds', () => {
  it('refuses keys over 512 bytes and values over 2048 bytes', () => {
    const h = setup();
    expect(h.call(alice, 'TFKVStore', 'set', { key: new Uint8Array(513), value: text('v') }).error)
      .toEqual(h.error('TFKVStore', 'KeyIsTooLarge'));
    expect(h.call(alice, 'TFKVStore', 'set', { key: text('k'), value: new Uint8Array(2049) }).error)
      .toEqual(h.error('TFKVStore', 'ValueIsTooLarge'));
    expect(h.call(alice, 'TFKVStore', 'set', { key: new Uint8Array(512), value: new Uint8Array(2048) }).ok).toBe(true);
  });
});
