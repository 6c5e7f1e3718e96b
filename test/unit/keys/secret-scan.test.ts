/**
 * After creating and importing accounts every way Gridbox can, no file in the data dir may contain a mnemonic, a
 * seed or a secret key in any common encoding: only ciphertext is allowed on disk.
 */
import { readFileSync } from 'node:fs';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, stringToU8a } from '@polkadot/util';
import {
  ed25519PairFromSeed,
  mnemonicGenerate,
  mnemonicToMiniSecret,
  randomAsHex,
  sr25519PairFromSeed,
} from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { answersFor, harness, PASSWORD, walk } from './fixtures';

/** The ways bytes usually end up in a text file, including base64 at every alignment and long fragments. */
function needles(bytes: Uint8Array): Buffer[] {
  const buf = Buffer.from(bytes);
  const out: Buffer[] = [buf];
  for (const piece of [buf, buf.subarray(0, 16), buf.subarray(buf.length - 16)]) {
    out.push(Buffer.from(piece.toString('hex')), Buffer.from(piece.toString('hex').toUpperCase()));
    for (let shift = 0; shift < 3; shift++) {
      const b64 = piece.subarray(shift).toString('base64').replace(/=+$/, '');
      out.push(Buffer.from(b64.slice(0, b64.length - 4)));
    }
  }
  return out;
}

function wordSequences(mnemonic: string): RegExp[] {
  const words = mnemonic.split(' ');
  const out: RegExp[] = [];
  for (let i = 0; i + 4 <= words.length; i++) out.push(new RegExp(words.slice(i, i + 4).join('[^a-z]{0,4}'), 'i'));
  return out;
}

describe('no secret reaches the disk in the clear', () => {
  it('scans every file in the data dir after creating and importing accounts', async () => {
    const h = harness();
    const secrets: Uint8Array[] = [];
    const mnemonics: string[] = [];

    const draft = h.vault.createBegin({ words: 12, type: 'sr25519' });
    await h.vault.createConfirm({ draftId: draft.draftId, name: 'Created', password: PASSWORD, words: answersFor(draft.mnemonic, draft.challenge) });
    mnemonics.push(draft.mnemonic);

    const imported = mnemonicGenerate(24);
    await h.vault.import({ name: 'Phrase', password: PASSWORD, source: { kind: 'mnemonic', mnemonic: imported, type: 'ed25519' } });
    mnemonics.push(imported);

    const seed = randomAsHex(32);
    await h.vault.import({ name: 'Seed', password: PASSWORD, source: { kind: 'seed', seed, type: 'sr25519' } });
    secrets.push(hexToU8a(seed), sr25519PairFromSeed(seed).secretKey);

    const pjsMnemonic = mnemonicGenerate(12);
    const json = JSON.stringify(new Keyring({ type: 'sr25519' }).addFromMnemonic(pjsMnemonic).toJson('pjs password'));
    await h.vault.import({ name: 'Json', password: PASSWORD, source: { kind: 'json', json, jsonPassword: 'pjs password' } });
    mnemonics.push(pjsMnemonic);

    for (const mnemonic of mnemonics) {
      const mini = mnemonicToMiniSecret(mnemonic);
      secrets.push(mini, sr25519PairFromSeed(mini).secretKey, ed25519PairFromSeed(mini).secretKey, stringToU8a(mnemonic));
    }
    // Renaming rewrites a file: it must not bring anything back in the clear either.
    const [first] = await h.vault.list();
    await h.vault.rename(first!.address, 'Renamed');

    const files = walk(h.dataDir);
    expect(files).toHaveLength(4);
    for (const path of files) {
      const bytes = readFileSync(path);
      const text = bytes.toString('latin1');
      for (const mnemonic of mnemonics) {
        expect(text.toLowerCase().includes(mnemonic), `mnemonic in ${path}`).toBe(false);
        for (const sequence of wordSequences(mnemonic)) expect(sequence.test(text), `word sequence in ${path}`).toBe(false);
      }
      for (const secret of secrets) {
        for (const needle of needles(secret)) expect(bytes.includes(needle), `secret bytes in ${path}`).toBe(false);
      }
    }
    // Events go to every window: they carry account info only.
    const announced = JSON.stringify(h.events);
    for (const mnemonic of mnemonics) expect(announced).not.toContain(mnemonic);
    expect(announced).not.toContain(seed.slice(2));
  });

  it('would notice a leak (the scan is not vacuous)', () => {
    const seed = randomAsHex(32);
    const leaked = Buffer.from(JSON.stringify({ hex: seed, b64: Buffer.from(hexToU8a(seed)).subarray(1).toString('base64') }));
    const found = needles(hexToU8a(seed)).filter((needle) => leaked.includes(needle));
    expect(found.length).toBeGreaterThanOrEqual(2);
    expect(wordSequences('a b c d e').some((re) => re.test('["a", "b", "c", "d"]'))).toBe(true);
  });
});
