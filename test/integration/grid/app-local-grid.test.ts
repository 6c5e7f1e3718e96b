// The app backend's local grid (grid.* methods of the typed API): started from the app, or found running from
// `gridbox up` in a terminal; either way watched and controlled through the same run.json and control API.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GridView } from '../../../src-main/api/contract';
import { createBackend, type Backend } from '../../../src-main/backend';
import { gridboxUp, isAlive, killLeftovers, until } from './cli-harness';

let dataDir: string;
let backend: Backend;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridbox-app-grid-'));
  backend = await createBackend({ dataDir, mode: 'web', version: 'test', gridPorts: 'free' });
});
afterAll(async () => {
  await backend?.dispose();
  killLeftovers();
  rmSync(dataDir, { recursive: true, force: true });
});
afterEach(() => killLeftovers());

async function call<T>(method: string, params: unknown = {}): Promise<T> {
  const envelope = await backend.dispatcher.call(method, params);
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { code: envelope.error.code });
  return envelope.result as T;
}

describe('local grid from the app backend', () => {
  it('starts with progress, controls a node, refuses a second start, and stops leaving nothing running', { timeout: 180_000 }, async () => {
    const seen: GridView[] = [];
    const unsubscribe = backend.bus.on('grid.changed', (view) => seen.push(view));
    const stopped = await call<GridView>('grid.status');
    expect(stopped.state).toBe('stopped');

    const running = await call<GridView>('grid.start', { nodes: 1 });
    expect(running.state).toBe('running');
    expect(running.owner).toBe('app');
    expect(running.endpoints?.substrate).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(running.nodes).toHaveLength(1);
    expect(running.nodes[0]).toMatchObject({ name: 'node1', state: 'online', nodeId: 1 });
    // Subscribers saw the start-up as it happened, not just the end.
    const starting = seen.filter((v) => v.state === 'starting');
    expect(starting.length).toBeGreaterThan(1);
    expect(starting.at(-1)!.progress.length).toBeGreaterThan(0);

    await expect(call('grid.start', { nodes: 1 })).rejects.toMatchObject({ code: 'conflict' });

    const paused = await call<GridView['nodes'][number]>('grid.node', { name: 'node1', action: 'pause-uptime' });
    expect(paused.faults.pauseUptime).toBe(true);
    const resumed = await call<GridView['nodes'][number]>('grid.node', { name: 'node1', action: 'resume-uptime' });
    expect(resumed.faults.pauseUptime).toBe(false);
    await expect(call('grid.node', { name: 'node7', action: 'stop' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('grid.node', { name: 'node1; rm -rf /', action: 'stop' })).rejects.toMatchObject({ code: 'invalid_params' });

    const runFile = join(running.workspace, 'run.json');
    expect(existsSync(runFile)).toBe(true);
    const after = await call<GridView>('grid.stop');
    expect(after.state).toBe('stopped');
    expect(existsSync(runFile)).toBe(false);
    unsubscribe();
  });

  it('finds a grid started by gridbox up, controls its nodes, and stops it as Ctrl+C would', { timeout: 180_000 }, async () => {
    const { cli, summary } = await gridboxUp(join(dataDir, 'workspaces', 'default'), 1);
    const view = await call<GridView>('grid.status');
    expect(view).toMatchObject({ state: 'running', owner: 'cli', endpoints: { substrate: summary.substrate } });
    expect(view.farmer?.farmId).toBe(summary.farmer.farmId);
    expect(view.nodes.map((n) => n.nodeId)).toEqual([summary.nodes[0]!.nodeId]);

    const paused = await call<GridView['nodes'][number]>('grid.node', { name: 'node1', action: 'pause-uptime' });
    expect(paused.faults.pauseUptime).toBe(true);

    const stopped = await call<GridView>('grid.stop');
    expect(stopped.state).toBe('stopped');
    expect(await cli.exited).toBe(0);
    expect(await until(() => !isAlive(cli.child.pid!), 5000)).toBe(true);
  });
});
