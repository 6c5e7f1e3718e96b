/**
 * `gridbox up` and the workspace's workspace.json: the saved grid with the command line's changes applied, saved
 * back (with the time of this start), and in workshop mode the nodes' fixed identities put in place first.
 */
import { applyUpChoices, readWorkspaceConfig, writeWorkspaceConfig, type ProfileName, type UpChoices } from '../../../simulator/grid/workspace-config';
import { seedWorkshopIdentities } from '../../../simulator/grid/workshop';
import type { WorkspacePaths } from '../../../simulator/grid/workspace';
import { asWorkspaceUserError } from './workspace-errors';

export interface UpGrid {
  readonly nodes: number;
  readonly profile: string;
  readonly nodeProfiles: readonly ProfileName[];
  readonly farmName: string;
  readonly instant: boolean;
  readonly uptimeIntervalSecs: number | undefined;
  readonly docker: boolean;
}

export async function workspaceGridFor(
  workspace: WorkspacePaths, choices: Omit<UpChoices, 'profile'> & { profile?: string }, say: (line: string) => void,
): Promise<UpGrid> {
  return asWorkspaceUserError(() => {
    const existing = readWorkspaceConfig(workspace);
    const config = applyUpChoices(existing, choices as UpChoices);
    writeWorkspaceConfig(workspace, { ...config, lastUsedAt: new Date().toISOString() });
    if (existing && !Object.values(choices).some((v) => v !== undefined)) {
      say(`workspace grid: ${config.nodes.length} node(s), ${config.blockMode} blocks${config.workshop ? ', workshop' : ''} (from workspace.json)`);
    }
    const names = config.nodes.map((n) => n.name);
    if (config.workshop) {
      const outcome = seedWorkshopIdentities(workspace.nodes, names);
      const kept = Object.entries(outcome).filter(([, o]) => o === 'different').map(([n]) => n);
      if (kept.length) say(`workshop: ${kept.join(', ')} keep the identity they already had (not the workshop one); 'gridbox workspace create --workshop' gives a clean one`);
    }
    return {
      nodes: config.nodes.length,
      profile: config.nodes.at(-1)?.profile ?? 'small',
      nodeProfiles: config.nodes.map((n) => n.profile),
      farmName: config.farmName,
      instant: config.blockMode === 'instant',
      uptimeIntervalSecs: config.uptimeIntervalSecs,
      docker: config.backend === 'docker',
    };
  });
}
