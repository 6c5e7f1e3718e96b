// Types of pallet_smart_contract (shared/spec/tfchain-types.md, "Smart contract types").
import {
  array, bool, boundedBytes, boundedVec, bytes, enumType, newtype, option, struct, u128, u16, u32, u64, u8, vec,
} from '../types/dsl';
import { AccountId32 } from '../types/substrate';
import { PublicIP, Resources } from '../types/tfchain';

const T = { T: null };

export const Cause = enumType('pallet_smart_contract::types::Cause', {
  CanceledByUser: 0, OutOfFunds: 1, CanceledByCollective: 2,
});

export const ContractState = enumType('pallet_smart_contract::types::ContractState', {
  Created: 0,
  Deleted: [1, Cause],
  GracePeriod: [2, u64],
});

/** `[u8; 32]` deployment hash (grid_client stores the ASCII of an md5 hex digest). */
export const HexHash = array(u8, 32);

export const NodeContract = struct('pallet_smart_contract::types::NodeContract', {
  node_id: u32,
  deployment_hash: HexHash,
  deployment_data: boundedBytes,
  public_ips: u32,
  public_ips_list: boundedVec(PublicIP),
}, { params: T });

export const NameContractName = newtype('pallet_smart_contract::name_contract::NameContractName', boundedBytes, { params: T });
export const NameContract = struct('pallet_smart_contract::types::NameContract', { name: NameContractName }, { params: T });
export const RentContract = struct('pallet_smart_contract::types::RentContract', { node_id: u32 });

export const ContractData = enumType('pallet_smart_contract::types::ContractData', {
  NodeContract: [0, NodeContract],
  NameContract: [1, NameContract],
  RentContract: [2, RentContract],
}, { params: T });

export const Contract = struct('pallet_smart_contract::types::Contract', {
  version: u32,
  state: ContractState,
  contract_id: u64,
  twin_id: u32,
  contract_type: ContractData,
  solution_provider_id: option(u64),
}, { params: T });

export const ContractBillingInformation = struct('pallet_smart_contract::types::ContractBillingInformation', {
  previous_nu_reported: u64,
  last_updated: u64,
  amount_unbilled: u64,
});

export const ContractResources = struct('pallet_smart_contract::types::ContractResources', {
  contract_id: u64,
  used: Resources,
});

export const Consumption = struct('pallet_smart_contract::types::Consumption', {
  contract_id: u64, timestamp: u64, cru: u64, sru: u64, hru: u64, mru: u64, nru: u64,
});

export const NruConsumption = struct('pallet_smart_contract::types::NruConsumption', {
  contract_id: u64, timestamp: u64, window: u64, nru: u64,
});

export const DiscountLevel = enumType('pallet_smart_contract::types::DiscountLevel', {
  None: 0, Default: 1, Bronze: 2, Silver: 3, Gold: 4,
});

export const ContractBill = struct('pallet_smart_contract::types::ContractBill', {
  contract_id: u64,
  timestamp: u64,
  discount_level: DiscountLevel,
  amount_billed: u128,
});

export const ContractLock = struct('pallet_smart_contract::types::ContractLock', {
  amount_locked: u128,
  extra_amount_locked: u128,
  lock_updated: u64,
  cycles: u16,
}, { params: { BalanceOf: u128 } });

export const ContractPaymentState = struct('pallet_smart_contract::types::ContractPaymentState', {
  standard_reserve: u128,
  additional_reserve: u128,
  standard_overdraft: u128,
  additional_overdraft: u128,
  last_updated_seconds: u64,
  cycles: u16,
}, { params: { BalanceOf: u128 } });

export const Provider = struct('pallet_smart_contract::types::Provider', { who: AccountId32, take: u8 },
  { params: { AccountId: AccountId32 } });

export const SolutionProvider = struct('pallet_smart_contract::types::SolutionProvider', {
  solution_provider_id: u64,
  providers: vec(Provider),
  description: bytes,
  link: bytes,
  approved: bool,
}, { params: { AccountId: AccountId32 } });

export const ServiceContractState = enumType('pallet_smart_contract::types::ServiceContractState', {
  Created: 0, AgreementReady: 1, ApprovedByBoth: 2,
});

export const ServiceContract = struct('pallet_smart_contract::types::ServiceContract', {
  service_contract_id: u64,
  service_twin_id: u32,
  consumer_twin_id: u32,
  base_fee: u64,
  variable_fee: u64,
  metadata: boundedBytes,
  accepted_by_service: bool,
  accepted_by_consumer: bool,
  last_bill: u64,
  state: ServiceContractState,
});

export const ServiceContractBill = struct('pallet_smart_contract::types::ServiceContractBill', {
  variable_amount: u64,
  window: u64,
  metadata: boundedBytes,
});

export const StorageVersion = enumType('pallet_smart_contract::types::StorageVersion',
  Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`V${i + 1}`, i])));

/** Signed extension that tags `bill_contract_for_block` transactions; it adds no bytes to the extrinsic. */
export const ContractIdProvides = struct('pallet_smart_contract::types::ContractIdProvides', {}, { params: T });
