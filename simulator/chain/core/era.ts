// Transaction mortality (sp_runtime::generic::Era): one byte 0x00 for immortal, else a u16 packing the period (a power
// of two, 4..65536) and the quantized phase. A mortal transaction is valid from its birth block (whose hash it signs)
// until birth + period.

export type Era =
  | { readonly kind: 'immortal' }
  | { readonly kind: 'mortal'; readonly period: number; readonly phase: number };

export const IMMORTAL: Era = Object.freeze({ kind: 'immortal' });

/** Decodes the era bytes of an extrinsic (1 or 2 bytes); throws on an invalid encoding, as Substrate does. */
export function decodeEra(bytes: Uint8Array): Era {
  const first = bytes[0];
  if (first === undefined) throw new Error('missing era');
  if (first === 0) {
    if (bytes.length !== 1) throw new Error('immortal era is one byte');
    return IMMORTAL;
  }
  if (bytes.length !== 2) throw new Error('mortal era is two bytes');
  const encoded = first + (bytes[1]! << 8);
  const period = 2 ** ((encoded % 16) + 1);
  const quantizeFactor = Math.max(period >> 12, 1);
  const phase = (encoded >> 4) * quantizeFactor;
  if (period < 4 || phase >= period) throw new Error('invalid era period and phase');
  return { kind: 'mortal', period, phase };
}

export function encodeEra(era: Era): Uint8Array {
  if (era.kind === 'immortal') return Uint8Array.of(0);
  const quantizeFactor = Math.max(era.period >> 12, 1);
  const trailingZeros = Math.log2(era.period);
  const encoded = Math.min(Math.max(trailingZeros - 1, 1), 15) | ((era.phase / quantizeFactor) << 4);
  return Uint8Array.of(encoded & 0xff, encoded >> 8);
}

/** `Era::mortal(period, current)`: rounds the period to a power of two in 4..65536 and quantizes the phase. */
export function mortalEra(period: number, current: number): Era {
  let p = 4;
  while (p < period && p < 65536) p *= 2;
  const quantizeFactor = Math.max(p >> 12, 1);
  const phase = Math.floor((current % p) / quantizeFactor) * quantizeFactor;
  return { kind: 'mortal', period: p, phase };
}

/** The block the era was created at, as seen from block `current`. */
export function eraBirth(era: Era, current: number): number {
  if (era.kind === 'immortal') return 0;
  return Math.floor((Math.max(current, era.phase) - era.phase) / era.period) * era.period + era.phase;
}

/** The first block at which the transaction is no longer valid. */
export function eraDeath(era: Era, current: number): number {
  return era.kind === 'immortal' ? Number.POSITIVE_INFINITY : eraBirth(era, current) + era.period;
}
