// The extrinsic envelope (sp_runtime UncheckedExtrinsic, version 4), decoded from the runtime's declarations:
//   Compact<u32> length ++ version byte (0x84 signed / 0x04 unsigned)
//   [signed: MultiAddress ++ MultiSignature ++ extra (one value per signed extension, in order)] ++ call
// and the signing payload `call ++ extra ++ additionalSigned`, blake2_256-hashed when longer than 256 bytes
// (chain-rpc-notes trap 10). The extra bytes are signed exactly as they appear in the extrinsic, so the payload is
// rebuilt from the received bytes rather than re-encoded.
import { compactToU8a, u8aConcat, u8aEq, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import type { Hex } from '../rpc/chain-api';
import { Reader, ScaleDecodeError } from '../runtime/scale-decode';
import type { CallValue, RuntimeCodec } from './codec';
import { decodeEra, type Era } from './era';

export type SignatureKind = 'Ed25519' | 'Sr25519' | 'Ecdsa';

export interface SignedPart {
  /** The AccountId32 of `MultiAddress::Id`; undefined when another address form was used (cannot be looked up). */
  readonly signer: Uint8Array | undefined;
  readonly signatureKind: SignatureKind;
  readonly signature: Uint8Array;
  readonly era: Era;
  readonly nonce: number;
  readonly tip: bigint;
  /** The extra exactly as sent (and signed). */
  readonly extra: Uint8Array;
}

export interface DecodedExtrinsic {
  /** Full encoding, Compact length prefix included: what blocks hold and fees are charged on. */
  readonly bytes: Uint8Array;
  readonly hex: Hex;
  /** blake2_256 of `bytes`: how clients find their transaction in a block. */
  readonly hash: Hex;
  readonly signed: SignedPart | undefined;
  readonly callBytes: Uint8Array;
  readonly call: CallValue;
}

export class ExtrinsicFormatError extends Error {
  override readonly name = 'ExtrinsicFormatError';
}

const SIGNED_BIT = 0x80;

export function decodeExtrinsic(codec: RuntimeCodec, bytes: Uint8Array): DecodedExtrinsic {
  const { version, address, signature, signedExtensions } = codec.runtime.extrinsic;
  try {
    const r = new Reader(bytes);
    const len = r.compactNumber();
    if (len !== r.remaining) throw new ExtrinsicFormatError(`length prefix says ${len} bytes, ${r.remaining} follow`);
    const versionByte = r.byte();
    if ((versionByte & 0x7f) !== version) {
      throw new ExtrinsicFormatError(`unsupported extrinsic version ${versionByte & 0x7f}`);
    }
    let signed: SignedPart | undefined;
    if (versionByte & SIGNED_BIT) {
      const addr = codec.read<Record<string, unknown>>(r, address);
      const sig = codec.read<Record<string, Uint8Array>>(r, signature);
      const [signatureKind, signatureBytes] = Object.entries(sig)[0] as [SignatureKind, Uint8Array];
      const extraStart = r.offset;
      let era: Era | undefined;
      let nonce = 0;
      let tip = 0n;
      for (const ext of signedExtensions) {
        const start = r.offset;
        const value = codec.read(r, ext.type);
        if (ext.identifier === 'CheckMortality') era = decodeEra(bytes.subarray(start, r.offset));
        else if (ext.identifier === 'CheckNonce') nonce = value as number;
        else if (ext.identifier === 'ChargeTransactionPayment') tip = value as bigint;
      }
      signed = {
        signer: 'Id' in addr ? (addr.Id as Uint8Array) : undefined,
        signatureKind,
        signature: signatureBytes,
        era: era ?? { kind: 'immortal' },
        nonce,
        tip,
        extra: bytes.subarray(extraStart, r.offset),
      };
    }
    const callBytes = bytes.subarray(r.offset);
    const call = codec.decodeCall(callBytes);
    let hex: Hex | undefined;
    return {
      bytes,
      // Only author_pendingExtrinsics needs it: not worth its cost per admitted transfer.
      get hex() {
        return (hex ??= u8aToHex(bytes));
      },
      hash: u8aToHex(blake2AsU8a(bytes, 256)),
      signed,
      callBytes,
      call,
    };
  } catch (error) {
    if (error instanceof ExtrinsicFormatError) throw error;
    if (error instanceof ScaleDecodeError || error instanceof Error) throw new ExtrinsicFormatError(error.message);
    throw error;
  }
}

/** Values of each extension's `additionalSigned` (absent: `()`). */
export interface AdditionalSigned {
  readonly specVersion: number;
  readonly transactionVersion: number;
  readonly genesisHash: Uint8Array;
  /** The hash of the era's birth block (the genesis hash for immortal transactions). */
  readonly birthHash: Uint8Array;
}

/** The last additionalSigned encoded per codec: nearly every transaction has the same (immortal, or a recent era). */
const lastAdditional = new WeakMap<RuntimeCodec, { readonly of: AdditionalSigned; readonly bytes: Uint8Array }>();

function sameAdditional(a: AdditionalSigned, b: AdditionalSigned): boolean {
  return a.specVersion === b.specVersion && a.transactionVersion === b.transactionVersion
    && u8aEq(a.genesisHash, b.genesisHash) && u8aEq(a.birthHash, b.birthHash);
}

function encodeAdditional(codec: RuntimeCodec, additional: AdditionalSigned): Uint8Array {
  const cached = lastAdditional.get(codec);
  if (cached && sameAdditional(cached.of, additional)) return cached.bytes;
  const values: Record<string, unknown> = {
    CheckSpecVersion: additional.specVersion,
    CheckTxVersion: additional.transactionVersion,
    CheckGenesis: additional.genesisHash,
    CheckMortality: additional.birthHash,
  };
  const bytes = u8aConcat(...codec.runtime.extrinsic.signedExtensions.map((ext) =>
    codec.encode(ext.additionalSigned, values[ext.identifier] ?? null, ext.identifier)));
  lastAdditional.set(codec, { of: { ...additional, genesisHash: additional.genesisHash.slice(), birthHash: additional.birthHash.slice() }, bytes });
  return bytes;
}

/** The bytes the signer signed: `call ++ extra ++ additionalSigned`, hashed when over 256 bytes. */
export function signingPayload(codec: RuntimeCodec, xt: DecodedExtrinsic, additional: AdditionalSigned): Uint8Array {
  if (!xt.signed) throw new Error('unsigned extrinsics have no signing payload');
  const payload = u8aConcat(xt.callBytes, xt.signed.extra, encodeAdditional(codec, additional));
  return payload.length > 256 ? blake2AsU8a(payload, 256) : payload;
}

/** An unsigned extrinsic (inherents): `Compact(len) ++ 0x04 ++ call`. */
export function encodeUnsigned(codec: RuntimeCodec, callBytes: Uint8Array): Uint8Array {
  const body = u8aConcat([codec.runtime.extrinsic.version], callBytes);
  return u8aConcat(compactToU8a(body.length), body);
}
