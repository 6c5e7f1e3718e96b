import { existsSync, readdirSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { methods } from '../../../src-main/api/contract';
import { ALICE, expectApiError, harness, MNEMONIC_12, MNEMONIC_24, PASSWORD, SEED } from './fixtures';

const KEYSTORE_PASSWORD = 'old extension password';

function keystore(overrides: Record<string, unknown> = {}, encoding: Record<string, unknown> = {}): string {
  return JSON.stringify({
    encoded: 'AAAA',
    encoding: { content: ['pkcs8', 'sr25519'], type: ['scrypt', 'xsalsa20-poly1305'], version: '3', ...encoding },
    address: ALICE,
    meta: { name: 'x' },
    ...overrides,
  });
}

describe('KeyVault import', () => {
  it('imports a mnemonic (sr25519 by default) with the address polkadot-js derives, and keeps the phrase', async () => {
    const { vault, keysDir, events } = harness();
    // Extra spaces, capitals and line breaks are what people paste.
    const params = methods['keys.import'].params.parse({
      name: 'Twin',
      password: PASSWORD,
      source: { kind: 'mnemonic', mnemonic: `  ${MNEMONIC_12.toUpperCase().replace(/ /g, ' \n ')} ` },
    });
    const info = await vault.import(params);
    expect(info).toMatchObject({
      address: new Keyring({ type: 'sr25519' }).addFromMnemonic(MNEMONIC_12).address,
      type: 'sr25519',
      hasMnemonic: true,
      locked: false,
      dev: false,
    });
    expect(readdirSync(keysDir)).toEqual([`${info.address}.json`]);
    expect(events).toHaveLength(1);

    // The same account again, whatever the source, is refused before any encryption.
    await expectApiError(
      vault.import({ name: 'Again', password: PASSWORD, source: { kind: 'mnemonic', mnemonic: MNEMONIC_12, type: 'sr25519' } }),
      'already_exists',
    );
  });

  it('imports a raw seed as ed25519; there is no mnemonic to reveal', async () => {
    const { vault } = harness();
    const info = await vault.import({ name: 'Seed', password: PASSWORD, source: { kind: 'seed', seed: SEED, type: 'ed25519' } });
    expect(info.address).toBe(new Keyring({ type: 'ed25519' }).addFromUri(SEED).address);
    expect(info).toMatchObject({ type: 'ed25519', hasMnemonic: false });
    const err = await expectApiError(vault.revealMnemonic(info.address, PASSWORD), 'not_found');
    expect(err.message).toContain('raw seed');
  });

  it('refuses bad mnemonics with a clear reason and writes nothing', async () => {
    const { vault, keysDir } = harness();
    const words = MNEMONIC_12.split(' ');
    const cases: [string, RegExp][] = [
      [[...words.slice(0, 11), 'wrong'].join(' '), /checksum/],
      [[...words.slice(0, 2), 'notaword', ...words.slice(3)].join(' '), /word 3 .*word list/],
      [words.slice(0, 11).join(' '), /12, 15, 18, 21 or 24 words; this one has 11/],
      [MNEMONIC_24.split(' ').reverse().join(' '), /checksum/],
    ];
    for (const [mnemonic, reason] of cases) {
      const err = await expectApiError(
        vault.import({ name: 'Bad', password: PASSWORD, source: { kind: 'mnemonic', mnemonic, type: 'sr25519' } }),
        'invalid_mnemonic',
      );
      expect(err.message).toMatch(reason);
      expect(err.message).not.toContain('legal winner');
    }
    expect(existsSync(keysDir)).toBe(false);
  });

  it('refuses seeds that are not 0x + 64 hex characters', async () => {
    const { vault, keysDir } = harness();
    for (const seed of [SEED.slice(2), SEED.slice(0, -2), `${SEED}00`, SEED.replace(/.$/, 'g'), 'Alice']) {
      const err = await expectApiError(vault.import({ name: 'Bad', password: PASSWORD, source: { kind: 'seed', seed, type: 'sr25519' } }), 'invalid_seed');
      expect(err.message).not.toContain(SEED.slice(2, 20));
    }
    expect(existsSync(keysDir)).toBe(false);
  });

  it('refuses the seed of a development account: it is always listed already', async () => {
    const { vault, keysDir } = harness();
    const aliceSeed = '0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a';
    const err = await expectApiError(
      vault.import({ name: 'Mine', password: PASSWORD, source: { kind: 'seed', seed: aliceSeed, type: 'sr25519' } }),
      'already_exists',
    );
    expect(err.message).toContain('Alice');
    expect(existsSync(keysDir)).toBe(false);
  });

  it('imports a polkadot-js keystore, re-encrypting it with the new password; a wrong keystore password writes nothing', async () => {
    const { vault, keysDir } = harness();
    const pair = new Keyring({ type: 'sr25519' }).addFromUri(MNEMONIC_24, { name: 'From extension', genesisHash: '0x00' });
    const json = JSON.stringify(pair.toJson(KEYSTORE_PASSWORD));

    await expectApiError(
      vault.import({ name: 'Imported', password: PASSWORD, source: { kind: 'json', json, jsonPassword: 'guess' } }),
      'wrong_password',
    );
    expect(existsSync(keysDir)).toBe(false);

    const info = await vault.import({ name: 'Imported', password: PASSWORD, source: { kind: 'json', json, jsonPassword: KEYSTORE_PASSWORD } });
    expect(info).toMatchObject({ address: pair.address, name: 'Imported', type: 'sr25519', hasMnemonic: false, locked: false });
    vault.lock(info.address);
    await expectApiError(vault.unlock(info.address, KEYSTORE_PASSWORD), 'wrong_password');
    expect(await vault.unlock(info.address, PASSWORD)).toMatchObject({ locked: false });
    const err = await expectApiError(vault.revealMnemonic(info.address, PASSWORD), 'not_found');
    expect(err.message).toContain('JSON keystore');
  });

  it('refuses files that are not single-account v3 sr25519/ed25519 keystores, before asking for any crypto', async () => {
    const { vault, keysDir } = harness();
    const cases: [string, RegExp][] = [
      ['not json at all', /not valid JSON/],
      ['[1,2]', /not a polkadot-js keystore/],
      [JSON.stringify({ hello: 'world' }), /not a polkadot-js keystore/],
      [keystore({}, { version: '2' }), /version 3/],
      [keystore({}, { content: ['batch-pkcs8'] }), /several accounts/],
      [keystore({}, { content: ['pkcs8', 'ecdsa'] }), /"ecdsa" is not supported/],
      [keystore({}, { content: ['pkcs8', 'ethereum'] }), /"ethereum" is not supported/],
      [keystore({}, { type: ['none'] }), /not encrypted/],
      [keystore({ address: 'nope' }), /address/],
      [keystore({ encoded: '@@not base64@@' }), /malformed/],
    ];
    for (const [json, reason] of cases) {
      const err = await expectApiError(
        vault.import({ name: 'Bad', password: PASSWORD, source: { kind: 'json', json, jsonPassword: 'whatever' } }),
        'invalid_keystore',
      );
      expect(err.message).toMatch(reason);
    }
    expect(existsSync(keysDir)).toBe(false);
  });
});
