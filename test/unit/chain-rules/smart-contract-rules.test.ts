// SmartContractModule rules (tfchain.md §3.2.1–§3.2.5): creation checks in the pallet's order, IP reservation,
// name rules, cancellation, reports, solution providers and the service-contract state machine.
import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import {
  checkAttachSolutionProvider, checkCancelContract, checkChangeBillingFrequency, checkContractResourcesReport,
  checkCreateNameContract, checkCreateNodeContract, checkCreateRentContract, checkCreateSolutionProvider,
  checkDeploymentHashUnique, checkNameContractName, checkNodeDeployable, checkNruReports, checkSetDedicatedNodeExtraFee,
  checkSolutionProvider, checkUpdateNodeContract, contractKind, freePublicIps, isNodeDedicated, nodeHasNoActiveContracts,
  reservePublicIps, serviceBillPayment, serviceContractApprove, serviceContractBill, serviceContractCancel,
  serviceContractCreate, serviceContractReject, serviceContractSetFees, serviceContractSetMetadata, toDeploymentHash,
  type ContractRef, type ServiceContractLike,
} from '../../../simulator/chain/runtime/pallets/smart-contract-rules';
import type { FarmPublicIp } from '../../../simulator/chain/runtime/pallets/tfgrid-rules';
import { expectContractError, expectOk, repeat } from './helpers';

const gw = '185.206.122.1';
const farmIps = (...contracts: number[]): FarmPublicIp[] =>
  contracts.map((c, i) => ({ ip: `185.206.122.${10 + i}/24`, gateway: gw, contract_id: BigInt(c) }));

describe('deployment hash', () => {
  it('encodes like polkadot-js: md5 text as ASCII, 0x-hex as bytes', () => {
    const md5 = 'a9993e364706816aba3e25717850c26c';
    expect(new TextDecoder().decode(toDeploymentHash(md5))).toBe(md5);
    const hex = `0x${'ab'.repeat(32)}`;
    expect(u8aToHex(toDeploymentHash(hex))).toBe(hex);
    expect(toDeploymentHash(new Uint8Array(32)).length).toBe(32);
    expect(() => toDeploymentHash('short')).toThrow();
    expect(() => toDeploymentHash(new Uint8Array(31))).toThrow();
  });
  it('is unique per node among live contracts; a deleted one can be reused', () => {
    expectOk(checkDeploymentHashUnique(null));
    expectOk(checkDeploymentHashUnique({ state: { Deleted: 'CanceledByUser' } }));
    expectContractError(checkDeploymentHashUnique({ state: 'Created' }), 'ContractIsNotUnique');
    expectContractError(checkDeploymentHashUnique({ state: { GracePeriod: 5 } }), 'ContractIsNotUnique');
    expectContractError(checkDeploymentHashUnique('missing'), 'ContractNotExists');
  });
});

describe('node availability', () => {
  const farm = { dedicated_farm: false };
  const base = { farm, rentContract: null, signerTwinId: 5 };
  it('refuses nodes in the standby phase', () => {
    expectOk(checkNodeDeployable(base));
    expectContractError(checkNodeDeployable({ ...base, power: { state: { Down: 3 }, target: 'Up' } }), 'NodeNotAvailableToDeploy');
    expectContractError(checkNodeDeployable({ ...base, power: { state: 'Up', target: 'Down' } }), 'NodeNotAvailableToDeploy');
    expectContractError(checkNodeDeployable({ ...base, farm: null }), 'FarmNotExists');
  });
  it('dedicated nodes: only the renter may deploy; without a rent contract nobody', () => {
    expect(isNodeDedicated(0, false)).toBe(false);
    expect(isNodeDedicated(1, false)).toBe(true);
    expect(isNodeDedicated(0, true)).toBe(true);
    expectContractError(checkNodeDeployable({ ...base, farm: { dedicated_farm: true } }), 'NodeNotAvailableToDeploy');
    expectContractError(checkNodeDeployable({ ...base, extraFeeMusd: 1000 }), 'NodeNotAvailableToDeploy');
    expectOk(checkNodeDeployable({ ...base, farm: { dedicated_farm: true }, rentContract: { twin_id: 5 } }));
    expectContractError(checkNodeDeployable({ ...base, rentContract: { twin_id: 6 } }), 'NodeNotAvailableToDeploy');
    expectContractError(checkNodeDeployable({ ...base, rentContract: 'missing' }), 'ContractNotExists');
  });
  it('active contracts', () => {
    expect(nodeHasNoActiveContracts([], null)).toBe(true);
    expect(nodeHasNoActiveContracts([4], null)).toBe(false);
    expect(nodeHasNoActiveContracts([], 9)).toBe(false);
  });
});

describe('public IP reservation', () => {
  it('takes the first free IPs in farm order', () => {
    const r = reservePublicIps(farmIps(0, 3, 0, 0), 2, 9);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.farmIps.map((p) => p.contract_id)).toEqual([9n, 3n, 9n, 0n]);
    expect(r.reserved.map((p) => p.ip)).toEqual(['185.206.122.10/24', '185.206.122.12/24']);
    expect(r.reserved.every((p) => p.contract_id === 9n)).toBe(true);
  });
  it('distinguishes too few IPs from too few free IPs', () => {
    expectContractError(reservePublicIps(farmIps(0, 3, 0), 4, 9), 'FarmHasNotEnoughPublicIPs');
    expectContractError(reservePublicIps(farmIps(0, 3, 0), 3, 9), 'FarmHasNotEnoughPublicIPsFree');
    expectOk(reservePublicIps(farmIps(0, 3, 0), 2, 9));
    expect(reservePublicIps([], 0, 9)).toEqual({ ok: true, farmIps: [], reserved: [] });
  });
  it('frees exactly the contract’s IPs', () => {
    const { farmIps: after, freed } = freePublicIps(farmIps(9, 3, 9), 9);
    expect(after.map((p) => p.contract_id)).toEqual([0n, 3n, 0n]);
    expect(freed.map((p) => p.ip)).toEqual(['185.206.122.10/24', '185.206.122.12/24']);
    expect(freePublicIps(farmIps(1), 9).freed).toEqual([]);
  });
});

describe('create_node_contract', () => {
  const ok = {
    signerTwinId: 5, node: { farm_id: 1 }, farm: { dedicated_farm: false, public_ips: farmIps(0, 0) },
    rentContract: null, contractWithSameHash: null, publicIps: 1, newContractId: 12,
  } as const;
  it('reserves the requested IPs for the new contract id', () => {
    const r = checkCreateNodeContract(ok);
    expect(r.ok && r.reserved.map((p) => p.contract_id)).toEqual([12n]);
  });
  it('checks in the pallet order', () => {
    expectContractError(checkCreateNodeContract({ ...ok, signerTwinId: null, node: null }), 'TwinNotExists');
    expectContractError(checkCreateNodeContract({ ...ok, node: null, farm: null }), 'NodeNotExists');
    expectContractError(checkCreateNodeContract({ ...ok, power: { state: 'Up', target: 'Down' }, farm: null }), 'NodeNotAvailableToDeploy');
    expectContractError(checkCreateNodeContract({ ...ok, farm: null }), 'FarmNotExists');
    expectContractError(checkCreateNodeContract({ ...ok, rentContract: { twin_id: 6 }, contractWithSameHash: { state: 'Created' } }), 'NodeNotAvailableToDeploy');
    expectContractError(checkCreateNodeContract({ ...ok, contractWithSameHash: { state: 'Created' }, publicIps: 5 }), 'ContractIsNotUnique');
    expectContractError(checkCreateNodeContract({ ...ok, publicIps: 5, solutionProviderId: 1, solutionProvider: null }), 'FarmHasNotEnoughPublicIPs');
    expectContractError(checkCreateNodeContract({ ...ok, solutionProviderId: 1, solutionProvider: null }), 'NoSuchSolutionProvider');
    expectContractError(checkCreateNodeContract({ ...ok, solutionProviderId: 1, solutionProvider: { approved: false } }), 'SolutionProviderNotApproved');
    expectOk(checkCreateNodeContract({ ...ok, solutionProviderId: 1, solutionProvider: { approved: true } }));
  });
});

describe('name contracts', () => {
  it('3..=64 bytes of [a-z0-9_-]', () => {
    expectOk(checkNameContractName('abc'));
    expectOk(checkNameContractName('my_name-1'));
    expectOk(checkNameContractName(repeat('a', 64)));
    expectContractError(checkNameContractName('ab'), 'NameContractNameTooShort');
    expectContractError(checkNameContractName('A'), 'NameContractNameTooShort');
    expectContractError(checkNameContractName(repeat('a', 65)), 'NameContractNameTooLong');
    expectContractError(checkNameContractName('Abc'), 'NameNotValid');
    expectContractError(checkNameContractName('my.name'), 'NameNotValid');
    expectContractError(checkNameContractName('my name'), 'NameNotValid');
  });
  it('create_name_contract: twin, name, uniqueness', () => {
    expectOk(checkCreateNameContract({ signerTwinId: 1, name: 'gw1', nameTaken: false }));
    expectContractError(checkCreateNameContract({ signerTwinId: null, name: 'x', nameTaken: true }), 'TwinNotExists');
    expectContractError(checkCreateNameContract({ signerTwinId: 1, name: 'X', nameTaken: true }), 'NameContractNameTooShort');
    expectContractError(checkCreateNameContract({ signerTwinId: 1, name: 'gw1', nameTaken: true }), 'NameExists');
  });
});

describe('create_rent_contract', () => {
  const ok = { nodeHasRentContract: false, node: { farm_id: 1 }, farm: { dedicated_farm: false }, activeNodeContracts: 0, signerTwinId: 2 };
  it('checks rent, node, farm, node contracts (unless the farm is dedicated), twin, provider', () => {
    expectOk(checkCreateRentContract(ok));
    expectContractError(checkCreateRentContract({ ...ok, nodeHasRentContract: true, node: null }), 'NodeHasRentContract');
    expectContractError(checkCreateRentContract({ ...ok, node: null }), 'NodeNotExists');
    expectContractError(checkCreateRentContract({ ...ok, farm: null }), 'FarmNotExists');
    expectContractError(checkCreateRentContract({ ...ok, activeNodeContracts: 1, signerTwinId: null }), 'NodeNotAvailableToDeploy');
    expectOk(checkCreateRentContract({ ...ok, activeNodeContracts: 1, farm: { dedicated_farm: true } }));
    expectContractError(checkCreateRentContract({ ...ok, signerTwinId: null }), 'TwinNotExists');
    expectContractError(checkCreateRentContract({ ...ok, solutionProviderId: 3, solutionProvider: null }), 'NoSuchSolutionProvider');
  });
});

describe('update and cancel', () => {
  const mine: ContractRef = { state: 'Created', kind: 'node', twinExists: true, signerIsOwner: true };
  it('update_node_contract: owner, not in grace, node contracts only', () => {
    expectOk(checkUpdateNodeContract(mine));
    expectContractError(checkUpdateNodeContract(null), 'ContractNotExists');
    expectContractError(checkUpdateNodeContract({ ...mine, twinExists: false }), 'TwinNotExists');
    expectContractError(checkUpdateNodeContract({ ...mine, signerIsOwner: false, state: { GracePeriod: 1 } }), 'TwinNotAuthorizedToUpdateContract');
    expectContractError(checkUpdateNodeContract({ ...mine, state: { GracePeriod: 1 }, kind: 'name' }), 'CannotUpdateContractInGraceState');
    expectContractError(checkUpdateNodeContract({ ...mine, kind: 'rent' }), 'InvalidContractType');
  });
  it('cancel_contract: owner; a rent contract only once its node is empty', () => {
    expect(checkCancelContract(mine, { activeNodeContractsOnNode: 3 })).toEqual({ ok: true, cause: 'CanceledByUser' });
    expectContractError(checkCancelContract(null, { activeNodeContractsOnNode: 0 }), 'ContractNotExists');
    expectContractError(checkCancelContract({ ...mine, signerIsOwner: false }, { activeNodeContractsOnNode: 0 }), 'TwinNotAuthorizedToCancelContract');
    expectContractError(checkCancelContract({ ...mine, kind: 'rent' }, { activeNodeContractsOnNode: 1 }), 'NodeHasActiveContracts');
    expectOk(checkCancelContract({ ...mine, kind: 'rent' }, { activeNodeContractsOnNode: 0 }));
  });
  it('cancel_contract_collective skips the owner checks and records its cause', () => {
    expect(checkCancelContract({ ...mine, signerIsOwner: false, twinExists: false }, { activeNodeContractsOnNode: 0, collective: true }))
      .toEqual({ ok: true, cause: 'CanceledByCollective' });
    expectContractError(checkCancelContract({ ...mine, kind: 'rent' }, { activeNodeContractsOnNode: 2, collective: true }), 'NodeHasActiveContracts');
  });
  it('set_dedicated_node_extra_fee: the farmer, on a node without contracts', () => {
    const base = { signerTwinId: 1, nodeExists: true, farmTwinId: 1, nodeHasActiveContracts: false };
    expectOk(checkSetDedicatedNodeExtraFee(base));
    expectContractError(checkSetDedicatedNodeExtraFee({ ...base, signerTwinId: null }), 'TwinNotExists');
    expectContractError(checkSetDedicatedNodeExtraFee({ ...base, nodeExists: false }), 'NodeNotExists');
    expectContractError(checkSetDedicatedNodeExtraFee({ ...base, farmTwinId: null }), 'FarmNotExists');
    expectContractError(checkSetDedicatedNodeExtraFee({ ...base, signerTwinId: 2 }), 'UnauthorizedToSetExtraFee');
    expectContractError(checkSetDedicatedNodeExtraFee({ ...base, nodeHasActiveContracts: true }), 'NodeHasActiveContracts');
  });
  it('change_billing_frequency can only increase', () => {
    expectOk(checkChangeBillingFrequency(10, 11));
    expectContractError(checkChangeBillingFrequency(10, 10), 'CanOnlyIncreaseFrequency');
    expectContractError(checkChangeBillingFrequency(600, 10), 'CanOnlyIncreaseFrequency');
  });
  it('contractKind reads the ContractData variant', () => {
    expect(contractKind({ NodeContract: {} })).toBe('node');
    expect(contractKind({ NameContract: { name: 'x' } })).toBe('name');
    expect(contractKind({ RentContract: { node_id: 1 } })).toBe('rent');
    expect(() => contractKind({})).toThrow();
  });
});

describe('node reports', () => {
  it('report_contract_resources: own node contracts only; unknown contracts skipped', () => {
    const r = checkContractResourcesReport({
      signerTwinId: 4, signerNodeId: 1, contracts: [{ kind: 'node', node_id: 1 }, null, { kind: 'node', node_id: 1 }],
    });
    expect(r).toEqual({ ok: true, accepted: [0, 2] });
    expectContractError(checkContractResourcesReport({ signerTwinId: null, signerNodeId: null, contracts: [] }), 'TwinNotExists');
    expectContractError(checkContractResourcesReport({ signerTwinId: 4, signerNodeId: null, contracts: [] }), 'NodeNotExists');
    expectContractError(checkContractResourcesReport({ signerTwinId: 4, signerNodeId: 1, contracts: [{ kind: 'node', node_id: 2 }] }), 'NodeNotAuthorizedToComputeReport');
    expectContractError(checkContractResourcesReport({ signerTwinId: 4, signerNodeId: 1, contracts: [{ kind: 'name', node_id: 0 }] }), 'InvalidContractType');
  });
  it('add_nru_reports also needs the farm and its pricing policy', () => {
    const base = { signerTwinId: 4, signerNodeId: 1, farmExists: true, pricingPolicyExists: true, contracts: [{ kind: 'node' as const, node_id: 1 }] };
    expect(checkNruReports(base)).toEqual({ ok: true, accepted: [0] });
    expectContractError(checkNruReports({ ...base, farmExists: false }), 'FarmNotExists');
    expectContractError(checkNruReports({ ...base, pricingPolicyExists: false }), 'PricingPolicyNotExists');
    expectContractError(checkNruReports({ ...base, contracts: [{ kind: 'node', node_id: 2 }] }), 'NodeNotAuthorizedToComputeReport');
  });
});

describe('solution providers', () => {
  it('takes may add up to 50 %', () => {
    expectOk(checkCreateSolutionProvider([{ take: 30 }, { take: 20 }]));
    expectOk(checkCreateSolutionProvider([]));
    expectContractError(checkCreateSolutionProvider([{ take: 30 }, { take: 21 }]), 'InvalidProviderConfiguration');
  });
  it('must exist and be approved when given', () => {
    expectOk(checkSolutionProvider(null, null));
    expectOk(checkSolutionProvider(1, { approved: true }));
    expectContractError(checkSolutionProvider(1, null), 'NoSuchSolutionProvider');
    expectContractError(checkSolutionProvider(1, { approved: false }), 'SolutionProviderNotApproved');
  });
  it('attach_solution_provider_id: once, by the contract owner', () => {
    const base = { provider: { approved: true }, contract: { twin_id: 2, solution_provider_id: null }, signerTwinId: 2 };
    expectOk(checkAttachSolutionProvider(base));
    expectContractError(checkAttachSolutionProvider({ ...base, provider: null }), 'NoSuchSolutionProvider');
    expectContractError(checkAttachSolutionProvider({ ...base, provider: { approved: false } }), 'SolutionProviderNotApproved');
    expectContractError(checkAttachSolutionProvider({ ...base, contract: null }), 'ContractNotExists');
    expectContractError(checkAttachSolutionProvider({ ...base, signerTwinId: null }), 'TwinNotExists');
    expectContractError(checkAttachSolutionProvider({ ...base, signerTwinId: 3 }), 'UnauthorizedToChangeSolutionProviderId');
    expectContractError(checkAttachSolutionProvider({ ...base, contract: { twin_id: 2, solution_provider_id: 1 } }), 'UnauthorizedToChangeSolutionProviderId');
  });
});

describe('service contracts', () => {
  const SERVICE = 10;
  const CONSUMER = 20;
  const created = (): ServiceContractLike => {
    const r = serviceContractCreate({ id: 1, callerTwinId: CONSUMER, serviceTwinId: SERVICE, consumerTwinId: CONSUMER });
    if (!r.ok) throw new Error(r.error);
    return r.contract;
  };
  const unwrap = <T extends { contract: ServiceContractLike }>(r: { ok: true } & T | { ok: false; error: string }) => {
    if (!r.ok) throw new Error(r.error);
    return r.contract;
  };

  it('create: the caller is a party, the parties differ', () => {
    expect(created()).toMatchObject({ service_contract_id: 1n, state: 'Created', base_fee: 0n, last_bill: 0n });
    expectContractError(serviceContractCreate({ id: 1, callerTwinId: null, serviceTwinId: 1, consumerTwinId: 2 }), 'TwinNotExists');
    expectContractError(serviceContractCreate({ id: 1, callerTwinId: 3, serviceTwinId: 1, consumerTwinId: 2 }), 'TwinNotAuthorized');
    expectContractError(serviceContractCreate({ id: 1, callerTwinId: 1, serviceTwinId: 1, consumerTwinId: 1 }), 'ServiceContractCreationNotAllowed');
  });

  it('reaches AgreementReady with fees and metadata, in either order', () => {
    const withFees = unwrap(serviceContractSetFees({ contract: created(), callerTwinId: SERVICE, baseFee: 1000, variableFee: 2000 }));
    expect(withFees.state).toBe('Created');
    expect(unwrap(serviceContractSetMetadata({ contract: withFees, callerTwinId: CONSUMER, metadata: 'vm:1' })).state).toBe('AgreementReady');
    const withMeta = unwrap(serviceContractSetMetadata({ contract: created(), callerTwinId: SERVICE, metadata: 'vm:1' }));
    expect(withMeta.state).toBe('Created');
    expect(unwrap(serviceContractSetFees({ contract: withMeta, callerTwinId: SERVICE, baseFee: 1000, variableFee: 0 })).state).toBe('AgreementReady');
  });
  it('follows the pallet where it is looser than the spec: fees with base 0 still make it ready', () => {
    const withMeta = unwrap(serviceContractSetMetadata({ contract: created(), callerTwinId: SERVICE, metadata: 'vm:1' }));
    expect(unwrap(serviceContractSetFees({ contract: withMeta, callerTwinId: SERVICE, baseFee: 0, variableFee: 0 })).state).toBe('AgreementReady');
    const withFees = unwrap(serviceContractSetFees({ contract: created(), callerTwinId: SERVICE, baseFee: 5, variableFee: 0 }));
    expect(unwrap(serviceContractSetMetadata({ contract: withFees, callerTwinId: SERVICE, metadata: '' })).state).toBe('AgreementReady');
  });
  it('modification rules', () => {
    expectContractError(serviceContractSetFees({ contract: created(), callerTwinId: CONSUMER, baseFee: 1, variableFee: 1 }), 'TwinNotAuthorized');
    expectContractError(serviceContractSetMetadata({ contract: created(), callerTwinId: 99, metadata: 'x' }), 'TwinNotAuthorized');
    expectContractError(serviceContractSetMetadata({ contract: null, callerTwinId: SERVICE, metadata: 'x' }), 'ServiceContractNotExists');
    expectContractError(serviceContractSetMetadata({ contract: created(), callerTwinId: null, metadata: 'x' }), 'TwinNotExists');
    expectOk(serviceContractSetMetadata({ contract: created(), callerTwinId: SERVICE, metadata: repeat('m', 64) }));
    expectContractError(serviceContractSetMetadata({ contract: created(), callerTwinId: SERVICE, metadata: repeat('m', 65) }), 'ServiceContractMetadataTooLong');
    const approved = { ...created(), state: 'ApprovedByBoth' as const };
    expectContractError(serviceContractSetMetadata({ contract: approved, callerTwinId: SERVICE, metadata: 'x' }), 'ServiceContractModificationNotAllowed');
    expectContractError(serviceContractSetFees({ contract: approved, callerTwinId: SERVICE, baseFee: 1, variableFee: 1 }), 'ServiceContractModificationNotAllowed');
  });

  const ready = () => unwrap(serviceContractSetMetadata({
    contract: unwrap(serviceContractSetFees({ contract: created(), callerTwinId: SERVICE, baseFee: 1000, variableFee: 2000 })),
    callerTwinId: SERVICE, metadata: 'vm:1',
  }));

  it('approval by both sides starts billing at now', () => {
    const one = unwrap(serviceContractApprove({ contract: ready(), callerTwinId: SERVICE, nowSecs: 5000 }));
    expect(one).toMatchObject({ accepted_by_service: true, accepted_by_consumer: false, state: 'AgreementReady' });
    const both = unwrap(serviceContractApprove({ contract: one, callerTwinId: CONSUMER, nowSecs: 6000 }));
    expect(both).toMatchObject({ accepted_by_consumer: true, state: 'ApprovedByBoth', last_bill: 6000n });
    expectContractError(serviceContractApprove({ contract: created(), callerTwinId: SERVICE, nowSecs: 1 }), 'ServiceContractApprovalNotAllowed');
    expectContractError(serviceContractApprove({ contract: ready(), callerTwinId: 99, nowSecs: 1 }), 'TwinNotAuthorized');
  });
  it('reject only from AgreementReady; cancel from any state', () => {
    expect(serviceContractReject({ contract: ready(), callerTwinId: CONSUMER })).toEqual({ ok: true, cause: 'CanceledByUser' });
    expectContractError(serviceContractReject({ contract: created(), callerTwinId: CONSUMER }), 'ServiceContractRejectionNotAllowed');
    expectContractError(serviceContractReject({ contract: ready(), callerTwinId: 99 }), 'TwinNotAuthorized');
    expectContractError(serviceContractReject({ contract: null, callerTwinId: null }), 'ServiceContractNotExists');
    expect(serviceContractCancel({ contract: created(), callerTwinId: SERVICE })).toEqual({ ok: true, cause: 'CanceledByUser' });
    expectContractError(serviceContractCancel({ contract: created(), callerTwinId: 99 }), 'TwinNotAuthorized');
    expectContractError(serviceContractCancel({ contract: null, callerTwinId: SERVICE }), 'ServiceContractNotExists');
  });

  const active = () => ({ ...ready(), accepted_by_service: true, accepted_by_consumer: true, state: 'ApprovedByBoth' as const, last_bill: 10_000n });

  it('bill: service side, approved, window ≤ 1 h, variable amount within its cap', () => {
    const r = serviceContractBill({ contract: active(), callerTwinId: SERVICE, variableAmount: 500, metadata: 'cpu', nowSecs: 11_800 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bill).toEqual({ variable_amount: 500n, window: 1800n, metadata: new TextEncoder().encode('cpu') });
    expect(r.costUnitsUsd).toBe(10_000_000n); // $0.50 base + $0.50 variable
    expect(r.contract.last_bill).toBe(11_800n);
    // Two hours since the last bill: only one hour is billed, the cap is the full 2,000 mUSD.
    const late = serviceContractBill({ contract: active(), callerTwinId: SERVICE, variableAmount: 2000, metadata: '', nowSecs: 17_200 });
    expect(late.ok && late.bill.window).toBe(3600n);
    expectContractError(serviceContractBill({ contract: active(), callerTwinId: SERVICE, variableAmount: 1001, metadata: '', nowSecs: 11_800 }), 'ServiceContractBillingVariableAmountTooHigh');
    expectContractError(serviceContractBill({ contract: active(), callerTwinId: CONSUMER, variableAmount: 0, metadata: '', nowSecs: 11_800 }), 'TwinNotAuthorized');
    expectContractError(serviceContractBill({ contract: ready(), callerTwinId: SERVICE, variableAmount: 0, metadata: '', nowSecs: 11_800 }), 'ServiceContractBillingNotApprovedByBoth');
    expectOk(serviceContractBill({ contract: active(), callerTwinId: SERVICE, variableAmount: 0, metadata: repeat('b', 50), nowSecs: 11_800 }));
    expectContractError(serviceContractBill({ contract: active(), callerTwinId: SERVICE, variableAmount: 0, metadata: repeat('b', 51), nowSecs: 11_800 }), 'ServiceContractBillMetadataTooLong');
    expectContractError(serviceContractBill({ contract: null, callerTwinId: SERVICE, variableAmount: 0, metadata: '', nowSecs: 1 }), 'ServiceContractNotExists');
  });
  it('payment: the consumer’s usable balance must cover the TFT amount', () => {
    // 10,000,000 units = $1 = 100 TFT at 10 mUSD.
    expect(serviceBillPayment({ costUnitsUsd: 10_000_000, tftPriceMusd: 10, consumerUsableBalance: 1_000_000_000 }))
      .toEqual({ ok: true, amount: 1_000_000_000n });
    expectContractError(serviceBillPayment({ costUnitsUsd: 10_000_000, tftPriceMusd: 10, consumerUsableBalance: 999_999_999 }), 'ServiceContractNotEnoughFundsToPayBill');
    expect(serviceBillPayment({ costUnitsUsd: 0, tftPriceMusd: 0, consumerUsableBalance: 0 })).toEqual({ ok: true, amount: 0n });
    expectContractError(serviceBillPayment({ costUnitsUsd: 1, tftPriceMusd: 0, consumerUsableBalance: 0 }), 'TFTPriceValueError');
  });
});
