// The dashboard's backend methods on a real local grid (free ports): workspaces created, opened, duplicated,
// exported, imported and deleted; a running grid refuses what would pull the workspace from under it; chain time
// advanced and jumped with progress; a snapshot restored; a node's log followed; reset to genesis in one step.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainTimeView, GridEngines, GridLogChunk, GridView, SnapshotSummary, TimeJumpView, WorkspacesView } from '../../../src-main/api/contract';
import { startTestBackend, type TestBackend } from './app-backend';

let app: TestBackend;
const call = <T>(method: string, params: unknown = {}): Promise<T> => app.call<T>(method, params);

beforeAll(async () => {
  app = await startTestBackend('dashboard');
}, 30_000);
afterAll(async () => {
  await app?.close();
});

describe('the local grid dashboard from the app backend', () => {
  it('creates, opens, duplicates, exports, imports and deletes workspaces; bad names are refused', async () => {
    let view = await call<WorkspacesView>('workspaces.list');
    expect(view.current).toBe('default');
    view = await call<WorkspacesView>('workspaces.create', { name: 'lab', nodes: 2, profile: 'medium' });
    expect(view.current).toBe('lab');
    expect(view.config).toMatchObject({ nodes: [{ name: 'node1', profile: 'medium' }, { name: 'node2', profile: 'medium' }], blockMode: 'interval', workshop: false });
    expect((await call<GridView>('grid.status')).workspace).toBe(join(app.dataDir, 'workspaces', 'lab'));

    view = await call<WorkspacesView>('workspaces.duplicate', { from: 'lab', to: 'lab-copy' });
    expect(view.workspaces.map((w) => w.name)).toEqual(['lab', 'lab-copy']);
    const exported = await call<{ path: string; bytes: number }>('workspaces.export', { name: 'lab' });
    expect(exported.path.startsWith(join(app.dataDir, 'exports'))).toBe(true);
    expect(exported.bytes).toBeGreaterThan(0);
    view = await call<WorkspacesView>('workspaces.import', { path: exported.path, name: 'lab-imported' });
    expect(view.workspaces.find((w) => w.name === 'lab-imported')).toMatchObject({ nodes: 2 });
    await expect(call('workspaces.import', { path: exported.path, name: 'lab' })).rejects.toMatchObject({ code: 'already_exists' });
    await expect(call('workspaces.import', { path: join(app.dataDir, 'nothing.tar.gz'), name: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('workspaces.create', { name: '../evil' })).rejects.toMatchObject({ code: 'invalid_params' });
    view = await call<WorkspacesView>('workspaces.delete', { name: 'lab-copy' });
    expect(view.workspaces.map((w) => w.name)).toEqual(['lab', 'lab-imported']);

    expect(await call<GridEngines>('grid.engines')).toMatchObject({ docker: { available: expect.any(Boolean) } });
    // Without a grid: time needs one, snapshots need one; reset works and says nothing runs.
    await expect(call('time.status')).rejects.toMatchObject({ code: 'unavailable' });
    await expect(call('snapshots.save', { name: 'early' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('runs the open workspace: time, snapshots, logs and reset, and refuses to switch or delete it while it runs', { timeout: 300_000 }, async () => {
    await call<WorkspacesView>('workspaces.create', { name: 'timed', nodes: 1, instant: true });
    const started = await call<GridView>('grid.start', { nodes: 1, instant: true });
    expect(started.state).toBe('running');
    expect(started.workspace).toBe(join(app.dataDir, 'workspaces', 'timed'));
    const nodeId = started.nodes[0]!.nodeId;

    await expect(call('workspaces.open', { name: 'lab' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/stop it first/) });
    await expect(call('workspaces.delete', { name: 'timed' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/Stop grid/) });

    const before = await call<ChainTimeView>('time.status');
    expect(before.mode).toBe('instant');
    const advanced = await call<ChainTimeView>('time.advance', { blocks: 3 });
    expect(advanced.block).toBeGreaterThanOrEqual(before.block + 3);
    expect(advanced.chainTime - before.chainTime).toBeGreaterThanOrEqual(3 * 6000);

    const snapshot = await call<SnapshotSummary>('snapshots.save', { name: 'before-jump' });
    expect(snapshot).toMatchObject({ name: 'before-jump', nodes: ['node1'] });

    const events: ChainTimeView[] = [];
    const unsubscribe = app.backend.bus.on('time.changed', (e) => events.push(e));
    const jumpStart = await call<ChainTimeView>('time.status');
    const jump = await call<TimeJumpView>('time.jump', { seconds: 2 * 3600 });
    unsubscribe();
    expect(jump.toTime - jump.fromTime).toBeGreaterThanOrEqual(2 * 3600 * 1000);
    const after = await call<ChainTimeView>('time.status');
    expect(after.chainTime - jumpStart.chainTime).toBeGreaterThanOrEqual(2 * 3600 * 1000);
    expect(events.some((e) => e.jump !== null)).toBe(true);
    expect(events.at(-1)?.jump).toBeNull();

    const restored = await call<SnapshotSummary>('snapshots.restore', { name: 'before-jump' });
    expect(restored.blockNumber).toBe(snapshot.blockNumber);
    const back = await call<ChainTimeView>('time.status');
    expect(back.chainTime).toBeLessThan(after.chainTime - 3600 * 1000);
    const listed = await call<WorkspacesView>('workspaces.list');
    expect(listed.snapshots.map((s) => s.name)).toEqual(['before-jump']);

    const modes = await call<ChainTimeView>('time.mode', { mode: 'manual' });
    expect(modes.mode).toBe('manual');
    await expect(call('time.mode', { mode: 'manual', blockTimeMs: 100 })).rejects.toMatchObject({ code: 'invalid_params' });
    await call<ChainTimeView>('time.mode', { mode: 'instant' });

    const logs = await call<GridLogChunk>('grid.logs', { name: 'node1' });
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.every((l) => l.includes('[node node1]'))).toBe(true);
    const since = await call<GridLogChunk>('grid.logs', { name: 'node1', after: logs.offset });
    expect(since.offset).toBeGreaterThanOrEqual(logs.offset);

    const reset = await call<WorkspacesView>('workspaces.reset');
    expect(reset.task).toBeUndefined();
    const fresh = await call<ChainTimeView>('time.status');
    expect(fresh.block).toBeLessThan(back.block + 50);
    const view = await call<GridView>('grid.status');
    expect(view.nodes[0]).toMatchObject({ state: 'online', nodeId });
    // Snapshots survive a reset.
    expect((await call<WorkspacesView>('workspaces.list')).snapshots).toHaveLength(1);
    await call<WorkspacesView>('snapshots.delete', { name: 'before-jump' });
    await call<GridView>('grid.stop');
  });
});
