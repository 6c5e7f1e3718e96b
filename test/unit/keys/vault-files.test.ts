import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { jsonEncryptFormat, randomAsU8a, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import type { FileWrapper } from '../../../src-main/backend/keys/file-wrapper';
import { expectApiError, harness, MNEMONIC_12, PASSWORD, SEED, snapshot } from './fixtures';

/** Stands in for safeStorage: reversible and obviously not the plain JSON. */
const testWrapper: FileWrapper = {
  kind: 'os-keychain',
  wrap: (plain) => Buffer.from(plain, 'utf8').toString('base64').split('').reverse().join(''),
  unwrap: (stored) => Buffer.from(stored.split('').reverse().join(''), 'base64').toString('utf8'),
};

const importMnemonic = (h: ReturnType<typeof harness>) =>
  h.vault.import({ name: 'Farm', password: PASSWORD, source: { kind: 'mnemonic', mnemonic: MNEMONIC_12, type: 'sr25519' } });

describe('KeyVault files', () => {
  it('lists around damaged files, reports them, and never modifies or deletes them', async () => {
    const h = harness();
    const good = await importMnemonic(h);
    const keyring = new Keyring({ type: 'sr25519' });
    const garbled = keyring.addFromUri('//Garbled').address;
    const mismatched = keyring.addFromUri('//Mismatched').address;
    const goodText = readFileSync(join(h.keysDir, `${good.address}.json`), 'utf8');
    writeFileSync(join(h.keysDir, `${garbled}.json`), '{"encoded": "trunc');
    writeFileSync(join(h.keysDir, `${mismatched}.json`), goodText);
    writeFileSync(join(h.keysDir, 'backup of my key.json'), goodText);
    writeFileSync(join(h.keysDir, `.${good.address}.json.abc123.tmp`), 'partial');
    writeFileSync(join(h.keysDir, 'notes.txt'), 'not a key');
    mkdirSync(join(h.keysDir, 'old'));
    const before = snapshot(h.keysDir);

    const list = await h.vault.list();
    expect(list.filter((a) => !a.dev).map((a) => a.address)).toEqual([good.address]);
    const problems = await h.vault.listProblems();
    expect(problems.map((p) => p.file).sort()).toEqual([`${garbled}.json`, `${mismatched}.json`, 'backup of my key.json'].sort());
    expect(problems.find((p) => p.file === `${garbled}.json`)).toMatchObject({ code: 'corrupt_file', reason: 'the file is not valid JSON' });
    expect(problems.find((p) => p.file === `${mismatched}.json`)?.reason).toMatch(/does not match the file name/);

    for (const address of [garbled, mismatched]) {
      await expectApiError(h.vault.unlock(address, PASSWORD), 'corrupt_file');
      await expectApiError(h.vault.rename(address, 'Fixed'), 'corrupt_file');
      await expectApiError(h.vault.remove(address), 'corrupt_file');
      await expectApiError(h.vault.export(address, PASSWORD), 'corrupt_file');
    }
    expect(snapshot(h.keysDir)).toEqual(before);
  });

  it('refuses to import over an unreadable file of the same address', async () => {
    const h = harness();
    const address = new Keyring({ type: 'sr25519' }).addFromMnemonic(MNEMONIC_12).address;
    mkdirSync(h.keysDir, { recursive: true });
    writeFileSync(join(h.keysDir, `${address}.json`), 'garbage');
    const before = snapshot(h.keysDir);
    const err = await expectApiError(importMnemonic(h), 'corrupt_file');
    expect(err.message).toMatch(/move it out of the keys folder/);
    expect(snapshot(h.keysDir)).toEqual(before);
  });

  it('wraps files with the FileWrapper, reads both wrapped and plain files, and exports plain JSON', async () => {
    const plain = harness();
    const plainAccount = await importMnemonic(plain);

    const h = harness({ fileWrapper: testWrapper });
    const wrapped = await h.vault.import({ name: 'Wrapped', password: PASSWORD, source: { kind: 'seed', seed: SEED, type: 'ed25519' } });
    const onDisk = JSON.parse(readFileSync(join(h.keysDir, `${wrapped.address}.json`), 'utf8'));
    expect(Object.keys(onDisk).sort()).toEqual(['data', 'gridboxWrapped', 'kind']);
    expect(onDisk).toMatchObject({ gridboxWrapped: 1, kind: 'os-keychain' });
    expect(JSON.parse(testWrapper.unwrap(onDisk.data)).address).toBe(wrapped.address);

    copyFileSync(join(plain.keysDir, `${plainAccount.address}.json`), join(h.keysDir, `${plainAccount.address}.json`));
    expect((await h.vault.list()).filter((a) => !a.dev).map((a) => a.name).sort()).toEqual(['Farm', 'Wrapped']);
    expect(await h.vault.unlock(plainAccount.address, PASSWORD)).toMatchObject({ locked: false });

    h.vault.lock();
    expect(await h.vault.unlock(wrapped.address, PASSWORD)).toMatchObject({ locked: false, type: 'ed25519' });
    const { json } = await h.vault.export(wrapped.address, PASSWORD);
    const pair = new Keyring().addFromJson(JSON.parse(json));
    expect(pair.address).toBe(wrapped.address);
    expect(json).not.toContain('gridboxWrapped');

    // A rewrite (rename) moves a plain file under the wrapper.
    await h.vault.rename(plainAccount.address, 'Farm 2');
    expect(JSON.parse(readFileSync(join(h.keysDir, `${plainAccount.address}.json`), 'utf8')).gridboxWrapped).toBe(1);

    // Without the wrapper (the CLI, another machine) wrapped files are reported, not misread.
    const bare = harness({ dataDir: h.dataDir });
    expect((await bare.vault.list()).filter((a) => !a.dev)).toEqual([]);
    expect((await bare.vault.listProblems()).map((p) => p.code)).toEqual(['forbidden', 'forbidden']);
    await expectApiError(bare.vault.unlock(wrapped.address, PASSWORD), 'forbidden');
  });

  it('lists 100 accounts quickly, without decrypting, and faster again from its cache', async () => {
    const h = harness();
    mkdirSync(h.keysDir, { recursive: true });
    for (let i = 0; i < 100; i++) {
      const { publicKey } = sr25519PairFromSeed(randomAsU8a(32));
      const address = new Keyring({ type: 'sr25519' }).encodeAddress(publicKey, 42);
      // The list reads only clear fields, so random ciphertext of the right shape is enough here.
      const keystore = {
        ...jsonEncryptFormat(randomAsU8a(201), ['pkcs8', 'sr25519'], true),
        address,
        meta: { name: `Account ${i}`, whenCreated: 1_700_000_000_000 + i },
      };
      writeFileSync(join(h.keysDir, `${address}.json`), JSON.stringify(keystore));
    }
    let start = performance.now();
    const list = await h.vault.list();
    const cold = performance.now() - start;
    expect(list.filter((a) => !a.dev).map((a) => a.name)).toEqual(Array.from({ length: 100 }, (_, i) => `Account ${i}`));
    start = performance.now();
    await h.vault.list();
    const warm = performance.now() - start;
    expect(cold).toBeLessThan(1500);
    expect(warm).toBeLessThan(500);
    expect(readdirSync(h.keysDir)).toHaveLength(100);
  });

  it('writes key files readable by the owner only', async () => {
    const h = harness();
    const { address } = await h.vault.import({ name: 'x', password: PASSWORD, source: { kind: 'seed', seed: SEED, type: 'sr25519' } });
    if (process.platform !== 'win32') expect(statSync(join(h.keysDir, `${address}.json`)).mode & 0o777).toBe(0o600);
  });
});
