/**
 * Turning what a user types (a recovery phrase, a raw seed) into key pairs, with errors that say what is wrong
 * without ever repeating the secret back.
 */
import type { KeyringPair } from '@polkadot/keyring/types';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import {
  ed25519PairFromSeed,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  mnemonicValidate,
  secp256k1PairFromSeed,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import english from '@polkadot/util-crypto/mnemonic/wordlists/en';
import type { KeyType } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { pairFromKeys } from './keystore';

const WORD_COUNTS = [12, 15, 18, 21, 24];
let wordSet: Set<string> | undefined;

export function generateMnemonic(words: 12 | 24): string {
  return mnemonicGenerate(words);
}

export function normalizeMnemonic(input: string): string {
  return input.trim().toLowerCase().split(/\s+/).join(' ');
}

/** Throws invalid_mnemonic with the most specific reason available; returns the normalized phrase. */
export function checkMnemonic(input: string): string {
  const phrase = normalizeMnemonic(input);
  const words = phrase ? phrase.split(' ') : [];
  if (!WORD_COUNTS.includes(words.length)) {
    throw new ApiError('invalid_mnemonic', `a recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}`);
  }
  wordSet ??= new Set(english);
  const unknown = words.findIndex((w) => !wordSet!.has(w));
  if (unknown >= 0) {
    throw new ApiError('invalid_mnemonic', `word ${unknown + 1} of the recovery phrase is not in the BIP39 English word list`);
  }
  if (!mnemonicValidate(phrase)) {
    throw new ApiError('invalid_mnemonic', 'the recovery phrase checksum does not match: check the spelling and order of the words');
  }
  return phrase;
}

/** Same derivation as polkadot-js `addFromMnemonic` (mini-secret, no derivation path), so addresses agree everywhere. */
/**
 * The RMB end-to-end key a twin announces as `pk`: the compressed secp256k1 public key of the mnemonic's mini secret,
 * exactly what @threefold/rmb_direct_client's generatePublicKey gives (so grid_client finds it already set).
 */
export function rmbPublicKeyOf(phrase: string): string {
  const seed = mnemonicToMiniSecret(phrase);
  try {
    const pair = secp256k1PairFromSeed(seed);
    pair.secretKey.fill(0);
    return u8aToHex(pair.publicKey);
  } finally {
    seed.fill(0);
  }
}

export function pairFromMnemonic(phrase: string, type: KeyType): KeyringPair {
  const seed = mnemonicToMiniSecret(phrase);
  try {
    return pairFromSeed(seed, type);
  } finally {
    seed.fill(0);
  }
}

/** Accepts exactly `0x` + 64 hex characters (a 32-byte seed, as `subkey` and TF Connect show it). */
export function parseSeed(input: string): Uint8Array {
  const text = input.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) {
    throw new ApiError('invalid_seed', 'a raw seed is 0x followed by 64 hexadecimal characters (32 bytes)');
  }
  return hexToU8a(text);
}

export function pairFromSeed(seed: Uint8Array, type: KeyType): KeyringPair {
  const keys = type === 'ed25519' ? ed25519PairFromSeed(seed) : sr25519PairFromSeed(seed);
  return pairFromKeys(type, keys);
}
