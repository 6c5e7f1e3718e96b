/**
 * Gridbox key files must stay interchangeable with polkadot-js (extension, apps, TF dashboard import): checked both
 * ways with @polkadot/keyring itself, for both key types Gridbox supports.
 */
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToNumber, u8aToString } from '@polkadot/util';
import {
  base64Decode,
  jsonDecrypt,
  jsonEncryptFormat,
  naclEncrypt,
  randomAsU8a,
  scryptEncode,
  scryptToU8a,
  signatureVerify,
} from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { KEY_TYPES } from '../../../src-main/api/contract';
import { harness, MNEMONIC_12, MNEMONIC_24, PASSWORD, readKeyFile } from './fixtures';

/** salt (32) ‖ N ‖ p ‖ r, each u32 little-endian: the header util-crypto's scryptToU8a writes. */
function scryptParams(encoded: string): { N: number; p: number; r: number } {
  const bytes = base64Decode(encoded);
  return { N: u8aToNumber(bytes.subarray(32, 36)), p: u8aToNumber(bytes.subarray(36, 40)), r: u8aToNumber(bytes.subarray(40, 44)) };
}

describe('polkadot-js keystore compatibility', () => {
  it('writes v3 keystores with scrypt N=2^17, r=8, p=1 for the key and for the kept mnemonic', async () => {
    const h = harness();
    const { address } = await h.vault.import({ name: 'Farm', password: PASSWORD, source: { kind: 'mnemonic', mnemonic: MNEMONIC_12, type: 'sr25519' } });
    const file = readKeyFile(h.keysDir, address) as unknown as {
      encoded: string;
      encoding: unknown;
      address: string;
      meta: { name: string; whenCreated: number; gridbox: { mnemonic: { encoded: string } } };
    };
    expect(Object.keys(file)).toEqual(['encoded', 'encoding', 'address', 'meta']);
    expect(file.encoding).toEqual({ content: ['pkcs8', 'sr25519'], type: ['scrypt', 'xsalsa20-poly1305'], version: '3' });
    expect(file.address).toBe(address);
    expect(scryptParams(file.encoded)).toEqual({ N: 131072, r: 8, p: 1 });
    expect(scryptParams(file.meta.gridbox.mnemonic.encoded)).toEqual({ N: 131072, r: 8, p: 1 });
    // salt + params (44) + nonce (24) + pkcs8 header/secret/divider/public (16 + 64 + 5 + 32) + poly1305 tag (16)
    expect(base64Decode(file.encoded)).toHaveLength(44 + 24 + 117 + 16);
    // The kept mnemonic is an ordinary util-crypto encrypted blob under the same password.
    expect(u8aToString(jsonDecrypt(file.meta.gridbox.mnemonic as never, PASSWORD))).toBe(MNEMONIC_12);
  });

  it('upgrades an older keystore (scrypt N=2^15) to the current parameters on import', async () => {
    const h = harness();
    const source = new Keyring({ type: 'sr25519' }).addFromUri(MNEMONIC_12);
    const old = { N: 1 << 15, p: 1, r: 8 };
    const { password, salt } = scryptEncode('old password', randomAsU8a(32), old);
    const { encrypted, nonce } = naclEncrypt(source.encodePkcs8(), password.subarray(0, 32));
    const json = JSON.stringify({
      ...jsonEncryptFormat(u8aConcat(scryptToU8a(salt, old), nonce, encrypted), ['pkcs8', 'sr25519'], true),
      address: source.address,
      meta: { name: 'Old export', whenCreated: 1 },
    });
    expect(scryptParams(JSON.parse(json).encoded)).toEqual(old);
    const info = await h.vault.import({ name: 'Upgraded', password: PASSWORD, source: { kind: 'json', json, jsonPassword: 'old password' } });
    expect(info.address).toBe(source.address);
    expect(scryptParams((readKeyFile(h.keysDir, info.address) as unknown as { encoded: string }).encoded)).toEqual({ N: 131072, r: 8, p: 1 });
  });

  for (const type of KEY_TYPES) {
    it(`${type}: a Gridbox file opens in @polkadot/keyring, and signs`, async () => {
      const h = harness();
      const mnemonic = type === 'sr25519' ? MNEMONIC_12 : MNEMONIC_24;
      const info = await h.vault.import({ name: 'Farm', password: PASSWORD, source: { kind: 'mnemonic', mnemonic, type } });
      const keyring = new Keyring({ type });
      const pair = keyring.addFromJson(readKeyFile(h.keysDir, info.address) as never);
      expect(pair.type).toBe(type);
      expect(pair.meta.name).toBe('Farm');
      pair.decodePkcs8(PASSWORD);
      expect(pair.address).toBe(info.address);
      expect(pair.address).toBe(new Keyring({ type }).addFromMnemonic(mnemonic).address);
      expect(signatureVerify('payload', pair.sign('payload'), info.address).isValid).toBe(true);
    });

    it(`${type}: a keystore written by @polkadot/keyring imports into Gridbox with the same address`, async () => {
      const h = harness();
      const source = new Keyring({ type }).addFromUri(type === 'sr25519' ? MNEMONIC_24 : MNEMONIC_12, { name: 'pjs' });
      const json = JSON.stringify(source.toJson('extension password'));
      const info = await h.vault.import({ name: 'Imported', password: PASSWORD, source: { kind: 'json', json, jsonPassword: 'extension password' } });
      expect(info).toMatchObject({ address: source.address, type, locked: false });
      const { signature } = await h.vault.sign(info.address, 'payload', 'utf8');
      expect(signatureVerify('payload', signature, source.address)).toMatchObject({ isValid: true, crypto: type });
    });
  }
});
