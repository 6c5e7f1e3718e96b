// A node host skips a block's events unless their bytes may hold an event it acts on: a miss here would leave a
// node deaf to a cancelled contract or a power target.
import { describe, expect, it } from 'vitest';
import { decodeU64, EventPrefilter } from '../../../simulator/node/chain-watch';

describe('EventPrefilter', () => {
  const filter = new EventPrefilter([[11, 7], [19, 2]]);

  it('finds a wanted (pallet, event) pair anywhere in the bytes, the last two included', () => {
    expect(filter.mayHold(Uint8Array.of(4, 0, 0, 0, 0, 11, 7, 1, 0, 0, 0))).toBe(true);
    expect(filter.mayHold(Uint8Array.of(0, 1, 2, 19, 2))).toBe(true);
  });

  it('skips bytes holding neither pair, or only one byte of one', () => {
    expect(filter.mayHold(Uint8Array.of(4, 0, 0, 0, 0, 11, 8, 7, 11))).toBe(false);
    expect(filter.mayHold(Uint8Array.of(2, 19))).toBe(false);
    expect(filter.mayHold(new Uint8Array(0))).toBe(false);
  });
});

describe('decodeU64', () => {
  it('reads Timestamp.Now as SCALE writes it (little-endian), at an offset into a shared buffer', () => {
    const buffer = new Uint8Array(12);
    new DataView(buffer.buffer).setBigUint64(3, 1_764_147_600_123n, true);
    expect(decodeU64(buffer.subarray(3, 11))).toBe(1_764_147_600_123);
  });

  it('refuses fewer than eight bytes', () => {
    expect(() => decodeU64(Uint8Array.of(1, 2, 3))).toThrow(/8 bytes/);
  });
});
