/**
 * `gridbox snapshot save|list|restore|delete` and `gridbox reset`: whole-grid snapshots (chain state and every
 * node's state together, simulator/grid/workspace-snapshots.ts) of the grid running in the workspace.
 */
import { ApiError } from '../../api/errors';
import type { ProgressEvent } from '../../../simulator/grid/grid';
import {
  deleteGridSnapshot, listGridSnapshots, resetGrid, restoreGridSnapshot, saveGridSnapshot,
} from '../../../simulator/grid/workspace-snapshots';
import type { RunState, WorkspacePaths } from '../../../simulator/grid/workspace';
import type { Command, CliContext } from '../command';
import { commandGroup, parseCommandArgs } from '../command';
import { DATA_OPTION, runningGrid, workspaceOf } from './up-workspace';
import { asWorkspaceUserError } from '../../backend/grid/workspace-errors';

const OPTIONS = { ...DATA_OPTION, json: { type: 'boolean' }, force: { type: 'boolean' } } as const;

interface Args { name: string | undefined; paths: WorkspacePaths; json: boolean; force: boolean; ctx: CliContext; progress: (e: ProgressEvent) => void }

function snapshotSub(name: string, summary: string, usage: string, withName: boolean, body: (args: Args) => Promise<number>): Command {
  const command = name === 'reset' ? 'gridbox reset' : `gridbox snapshot ${name}`;
  return {
    summary,
    help: `Usage: ${command} ${usage}`,
    async run(argv, ctx) {
      const { values, positionals } = parseCommandArgs(argv, OPTIONS, { command, positionals: withName ? ['NAME'] : [] });
      if (values.help) {
        ctx.io.out(this.help);
        return 0;
      }
      const paths = workspaceOf(values.data, ctx.env, command);
      const started = Date.now();
      const progress = (e: ProgressEvent) => ctx.io.err(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${e.message}\n`);
      return asWorkspaceUserError(() => body({ name: positionals[0], paths, json: values.json === true, force: values.force === true, ctx, progress }));
    },
  };
}

/** The running grid's state, or undefined when none runs (for what also works on a stopped workspace). */
function runningOrNone(paths: WorkspacePaths): RunState | undefined {
  try {
    return runningGrid(paths);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') return undefined;
    throw error;
  }
}

const COMMON = `
Options:
  --data DIR   the workspace folder (default: the current workspace)
  --json       print the result as one JSON line
  -h, --help   this text
`;

const save = snapshotSub('save', "save the running grid's chain and node states under a name", `NAME [--force] [--data DIR] [--json]

Stops the nodes for a moment, saves the chain's state (gridbox_snapshotSave) and a copy of every node's folder
(identity and deployments), then starts the nodes again. --force replaces a snapshot of that name.
${COMMON}`, true, async ({ name, paths, json, force, ctx, progress }) => {
  const info = await saveGridSnapshot({ paths, state: runningGrid(paths), onProgress: progress }, name!, { overwrite: force });
  ctx.io.out(json ? `${JSON.stringify(info)}\n` : `Saved snapshot ${info.name} at block ${info.blockNumber} with ${info.nodes.length} node(s).\n`);
  return 0;
});

const list = snapshotSub('list', "the workspace's snapshots, newest first", `[--data DIR] [--json]
${COMMON}`, false, async ({ paths, json, ctx }) => {
  const all = listGridSnapshots(paths);
  if (json) ctx.io.out(`${JSON.stringify(all)}\n`);
  else if (!all.length) ctx.io.out(`No snapshots in ${paths.root}.\n`);
  else for (const s of all) ctx.io.out(`${s.name.padEnd(24)} block ${String(s.blockNumber).padEnd(8)} ${s.nodes.length} node(s)  saved ${s.savedAt}\n`);
  return 0;
});

const restore = snapshotSub('restore', 'put the chain and the nodes back as they were at a snapshot', `NAME [--data DIR] [--json]

Stops the nodes, restores the chain (gridbox_snapshotRestore: clients see the restored head as after
dev_setHead) and every node's folder, and starts the nodes again: they resume with the snapshot's deployments.
${COMMON}`, true, async ({ name, paths, json, ctx, progress }) => {
  const info = await restoreGridSnapshot({ paths, state: runningGrid(paths), onProgress: progress }, name!);
  ctx.io.out(json ? `${JSON.stringify(info)}\n` : `Restored snapshot ${info.name} (block ${info.blockNumber}).\n`);
  return 0;
});

const remove = snapshotSub('delete', 'delete a snapshot', `NAME [--data DIR]
${COMMON}`, true, async ({ name, paths, json, ctx }) => {
  await deleteGridSnapshot(paths, runningOrNone(paths), name!);
  ctx.io.out(json ? `${JSON.stringify({ deleted: name })}\n` : `Deleted snapshot ${name}.\n`);
  return 0;
});

export const snapshotCommand = commandGroup('snapshot', 'whole-grid snapshots: save, list, restore, delete', {
  save: async () => save,
  list: async () => list,
  restore: async () => restore,
  delete: async () => remove,
});

export const resetCommand = snapshotSub('reset', 'the grid back to genesis in one step (same farm and node ids)', `[--data DIR] [--json]

With a running grid: resets the chain to genesis (gridbox_reset), clears the nodes' deployments (they keep their
identities), creates the farmer's twin and farm again and registers the nodes again in name order, so the farm
and node ids are the same as on the first start. Without a running grid: forgets the kept chain and the nodes'
deployments, so the next 'gridbox up' starts from genesis. Snapshots are kept.
${COMMON}`, false, async ({ paths, json, ctx, progress }) => {
  const state = runningOrNone(paths);
  await resetGrid(paths, state, progress);
  const what = state ? 'The grid is back at genesis with its farm and nodes registered again.' : `The next 'gridbox up' in ${paths.root} starts from genesis.`;
  ctx.io.out(json ? `${JSON.stringify({ reset: true, running: state !== undefined })}\n` : `${what}\n`);
  return 0;
});
