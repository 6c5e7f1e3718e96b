// Shared fixtures for the chain metadata tests: a @polkadot/types registry loaded with OUR metadata, the way a
// client (or the chain itself, §7.6 of tfchain.md) would load it.
import { Metadata, TypeRegistry } from '@polkadot/types';
import { runtime } from '../../../simulator/chain/runtime';
import { buildMetadata, type MetadataVersion } from '../../../simulator/chain/metadata';

export interface Loaded {
  readonly bytes: Uint8Array;
  readonly registry: TypeRegistry;
  readonly metadata: Metadata;
}

const cache = new Map<string, Loaded>();

/**
 * A registry built from our metadata. `asClient` loads it exactly like tfchain_client does (no user extensions:
 * polkadot-js then warns about ContractIdProvides and treats it as empty); otherwise ContractIdProvides is
 * declared as an empty user extension, which keeps test output quiet and is what the chain itself will do.
 */
export function load(version: MetadataVersion = 14, asClient = false): Loaded {
  const key = `${version}:${asClient}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const bytes = buildMetadata(runtime, version);
  const registry = new TypeRegistry();
  const metadata = new Metadata(registry, bytes);
  registry.setMetadata(metadata, undefined, asClient ? undefined : { ContractIdProvides: { extrinsic: {}, payload: {} } });
  const loaded = { bytes, registry, metadata };
  cache.set(key, loaded);
  return loaded;
}

export const hex = (s: string): string => `0x${s.replace(/\s+/g, '')}`;

export const ALICE = '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d';
