// Tip priority with an unmodified ApiPromise: two senders' transfers wait in manual mode, and the block puts the
// higher tip first although it arrived second; a same-nonce replacement needs a higher priority (1014 otherwise).
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Hash } from '@polkadot/types/interfaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChain, TFT, type TestChain } from './helpers';

/** Sends an already signed transaction; resolves with its InBlock hash. */
function inBlock(tx: SubmittableExtrinsic<'promise'>): Promise<Hash> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no InBlock within 20 s')), 20_000);
    tx.send((r) => {
      if (!r.status.isInBlock) return;
      clearTimeout(timer);
      resolve(r.status.asInBlock);
    }).catch(reject);
  });
}

let t: TestChain;

beforeAll(async () => {
  t = await startTestChain('manual');
});
afterAll(async () => {
  await t?.close();
});

describe('tip-based priority', () => {
  it('includes the higher-tip transfer first when both are pending, and says so in the pool order', async () => {
    const { api, alice, bob } = t;
    const dest = t.keyring.addFromUri('//tip-dest').address;
    const low = await api.tx.balances.transferKeepAlive(dest, TFT).signAsync(alice, { tip: 0 });
    const high = await api.tx.balances.transferKeepAlive(dest, TFT).signAsync(bob, { tip: 1000n });
    const lowSent = inBlock(low);
    const highSent = inBlock(high);
    // Both pending before the block: the pool already lists them best first.
    for (let i = 0; i < 50 && (await api.rpc.author.pendingExtrinsics()).length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect((await api.rpc.author.pendingExtrinsics()).map((x) => x.hash.toHex())).toEqual([high.hash.toHex(), low.hash.toHex()]);

    await t.provider.send('dev_newBlock', [{}]);
    const [lowBlock, highBlock] = await Promise.all([lowSent, highSent]);
    expect(lowBlock.toHex()).toBe(highBlock.toHex());
    const block = await api.rpc.chain.getBlock(highBlock);
    const order = block.block.extrinsics.map((x) => x.hash.toHex());
    expect(order.indexOf(high.hash.toHex())).toBe(1);
    expect(order.indexOf(low.hash.toHex())).toBe(2);
  });

  it('refuses a same-nonce replacement without a higher tip (1014) and lets a higher tip usurp it', async () => {
    const { api, alice } = t;
    const dest = t.keyring.addFromUri('//tip-dest').address;
    const nonce = (await api.rpc.system.accountNextIndex(alice.address)).toNumber();
    const first = await api.tx.balances.transferKeepAlive(dest, TFT).signAsync(alice, { nonce, tip: 10n });
    const statuses: string[] = [];
    const unsub = await first.send((r) => {
      statuses.push(r.status.type);
    });
    const same = await api.tx.balances.transferKeepAlive(dest, 2n * TFT).signAsync(alice, { nonce, tip: 10n });
    await expect(same.send()).rejects.toThrow('1014: Priority is too low');
    const better = await api.tx.balances.transferKeepAlive(dest, 2n * TFT).signAsync(alice, { nonce, tip: 11n });
    await better.send();
    for (let i = 0; i < 50 && !statuses.includes('Usurped'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(statuses).toEqual(['Ready', 'Usurped']);
    unsub();
    expect((await api.rpc.author.pendingExtrinsics()).map((x) => x.hash.toHex())).toEqual([better.hash.toHex()]);
  });
});
