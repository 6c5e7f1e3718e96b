/**
 * A simulated Zero-OS node with the farmer's hardware, added to the local grid through the node host's control API
 * (docs/LOCAL-GRID-SEAMS.md): it funds itself, registers into the farm and reports uptime like any other node, so
 * the dashboard's node actions work on it.
 */
import type { ApiPromise } from '@polkadot/api';
import { ApiError } from '../../api/errors';
import { ControlError, type ControlClient, type NodeStatus } from '../../../simulator/grid/control-client';
import type { HardwareProfile } from '../../../simulator/node/profiles';
import { nodeProfileOf } from './node-profile';
import { preflight, type Hardware } from './preflight';

const REGISTER_TIMEOUT_MS = 120_000;
const ONLINE_GRACE_MS = 30_000;
const POLL_MS = 500;
/** Pre-flight failures the chain itself enforces (create_node refuses them), so such a node could never register. */
const CHAIN_ENFORCED = new Set(['ssd', 'memory']);

/** The next `nodeN` name not used by the grid's nodes. */
export function nextNodeName(names: readonly string[]): string {
  const used = names.map((n) => /^node(\d+)$/.exec(n)?.[1]).filter((n): n is string => n !== undefined).map(Number);
  return `node${used.length ? Math.max(...used) + 1 : 1}`;
}

export interface BootedNode {
  readonly name: string;
  readonly nodeId: number;
  readonly profile: HardwareProfile;
}

/** Boots the node and resolves once it is on chain in that farm (and online, or soon after). */
export async function bootSimulatedNode(p: { control: ControlClient; api: ApiPromise; farmId: number; hardware: Hardware }): Promise<BootedNode> {
  const refused = preflight(p.hardware).filter((c) => c.status === 'fail' && CHAIN_ENFORCED.has(c.id));
  if (refused.length > 0) {
    throw new ApiError('invalid_params', `the chain would refuse this node: ${refused.map((c) => `${c.detail} (${c.fix ?? c.label})`).join('; ')}`);
  }
  const name = nextNodeName((await controlCall(() => p.control.nodes())).map((n) => n.name));
  const profile = nodeProfileOf(p.hardware);
  await controlCall(() => p.control.addNode({ name, farmId: p.farmId, profile }));

  const started = Date.now();
  let nodeId = 0;
  let onlineBy = Infinity;
  for (;;) {
    const status = (await controlCall(() => p.control.nodes())).find((n) => n.name === name);
    if (!status) throw new ApiError('unavailable', `the node host lost ${name}`);
    if (status.state === 'error') throw new ApiError('rejected', `${name} could not register: ${status.error ?? 'unknown error'}`);
    if (!nodeId && status.nodeId) {
      nodeId = status.nodeId;
      await checkOnChain(p.api, nodeId, p.farmId);
      onlineBy = Date.now() + ONLINE_GRACE_MS;
    }
    if (nodeId && (status.state === 'online' || Date.now() > onlineBy)) return { name, nodeId, profile };
    if (!nodeId && Date.now() - started > REGISTER_TIMEOUT_MS) {
      throw new ApiError('unavailable', `${name} did not register within ${REGISTER_TIMEOUT_MS / 1000} s (last state: ${describe(status)}); see the node host's log`);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

async function checkOnChain(api: ApiPromise, nodeId: number, farmId: number): Promise<void> {
  const node = ((await api.query.tfgridModule!.nodes!(nodeId)) as unknown as { toPrimitive(): unknown }).toPrimitive() as { farmId: number } | null;
  if (!node) throw new ApiError('internal', `node ${nodeId} was announced but is not on chain`);
  if (node.farmId !== farmId) throw new ApiError('internal', `node ${nodeId} registered into farm ${node.farmId} instead of farm ${farmId}`);
}

function describe(status: NodeStatus): string {
  return status.error ? `${status.state}: ${status.error}` : status.state;
}

async function controlCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ControlError) throw new ApiError(err.status === 400 ? 'invalid_params' : 'unavailable', `the local grid's node host: ${err.message}`);
    throw err;
  }
}
