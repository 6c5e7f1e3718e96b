// A time jump on a chain kept on disk: its blocks are written a slice at a time with one fdatasync each, and a
// reopened directory holds every one of them (best block, time and hashes as the live chain had them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Chain } from '../../../simulator/chain/core/chain';

const root = mkdtempSync(join(tmpdir(), 'gridbox-jump-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('gridbox_timeJump with persistence', () => {
  it('keeps every block of the jump across a restart, across segment rotations', async () => {
    const dataDir = join(root, 'chain');
    const chain = await Chain.create({ blockMode: 'manual', dataDir, genesisTime: 1_700_000_000_000, historyDepth: 512 });
    const jump = await chain.time.timeJump(3 * 3600);
    expect(jump).toMatchObject({ fromBlock: 0, toBlock: 1800, blocks: 1800 });
    expect(jump.toTime - jump.fromTime).toBe(3 * 3_600_000);
    const hashes = [1, 900, 1800].map((n) => chain.getBlockHash(n));
    expect(chain.persistence!.stats.records).toBe(1800);
    chain.close();

    const reopened = await Chain.create({ blockMode: 'manual', dataDir });
    try {
      expect(reopened.best.number).toBe(1800);
      expect(reopened.timeStatus().best.timestamp).toBe(jump.toTime);
      expect([1, 900, 1800].map((n) => reopened.getBlockHash(n))).toEqual(hashes);
      // The chain goes on from there, and a second jump during the first is refused.
      const next = reopened.time.timeJump(60);
      await expect(Promise.resolve(reopened.time.timeJump(60))).rejects.toMatchObject({ code: -32009 });
      expect((await next).toBlock).toBe(1810);
    } finally {
      reopened.close();
    }
  }, 120_000);
});
