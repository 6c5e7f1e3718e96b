/**
 * Workspaces of the local grid (simulator/grid/workspaces.ts): named grids the user creates, opens (the grid runs
 * on the open one, remembered in <data dir>/workspaces/current.json as `gridbox workspace use` does), duplicates,
 * exports to one archive, imports and deletes; the open workspace's whole-grid snapshots and reset to genesis.
 */
import * as z from 'zod';
import { empty, method, topic } from '../decl';

/** A workspace as simulator/grid/workspaces.ts lists it (the renderer must not load that Node module, so restated). */
export interface WorkspaceSummary {
  name: string;
  path: string;
  sizeBytes: number;
  lastUsedAt: string | undefined;
  /** a grid (this app's or a `gridbox up`'s) runs in it now */
  running: boolean;
  current: boolean;
  nodes: number | undefined;
  workshop: boolean;
  /** its workspace.json is damaged (what to do) */
  error?: string;
}

export interface SnapshotSummary {
  name: string;
  savedAt: string;
  blockNumber: number;
  blockHash: string;
  nodes: string[];
}

/** The open workspace's workspace.json, as far as the dashboard shows it. */
export interface WorkspaceGridConfig {
  /** `farmId`: a farmer's own node (booted on the Farm page), which keeps its exact hardware whatever `profile` says */
  nodes: { name: string; profile: 'small' | 'medium' | 'large' | 'gpu'; farmId?: number }[];
  farmName: string;
  blockMode: 'instant' | 'interval';
  uptimeIntervalSecs?: number;
  backend: 'process' | 'docker';
  workshop: boolean;
}

export interface WorkspaceExport {
  path: string;
  bytes: number;
  files: number;
  /** the web fallback only: where the browser downloads the archive on this app's origin (absent outside the exports folder) */
  download?: string;
}

export interface WorkspacesView {
  /** the open workspace: the grid starts, stops, snapshots and resets there */
  current: string;
  workspaces: WorkspaceSummary[];
  /** the open workspace's workspace.json (null: none yet, the defaults apply; or damaged: see its summary's error) */
  config: WorkspaceGridConfig | null;
  /** the open workspace's snapshots, newest first */
  snapshots: SnapshotSummary[];
  /** a long action under way (reset, snapshot save or restore) and its steps so far, newest last */
  task?: { action: WorkspaceTask; progress: string[] };
}

export type WorkspaceTask = 'reset' | 'snapshot-save' | 'snapshot-restore';

/** Workspace and snapshot names: safe as folder names everywhere (the simulator checks them again). */
const itemName = (what: string) => z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, `a ${what} name: 1 to 64 letters, digits, "-" or "_", starting with a letter or digit`);
const workspaceName = itemName('workspace');
const snapshotName = itemName('snapshot');
const filePath = z.string().trim().min(1, 'a file path is required').max(4096);

export const workspacesMethods = {
  'workspaces.list': method<WorkspacesView>()(empty),
  /** A new workspace with this grid; `open` also makes it the open one (refused while a grid runs). */
  'workspaces.create': method<WorkspacesView>()(
    z.object({
      name: workspaceName,
      nodes: z.number().int().min(0, 'at least 0 nodes').max(100, 'at most 100 nodes').default(3),
      profile: z.enum(['small', 'medium', 'large', 'gpu']).default('small'),
      instant: z.boolean().default(false),
      /** the workshop preset: fixed node identities, instant blocks, uptime every 10 s */
      workshop: z.boolean().default(false),
      open: z.boolean().default(true),
    }).strict(),
  ),
  /** Makes it the open workspace; refused while the local grid runs (stop it first: it keeps its own workspace). */
  'workspaces.open': method<WorkspacesView>()(z.object({ name: workspaceName }).strict()),
  'workspaces.duplicate': method<WorkspacesView>()(z.object({ from: workspaceName, to: workspaceName }).strict()),
  /** Writes a stopped workspace to one .tar.gz at `path` (default: <data dir>/exports/<name>-<date>.tar.gz). */
  'workspaces.export': method<WorkspaceExport>()(
    z.object({ name: workspaceName, path: filePath.optional() }).strict(),
  ),
  /** Unpacks an exported workspace under `name`; an existing one is replaced only with `overwrite` (never while it runs). */
  'workspaces.import': method<WorkspacesView>()(
    z.object({ path: filePath, name: workspaceName, overwrite: z.boolean().default(false) }).strict(),
  ),
  /** Deletes a stopped workspace and everything in it (configuration, chain, node identities, snapshots, logs). */
  'workspaces.delete': method<WorkspacesView>()(z.object({ name: workspaceName }).strict()),
  /**
   * The open workspace's grid back to genesis in one step: running, the chain resets and the farm and nodes register
   * again with the same ids; stopped, the next start begins from genesis. Snapshots are kept.
   */
  'workspaces.reset': method<WorkspacesView>()(empty),
  /** Saves the running grid's chain and node states under a name (the nodes pause for a moment). */
  'snapshots.save': method<SnapshotSummary>()(z.object({ name: snapshotName, overwrite: z.boolean().default(false) }).strict()),
  /** Puts the running grid's chain and nodes back as they were at the snapshot. */
  'snapshots.restore': method<SnapshotSummary>()(z.object({ name: snapshotName }).strict()),
  'snapshots.delete': method<WorkspacesView>()(z.object({ name: snapshotName }).strict()),
} as const;

export const workspacesTopics = {
  /** The workspaces view whenever a workspace or snapshot changes, and each step of a long action. */
  'workspaces.changed': topic<WorkspacesView>()(empty),
} as const;
