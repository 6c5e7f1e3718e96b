/**
 * A grid's workspace folder and its run state. `run.json` tells later `gridbox status|logs|down|node` commands what
 * a running `gridbox up` started: pids, URLs and the node host's control token (hence mode 0600, written whole
 * through a rename so a reader never sees half a file).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export interface WorkspacePaths {
  readonly root: string;
  readonly runFile: string;
  readonly logs: string;
  readonly chain: string;
  readonly nodes: string;
}

/** `<data dir>/workspaces/default` unless a folder is given (`--data DIR`). */
export function workspacePaths(dataDir: string, explicit?: string): WorkspacePaths {
  const root = explicit ?? join(dataDir, 'workspaces', 'default');
  return { root, runFile: join(root, 'run.json'), logs: join(root, 'logs'), chain: join(root, 'chain'), nodes: join(root, 'nodes') };
}

const part = z.object({ pid: z.number().int().optional(), url: z.string() });

export const runStateSchema = z.object({
  version: z.literal(1),
  /** The `gridbox up` process that owns the grid. */
  pid: z.number().int(),
  startedAt: z.string(),
  state: z.enum(['starting', 'ready', 'stopping']),
  parts: z.record(z.string(), part),
  control: z.object({ url: z.string(), token: z.string() }).optional(),
  farmer: z.object({ address: z.string(), twinId: z.number(), farmId: z.number() }).optional(),
  nodes: z.array(z.string()),
});

export type RunState = z.infer<typeof runStateSchema>;

export function writeRunState(paths: WorkspacePaths, state: RunState): void {
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  const temp = `${paths.runFile}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, paths.runFile);
}

export class NoGridError extends Error {
  override readonly name = 'NoGridError';
}

/** The run state of a live grid; NoGridError when none runs (no file, or its `gridbox up` is gone). */
export function readRunState(paths: WorkspacePaths): RunState {
  let text: string;
  try {
    text = readFileSync(paths.runFile, 'utf8');
  } catch {
    throw new NoGridError(`no grid is running in ${paths.root}`);
  }
  const parsed = runStateSchema.safeParse(safeJson(text));
  if (!parsed.success) throw new NoGridError(`${paths.runFile} is not a Gridbox run file`);
  return parsed.data;
}

export function removeRunState(paths: WorkspacePaths): void {
  rmSync(paths.runFile, { force: true });
}

export function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
