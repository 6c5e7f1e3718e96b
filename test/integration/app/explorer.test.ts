// The app's explorer backend against a real dev chain: blocks as they arrive, decoded from the chain's metadata,
// extrinsics linked to their events, filters by pallet, account and twin, and search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExplorerUpdate } from '../../../src-main/api/contract';
import { TopicBus } from '../../../src-main/backend/events';
import { Explorer } from '../../../src-main/backend/explorer/explorer';
import { send, startTestChain, type TestChain } from '../chain/helpers';

let chain: TestChain;
let explorer: Explorer;
const updates: ExplorerUpdate[] = [];

beforeAll(async () => {
  chain = await startTestChain('instant');
  const bus = new TopicBus();
  bus.on('explorer.changed', (u) => updates.push(u));
  explorer = new Explorer({ bus });
  explorer.follow(chain.running.url);
  await waitFor(() => explorer.status().connected, 20_000);
});
afterAll(async () => {
  await explorer?.dispose();
  await chain?.close();
});

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('explorer backend', () => {
  it('shows a transfer and a failed call with their events, and filters and searches them', { timeout: 60_000 }, async () => {
    const { api, alice, bob } = chain;
    const transfer = await send(api.tx.balances.transferKeepAlive(bob.address, 12_345_678n), alice, { until: 'inBlock' });
    const transferBlock = (await api.rpc.chain.getHeader(transfer.blockHash)).number.toNumber();
    // A farm without a twin is refused by the chain: the explorer says why, by name.
    const failed = await send(api.tx.tfgridModule!.createFarm!('explorer-farm', []), bob, { until: 'inBlock' }).catch((e: unknown) => e);
    void failed;
    await waitFor(() => updates.some((u) => u.blocks.some((b) => b.number >= transferBlock + 1)), 20_000);

    // New blocks arrived as batched updates, newest first.
    const pushed = updates.flatMap((u) => u.blocks.map((b) => b.number));
    expect(pushed).toContain(transferBlock);

    const detail = await explorer.block(transferBlock);
    const ex = detail.extrinsics.find((e) => e.section === 'balances');
    expect(ex).toMatchObject({ method: 'transferKeepAlive', signer: alice.address, success: true });
    expect(ex!.args).toContain(bob.address);
    const linked = detail.events.filter((e) => e.extrinsic === ex!.index).map((e) => `${e.section}.${e.method}`);
    expect(linked).toContain('balances.Transfer');
    expect(linked).toContain('system.ExtrinsicSuccess');
    expect(detail.block.extrinsics).toBe(1);

    const failedBlock = await explorer.block(transferBlock + 1);
    const refused = failedBlock.extrinsics.find((e) => e.section === 'tfgridModule');
    expect(refused?.success).toBe(false);
    expect(refused?.error).toMatch(/^tfgridModule\.TwinNotExists/);
    expect(failedBlock.block.failed).toBe(1);

    // The same block by hash, and the recent-block list from the head down.
    expect((await explorer.block(detail.block.hash)).block.number).toBe(transferBlock);
    const list = await explorer.blocks({ limit: 5 });
    expect(list[0]!.number).toBe(explorer.status().head);
    expect(list.map((b) => b.number)).toEqual([...list.map((b) => b.number)].sort((a, b) => b - a));

    // Filters: by account (Bob received), by pallet.
    const bobEvents = explorer.events({ account: bob.address, limit: 100 });
    expect(bobEvents.some((e) => e.section === 'balances' && e.method === 'Transfer')).toBe(true);
    expect(explorer.events({ section: 'balances', limit: 100 }).every((e) => e.section === 'balances')).toBe(true);

    // Search: a number, a hash, an address, a twin that does not exist.
    expect(await explorer.search(String(transferBlock))).toEqual({ kind: 'block', block: transferBlock });
    expect(await explorer.search(detail.block.hash)).toEqual({ kind: 'block', block: transferBlock });
    expect(await explorer.search(bob.address)).toEqual({ kind: 'account', address: bob.address });
    expect(await explorer.search('twin 999')).toMatchObject({ kind: 'twin', id: 999, found: false });
    await expect(explorer.search('not a thing')).rejects.toMatchObject({ code: 'invalid_params' });
    await expect(explorer.block(10_000_000)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('finds twins in events and by search once one is created', { timeout: 60_000 }, async () => {
    const { api, alice } = chain;
    await send(api.tx.tfgridModule!.userAcceptTc!('https://example.org/tc', 'aaaa'), alice, { until: 'inBlock' });
    await send(api.tx.tfgridModule!.createTwin!('relay.local', null), alice, { until: 'inBlock' });
    const twinId = Number((await api.query.tfgridModule!.twinIdByAccountID!(alice.address)).toString());
    await waitFor(() => explorer.events({ twin: twinId, limit: 10 }).length > 0, 20_000);
    expect(explorer.events({ twin: twinId, limit: 10 })[0]).toMatchObject({ section: 'tfgridModule', method: 'TwinStored' });
    const hit = await explorer.search(`twin ${twinId}`);
    expect(hit).toMatchObject({ kind: 'twin', id: twinId, found: true });
  });
});
