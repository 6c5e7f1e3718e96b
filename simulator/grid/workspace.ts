/**
 * A grid's workspace folder and its run state. `run.json` tells later `gridbox status|logs|down|node` commands what
 * a running `gridbox up` started: pids, URLs and the node host's control token (hence mode 0600, written whole
 * through a rename so a reader never sees half a file).
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod';

export interface WorkspacePaths {
  readonly root: string;
  readonly runFile: string;
  readonly logs: string;
  readonly chain: string;
  readonly nodes: string;
  /** workspace.json: the grid's configuration (workspace-config.ts). */
  readonly config: string;
  /** Whole-grid snapshots (workspace-snapshots.ts). */
  readonly snapshots: string;
}

/**
 * The current workspace (`<data dir>/workspaces/<name>`, `default` until `gridbox workspace use` picks another)
 * unless a folder is given (`--data DIR`).
 */
export function workspacePaths(dataDir: string, explicit?: string): WorkspacePaths {
  return pathsOf(explicit ?? join(workspacesDir(dataDir), currentWorkspaceName(dataDir)));
}

export function pathsOf(root: string): WorkspacePaths {
  return {
    root, runFile: join(root, 'run.json'), logs: join(root, 'logs'), chain: join(root, 'chain'), nodes: join(root, 'nodes'),
    config: join(root, 'workspace.json'), snapshots: join(root, 'snapshots'),
  };
}

export const DEFAULT_WORKSPACE = 'default';

export function workspacesDir(dataDir: string): string {
  return join(dataDir, 'workspaces');
}

/** `<data dir>/workspaces/current.json` names the current workspace (a name never holds a dot, so no clash). */
export function currentFile(dataDir: string): string {
  return join(workspacesDir(dataDir), 'current.json');
}

export function currentWorkspaceName(dataDir: string): string {
  try {
    const parsed = JSON.parse(readFileSync(currentFile(dataDir), 'utf8')) as { current?: unknown };
    if (typeof parsed.current === 'string' && WORKSPACE_NAME.test(parsed.current)) return parsed.current;
  } catch {
    // No choice made yet (or an unreadable one): the default workspace.
  }
  return DEFAULT_WORKSPACE;
}

/** 1–64 letters, digits, `-` or `_`, starting with a letter or digit: safe as a folder name everywhere. */
export const WORKSPACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

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
  writeJsonAtomic(paths.runFile, state);
}

/** Written aside then renamed, so a reader (or a crash) never sees half a file; 0600, its folder 0700. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, file);
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
