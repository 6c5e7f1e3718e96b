// Council and Dao through the unmodified @threefold/tfchain_client 2.9.2 (its own @polkadot/api): its council methods
// (propose with lengthBound 1000, vote, close with its time-as-weight bound) make an admin call as the dev council
// does on a real network, its requireCouncil check passes for Alice and refuses Charlie, and its Dao query reads an
// open proposal back in the shape it documents.
import { Client } from '@threefold/tfchain_client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestChain, type TestChain } from '../chain/helpers';

let t: TestChain;
let alice: Client;
let bob: Client;
let charlie: Client;

beforeAll(async () => {
  // tfchain_client logs every event and lock; keep the test output readable.
  vi.spyOn(console, 'log').mockImplementation(() => {});
  t = await startTestChain('instant');
  alice = new Client({ url: t.running.url, mnemonicOrSecret: '//Alice', keypairType: 'sr25519' });
  await alice.connect();
  bob = new Client({ url: t.running.url, mnemonicOrSecret: '//Bob', keypairType: 'sr25519' });
  await bob.connect();
  charlie = new Client({ url: t.running.url, mnemonicOrSecret: '//Charlie', keypairType: 'sr25519' });
  await charlie.connect();
});

afterAll(async () => {
  // The clients share one ApiPromise per URL; disconnecting it first keeps them from reconnecting to a closed chain.
  await alice?.disconnect();
  await t?.close();
  vi.restoreAllMocks();
});

describe('the dev council with tfchain_client', () => {
  it('lists Alice and Bob as members and no proposals', async () => {
    expect((await alice.council.members()).sort()).toEqual([alice.address, bob.address].sort());
    expect(await alice.council.getAllProposals()).toEqual([]);
    expect(await alice.council.getProposalCount()).toBe(0);
  });

  it('sets the minimum TFT price through propose, two ayes and close', async () => {
    // Its methods take a patched extrinsic, as its own modules build them.
    const proposal = alice.patchExtrinsic(alice.api.tx.tftPriceModule.setMinTftPrice(20));
    const proposed = await (await alice.council.propose({ threshold: 2, proposal })).apply();
    expect(proposed).toMatchObject({ address: alice.address, index: 0, threshold: 2 });
    const { hash, index } = proposed as { hash: string; index: number };
    expect(await alice.council.getAllProposals()).toEqual([hash]);
    expect(await alice.council.getProposal({ hash })).toMatchObject({ method: 'setMinTftPrice', section: 'tftPriceModule' });
    await (await alice.council.vote({ hash, index, approve: true })).apply();
    await (await bob.council.vote({ hash, index, approve: true })).apply();
    await (await bob.council.close({ hash, index })).apply();
    expect((await alice.api.query.tftPriceModule.minTftPrice()).toPrimitive()).toBe(20);
    expect(await alice.council.getAllProposals()).toEqual([]);
  });

  it('refuses a non-member client-side, as requireCouncil checks Council.Members', async () => {
    const proposal = charlie.patchExtrinsic(charlie.api.tx.tftPriceModule.setMinTftPrice(30));
    await expect(charlie.council.propose({ threshold: 2, proposal })).rejects.toThrow(/council member/);
  });

  it('opens a Dao proposal that its query lists as active with the remark as action', async () => {
    const proposal = alice.patchExtrinsic(alice.api.tx.system.remark('gridbox'));
    const proposed = await (await alice.dao.propose({
      threshold: 1, proposal, description: 'a remark', link: 'https://forum.threefold.io', duration: 100,
    })).apply();
    expect(proposed).toMatchObject({ address: alice.address, index: 0, threshold: 1 });
    const { active, inactive } = await alice.dao.get();
    expect(inactive).toEqual([]);
    expect(active).toHaveLength(1);
    expect(active[0]).toMatchObject({ threshold: 1, ayes: [], nayes: [], vetos: [], description: 'a remark', link: 'https://forum.threefold.io' });
  });
});
