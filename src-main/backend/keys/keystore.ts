/**
 * Encrypting and decrypting key pairs as polkadot-js v3 keystores. The pkcs8 body is produced and parsed by
 * @polkadot/keyring itself, so a Gridbox file is byte-for-byte the format `pair.toJson(password)` writes.
 */
import { createPair } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import { stringToU8a, u8aToString } from '@polkadot/util';
import { base64Decode, decodeAddress, encodeAddress, jsonEncryptFormat } from '@polkadot/util-crypto';
import type { KeyType } from '../../api/contract';
import type { GridboxMeta, Meta } from './account-meta';
import { SS58_PREFIX } from './address';
import { KeystoreFormatError, type PjsKeystore, type SealedJson } from './keystore-format';
import { open, seal } from './sealed-box';

const MNEMONIC_CONTENT = ['bip39-mnemonic', 'utf8'];

const toSS58 = (publicKey: Uint8Array): string => encodeAddress(publicKey, SS58_PREFIX);

/** A pair holding its secret, built from key material Gridbox derived itself. */
export function pairFromKeys(type: KeyType, keys: { publicKey: Uint8Array; secretKey: Uint8Array }): KeyringPair {
  return createPair({ toSS58, type }, keys);
}

/**
 * Encrypts the pair (and, when given, its mnemonic) with one password. The mnemonic lands in `meta.gridbox.mnemonic`
 * as a sealed blob of its own, so it can be revealed later without being stored anywhere in the clear.
 */
export async function encryptAccount(
  pair: KeyringPair,
  password: string,
  meta: Meta,
  gridbox: Omit<GridboxMeta, 'mnemonic'>,
  mnemonic?: string,
): Promise<PjsKeystore> {
  const pkcs8 = pair.encodePkcs8();
  const secrets = mnemonic === undefined ? [pkcs8] : [pkcs8, stringToU8a(mnemonic)];
  try {
    const [sealedKey, sealedMnemonic] = await seal(password, ...secrets);
    const gridboxMeta: GridboxMeta = {
      ...gridbox,
      ...(sealedMnemonic ? { mnemonic: jsonEncryptFormat(sealedMnemonic, MNEMONIC_CONTENT, true) as SealedJson } : {}),
    };
    const encrypted = jsonEncryptFormat(sealedKey!, ['pkcs8', pair.type], true);
    return {
      encoded: encrypted.encoded,
      encoding: { content: ['pkcs8', pair.type as KeyType], type: ['scrypt', 'xsalsa20-poly1305'], version: '3' },
      address: pair.address,
      meta: { ...meta, gridbox: gridboxMeta },
    };
  } finally {
    for (const secret of secrets) secret.fill(0);
  }
}

/**
 * Decrypts a checked keystore. Throws SealedBoxError('wrong_password') for a wrong password and KeystoreFormatError
 * when the content cannot be a key for the stated address.
 */
export async function decryptAccount(keystore: PjsKeystore, password: string): Promise<KeyringPair> {
  const plain = await open(password, decodeBase64(keystore.encoded));
  const type = keystore.encoding.content[1];
  // encType 'none': the bytes are already decrypted, keyring only has to parse the pkcs8 layout.
  const pair = createPair(
    { toSS58, type },
    { publicKey: decodeAddress(keystore.address), secretKey: new Uint8Array() },
    {},
    plain,
    ['none'],
  );
  try {
    pair.decodePkcs8();
  } catch {
    throw new KeystoreFormatError('the decrypted key has an unknown layout');
  }
  if (pair.address !== keystore.address) throw new KeystoreFormatError('the key inside does not belong to the stated address');
  return pair;
}

/** Opens `meta.gridbox.mnemonic`. */
export async function decryptMnemonic(sealed: SealedJson, password: string): Promise<string> {
  const plain = await open(password, decodeBase64(sealed.encoded));
  try {
    return u8aToString(plain);
  } finally {
    plain.fill(0);
  }
}

function decodeBase64(encoded: string): Uint8Array {
  try {
    return base64Decode(encoded);
  } catch {
    throw new KeystoreFormatError('the encrypted data is not valid base64');
  }
}
