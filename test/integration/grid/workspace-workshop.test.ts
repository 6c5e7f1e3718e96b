// Workshop mode as attendees run it: two fresh workspaces with `gridbox up --workshop` get the same farmer, node
// accounts, twin and node ids; `gridbox reset` takes one back to genesis in one step, with the same farm and node
// ids registered again and the changes made before it gone.
import '@polkadot/api-augment';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { gridboxSync, gridboxUp, tempDirs } from './cli-harness';

const READY_MS = 150_000;
const workspace = tempDirs('gridbox-workshop-');

interface NodeView { name: string; state: string; address: string; nodeId: number; twinId: number }
function nodesOf(dir: string): NodeView[] {
  const status = gridboxSync(['status', '--json', '--data', dir], {}, 120_000);
  expect(status.status, `${status.stderr}\n${status.stdout}`).toBe(0);
  return (JSON.parse(status.stdout) as { nodes: NodeView[] }).nodes;
}

describe('gridbox up --workshop', () => {
  it('gives every attendee the same accounts and ids, and gridbox reset goes back to the start in one step', async () => {
    const [a, b] = [workspace(), workspace()];
    const [first, second] = await Promise.all([a, b].map((dir) => gridboxUp(dir, 2, ['--workshop'], READY_MS)));
    const view = (nodes: NodeView[]) => nodes.map(({ name, address, nodeId, twinId }) => ({ name, address, nodeId, twinId }));
    const nodesA = nodesOf(a);
    expect(view(nodesA)).toEqual(view(nodesOf(b)));
    expect(nodesA.map((n) => n.nodeId)).toEqual([1, 2]);
    expect(first!.summary.farmer).toEqual(second!.summary.farmer);
    expect(JSON.parse(readFileSync(join(a, 'workspace.json'), 'utf8'))).toMatchObject({ workshop: true, blockMode: 'instant', uptimeIntervalSecs: 10 });
    second!.cli.child.kill('SIGTERM');
    await second!.cli.exited;

    const api = await ApiPromise.create({ provider: new WsProvider(first!.summary.substrate), noInitWarn: true, throwOnConnect: true });
    try {
      const bob = new Keyring({ type: 'sr25519' }).addFromUri('//Bob');
      const payee = new Keyring({ type: 'sr25519' }).addFromUri('//gridbox-workshop-test').address;
      await new Promise<void>((resolve, reject) => {
        void api.tx.balances.transferKeepAlive(payee, 5_000_000n).signAndSend(bob, ({ status, dispatchError }) => {
          if (dispatchError) reject(new Error(dispatchError.toString()));
          else if (status.isInBlock || status.isFinalized) resolve();
        }).catch(reject);
      });
      expect((await api.query.system.account(payee)).data.free.toString()).toBe('5000000');

      const reset = gridboxSync(['reset', '--data', a], {}, 150_000);
      expect(reset.status, reset.stderr).toBe(0);
      expect(reset.stdout).toMatch(/back at genesis/);
      expect((await api.query.system.account(payee)).data.free.toString()).toBe('0');
      const after = nodesOf(a);
      expect(after.map((n) => n.state)).toEqual(['online', 'online']);
      expect(view(after)).toEqual(view(nodesA));
      const farm = (await api.query.tfgridModule!.farms!(first!.summary.farmer.farmId)).toPrimitive() as { twinId: number } | null;
      expect(farm?.twinId).toBe(first!.summary.farmer.twinId);
    } finally {
      await api.disconnect();
      first!.cli.child.kill('SIGTERM');
      await first!.cli.exited;
    }
  }, 2 * READY_MS + 120_000);
});
