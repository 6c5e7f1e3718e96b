import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { DEV_NAMES } from '../../../src-main/backend/keys/dev-accounts';
import { ALICE, expectApiError, harness, MNEMONIC_12, PASSWORD, readKeyFile, snapshot } from './fixtures';

const importMnemonic = (h: ReturnType<typeof harness>, name = 'Farm') =>
  h.vault.import({ name, password: PASSWORD, source: { kind: 'mnemonic', mnemonic: MNEMONIC_12, type: 'sr25519' } });

describe('KeyVault accounts', () => {
  it('lists the six development accounts, unlocked, never written to disk, after saved accounts', async () => {
    const h = harness();
    const list = await h.vault.list();
    expect(list.map((a) => a.name)).toEqual([...DEV_NAMES]);
    expect(list.every((a) => a.dev && !a.locked && a.type === 'sr25519' && a.createdAt === 0 && !a.hasMnemonic)).toBe(true);
    const keyring = new Keyring({ type: 'sr25519' });
    expect(list.map((a) => a.address)).toEqual(DEV_NAMES.map((n) => keyring.addFromUri(`//${n}`).address));
    expect(await h.vault.unlock(ALICE, 'anything')).toMatchObject({ address: ALICE, dev: true, locked: false });
    h.vault.lock(ALICE);
    expect(existsSync(h.keysDir)).toBe(false);

    const saved = await importMnemonic(h);
    const after = await h.vault.list();
    expect(after[0]!.address).toBe(saved.address);
    expect(after.slice(1).map((a) => a.name)).toEqual([...DEV_NAMES]);
    expect(readdirSync(h.keysDir)).toEqual([`${saved.address}.json`]);
  });

  it('refuses to rename, remove, export or reveal development accounts', async () => {
    const h = harness();
    for (const op of [
      () => h.vault.rename(ALICE, 'Mine'),
      () => h.vault.remove(ALICE),
      () => h.vault.export(ALICE, PASSWORD),
      () => h.vault.revealMnemonic(ALICE, PASSWORD),
    ]) {
      const err = await expectApiError(op, 'forbidden');
      expect(err.message).toMatch(/Alice is a development account: a public test key/);
    }
    expect(existsSync(h.keysDir)).toBe(false);
  });

  it('orders saved accounts by creation time', async () => {
    const h = harness();
    const first = await importMnemonic(h, 'First');
    h.clock.advance(1000);
    const second = await h.vault.import({
      name: 'Second',
      password: PASSWORD,
      source: { kind: 'seed', seed: `0x${'11'.repeat(32)}`, type: 'sr25519' },
    });
    const saved = (await h.vault.list()).filter((a) => !a.dev);
    expect(saved.map((a) => a.address)).toEqual([first.address, second.address]);
    expect(second.createdAt - first.createdAt).toBe(1000);
  });

  it('renames without a password, changing only meta.name', async () => {
    const h = harness();
    const { address } = await importMnemonic(h);
    h.vault.lock(address);
    const before = readKeyFile(h.keysDir, address);
    h.events.length = 0;
    expect(await h.vault.rename(address, '  Main farm  ')).toMatchObject({ address, name: 'Main farm', locked: true });
    const after = readKeyFile(h.keysDir, address);
    expect(after).toEqual({ ...before, meta: { ...before.meta, name: 'Main farm' } });
    expect(h.events.at(-1)?.[0]).toMatchObject({ name: 'Main farm' });
    expect(readdirSync(h.keysDir)).toEqual([`${address}.json`]);
    await expectApiError(h.vault.rename(new Keyring().addFromUri('//Nobody').address, 'x'), 'not_found');
  });

  it('removes the key file and forgets the unlocked pair', async () => {
    const h = harness();
    const { address } = await importMnemonic(h);
    h.events.length = 0;
    await h.vault.remove(address);
    expect(readdirSync(h.keysDir)).toEqual([]);
    expect((await h.vault.list()).some((a) => a.address === address)).toBe(false);
    expect(h.events.at(-1)?.some((a) => a.address === address)).toBe(false);
    await expectApiError(h.vault.sign(address, 'x', 'utf8'), 'not_found');
    await expectApiError(h.vault.remove(address), 'not_found');
  });

  it('exports the plain polkadot-js keystore after checking the password; nothing changes on a wrong one', async () => {
    const h = harness();
    const { address } = await importMnemonic(h, 'My farm/1 ✓');
    const before = snapshot(h.keysDir);
    await expectApiError(h.vault.export(address, 'bad password'), 'wrong_password');
    expect(snapshot(h.keysDir)).toEqual(before);

    const { json, filename } = await h.vault.export(address, PASSWORD);
    expect(filename).toBe(`My-farm-1-${address}.json`);
    const exported = JSON.parse(json);
    const stored = readKeyFile(h.keysDir, address);
    expect(stored.meta.gridbox).toBeDefined();
    const { gridbox: _gridbox, ...plainMeta } = stored.meta;
    expect(exported).toEqual({ ...stored, meta: plainMeta });
    expect(json).not.toContain('gridbox');
    const pair = new Keyring().addFromJson(exported);
    pair.decodePkcs8(PASSWORD);
    expect(pair.address).toBe(address);
    expect(snapshot(h.keysDir)).toEqual(before);
  });

  it('validates addresses before touching the file system', async () => {
    const h = harness();
    await importMnemonic(h);
    const before = snapshot(h.dataDir);
    const outside = join(h.dataDir, 'victim.json');
    for (const bad of ['../victim', '../../etc/passwd', `${h.keysDir}/x`, '', '5Grwva', '0x1234']) {
      await expectApiError(h.vault.remove(bad), 'invalid_params');
      await expectApiError(h.vault.rename(bad, 'x'), 'invalid_params');
      await expectApiError(h.vault.unlock(bad, PASSWORD), 'invalid_params');
    }
    expect(existsSync(outside)).toBe(false);
    expect(snapshot(h.dataDir)).toEqual(before);
    // Any SS58 spelling of a saved account (another network prefix) reaches the same file.
    const [saved] = await h.vault.list();
    const kusama = new Keyring({ ss58Format: 2 }).encodeAddress(saved!.publicKey);
    expect((await h.vault.rename(kusama, 'Renamed')).address).toBe(saved!.address);
    expect(JSON.parse(readFileSync(join(h.keysDir, `${saved!.address}.json`), 'utf8')).meta.name).toBe('Renamed');
  });
});
