// The log's framing and the segment file: what survives a torn tail, a flipped bit, an empty file.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frame, unframe } from '../../../simulator/chain/core/persistence/frame';
import { LogFile } from '../../../simulator/chain/core/persistence/log-file';
import { readFileAtomic, writeFileAtomic } from '../../../simulator/chain/core/persistence/atomic-file';

const dir = mkdtempSync(join(tmpdir(), 'gridbox-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (...n: number[]) => Uint8Array.from(n);
/** Buffers (what the fs gives) as plain Uint8Arrays, for comparison. */
const plain = (xs: readonly Uint8Array[]) => xs.map((x) => Uint8Array.from(x));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('record framing', () => {
  it('reads back every whole record and nothing else', () => {
    const data = concat(frame(bytes(1, 2, 3)), frame(bytes()), frame(bytes(9)));
    expect(unframe(data)).toEqual({ payloads: [bytes(1, 2, 3), bytes(), bytes(9)], validLength: data.length });
    expect(unframe(new Uint8Array(0))).toEqual({ payloads: [], validLength: 0 });
  });

  it('stops at a torn tail: a cut header or a cut payload', () => {
    const good = frame(bytes(1, 2, 3));
    const next = frame(bytes(4, 5, 6, 7));
    for (const cut of [3, 8, 10]) {
      const r = unframe(concat(good, next.subarray(0, cut)));
      expect(r).toEqual({ payloads: [bytes(1, 2, 3)], validLength: good.length, problem: 'torn' });
    }
  });

  it('stops at a record whose checksum does not match, and at an absurd length', () => {
    const bad = frame(bytes(4, 5, 6));
    bad[bad.length - 1]! ^= 0x01;
    expect(unframe(concat(frame(bytes(1)), bad, frame(bytes(2))))).toMatchObject({ payloads: [bytes(1)], validLength: 9, problem: 'checksum' });
    expect(unframe(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]))).toMatchObject({ payloads: [], problem: 'length' });
  });
});

describe('LogFile', () => {
  it('creates an empty segment, appends durably, and reads the records back on reopen', () => {
    const path = join(dir, 'a.bin');
    const first = LogFile.open(path);
    expect(first.records).toEqual([]);
    first.log.append(bytes(1, 2));
    first.log.append(bytes(3));
    first.log.close();
    const again = LogFile.open(path);
    expect(plain(again.records)).toEqual([bytes(1, 2), bytes(3)]);
    expect(again.cut).toBeUndefined();
    again.log.close();
  });

  it('cuts a torn or corrupt tail off the file and appends after the last good record', () => {
    const path = join(dir, 'b.bin');
    const opened = LogFile.open(path);
    opened.log.append(bytes(7, 7, 7));
    opened.log.close();
    const goodSize = statSync(path).size;
    appendFileSync(path, frame(bytes(8, 8, 8, 8)).subarray(0, 10)); // a write cut short by kill -9
    const torn = LogFile.open(path);
    expect(plain(torn.records)).toEqual([bytes(7, 7, 7)]);
    expect(torn.cut).toEqual({ problem: 'torn', bytes: 10 });
    expect(statSync(path).size).toBe(goodSize);
    torn.log.append(bytes(9));
    torn.log.close();
    const data = readFileSync(path);
    data[data.length - 1]! ^= 0xff; // the last record's payload damaged
    writeFileSync(path, data);
    const corrupt = LogFile.open(path);
    expect(plain(corrupt.records)).toEqual([bytes(7, 7, 7)]);
    expect(corrupt.cut?.problem).toBe('checksum');
    corrupt.log.close();
  });
});

describe('atomic files', () => {
  it('replaces the whole file and recognises a damaged one', () => {
    const path = join(dir, 'c.bin');
    writeFileAtomic(path, bytes(1, 2, 3));
    writeFileAtomic(path, bytes(4, 5));
    expect(Uint8Array.from(readFileAtomic(path))).toEqual(bytes(4, 5));
    const data = readFileSync(path);
    writeFileSync(path, data.subarray(0, data.length - 1));
    expect(() => readFileAtomic(path)).toThrow(/c\.bin is damaged \(torn\)/);
  });
});
