/**
 * `npx tsx test/bench/chain.ts`: figures for the dev chain with an unmodified ApiPromise, client and chain in this one
 * process on 127.0.0.1 (so CPU figures include both sides). Nothing is asserted; every loop is bounded.
 *   - connect: ApiPromise.create until ready
 *   - transfer → InBlock latency, one at a time (signAndSend, nonce from the API), instant blocks
 *   - a burst of BURST transfers from SENDERS accounts submitted at once: time to the last InBlock, transfers/s
 *   - RSS and heap after all that
 */
import '@polkadot/api-augment/substrate';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { startChain } from '../../simulator/chain';

const CONNECTS = 5;
const SEQUENTIAL = 40;
const BURST = Number(process.env.GRIDBOX_BENCH_BURST ?? 200);
const SENDERS = 20;
const TFT = 10_000_000n;

const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;

type StatusCallback = Parameters<SubmittableExtrinsic<'promise'>['send']>[0];

/** Resolves once the extrinsic is InBlock; `send` submits it (signing or not) with the status callback. */
function untilInBlock(send: (cb: StatusCallback) => Promise<() => void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsub: (() => void) | undefined;
    let done = false;
    send((r) => {
      if (r.status.isInBlock && !done) {
        done = true;
        unsub?.();
        resolve();
      } else if (r.isError) reject(new Error(r.status.type));
    }).then((u) => {
      unsub = u;
      if (done) u();
    }, reject);
  });
}

const signAndWait = (tx: SubmittableExtrinsic<'promise'>, signer: KeyringPair) =>
  untilInBlock((cb) => tx.signAndSend(signer, cb));

async function main(): Promise<void> {
  const running = await startChain({ port: 0, blockMode: 'instant' });
  try {
    const connectTimes: number[] = [];
    for (let i = 0; i < CONNECTS; i++) {
      const start = performance.now();
      const probe = await ApiPromise.create({ provider: new WsProvider(running.url), noInitWarn: true });
      connectTimes.push(performance.now() - start);
      await probe.disconnect();
    }
    connectTimes.sort((a, b) => a - b);
    console.log(`chain: connect (ApiPromise.create), ms            p50 ${fmt(percentile(connectTimes, 50))}  max ${fmt(connectTimes.at(-1)!)}`);

    const api = await ApiPromise.create({ provider: new WsProvider(running.url), noInitWarn: true });
    const keyring = new Keyring({ type: 'sr25519' });
    const alice = keyring.addFromUri('//Alice');
    const dest = keyring.addFromUri('//bench-dest').address;

    const latencies: number[] = [];
    for (let i = 0; i < SEQUENTIAL; i++) {
      const start = performance.now();
      await signAndWait(api.tx.balances.transferAllowDeath(dest, TFT), alice);
      latencies.push(performance.now() - start);
    }
    latencies.sort((a, b) => a - b);
    console.log(`chain: transfer → InBlock (instant), ms            p50 ${fmt(percentile(latencies, 50))}  p95 ${fmt(percentile(latencies, 95))}`);

    const senders = Array.from({ length: SENDERS }, (_, i) => keyring.addFromUri(`//bench-sender-${i}`));
    await signAndWait(api.tx.utility.batchAll(senders.map((s) => api.tx.balances.transferAllowDeath(s.address, 1000n * TFT))), alice);
    const perSender = Math.ceil(BURST / SENDERS);
    // Signed up front so the figure is the chain's (and the client's status handling), not signing.
    const signed = await Promise.all(senders.flatMap((s) => Array.from({ length: perSender }, (_, nonce) =>
      api.tx.balances.transferAllowDeath(dest, TFT).signAsync(s, { nonce }).then((tx) => ({ tx, s })))));
    const blocksBefore = (await api.rpc.chain.getHeader()).number.toNumber();
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await Promise.all(signed.map(({ tx }) => untilInBlock((cb) => tx.send(cb))));
    const elapsed = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    const blocks = (await api.rpc.chain.getHeader()).number.toNumber() - blocksBefore;
    console.log(`chain: burst of ${signed.length} transfers to InBlock, ms         ${fmt(elapsed)}  (${fmt((signed.length * 1000) / elapsed)} transfers/s, ${blocks} blocks, ${fmt((cpu.user + cpu.system) / 1000 / signed.length)} ms CPU per transfer incl. client)`);

    await api.disconnect();
    const mem = process.memoryUsage();
    console.log(`chain: memory after the run, MiB                  rss ${mib(mem.rss)}  heap ${mib(mem.heapUsed)}`);
    console.log(`chain: ${running.chain.best.number} blocks, ${running.chain.store.size} storage keys`);
  } finally {
    await running.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
