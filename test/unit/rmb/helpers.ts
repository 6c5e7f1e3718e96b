// Shared fixtures of the RMB unit tests: dev keys as twins, and the installed rmb_direct_client's own modules
// (its ESM build lacks file extensions and its `exports` hide subpaths, so they are loaded by absolute path).
import { createRequire } from 'node:module';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { identityFromPair, type RmbIdentity } from '../../../simulator/rmb/identity';
import type { TwinInfo } from '../../../simulator/rmb/twin-lookup';

const require = createRequire(import.meta.url);
const clientDir = path.dirname(require.resolve('@threefold/rmb_direct_client'));

/** A module of @threefold/rmb_direct_client/dist/node, e.g. 'types/lib/types' or 'envelope'. */
export function rmbClientModule<T = Record<string, unknown>>(name: string): T {
  return require(path.join(clientDir, name)) as T;
}

export interface TestTwin {
  pair: KeyringPair;
  identity: RmbIdentity;
  info: TwinInfo;
}

export async function testTwin(id: number, uri: string, type: 'sr25519' | 'ed25519'): Promise<TestTwin> {
  await cryptoWaitReady();
  const pair = new Keyring({ type, ss58Format: 42 }).addFromUri(uri);
  return {
    pair,
    identity: identityFromPair(id, pair),
    info: { id, accountId: pair.publicKey, relay: 'relay.local', pk: null },
  };
}
