import { Keyring } from '@polkadot/keyring';
import { stringToU8a } from '@polkadot/util';
import { signatureVerify } from '@polkadot/util-crypto';
import { describe, expect, it, vi } from 'vitest';
import { ALICE, expectApiError, harness, MNEMONIC_12, PASSWORD, SEED, snapshot } from './fixtures';

const importMnemonic = (h: ReturnType<typeof harness>) =>
  h.vault.import({ name: 'Farm', password: PASSWORD, source: { kind: 'mnemonic', mnemonic: MNEMONIC_12, type: 'sr25519' } });

describe('KeyVault locking and signing', () => {
  it('unlocks with the right password only; a wrong one changes nothing on disk or in memory', async () => {
    const h = harness();
    const { address } = await importMnemonic(h);
    h.vault.lock(address);
    expect((await h.vault.list())[0]).toMatchObject({ address, locked: true });
    await expectApiError(h.vault.sign(address, 'hello', 'utf8'), 'locked');

    const before = snapshot(h.keysDir);
    const err = await expectApiError(h.vault.unlock(address, 'wrong password!'), 'wrong_password');
    expect(err.message).not.toContain('wrong password!');
    expect(snapshot(h.keysDir)).toEqual(before);
    expect((await h.vault.list())[0]!.locked).toBe(true);

    h.events.length = 0;
    expect(await h.vault.unlock(address, PASSWORD)).toMatchObject({ address, locked: false });
    expect(h.events.at(-1)?.[0]).toMatchObject({ address, locked: false });
    expect(snapshot(h.keysDir)).toEqual(before);
  });

  it('signs UTF-8 text and hex bytes with an unlocked account; signatures verify against the address', async () => {
    const h = harness();
    const sr = await importMnemonic(h);
    const ed = await h.vault.import({ name: 'Node', password: PASSWORD, source: { kind: 'seed', seed: SEED, type: 'ed25519' } });
    for (const account of [sr, ed]) {
      const text = await h.vault.sign(account.address, 'gridbox ✓', 'utf8');
      expect(text).toMatchObject({ publicKey: account.publicKey, type: account.type });
      expect(signatureVerify(stringToU8a('gridbox ✓'), text.signature, account.address)).toMatchObject({ isValid: true, crypto: account.type });
      const bytes = await h.vault.sign(account.address, '0xdeadbeef', 'hex');
      expect(signatureVerify('0xdeadbeef', bytes.signature, account.address).isValid).toBe(true);
      expect(signatureVerify('0xdeadbeee', bytes.signature, account.address).isValid).toBe(false);
    }
    await expectApiError(h.vault.sign(sr.address, 'deadbeef', 'hex'), 'invalid_params');
    await expectApiError(h.vault.sign(sr.address, '0xabc', 'hex'), 'invalid_params');
    await expectApiError(h.vault.sign(new Keyring().addFromUri('//Nobody').address, 'x', 'utf8'), 'not_found');
  });

  it('signs with development accounts without any unlock', async () => {
    const h = harness();
    const sig = await h.vault.sign(ALICE, 'hi', 'utf8');
    expect(signatureVerify('hi', sig.signature, ALICE).isValid).toBe(true);
  });

  it('locks one account or all, announcing only real changes', async () => {
    const h = harness();
    const sr = await importMnemonic(h);
    const ed = await h.vault.import({ name: 'Node', password: PASSWORD, source: { kind: 'seed', seed: SEED, type: 'ed25519' } });
    h.events.length = 0;
    h.vault.lock(sr.address);
    h.vault.lock(sr.address);
    await vi.waitFor(() => expect(h.events).toHaveLength(1));
    expect(h.events[0]!.filter((a) => !a.dev).map((a) => a.locked)).toEqual([true, false]);
    h.vault.lock();
    await vi.waitFor(() => expect(h.events).toHaveLength(2));
    expect(h.events[1]!.filter((a) => !a.dev).every((a) => a.locked)).toBe(true);
    await expectApiError(h.vault.sign(ed.address, 'x', 'utf8'), 'locked');
    expect(() => h.vault.lock('../../etc/passwd')).toThrow(/not a valid account address/);
  });

  it('locks every account after the inactivity limit; any request postpones it', async () => {
    const h = harness({ autoLockMinutes: 15 });
    const { address } = await importMnemonic(h);
    h.events.length = 0;
    h.clock.advance(14 * 60_000);
    expect(h.vault.checkAutoLock()).toBe(false);
    h.vault.touch();
    h.clock.advance(14 * 60_000);
    expect(h.vault.checkAutoLock()).toBe(false);
    expect((await h.vault.sign(address, 'still here', 'utf8')).signature).toMatch(/^0x/);
    h.clock.advance(60_001);
    expect(h.vault.checkAutoLock()).toBe(true);
    await expectApiError(h.vault.sign(address, 'x', 'utf8'), 'locked');
    await vi.waitFor(() => expect(h.events.at(-1)?.find((a) => a.address === address)?.locked).toBe(true));
    // Development accounts are not affected.
    expect((await h.vault.sign(ALICE, 'x', 'utf8')).type).toBe('sr25519');
  });

  it('applies a shorter auto-lock setting at once', async () => {
    const h = harness({ autoLockMinutes: 30 });
    const { address } = await importMnemonic(h);
    h.clock.advance(5 * 60_000);
    h.vault.setAutoLockMinutes(10);
    expect((await h.vault.list())[0]!.locked).toBe(false);
    h.vault.setAutoLockMinutes(1);
    await expectApiError(h.vault.sign(address, 'x', 'utf8'), 'locked');
  });
});
