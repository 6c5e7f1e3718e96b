// The workspace archive format: what the tar writer packs the reader gives back, and archives from elsewhere that
// would write outside the target, hold links, or unpack to more than allowed are refused with a clear message.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkPath, readTarGz, TarError, writeTarGz } from '../../../simulator/grid/archive/tar';

/** A one-entry tar with an arbitrary path and type flag, as a hostile archive would carry. */
function rawTar(path: string, type: string, data = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(512);
  header.write(path, 0, 100, 'utf8');
  header.write('0000644\0', 100);
  header.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  header.write('00000000000\0', 136);
  header.write(type, 156);
  header.write('ustar\0', 257);
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of header) sum += b;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
  return gzipSync(Buffer.concat([header, data, pad, Buffer.alloc(1024)]));
}

describe('workspace archive (tar.gz)', () => {
  it('gives back the files and folders it packed, long paths and binary content included', () => {
    const binary = Buffer.from(Array.from({ length: 1500 }, (_, i) => i % 256));
    const long = `nodes/${'n'.repeat(60)}/deployments/${'d'.repeat(80)}.json`;
    const archive = writeTarGz([
      { path: 'workspace.json', type: 'file', data: Buffer.from('{"version":1}') },
      { path: 'chain', type: 'dir' },
      { path: 'chain/checkpoint.bin', type: 'file', data: binary },
      { path: long, type: 'file', data: Buffer.from('x') },
      { path: 'empty', type: 'file', data: Buffer.alloc(0) },
    ]);
    const entries = readTarGz(archive);
    expect(entries.map((e) => [e.path, e.type])).toEqual([
      ['workspace.json', 'file'], ['chain', 'dir'], ['chain/checkpoint.bin', 'file'], [long, 'file'], ['empty', 'file'],
    ]);
    expect(Buffer.from(entries[2]!.data!).equals(binary)).toBe(true);
    expect(Buffer.from(entries[0]!.data!).toString()).toBe('{"version":1}');
    expect(entries[4]!.data!.length).toBe(0);
  });

  it('refuses paths that leave the target folder', () => {
    for (const path of ['../evil', '/etc/passwd', 'a/../../b', 'a//b', 'C:/x', 'a\\b', './a']) {
      expect(() => checkPath(path), path).toThrow(TarError);
      expect(() => readTarGz(rawTar(path, '0')), path).toThrow(/unsafe path/);
    }
    expect(() => writeTarGz([{ path: '../x', type: 'file', data: Buffer.from('') }])).toThrow(/unsafe path/);
  });

  it('refuses links, too many entries, too many bytes, truncation and non-gzip input', () => {
    expect(() => readTarGz(rawTar('link', '2'))).toThrow(/only files and folders/);
    const three = writeTarGz(['a', 'b', 'c'].map((path) => ({ path, type: 'file' as const, data: Buffer.from('12345') })));
    expect(() => readTarGz(three, { maxEntries: 2, maxTotalBytes: 1000 })).toThrow(/more than 2 entries/);
    expect(() => readTarGz(three, { maxEntries: 10, maxTotalBytes: 12 })).toThrow(/more than 12 bytes/);
    const big = writeTarGz([{ path: 'zeros', type: 'file', data: Buffer.alloc(5 * 1024 * 1024) }]);
    expect(big.length).toBeLessThan(64 * 1024);
    expect(() => readTarGz(big, { maxEntries: 10, maxTotalBytes: 1024 * 1024 })).toThrow(TarError);
    const cut = gzipSync(Buffer.alloc(512, 0x41));
    expect(() => readTarGz(cut)).toThrow(TarError);
    expect(() => readTarGz(Buffer.from('not gzip at all'))).toThrow(/not a gzip archive/);
  });
});
