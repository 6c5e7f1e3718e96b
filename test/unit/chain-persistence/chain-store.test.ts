// The chain store against a real Chain: what a reopened directory holds equals the live chain it recorded, through
// blocks, dev_setStorage, dev_timeTravel, dev_setHead, segment rotation and a torn last record.
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Chain } from '../../../simulator/chain/core/chain';
import { ChainStore } from '../../../simulator/chain/core/persistence/chain-store';
import { decodeImage, decodeRecord, encodeImage, encodeRecord, type ChainRecord } from '../../../simulator/chain/core/persistence/records';
import { checkSnapshotName } from '../../../simulator/chain/core/persistence/snapshots';
import { frame } from '../../../simulator/chain/core/persistence/frame';
import { silentLogger, type ChainLogger } from '../../../simulator/chain/core/dispatch/env';

const root = mkdtempSync(join(tmpdir(), 'gridbox-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);

const GENESIS_TIME = 1_700_000_000_000;
const KEY: `0x${string}` = `0x${'ab'.repeat(32)}`;

/** A manual chain on `dir` with a store rotating every `segmentRecords` records. */
async function open(dir: string, segmentRecords: number, logger: ChainLogger = silentLogger): Promise<{ chain: Chain; store: ChainStore }> {
  const store = ChainStore.open(dir, { segmentRecords });
  const chain = await Chain.create({ blockMode: 'manual', genesisTime: store.meta?.genesisTime ?? GENESIS_TIME, logger });
  store.loadInto(chain);
  return { chain, store };
}

function snapshotOf(chain: Chain) {
  const hashes = Array.from({ length: chain.best.number + 1 }, (_, i) => chain.getBlockHash(i));
  return { best: chain.best.hash, hashes, state: new Map(chain.store.entries()) };
}

describe('the chain store', () => {
  it('round-trips records and images', () => {
    const changes = new Map([[KEY, Uint8Array.of(1, 2)], ['0x01', null]]);
    const header = { parentHash: new Uint8Array(32), number: 7, stateRoot: new Uint8Array(32).fill(1), extrinsicsRoot: new Uint8Array(32).fill(2), logs: [Uint8Array.of(6, 1)] };
    const records: ChainRecord[] = [
      { kind: 'block', block: { header, extrinsics: [Uint8Array.of(9, 9)], timestamp: GENESIS_TIME + 42 }, changes },
      { kind: 'rewind', number: 3 },
      { kind: 'amend', changes, nextTimestamp: null },
      { kind: 'amend', changes: new Map(), nextTimestamp: GENESIS_TIME },
    ];
    for (const r of records) expect(decodeRecord(encodeRecord(r))).toEqual(r);
    const image = {
      format: 1, genesisHash: `0x${'11'.repeat(32)}` as const, genesisTime: GENESIS_TIME, canonical: [`0x${'22'.repeat(32)}` as const],
      head: records[0]!.kind === 'block' ? records[0]!.block : undefined!, nextTimestamp: null, state: [[KEY, Uint8Array.of(5)]] as const, savedAt: 1,
    };
    expect(decodeImage(encodeImage(image))).toEqual(image);
  });

  it('reopens to exactly the live chain: blocks, setStorage, timeTravel, setHead, across segment rotations', async () => {
    const dir = freshDir();
    const { chain, store } = await open(dir, 4);
    for (let i = 0; i < 9; i++) chain.buildBlock();
    chain.dev.setStorage([[KEY, '0x0102']]);
    chain.dev.setHead(6);
    chain.buildBlock();
    await chain.dev.timeTravel(GENESIS_TIME + 10 * 86_400_000);
    for (let i = 0; i < 6; i++) chain.buildBlock();
    chain.dev.setStorage([[KEY, '0x03']]);
    const live = snapshotOf(chain);
    const liveBlock = chain.getBlock(chain.getBlockHash(10)!);
    const liveOldState = chain.getStorage(KEY as `0x${string}`, chain.getBlockHash(11)!);
    expect(store.stats.records).toBe(20); // 16 blocks, 3 in-place writes, 1 rewind
    chain.close();
    // Rotation kept the directory small: one checkpoint and at most two segments.
    expect(readdirSync(dir).filter((f) => f.startsWith('log-')).length).toBeLessThanOrEqual(2);

    const { chain: again } = await open(dir, 4);
    expect(snapshotOf(again)).toEqual(live);
    expect(again.getBlock(chain.getBlockHash(10)!)).toEqual(liveBlock);
    expect(again.getStorage(KEY as `0x${string}`, again.getBlockHash(11)!)).toEqual(liveOldState);
    // The time travel carried over: block timestamps continue from the travelled time.
    expect(again.best.timestamp).toBeGreaterThan(GENESIS_TIME + 10 * 86_400_000);
    const next = again.buildBlock();
    expect(next.number).toBe(live.hashes.length);
    expect(next.parentHash).toBe(live.best);
    again.close();
  });

  it('rewinds below the checkpoint by checkpointing the new head', async () => {
    const dir = freshDir();
    const { chain } = await open(dir, 3);
    for (let i = 0; i < 10; i++) chain.buildBlock();
    chain.dev.setHead(2);
    const live = snapshotOf(chain);
    chain.close();
    const { chain: again } = await open(dir, 3);
    expect(snapshotOf(again)).toEqual(live);
    expect(again.getBlockHash(3)).toBeNull();
    again.close();
  });

  it('drops a torn last record, says so, and continues from the block before it', async () => {
    const dir = freshDir();
    const { chain } = await open(dir, 100);
    for (let i = 0; i < 5; i++) chain.buildBlock();
    const live = snapshotOf(chain);
    chain.close();
    const segment = readdirSync(dir).find((f) => f.startsWith('log-'))!;
    appendFileSync(join(dir, segment), frame(Uint8Array.of(1, 2, 3, 4, 5, 6)).subarray(0, 9));
    const warnings: string[] = [];
    const { chain: again } = await open(dir, 100, { ...silentLogger, warn: (m) => warnings.push(m) });
    expect(snapshotOf(again)).toEqual(live);
    expect(warnings.join('\n')).toMatch(/cut a torn record off the end of .*log-\d+\.bin \(9 bytes\)/);
    again.close();
  });

  it('refuses a damaged checkpoint with a pointer to --reset', async () => {
    const dir = freshDir();
    const { chain } = await open(dir, 2);
    for (let i = 0; i < 5; i++) chain.buildBlock();
    chain.close();
    const path = join(dir, 'checkpoint.bin');
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    await expect(open(dir, 2)).rejects.toThrow(/checkpoint\.bin cannot be read .*--reset/);
  });

  it('keeps snapshots of an in-memory chain in memory, validates names, refuses another genesis', async () => {
    const chain = await Chain.create({ blockMode: 'manual', genesisTime: GENESIS_TIME });
    chain.buildBlock();
    const saved = chain.snapshots.snapshotSave('one');
    chain.buildBlock();
    chain.buildBlock();
    expect(chain.snapshots.snapshotRestore('one')).toBe(saved.blockHash);
    expect(chain.best.number).toBe(1);
    expect(chain.getBlockHash(2)).toBeNull();
    expect(chain.buildBlock().number).toBe(2);
    expect(chain.snapshots.reset()).toBe(chain.genesisHash);
    expect(chain.best.number).toBe(0);
    expect(chain.snapshots.snapshotList().map((s) => s.name)).toEqual(['one']);

    for (const bad of ['', '.', '..', 'a/b', 'x'.repeat(65), 'é']) expect(() => checkSnapshotName(bad)).toThrow(/snapshot name/);
    expect(checkSnapshotName('v1.2_final-B')).toBe('v1.2_final-B');

    const other = await Chain.create({ blockMode: 'manual', genesisTime: GENESIS_TIME, genesis: { extraEndowed: [`0x${'77'.repeat(32)}`] } });
    const image = chain.headImage();
    expect(() => other.restoreImage(image)).toThrow(/genesis/);
    chain.close();
    other.close();
  });
});
