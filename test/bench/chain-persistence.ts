/**
 * `npx tsx test/bench/chain-persistence.ts`: what keeping the dev chain in a data directory costs. Nothing is
 * asserted; every loop is bounded.
 *   - bytes and ms (write + fdatasync) per block record, for a burst of transfers over @polkadot/api and for empty
 *     blocks
 *   - reopen time (checkpoint load + log replay) with 1,000 and with 10,000 blocks in the directory
 */
import '@polkadot/api-augment/substrate';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import { Chain, startChain } from '../../simulator/chain';

const BURST = Number(process.env.GRIDBOX_BENCH_BURST ?? 200);
const SENDERS = ['//Alice', '//Bob', '//Alice//stash', '//Bob//stash'];
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const kib = (bytes: number) => (bytes / 1024).toFixed(1);

function dirSize(dir: string): number {
  return readdirSync(dir, { recursive: true }).reduce((sum, name) => {
    const s = statSync(join(dir, String(name)));
    return s.isFile() ? sum + s.size : sum;
  }, 0);
}

function perRecord(label: string, chain: Chain, before: { records: number; bytes: number; ms: number }, blocks: number): void {
  const s = chain.persistence!.stats;
  const records = s.records - before.records;
  console.log(`persist: ${label}: ${blocks} blocks, ${records} records, ${fmt((s.bytes - before.bytes) / records)} B/record, `
    + `${fmt((s.ms - before.ms) / records)} ms/record (write + fdatasync)`);
}

async function transferBurst(dir: string): Promise<void> {
  const running = await startChain({ port: 0, blockMode: 'instant', dataDir: dir });
  const api = await ApiPromise.create({ provider: new WsProvider(running.url), noInitWarn: true });
  try {
    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const senders = SENDERS.map((u) => keyring.addFromUri(u));
    const dest = keyring.addFromUri('//Dave').address;
    const signed: SubmittableExtrinsic<'promise'>[] = [];
    for (let i = 0; i < BURST; i++) {
      const sender = senders[i % senders.length]!;
      signed.push(await api.tx.balances.transferKeepAlive(dest, 1_000_000n).signAsync(sender, { nonce: Math.floor(i / senders.length), era: 0 }));
    }
    const before = { ...running.chain.persistence!.stats };
    const startBlock = running.chain.best.number;
    const started = performance.now();
    await Promise.all(signed.map((tx) => new Promise<void>((ok, fail) => {
      tx.send((r) => {
        if (r.status.isInBlock) ok();
        else if (r.isError) fail(new Error(r.status.type));
      }).catch(fail);
    })));
    const elapsed = performance.now() - started;
    perRecord(`${BURST} transfers`, running.chain, before, running.chain.best.number - startBlock);
    console.log(`persist: ${BURST} transfers InBlock in ${fmt(elapsed)} ms with a data dir`);
  } finally {
    await api.disconnect();
    await running.close();
  }
}

async function reopen(dir: string, label: string): Promise<void> {
  const floor = performance.now();
  (await Chain.create({ blockMode: 'manual' })).close();
  console.log(`persist: in-memory Chain.create (codec + genesis, paid by every start): ${fmt(performance.now() - floor)} ms`);
  const started = performance.now();
  const chain = await Chain.create({ blockMode: 'manual', dataDir: dir });
  console.log(`persist: reopen with ${label} (at #${chain.best.number}, ${kib(dirSize(dir))} KiB on disk): ${fmt(performance.now() - started)} ms`);
  chain.close();
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'gridbox-bench-persist-'));
  try {
    await transferBurst(join(root, 'burst'));

    const dir = join(root, 'blocks');
    let chain = await Chain.create({ blockMode: 'manual', dataDir: dir });
    let before = { ...chain.persistence!.stats };
    chain.dev.newBlock({ count: 1000 });
    perRecord('empty blocks', chain, before, 1000);
    chain.close();
    await reopen(dir, '1,000 blocks');

    chain = await Chain.create({ blockMode: 'manual', dataDir: dir });
    before = { ...chain.persistence!.stats };
    for (let i = 0; i < 9; i++) {
      chain.dev.newBlock({ count: 1000 });
      process.stderr.write(`  ${(i + 2) * 1000} blocks\n`);
    }
    perRecord('empty blocks (checkpoints every 2,048 records included)', chain, before, 9000);
    chain.close();
    await reopen(dir, '10,000 blocks');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
