/**
 * `gridbox up` and the workspace's workspace.json (simulator/grid/workspace-up.ts), with its errors as the CLI
 * reports them.
 */
import type { UpChoices } from '../../../simulator/grid/workspace-config';
import { prepareWorkspaceGrid, type UpGrid } from '../../../simulator/grid/workspace-up';
import type { WorkspacePaths } from '../../../simulator/grid/workspace';
import { asWorkspaceUserError } from '../../backend/grid/workspace-errors';

export type { UpGrid };

export async function workspaceGridFor(
  workspace: WorkspacePaths, choices: Omit<UpChoices, 'profile'> & { profile?: string }, say: (line: string) => void,
): Promise<UpGrid> {
  return asWorkspaceUserError(() => prepareWorkspaceGrid(workspace, choices as UpChoices, say));
}
