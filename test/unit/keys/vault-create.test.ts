import { existsSync, readdirSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { mnemonicValidate } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { answersFor, expectApiError, harness, PASSWORD, readKeyFile, snapshot } from './fixtures';

describe('KeyVault creation', () => {
  it('begins with a fresh mnemonic held in memory only, and a sorted challenge of three distinct positions', () => {
    const { vault, keysDir, clock } = harness();
    for (const words of [12, 24] as const) {
      const draft = vault.createBegin({ words, type: 'sr25519' });
      expect(draft.mnemonic.split(' ')).toHaveLength(words);
      expect(mnemonicValidate(draft.mnemonic)).toBe(true);
      expect(draft.challenge).toHaveLength(3);
      expect(new Set(draft.challenge).size).toBe(3);
      expect([...draft.challenge].sort((a, b) => a - b)).toEqual(draft.challenge);
      for (const p of draft.challenge) expect(p >= 1 && p <= words).toBe(true);
      expect(draft.expiresAt).toBe(clock.now() + 10 * 60_000);
      expect(draft.address).toBe(new Keyring({ type: 'sr25519' }).addFromMnemonic(draft.mnemonic).address);
    }
    expect(vault.createBegin({ words: 12, type: 'ed25519' }).address).toMatch(/^5/);
    expect(existsSync(keysDir)).toBe(false);
  });

  it('rejects a wrong word without writing anything, keeps the draft, then saves an unlocked account', async () => {
    const { vault, keysDir, events } = harness();
    const draft = vault.createBegin({ words: 12, type: 'sr25519' });
    const answers = answersFor(draft.mnemonic, draft.challenge);
    const [first, second] = draft.challenge as [number, number, number];
    const words = draft.mnemonic.split(' ');
    const wrong = { ...answers, [String(second)]: words[second - 1] === 'abandon' ? 'ability' : 'abandon' };

    const err = await expectApiError(vault.createConfirm({ draftId: draft.draftId, name: 'Farm', password: PASSWORD, words: wrong }), 'confirmation_failed');
    expect(err.message).toContain(`word ${second} does not match`);
    const missing = { ...answers };
    delete missing[String(first)];
    await expectApiError(vault.createConfirm({ draftId: draft.draftId, name: 'Farm', password: PASSWORD, words: missing }), 'confirmation_failed');
    expect(existsSync(keysDir)).toBe(false);
    expect(events).toEqual([]);

    // Answers are compared trimmed and case-insensitively.
    const sloppy = Object.fromEntries(Object.entries(answers).map(([k, w]) => [k, ` ${w.toUpperCase()} `]));
    const info = await vault.createConfirm({ draftId: draft.draftId, name: 'Farm', password: PASSWORD, words: sloppy });
    expect(info).toMatchObject({ address: draft.address, publicKey: draft.publicKey, name: 'Farm', type: 'sr25519', dev: false, locked: false, hasMnemonic: true });
    expect(readdirSync(keysDir)).toEqual([`${draft.address}.json`]);
    const file = readKeyFile(keysDir, draft.address);
    expect(file.meta).toMatchObject({ name: 'Farm', whenCreated: info.createdAt });
    expect(events.at(-1)?.[0]).toMatchObject({ address: draft.address, locked: false });

    // The draft is gone once used.
    await expectApiError(vault.createConfirm({ draftId: draft.draftId, name: 'Farm', password: PASSWORD, words: answers }), 'expired');
  });

  it('forgets drafts after ten minutes and on cancel', async () => {
    const { vault, clock, keysDir } = harness();
    const old = vault.createBegin({ words: 12, type: 'sr25519' });
    clock.advance(10 * 60_000 + 1);
    await expectApiError(
      vault.createConfirm({ draftId: old.draftId, name: 'Late', password: PASSWORD, words: answersFor(old.mnemonic, old.challenge) }),
      'expired',
    );
    const cancelled = vault.createBegin({ words: 12, type: 'sr25519' });
    vault.createCancel(cancelled.draftId);
    await expectApiError(
      vault.createConfirm({ draftId: cancelled.draftId, name: 'Gone', password: PASSWORD, words: answersFor(cancelled.mnemonic, cancelled.challenge) }),
      'expired',
    );
    await expectApiError(vault.createConfirm({ draftId: 'nope', name: 'X', password: PASSWORD, words: {} }), 'expired');
    expect(existsSync(keysDir)).toBe(false);
  });

  it('reveals the mnemonic with the right password only; a wrong password changes nothing on disk', async () => {
    const { vault, keysDir } = harness();
    const draft = vault.createBegin({ words: 24, type: 'ed25519' });
    const info = await vault.createConfirm({ draftId: draft.draftId, name: 'Node', password: PASSWORD, words: answersFor(draft.mnemonic, draft.challenge) });
    expect(info.type).toBe('ed25519');
    const before = snapshot(keysDir);
    const err = await expectApiError(vault.revealMnemonic(info.address, 'not the password'), 'wrong_password');
    expect(err.message).not.toContain('not the password');
    expect(snapshot(keysDir)).toEqual(before);
    expect(await vault.revealMnemonic(info.address, PASSWORD)).toEqual({ mnemonic: draft.mnemonic });
    expect(snapshot(keysDir)).toEqual(before);
  });
});
