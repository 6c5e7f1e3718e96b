/**
 * A chain with a data directory, driven by @polkadot/api: transfers, a twin and a farm, then a restart on the same
 * directory. Everything a user did is still there (balances, twins, farms, block hashes, old blocks' bodies), and
 * new blocks continue the numbering. Also: the lock against a second chain on the same directory, a directory from
 * another genesis refused with a pointer to --reset, and --reset starting over.
 */
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { afterAll, describe, expect, it } from 'vitest';
import { startChain } from '../../../simulator/chain';
import { freeBalance, send, TFT, transfer } from '../chain/helpers';
import { removeTempDirs, startPersistentChain, tempDataDir } from './helpers';

afterAll(removeTempDirs);

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const charlie = keyring.addFromUri('//Charlie');

describe('a chain with --data', () => {
  it('keeps balances, twins, farms and blocks across a restart, and continues the numbering', async () => {
    const dir = tempDataDir();
    const first = await startPersistentChain(dir);
    expect(first.running.chain.persistence).toMatchObject({ dataDir: dir, loadedAt: null });
    const { api } = first;
    const t1 = await send(transfer(api, charlie.address, 3n * TFT), alice, { until: 'inBlock' });
    await send(api.tx.balances.transferKeepAlive(charlie.address, 2n * TFT), bob, { until: 'inBlock' });
    await send(api.tx.tfgridModule!.userAcceptTc!('http://zos.tf/terms/v0.1', '9021d4dee05a661e2cb6838152c67f25'), alice, { until: 'inBlock' });
    await send(api.tx.tfgridModule!.createTwin!(null, null), alice, { until: 'inBlock' });
    await send(api.tx.tfgridModule!.createFarm!('persisted_farm', []), alice, { until: 'inBlock' });
    const before = {
      best: (await api.rpc.chain.getHeader()).number.toNumber(),
      hashes: await Promise.all([0, 1, 2, 3, 4, 5].map(async (n) => (await api.rpc.chain.getBlockHash(n)).toHex())),
      block1: (await api.rpc.chain.getBlock(t1.blockHash)).toHex(),
      balances: await Promise.all([alice, bob, charlie].map((k) => freeBalance(api, k.address))),
      twinId: (await api.query.tfgridModule!.twinIdByAccountID!(alice.address)).toJSON() as number,
      farmId: (await api.query.tfgridModule!.farmIdByName!('persisted_farm')).toJSON() as number,
    };
    const twin = (await api.query.tfgridModule!.twins!(before.twinId)).toJSON();
    const farm = (await api.query.tfgridModule!.farms!(before.farmId)).toJSON();
    expect(before.best).toBe(5);
    expect(twin).toMatchObject({ id: before.twinId });
    expect(farm).toMatchObject({ name: u8aToHex(Buffer.from('persisted_farm')), twinId: before.twinId });
    await first.close();

    const second = await startPersistentChain(dir);
    try {
      expect(second.running.chain.persistence).toMatchObject({ dataDir: dir, loadedAt: 5 });
      expect(second.infos.some((m) => m.includes(`chain loaded from ${dir} at block #5`))).toBe(true);
      const api2 = second.api;
      expect((await api2.rpc.chain.getHeader()).number.toNumber()).toBe(5);
      expect(await Promise.all([0, 1, 2, 3, 4, 5].map(async (n) => (await api2.rpc.chain.getBlockHash(n)).toHex()))).toEqual(before.hashes);
      expect((await api2.rpc.chain.getBlock(t1.blockHash)).toHex()).toBe(before.block1);
      expect(await Promise.all([alice, bob, charlie].map((k) => freeBalance(api2, k.address)))).toEqual(before.balances);
      expect((await api2.query.tfgridModule!.twins!(before.twinId)).toJSON()).toEqual(twin);
      expect((await api2.query.tfgridModule!.farms!(before.farmId)).toJSON()).toEqual(farm);
      // State at an old block is still readable after the restart.
      const charlieAt1 = await (await api2.at(t1.blockHash)).query.system.account(charlie.address);
      expect(charlieAt1.data.free.toBigInt()).toBe(3n * TFT);

      // The nonce carried over too: Alice's next transfer goes into block 6, on top of the old head.
      const next = await send(transfer(api2, charlie.address, TFT), alice, { until: 'inBlock' });
      const header = await api2.rpc.chain.getHeader(next.blockHash);
      expect(header.number.toNumber()).toBe(6);
      expect(header.parentHash.toHex()).toBe(before.hashes[5]);
      expect(second.problems).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuses a second chain on the same directory while the first runs', async () => {
    const dir = tempDataDir();
    const first = await startChain({ port: 0, blockMode: 'manual', dataDir: dir });
    try {
      await expect(startChain({ port: 0, blockMode: 'manual', dataDir: dir })).rejects.toThrow(/is in use by another chain \(pid \d+\)/);
    } finally {
      await first.close();
    }
    const again = await startChain({ port: 0, blockMode: 'manual', dataDir: dir });
    await again.close();
  });

  it('refuses a directory kept by another genesis, and --reset starts it over', async () => {
    const dir = tempDataDir();
    const first = await startChain({ port: 0, blockMode: 'manual', dataDir: dir });
    first.chain.dev.newBlock({ count: 3 });
    await first.close();
    const other = { genesis: { extraEndowed: [u8aToHex(charlie.publicKey)] } };
    await expect(startChain({ port: 0, blockMode: 'manual', dataDir: dir, ...other }))
      .rejects.toThrow(/holds a chain with genesis 0x[0-9a-f]{64}, not 0x[0-9a-f]{64}.*--reset/);
    const reset = await startChain({ port: 0, blockMode: 'manual', dataDir: dir, reset: true, ...other });
    try {
      expect(reset.chain.best.number).toBe(0);
      expect(reset.chain.persistence?.loadedAt).toBeNull();
    } finally {
      await reset.close();
    }
  });
});
