/**
 * gridbox_snapshotSave / List / Restore / Delete and gridbox_reset over WebSocket, as a user's script or the Gridbox
 * app calls them: the restored state equals the saved one, subscribers see the restored head like after dev_setHead,
 * and snapshots of a persistent chain survive a restart.
 */
import { Keyring } from '@polkadot/keyring';
import { afterAll, describe, expect, it } from 'vitest';
import type { SnapshotInfoJson } from '../../../simulator/chain/rpc/chain-api';
import { freeBalance, send, TFT, transfer } from '../chain/helpers';
import { removeTempDirs, startPersistentChain, tempDataDir } from './helpers';

afterAll(removeTempDirs);

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const dave = keyring.addFromUri('//Dave');

describe('named snapshots and reset', () => {
  it('restores a saved state, announces the restored head, resets to genesis, and keeps snapshots on disk', async () => {
    const dir = tempDataDir();
    const chain = await startPersistentChain(dir);
    const { api, provider } = chain;
    const rpc = <T>(method: string, ...params: unknown[]) => provider.send<T>(method, params);
    let heads: number[] = [];
    const unsub = await api.rpc.chain.subscribeNewHeads((h) => {
      heads.push(h.number.toNumber());
    });
    try {
      await send(transfer(api, dave.address, 5n * TFT), alice, { until: 'inBlock' });
      const saved = await rpc<SnapshotInfoJson>('gridbox_snapshotSave', 'after-first-transfer');
      expect(saved).toMatchObject({ name: 'after-first-transfer', blockNumber: 1 });
      expect(saved.blockHash).toBe((await api.rpc.chain.getBlockHash(1)).toHex());

      await send(transfer(api, dave.address, 7n * TFT), alice, { until: 'inBlock' });
      await send(transfer(api, dave.address, 9n * TFT), alice, { until: 'inBlock' });
      expect(await freeBalance(api, dave.address)).toBe(21n * TFT);

      heads = [];
      expect(await rpc('gridbox_snapshotRestore', 'after-first-transfer')).toBe(saved.blockHash);
      expect((await api.rpc.chain.getHeader()).hash.toHex()).toBe(saved.blockHash);
      expect(await freeBalance(api, dave.address)).toBe(5n * TFT);
      await expect.poll(() => heads).toContain(1);
      // Alice's nonce went back with the state: her next transfer is block 2 of the restored chain.
      const next = await send(transfer(api, dave.address, TFT), alice, { until: 'inBlock' });
      expect((await api.rpc.chain.getHeader(next.blockHash)).number.toNumber()).toBe(2);
      expect(await freeBalance(api, dave.address)).toBe(6n * TFT);

      await expect(rpc('gridbox_snapshotSave', '../escape')).rejects.toThrow(/-32602.*snapshot name/);
      await expect(rpc('gridbox_snapshotRestore', 'nope')).rejects.toThrow(/no snapshot named nope/);
      expect(await rpc('gridbox_snapshotSave', 'second')).toMatchObject({ blockNumber: 2 });
      expect((await rpc<SnapshotInfoJson[]>('gridbox_snapshotList')).map((s) => s.name)).toEqual(['after-first-transfer', 'second']);

      heads = [];
      expect(await rpc('gridbox_reset')).toBe(chain.running.chain.genesisHash);
      expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(0);
      expect(await freeBalance(api, dave.address)).toBe(0n);
      await expect.poll(() => heads).toContain(0);
      expect(await rpc('gridbox_snapshotDelete', 'second')).toBe(true);
      expect(await rpc('gridbox_snapshotDelete', 'second')).toBe(false);
      expect((await api.rpc.rpc.methods()).methods.map((m) => m.toString())).toEqual(expect.arrayContaining([
        'gridbox_snapshotSave', 'gridbox_snapshotList', 'gridbox_snapshotRestore', 'gridbox_snapshotDelete', 'gridbox_reset',
      ]));
    } finally {
      unsub();
      await chain.close();
    }

    // After a restart: the chain is still at genesis (the reset was kept) and the snapshot is still there.
    const again = await startPersistentChain(dir);
    try {
      expect((await again.api.rpc.chain.getHeader()).number.toNumber()).toBe(0);
      expect(await again.provider.send('gridbox_snapshotRestore', ['after-first-transfer'])).toMatch(/^0x/);
      expect(await freeBalance(again.api, dave.address)).toBe(5n * TFT);
      expect(again.problems).toEqual([]);
    } finally {
      await again.close();
    }
  });
});
