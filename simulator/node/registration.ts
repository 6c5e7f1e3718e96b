/**
 * Zero-OS registration (grid-services.md §1.3), every step signed by the node's own ed25519 key: funds, T&C,
 * twin, then `createNode` or `updateNode` when the hardware changed; finally the twin's relay, as the RMB peer sets it.
 */
import type { ApiPromise } from '@polkadot/api';
import type { ChainSubmitter, TxEvent } from './chain-client';
import { queryOf } from './chain-client';
import type { NodeIdentity } from './identity';
import type { HardwareProfile } from './profiles';
import { diskTotals } from './profiles';

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

export async function ensureTermsAndTwin(
  api: ApiPromise, submitter: ChainSubmitter, identity: NodeIdentity,
): Promise<number> {
  const { pair, address } = identity;
  const accepted = await queryOf<unknown[] | null>(api, 'tfgridModule', 'usersTermsAndConditions', address);
  if (!accepted || accepted.length === 0) {
    await submitter.submit(pair, 'tfgridModule', 'userAcceptTc', ZOS_TERMS.link, ZOS_TERMS.hash);
  }
  const twinId = await queryOf<number | null>(api, 'tfgridModule', 'twinIdByAccountID', address);
  if (twinId) return twinId;
  const twin = firstEventField<{ id: number }>(await submitter.submit(pair, 'tfgridModule', 'createTwin', null, null), 'TwinStored');
  return twin.id;
}

export async function ensureNode(
  api: ApiPromise, submitter: ChainSubmitter, identity: NodeIdentity, twinId: number, want: NodeRegistrationArgs,
  onSubmitted?: () => void,
): Promise<Registered> {
  const args = [want.farmId, want.resources, want.location, want.interfaces, want.secureBoot, want.virtualized, want.serialNumber];
  const existing = await queryOf<number>(api, 'tfgridModule', 'nodeIdByTwinID', twinId);
  if (existing) {
    onSubmitted?.();
    const node = await queryOf<ChainNode | null>(api, 'tfgridModule', 'nodes', existing);
    if (node && !nodeDiffers(node, want)) return { twinId, nodeId: existing, updated: false };
    await submitter.submit(identity.pair, 'tfgridModule', 'updateNode', existing, ...args);
    return { twinId, nodeId: existing, updated: true };
  }
  const node = firstEventField<{ id: number }>(await submitter.submitNotifying(identity.pair, onSubmitted, 'tfgridModule', 'createNode', ...args), 'NodeStored');
  return { twinId, nodeId: node.id, updated: false };
}

/** The twin's relay is the relay URL's host name, as Zero-OS sets it (no scheme, no port: valid on chain); no pk. */
export function relayHostOf(relayUrl: string): string {
  return new URL(relayUrl).hostname;
}

export async function ensureTwinRelay(
  api: ApiPromise, submitter: ChainSubmitter, identity: NodeIdentity, twinId: number, relayHost: string,
): Promise<void> {
  const twin = await queryOf<{ relay: string | null; pk: string | null } | null>(api, 'tfgridModule', 'twins', twinId);
  if (twin && twin.relay === relayHost && twin.pk === null) return;
  await submitter.submit(identity.pair, 'tfgridModule', 'updateTwin', relayHost, null);
}

/**
 * The farm's nodes on chain plus the createNode calls for it waiting in the pool (read in that order, so a call
 * that moves from the pool into a block between the two reads is counted once at most).
 */
export function farmNodeCount(api: ApiPromise): (farmId: number) => Promise<number> {
  return async (farmId) => {
    const onChain = (await queryOf<number[] | null>(api, 'tfgridModule', 'nodesByFarmID', farmId))?.length ?? 0;
    const pending = await api.rpc.author.pendingExtrinsics();
    const coming = pending.filter(({ method }) => method.section === 'tfgridModule' && method.method === 'createNode'
      && Number(method.args[0]?.toPrimitive()) === farmId).length;
    return onChain + coming;
  };
}
