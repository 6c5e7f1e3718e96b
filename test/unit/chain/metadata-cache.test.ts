// The metadata cache (simulator/chain/metadata/cache.ts): a chain starting from the cache serves exactly the bytes it
// would have encoded, a changed declaration never meets an old entry, and a broken cache only costs the encoding.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { u8aToHex } from '@polkadot/util';
import { afterEach, describe, expect, it } from 'vitest';
import { buildMetadataWithLookup } from '../../../simulator/chain/metadata';
import { cachedMetadata, metadataCacheKey } from '../../../simulator/chain/metadata/cache';
import { palletByName, runtime } from '../../../simulator/chain/runtime';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-metadata-cache-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const META = (version: number) => (b: Uint8Array) => b[4] === version;

describe('metadata cache', () => {
  it('serves the same V14 and V15 bytes and ids as a fresh encoding, from the second start on without encoding', () => {
    const dir = tempDir();
    for (const version of [14, 15] as const) {
      const fresh = buildMetadataWithLookup(runtime, version, undefined);
      const first = buildMetadataWithLookup(runtime, version, dir);
      const second = buildMetadataWithLookup(runtime, version, dir);
      expect(u8aToHex(first.bytes)).toBe(u8aToHex(fresh.bytes));
      expect(u8aToHex(second.bytes)).toBe(u8aToHex(fresh.bytes));
      const calls = palletByName(runtime, 'TfgridModule').calls!;
      expect(second.idOf(calls)).toBe(fresh.idOf(calls));
    }
    expect(readdirSync(dir).sort()).toEqual([expect.stringMatching(/^v14-[0-9a-f]{32}\.bin$/), expect.stringMatching(/^v15-[0-9a-f]{32}\.bin$/)]);
    let encoded = 0;
    const structure = { any: 'thing' };
    const bytes = cachedMetadata(dir, 14, structure, () => (encoded++, new Uint8Array([1, 2, 3, 4, 14, 9])), META(14));
    expect(cachedMetadata(dir, 14, structure, () => (encoded++, new Uint8Array()), META(14))).toEqual(bytes);
    expect(encoded).toBe(1);
  });

  it('keys on the structure and the version, and keeps one entry per version', () => {
    expect(metadataCacheKey(14, { a: 1 })).not.toBe(metadataCacheKey(14, { a: 2 }));
    expect(metadataCacheKey(14, { a: 1 })).not.toBe(metadataCacheKey(15, { a: 1 }));
    const dir = tempDir();
    cachedMetadata(dir, 14, { a: 1 }, () => new Uint8Array([0, 0, 0, 0, 14]), META(14));
    const changed = cachedMetadata(dir, 14, { a: 2 }, () => new Uint8Array([1, 1, 1, 1, 14]), META(14));
    expect([...changed]).toEqual([1, 1, 1, 1, 14]);
    expect(readdirSync(dir)).toEqual([`v14-${metadataCacheKey(14, { a: 2 })}.bin`]);
  });

  it('encodes again over a damaged entry, and without a writable folder', () => {
    const dir = tempDir();
    const structure = { b: 1 };
    writeFileSync(join(dir, `v14-${metadataCacheKey(14, structure)}.bin`), 'garbage');
    expect([...cachedMetadata(dir, 14, structure, () => new Uint8Array([5, 5, 5, 5, 14]), META(14))]).toEqual([5, 5, 5, 5, 14]);
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    expect([...cachedMetadata(join(file, 'below'), 14, structure, () => new Uint8Array([6, 6, 6, 6, 14]), META(14))]).toEqual([6, 6, 6, 6, 14]);
  });
});
