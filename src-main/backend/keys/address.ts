import { u8aToHex } from '@polkadot/util';
import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { ApiError } from '../../api/errors';

/** The generic Substrate prefix: TFChain uses it, and it is what polkadot-js writes into keystores by default. */
export const SS58_PREFIX = 42;

/**
 * Validates untrusted input as an account address and returns its one canonical spelling. Key file paths are only
 * ever built from the result, so a crafted string can never name a file outside the keys folder.
 */
export function canonicalAddress(input: string): string {
  const publicKey = tryDecode(input.trim());
  if (!publicKey) throw new ApiError('invalid_params', 'that is not a valid account address');
  return encodeAddress(publicKey, SS58_PREFIX);
}

/**
 * Checksums make decoding cost a few hundred microseconds; list() asks about every key file each time, so answers
 * for addresses already seen are remembered (they are public, and bounded by the files in the keys folder).
 */
const canonicalSeen = new Set<string>();
const publicKeys = new Map<string, string>();

export function isCanonicalAddress(value: string): boolean {
  if (canonicalSeen.has(value)) return true;
  const publicKey = tryDecode(value);
  const canonical = !!publicKey && encodeAddress(publicKey, SS58_PREFIX) === value;
  if (canonical) canonicalSeen.add(value);
  return canonical;
}

/** `address` must be canonical. */
export function publicKeyHex(address: string): string {
  let hex = publicKeys.get(address);
  if (hex === undefined) publicKeys.set(address, (hex = u8aToHex(decodeAddress(address))));
  return hex;
}

function tryDecode(value: string): Uint8Array | undefined {
  // decodeAddress also takes raw hex keys and short SS58 account indices; only 32-byte account ids are accounts here.
  if (value.length === 0 || value.length > 66) return undefined;
  try {
    const publicKey = decodeAddress(value);
    return publicKey.length === 32 ? publicKey : undefined;
  } catch {
    return undefined;
  }
}
