// SmartContractModule's rules as pure functions: contract creation (node, name, rent), public IP reservation,
// updates, cancellation, node reports, solution providers and the service-contract state machine.
//
// Source: shared/spec/tfchain.md §3.2.1–§3.2.5, with check order and edge cases from the v2.7 pallet
// (pallet-smart-contract/src/{grid_contract,service_contract,solution_provider}.rs at tfchain 33046d68).
// Results are `{ ok: true, … } | { ok: false, error }` with SmartContractModule error names (pallets/smart-contract.ts);
// checks run in the pallet's order so the first failure is the one the chain reports. Lookups are the caller's:
// functions take what storage holds (`null` = absent; `'missing'` = a storage pointer to a contract that is gone).
import { hexToU8a, isHex, stringToU8a } from '@polkadot/util';
import {
  big, fail, firstError, OK, toBytes, DEFAULT_NODE_POWER, isStandbyPhase,
  type ByteInput, type Check, type FarmPublicIp, type IntLike, type NodePowerLike,
} from './tfgrid-rules';
import {
  isDeleted, isInGrace, serviceBillCostUnitsUsd, serviceBillMaxVariableAmount, serviceBillWindow, unitsUsdToTft,
  type Cause, type ContractStateLike,
} from './smart-contract-billing';

export const NAME_CONTRACT_NAME_MIN = 3;
export const NAME_CONTRACT_NAME_MAX = 64; // MaxNameContractNameLength
export const MAX_DEPLOYMENT_DATA_LENGTH = 512; // decode-time bound
export const MAX_NODE_CONTRACT_PUBLIC_IPS = 512;
export const SERVICE_METADATA_MAX = 64;
export const SERVICE_BILL_METADATA_MAX = 50;
export const MAX_SOLUTION_PROVIDER_TAKE = 50;

export type ContractKind = 'node' | 'name' | 'rent';

/** The kind of a stored `ContractData` value (`{ NodeContract: … }` etc., the scale.ts enum convention). */
export function contractKind(contractType: object): ContractKind {
  if ('NodeContract' in contractType) return 'node';
  if ('NameContract' in contractType) return 'name';
  if ('RentContract' in contractType) return 'rent';
  throw new Error('unknown ContractData variant');
}

// ---- deployment hash ------------------------------------------------------------------------------------------------

/**
 * The `[u8; 32]` a client's `deployment_hash` argument becomes, as polkadot-js encodes it: a `0x` string of 64 hex
 * digits is raw bytes; any other 32-character string is its ASCII bytes (grid_client sends an md5 hex digest as
 * text); 32 bytes stay as they are. Anything else is refused client-side (thrown here).
 */
export function toDeploymentHash(input: string | Uint8Array): Uint8Array {
  if (input instanceof Uint8Array) {
    if (input.length !== 32) throw new Error('deployment hash: expected 32 bytes');
    return input;
  }
  if (isHex(input) && input.length === 66) return hexToU8a(input);
  const bytes = stringToU8a(input);
  if (bytes.length !== 32) throw new Error('deployment hash: expected 32 characters or 0x + 64 hex digits');
  return bytes;
}

/**
 * `ContractIDByNodeIDAndHash[node][hash]` must not point to a live contract; a Deleted one may be "restored" by a new
 * contract with the same hash. A pointer to a contract that no longer exists is `ContractNotExists`.
 */
export function checkDeploymentHashUnique(existing: { state: ContractStateLike } | null | 'missing'):
Check<'ContractIsNotUnique' | 'ContractNotExists'> {
  if (existing === null) return OK;
  if (existing === 'missing') return fail('ContractNotExists');
  return isDeleted(existing.state) ? OK : fail('ContractIsNotUnique');
}

// ---- dedicated nodes and deployability ---------------------------------------------------------------------------

/** A node is dedicated (rentable only) when it has an extra fee or its farm is dedicated. */
export const isNodeDedicated = (extraFeeMusd: IntLike, farmDedicated: boolean) => big(extraFeeMusd) > 0n || farmDedicated;

/** No node contracts and no rent contract (`node_has_no_active_contracts`). */
export const nodeHasNoActiveContracts = (activeNodeContracts: readonly unknown[], rentContractId: unknown) =>
  activeNodeContracts.length === 0 && rentContractId == null;

export type DeployError = 'NodeNotAvailableToDeploy' | 'FarmNotExists' | 'ContractNotExists';

/**
 * Whether the signer may put a node contract on this node: not in the standby phase (state Down or target Down);
 * farm exists; with a rent contract only its twin may deploy; without one a dedicated node refuses. (v2.7 does not look
 * at the rent contract's state; later versions also require it to be Created.)
 */
export function checkNodeDeployable(p: {
  power?: NodePowerLike; farm: { dedicated_farm: boolean } | null; extraFeeMusd?: IntLike;
  rentContract: { twin_id: number } | null | 'missing'; signerTwinId: number;
}): Check<DeployError> {
  if (isStandbyPhase(p.power ?? DEFAULT_NODE_POWER)) return fail('NodeNotAvailableToDeploy');
  if (p.farm == null) return fail('FarmNotExists');
  if (p.rentContract === 'missing') return fail('ContractNotExists');
  if (p.rentContract !== null) return p.rentContract.twin_id === p.signerTwinId ? OK : fail('NodeNotAvailableToDeploy');
  return isNodeDedicated(p.extraFeeMusd ?? 0, p.farm.dedicated_farm) ? fail('NodeNotAvailableToDeploy') : OK;
}

// ---- public IPs -----------------------------------------------------------------------------------------------------

export type ReserveIpError = 'FarmHasNotEnoughPublicIPs' | 'FarmHasNotEnoughPublicIPsFree';

/**
 * `reserve_ip`: the farm needs at least `count` IPs in total, then the first `count` free ones (`contract_id == 0`) in
 * list order get `contract_id = contractId`. Returns the updated farm list and copies of the reserved entries (the
 * node contract's `public_ips_list`). No `IPsReserved` event is emitted.
 */
export function reservePublicIps(farmIps: readonly FarmPublicIp[], count: IntLike, contractId: IntLike):
Check<ReserveIpError, { farmIps: FarmPublicIp[]; reserved: FarmPublicIp[] }> {
  const n = Number(big(count));
  if (n === 0) return { ok: true, farmIps: [...farmIps], reserved: [] };
  if (farmIps.length < n) return fail('FarmHasNotEnoughPublicIPs');
  const id = big(contractId);
  const out = [...farmIps];
  const reserved: FarmPublicIp[] = [];
  for (let i = 0; i < out.length && reserved.length < n; i++) {
    const ip = out[i]!;
    if (big(ip.contract_id) !== 0n) continue;
    const taken = { ...ip, contract_id: id };
    out[i] = taken;
    reserved.push(taken);
  }
  if (reserved.length < n) return fail('FarmHasNotEnoughPublicIPsFree');
  return { ok: true, farmIps: out, reserved };
}

/** `free_ip`: every farm IP held by the contract goes back to `contract_id = 0`; `freed` is the `IPsFreed` payload. */
export function freePublicIps(farmIps: readonly FarmPublicIp[], contractId: IntLike): { farmIps: FarmPublicIp[]; freed: FarmPublicIp[] } {
  const id = big(contractId);
  const freed: FarmPublicIp[] = [];
  const out = farmIps.map((ip) => {
    if (big(ip.contract_id) !== id) return ip;
    const free = { ...ip, contract_id: 0n };
    freed.push(free);
    return free;
  });
  return { farmIps: out, freed };
}

// ---- solution providers ---------------------------------------------------------------------------------------------

export type SolutionProviderError = 'NoSuchSolutionProvider' | 'SolutionProviderNotApproved' | 'InvalidProviderConfiguration'
  | 'ContractNotExists' | 'TwinNotExists' | 'UnauthorizedToChangeSolutionProviderId';

/** `create_solution_provider`: the providers' takes may add up to at most 50 %. */
export function checkCreateSolutionProvider(providers: readonly { take: number }[]): Check<SolutionProviderError> {
  const total = providers.reduce((a, p) => a + p.take, 0);
  return total <= MAX_SOLUTION_PROVIDER_TAKE ? OK : fail('InvalidProviderConfiguration');
}

/** A `solution_provider_id` given at contract creation must exist and be approved (`None` is fine). */
export function checkSolutionProvider(id: IntLike | null | undefined, provider: { approved: boolean } | null):
Check<SolutionProviderError> {
  if (id == null) return OK;
  if (provider == null) return fail('NoSuchSolutionProvider');
  return provider.approved ? OK : fail('SolutionProviderNotApproved');
}

/** `attach_solution_provider_id`: approved provider, existing contract owned by the signer and without a provider yet. */
export function checkAttachSolutionProvider(p: {
  provider: { approved: boolean } | null; contract: { twin_id: number; solution_provider_id: IntLike | null } | null;
  signerTwinId: number | null;
}): Check<SolutionProviderError> {
  return firstError<SolutionProviderError>([
    [p.provider == null, 'NoSuchSolutionProvider'],
    [p.provider?.approved === false, 'SolutionProviderNotApproved'],
    [p.contract == null, 'ContractNotExists'],
    [p.signerTwinId == null, 'TwinNotExists'],
    [p.contract?.twin_id !== p.signerTwinId, 'UnauthorizedToChangeSolutionProviderId'],
    [p.contract?.solution_provider_id != null, 'UnauthorizedToChangeSolutionProviderId'],
  ]);
}

// ---- creation (§3.2.1–§3.2.3) -------------------------------------------------------------------------------------

export type CreateNodeContractError = 'TwinNotExists' | 'NodeNotExists' | DeployError | 'ContractIsNotUnique'
  | ReserveIpError | SolutionProviderError;

/**
 * `create_node_contract`, in the pallet's order: twin, node, standby phase, farm, rent/dedicated rule, hash
 * uniqueness, then (in `create_contract`) IP reservation and the solution provider. On success returns the farm IP
 * list to store and the reserved IPs for `public_ips_list`. Storage writes and `ContractCreated` are the caller's.
 */
export function checkCreateNodeContract(p: {
  signerTwinId: number | null;
  node: { farm_id: number } | null;
  power?: NodePowerLike;
  farm: { dedicated_farm: boolean; public_ips: readonly FarmPublicIp[] } | null;
  extraFeeMusd?: IntLike;
  rentContract: { twin_id: number } | null | 'missing';
  contractWithSameHash: { state: ContractStateLike } | null | 'missing';
  publicIps: IntLike;
  newContractId: IntLike;
  solutionProviderId?: IntLike | null;
  solutionProvider?: { approved: boolean } | null;
}): Check<CreateNodeContractError, { farmIps: FarmPublicIp[]; reserved: FarmPublicIp[] }> {
  if (p.signerTwinId == null) return fail('TwinNotExists');
  if (p.node == null) return fail('NodeNotExists');
  const deploy = checkNodeDeployable({ ...p, signerTwinId: p.signerTwinId });
  if (!deploy.ok) return deploy;
  const unique = checkDeploymentHashUnique(p.contractWithSameHash);
  if (!unique.ok) return unique;
  const ips = reservePublicIps(p.farm!.public_ips, p.publicIps, p.newContractId);
  if (!ips.ok) return ips;
  const sp = checkSolutionProvider(p.solutionProviderId, p.solutionProvider ?? null);
  return sp.ok ? ips : sp;
}

export type NameContractNameError = 'NameContractNameTooShort' | 'NameContractNameTooLong' | 'NameNotValid';

/** Name contract names: 3..=64 bytes of `[a-z0-9_-]` (lower case only). */
export function checkNameContractName(name: ByteInput): Check<NameContractNameError> {
  const b = toBytes(name);
  const ok = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f;
  return firstError<NameContractNameError>([
    [b.length < NAME_CONTRACT_NAME_MIN, 'NameContractNameTooShort'],
    [b.length > NAME_CONTRACT_NAME_MAX, 'NameContractNameTooLong'],
    [!b.every(ok), 'NameNotValid'],
  ]);
}

/** `create_name_contract`: twin, name rules, then uniqueness (`ContractIDByNameRegistration`). */
export function checkCreateNameContract(p: { signerTwinId: number | null; name: ByteInput; nameTaken: boolean }):
Check<'TwinNotExists' | NameContractNameError | 'NameExists'> {
  if (p.signerTwinId == null) return fail('TwinNotExists');
  const name = checkNameContractName(p.name);
  if (!name.ok) return name;
  return p.nameTaken ? fail('NameExists') : OK;
}

export type CreateRentContractError = 'NodeHasRentContract' | 'NodeNotExists' | 'FarmNotExists' | 'NodeNotAvailableToDeploy'
  | 'TwinNotExists' | SolutionProviderError;

/**
 * `create_rent_contract`, in the pallet's order: no rent contract on the node yet, node, farm, the node has no node
 * contracts unless its farm is dedicated, then the signer's twin and the solution provider. (v2.7 does not check the
 * node's power state here.)
 */
export function checkCreateRentContract(p: {
  nodeHasRentContract: boolean; node: { farm_id: number } | null; farm: { dedicated_farm: boolean } | null;
  activeNodeContracts: number; signerTwinId: number | null;
  solutionProviderId?: IntLike | null; solutionProvider?: { approved: boolean } | null;
}): Check<CreateRentContractError> {
  const r = firstError<CreateRentContractError>([
    [p.nodeHasRentContract, 'NodeHasRentContract'],
    [p.node == null, 'NodeNotExists'],
    [p.farm == null, 'FarmNotExists'],
    [!(p.farm?.dedicated_farm ?? false) && p.activeNodeContracts > 0, 'NodeNotAvailableToDeploy'],
    [p.signerTwinId == null, 'TwinNotExists'],
  ]);
  return r.ok ? checkSolutionProvider(p.solutionProviderId, p.solutionProvider ?? null) : r;
}

// ---- updates and cancellation ---------------------------------------------------------------------------------------

export interface ContractRef {
  readonly state: ContractStateLike;
  readonly kind: ContractKind;
  /** `Twins[contract.twin_id]` exists. */
  readonly twinExists: boolean;
  /** The signer is that twin's account. */
  readonly signerIsOwner: boolean;
}

export type UpdateContractError = 'ContractNotExists' | 'TwinNotExists' | 'TwinNotAuthorizedToUpdateContract'
  | 'CannotUpdateContractInGraceState' | 'InvalidContractType';

/** `update_node_contract`: owner only, not in grace, node contracts only (hash re-keying is the caller's). */
export function checkUpdateNodeContract(c: ContractRef | null): Check<UpdateContractError> {
  return firstError<UpdateContractError>([
    [c == null, 'ContractNotExists'],
    [c?.twinExists === false, 'TwinNotExists'],
    [c?.signerIsOwner === false, 'TwinNotAuthorizedToUpdateContract'],
    [c != null && isInGrace(c.state), 'CannotUpdateContractInGraceState'],
    [c != null && c.kind !== 'node', 'InvalidContractType'],
  ]);
}

export type CancelContractError = 'ContractNotExists' | 'TwinNotExists' | 'TwinNotAuthorizedToCancelContract'
  | 'NodeHasActiveContracts';

/**
 * `cancel_contract` (owner) / `cancel_contract_collective` (admin: no twin checks). A rent contract cannot go while
 * its node still has node contracts. On success the caller sets `Deleted(cause)` and bills at once
 * (`finalBillOnCancel`), which removes the contract.
 */
export function checkCancelContract(c: ContractRef | null, p: { activeNodeContractsOnNode: number; collective?: boolean }):
Check<CancelContractError, { cause: Cause }> {
  const r = firstError<CancelContractError>([
    [c == null, 'ContractNotExists'],
    [!p.collective && c?.twinExists === false, 'TwinNotExists'],
    [!p.collective && c?.signerIsOwner === false, 'TwinNotAuthorizedToCancelContract'],
    [c?.kind === 'rent' && p.activeNodeContractsOnNode > 0, 'NodeHasActiveContracts'],
  ]);
  return r.ok ? { ok: true, cause: p.collective ? 'CanceledByCollective' : 'CanceledByUser' } : r;
}

export type ExtraFeeError = 'TwinNotExists' | 'NodeNotExists' | 'FarmNotExists' | 'UnauthorizedToSetExtraFee' | 'NodeHasActiveContracts';

/** `set_dedicated_node_extra_fee`: the node's farmer only, and only while the node has no contracts at all. */
export function checkSetDedicatedNodeExtraFee(p: {
  signerTwinId: number | null; nodeExists: boolean; farmTwinId: number | null; nodeHasActiveContracts: boolean;
}): Check<ExtraFeeError> {
  return firstError<ExtraFeeError>([
    [p.signerTwinId == null, 'TwinNotExists'],
    [!p.nodeExists, 'NodeNotExists'],
    [p.farmTwinId == null, 'FarmNotExists'],
    [p.signerTwinId !== p.farmTwinId, 'UnauthorizedToSetExtraFee'],
    [p.nodeHasActiveContracts, 'NodeHasActiveContracts'],
  ]);
}

/** `change_billing_frequency` (admin): strictly greater than the current one. */
export const checkChangeBillingFrequency = (current: IntLike, next: IntLike): Check<'CanOnlyIncreaseFrequency'> =>
  (big(next) > big(current) ? OK : fail('CanOnlyIncreaseFrequency'));

// ---- node reports (§3.2.4) -----------------------------------------------------------------------------------------

export type ReportError = 'TwinNotExists' | 'NodeNotExists' | 'FarmNotExists' | 'PricingPolicyNotExists' | 'InvalidContractType'
  | 'NodeNotAuthorizedToComputeReport';

/** A reported contract as storage holds it: null when absent (such entries are skipped silently). */
export type ReportedContract = { readonly kind: ContractKind; readonly node_id: number } | null;

function checkReportedContracts(nodeId: number, contracts: readonly ReportedContract[]): Check<ReportError, { accepted: number[] }> {
  const accepted: number[] = [];
  for (const [i, c] of contracts.entries()) {
    if (c == null) continue;
    if (c.kind !== 'node') return fail('InvalidContractType');
    if (c.node_id !== nodeId) return fail('NodeNotAuthorizedToComputeReport');
    accepted.push(i);
  }
  return { ok: true, accepted };
}

/**
 * `report_contract_resources`: the signer's twin must own a node; every entry for an existing contract must be a
 * node contract on that node, else the whole call fails. `accepted` are the indices to store (and emit
 * `UpdatedUsedResources` for).
 */
export function checkContractResourcesReport(p: { signerTwinId: number | null; signerNodeId: number | null; contracts: readonly ReportedContract[] }):
Check<ReportError, { accepted: number[] }> {
  if (p.signerTwinId == null) return fail('TwinNotExists');
  if (p.signerNodeId == null) return fail('NodeNotExists');
  return checkReportedContracts(p.signerNodeId, p.contracts);
}

/**
 * `add_nru_reports`: twin, its node, that node's farm and the farm's pricing policy must exist; reports for missing
 * contracts (or without billing information) are skipped; others must be node contracts on the signer's node.
 * Accepted reports are then priced with `applyNruReport` (smart-contract-billing) and emit
 * `NruConsumptionReportReceived`.
 */
export function checkNruReports(p: {
  signerTwinId: number | null; signerNodeId: number | null; farmExists: boolean; pricingPolicyExists: boolean;
  contracts: readonly ReportedContract[];
}): Check<ReportError, { accepted: number[] }> {
  const pre = firstError<ReportError>([
    [p.signerTwinId == null, 'TwinNotExists'],
    [p.signerNodeId == null, 'NodeNotExists'],
    [!p.farmExists, 'FarmNotExists'],
    [!p.pricingPolicyExists, 'PricingPolicyNotExists'],
  ]);
  return pre.ok ? checkReportedContracts(p.signerNodeId!, p.contracts) : pre;
}

// ---- service contracts (§3.2.5) -------------------------------------------------------------------------------------

export type ServiceContractStateName = 'Created' | 'AgreementReady' | 'ApprovedByBoth';

export interface ServiceContractLike {
  readonly service_contract_id: IntLike;
  readonly service_twin_id: number;
  readonly consumer_twin_id: number;
  readonly base_fee: IntLike;
  readonly variable_fee: IntLike;
  readonly metadata: ByteInput;
  readonly accepted_by_service: boolean;
  readonly accepted_by_consumer: boolean;
  readonly last_bill: IntLike;
  readonly state: ServiceContractStateName;
}

export type ServiceError = 'TwinNotExists' | 'TwinNotAuthorized' | 'ServiceContractNotExists'
  | 'ServiceContractCreationNotAllowed' | 'ServiceContractModificationNotAllowed' | 'ServiceContractMetadataTooLong'
  | 'ServiceContractApprovalNotAllowed' | 'ServiceContractRejectionNotAllowed' | 'ServiceContractBillingNotApprovedByBoth'
  | 'ServiceContractBillingVariableAmountTooHigh' | 'ServiceContractBillMetadataTooLong'
  | 'ServiceContractNotEnoughFundsToPayBill' | 'TFTPriceValueError';

type ServiceResult<T extends object = object> = Check<ServiceError, T>;
const isParty = (sc: ServiceContractLike, twin: number) => twin === sc.service_twin_id || twin === sc.consumer_twin_id;

/** `service_contract_create`: the caller is one of the two parties; the parties differ. `id` = ServiceContractID + 1. */
export function serviceContractCreate(p: {
  id: IntLike; callerTwinId: number | null; serviceTwinId: number | null; consumerTwinId: number | null;
}): ServiceResult<{ contract: ServiceContractLike }> {
  if (p.callerTwinId == null || p.serviceTwinId == null || p.consumerTwinId == null) return fail('TwinNotExists');
  if (p.callerTwinId !== p.serviceTwinId && p.callerTwinId !== p.consumerTwinId) return fail('TwinNotAuthorized');
  if (p.serviceTwinId === p.consumerTwinId) return fail('ServiceContractCreationNotAllowed');
  return {
    ok: true,
    contract: {
      service_contract_id: big(p.id), service_twin_id: p.serviceTwinId, consumer_twin_id: p.consumerTwinId,
      base_fee: 0n, variable_fee: 0n, metadata: new Uint8Array(), accepted_by_service: false,
      accepted_by_consumer: false, last_bill: 0n, state: 'Created',
    },
  };
}

function modifiable(sc: ServiceContractLike | null, callerTwinId: number | null, serviceOnly: boolean): ServiceResult {
  return firstError<ServiceError>([
    [callerTwinId == null, 'TwinNotExists'],
    [sc == null, 'ServiceContractNotExists'],
    [sc != null && callerTwinId != null && (serviceOnly ? callerTwinId !== sc.service_twin_id : !isParty(sc, callerTwinId)), 'TwinNotAuthorized'],
    [sc?.state === 'ApprovedByBoth', 'ServiceContractModificationNotAllowed'],
  ]);
}

/**
 * `service_contract_set_metadata` (either party, before approval): metadata ≤ 64 bytes. The state becomes
 * AgreementReady when `base_fee ≠ 0`; the pallet does not look at whether the metadata is empty here.
 */
export function serviceContractSetMetadata(p: { contract: ServiceContractLike | null; callerTwinId: number | null; metadata: ByteInput }):
ServiceResult<{ contract: ServiceContractLike }> {
  const m = modifiable(p.contract, p.callerTwinId, false);
  if (!m.ok) return m;
  const metadata = toBytes(p.metadata);
  if (metadata.length > SERVICE_METADATA_MAX) return fail('ServiceContractMetadataTooLong');
  const sc = p.contract!;
  return { ok: true, contract: { ...sc, metadata, state: big(sc.base_fee) !== 0n ? 'AgreementReady' : sc.state } };
}

/**
 * `service_contract_set_fees` (service side, before approval). The state becomes AgreementReady when the metadata is
 * non-empty; the pallet does not require `base_fee ≠ 0` on this path (the spec's "base_fee ≠ 0 and metadata
 * non-empty" holds only for the set_metadata path).
 */
export function serviceContractSetFees(p: {
  contract: ServiceContractLike | null; callerTwinId: number | null; baseFee: IntLike; variableFee: IntLike;
}): ServiceResult<{ contract: ServiceContractLike }> {
  const m = modifiable(p.contract, p.callerTwinId, true);
  if (!m.ok) return m;
  const sc = p.contract!;
  return {
    ok: true,
    contract: {
      ...sc, base_fee: big(p.baseFee), variable_fee: big(p.variableFee),
      state: toBytes(sc.metadata).length > 0 ? 'AgreementReady' : sc.state,
    },
  };
}

/** `service_contract_approve` (AgreementReady only): marks the caller's side; both sides → ApprovedByBoth, `last_bill = now`. */
export function serviceContractApprove(p: { contract: ServiceContractLike | null; callerTwinId: number | null; nowSecs: IntLike }):
ServiceResult<{ contract: ServiceContractLike }> {
  const sc = p.contract;
  const r = firstError<ServiceError>([
    [p.callerTwinId == null, 'TwinNotExists'],
    [sc == null, 'ServiceContractNotExists'],
    [sc != null && sc.state !== 'AgreementReady', 'ServiceContractApprovalNotAllowed'],
    [sc != null && p.callerTwinId != null && !isParty(sc, p.callerTwinId), 'TwinNotAuthorized'],
  ]);
  if (!r.ok) return r;
  const next = {
    ...sc!,
    accepted_by_service: sc!.accepted_by_service || p.callerTwinId === sc!.service_twin_id,
    accepted_by_consumer: sc!.accepted_by_consumer || (p.callerTwinId !== sc!.service_twin_id && p.callerTwinId === sc!.consumer_twin_id),
  };
  if (next.accepted_by_service && next.accepted_by_consumer) {
    return { ok: true, contract: { ...next, state: 'ApprovedByBoth', last_bill: big(p.nowSecs) } };
  }
  return { ok: true, contract: next };
}

/** `service_contract_cancel` (either party, any state): the contract is removed; event cause `CanceledByUser`. */
export function serviceContractCancel(p: { contract: ServiceContractLike | null; callerTwinId: number | null }):
ServiceResult<{ cause: Cause }> {
  const r = firstError<ServiceError>([
    [p.callerTwinId == null, 'TwinNotExists'],
    [p.contract == null, 'ServiceContractNotExists'],
    [p.contract != null && p.callerTwinId != null && !isParty(p.contract, p.callerTwinId), 'TwinNotAuthorized'],
  ]);
  return r.ok ? { ok: true, cause: 'CanceledByUser' } : r;
}

/** `service_contract_reject`: only from AgreementReady (checked before the caller), then as a cancel. */
export function serviceContractReject(p: { contract: ServiceContractLike | null; callerTwinId: number | null }):
ServiceResult<{ cause: Cause }> {
  if (p.contract == null) return fail('ServiceContractNotExists');
  if (p.contract.state !== 'AgreementReady') return fail('ServiceContractRejectionNotAllowed');
  return serviceContractCancel(p);
}

/**
 * `service_contract_bill` (service side, ApprovedByBoth only): `window = min(now − last_bill, 3600)`,
 * `variable_amount ≤ round(window/3600 · variable_fee)`, bill metadata ≤ 50 bytes. Returns the bill, its cost in
 * units-USD and the contract with `last_bill = now`; pay it with `serviceBillPayment`.
 */
export function serviceContractBill(p: {
  contract: ServiceContractLike | null; callerTwinId: number | null; variableAmount: IntLike; metadata: ByteInput; nowSecs: IntLike;
}): ServiceResult<{
  bill: { variable_amount: bigint; window: bigint; metadata: Uint8Array }; costUnitsUsd: bigint; contract: ServiceContractLike;
}> {
  const sc = p.contract;
  const pre = firstError<ServiceError>([
    [p.callerTwinId == null, 'TwinNotExists'],
    [sc == null, 'ServiceContractNotExists'],
    [sc != null && p.callerTwinId !== sc.service_twin_id, 'TwinNotAuthorized'],
    [sc != null && sc.state !== 'ApprovedByBoth', 'ServiceContractBillingNotApprovedByBoth'],
  ]);
  if (!pre.ok) return pre;
  const window = serviceBillWindow(p.nowSecs, sc!.last_bill);
  if (big(p.variableAmount) > serviceBillMaxVariableAmount(window, sc!.variable_fee)) {
    return fail('ServiceContractBillingVariableAmountTooHigh');
  }
  const metadata = toBytes(p.metadata);
  if (metadata.length > SERVICE_BILL_METADATA_MAX) return fail('ServiceContractBillMetadataTooLong');
  return {
    ok: true,
    bill: { variable_amount: big(p.variableAmount), window, metadata },
    costUnitsUsd: serviceBillCostUnitsUsd({ baseFee: sc!.base_fee, variableAmount: p.variableAmount, window }),
    contract: { ...sc!, last_bill: big(p.nowSecs) },
  };
}

/**
 * Paying a service bill: the cost in TFT must not exceed the consumer's usable balance, then it is transferred
 * (keep-alive) to the service twin. On shortage the pallet cancels the contract (`OutOfFunds`) and returns
 * `ServiceContractNotEnoughFundsToPayBill`; because the call is transactional that cancellation is rolled back with
 * the failed call, so the net effect is only the error.
 */
export function serviceBillPayment(p: { costUnitsUsd: IntLike; tftPriceMusd: IntLike; consumerUsableBalance: IntLike }):
ServiceResult<{ amount: bigint }> {
  if (big(p.costUnitsUsd) === 0n) return { ok: true, amount: 0n };
  const tft = unitsUsdToTft(p.costUnitsUsd, p.tftPriceMusd);
  if (!tft.ok) return tft;
  return big(p.consumerUsableBalance) < tft.tft ? fail('ServiceContractNotEnoughFundsToPayBill') : { ok: true, amount: tft.tft };
}
