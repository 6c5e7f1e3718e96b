/**
 * `npm run bench`: prints speed and memory figures for what users wait on. Nothing here is asserted; numbers depend
 * on the machine. Every loop is bounded in count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createBackend } from '../../src-main/backend';
import { startWebServer } from '../../src-main/web/server';

const ACCOUNTS = Number(process.env.GRIDBOX_BENCH_ACCOUNTS ?? 100);
const ROUND_TRIPS = 2000;
const PASSWORD = 'bench password';

const ms = (start: number) => performance.now() - start;
const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-'));
  try {
    const backend = await createBackend({ dataDir: dir, mode: 'web', version: 'bench' });
    const { vault } = backend;

    // Account creation is dominated by scrypt (N=2^17): this is the wait a user sees after "Create".
    const createTimes: number[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const draft = vault.createBegin({ words: 12, type: 'sr25519' });
      const words = Object.fromEntries(draft.challenge.map((p) => [String(p), draft.mnemonic.split(' ')[p - 1]!]));
      const start = performance.now();
      await vault.createConfirm({ draftId: draft.draftId, name: `bench ${i}`, password: PASSWORD, words });
      createTimes.push(ms(start));
      if ((i + 1) % 20 === 0) process.stderr.write(`  created ${i + 1}/${ACCOUNTS} accounts\n`);
    }
    createTimes.sort((a, b) => a - b);
    console.log(`keys: create (encrypt + mnemonic + write), ms   p50 ${fmt(percentile(createTimes, 50))}  p95 ${fmt(percentile(createTimes, 95))}`);

    const accounts = (await vault.list()).filter((a) => !a.dev);
    const unlockStart = performance.now();
    await vault.unlock(accounts[0]!.address, PASSWORD);
    console.log(`keys: unlock one account, ms                   ${fmt(ms(unlockStart))}`);

    const listTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const start = performance.now();
      await vault.list();
      listTimes.push(ms(start));
    }
    listTimes.sort((a, b) => a - b);
    console.log(`keys: list ${accounts.length} accounts, ms                  p50 ${fmt(percentile(listTimes, 50))}  p95 ${fmt(percentile(listTimes, 95))}`);

    // API round trip over the web fallback's WebSocket, as the renderer makes it.
    const server = await startWebServer({ dispatcher: backend.dispatcher, rendererDir: dir });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: server.origin });
    await new Promise((ok, fail) => (ws.once('open', ok), ws.once('error', fail)));
    const pending = new Map<number, () => void>();
    ws.on('message', (data) => pending.get((JSON.parse(data.toString()) as { id: number }).id)?.());
    const call = (id: number) =>
      new Promise<void>((ok) => {
        pending.set(id, ok);
        ws.send(JSON.stringify({ id, method: 'app.info', params: {} }));
      });
    const rtts: number[] = [];
    for (let i = 1; i <= ROUND_TRIPS; i++) {
      const start = performance.now();
      await call(i);
      rtts.push(ms(start));
    }
    rtts.sort((a, b) => a - b);
    console.log(`api: app.info round trip over WebSocket, ms    p50 ${fmt(percentile(rtts, 50))}  p99 ${fmt(percentile(rtts, 99))}`);
    const listStart = performance.now();
    await new Promise<void>((ok) => {
      pending.set(-1, ok);
      ws.send(JSON.stringify({ id: -1, method: 'keys.list', params: {} }));
    });
    console.log(`api: keys.list (${accounts.length + 6} accounts) over WebSocket, ms ${fmt(ms(listStart))}`);
    ws.close();
    await server.close();

    const mem = process.memoryUsage();
    console.log(`memory: rss ${mib(mem.rss)} MiB, heap used ${mib(mem.heapUsed)} MiB after ${accounts.length} accounts`);
    backend.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
