// Connecting with an unmodified ApiPromise and reading state: genesis, constants, storage at past blocks, paging,
// `.entries()`, storage subscriptions, runtime APIs, and the metadata-diff tool against the served metadata.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEV_ENDOWED, DEV_ENDOWMENT } from '../../../simulator/chain/core/dev-genesis';
import { freeBalance, send, startTestChain, TFT, transfer, type TestChain } from './helpers';

let t: TestChain;

beforeAll(async () => {
  t = await startTestChain('instant');
});
afterAll(async () => {
  await t?.close();
});

describe('connecting', () => {
  it('warns about nothing but TFChain\'s own ContractIdProvides extension and the dev_ methods', async () => {
    const lines: string[] = [];
    const spies = (['log', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))));
    try {
      const api = await ApiPromise.create({ provider: new WsProvider(t.running.url) });
      expect(api.runtimeVersion.specVersion.toNumber()).toBe(152);
      await api.disconnect();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const unexpected = lines.filter((l) => !/Unknown signed extensions ContractIdProvides found/.test(l)
      && !/RPC methods not decorated: dev_newBlock, dev_setBlockBuildMode, dev_setHead, dev_setStorage, dev_timeTravel/.test(l));
    expect(unexpected).toEqual([]);
  });

  it('serves the dev chain spec, the genesis balances and the constants', async () => {
    const { api, alice } = t;
    expect((await api.rpc.system.chain()).toString()).toBe('Development');
    expect(api.genesisHash.toHex()).toBe(t.running.chain.genesisHash);
    expect(api.consts.balances.existentialDeposit.toNumber()).toBe(500);
    expect(api.consts.system.ss58Prefix.toNumber()).toBe(42);
    const account = await api.query.system.account(alice.address);
    expect(account.data.free.toBigInt()).toBeGreaterThan(DEV_ENDOWMENT - 10n * TFT);
    expect(account.providers.toNumber()).toBe(2); // Balances, and the session keys of the genesis validator
    expect((await api.query.balances.totalIssuance()).toBigInt()).toBe(BigInt(DEV_ENDOWED.length) * DEV_ENDOWMENT);
    const council = (await api.query.council.members()).map((m) => m.toString());
    expect(council.sort()).toEqual([alice.address, t.bob.address].sort());
    expect((await api.query.aura!.authorities!()).toJSON()).toEqual([u8aToHex(alice.publicKey)]);
  });

  it('the metadata-diff tool finds our metadata 100 % conformant', async (ctx) => {
    const tool = '../shared/tools/metadata-diff.mjs';
    if (!existsSync(tool)) ctx.skip();
    const { stdout } = await promisify(execFile)('node', [tool, '--ws', t.running.url], { encoding: 'utf8' });
    expect(stdout).toMatch(/metadata conformance: (\d+)\/\1 items = 100\.0%/);
  }, 60_000);
});

describe('state', () => {
  it('reads a value at an old block hash as it was then', async () => {
    const { api, alice } = t;
    const dest = t.keyring.addFromUri('//state-old').address;
    const before = await api.rpc.chain.getFinalizedHead();
    await send(transfer(api, dest, 7n * TFT), alice);
    expect(await freeBalance(api, dest)).toBe(7n * TFT);
    const then = await api.query.system.account.at(before, dest);
    expect(then.data.free.toBigInt()).toBe(0n);
    const apiAt = await api.at(before);
    expect((await apiAt.query.system.account(dest)).providers.toNumber()).toBe(0);
  });

  it('pages keys in byte order with state_getKeysPaged, and .entries() lists every account', async () => {
    const { api } = t;
    const prefix = api.query.system.account.keyPrefix();
    const all = (await api.rpc.state.getKeysPaged(prefix, 1000)).map((k) => k.toHex());
    expect(all.length).toBeGreaterThanOrEqual(DEV_ENDOWED.length);
    expect(all).toEqual([...all].sort());
    const paged: string[] = [];
    let start: string | undefined;
    for (;;) {
      const page = (await api.rpc.state.getKeysPaged(prefix, 3, start)).map((k) => k.toHex());
      paged.push(...page);
      if (page.length < 3) break;
      start = page.at(-1);
    }
    expect(paged).toEqual(all);
    const entries = await api.query.system.account.entries();
    expect(entries.map(([k]) => k.toHex()).sort()).toEqual(all);
    for (const [, info] of entries) expect(info.providers.toNumber()).toBeGreaterThan(0);
  });

  it('pushes new heads and finalized heads to subscribers', async () => {
    const { api, alice } = t;
    const heads: number[] = [];
    const finalized: number[] = [];
    const unsubHeads = await api.rpc.chain.subscribeNewHeads((h) => void heads.push(h.number.toNumber()));
    const unsubFinalized = await api.rpc.chain.subscribeFinalizedHeads((h) => void finalized.push(h.number.toNumber()));
    await send(transfer(api, t.keyring.addFromUri('//state-heads').address, TFT), alice);
    unsubHeads();
    unsubFinalized();
    expect(heads.length).toBeGreaterThanOrEqual(2);
    expect(heads.at(-1)).toBe(heads[0]! + 1);
    expect(finalized.at(-1)).toBe(heads.at(-1));
  });

  it('pushes storage changes to subscribers after each block', async () => {
    const { api, alice } = t;
    const dest = t.keyring.addFromUri('//state-subscription').address;
    const seen: bigint[] = [];
    const unsub = await api.query.system.account(dest, (info) => {
      seen.push(info.data.free.toBigInt());
    });
    await send(transfer(api, dest, TFT), alice);
    await send(transfer(api, dest, TFT), alice);
    unsub();
    expect(seen).toEqual([0n, TFT, 2n * TFT]);
  });

  it('answers the runtime APIs clients call through state_call', async () => {
    const { api, alice } = t;
    const nonce = await api.call.accountNonceApi.accountNonce(alice.address);
    expect(nonce.toNumber()).toBe((await api.query.system.account(alice.address)).nonce.toNumber());
    const version = await api.call.core.version();
    expect(version.specName.toString()).toBe('substrate-threefold');
    const tx = transfer(api, t.bob.address, TFT);
    const info = await tx.paymentInfo(alice);
    expect(info.partialFee.toBigInt()).toBeGreaterThan(10_000n);
    const signed = await tx.signAsync(alice);
    // Under metadata V15 the argument is typed by the metadata as opaque bytes, which polkadot-js takes encoded only
    // from a Uint8Array (a hex string would be taken as the content): paymentInfo itself passes bytes too.
    const details = await api.call.transactionPaymentApi.queryFeeDetails(signed.toU8a(), signed.encodedLength);
    const inclusion = details.inclusionFee.unwrap();
    expect(inclusion.baseFee.toBigInt()).toBe(10_000n);
    expect(inclusion.lenFee.toBigInt()).toBe(BigInt(signed.encodedLength));
    // payment_queryInfo answers in Substrate's weight-v2 JSON, which polkadot-js 16 only decodes as v1: read it raw.
    const viaRpc = await t.provider.send<{ partialFee: string; class: string; weight: object }>(
      'payment_queryInfo', [signed.toHex()]);
    expect(viaRpc.class).toBe('normal');
    expect(Object.keys(viaRpc.weight)).toEqual(['ref_time', 'proof_size']);
    expect(BigInt(viaRpc.partialFee)).toBe(
      inclusion.baseFee.toBigInt() + inclusion.lenFee.toBigInt() + inclusion.adjustedWeightFee.toBigInt(),
    );
    expect(BigInt(viaRpc.partialFee)).toBe(info.partialFee.toBigInt());
    const versions = await api.call.metadata.metadataVersions();
    expect(versions.map((v) => v.toNumber())).toEqual([14, 15]);
    const best = await api.rpc.chain.getFinalizedHead();
    const validity = await api.call.taggedTransactionQueue.validateTransaction('External', signed.toU8a(), best);
    expect(validity.isOk).toBe(true);
    // CheckNonce's tag: (who, nonce as u32).encode()
    const nonceLe = api.createType('u32', signed.nonce.toNumber()).toU8a();
    expect(validity.asOk.provides[0]!.toHex()).toBe(u8aToHex(new Uint8Array([...alice.publicKey, ...nonceLe])));
  });
});
