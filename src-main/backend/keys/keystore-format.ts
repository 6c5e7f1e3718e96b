/**
 * The shape of a polkadot-js v3 JSON keystore, checked without the password. The same checks serve a file being
 * imported (a failure is the user's `invalid_keystore`) and a file in the keys folder (a failure makes it a problem
 * file that is listed and left alone).
 */
import { base64Validate } from '@polkadot/util-crypto';
import { KEY_TYPES, type KeyType } from '../../api/contract';
import { canonicalAddress } from './address';
import type { Meta } from './account-meta';
import { ENCRYPTED_TYPE } from './sealed-box';

export interface SealedJson {
  encoded: string;
  encoding: { content: string[]; type: string[]; version: string };
}

export interface PjsKeystore {
  encoded: string;
  encoding: { content: ['pkcs8', KeyType]; type: ['scrypt', 'xsalsa20-poly1305']; version: '3' };
  address: string;
  meta: Meta;
}

export class KeystoreFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeystoreFormatError';
  }
}

/** A pkcs8 sr25519/ed25519 body is about 160 bytes sealed; anything far larger is not a single-account keystore. */
const MAX_ENCODED_LENGTH = 4096;

export function parseKeystoreText(text: string): PjsKeystore {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new KeystoreFormatError('the file is not valid JSON');
  }
  return checkKeystore(value);
}

export function checkKeystore(value: unknown): PjsKeystore {
  if (!isObject(value)) throw new KeystoreFormatError('the file is not a polkadot-js keystore');
  const { encoded, encoding, address, meta } = value;
  if (!isObject(encoding) || typeof encoded !== 'string') {
    throw new KeystoreFormatError('the file is not a polkadot-js keystore (no "encoded"/"encoding" fields)');
  }
  if (encoding.version !== '3') throw new KeystoreFormatError('only version 3 polkadot-js keystores are supported');
  const content = Array.isArray(encoding.content) ? encoding.content : [];
  if (content[0] === 'batch-pkcs8') {
    throw new KeystoreFormatError('this is a backup of several accounts: export the accounts one by one and import each file');
  }
  if (content[0] !== 'pkcs8') throw new KeystoreFormatError('the keystore does not hold a pkcs8 key');
  const keyType = content[1];
  if (!(KEY_TYPES as readonly unknown[]).includes(keyType)) {
    throw new KeystoreFormatError(`key type "${String(keyType).slice(0, 16)}" is not supported: Gridbox uses sr25519 and ed25519 keys`);
  }
  const types: unknown[] = Array.isArray(encoding.type) ? encoding.type : [encoding.type];
  if (!ENCRYPTED_TYPE.every((t) => types.includes(t))) {
    throw new KeystoreFormatError('the keystore is not encrypted with scrypt and xsalsa20-poly1305');
  }
  if (encoded.length === 0 || encoded.length > MAX_ENCODED_LENGTH || !isBase64(encoded)) {
    throw new KeystoreFormatError('the encrypted key in the keystore is malformed');
  }
  if (typeof address !== 'string') throw new KeystoreFormatError('the keystore has no address');
  let canonical: string;
  try {
    canonical = canonicalAddress(address);
  } catch {
    throw new KeystoreFormatError('the keystore address is not a valid SS58 address');
  }
  return {
    encoded,
    encoding: { content: ['pkcs8', keyType as KeyType], type: [...ENCRYPTED_TYPE], version: '3' },
    address: canonical,
    meta: isObject(meta) ? { ...meta } : {},
  };
}

function isBase64(value: string): boolean {
  try {
    return base64Validate(value);
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
