// The dev_* controls (Chopsticks' names and semantics) on a manual-mode chain, and what they imply for the pool and
// for headers: future nonces wait, dev_newBlock includes them, every served header hashes to its block hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNames, freeBalance, nonceOf, startTestChain, TFT, transfer, type TestChain } from './helpers';

let t: TestChain;
const rpc = <T = unknown>(method: string, ...params: unknown[]): Promise<T> => t.provider.send<T>(method, params);

beforeAll(async () => {
  t = await startTestChain('manual');
});
afterAll(async () => {
  await t?.close();
});

/** Submits and resolves with the statuses seen once `until` arrives. */
function watch(hex: string, until: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    t.api.rpc.author.submitAndWatchExtrinsic(hex as never, (status) => {
      seen.push(status.type);
      if (status.type === until) resolve(seen);
    }).catch(reject);
  });
}

describe('manual block production', () => {
  it('keeps transactions in the pool until dev_newBlock, a future nonce until its predecessor is in', async () => {
    const { api, alice } = t;
    const dest = t.keyring.addFromUri('//dev-manual').address;
    const nonce = await nonceOf(api, alice.address);
    const second = await transfer(api, dest, 2n * TFT).signAsync(alice, { nonce: nonce + 1 });
    const first = await transfer(api, dest, TFT).signAsync(alice, { nonce });
    const secondDone = watch(second.toHex(), 'InBlock');
    await new Promise((r) => setTimeout(r, 50));
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(1);
    expect((await api.rpc.system.accountNextIndex(alice.address)).toNumber()).toBe(nonce);
    const firstDone = watch(first.toHex(), 'InBlock');
    await new Promise((r) => setTimeout(r, 50));
    expect((await api.rpc.system.accountNextIndex(alice.address)).toNumber()).toBe(nonce + 2);
    const number = (await api.rpc.chain.getHeader()).number.toNumber();
    await rpc('dev_newBlock');
    expect(await firstDone).toEqual(['Ready', 'InBlock']);
    expect(await secondDone).toEqual(['Future', 'Ready', 'InBlock']);
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(number + 1);
    expect(await freeBalance(api, dest)).toBe(3n * TFT);
    expect((await api.rpc.author.pendingExtrinsics()).length).toBe(0);
  });

  it('dev_newBlock builds `count` blocks, or up to `to`', async () => {
    const start = (await t.api.rpc.chain.getHeader()).number.toNumber();
    const hash = await rpc<string>('dev_newBlock', { count: 3 });
    expect((await t.api.rpc.chain.getHeader()).number.toNumber()).toBe(start + 3);
    expect((await t.api.rpc.chain.getBlockHash(start + 3)).toHex()).toBe(hash);
    await rpc('dev_newBlock', { to: start + 5 });
    expect((await t.api.rpc.chain.getHeader()).number.toNumber()).toBe(start + 5);
  });

  it('serves headers that hash, as polkadot-js computes it, to the block hash they are served under', async () => {
    const best = (await t.api.rpc.chain.getHeader()).number.toNumber();
    for (let n = 0; n <= best; n++) {
      const hash = await t.api.rpc.chain.getBlockHash(n);
      const header = await t.api.rpc.chain.getHeader(hash);
      expect(header.hash.toHex()).toBe(hash.toHex());
      if (n > 0) expect(header.digest.logs[0]!.isPreRuntime).toBe(true);
    }
  });
});

describe('time travel', () => {
  it('sets Timestamp.Now at once (ISO date or ms) and the next block follows by one slot', async () => {
    const { api } = t;
    const target = Date.parse('2030-01-01T00:00:00Z');
    expect(await rpc('dev_timeTravel', '2030-01-01T00:00:00.000Z')).toBe(target);
    expect((await api.query.timestamp.now()).toNumber()).toBe(target);
    await rpc('dev_newBlock');
    expect((await api.query.timestamp.now()).toNumber()).toBe(target + 6000);
    expect((await api.query.aura!.currentSlot!()).toJSON()).toBe((target + 6000) / 6000);
    await rpc('dev_timeTravel', target + 3_600_000);
    await rpc('dev_newBlock');
    expect((await api.query.timestamp.now()).toNumber()).toBe(target + 3_606_000);
  });
});

describe('dev_setStorage', () => {
  it('writes the named form (Chopsticks\') and raw pairs into the best block', async () => {
    const { api } = t;
    const who = t.keyring.addFromUri('//dev-set-storage').address;
    const best = (await api.rpc.chain.getHeader()).hash.toHex();
    const hash = await rpc('dev_setStorage', { System: { Account: [[[who], { providers: 1, data: { free: 42n * TFT } }]] } });
    expect(hash).toBe(best);
    expect(await freeBalance(api, who)).toBe(42n * TFT);
    const key = api.query.system.account.key(who);
    const value = api.createType('FrameSystemAccountInfo', { providers: 1, data: { free: 7n * TFT } }).toHex();
    await rpc('dev_setStorage', [[key, value]]);
    expect(await freeBalance(api, who)).toBe(7n * TFT);
    await rpc('dev_setStorage', [[key, null]]);
    expect((await api.query.system.account(who)).providers.toNumber()).toBe(0);
  });
});

describe('dev_setHead', () => {
  it('rewinds to an earlier block: its state, its number, and new blocks build on it', async () => {
    const { api, alice } = t;
    const dest = t.keyring.addFromUri('//dev-set-head').address;
    const base = await api.rpc.chain.getHeader();
    const tx = await transfer(api, dest, TFT).signAsync(alice);
    const done = watch(tx.toHex(), 'InBlock');
    await rpc('dev_newBlock');
    await done;
    const dropped = (await api.rpc.chain.getHeader()).hash.toHex();
    expect(await freeBalance(api, dest)).toBe(TFT);
    expect(await rpc('dev_setHead', base.number.toNumber())).toBe(base.hash.toHex());
    expect((await api.rpc.chain.getHeader()).hash.toHex()).toBe(base.hash.toHex());
    expect(await freeBalance(api, dest)).toBe(0n);
    expect((await rpc('chain_getHeader', dropped))).toBeNull();
    await rpc('dev_newBlock');
    expect((await api.rpc.chain.getHeader()).number.toNumber()).toBe(base.number.toNumber() + 1);
    expect((await api.rpc.chain.getHeader()).parentHash.toHex()).toBe(base.hash.toHex());
  });
});

describe('block build modes', () => {
  it('switches to Batch and back: a submitted transaction gets a block without dev_newBlock', async () => {
    const { api, alice } = t;
    await rpc('dev_setBlockBuildMode', 'Batch');
    try {
      const tx = await transfer(api, t.keyring.addFromUri('//dev-batch').address, TFT).signAsync(alice);
      expect(await watch(tx.toHex(), 'InBlock')).toEqual(['Ready', 'InBlock']);
    } finally {
      await rpc('dev_setBlockBuildMode', 'Manual');
    }
    await expect(rpc('dev_setBlockBuildMode', 'Sometimes')).rejects.toThrow('Invalid params');
  });

  it('includes transactions given to dev_newBlock', async () => {
    const { api, alice } = t;
    const dest = t.keyring.addFromUri('//dev-new-block-txs').address;
    const tx = await transfer(api, dest, TFT).signAsync(alice);
    const hash = await rpc<string>('dev_newBlock', { transactions: [tx.toHex()] });
    const events = await api.query.system.events.at(hash);
    expect(eventNames(events)).toContain('balances.Transfer');
    expect(await freeBalance(api, dest)).toBe(TFT);
  });
});
