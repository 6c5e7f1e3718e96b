// The dev genesis: keys derived again with @polkadot/keyring, balances, issuance and council as upstream's dev spec.
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex } from '@polkadot/util';
import { system } from '../../../simulator/chain/runtime/pallets/system';
import { storageKey } from '../../../simulator/chain/runtime/storage';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALICE_ED25519, DEV_ACCOUNTS, DEV_ENDOWED, DEV_ENDOWMENT } from '../../../simulator/chain/core/dev-genesis';
import { manualChain } from './helpers';

beforeAll(async () => {
  await cryptoWaitReady();
});

describe('dev genesis', () => {
  it('uses the standard dev keys and the bridge dev mnemonics', () => {
    const sr = new Keyring({ type: 'sr25519' });
    const uris: Record<string, string> = {
      alice: '//Alice', bob: '//Bob', charlie: '//Charlie', dave: '//Dave', eve: '//Eve', ferdie: '//Ferdie',
      aliceStash: '//Alice//stash', bobStash: '//Bob//stash',
      bridge1: 'quarter between satisfy three sphere six soda boss cute decade old trend',
      bridge2: 'employ split promote annual couple elder remain cricket company fitness senior fiscal',
      bridge3: 'remind bird banner word spread volume card keep want faith insect mind',
    };
    for (const [name, uri] of Object.entries(uris)) {
      expect(u8aToHex(sr.addFromUri(uri).publicKey), name).toBe(DEV_ACCOUNTS[name as keyof typeof DEV_ACCOUNTS]);
    }
    expect(u8aToHex(new Keyring({ type: 'ed25519' }).addFromUri('//Alice').publicKey)).toBe(ALICE_ED25519);
  });

  it('endows upstream\'s seven accounts with 2^60 each, issuance matching, and a deterministic genesis hash', async () => {
    const a = await manualChain();
    const b = await manualChain();
    expect(a.genesisHash).toBe(b.genesisHash);
    const issuance = a.codec.registry.createType('u128',
      hexToU8a(a.getStorage('0xc2261276cc9d1f8598ea4b6a74b15c2f57c875e4cff74148e4628f264b974c80')!));
    expect(issuance.toBigInt()).toBe(BigInt(DEV_ENDOWED.length) * DEV_ENDOWMENT);
    for (const who of DEV_ENDOWED) {
      const raw = a.getStorage(u8aToHex(storageKey(system, 'Account', hexToU8a(who))))!;
      const info = a.codec.registry.createType('FrameSystemAccountInfo', hexToU8a(raw));
      expect(info.data.free.toBigInt()).toBe(DEV_ENDOWMENT);
      expect(info.providers.toNumber()).toBe(who === DEV_ACCOUNTS.alice ? 2 : 1);
    }
    expect(a.getStorage('0x3a6772616e6470615f617574686f726974696573')).toBe(`0x010488dc3417d5058ec4b4503e0c12ea1a0a89be200fe98922423d4334014fa6b0ee0100000000000000`);
  });
});
