// A farmer's own node in workspace.json (workspace-config.ts): recorded once under its name, kept with its exact
// hardware and farm through `gridbox up`'s --profile and --nodes, and handed to the grid's start in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../simulator/node/profiles';
import { applyUpChoices, defaultConfig, readWorkspaceConfig, withFarmerNode, writeWorkspaceConfig } from '../../../simulator/grid/workspace-config';
import { prepareWorkspaceGrid } from '../../../simulator/grid/workspace-up';
import { workspacePaths } from '../../../simulator/grid/workspace';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const hardware = { ...PRESETS.medium, cru: 6, serial: 'my-own-box' };

describe('a farmer\'s own node in workspace.json', () => {
  it('is added once under its name, after the preset nodes', () => {
    const base = { ...defaultConfig(), nodes: [{ name: 'node1', profile: 'large' as const }] };
    const once = withFarmerNode(base, { name: 'node2', hardware, farmId: 7 });
    expect(once.nodes).toEqual([{ name: 'node1', profile: 'large' }, { name: 'node2', profile: 'large', hardware, farmId: 7 }]);
    expect(withFarmerNode(once, { name: 'node2', hardware, farmId: 8 }).nodes.map((n) => n.farmId)).toEqual([undefined, 8]);
  });

  it('keeps its hardware through --profile, and added nodes take the preset nodes\' profile', () => {
    const config = withFarmerNode({ ...defaultConfig(), nodes: [{ name: 'node1', profile: 'medium' }] }, { name: 'node2', hardware, farmId: 7 });
    const changed = applyUpChoices(config, { profile: 'small' });
    expect(changed.nodes[1]).toMatchObject({ hardware, farmId: 7 });
    expect(applyUpChoices(config, { nodes: 3 }).nodes[2]).toEqual({ name: 'node3', profile: 'medium' });
  });

  it('reaches the grid\'s start with its name, hardware and farm, and survives a round trip through the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridbox-farmer-node-'));
    dirs.push(dir);
    const paths = workspacePaths('/unused', dir);
    writeWorkspaceConfig(paths, withFarmerNode({ ...defaultConfig(), nodes: [{ name: 'node1', profile: 'small' }] }, { name: 'node2', hardware, farmId: 7 }));
    expect(readWorkspaceConfig(paths)!.nodes[1]).toMatchObject({ hardware, farmId: 7 });
    const grid = prepareWorkspaceGrid(paths, {}, () => {});
    expect(grid).toMatchObject({ nodes: 2, nodeNames: ['node1', 'node2'], nodeProfiles: ['small', hardware], nodeFarmIds: [undefined, 7] });
  });
});
