/**
 * The encryption layer of a polkadot-js v3 keystore: scrypt turns the password into a key, xsalsa20-poly1305 seals
 * the bytes. Layout of a sealed blob: salt (32) ‖ N ‖ p ‖ r (u32 LE each) ‖ nonce (24) ‖ ciphertext.
 *
 * util-crypto does the same with a synchronous scrypt that blocks the event loop for about a second per call; in the
 * Electron main process that stalls every window's IPC. Node's scrypt runs on the libuv thread pool instead and gives
 * identical bytes, so only the key derivation is swapped; the layout and the secretbox are util-crypto's own.
 */
import { scrypt as scryptCallback, randomBytes } from 'node:crypto';
import { u8aConcat, u8aToU8a } from '@polkadot/util';
import { naclDecrypt, naclEncrypt, scryptFromU8a, scryptToU8a } from '@polkadot/util-crypto';

/** What polkadot-js writes today (util-crypto DEFAULT_PARAMS). */
export const SCRYPT_PARAMS = Object.freeze({ N: 1 << 17, p: 1, r: 8 });
export const ENCRYPTED_TYPE = ['scrypt', 'xsalsa20-poly1305'] as const;

const SALT_LENGTH = 32;
const SCRYPT_HEADER_LENGTH = SALT_LENGTH + 3 * 4;
const NONCE_LENGTH = 24;
const SECRETBOX_OVERHEAD = 16;

export class SealedBoxError extends Error {
  constructor(readonly kind: 'wrong_password' | 'malformed') {
    super(kind === 'wrong_password' ? 'the password does not open this data' : 'the encrypted data is malformed');
    this.name = 'SealedBoxError';
  }
}

interface ScryptParams {
  N: number;
  p: number;
  r: number;
}

async function deriveKey(passphrase: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array> {
  // util-crypto reads a 0x-hex passphrase as bytes; doing the same keeps such passwords interoperable.
  const secret = u8aToU8a(passphrase);
  const derived = await new Promise<Buffer>((resolve, reject) => {
    scryptCallback(
      secret,
      salt,
      64,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r * params.p },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
  const key = new Uint8Array(derived.subarray(0, 32));
  derived.fill(0);
  return key;
}

/**
 * Seals each plaintext under one key derivation: one scrypt run (the slow part) serves every blob, and each blob still
 * gets its own random nonce, so it opens on its own with util-crypto's jsonDecrypt.
 */
export async function seal(passphrase: string, ...plaintexts: Uint8Array[]): Promise<Uint8Array[]> {
  const salt = new Uint8Array(randomBytes(SALT_LENGTH));
  const key = await deriveKey(passphrase, salt, SCRYPT_PARAMS);
  try {
    const header = scryptToU8a(salt, SCRYPT_PARAMS);
    return plaintexts.map((plain) => {
      const { encrypted, nonce } = naclEncrypt(plain, key);
      return u8aConcat(header, nonce, encrypted);
    });
  } finally {
    key.fill(0);
  }
}

/** Opens a blob sealed by `seal` or by polkadot-js (any scrypt parameters util-crypto allows). */
export async function open(passphrase: string, sealed: Uint8Array): Promise<Uint8Array> {
  if (sealed.length < SCRYPT_HEADER_LENGTH + NONCE_LENGTH + SECRETBOX_OVERHEAD) throw new SealedBoxError('malformed');
  let params: ScryptParams;
  try {
    params = scryptFromU8a(sealed).params;
  } catch {
    // Unknown or oversized scrypt parameters: refusing them is what stops a crafted file from exhausting memory.
    throw new SealedBoxError('malformed');
  }
  const key = await deriveKey(passphrase, sealed.subarray(0, SALT_LENGTH), params);
  try {
    const body = sealed.subarray(SCRYPT_HEADER_LENGTH);
    const plain = naclDecrypt(body.subarray(NONCE_LENGTH), body.subarray(0, NONCE_LENGTH), key);
    if (!plain) throw new SealedBoxError('wrong_password');
    return plain;
  } finally {
    key.fill(0);
  }
}
