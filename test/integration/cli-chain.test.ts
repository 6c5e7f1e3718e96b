/**
 * `gridbox chain` as a user runs it: a real child process serving the dev chain, driven by an unmodified
 * @polkadot/api client; its block/extrinsic log, SIGTERM shutdown (exit 0, port free again) and argument errors.
 */
import '@polkadot/api-augment';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'src-main/cli/gridbox.mjs');

interface Cli {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<number | null>;
  /** Resolves with the first stdout match once it appears. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function gridbox(args: string[]): Cli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    for (const w of [...waiters]) w();
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((ok) => child.on('close', (code) => ok(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern, timeoutMs = 60_000) => new Promise((ok, fail) => {
      const check = () => {
        const m = out.match(pattern);
        if (!m) return;
        waiters.delete(check);
        clearTimeout(timer);
        ok(m);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        fail(new Error(`no ${pattern} in output:\n${out}\nstderr:\n${err}`));
      }, timeoutMs);
      waiters.add(check);
      void exited.then(() => {
        if (!waiters.has(check)) return;
        waiters.delete(check);
        clearTimeout(timer);
        fail(new Error(`exited before ${pattern}:\n${out}\nstderr:\n${err}`));
      });
      check();
    }),
  };
}

function untilInBlock(tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair): Promise<string> {
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('no InBlock within 30 s')), 30_000);
    tx.signAndSend(signer, (result) => {
      if (result.status.isInBlock) {
        clearTimeout(timer);
        ok(result.status.asInBlock.toHex());
      } else if (result.isError) {
        clearTimeout(timer);
        fail(new Error(`transaction ${result.status.type}`));
      }
    }).catch((error: unknown) => {
      clearTimeout(timer);
      fail(error);
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const server = createServer();
    server.once('error', () => ok(false));
    server.listen(port, '127.0.0.1', () => server.close(() => ok(true)));
  });
}

describe('gridbox chain', () => {
  it('serves the dev chain, logs blocks and extrinsics, and stops cleanly on SIGTERM', async () => {
    const cli = gridbox(['chain', '--port', '0', '--instant']);
    const [url, port] = (await cli.waitFor(/ws:\/\/127\.0\.0\.1:(\d+)/)) as unknown as [string, string];
    expect(cli.stdout()).toContain('instant blocks');

    const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
    try {
      const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
      const alice = keyring.addFromUri('//Alice');
      const bob = keyring.addFromUri('//Bob');
      const okHash = await untilInBlock(api.tx.balances.transferKeepAlive(bob.address, 1_000_000n), alice);
      await cli.waitFor(/extrinsic #\d+-\d+ Balances\.transfer_keep_alive from 5GrwvaEF…utQY: ok/, 10_000);
      const block = await cli.waitFor(/^block #(\d+) (0x[0-9a-f]{8})…([0-9a-f]{4}) \((\d+) extrinsics?\)$/m, 10_000);
      expect(okHash.startsWith(block[2]!)).toBe(true);
      expect(okHash.endsWith(block[3]!)).toBe(true);
      expect(block[4]).toBe('2'); // timestamp inherent + the transfer

      // More than Bob has: the fee is paid, the call fails, and the log names the error.
      await untilInBlock(api.tx.balances.transferKeepAlive(alice.address, 10n ** 30n), bob);
      await cli.waitFor(/extrinsic #\d+-\d+ Balances\.transfer_keep_alive from 5FHneW46…94ty: Token\.FundsUnavailable$/m, 10_000);
    } finally {
      await api.disconnect();
    }

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('Dev chain stopped.');
    expect(cli.stderr()).toBe('');
    expect(await portIsFree(Number(port))).toBe(true);
  });

  it('keeps the chain in --data across a restart, refuses a second chain on it, and --reset starts over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbox-cli-chain-'));
    try {
      const first = gridbox(['chain', '--port', '0', '--instant', '--data', dir]);
      const [url] = await first.waitFor(/ws:\/\/127\.0\.0\.1:\d+/);
      expect(first.stdout()).toContain(`created in ${dir}`);
      let hashAt1: string;
      const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
      try {
        const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
        hashAt1 = await untilInBlock(api.tx.balances.transferKeepAlive(keyring.addFromUri('//Bob').address, 1_000_000n), keyring.addFromUri('//Alice'));
      } finally {
        await api.disconnect();
      }

      const second = gridbox(['chain', '--port', '0', '--manual', '--data', dir]);
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toMatch(/^gridbox: gridbox chain: .* is in use by another chain \(pid \d+\)/);
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);

      const again = gridbox(['chain', '--port', '0', '--manual', '--data', dir]);
      const [url2] = await again.waitFor(/ws:\/\/127\.0\.0\.1:\d+/);
      expect(again.stdout()).toContain(`loaded from ${dir} at block #1`);
      const api2 = await ApiPromise.create({ provider: new WsProvider(url2), noInitWarn: true, throwOnConnect: true });
      try {
        expect((await api2.rpc.chain.getBlockHash(1)).toHex()).toBe(hashAt1);
      } finally {
        await api2.disconnect();
      }
      again.child.kill('SIGINT');
      expect(await again.exited).toBe(0);

      const reset = gridbox(['chain', '--port', '0', '--manual', '--data', dir, '--reset']);
      await reset.waitFor(/ws:\/\/127\.0\.0\.1:\d+/);
      expect(reset.stdout()).toContain(`created in ${dir}`);
      reset.child.kill('SIGINT');
      expect(await reset.exited).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [['--port', 'abc'], /--port/],
    [['--instant', '--manual'], /one block mode/],
    [['--instant', '--block-time', '1000'], /--block-time/],
    [['--block-time', '0'], /--block-time/],
    [['--frobnicate'], /frobnicate/],
    [['--reset'], /--reset starts a --data directory over/],
    [['--data', ''], /--data must not be empty/],
  ])('rejects %j with exit code 2 and a one-line reason', async (args, reason) => {
    const cli = gridbox(['chain', ...args]);
    expect(await cli.exited).toBe(2);
    expect(cli.stdout()).toBe('');
    const [first] = cli.stderr().split('\n');
    expect(first).toMatch(/^gridbox: /);
    expect(first).toMatch(reason);
  });

  it('prints its help', async () => {
    const cli = gridbox(['chain', '--help']);
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toMatch(/^Usage: gridbox chain /);
    expect(cli.stdout()).toContain('--block-time MS');
  });
});
