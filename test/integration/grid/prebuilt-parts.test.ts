// The packaged app's grid: parts built ahead into a folder (as `out/parts/` ships) run without the sources' bundler.
// Built here into a temp folder, then a one-node grid comes up with GRIDBOX_PARTS_DIR naming it while the launcher's
// esbuild is unavailable (an injected loader that records any call); the node is online, every part runs a module
// from that folder, and the chain's verify workers start (no node_modules beside the folder).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Grid } from '../../../simulator/grid/grid';
import { buildParts, PARTS_DIR_ENV } from '../../../simulator/grid/prebuilt-parts';
import { partBundleEntries, ProcessBackend } from '../../../simulator/grid/process-backend';
import { workspacePaths } from '../../../simulator/grid/workspace';
import { tempDirs } from './cli-harness';

const temp = tempDirs('gridbox-parts-');
let partsDir = '';
const previous = process.env[PARTS_DIR_ENV];

beforeAll(async () => {
  partsDir = temp();
  await buildParts(partsDir, partBundleEntries());
  process.env[PARTS_DIR_ENV] = partsDir;
}, 180_000);

afterAll(() => {
  if (previous === undefined) delete process.env[PARTS_DIR_ENV];
  else process.env[PARTS_DIR_ENV] = previous;
});

describe('prebuilt parts', () => {
  it('start a one-node grid from GRIDBOX_PARTS_DIR with no bundler at run time', async () => {
    let bundlerLoads = 0;
    const workspace = workspacePaths('/unused', temp());
    const backend = new ProcessBackend(workspace.logs, { loadBundler: () => (bundlerLoads++, Promise.resolve(undefined)) });
    const grid = await Grid.up({ workspace, nodes: 1, instant: true, ports: 'free', backend, readyTimeoutMs: 120_000 });
    try {
      expect(grid.summary.nodes).toEqual([expect.objectContaining({ name: 'node1', nodeId: expect.any(Number) })]);
      const nodes = await grid.control!.nodes();
      expect(nodes.map((n) => [n.name, n.state])).toEqual([['node1', 'online']]);
      const parts = backend.status();
      expect(parts.map((p) => p.name).sort()).toEqual(['nodes', 'services']);
      for (const part of parts) {
        // Linux only (CI and this machine): what the part's process actually runs.
        const cmdline = readFileSync(`/proc/${part.pid}/cmdline`, 'utf8').split('\0');
        expect(cmdline).toContain(join(partsDir, `${part.kind}.mjs`));
      }
      expect(bundlerLoads).toBe(0);
      // The chain's signature checks run in its workers, from the folder's own @polkadot/wasm-crypto.
      expect(readFileSync(join(workspace.logs, 'services.log'), 'utf8')).not.toMatch(/verify workers unavailable/);
    } finally {
      await grid.down();
    }
  }, 300_000);
});
