/**
 * The bridge from an agent to the relay: builds a seam `RmbPeer` for the node's twin. Until simulator/rmb lands
 * (branch h/rmb), nodes run without a relay connection; their zos.* handlers are unit-tested directly.
 */
import type { PeerFactory } from './agent';

export function rmbPeerFactory(_relayUrl: string): PeerFactory | undefined {
  return undefined;
}
