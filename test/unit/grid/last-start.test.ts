// The tray's Start brings back the grid the user last started (last-start.ts): the options a start saves into
// workspace.json come back out the same, a farmer's own node counts without setting the preset, and a workspace never
// started gets the contract's defaults.
import { describe, expect, it } from 'vitest';
import { methods } from '../../../src-main/api/contract';
import { lastStartParams, startChoices, type StartParams } from '../../../src-main/backend/grid/last-start';
import { applyUpChoices, defaultConfig, withFarmerNode } from '../../../simulator/grid/workspace-config';
import { PRESETS } from '../../../simulator/node/profiles';

const started = (params: StartParams, before = defaultConfig()) => applyUpChoices(before, startChoices(params));

describe('the last start\'s options', () => {
  it('come back as they were started, whatever the workspace held before', () => {
    const cases: StartParams[] = [
      { nodes: 5, profile: 'medium', instant: false, backend: 'process', workshop: false },
      { nodes: 1, profile: 'gpu', instant: true, backend: 'docker', workshop: false },
      { nodes: 2, profile: 'small', instant: true, backend: 'process', workshop: true },
    ];
    for (const params of cases) {
      expect(lastStartParams(started(params))).toEqual(params);
      expect(lastStartParams(started(params, started({ nodes: 9, profile: 'large', instant: true, backend: 'docker', workshop: true })))).toEqual(params);
    }
  });

  it('count a farmer\'s own node but take the preset from the others', () => {
    const config = withFarmerNode(started({ nodes: 2, profile: 'large', instant: false, backend: 'process', workshop: false }), { name: 'node3', hardware: PRESETS.small, farmId: 4 });
    expect(lastStartParams(config)).toMatchObject({ nodes: 3, profile: 'large', instant: false });
  });

  it('keep the preset only while there are nodes to carry it', () => {
    expect(lastStartParams(started({ nodes: 0, profile: 'gpu', instant: true, backend: 'process', workshop: false }))).toMatchObject({ nodes: 0, profile: 'small' });
  });

  it('are the contract\'s defaults for a workspace never started, and stay within what a start may ask', () => {
    expect(lastStartParams(undefined)).toEqual(methods['grid.start'].params.parse({}));
    const big = { ...defaultConfig(), nodes: Array.from({ length: 150 }, (_, i) => ({ name: `node${i + 1}`, profile: 'small' as const })) };
    expect(lastStartParams(big).nodes).toBe(100);
  });
});
