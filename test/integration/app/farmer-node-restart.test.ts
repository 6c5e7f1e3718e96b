// A node booted by the Farm page's wizard outlives a restart of the local grid: the app backend records it in the
// workspace's workspace.json (name, exact hardware, farm), and the next start, with what the Local grid page's form
// then sends, brings it back with the same identity, node id, farm and hardware, online; so does the tray's Start.
// A reset to genesis drops it (its farm is gone) instead of waiting for it to register.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mnemonicGenerate } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo, FarmNodeView, FarmView, GridView } from '../../../src-main/api/contract';
import { startTestBackend, type TestBackend } from './app-backend';

const GIB = 1024 ** 3;
let app: TestBackend;

beforeAll(async () => {
  app = await startTestBackend('farmer-node');
}, 30_000);
afterAll(async () => {
  await app?.close();
});

describe('a farmer\'s own simulated node', () => {
  it('is recorded in workspace.json and comes back after stop and start with the same node id', { timeout: 300_000 }, async () => {
    const { call } = app;
    const { address } = await call<AccountInfo>('keys.import', { name: 'farmer', password: 'correct horse battery', source: { kind: 'mnemonic', mnemonic: mnemonicGenerate(12) } });
    const first = await call<GridView>('grid.start', { nodes: 1 });
    await call('farmer.fund', { network: 'local', address });
    await call('farmer.acceptTerms', { network: 'local', address });
    await call('farmer.createTwin', { network: 'local', address });
    const farm = await call<FarmView>('farmer.createFarm', { network: 'local', address, name: 'my_farm' });
    const hardware = { cru: 6, mru: 12 * GIB, disks: [{ type: 'ssd', size: 300 * GIB }, { type: 'hdd', size: 2048 * GIB }], serial: 'my-own-box' };
    const booted = await call<FarmNodeView>('farmer.bootNode', { address, farmId: farm.id, hardware });
    const before = (await call<GridView>('grid.status')).nodes.find((n) => n.nodeId === booted.nodeId)!;
    expect(before).toMatchObject({ name: 'node2', farmId: farm.id, state: 'online' });

    const config = JSON.parse(readFileSync(join(first.workspace, 'workspace.json'), 'utf8')) as { nodes: { name: string; farmId?: number; hardware?: { cru: number; serial?: string } }[] };
    expect(config.nodes.map((n) => n.name)).toEqual(['node1', 'node2']);
    expect(config.nodes[1]).toMatchObject({ farmId: farm.id, hardware: { cru: 6, mru: 12 * GIB, serial: 'my-own-box' } });

    await call('grid.stop');
    // What the Local grid page's form sends for this workspace: its node count and the other nodes' preset.
    const again = await call<GridView>('grid.start', { nodes: config.nodes.length, profile: 'small' });
    expect(again.state).toBe('running');
    const after = again.nodes.find((n) => n.name === 'node2');
    expect(after).toMatchObject({ nodeId: booted.nodeId, twinId: before.twinId, address: before.address, farmId: farm.id, state: 'online' });
    // The node reports the farmer's hardware again, not the preset's.
    expect(after!.capacity.total).toEqual(before.capacity.total);
    expect(again.nodes.find((n) => n.name === 'node1')).toMatchObject({ nodeId: first.nodes[0]!.nodeId, state: 'online' });

    // The tray's Start (nothing chosen) brings back the same grid from workspace.json, the farmer's node included.
    await call('grid.stop');
    const fromTray = await app.backend.grid.startAsLastUsed();
    expect(fromTray.nodes.map((n) => [n.name, n.nodeId, n.farmId, n.state])).toEqual(again.nodes.map((n) => [n.name, n.nodeId, n.farmId, 'online']));

    // Back to genesis: the farmer's farm is gone, so their node leaves workspace.json and stays stopped, and the
    // reset finishes with the grid's own node online (it used to wait for the farmer's node to register in vain).
    await call('workspaces.reset');
    const reset = await call<GridView>('grid.status');
    expect(reset.nodes.find((n) => n.name === 'node1')).toMatchObject({ nodeId: first.nodes[0]!.nodeId, state: 'online' });
    expect(reset.nodes.find((n) => n.name === 'node2')?.state).toBe('stopped');
    const afterReset = JSON.parse(readFileSync(join(first.workspace, 'workspace.json'), 'utf8')) as { nodes: { name: string }[] };
    expect(afterReset.nodes.map((n) => n.name)).toEqual(['node1']);
  });
});
