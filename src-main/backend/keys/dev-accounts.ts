/**
 * The well-known development accounts every Substrate chain (and the local grid) funds at genesis. Their keys derive
 * from a public phrase, so nothing about them is secret and nothing is ever written to disk.
 *
 * Deriving the six pairs takes most of a second in pure JS, so listing uses their published public keys and a pair
 * is derived only when one is first used to sign. A unit test checks these constants against a real derivation.
 */
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { encodeAddress } from '@polkadot/util-crypto';
import type { AccountInfo } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { SS58_PREFIX } from './address';

const PUBLIC_KEYS = {
  Alice: '0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d',
  Bob: '0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48',
  Charlie: '0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22',
  Dave: '0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20',
  Eve: '0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e',
  Ferdie: '0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c',
} as const;

export type DevName = keyof typeof PUBLIC_KEYS;
export const DEV_NAMES = Object.keys(PUBLIC_KEYS) as DevName[];

export interface DevAccount {
  name: DevName;
  address: string;
  publicKey: string;
}

let byAddress: Map<string, DevAccount> | undefined;
const signers = new Map<string, KeyringPair>();

function accounts(): Map<string, DevAccount> {
  byAddress ??= new Map(
    DEV_NAMES.map((name) => {
      const publicKey = PUBLIC_KEYS[name];
      const address = encodeAddress(publicKey, SS58_PREFIX);
      return [address, { name, address, publicKey }] as const;
    }),
  );
  return byAddress;
}

/** The development account with this canonical address, if it is one. */
export function devAccount(address: string): DevAccount | undefined {
  return accounts().get(address);
}

export function devSigner(account: DevAccount): KeyringPair {
  let pair = signers.get(account.address);
  if (!pair) {
    pair = new Keyring({ type: 'sr25519', ss58Format: SS58_PREFIX }).createFromUri(`//${account.name}`, { name: account.name });
    signers.set(account.address, pair);
  }
  return pair;
}

export function devAccounts(): AccountInfo[] {
  return [...accounts().values()].map(devInfo);
}

export function devInfo(account: DevAccount): AccountInfo {
  return {
    address: account.address,
    publicKey: account.publicKey,
    name: account.name,
    type: 'sr25519',
    createdAt: 0,
    dev: true,
    locked: false,
    hasMnemonic: false,
  };
}

/** `action` completes "… so it cannot be": "renamed", "removed", "exported", … */
export function devForbidden(account: DevAccount, action: string): ApiError {
  return new ApiError(
    'forbidden',
    `${account.name} is a development account: a public test key that everyone knows, so it cannot be ${action}`,
  );
}
