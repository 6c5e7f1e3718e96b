/** `gridbox down`: stops the grid another `gridbox up` runs, the way Ctrl-C in its terminal would. */
import { ApiError } from '../../api/errors';
import { cleanUpWorkspace } from '../../../simulator/grid/docker/index';
import { isAlive } from '../../../simulator/grid/workspace';
import { removeRunState } from '../../../simulator/grid/workspace';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';
import { DATA_OPTION, runningGrid, workspaceOf } from './up-workspace';

const NAME = 'gridbox down';
const GRACEFUL_MS = 20_000;
const POLL_MS = 100;

export const downCommand: Command = {
  summary: 'stop the local grid started by gridbox up',
  help: `Usage: ${NAME} [--data DIR]

Asks the 'gridbox up' running in the workspace to stop (SIGTERM): it stops its nodes, services and chain, and
exits. Whatever is still running after ${GRACEFUL_MS / 1000} s is killed. With Docker, every container, network and
volume labelled as this workspace's is removed too, even when its 'gridbox up' is gone.

Options:
  --data DIR   the workspace folder (default: the current workspace)
  -h, --help   this text
`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, DATA_OPTION, { command: NAME });
    if (values.help) {
      ctx.io.out(this.help);
      return 0;
    }
    const workspace = workspaceOf(values.data, ctx.env, NAME);
    let state: ReturnType<typeof runningGrid>;
    try {
      state = runningGrid(workspace);
    } catch (error) {
      // No live 'gridbox up': Docker resources it left behind (it was killed) are still ours to remove.
      const removed = error instanceof ApiError ? await cleanUpWorkspace(workspace.root) : undefined;
      if (!removed) throw error;
      removeRunState(workspace);
      ctx.io.err(`Removed ${removed} Docker resource(s) left in ${workspace.root}.\n`);
      return 0;
    }
    const pids = [state.pid, ...Object.values(state.parts).map((p) => p.pid)].filter((p): p is number => p !== undefined);
    ctx.io.err(`Stopping the grid in ${workspace.root} (gridbox up pid ${state.pid})…\n`);
    signal(state.pid, 'SIGTERM');
    const deadline = Date.now() + GRACEFUL_MS;
    while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, POLL_MS));
    const left = pids.filter(isAlive);
    if (left.length) {
      ctx.io.err(`Still running after ${GRACEFUL_MS / 1000} s, killing: ${left.join(', ')}\n`);
      signal(state.pid, 'SIGKILL');
      // Each part leads its own process group: kill the groups, so nothing a part started survives.
      for (const pid of left.filter((p) => p !== state.pid)) signal(-pid, 'SIGKILL');
      removeRunState(workspace);
    }
    await cleanUpWorkspace(workspace.root);
    ctx.io.err('Grid stopped.\n');
    return 0;
  },
};

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}
