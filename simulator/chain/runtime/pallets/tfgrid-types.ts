// Types of pallet_tfgrid (and the tfchain_support generics it instantiates). Layouts and paths from
// shared/spec/tfchain-types.md. The `pallet_tfgrid::{farm,node,interface}::*` newtypes wrap bounded byte strings;
// @polkadot/types shows them as plain `Bytes`.
import {
  bool, boundedBytes, boundedVec, bytes, enumType, generic, newtype, option, struct, u16, u32, u64, u8, vec,
  type TypeDef,
} from '../types/dsl';
import { AccountId32 } from '../types/substrate';
import {
  FarmCertification, FarmingPolicyLimit, NodeCertification, PublicConfig, PublicIpList, Resources,
} from '../types/tfchain';

const T = { T: null };
const wrapper = (path: string): TypeDef => newtype(path, boundedBytes, { params: T });

export const StorageVersion = enumType('pallet_tfgrid::types::StorageVersion',
  Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`V${i + 1}Struct`, i])));

export const FarmName = wrapper('pallet_tfgrid::farm::FarmName');

export const Farm = struct('tfchain_support::types::Farm', {
  version: u32,
  id: u32,
  name: FarmName,
  twin_id: u32,
  pricing_policy_id: u32,
  certification: FarmCertification,
  public_ips: PublicIpList,
  dedicated_farm: bool,
  farming_policy_limits: option(FarmingPolicyLimit),
}, { params: { Name: FarmName } });

export const CityName = wrapper('pallet_tfgrid::node::CityName');
export const CountryName = wrapper('pallet_tfgrid::node::CountryName');
export const Latitude = wrapper('pallet_tfgrid::node::Latitude');
export const Longitude = wrapper('pallet_tfgrid::node::Longitude');
export const SerialNumber = wrapper('pallet_tfgrid::node::SerialNumber');

export const Location = struct('pallet_tfgrid::node::Location', {
  city: CityName,
  country: CountryName,
  latitude: Latitude,
  longitude: Longitude,
}, { params: T });

/** Location as passed to create_node/update_node, before validation into the newtypes above. */
export const LocationInput = struct('pallet_tfgrid::types::LocationInput', {
  city: boundedBytes,
  country: boundedBytes,
  latitude: boundedBytes,
  longitude: boundedBytes,
}, { params: { City: boundedBytes, Country: boundedBytes, Latitude: boundedBytes, Longitude: boundedBytes } });

export const InterfaceName = wrapper('pallet_tfgrid::interface::InterfaceName');
export const InterfaceMac = wrapper('pallet_tfgrid::interface::InterfaceMac');
export const InterfaceIp = wrapper('pallet_tfgrid::interface::InterfaceIp');

const iface = generic('Interface', (name: TypeDef, mac: TypeDef, ips: TypeDef) =>
  struct('tfchain_support::types::Interface', { name, mac, ips }, { params: { Name: name, Mac: mac, Ips: ips } }));

/** The stored interface (`TfchainSupportInterfaceInterfaceName` in polkadot-js). */
export const Interface = iface(InterfaceName, InterfaceMac, boundedVec(InterfaceIp));
/** The call-input interface (`TfchainSupportInterfaceBoundedVec`): same layout, unvalidated byte strings. */
export const InterfaceInput = iface(boundedBytes, boundedBytes, boundedVec(boundedBytes));

export const Node = struct('tfchain_support::types::Node', {
  version: u32,
  id: u32,
  farm_id: u32,
  twin_id: u32,
  resources: Resources,
  location: Location,
  public_config: option(PublicConfig),
  created: u64,
  farming_policy_id: u32,
  interfaces: vec(Interface),
  certification: NodeCertification,
  secure_boot: bool,
  virtualized: bool,
  serial_number: option(SerialNumber),
  connection_price: u32,
}, { params: { Location, If: Interface, SerialNumber } });

export const EntityProof = struct('pallet_tfgrid::types::EntityProof', { entity_id: u32, signature: bytes });

export const Twin = struct('pallet_tfgrid::types::Twin', {
  id: u32,
  account_id: AccountId32,
  relay: option(boundedBytes),
  entities: vec(EntityProof),
  pk: option(boundedBytes),
}, { params: { AccountId: AccountId32 } });

export const Entity = struct('pallet_tfgrid::types::Entity', {
  version: u32,
  id: u32,
  name: bytes,
  account_id: AccountId32,
  country: CountryName,
  city: CityName,
}, { params: { AccountId: AccountId32, City: CityName, Country: CountryName } });

export const Unit = enumType('pallet_tfgrid::types::Unit', { Bytes: 0, Kilobytes: 1, Megabytes: 2, Gigabytes: 3, Terrabytes: 4 });
export const Policy = struct('pallet_tfgrid::types::Policy', { value: u32, unit: Unit });

export const PricingPolicy = struct('pallet_tfgrid::types::PricingPolicy', {
  version: u32,
  id: u32,
  name: bytes,
  su: Policy,
  cu: Policy,
  nu: Policy,
  ipu: Policy,
  unique_name: Policy,
  domain_name: Policy,
  foundation_account: AccountId32,
  certified_sales_account: AccountId32,
  discount_for_dedication_nodes: u8,
}, { params: { AccountId: AccountId32 } });

export const FarmingPolicy = struct('pallet_tfgrid::types::FarmingPolicy', {
  version: u32,
  id: u32,
  name: bytes,
  cu: u32,
  su: u32,
  nu: u32,
  ipv4: u32,
  minimal_uptime: u16,
  policy_created: u32,
  policy_end: u32,
  immutable: bool,
  default: bool,
  node_certification: NodeCertification,
  farm_certification: FarmCertification,
}, { params: { BlockNumber: u32 } });

export const TermsAndConditions = struct('pallet_tfgrid::terms_cond::TermsAndConditions', {
  account_id: AccountId32,
  timestamp: u64,
  document_link: boundedBytes,
  document_hash: boundedBytes,
}, { params: T });
