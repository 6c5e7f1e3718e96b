/**
 * Starting a workspace's grid, as `gridbox up` and the app both do: the saved workspace.json with the new choices
 * applied, saved back (with the time of this start), and in workshop mode the nodes' fixed identities put in place
 * first. Throws WorkspaceConfigError for a damaged workspace.json.
 */
import { applyUpChoices, readWorkspaceConfig, writeWorkspaceConfig, type ProfileName, type UpChoices } from './workspace-config';
import { seedWorkshopIdentities } from './workshop';
import type { WorkspacePaths } from './workspace';

export interface UpGrid {
  readonly nodes: number;
  readonly profile: string;
  readonly nodeProfiles: readonly ProfileName[];
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
    profile: config.nodes.at(-1)?.profile ?? 'small',
    nodeProfiles: config.nodes.map((n) => n.profile),
    farmName: config.farmName,
    instant: config.blockMode === 'instant',
    uptimeIntervalSecs: config.uptimeIntervalSecs,
    docker: config.backend === 'docker',
    workshop: config.workshop,
  };
}
