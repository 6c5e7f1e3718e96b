// Shared fixtures: one runtime codec (building it costs ~300 ms) and a chain in manual mode without a server.
import { Chain } from '../../../simulator/chain/core/chain';
import { RuntimeCodec } from '../../../simulator/chain/core/codec';
import { runtime } from '../../../simulator/chain/runtime';

let codec: RuntimeCodec | undefined;
export const sharedCodec = (): RuntimeCodec => (codec ??= new RuntimeCodec(runtime));

/** A chain that builds blocks only when told (no timers), with a fixed genesis time. */
export const manualChain = (options: { historyDepth?: number } = {}): Promise<Chain> =>
  Chain.create({ blockMode: 'manual', genesisTime: 1_700_000_000_000, ...options });
