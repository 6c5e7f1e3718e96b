// Header hashing as polkadot-js computes it (trap 2), and the extrinsic envelope: decoding what polkadot-js signs,
// rebuilding its signing payload byte for byte, and verifying sr25519, ed25519 and ecdsa signatures.
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { beforeAll, describe, expect, it } from 'vitest';
import { auraPreDigest, encodeHeader, headerHash, headerToJson } from '../../../simulator/chain/core/block';
import { mortalEra } from '../../../simulator/chain/core/era';
import { decodeExtrinsic, ExtrinsicFormatError, signingPayload } from '../../../simulator/chain/core/extrinsic';
import { initCrypto, verifySignature } from '../../../simulator/chain/core/signature';
import { sharedCodec } from './helpers';

const GENESIS = hexToU8a(`0x${'ab'.repeat(32)}`);
const BIRTH = hexToU8a(`0x${'cd'.repeat(32)}`);

beforeAll(async () => {
  await initCrypto();
});

describe('headers', () => {
  it('hash exactly as polkadot-js hashes the JSON we serve', () => {
    const { registry } = sharedCodec();
    for (const number of [0, 1, 63, 64, 16_383, 16_384, 1_073_741_823, 1_073_741_824]) {
      const header = {
        parentHash: hexToU8a(`0x${'11'.repeat(32)}`),
        number,
        stateRoot: hexToU8a(`0x${'22'.repeat(32)}`),
        extrinsicsRoot: hexToU8a(`0x${'33'.repeat(32)}`),
        logs: number === 0 ? [] : [auraPreDigest(Math.floor(1.7e12 / 6000) + number)],
      };
      const theirs = registry.createType('Header', headerToJson(header));
      expect(u8aToHex(theirs.toU8a())).toBe(u8aToHex(encodeHeader(header)));
      expect(theirs.hash.toHex()).toBe(u8aToHex(headerHash(header)));
    }
  });

  it('carries the Aura pre-runtime digest polkadot-js reads the slot from', () => {
    const { registry } = sharedCodec();
    const item = registry.createType('DigestItem', auraPreDigest(283_333_334));
    expect(item.isPreRuntime).toBe(true);
    const [engine, data] = item.asPreRuntime;
    expect(engine.toString()).toBe('aura');
    expect(registry.createType('u64', data).toNumber()).toBe(283_333_334);
  });
});

describe('extrinsics', () => {
  const codec = sharedCodec();
  const { registry } = codec;
  const method = registry.createType('Call', { callIndex: [20, 7], args: { dest: { Id: new Uint8Array(32).fill(9) }, value: 12_345 } });

  async function signWith(type: 'sr25519' | 'ed25519' | 'ecdsa', options: { immortal?: boolean; tip?: number; nonce?: number; call?: typeof method } = {}) {
    const pair = new Keyring({ type }).addFromUri(`//${type}-signer`);
    const xt = registry.createType('Extrinsic', { method: options.call ?? method });
    const era = registry.createType('ExtrinsicEra', options.immortal ? 0 : { current: 1000, period: 64 });
    xt.sign(pair, {
      blockHash: options.immortal ? GENESIS : BIRTH, genesisHash: GENESIS, era: era as never, nonce: options.nonce ?? 7, tip: options.tip ?? 0,
      runtimeVersion: { specVersion: 152, transactionVersion: 2 } as never, signedExtensions: registry.signedExtensions,
    });
    return { pair, xt };
  }

  it.each(['sr25519', 'ed25519', 'ecdsa'] as const)('decodes a %s transfer signed by polkadot-js and verifies it', async (type) => {
    const { pair, xt } = await signWith(type, { tip: 3 });
    const decoded = decodeExtrinsic(codec, xt.toU8a());
    expect(decoded.hash).toBe(xt.hash.toHex());
    const s = decoded.signed!;
    expect(u8aToHex(s.signer!)).toBe(u8aToHex(type === 'ecdsa' ? registry.createType('AccountId', pair.address).toU8a() : pair.publicKey));
    expect(s.signatureKind).toBe({ sr25519: 'Sr25519', ed25519: 'Ed25519', ecdsa: 'Ecdsa' }[type]);
    expect([s.nonce, s.tip]).toEqual([7, 3n]);
    expect(s.era).toEqual(mortalEra(64, 1000));
    expect(codec.callParts(decoded.call).name).toBe('transfer');
    const additional = { specVersion: 152, transactionVersion: 2, genesisHash: GENESIS, birthHash: BIRTH };
    const payload = signingPayload(codec, decoded, additional);
    expect(verifySignature(s.signatureKind, s.signature, payload, s.signer!)).toBe(true);
    expect(verifySignature(s.signatureKind, s.signature, signingPayload(codec, decoded, { ...additional, birthHash: GENESIS }), s.signer!)).toBe(false);
  });

  it('builds the payload polkadot-js signs, hashed when over 256 bytes', async () => {
    const big = registry.createType('Call', { callIndex: [0, 0], args: { remark: new Uint8Array(300).fill(1) } });
    for (const call of [method, big]) {
      const { xt } = await signWith('sr25519', { call, immortal: true });
      const payload = registry.createType('ExtrinsicPayload', {
        method: call.toHex(), era: '0x00', nonce: 7, tip: 0, specVersion: 152, transactionVersion: 2,
        genesisHash: GENESIS, blockHash: GENESIS,
      }, { version: 4 }).toU8a({ method: true });
      const decoded = decodeExtrinsic(codec, xt.toU8a());
      const ours = signingPayload(codec, decoded, { specVersion: 152, transactionVersion: 2, genesisHash: GENESIS, birthHash: GENESIS });
      if (payload.length > 256) expect(ours.length).toBe(32);
      else expect(u8aToHex(ours)).toBe(u8aToHex(payload));
      expect(verifySignature('Sr25519', decoded.signed!.signature, ours, decoded.signed!.signer!)).toBe(true);
    }
  });

  it('reads unsigned extrinsics and refuses malformed ones', () => {
    const unsigned = registry.createType('Extrinsic', { method: registry.createType('Call', { callIndex: [1, 0], args: { now: 5 } }) });
    const decoded = decodeExtrinsic(codec, unsigned.toU8a());
    expect(decoded.signed).toBeUndefined();
    expect(codec.callParts(decoded.call)).toMatchObject({ name: 'set', args: { now: 5n } });
    const bytes = unsigned.toU8a();
    expect(() => decodeExtrinsic(codec, bytes.subarray(0, bytes.length - 1))).toThrow(ExtrinsicFormatError);
    expect(() => decodeExtrinsic(codec, Uint8Array.of(4 << 2, 0x05, 0, 0, 0))).toThrow('unsupported extrinsic version 5');
  });
});
