/**
 * What `gridbox up|status|logs|down|node` share: the workspace folder (`--data DIR`, else
 * the current workspace `<data dir>/workspaces/<name>`), the running grid's run state, and errors a user can act on.
 */
import { ApiError } from '../../api/errors';
import { defaultDataDir } from '../../backend/store/data-dir';
import { UsageError } from '../errors';
import { ControlClient, ControlError } from '../../../simulator/grid/control-client';
import { isAlive, NoGridError, readRunState, workspacePaths, type RunState, type WorkspacePaths } from '../../../simulator/grid/workspace';

export const DATA_OPTION = { data: { type: 'string' } } as const;

export function workspaceOf(data: string | undefined, env: NodeJS.ProcessEnv, command: string): WorkspacePaths {
  if (data !== undefined && data.trim() === '') throw new UsageError('--data must not be empty', command);
  return workspacePaths(defaultDataDir(env), data);
}

/** The run state of the grid running in a workspace, or a not_found error saying how to start one. */
export function runningGrid(paths: WorkspacePaths): RunState {
  let state: RunState;
  try {
    state = readRunState(paths);
  } catch (error) {
    if (error instanceof NoGridError) throw new ApiError('not_found', `${error.message} (start one with 'gridbox up')`);
    throw error;
  }
  if (!isAlive(state.pid)) throw new ApiError('not_found', `no grid is running in ${paths.root} (its gridbox up, pid ${state.pid}, is gone)`);
  return state;
}

export function controlOf(state: RunState): ControlClient {
  if (!state.control) throw new ApiError('not_found', 'this grid has no nodes (it was started with --nodes 0 or is still starting)');
  return new ControlClient(state.control.url, state.control.token);
}

/** Control API failures carry messages written for users; anything else stays an internal error. */
export async function asUserError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ControlError) throw new ApiError(error.status === 404 ? 'not_found' : 'internal', error.message);
    throw error;
  }
}
