// The fee formula (tfchain.md §1.7) and era arithmetic (sp_runtime::generic::Era), against polkadot-js where it has
// the same logic.
import { TypeRegistry } from '@polkadot/types';
import { u8aToHex } from '@polkadot/util';
import { describe, expect, it } from 'vitest';
import { decodeEra, encodeEra, eraBirth, eraDeath, mortalEra } from '../../../simulator/chain/core/era';
import { computeFee, transactionPriority, weightToFee } from '../../../simulator/chain/core/fees';

describe('fees', () => {
  it('charges 0.001 TFT for the base weight, 1 raw per byte, and the call weight at CENTS / (10 × base weight)', () => {
    expect(weightToFee({ refTime: 124_414_000, proofSize: 0 })).toBe(10_000n);
    expect(weightToFee({ refTime: 0, proofSize: 0 })).toBe(0n);
    // 80,377 parts per billion (100,000 / 1,244,140,000 = 80,376.8 ppb, rounded): 1e9 weight → 80,377 raw.
    expect(weightToFee({ refTime: 1_000_000_000, proofSize: 0 })).toBe(80_377n);
    const fee = computeFee(140, { weight: { refTime: 184_458_000, proofSize: 3_593 }, class: 'Normal', paysFee: 'Yes' }, 7n);
    expect(fee).toEqual({
      baseFee: 10_000n, lenFee: 140n, adjustedWeightFee: 14_826n, inclusionFee: 24_966n, tip: 7n, total: 24_973n,
    });
  });

  it('charges only the tip for a call that does not pay', () => {
    const fee = computeFee(140, { weight: { refTime: 1e9, proofSize: 0 }, class: 'Normal', paysFee: 'No' }, 5n);
    expect([fee.inclusionFee, fee.total]).toEqual([0n, 5n]);
  });
});

describe('eras', () => {
  const registry = new TypeRegistry();

  it('encode and decode like polkadot-js for mortal and immortal eras', () => {
    for (const [period, current] of [[64, 1], [64, 1000], [4, 7], [256, 123_456], [65_536, 9_999_999], [100, 5]]) {
      const ours = mortalEra(period!, current!);
      const theirs = registry.createType('ExtrinsicEra', { current, period });
      expect(u8aToHex(encodeEra(ours))).toBe(theirs.toHex());
      expect(decodeEra(theirs.toU8a())).toEqual(ours);
      // Decoded from bytes, as the runtime sees it (the phase is quantized for long periods).
      const mortal = registry.createType('ExtrinsicEra', theirs.toU8a()).asMortalEra;
      expect(eraBirth(ours, current! + 3)).toBe(mortal.birth(current! + 3));
      expect(eraDeath(ours, current! + 3)).toBe(mortal.death(current! + 3));
    }
    expect(u8aToHex(encodeEra({ kind: 'immortal' }))).toBe('0x00');
    expect(decodeEra(Uint8Array.of(0))).toEqual({ kind: 'immortal' });
  });

  it('gives the birth block the era was signed at for as long as it lives', () => {
    const era = mortalEra(64, 200);
    expect(eraBirth(era, 200)).toBe(200);
    expect(eraBirth(era, 263)).toBe(200);
    expect(eraDeath(era, 201)).toBe(264);
  });

  it('refuses invalid encodings', () => {
    expect(() => decodeEra(Uint8Array.of(0x10, 0x00))).toThrow(); // period 2
    expect(() => decodeEra(Uint8Array.of(0x00, 0x00))).toThrow(); // immortal is one byte
    expect(() => decodeEra(Uint8Array.of(1))).toThrow();
  });
});

describe('transaction priority (ChargeTransactionPayment::get_priority)', () => {
  const info = (cls: 'Normal' | 'Operational', refTime = 200_000_000) =>
    ({ weight: { refTime, proofSize: 0 }, class: cls, paysFee: 'Yes' as const });

  it('scales tip + 1 by how many such transactions fit a block (the scarcer of weight and length)', () => {
    // 2e12 / 2e8 = 10,000 by weight; 3,932,160 / 100 = 39,321 by length.
    expect(transactionPriority(100, info('Normal'), 0n, 1000n)).toBe(10_000n);
    expect(transactionPriority(100, info('Normal'), 4n, 1000n)).toBe(50_000n);
    // A long extrinsic: length is the limit (3,932,160 / 1,000,000 = 3).
    expect(transactionPriority(1_000_000, info('Normal', 1), 0n, 0n)).toBe(3n);
  });

  it('gives operational calls their fee × 5 as a virtual tip, and saturates at u64::MAX', () => {
    expect(transactionPriority(100, info('Operational'), 0n, 1000n)).toBe(10_000n + 10_000n * 1000n * 5n);
    expect(transactionPriority(100, info('Normal'), 1n << 80n, 0n)).toBe((1n << 64n) - 1n);
  });
});
