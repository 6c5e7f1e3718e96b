/**
 * `npx tsx test/bench/grid-client.ts`: seconds for a VM deploy through the official grid_client 2.9.2 on the local
 * grid (`gridbox up --nodes 1 --instant --free-ports`), nothing asserted, loops bounded. Phases measured apart:
 * connect of a fresh account (activation, T&C, twin, grid_client's connect), then GRIDBOX_BENCH_VM_RUNS (default 3)
 * times `machines.deploy` of a 1-vCPU VM with a 10 GiB disk, and its `machines.delete`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mnemonicGenerate } from '@polkadot/util-crypto';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Math.min(Number(process.env.GRIDBOX_BENCH_VM_RUNS ?? 3), 10);
const READY_TIMEOUT_MS = 180_000;
const dir = mkdtempSync(join(tmpdir(), 'gridbox-bench-gc-'));
process.env.APPDATA = join(dir, 'appdata');

const seconds = (ms: number) => (ms / 1000).toFixed(2);

function up(): Promise<{ endpoints: Record<string, string> & { nodes: { nodeId: number }[] }; stop(): Promise<void> }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'src-main/cli/gridbox.mjs'), 'up', '--nodes', '1', '--instant', '--json', '--free-ports', '--data', join(dir, 'grid')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), READY_TIMEOUT_MS);
    const exited = new Promise<void>((r) => child.on('close', () => r()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line && out.includes('\n')) {
        clearTimeout(timer);
        ok({ endpoints: JSON.parse(line), stop: async () => { child.kill('SIGTERM'); await exited; } });
      }
    });
    void exited.then(() => fail(new Error(`gridbox up did not get ready:\n${err.slice(-2000)}`)));
  });
}

async function main(): Promise<void> {
  const grid = await up();
  const { connectLocalGridClient } = await import('../../src-main/grid-client/index');
  try {
    let t = performance.now();
    const user = await connectLocalGridClient({
      mnemonic: mnemonicGenerate(12), endpoints: grid.endpoints as never, projectName: 'bench', storeSecret: 'bench',
    });
    console.log(`connect of a fresh account (funds, T&C, twin, grid_client connect): ${seconds(performance.now() - t)} s`);
    const deploys: number[] = [];
    const deletes: number[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const name = `vm${i}`;
        t = performance.now();
        await user.grid.machines.deploy({
          name, network: { name: `net${i}`, ip_range: '10.20.0.0/16', addAccess: false },
          machines: [{
            name, node_id: grid.endpoints.nodes[0]!.nodeId, flist: 'https://hub.grid.tf/tf-official-apps/base:latest.flist',
            cpu: 1, memory: 1024, rootfs_size: 0, disks: [{ name: 'disk1', size: 10, mountpoint: '/data' }],
            public_ip: false, public_ip6: false, planetary: false, mycelium: false, entrypoint: '/sbin/zinit init', env: {},
          }],
          metadata: '', description: '',
        } as never);
        deploys.push(performance.now() - t);
        t = performance.now();
        await user.grid.machines.delete({ name });
        deletes.push(performance.now() - t);
      }
    } finally {
      await user.disconnect();
    }
    const range = (xs: number[]) => `${seconds(Math.min(...xs))}–${seconds(Math.max(...xs))} s (median ${seconds([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!)} s)`;
    console.log(`VM deploy through grid_client (network + VM with a disk), ${RUNS} runs: ${range(deploys)}`);
    console.log(`VM delete through grid_client, ${RUNS} runs: ${range(deletes)}`);
  } finally {
    await grid.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
