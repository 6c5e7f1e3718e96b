/**
 * The bridge from an agent to the relay: a seam `RmbPeer` (simulator/rmb) for the node's twin, signing with the
 * node's ed25519 key. Handler failures go back as RMB error envelopes carrying the node's message, as Zero-OS
 * answers `Error{code: 0, message}`.
 */
import { RmbHandlerError, RmbPeer, cachedTwinLookup, identityFromPair, type TwinLookup } from '../rmb';
import type { NodePeer, PeerFactory } from './agent';
import type { NodeChain } from './node-chain';
import type { ZosHandler } from './zos';

export function rmbPeerFactory(relayUrl: string, chain?: NodeChain): PeerFactory {
  // One cached twin lookup per host: every agent verifies incoming signatures against the chain.
  const twins: TwinLookup | undefined = chain ? cachedTwinLookup((id) => chain.twin(id), { ttlMs: 5_000 }) : undefined;
  return (identity, twinId, logger): NodePeer => {
    const peer = new RmbPeer({ relayUrl, identity: identityFromPair(twinId, identity.pair), logger, ...(twins ? { twins } : {}) });
    return {
      handle: (command: string, handler: ZosHandler) => peer.handle(command, async (payload, ctx) => {
        try {
          return await handler(payload, ctx);
        } catch (error) {
          throw error instanceof RmbHandlerError ? error : new RmbHandlerError(error instanceof Error ? error.message : String(error));
        }
      }),
      start: () => peer.start(),
      close: () => peer.close(),
      get connected() {
        return peer.connected;
      },
      on: (event, fn) => peer.on(event, fn),
    };
  };
}
