/**
 * The durability promise, tested the hard way: the chain runs in a child process (simulator/chain/main.ts --data),
 * several accounts send a burst of transfers, the test records every transaction the chain reported InBlock, and
 * the process is killed with SIGKILL in the middle of the burst. Restarted on the same directory, every recorded
 * transaction is in the block it was reported in (same hash, same place in the chain).
 */
import '@polkadot/api-augment/substrate';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { Keyring } from '@polkadot/keyring';
import { blake2AsHex } from '@polkadot/util-crypto';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDataDir } from './helpers';

const ROOT = resolve(import.meta.dirname, '../../..');
const MAIN = join(ROOT, 'simulator/chain/main.ts');

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(removeTempDirs);

interface ChildChain {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function startChild(dataDir: string): Promise<ChildChain> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--data', dataDir, '--instant', '--port', '0'], {
    cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL within 60 s; stderr:\n${err}`)), 60_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^(ws:\/\/\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1]!, stdout: () => out, stderr: () => err });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`chain exited (${code}) before listening; stderr:\n${err}`));
    });
  });
}

async function connect(url: string): Promise<ApiPromise> {
  // No reconnecting: the process is going to be killed, and a retry loop would outlive the test.
  const provider = new WsProvider(url, false);
  await provider.connect();
  return ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
}

const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
const SENDERS = ['//Alice', '//Bob', '//Alice//stash', '//Bob//stash'].map((uri) => keyring.addFromUri(uri));
const DEST = keyring.addFromUri('//Dave').address;
const PER_SENDER = 75;

/** Sends the burst; resolves with txHash → InBlock hash once `killAfter` InBlocks were seen (then kills). */
async function burstAndKill(chain: ChildChain, killAfter: number): Promise<Map<string, string>> {
  const api = await connect(chain.url);
  const inBlock = new Map<string, string>();
  try {
    const nonces = await Promise.all(SENDERS.map(async (s) => (await api.rpc.system.accountNextIndex(s.address)).toNumber()));
    const signed: SubmittableExtrinsic<'promise'>[] = [];
    for (let i = 0; i < PER_SENDER; i++) {
      for (const [k, sender] of SENDERS.entries()) {
        const tx = api.tx.balances.transferKeepAlive(DEST, 1_000_000n + BigInt(i));
        signed.push(await tx.signAsync(sender, { nonce: nonces[k]! + i, era: 0 }));
      }
    }
    await new Promise<void>((done) => {
      const timer = setTimeout(done, 60_000);
      for (const tx of signed) {
        tx.send((result) => {
          if (!result.status.isInBlock || inBlock.size >= killAfter) return;
          inBlock.set(tx.hash.toHex(), result.status.asInBlock.toHex());
          if (inBlock.size === killAfter) {
            chain.child.kill('SIGKILL');
            clearTimeout(timer);
            done();
          }
        }).catch(() => {});
      }
    });
  } finally {
    await api.disconnect().catch(() => {});
  }
  await new Promise((ok) => (chain.child.exitCode !== null || chain.child.signalCode !== null ? ok(null) : chain.child.once('exit', ok)));
  return inBlock;
}

describe('kill -9 during a burst of transfers', () => {
  for (const killAfter of [25, 140]) {
    it(`keeps every transaction reported InBlock (killed after ${killAfter} InBlocks)`, async () => {
      const dir = tempDataDir();
      const first = await startChild(dir);
      const seen = await burstAndKill(first, killAfter);
      expect(first.child.signalCode).toBe('SIGKILL');
      expect(seen.size).toBe(killAfter);

      const second = await startChild(dir);
      expect(first.stdout()).toContain(`chain data created in ${dir}`);
      expect(second.stdout()).toMatch(/chain loaded from .* at block #\d+/);
      const api = await connect(second.url);
      try {
        const blocks = new Map<string, string[]>();
        for (const blockHash of new Set(seen.values())) {
          const { block } = await api.rpc.chain.getBlock(blockHash);
          expect((await api.rpc.chain.getBlockHash(block.header.number.toNumber())).toHex()).toBe(blockHash);
          blocks.set(blockHash, block.extrinsics.map((x) => blake2AsHex(x.toU8a(), 256)));
        }
        for (const [txHash, blockHash] of seen) expect(blocks.get(blockHash)).toContain(txHash);
        // The chain goes on from where it was: the senders' nonces count every kept transfer.
        const best = (await api.rpc.chain.getHeader()).number.toNumber();
        expect(best).toBeGreaterThanOrEqual(Math.max(...await Promise.all([...blocks.keys()].map(async (h) => (await api.rpc.chain.getHeader(h)).number.toNumber()))));
      } finally {
        await api.disconnect();
      }
      second.child.kill('SIGTERM');
    }, 240_000); // two chain processes and 300 signatures: slow on a busy 2-core machine
  }
});
