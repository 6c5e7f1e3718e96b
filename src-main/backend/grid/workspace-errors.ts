/** Workspace, snapshot and workspace.json errors as the CLI and the app report them (stable codes, messages for users). */
import { ApiError, type ErrorCode } from '../../api/errors';
import { WorkspaceConfigError } from '../../../simulator/grid/workspace-config';
import { SnapshotError } from '../../../simulator/grid/workspace-snapshots';
import { WorkspaceError } from '../../../simulator/grid/workspaces';

const CODES: Record<WorkspaceError['code'] | SnapshotError['code'], ErrorCode> = {
  invalid_name: 'invalid_params',
  not_found: 'not_found',
  already_exists: 'already_exists',
  running: 'locked',
  corrupt: 'corrupt_file',
  no_grid: 'not_found',
  failed: 'internal',
};

export async function asWorkspaceUserError<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WorkspaceError || error instanceof SnapshotError) throw new ApiError(CODES[error.code], error.message);
    if (error instanceof WorkspaceConfigError) throw new ApiError('corrupt_file', error.message);
    throw error;
  }
}
