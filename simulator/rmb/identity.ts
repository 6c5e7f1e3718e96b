/**
 * A twin's signing identity and RMB's prefixed signatures: `typeByte ‖ sig64` with 's' (sr25519, "substrate"
 * signing context as polkadot-js) or 'e' (ed25519). JWTs and envelopes use the same form.
 * sr25519 needs the WASM crypto: call `cryptoWaitReady()` (from @polkadot/util-crypto) before verifying.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { ed25519Verify, sr25519Verify } from '@polkadot/util-crypto';

export type RmbKeyType = 'sr25519' | 'ed25519';

export interface RmbIdentity {
  readonly twinId: number;
  readonly keyType: RmbKeyType;
  /** the twin's account id */
  readonly publicKey: Uint8Array;
  /** the raw 64-byte signature */
  sign(message: Uint8Array): Uint8Array;
}

const PREFIX: Record<RmbKeyType, number> = { sr25519: 0x73 /* 's' */, ed25519: 0x65 /* 'e' */ };

export function identityFromPair(twinId: number, pair: KeyringPair): RmbIdentity {
  if (pair.type !== 'sr25519' && pair.type !== 'ed25519') throw new Error(`RMB signs with sr25519 or ed25519, not ${pair.type}`);
  return { twinId, keyType: pair.type, publicKey: pair.publicKey, sign: (message) => pair.sign(message) };
}

/** The signature RMB puts on the wire: the key type byte, then the 64-byte signature. */
export function signPrefixed(identity: RmbIdentity, message: Uint8Array): Uint8Array {
  const sig = identity.sign(message);
  const out = new Uint8Array(1 + sig.length);
  out[0] = PREFIX[identity.keyType];
  out.set(sig, 1);
  return out;
}

/** Whether `prefixed` is a valid signature of `message` by the account `publicKey`, with the key type it names. */
export function verifyPrefixed(message: Uint8Array, prefixed: Uint8Array, publicKey: Uint8Array): boolean {
  if (prefixed.length !== 65 || publicKey.length !== 32) return false;
  const sig = prefixed.subarray(1);
  try {
    if (prefixed[0] === PREFIX.sr25519) return sr25519Verify(message, sig, publicKey);
    if (prefixed[0] === PREFIX.ed25519) return ed25519Verify(message, sig, publicKey);
  } catch {
    return false;
  }
  return false;
}
