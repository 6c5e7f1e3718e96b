/**
 * Stellar StrKey account addresses ("G…", 56 characters), the only kind a farm's payout address may be: RFC 4648
 * base32 of a version byte (6 << 3 for an ed25519 public key), the 32-byte key and a CRC16-XModem checksum stored
 * little-endian (SEP-0023). The chain stores the address unchecked, so a typo here means rewards paid nowhere.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const ACCOUNT_ID_VERSION = 6 << 3;
const ACCOUNT_ID_LENGTH = 56;

export type StrKeyCheck = { ok: true } | { ok: false; reason: string };

/** CRC16-XModem: polynomial 0x1021, initial value 0, no reflection. */
export function crc16Xmodem(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function base32Decode(text: string): Uint8Array | null {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) return null;
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  // Leftover bits must be zero padding, or two spellings would decode to the same key.
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) return null;
  return Uint8Array.from(out);
}

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** The "G…" address of a 32-byte ed25519 public key (used by tests and examples). */
export function encodeStellarAccountId(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new Error('a Stellar account id holds a 32-byte key');
  const body = new Uint8Array(33);
  body[0] = ACCOUNT_ID_VERSION;
  body.set(publicKey, 1);
  const crc = crc16Xmodem(body);
  const full = new Uint8Array(35);
  full.set(body);
  full[33] = crc & 0xff;
  full[34] = crc >> 8;
  return base32Encode(full);
}

/** Checks a payout address; the reason says what is wrong in words a farmer can act on. */
export function checkStellarAddress(input: string): StrKeyCheck {
  const address = input.trim();
  if (!address) return { ok: false, reason: 'a Stellar address is required' };
  if (address.startsWith('S')) {
    return { ok: false, reason: 'this looks like a Stellar secret key (it starts with S): never share it; enter the public address, which starts with G' };
  }
  if (address.startsWith('M')) return { ok: false, reason: 'muxed Stellar addresses (starting with M) cannot receive farming rewards: use the account address starting with G' };
  if (!address.startsWith('G')) return { ok: false, reason: 'a Stellar public address starts with G' };
  if (address.length !== ACCOUNT_ID_LENGTH) return { ok: false, reason: `a Stellar address has ${ACCOUNT_ID_LENGTH} characters, this one has ${address.length}` };
  const bytes = base32Decode(address);
  if (!bytes) return { ok: false, reason: 'a Stellar address uses only the letters A–Z and the digits 2–7' };
  if (bytes[0] !== ACCOUNT_ID_VERSION) return { ok: false, reason: 'this is not a Stellar account address (wrong version byte)' };
  const expected = crc16Xmodem(bytes.subarray(0, 33));
  const stored = bytes[33]! | (bytes[34]! << 8);
  if (expected !== stored) return { ok: false, reason: 'the checksum does not match: a character is mistyped; copy the address again from your wallet' };
  return { ok: true };
}
