/**
 * Starting a workspace's grid, as `gridbox up` and the app both do: the saved workspace.json with the new choices
 * applied, saved back (with the time of this start), and in workshop mode the nodes' fixed identities put in place
 * first. Throws WorkspaceConfigError for a damaged workspace.json.
 */
import type { HardwareProfile } from '../node/profiles';
import { applyUpChoices, lastPresetProfile, readWorkspaceConfig, writeWorkspaceConfig, type ProfileName, type UpChoices } from './workspace-config';
import { seedWorkshopIdentities } from './workshop';
import type { WorkspacePaths } from './workspace';

export interface UpGrid {
  readonly nodes: number;
  readonly profile: string;
  readonly nodeProfiles: readonly (ProfileName | HardwareProfile)[];
  /** Each node's name, in order (node1… and any farmer's own nodes). */
  readonly nodeNames: readonly string[];
  /** Each node's farm when not the grid farmer's (a farmer's own node). */
  readonly nodeFarmIds: readonly (number | undefined)[];
  readonly farmName: string;
  readonly instant: boolean;
  readonly uptimeIntervalSecs: number | undefined;
  readonly docker: boolean;
  readonly workshop: boolean;
}

export function prepareWorkspaceGrid(workspace: WorkspacePaths, choices: UpChoices, say: (line: string) => void): UpGrid {
  const existing = readWorkspaceConfig(workspace);
  const config = applyUpChoices(existing, choices);
  writeWorkspaceConfig(workspace, { ...config, lastUsedAt: new Date().toISOString() });
  if (existing && !Object.values(choices).some((v) => v !== undefined)) {
    say(`workspace grid: ${config.nodes.length} node(s), ${config.blockMode} blocks${config.workshop ? ', workshop' : ''} (from workspace.json)`);
  }
  const names = config.nodes.map((n) => n.name);
  if (config.workshop) {
    const outcome = seedWorkshopIdentities(workspace.nodes, names);
    const kept = Object.entries(outcome).filter(([, o]) => o === 'different').map(([n]) => n);
    if (kept.length) say(`workshop: ${kept.join(', ')} keep the identity they already had (not the workshop one); a new workshop workspace gives a clean one`);
  }
  return {
    nodes: config.nodes.length,
    profile: lastPresetProfile(config.nodes),
    nodeProfiles: config.nodes.map((n) => n.hardware ?? n.profile),
    nodeNames: names,
    nodeFarmIds: config.nodes.map((n) => n.farmId),
    farmName: config.farmName,
    instant: config.blockMode === 'instant',
    uptimeIntervalSecs: config.uptimeIntervalSecs,
    docker: config.backend === 'docker',
    workshop: config.workshop,
  };
}
