// `tfchain_support` types (substrate-node/support/src/{types,resources}.rs) used by more than one pallet.
// Layouts from shared/spec/tfchain-types.md. Byte strings that the runtime bounds are `BoundedVec<u8, _>`
// (they encode exactly like `Vec<u8>`; the bounds are enforced by the pallets on input).
import { bool, boundedBytes, boundedVec, enumType, option, struct, u32, u64 } from './dsl';

export const FarmCertification = enumType('tfchain_support::types::FarmCertification', { NotCertified: 0, Gold: 1 });
export const NodeCertification = enumType('tfchain_support::types::NodeCertification', { Diy: 0, Certified: 1 });

export const PublicIP = struct('tfchain_support::types::PublicIP', {
  ip: boundedBytes,
  gateway: boundedBytes,
  contract_id: u64,
});

export const IP4 = struct('tfchain_support::types::IP4', { ip: boundedBytes, gw: boundedBytes });
export const IP6 = struct('tfchain_support::types::IP6', { ip: boundedBytes, gw: boundedBytes });
export const PublicConfig = struct('tfchain_support::types::PublicConfig', {
  ip4: IP4,
  ip6: option(IP6),
  domain: option(boundedBytes),
});

export const FarmingPolicyLimit = struct('tfchain_support::types::FarmingPolicyLimit', {
  farming_policy_id: u32,
  cu: option(u64),
  su: option(u64),
  end: option(u64),
  node_count: option(u32),
  node_certification: bool,
});

export const Resources = struct('tfchain_support::resources::Resources', { hru: u64, sru: u64, cru: u64, mru: u64 });

export const Power = enumType('tfchain_support::types::Power', { Up: 0, Down: 1 });
/** `Down(block)` records the block at which the node went down. */
export const PowerState = enumType('tfchain_support::types::PowerState', { Up: 0, Down: [1, u32] }, { params: { B: u32 } });
export const NodePower = struct('tfchain_support::types::NodePower', { state: PowerState, target: Power }, { params: { B: u32 } });

/** The farm's stored list of public IPs (bounded to 256 on chain). */
export const PublicIpList = boundedVec(PublicIP);
