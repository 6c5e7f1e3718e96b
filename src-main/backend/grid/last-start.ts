/**
 * The grid's start options and the workspace's workspace.json, both ways. A start from the dashboard saves its
 * options into workspace.json (`startChoices`, as `gridbox up` does with its command line); a start with nothing
 * chosen, the tray's, reads them back from there (`lastStartParams`), so it brings back the grid the user last
 * started in that workspace rather than the contract's defaults.
 */
import { MAX_GRID_START_NODES, methods, type ParamsOut } from '../../api/contract';
import { lastPresetProfile, type UpChoices, type WorkspaceConfig } from '../../../simulator/grid/workspace-config';

export type StartParams = ParamsOut<'grid.start'>;

export function startChoices(params: StartParams): UpChoices {
  return {
    nodes: params.nodes, profile: params.profile, blockMode: params.instant ? 'instant' : 'interval',
    docker: params.backend === 'docker', workshop: params.workshop,
  };
}

/** The options of the workspace's last start; the contract's defaults for a workspace never started. */
export function lastStartParams(config: WorkspaceConfig | undefined): StartParams {
  if (!config) return methods['grid.start'].params.parse({});
  return methods['grid.start'].params.parse({
    // A hand-edited workspace.json may hold more nodes than a start may ask for.
    nodes: Math.min(config.nodes.length, MAX_GRID_START_NODES),
    profile: lastPresetProfile(config.nodes),
    instant: config.blockMode === 'instant',
    backend: config.backend,
    workshop: config.workshop,
  });
}
