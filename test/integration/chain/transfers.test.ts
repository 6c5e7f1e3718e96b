// Transfers end to end with an unmodified ApiPromise: statuses, event order and phases, balances and nonces, nonces
// without an explicit value (trap 3), mortal eras past genesis (trap 2), and the refusals clients match on.
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventNames, freeBalance, nonceOf, send, startTestChain, TFT, transfer, type TestChain } from './helpers';

let t: TestChain;

beforeAll(async () => {
  t = await startTestChain('instant');
});
afterAll(async () => {
  await t?.close();
});

describe('a transfer from Alice (sr25519) to a fresh account', () => {
  it('goes ready → inBlock → finalized with the events of a real TFChain, in order, in its phase', async () => {
    const { api, alice } = t;
    const fresh = t.keyring.addFromUri('//transfers-fresh');
    const aliceBefore = await freeBalance(api, alice.address);
    const aliceNonce = await nonceOf(api, alice.address);
    const out = await send(api.tx.balances.transferAllowDeath(fresh.address, 5n * TFT), alice);

    expect(out.statuses).toEqual(['Ready', 'InBlock', 'Finalized']);
    expect(eventNames(out.events)).toEqual([
      'balances.Withdraw', 'system.NewAccount', 'balances.Endowed', 'balances.Transfer', 'balances.Deposit',
      'transactionPayment.TransactionFeePaid', 'system.ExtrinsicSuccess',
    ]);
    // The phase is the extrinsic's position in the block, the timestamp inherent being 0.
    const block = await api.rpc.chain.getBlock(out.blockHash);
    const index = block.block.extrinsics.findIndex((x) => x.hash.eq(out.result.txHash));
    expect(index).toBeGreaterThan(0);
    expect(block.block.extrinsics[0]!.method.section).toBe('timestamp');
    for (const { phase } of out.events) expect(phase.asApplyExtrinsic.toNumber()).toBe(index);

    const fee = out.events.find(({ event }) => event.method === 'TransactionFeePaid')!.event.data[1]!.toString();
    expect(BigInt(fee)).toBeGreaterThan(10_000n);
    expect(await freeBalance(api, fresh.address)).toBe(5n * TFT);
    // Alice authors the block, so the fee comes back to her: she is down by exactly the amount.
    expect(await freeBalance(api, alice.address)).toBe(aliceBefore - 5n * TFT);
    expect(await nonceOf(api, alice.address)).toBe(aliceNonce + 1);
    expect(t.problems).toEqual([]);
  });

  it('lets an ed25519 account, funded first, transfer back', async () => {
    const { api, alice } = t;
    const ed = new Keyring({ type: 'ed25519', ss58Format: 42 }).addFromUri('//transfers-ed25519');
    await send(api.tx.balances.transferKeepAlive(ed.address, 3n * TFT), alice, { until: 'inBlock' });
    const out = await send(api.tx.balances.transferKeepAlive(alice.address, TFT), ed);
    expect(out.statuses).toEqual(['Ready', 'InBlock', 'Finalized']);
    expect(eventNames(out.events)).toEqual([
      'balances.Withdraw', 'balances.Transfer', 'balances.Deposit', 'transactionPayment.TransactionFeePaid',
      'system.ExtrinsicSuccess',
    ]);
    const fee = BigInt(out.events[0]!.event.data[1]!.toString());
    expect(await freeBalance(api, ed.address)).toBe(2n * TFT - fee);
    expect(await nonceOf(api, ed.address)).toBe(1);
  });

  it('sends five transfers in a row without an explicit nonce (the nonce subscription is kept current)', async () => {
    const { api, bob } = t;
    const dest = t.keyring.addFromUri('//transfers-five').address;
    const before = await nonceOf(api, bob.address);
    for (let i = 0; i < 5; i++) {
      const out = await send(transfer(api, dest, TFT), bob, { until: 'inBlock' });
      expect(eventNames(out.events)).toContain('system.ExtrinsicSuccess');
    }
    expect(await nonceOf(api, bob.address)).toBe(before + 5);
    expect(await freeBalance(api, dest)).toBe(5n * TFT);
    expect((await api.rpc.system.accountNextIndex(bob.address)).toNumber()).toBe(before + 5);
  });

  it('accepts mortal transactions whose era starts well past genesis (the served header hash is the real one)', async () => {
    const { api, alice } = t;
    await api.rpc('dev_newBlock' as never, { count: 5 } as never);
    const dest = t.keyring.addFromUri('//transfers-mortal').address;
    const out = await send(transfer(api, dest, TFT), alice, { era: 16 });
    expect(out.result.status.isFinalized).toBe(true);
    const block = await api.rpc.chain.getBlock(out.blockHash);
    const xt = block.block.extrinsics.find((x) => x.hash.eq(out.result.txHash))!;
    expect(xt.era.isMortalEra).toBe(true);
    expect(block.block.header.number.toNumber()).toBeGreaterThan(7);
  });
});

describe('refusals', () => {
  it('refuses an account that cannot pay with the text tfchain_client matches', async () => {
    const { api } = t;
    const broke = t.keyring.addFromUri('//transfers-broke');
    await expect(transfer(api, t.alice.address, 1n).signAndSend(broke)).rejects.toThrow(
      '1010: Invalid Transaction: Inability to pay some fees , e.g. account balance too low',
    );
  });

  it('refuses a tampered signature as a bad signature', async () => {
    const { api, alice } = t;
    const tx = await transfer(api, t.bob.address, 1n).signAsync(alice);
    const bytes = tx.toU8a();
    bytes[40] = bytes[40]! ^ 0x01; // inside the 64-byte sr25519 signature (after length, version, address and the type byte)
    await expect(api.rpc.author.submitExtrinsic(u8aToHex(bytes))).rejects.toThrow(
      '1010: Invalid Transaction: Transaction has a bad signature',
    );
  });

  it('refuses a nonce already used as outdated', async () => {
    const { api, alice } = t;
    await expect(transfer(api, t.bob.address, 1n).signAndSend(alice, { nonce: 0 })).rejects.toThrow(
      '1010: Invalid Transaction: Transaction is outdated',
    );
  });

  it('refuses the same transaction twice', async () => {
    const { api } = t;
    await api.rpc('dev_setBlockBuildMode' as never, 'Manual' as never);
    try {
      const tx = await transfer(api, t.bob.address, 1n).signAsync(t.alice);
      await api.rpc.author.submitExtrinsic(tx.toHex());
      await expect(api.rpc.author.submitExtrinsic(tx.toHex())).rejects.toThrow('1013: Transaction Already Imported');
      expect((await api.rpc.author.pendingExtrinsics()).map((x) => x.toHex())).toEqual([tx.toHex()]);
    } finally {
      await api.rpc('dev_setBlockBuildMode' as never, 'Instant' as never);
    }
  });
});

describe('a call that fails', () => {
  it('transfer_keep_alive that would reap the sender: ExtrinsicFailed (Token.NotExpendable), fee paid, nothing else', async () => {
    const { api, alice } = t;
    const payer = t.keyring.addFromUri('//transfers-keepalive');
    await send(transfer(api, payer.address, TFT), alice, { until: 'inBlock' });
    const dest = t.keyring.addFromUri('//transfers-keepalive-dest').address;
    // Leaves 100 raw after the fee, below the existential deposit (500); the estimate is the fee charged.
    const estimate = (await api.tx.balances.transferKeepAlive(dest, TFT).paymentInfo(payer)).partialFee.toBigInt();
    const out = await send(api.tx.balances.transferKeepAlive(dest, TFT - estimate - 100n), payer);
    expect(eventNames(out.events)).toEqual([
      'balances.Withdraw', 'balances.Deposit', 'transactionPayment.TransactionFeePaid', 'system.ExtrinsicFailed',
    ]);
    const failed = out.events.at(-1)!.event;
    expect(api.events.system.ExtrinsicFailed.is(failed)).toBe(true);
    const [dispatchError] = failed.data as unknown as [import('@polkadot/types/interfaces').DispatchError];
    // polkadot v1.0's balances transfer through `fungible`: keep-alive violations are Token errors, as on TFChain 152.
    expect(dispatchError.isToken && dispatchError.asToken.type).toBe('NotExpendable');
    const fee = BigInt(out.events[0]!.event.data[1]!.toString());
    expect(fee).toBe(estimate);
    expect(await freeBalance(api, payer.address)).toBe(TFT - fee);
    expect(await nonceOf(api, payer.address)).toBe(1);
    expect((await api.query.system.account(dest)).providers.toNumber()).toBe(0);
  });

  it('a module error comes back as DispatchError::Module that registry.findMetaError names', async () => {
    const { api, alice } = t;
    // Utility refuses batches over batched_calls_limit (10,922) with its TooManyCalls module error.
    const remark = api.tx.system.remark('0x').method;
    const calls = Array.from({ length: 10_923 }, () => remark);
    const out = await send(api.tx.utility.batch(calls), alice);
    const failed = out.events.at(-1)!.event;
    expect(api.events.system.ExtrinsicFailed.is(failed)).toBe(true);
    const dispatchError = failed.data[0] as import('@polkadot/types/interfaces').DispatchError;
    expect(dispatchError.isModule).toBe(true);
    const meta = api.registry.findMetaError(dispatchError.asModule);
    expect([meta.section, meta.name]).toEqual(['utility', 'TooManyCalls']);
    expect(eventNames(out.events)).not.toContain('utility.ItemCompleted');
  }, 60_000);
});

describe('utility', () => {
  it('batchAll of two transfers: both happen, ItemCompleted twice, BatchCompleted', async () => {
    const { api, alice } = t;
    const [a, b] = ['//batch-a', '//batch-b'].map((uri) => t.keyring.addFromUri(uri).address) as [string, string];
    const out = await send(api.tx.utility.batchAll([
      transfer(api, a, 2n * TFT), transfer(api, b, 3n * TFT),
    ]), alice);
    const names = eventNames(out.events);
    expect(names.filter((n) => n === 'balances.Transfer')).toHaveLength(2);
    expect(names.filter((n) => n === 'utility.ItemCompleted')).toHaveLength(2);
    expect(names.slice(-4)).toEqual([
      'utility.BatchCompleted', 'balances.Deposit', 'transactionPayment.TransactionFeePaid', 'system.ExtrinsicSuccess',
    ]);
    expect(await freeBalance(api, a)).toBe(2n * TFT);
    expect(await freeBalance(api, b)).toBe(3n * TFT);
  });

  it('batchAll with a failing call rolls back the whole batch and fails with that call\'s error', async () => {
    const { api, alice } = t;
    const a = t.keyring.addFromUri('//batchall-rollback').address;
    const out = await send(api.tx.utility.batchAll([
      transfer(api, a, 2n * TFT), transfer(api, a, 10n ** 30n),
    ]), alice);
    expect(eventNames(out.events)).not.toContain('balances.Transfer');
    expect(api.events.system.ExtrinsicFailed.is(out.events.at(-1)!.event)).toBe(true);
    expect(await freeBalance(api, a)).toBe(0n);
  });

  it('batch stops at a failing call with BatchInterrupted and keeps what ran before it', async () => {
    const { api, alice } = t;
    const a = t.keyring.addFromUri('//batch-interrupted').address;
    const out = await send(api.tx.utility.batch([
      transfer(api, a, 2n * TFT), transfer(api, a, 10n ** 30n), transfer(api, a, TFT),
    ]), alice);
    const interrupted = out.events.find(({ event }) => api.events.utility.BatchInterrupted.is(event))!;
    expect(interrupted).toBeDefined();
    expect((interrupted.event.data[0] as unknown as { toNumber(): number }).toNumber()).toBe(1);
    expect(api.events.system.ExtrinsicSuccess.is(out.events.at(-1)!.event)).toBe(true);
    expect(await freeBalance(api, a)).toBe(2n * TFT);
  });
});

describe('a burst', () => {
  it('50 concurrent transfers from 10 accounts all reach InBlock (finalized held until the events were read)', async () => {
    const { api, alice } = t;
    const senders = Array.from({ length: 10 }, (_, i) => t.keyring.addFromUri(`//burst-${i}`));
    await send(api.tx.utility.batchAll(senders.map((s) => transfer(api, s.address, 100n * TFT))), alice);
    const dest = t.keyring.addFromUri('//burst-dest').address;
    // Fresh accounts: nonces 0…4, all sent at once.
    const jobs = senders.flatMap((s) => Array.from({ length: 5 }, (_, nonce) =>
      send(transfer(api, dest, TFT), s, { nonce, until: 'inBlock', timeoutMs: 30_000 })));
    const outcomes = await Promise.all(jobs);
    expect(outcomes).toHaveLength(50);
    for (const o of outcomes) expect(eventNames(o.events)).toContain('system.ExtrinsicSuccess');
    expect(await freeBalance(api, dest)).toBe(50n * TFT);
  }, 60_000);
});
