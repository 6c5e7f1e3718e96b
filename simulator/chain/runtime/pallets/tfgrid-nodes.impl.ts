// TfgridModule: nodes, uptime and power (tfchain.md §3.1.3-§3.1.4; pallet-tfgrid node.rs and lib.rs, v2.7).
// Nodes are registered by the node's own account (Zero-OS's identity key) through its own twin; the farmer manages
// public config, power target and deletion. Creation, update and deletion run the runtime's NodeChanged hooks
// (node-changed.impl.ts: contracts on a deleted node, Dao.FarmWeight).
import type { DispatchContext } from '../../core/dispatch/context';
import { nodeChanged, nodeDeleted } from './node-changed.impl';
import {
  addNodeCertifier, certificationAfterUpdate, checkAddNodePublicConfig, checkChangePowerTarget, checkCreateNode,
  checkNodeCertifier, checkTimestampHint, checkUpdateNode, nextPowerState, removeNodeCertifier,
  type NodeCertificationName, type PowerTarget,
} from './tfgrid-rules';
import {
  assignFarmingPolicy, getFarm, getNode, getTwin, isAdminOrigin, must, NODE_VERSION,
  nodeHasActiveContracts, requireFarm, requireNode, requireOwnNode, requireTwinId, sameAccount, twinIdOf,
  type CallTable, type FarmingPolicyValue, type InterfaceValue, type LocationValue, type NodePowerValue, type NodeValue,
  type PublicConfigValue, type ResourcesValue,
} from './tfgrid-support.impl';

interface NodeArgs {
  farm_id: number;
  resources: ResourcesValue;
  location: LocationValue;
  interfaces: InterfaceValue[];
  secure_boot: boolean;
  virtualized: boolean;
  serial_number: Uint8Array | null;
}

const nodesByFarm = (ctx: DispatchContext) => ctx.storage<number[]>('NodesByFarmID');

/**
 * node.rs `_delete_node`: the node leaves its farm's list; the runtime's `node_deleted` hook cancels and bills its
 * contracts and updates Dao.FarmWeight while the node still exists; then both maps and NodeDeleted.
 */
function deleteNode(ctx: DispatchContext, node: NodeValue): void {
  nodesByFarm(ctx).mutate(node.farm_id, (ids: number[]) => ids.filter((id) => id !== node.id));
  nodeDeleted(ctx, node);
  ctx.storage('Nodes').remove(node.id);
  ctx.storage('NodeIdByTwinID').remove(node.twin_id);
  ctx.depositEvent('NodeDeleted', node.id);
}

/** True when the policy currently on the node is one of the default ones (re-selected on certification changes). */
const hasDefaultPolicy = (ctx: DispatchContext, node: NodeValue): boolean =>
  ctx.storage<FarmingPolicyValue>('FarmingPoliciesMap').get(node.farming_policy_id).default;

/** Re-selects a node's farming policy (set_node_certification, attach_policy_to_farm); the caller stores the node. */
export function reselectFarmingPolicy(ctx: DispatchContext, node: NodeValue): void {
  const policy = assignFarmingPolicy(ctx, node);
  node.farming_policy_id = policy.id;
  node.certification = policy.node_certification;
}

export const nodeCalls: CallTable = {
  create_node: (ctx: DispatchContext, args: NodeArgs) => {
    const who = ctx.ensureSigned();
    const twinId = twinIdOf(ctx, who);
    must(ctx, checkCreateNode({
      farmExists: getFarm(ctx, args.farm_id) != null,
      signerTwinId: twinId,
      twinHasNode: twinId != null && ctx.storage('NodeIdByTwinID').exists(twinId),
      resources: args.resources,
      location: args.location,
      interfaces: args.interfaces,
      serial_number: args.serial_number,
    }));
    const id = ctx.storage<number>('NodeID').get() + 1;
    // A new node is Diy until the selected policy says otherwise (pricing.rs get_farming_policy).
    const policy = assignFarmingPolicy(ctx, { farm_id: args.farm_id, certification: 'Diy', resources: args.resources });
    const node: NodeValue = {
      version: NODE_VERSION,
      id,
      farm_id: args.farm_id,
      twin_id: twinId!,
      resources: args.resources,
      location: args.location,
      public_config: null,
      created: BigInt(ctx.nowSecs),
      farming_policy_id: policy.id,
      interfaces: args.interfaces,
      certification: policy.node_certification,
      secure_boot: args.secure_boot,
      virtualized: args.virtualized,
      serial_number: args.serial_number,
      connection_price: ctx.storage<number>('ConnectionPrice').get(),
    };
    ctx.storage('Nodes').set(id, node);
    ctx.storage('NodeID').set(id);
    ctx.storage('NodeIdByTwinID').set(node.twin_id, id);
    nodesByFarm(ctx).mutate(node.farm_id, (ids: number[]) => [...ids, id]);
    nodeChanged(ctx, null, node);
    ctx.depositEvent('NodeStored', node);
  },

  /** Pays::No once it succeeds (the fee is refunded), like the pallet's `Ok(Pays::No.into())`. */
  update_node: (ctx: DispatchContext, args: NodeArgs & { node_id: number }) => {
    const who = ctx.ensureSigned();
    const node = getNode(ctx, args.node_id);
    const signerTwinId = twinIdOf(ctx, who);
    must(ctx, checkUpdateNode({
      nodeTwinId: node?.twin_id ?? null,
      signerTwinId,
      targetFarmExists: getFarm(ctx, args.farm_id) != null,
      resources: args.resources,
      location: args.location,
      interfaces: args.interfaces,
      serial_number: args.serial_number,
    }));
    const stored = node!;
    if (stored.farm_id !== args.farm_id) {
      nodesByFarm(ctx).mutate(stored.farm_id, (ids: number[]) => ids.filter((id) => id !== stored.id));
      nodesByFarm(ctx).mutate(args.farm_id, (ids: number[]) => [...ids, stored.id]);
    }
    const cert = certificationAfterUpdate(stored.certification, stored.resources, args.resources);
    if (cert.reset) ctx.depositEvent('NodeCertificationSet', [stored.id, cert.certification]);
    const updated: NodeValue = {
      ...stored,
      farm_id: args.farm_id,
      resources: args.resources,
      location: args.location,
      interfaces: args.interfaces,
      secure_boot: args.secure_boot,
      virtualized: args.virtualized,
      serial_number: args.serial_number,
      certification: cert.certification,
    };
    ctx.storage('Nodes').set(updated.id, updated);
    nodeChanged(ctx, stored, updated);
    ctx.depositEvent('NodeUpdated', updated);
    return { paysFee: 'No' };
  },

  add_node_public_config: (ctx: DispatchContext, { farm_id, node_id, public_config }:
  { farm_id: number; node_id: number; public_config: PublicConfigValue | null }) => {
    const who = ctx.ensureSigned();
    const farm = getFarm(ctx, farm_id);
    const farmTwin = farm ? getTwin(ctx, farm.twin_id) : null;
    const node = getNode(ctx, node_id);
    must(ctx, checkAddNodePublicConfig({
      farmExists: farm != null,
      farmTwinExists: farmTwin != null,
      signerIsFarmer: !!farmTwin && sameAccount(farmTwin.account_id, who),
      nodeFarmId: node?.farm_id ?? null,
      farmId: farm_id,
      config: public_config,
    }));
    const updated: NodeValue = { ...node!, public_config };
    ctx.storage('Nodes').set(node_id, updated);
    ctx.depositEvent('NodePublicConfigStored', [node_id, public_config]);
  },

  /** By the node's own twin. */
  delete_node: (ctx: DispatchContext, { node_id }: { node_id: number }) => {
    const twinId = requireTwinId(ctx, ctx.ensureSigned());
    const node = requireNode(ctx, node_id);
    if (node.twin_id !== twinId) ctx.fail('NodeUpdateNotAuthorized');
    deleteNode(ctx, node);
  },

  /** By the farmer. */
  delete_node_farm: (ctx: DispatchContext, { node_id }: { node_id: number }) => {
    const twinId = requireTwinId(ctx, ctx.ensureSigned());
    const node = requireNode(ctx, node_id);
    const farm = requireFarm(ctx, node.farm_id);
    if (farm.twin_id !== twinId) ctx.fail('FarmerNotAuthorized');
    deleteNode(ctx, node);
  },

  /** v1: the hint is "now". No storage is written; indexers read the event. */
  report_uptime: {
    pays: 'No',
    dispatch: (ctx: DispatchContext, { uptime }: { uptime: bigint }) => {
      const node = requireOwnNode(ctx, ctx.ensureSigned());
      ctx.depositEvent('NodeUptimeReported', [node.id, BigInt(ctx.nowSecs), uptime]);
    },
  },

  report_uptime_v2: {
    pays: 'No',
    dispatch: (ctx: DispatchContext, { uptime, timestamp_hint }: { uptime: bigint; timestamp_hint: bigint }) => {
      const node = requireOwnNode(ctx, ctx.ensureSigned());
      must(ctx, checkTimestampHint(timestamp_hint, ctx.nowSecs));
      ctx.depositEvent('NodeUptimeReported', [node.id, BigInt(ctx.nowSecs), uptime]);
    },
  },

  /** By the node: its actual power state; only a change is stored and announced. Fee refunded. */
  change_power_state: (ctx: DispatchContext, { power_state }: { power_state: PowerTarget }) => {
    const node = requireOwnNode(ctx, ctx.ensureSigned());
    const power = ctx.storage<NodePowerValue>('NodePower');
    const current = power.get(node.id);
    const next = nextPowerState(current.state, power_state, ctx.blockNumber);
    if (next.changed) {
      const state = typeof next.state === 'string' ? next.state : { Down: Number(next.state.Down) };
      power.set(node.id, { ...current, state });
      ctx.depositEvent('PowerStateChanged', { farm_id: node.farm_id, node_id: node.id, power_state: state });
    }
    return { paysFee: 'No' };
  },

  /** By the farmer: what the node should be (client nodes.setPower; returns the farm id). */
  change_power_target: (ctx: DispatchContext, { node_id, power_target }: { node_id: number; power_target: PowerTarget }) => {
    const who = ctx.ensureSigned();
    const node = getNode(ctx, node_id);
    const farm = node ? getFarm(ctx, node.farm_id) : null;
    must(ctx, checkChangePowerTarget({
      signerTwinId: twinIdOf(ctx, who),
      nodeExists: node != null,
      farmTwinId: farm?.twin_id ?? null,
      target: power_target,
      nodeHasActiveContracts: node != null && nodeHasActiveContracts(ctx, node.id),
    }));
    const power = ctx.storage<NodePowerValue>('NodePower');
    power.set(node_id, { ...power.get(node_id), target: power_target });
    ctx.depositEvent('PowerTargetChanged', { farm_id: node!.farm_id, node_id, power_target });
  },

  /** Root/Council or an allowed certifier. A node on a default policy gets its policy re-selected. */
  set_node_certification: (ctx: DispatchContext, { node_id, node_certification }:
  { node_id: number; node_certification: NodeCertificationName }) => {
    const admin = isAdminOrigin(ctx);
    must(ctx, checkNodeCertifier({
      isAdmin: admin,
      signer: admin ? undefined : ctx.ensureSigned(),
      certifiers: ctx.storage<Uint8Array[] | null>('AllowedNodeCertifiers').get(),
    }));
    const node = requireNode(ctx, node_id);
    node.certification = node_certification;
    if (hasDefaultPolicy(ctx, node)) reselectFarmingPolicy(ctx, node);
    ctx.storage('Nodes').set(node.id, node);
    ctx.depositEvent('NodeUpdated', node);
    ctx.depositEvent('NodeCertificationSet', [node.id, node_certification]);
  },

  add_node_certifier: (ctx: DispatchContext, { certifier }: { certifier: Uint8Array }) => {
    ctx.ensureRootOrCouncil();
    const list = ctx.storage<Uint8Array[] | null>('AllowedNodeCertifiers');
    const added = addNodeCertifier(list.get(), certifier);
    must(ctx, added);
    list.set(added.certifiers);
    ctx.depositEvent('NodeCertifierAdded', certifier);
  },

  remove_node_certifier: (ctx: DispatchContext, { certifier }: { certifier: Uint8Array }) => {
    ctx.ensureRootOrCouncil();
    const list = ctx.storage<Uint8Array[] | null>('AllowedNodeCertifiers');
    const removed = removeNodeCertifier(list.get(), certifier);
    must(ctx, removed);
    if (removed.certifiers == null) return;
    list.set(removed.certifiers);
    ctx.depositEvent('NodeCertifierRemoved', certifier);
  },
};
