/**
 * Power management (grid-services.md §1.6): the node follows the target the farmer sets with
 * `changePowerTarget`, answering with `changePowerState`; at boot it syncs its state with its target.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import type { NodeChain } from './node-chain';

export type Power = 'Up' | 'Down';

interface NodePower { state: { up?: null; down?: number } | string; target: Power | string }

export function parsePower(value: unknown): Power {
  const s = typeof value === 'string' ? value : value && typeof value === 'object' ? Object.keys(value)[0] ?? '' : '';
  return s.toLowerCase() === 'down' ? 'Down' : 'Up';
}

export async function readNodePower(chain: NodeChain, nodeId: number): Promise<{ state: Power; target: Power }> {
  const p = await chain.query<NodePower>('tfgridModule', 'nodePower', nodeId);
  return { state: parsePower(p?.state), target: parsePower(p?.target) };
}

/** Sends `changePowerState(target)` when the chain's state differs; returns the state now in force. */
export async function followPowerTarget(
  chain: NodeChain, pair: KeyringPair, nodeId: number, target?: Power,
): Promise<Power> {
  const power = await readNodePower(chain, nodeId);
  const want = target ?? power.target;
  if (power.state !== want) await chain.submit(pair, 'tfgridModule', 'changePowerState', want);
  return want;
}
