// state_queryStorage over a range of blocks (what explorers and wallets use for balance histories) through
// @polkadot/api's own decoration, its range errors as Substrate words them, and the BlockBuilder runtime API over
// state_call: inherent extrinsics and inherent checks served, block building refused with the reason.
import { compactToU8a, u8aConcat, u8aToHex, bnToU8a } from '@polkadot/util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeBalance, send, startTestChain, TFT, type TestChain } from './helpers';

let t: TestChain;

beforeAll(async () => {
  t = await startTestChain('instant');
});

afterAll(async () => {
  await t?.close();
});

const rpcError = async (method: string, params: unknown[]): Promise<string> => {
  try {
    await t.provider.send(method, params);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${method} succeeded`);
};

describe('state_queryStorage', () => {
  it('reports the blocks in which an account balance changed, each with its new value', async () => {
    const { api, alice } = t;
    const charlie = t.keyring.addFromUri('//QueryStorageCharlie');
    const key = api.query.system.account.key(charlie.address);
    const from = await api.rpc.chain.getBlockHash();
    const first = await send(api.tx.balances.transferKeepAlive(charlie.address, 3n * TFT), alice, { until: 'inBlock' });
    await send(api.tx.system.remark('nothing for charlie'), alice, { until: 'inBlock' });
    const second = await send(api.tx.balances.transferKeepAlive(charlie.address, 2n * TFT), alice, { until: 'inBlock' });
    const to = await api.rpc.chain.getBlockHash();

    // polkadot-js answers each change set as [block hash, the keys' values].
    const sets = await api.rpc.state.queryStorage([key], from, to) as unknown as [{ toHex(): string }, unknown[]][];
    // The first block of the range reports the key (absent), then only the blocks that changed it.
    expect(sets.map(([hash]) => hash.toHex())).toEqual([from.toHex(), first.blockHash.toHex(), second.blockHash.toHex()]);
    const raw = await t.provider.send<{ block: string; changes: [string, string | null][] }[]>('state_queryStorage', [[key], from.toHex(), to.toHex()]);
    expect(raw[0]!.changes).toEqual([[key, null]]);
    const free = raw.slice(1).map((set) => api.createType('AccountInfo', set.changes[0]![1]!).data.free.toBigInt());
    expect(free).toEqual([3n * TFT, 5n * TFT]);
    expect(await freeBalance(api, charlie.address)).toBe(5n * TFT);

    // Without `to`, the range ends at the best block.
    const untilBest = await t.provider.send<{ block: string }[]>('state_queryStorage', [[key], first.blockHash.toHex()]);
    expect(untilBest.map((s) => s.block)).toEqual([first.blockHash.toHex(), second.blockHash.toHex()]);
  });

  it('refuses ranges it cannot resolve with 4001, as Substrate does', async () => {
    const best = (await t.api.rpc.chain.getBlockHash()).toHex();
    const genesis = (await t.api.rpc.chain.getBlockHash(0)).toHex();
    const key = t.api.query.system.number.key();
    expect(await rpcError('state_queryStorage', [[key], best, genesis])).toMatch(/^4001: Cannot resolve a block range .* from number > to number$/);
    expect(await rpcError('state_queryStorage', [[key], '0x' + '12'.repeat(32)]))
      .toMatch(/^4001: Cannot resolve a block range .*UnknownBlock: Header was not found in the database: 0x1212/);
  });

  it('bounds the range to 1000 blocks with a clear 4001 error', async () => {
    const genesis = (await t.api.rpc.chain.getBlockHash(0)).toHex();
    await t.provider.send('dev_newBlock', [{ count: 1000 }]);
    const key = t.api.query.system.number.key();
    expect(await rpcError('state_queryStorage', [[key], genesis]))
      .toMatch(/^4001: Cannot resolve a block range .* the range spans \d+ blocks; at most 1000 are served per query$/);
  });
});

describe('BlockBuilder over state_call', () => {
  const inherentData = (ms: bigint) => u8aToHex(u8aConcat(
    compactToU8a(1), new TextEncoder().encode('timstap0'), compactToU8a(8), bnToU8a(ms, { bitLength: 64, isLe: true }),
  ));

  it('turns inherent data into the Timestamp.set inherent', async () => {
    const out = await t.provider.send<string>('state_call', ['BlockBuilder_inherent_extrinsics', inherentData(1_700_000_123_000n)]);
    const [xt] = t.api.createType('Vec<Extrinsic>', out);
    expect(xt!.isSigned).toBe(false);
    expect(`${xt!.method.section}.${xt!.method.method}`).toBe('timestamp.set');
    expect(xt!.method.args[0]!.toString()).toBe('1700000123000');
  });

  it('checks a block\'s timestamp against the given time', async () => {
    const hash = await t.api.rpc.chain.getBlockHash();
    const signed = await t.api.rpc.chain.getBlock(hash);
    const blockTime = (await t.api.query.timestamp.now.at(hash)).toBigInt();
    const block = signed.block.toHex().slice(2);
    const check = async (ms: bigint) => t.api.createType('CheckInherentsResult',
      await t.provider.send<string>('state_call', ['BlockBuilder_check_inherents', `0x${block}${inherentData(ms).slice(2)}`]));
    expect((await check(blockTime)).okay.isTrue).toBe(true);
    const late = await check(blockTime - 60_000n);
    expect([late.okay.isTrue, late.fatalError.isTrue]).toEqual([false, true]);
  });

  it('refuses apply_extrinsic and finalize_block with the reason', async () => {
    expect(await rpcError('state_call', ['BlockBuilder_finalize_block', '0x']))
      .toMatch(/^4003: Client error: Execution failed: BlockBuilder_finalize_block needs a block being built/);
    expect(await rpcError('state_call', ['BlockBuilder_inherent_extrinsics', '0x00']))
      .toMatch(/^4003: Client error: Execution failed: .*Timestamp inherent data must be provided/);
  });
});
