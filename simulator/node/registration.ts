/**
 * Zero-OS registration (grid-services.md §1.3), every step signed by the node's own ed25519 key: funds, T&C,
 * twin (on the relay), then `createNode`, or `updateNode` when the hardware changed; the twin's relay kept right.
 * What a fresh node needs goes to the chain together (`registerNode`): one block on an instant chain, not one each.
 */
import type { TxCall, TxEvent } from './chain-calls';
import type { NodeChain } from './node-chain';
import type { NodeIdentity } from './identity';
import type { HardwareProfile } from './profiles';
import { diskTotals } from './profiles';
import type { RegistrationTurn } from './registration-order';

/** What Zero-OS accepts (registrar, `EnsureAccount`). */
export const ZOS_TERMS = { link: 'http://zos.tf/terms/v0.1', hash: '9021d4dee05a661e2cb6838152c67f25' };

export interface NodeRegistrationArgs {
  farmId: number;
  resources: { hru: number; sru: number; cru: number; mru: number };
  location: HardwareProfile['location'];
  interfaces: { name: string; mac: string; ips: string[] }[];
  secureBoot: boolean;
  virtualized: boolean;
  serialNumber: string | null;
}

export function registrationArgs(farmId: number, profile: HardwareProfile, identity: NodeIdentity): NodeRegistrationArgs {
  const { sru, hru } = diskTotals(profile);
  return {
    farmId,
    resources: { hru, sru, cru: profile.cru, mru: profile.mru },
    location: profile.location,
    interfaces: [{ name: 'zos', mac: identity.mac, ips: profile.interfaceIps }],
    secureBoot: profile.secureBoot,
    virtualized: profile.virtualized,
    serialNumber: profile.serial ?? `gridbox-${identity.zosId.slice(0, 12)}`,
  };
}

function firstEventField<T>(events: TxEvent[], method: string): T {
  const event = events.find((e) => e.method === method);
  if (!event) throw new Error(`no ${method} event`);
  return event.data[0] as T;
}

interface ChainNode {
  farmId: number;
  resources: { hru: number | string; sru: number | string; cru: number | string; mru: number | string };
  secureBoot: boolean;
  virtualized: boolean;
}

/** Whether the chain's node record differs from what this node would register (Go client's `Node.Eq`, trimmed). */
export function nodeDiffers(chain: ChainNode, want: NodeRegistrationArgs): boolean {
  const r = chain.resources;
  return chain.farmId !== want.farmId
    || Number(r.hru) !== want.resources.hru || Number(r.sru) !== want.resources.sru
    || Number(r.cru) !== want.resources.cru || Number(r.mru) !== want.resources.mru
    || chain.secureBoot !== want.secureBoot || chain.virtualized !== want.virtualized;
}

export interface Registered { twinId: number; nodeId: number; updated: boolean }

const call = (method: string, ...args: unknown[]): TxCall => ({ section: 'tfgridModule', method, args });

/**
 * Brings the node's chain records to what it is: T&C, a twin on `relayHost`, the node in its farm (created, or
 * updated when its hardware changed). A node without a twin or node sends T&C, twin and `createNode` together with
 * consecutive nonces, each a call of its own account, and only on its `turn` (registration-order.ts), so twins and
 * nodes get their ids in the order the nodes were added; the turn passes on once they are in the chain's pool.
 */
export async function registerNode(
  chain: NodeChain, identity: NodeIdentity, want: NodeRegistrationArgs, relayHost: string,
  turn: RegistrationTurn,
): Promise<Registered> {
  const { pair, address } = identity;
  const nodeArgs = [want.farmId, want.resources, want.location, want.interfaces, want.secureBoot, want.virtualized, want.serialNumber];
  const [accepted, twinBefore] = await Promise.all([
    chain.query<unknown[] | null>('tfgridModule', 'usersTermsAndConditions', address),
    chain.query<number | null>('tfgridModule', 'twinIdByAccountID', address),
  ]);
  const [existing, twin] = twinBefore
    ? await Promise.all([
      chain.query<number>('tfgridModule', 'nodeIdByTwinID', twinBefore),
      chain.query<{ relay: string | null; pk: string | null } | null>('tfgridModule', 'twins', twinBefore),
    ])
    : [0, null];
  // As the RMB peer does: the twin names this relay and has no pk.
  const relayCalls = twinBefore && (twin?.relay !== relayHost || twin.pk !== null) ? [call('updateTwin', relayHost, null)] : [];
  if (twinBefore && existing) {
    turn.release();
    const node = await chain.query<ChainNode | null>('tfgridModule', 'nodes', existing);
    const updated = !node || nodeDiffers(node, want);
    const calls = [...(updated ? [call('updateNode', existing, ...nodeArgs)] : []), ...relayCalls];
    if (calls.length) await chain.submitTogether(pair, calls);
    return { twinId: twinBefore, nodeId: existing, updated };
  }

  const calls: TxCall[] = twinBefore
    ? relayCalls
    : [...(accepted?.length ? [] : [call('userAcceptTc', ZOS_TERMS.link, ZOS_TERMS.hash)]), call('createTwin', relayHost, null)];
  calls.push(call('createNode', ...nodeArgs));
  await turn.wait();
  const events = (await chain.submitTogether(pair, calls, turn.release)).flat();
  const twinId = twinBefore || firstEventField<{ id: number }>(events, 'TwinStored').id;
  const nodeId = firstEventField<{ id: number }>(events, 'NodeStored').id;
  return { twinId, nodeId, updated: false };
}

/** The twin's relay is the relay URL's host name, as Zero-OS sets it (no scheme, no port: valid on chain); no pk. */
export function relayHostOf(relayUrl: string): string {
  return new URL(relayUrl).hostname;
}

/**
 * The farm's nodes on chain plus the createNode calls for it waiting in the pool (read in that order, so a call
 * that moves from the pool into a block between the two reads is counted once at most).
 */
export function farmNodeCount(chain: NodeChain): (farmId: number) => Promise<number> {
  return async (farmId) => {
    const onChain = (await chain.query<number[] | null>('tfgridModule', 'nodesByFarmID', farmId))?.length ?? 0;
    const pending = await chain.pendingCalls('tfgridModule', 'createNode');
    return onChain + pending.filter((args) => Number(args[0]) === farmId).length;
  };
}
