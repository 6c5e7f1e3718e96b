/**
 * `npx tsx test/bench/chain.ts`: the dev chain's figures, with the chain in its own process (as `gridbox chain` runs
 * it) so the client's CPU is not counted against it. Nothing is asserted; every wait is bounded.
 *   - sr25519 verify rate of this machine, one thread (@polkadot/wasm-crypto): the ceiling for admission, measured
 *     just before and just after the burst (the higher one is used for the ratio)
 *   - connect: ApiPromise.create until ready
 *   - included transfers/s: SENDERS × PER_SENDER transfers signed before the clock starts, sent as raw
 *     author_submitExtrinsic over one WebSocket without waiting for replies; from the first send to the arrival of
 *     the head of the block that includes the last one (blocks are read to count inclusions)
 *   - block production time (dev_newBlock round trip, BLOCK_TXS transfers) with 10k and 100k endowed accounts
 *   - the chain process's resident memory (VmRSS)
 *   - the chain's verify worker count (GRIDBOX_VERIFY_WORKERS, passed on to it) and the all-cores verify rate
 * GRIDBOX_BENCH_MODE=batch, GRIDBOX_BENCH_SENDERS, GRIDBOX_BENCH_PER_SENDER change the burst.
 * GRIDBOX_BENCH_CPU_PROF=<dir> runs the throughput chain under `node --cpu-prof` and leaves the profile there.
 */
import '@polkadot/api-augment/substrate';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a } from '@polkadot/util-crypto';
import { sr25519KeypairFromSeed, sr25519Sign, sr25519Verify, waitReady } from '@polkadot/wasm-crypto';
import WebSocket from 'ws';
import { devAccountSeed } from '../../simulator/chain/core/dev-accounts';
import { defaultVerifyWorkers } from '../../simulator/chain/core/verify-pool';

const SENDERS = Number(process.env.GRIDBOX_BENCH_SENDERS ?? 20);
const PER_SENDER = Number(process.env.GRIDBOX_BENCH_PER_SENDER ?? 250);
const MODE = process.env.GRIDBOX_BENCH_MODE ?? 'instant';
const BLOCK_TXS = 200;
const BLOCK_ROUNDS = 3;
const CONNECTS = 3;
const STATE_SIZES = [10_000, 100_000];
const TFT = 10_000_000n;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BOB = '5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty';

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> => Promise.race([
  p,
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms).unref()),
]);

interface ChainProcess {
  readonly url: string;
  readonly startMs: number;
  rssMiB(): number;
  stop(): Promise<void>;
}

/** `node --import tsx simulator/chain/main.ts --port 0 …`; resolves once it printed its URL. */
async function startChainProcess(args: string[], nodeFlags: string[] = []): Promise<ChainProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', 'simulator/chain/main.ts', '--port', '0', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await withTimeout(new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const found = /ws:\/\/\S+/.exec(out);
      if (found) resolve(found[0]);
    });
    void exited.then(() => reject(new Error(`chain exited before listening: ${stderr}`)));
  }), 180_000, 'chain start');
  return {
    url,
    startMs: performance.now() - started,
    rssMiB: () => {
      const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return line ? Number(line[1]) / 1024 : NaN;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await withTimeout(exited, 10_000, 'chain stop').catch(() => child.kill('SIGKILL'));
    },
  };
}

/** A bare JSON-RPC client over one `ws` socket: calls are pipelined, replies matched by id. */
class RawRpc {
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #notify = new Map<string, (params: { subscription: string; result: unknown }) => void>();
  #nextId = 1;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string; data?: unknown }; method?: string; params?: never };
      if (msg.id !== undefined) {
        const waiter = this.#pending.get(msg.id);
        this.#pending.delete(msg.id);
        if (msg.error) waiter?.reject(new Error(`${msg.error.message} ${JSON.stringify(msg.error.data ?? '')}`));
        else waiter?.resolve(msg.result);
      } else if (msg.method) this.#notify.get(msg.method)?.(msg.params!);
    });
  }

  static connect(url: string): Promise<RawRpc> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new RawRpc(ws)));
      ws.once('error', reject);
    });
  }

  call<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(`{"jsonrpc":"2.0","id":${id},"method":"${method}","params":${JSON.stringify(params)}}`);
    });
  }

  onNotification(method: string, listener: (params: { subscription: string; result: unknown }) => void): void {
    this.#notify.set(method, listener);
  }

  close(): void {
    this.ws.close();
  }
}

interface SignedSample {
  readonly signature: Uint8Array;
  readonly payload: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** Single-thread sr25519 verifications per second, over the burst's own signatures and payloads, for about a second. */
function verifyRate(samples: readonly SignedSample[]): number {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    for (let i = 0; i < 100; i++) {
      const s = samples[(count + i) % samples.length]!;
      if (!sr25519Verify(s.signature, s.payload, s.publicKey)) throw new Error('verifyRate: a bad signature');
    }
    count += 100;
  }
  return (count * 1000) / (performance.now() - start);
}

/**
 * sr25519 verifications per second with every core verifying at once (one worker thread per core, each for about a
 * second over the same samples): what admission could reach if verifying were all it did.
 */
async function verifyRateAllThreads(samples: readonly SignedSample[]): Promise<{ threads: number; rate: number }> {
  const threads = availableParallelism();
  const wasmCrypto = createRequire(import.meta.url).resolve('@polkadot/wasm-crypto');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const c = require(workerData.wasmCrypto);
    c.waitReady().then(() => {
      const { samples } = workerData;
      let count = 0;
      const start = performance.now();
      while (performance.now() - start < 1000) {
        for (let i = 0; i < 100; i++) {
          const s = samples[(count + i) % samples.length];
          if (!c.sr25519Verify(s.signature, s.payload, s.publicKey)) throw new Error('a bad signature');
        }
        count += 100;
      }
      parentPort.postMessage((count * 1000) / (performance.now() - start));
    });`;
  const rates = await Promise.all(Array.from({ length: threads }, () => withTimeout(new Promise<number>((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { wasmCrypto, samples: samples.slice(0, 200) } });
    worker.once('message', (rate: number) => {
      resolve(rate);
      void worker.terminate();
    });
    worker.once('error', reject);
  }), 30_000, 'verify worker')));
  return { threads, rate: rates.reduce((a, b) => a + b, 0) };
}

/**
 * Transfers to Bob signed offline for the chain whose genesis is `genesisHash`: immortal era, explicit nonces, no tip.
 * Signed here over the metadata's extension layout (extra: era, nonce, tip; additional: spec and transaction
 * version, genesis twice) with wasm-crypto, since polkadot-js takes milliseconds per signature; the first one is
 * decoded back with the API's registry as a check.
 */
function presign(api: ApiPromise, senders: number, perSender: number, genesisHash: string, samples: SignedSample[] = []): string[] {
  const call = api.tx.balances.transferKeepAlive(BOB, TFT).method.toU8a();
  const { specVersion, transactionVersion } = api.runtimeVersion;
  const genesis = hexToU8a(genesisHash);
  const additional = u8aConcat(specVersion.toU8a(), transactionVersion.toU8a(), genesis, genesis);
  const out: string[] = [];
  const keys = Array.from({ length: senders }, (_, i) => sr25519KeypairFromSeed(devAccountSeed(i)));
  for (let nonce = 0; nonce < perSender; nonce++) {
    for (const pair of keys) {
      const publicKey = pair.subarray(64);
      const extra = u8aConcat(IMMORTAL, compactToU8a(nonce), compactToU8a(0));
      let payload = u8aConcat(call, extra, additional);
      if (payload.length > 256) payload = blake2AsU8a(payload, 256);
      const signature = sr25519Sign(publicKey, pair.subarray(0, 64), payload);
      if (samples.length < 1000) samples.push({ signature, payload, publicKey });
      const body = u8aConcat(SIGNED_V4, ADDRESS_ID, publicKey, SR25519, signature, extra, call);
      out.push(u8aToHex(u8aConcat(compactToU8a(body.length), body)));
    }
  }
  const check = api.registry.createType('Extrinsic', out[0]);
  if (!check.isSigned || check.nonce.toNumber() !== 0 || check.method.toHex() !== u8aToHex(call)) {
    throw new Error('presign: the API decodes the first transfer differently');
  }
  return out;
}

const IMMORTAL = Uint8Array.of(0);
/** Extrinsic version 4, signed. */
const SIGNED_V4 = Uint8Array.of(0x84);
/** MultiAddress::Id */
const ADDRESS_ID = Uint8Array.of(0);
/** MultiSignature::Sr25519 */
const SR25519 = Uint8Array.of(1);


interface Throughput {
  readonly sent: number;
  readonly refused: number;
  readonly included: number;
  readonly ms: number;
  readonly blocks: number;
}

/** Sends every transaction at once and follows the heads until all accepted ones are in blocks. */
async function measureThroughput(url: string, txs: string[]): Promise<Throughput> {
  const rpc = await RawRpc.connect(url);
  const firstBlock = (await rpc.call<{ number: string }>('chain_getHeader')).number;
  let included = 0;
  let blocks = 0;
  let accepted = -1;
  let lastInclusionAt = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  const check = () => {
    if (accepted >= 0 && included >= accepted) finish();
  };
  // Heads arrive in order; each one's block is read to count its transfers (minus the timestamp inherent).
  let reading = Promise.resolve();
  rpc.onNotification('chain_newHead', ({ result }) => {
    const arrived = performance.now();
    const number = (result as { number: string }).number;
    if (Number(number) <= Number(firstBlock)) return;
    reading = reading.then(async () => {
      const hash = await rpc.call<string>('chain_getBlockHash', [number]);
      const block = await rpc.call<{ block: { extrinsics: string[] } }>('chain_getBlock', [hash]);
      const count = block.block.extrinsics.length - 1;
      if (count > 0) {
        included += count;
        blocks += 1;
        lastInclusionAt = arrived;
      }
      check();
    });
  });
  await rpc.call('chain_subscribeNewHeads');
  const start = performance.now();
  const replies = txs.map((hex) => rpc.call('author_submitExtrinsic', [hex]).then(() => true, () => false));
  const results = await Promise.all(replies);
  accepted = results.filter(Boolean).length;
  check();
  await withTimeout(done, 120_000, `inclusion of ${accepted} transfers`).catch((e: unknown) => console.error(String(e)));
  rpc.close();
  return { sent: txs.length, refused: txs.length - accepted, included, ms: lastInclusionAt - start, blocks };
}

/** dev_newBlock round trips, each with BLOCK_TXS transfers waiting in the pool (manual mode). */
async function measureBlockTime(api: ApiPromise, url: string): Promise<{ empty: number; full: number }> {
  const rpc = await RawRpc.connect(url);
  const genesisHash = await rpc.call<string>('chain_getBlockHash', [0]);
  const txs = presign(api, SENDERS, (BLOCK_TXS / SENDERS) * BLOCK_ROUNDS, genesisHash);
  const full: number[] = [];
  const empty: number[] = [];
  for (let round = 0; round < BLOCK_ROUNDS; round++) {
    const batch = txs.slice(round * BLOCK_TXS, (round + 1) * BLOCK_TXS);
    await Promise.all(batch.map((hex) => rpc.call('author_submitExtrinsic', [hex])));
    let start = performance.now();
    await rpc.call('dev_newBlock');
    full.push(performance.now() - start);
    start = performance.now();
    await rpc.call('dev_newBlock');
    empty.push(performance.now() - start);
  }
  rpc.close();
  return { empty: median(empty), full: median(full) };
}

async function main(): Promise<void> {
  await waitReady();
  const rows: Array<[string, string]> = [];
  const row = (what: string, value: string) => {
    rows.push([what, value]);
    console.error(`  ${what}: ${value}`);
  };


  const profDir = process.env.GRIDBOX_BENCH_CPU_PROF;
  // GRIDBOX_BENCH_NODE_FLAGS: extra node flags for the throughput chain (e.g. GC tuning experiments).
  const nodeFlags = [...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : []), ...(process.env.GRIDBOX_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])];
  const chain = await startChainProcess([`--${MODE}`, '--accounts', String(SENDERS)], nodeFlags);
  // The API stays connected to this chain to the end: it signs for the other chains too (same metadata).
  let api: ApiPromise | undefined;
  try {
    const connects: number[] = [];
    for (let i = 0; i < CONNECTS; i++) {
      const start = performance.now();
      const probe = await ApiPromise.create({ provider: new WsProvider(chain.url), noInitWarn: true });
      connects.push(performance.now() - start);
      if (i < CONNECTS - 1) await probe.disconnect();
      else api = probe;
    }
    row('connect, ApiPromise.create to ready (median)', `${fmt(median(connects))} ms`);
    const rssIdle = chain.rssMiB();

    const genesisHash = api!.genesisHash.toHex();
    const signStart = performance.now();
    const samples: SignedSample[] = [];
    const txs = presign(api!, SENDERS, PER_SENDER, genesisHash, samples);
    console.error(`  (signed ${txs.length} transfers in ${fmt(performance.now() - signStart)} ms, before the clock)`);
    // The ceiling is measured right before and after the burst (the machine may be shared) and the higher one used.
    const verifyBefore = verifyRate(samples);
    const t = await measureThroughput(chain.url, txs);
    const verifyAfter = verifyRate(samples);
    const verify = Math.max(verifyBefore, verifyAfter);
    row('sr25519 verify, one thread (wasm-crypto), before / after', `${fmt(verifyBefore)} / ${fmt(verifyAfter)} /s`);
    const all = await verifyRateAllThreads(samples);
    row(`sr25519 verify, all ${all.threads} threads at once`, `${fmt(all.rate)} /s`);
    row('chain\'s signature verify workers (GRIDBOX_VERIFY_WORKERS)', String(defaultVerifyWorkers()));
    const rate = (t.included * 1000) / t.ms;
    row(`included transfers/s (${MODE}, ${t.sent} sent over one WebSocket)`, `${fmt(rate)} /s  (${t.included} in ${fmt(t.ms)} ms, ${t.blocks} blocks, ${t.refused} refused)`);
    row('ratio included / verify ceiling', `${(rate / verify).toFixed(2)}  (target ≥ 0.50 and ≥ 2000 /s)`);
    row('chain RSS, idle after connects / after the burst', `${fmt(rssIdle)} / ${fmt(chain.rssMiB())} MiB`);

    for (const accounts of process.env.GRIDBOX_BENCH_SKIP_STATE ? [] : STATE_SIZES) {
      const manual = await startChainProcess(['--manual', '--accounts', String(accounts)]);
      try {
        const { empty, full } = await measureBlockTime(api!, manual.url);
        row(`block time, ${accounts / 1000}k accounts (dev_newBlock, ${BLOCK_TXS} transfers / empty)`, `${fmt(full)} / ${fmt(empty)} ms  (start ${fmt(manual.startMs / 1000)} s)`);
        row(`chain RSS, ${accounts / 1000}k accounts`, `${fmt(manual.rssMiB())} MiB`);
      } finally {
        await manual.stop();
      }
    }
  } finally {
    await api?.disconnect();
    await chain.stop();
  }

  const width = Math.max(...rows.map(([w]) => w.length));
  console.log('\nchain benchmark (chain in its own process, 127.0.0.1)');
  for (const [what, value] of rows) console.log(`  ${what.padEnd(width)}  ${value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
