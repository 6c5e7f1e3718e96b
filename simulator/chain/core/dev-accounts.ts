// Numbered dev accounts for load tests (`--accounts N`): account i is the sr25519 key whose mini-secret is
// blake2_256("gridbox dev account <i>"), so a client can sign for any of them with
// `new Keyring({ type: 'sr25519' }).addFromSeed(devAccountSeed(i))` without the chain handing out secrets.
// Deriving a public key costs about 0.1 ms (WASM), so 100k accounts add seconds to startup, not minutes.
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { sr25519KeypairFromSeed } from '@polkadot/wasm-crypto';

/** Upper bound for `--accounts`: beyond it genesis takes minutes and the state gigabytes. */
export const MAX_DEV_ACCOUNTS = 1_000_000;

export function devAccountSeed(index: number): Uint8Array {
  return blake2AsU8a(`gridbox dev account ${index}`, 256);
}

/** Hex public keys of dev accounts 0 … count-1 (initCrypto() must have resolved). */
export function devAccountPublicKeys(count: number): string[] {
  const keys: string[] = [];
  // The WASM keypair is secret (64 bytes) ++ public (32 bytes).
  for (let i = 0; i < count; i++) keys.push(u8aToHex(sr25519KeypairFromSeed(devAccountSeed(i)).subarray(64)));
  return keys;
}
