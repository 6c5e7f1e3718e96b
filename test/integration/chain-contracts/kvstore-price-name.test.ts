// TFKVStore, TFTPriceModule and name contracts end to end, through @threefold/tfchain_client 2.9.2 (its nested
// @polkadot/api 15) as grid_client drives them, against a real dev chain.
import { Client } from '@threefold/tfchain_client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestChain } from '../chain/helpers';
import { entries, query, rpc, seedTwin, startContractsChain, tx } from './harness';

let t: TestChain;
let client: Client;

beforeAll(async () => {
  // tfchain_client logs every event and lock; keep the test output readable.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  t = await startContractsChain();
  await seedTwin(t, 1, t.alice);
  client = new Client({ url: t.running.url, mnemonicOrSecret: '//Alice' });
  await client.connect();
});
afterAll(async () => {
  await client?.disconnect();
  await t?.close();
  vi.restoreAllMocks();
});

describe('TFKVStore through tfchain_client', () => {
  it('sets, gets, lists and deletes keys of the signer', async () => {
    expect(await (await client.kvStore.set({ key: 'deployments/a', value: 'one' })).apply()).toBe(client.address);
    await (await client.kvStore.set({ key: 'deployments/b', value: 'two' })).apply();
    expect(await client.kvStore.get({ key: 'deployments/a' })).toBe('one');
    expect((await client.kvStore.list()).sort()).toEqual(['deployments/a', 'deployments/b']);
    expect(await (await client.kvStore.delete({ key: 'deployments/a' })).apply()).toBe(client.address);
    expect(await client.kvStore.list()).toEqual(['deployments/b']);
    // Another account sees nothing of Alice's.
    expect((await entries(t, 'tfkvStore', 'tfkvStore', t.bob.address)).length).toBe(0);
    expect(await client.kvStore.deleteAll()).toEqual(['deployments/b']);
    expect(await client.kvStore.list()).toEqual([]);
  });

  it('refuses to delete a missing key with NoValueStored', async () => {
    await expect((await client.kvStore.delete({ key: 'missing' })).apply()).rejects.toMatchObject({ keyError: 'NoValueStored' });
  });
});

describe('TFTPriceModule', () => {
  it('starts at a price billing can use, within the dev min and max', async () => {
    expect(await client.tftPrice.get()).toBe(10);
    expect((await query(t, 'tftPriceModule', 'averageTftPrice')).toNumber()).toBe(10);
    expect((await query(t, 'tftPriceModule', 'minTftPrice')).toNumber()).toBe(10);
    expect((await query(t, 'tftPriceModule', 'maxTftPrice')).toNumber()).toBe(1000);
  });

  it('lets a validator (Alice) set prices and averages them; others are refused', async () => {
    const { api, alice, bob } = t;
    const block = (await api.rpc.chain.getHeader()).number.toNumber();
    const ok = await new Promise<string[]>((resolve, reject) => {
      tx(t, 'tftPriceModule', 'setPrices', 30, block).signAndSend(alice, ({ status, events }) => {
        if (status.isInBlock) resolve(events.map(({ event }) => `${event.section}.${event.method}`));
      }).catch(reject);
    });
    expect(ok).toContain('tftPriceModule.PriceStored');
    expect(ok).toContain('tftPriceModule.AveragePriceStored');
    expect((await query(t, 'tftPriceModule', 'tftPrice')).toNumber()).toBe(30);
    expect((await query(t, 'tftPriceModule', 'averageTftPrice')).toNumber()).toBe(20); // (10 + 30) / 2
    const refused = await new Promise<string>((resolve, reject) => {
      tx(t, 'tftPriceModule', 'setPrices', 99, block).signAndSend(bob, ({ status, dispatchError }) => {
        if (status.isInBlock && dispatchError?.isModule) resolve(api.registry.findMetaError(dispatchError.asModule).name);
      }).catch(reject);
    });
    expect(refused).toBe('AccountUnauthorizedToSetPrice');
  });
});

describe('name contracts through tfchain_client', () => {
  it('creates, reads and cancels a name contract; a taken name is NameExists', async () => {
    const contract = await (await client.contracts.createName({ name: 'gridbox-gw' })).apply();
    expect(contract).toMatchObject({ state: { created: null }, twinId: 1, contractType: { nameContract: { name: 'gridbox-gw' } } });
    const id = contract.contractId;
    expect(await client.contracts.getContractIdByName({ name: 'gridbox-gw' })).toBe(id);
    expect(await client.contracts.get({ id })).toMatchObject({ contractId: id, twinId: 1 });
    expect(await client.contracts.getContractPaymentState(id)).toMatchObject({ standardReserve: 0, cycles: 0 });

    await expect((await client.contracts.createName({ name: 'gridbox-gw' })).apply()).rejects.toMatchObject({ keyError: 'NameExists' });
    await expect((await client.contracts.createName({ name: 'Bad Name' })).apply()).rejects.toMatchObject({ keyError: 'NameNotValid' });

    expect(await (await client.contracts.cancel({ id }))!.apply()).toBe(id);
    expect(await client.contracts.get({ id })).toBeNull();
    expect(await client.contracts.getContractIdByName({ name: 'gridbox-gw' })).toBe(0);
    expect(await client.contracts.getContractPaymentState(id)).toBeNull();
    expect(t.problems).toEqual([]);
  });

  it('refuses a signer without a twin with TwinNotExists', async () => {
    const bobClient = new Client({ url: t.running.url, mnemonicOrSecret: '//Bob' });
    await bobClient.connect();
    await expect((await bobClient.contracts.createName({ name: 'bobs-name' })).apply()).rejects.toMatchObject({ keyError: 'TwinNotExists' });
  });

  it('keeps the billing frequency of the dev genesis', async () => {
    expect((await query(t, 'smartContractModule', 'billingFrequency')).toNumber()).toBe(10);
    expect(await rpc(t, 'system_chain')).toBeTruthy();
  });
});
