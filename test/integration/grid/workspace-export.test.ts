// Named workspaces as a user runs them (GRIDBOX_DATA_DIR as the data folder): `gridbox workspace create --use`,
// `gridbox up`, a transfer, down; `gridbox workspace export`, `import` under another name, `use`, and a plain
// `gridbox up` brings back the same grid: the same node ids, node accounts, farmer and balances.
import '@polkadot/api-augment';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { gridbox, gridboxSync, tempDirs, type UpSummary } from './cli-harness';

const READY_MS = 150_000;
const dataDir = tempDirs('gridbox-wsx-');

interface Snapshot { summary: UpSummary; nodeAddresses: string[]; balances: Record<string, string> }

/** A plain `gridbox up --json --free-ports` in the current workspace; what it shows, then SIGTERM. */
async function upAndLook(env: NodeJS.ProcessEnv, watched: string[], act?: (api: ApiPromise) => Promise<void>): Promise<Snapshot> {
  const cli = gridbox(['up', '--json', '--free-ports'], env);
  try {
    const [line] = await cli.waitFor(/^\{.*\}$/m, READY_MS);
    const summary = JSON.parse(line) as UpSummary;
    const status = JSON.parse(gridboxSync(['status', '--json'], env).stdout) as { nodes: { name: string; address: string }[] };
    const nodeAddresses = status.nodes.map((n) => n.address);
    const api = await ApiPromise.create({ provider: new WsProvider(summary.substrate), noInitWarn: true, throwOnConnect: true });
    try {
      if (act) await act(api);
      const balances: Record<string, string> = {};
      for (const address of [summary.farmer.address, ...watched]) balances[address] = (await api.query.system.account(address)).data.free.toString();
      return { summary, nodeAddresses, balances };
    } finally {
      await api.disconnect();
    }
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
  }
}

describe('gridbox workspace', () => {
  it('export, import under another name, use, up: same node ids, node accounts and balances', async () => {
    const data = dataDir();
    const env = { GRIDBOX_DATA_DIR: data };
    const created = gridboxSync(['workspace', 'create', 'one', '--nodes', '2', '--instant', '--use'], env);
    expect(created.status, created.stderr).toBe(0);

    const keyring = new Keyring({ type: 'sr25519' });
    const bob = keyring.addFromUri('//Bob');
    const payee = keyring.addFromUri('//gridbox-workspace-test').address;
    const first = await upAndLook(env, [payee], async (api) => {
      await new Promise<void>((resolve, reject) => {
        void api.tx.balances.transferKeepAlive(payee, 7_000_000n).signAndSend(bob, ({ status, dispatchError }) => {
          if (dispatchError) reject(new Error(dispatchError.toString()));
          else if (status.isInBlock || status.isFinalized) resolve();
        }).catch(reject);
      });
    });
    expect(first.balances[payee]).toBe('7000000');
    expect(first.summary.nodes.map((n) => n.name)).toEqual(['node1', 'node2']);

    const archive = join(data, 'one.tar.gz');
    expect(gridboxSync(['workspace', 'export', 'one', archive], env).status).toBe(0);
    expect(existsSync(archive)).toBe(true);
    const imported = gridboxSync(['workspace', 'import', archive, 'two'], env);
    expect(imported.status, imported.stderr).toBe(0);
    expect(gridboxSync(['workspace', 'import', archive, 'two'], env).stderr).toMatch(/already exists/);
    expect(gridboxSync(['workspace', 'use', 'two'], env).status).toBe(0);

    const second = await upAndLook(env, [payee]);
    expect(second.summary.nodes.map(({ name, nodeId, twinId, farmId }) => ({ name, nodeId, twinId, farmId })))
      .toEqual(first.summary.nodes.map(({ name, nodeId, twinId, farmId }) => ({ name, nodeId, twinId, farmId })));
    expect(second.nodeAddresses).toEqual(first.nodeAddresses);
    expect(second.summary.farmer).toEqual(first.summary.farmer);
    expect(second.balances).toEqual(first.balances);

    const list = JSON.parse(gridboxSync(['workspace', 'list', '--json'], env).stdout) as { current: string; workspaces: { name: string; running: boolean }[] };
    expect(list.current).toBe('two');
    expect(list.workspaces.map((w) => [w.name, w.running])).toEqual([['one', false], ['two', false]]);
    expect(gridboxSync(['workspace', 'delete', 'one'], env).status).toBe(0);
    expect(gridboxSync(['workspace', 'use', 'bad/name'], env).stderr).toMatch(/is not a workspace name/);
  }, 2 * READY_MS + 60_000);
});
