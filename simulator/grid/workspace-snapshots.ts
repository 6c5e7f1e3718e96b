/**
 * Whole-grid snapshots (`gridbox snapshot save|list|restore|delete`, `gridbox reset`): the chain's state through
 * its own RPC (gridbox_snapshot*, gridbox_reset) and a copy of every node's folder (identity and deployments),
 * taken at the same point. The nodes are stopped over the node host's control API while it happens (a stopped
 * agent has flushed its deployments and writes nothing), and started again afterwards in name order, so they
 * resume with the state that matches the chain's.
 *
 *   <workspace>/snapshots/<name>/info.json        { name, savedAt, blockNumber, blockHash, nodes }
 *   <workspace>/snapshots/<name>/nodes/<node>/    the node's folder as it was
 *   <workspace>/chain/snapshots/<name>/           the chain's own image (simulator/chain/core/persistence)
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { ControlClient } from './control-client';
import { waitOnline, type ProgressEvent } from './grid';
import { readWorkspaceConfig, writeWorkspaceConfig, type WorkspaceConfig } from './workspace-config';
import { writeJsonAtomic, type RunState, type WorkspacePaths } from './workspace';

const SNAPSHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ONLINE_TIMEOUT_MS = 120_000;
const RPC_TIMEOUT_MS = 60_000;

const infoSchema = z.object({
  name: z.string(),
  savedAt: z.string(),
  blockNumber: z.number().int(),
  blockHash: z.string(),
  nodes: z.array(z.string()),
});
export type GridSnapshotInfo = z.infer<typeof infoSchema>;

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  constructor(message: string, readonly code: 'invalid_name' | 'not_found' | 'already_exists' | 'no_grid' | 'failed') {
    super(message);
  }
}

export function checkSnapshotName(name: string): string {
  if (!SNAPSHOT_NAME.test(name)) {
    throw new SnapshotError(`${JSON.stringify(name.slice(0, 70))} is not a snapshot name: use 1 to 64 letters, digits, "-" or "_", starting with a letter or digit`, 'invalid_name');
  }
  return name;
}

/** The workspace's snapshots, newest first; readable whether or not its grid runs. */
export function listGridSnapshots(paths: WorkspacePaths): GridSnapshotInfo[] {
  let names: string[];
  try {
    names = readdirSync(paths.snapshots).filter((n) => SNAPSHOT_NAME.test(n));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const info = readInfo(paths, name);
    return info ? [info] : [];
  }).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export interface GridControl {
  readonly paths: WorkspacePaths;
  readonly state: RunState;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export async function saveGridSnapshot(grid: GridControl, name: string, options: { overwrite?: boolean } = {}): Promise<GridSnapshotInfo> {
  checkSnapshotName(name);
  const target = join(grid.paths.snapshots, name);
  if (existsSync(target) && !options.overwrite) throw new SnapshotError(`snapshot ${name} already exists (delete it first, or use --force)`, 'already_exists');
  const chain = chainRpc(grid.state);
  return withNodesStopped(grid, async (nodes) => {
    const saved = await chain<{ blockNumber: number; blockHash: string }>('gridbox_snapshotSave', [name]);
    const staging = join(grid.paths.snapshots, `.saving-${name}`);
    rmSync(staging, { recursive: true, force: true });
    for (const node of nodes) {
      const from = join(grid.paths.nodes, node);
      if (existsSync(from)) cpSync(from, join(staging, 'nodes', node), { recursive: true, filter: notTemporary });
    }
    const info: GridSnapshotInfo = { name, savedAt: new Date().toISOString(), blockNumber: saved.blockNumber, blockHash: saved.blockHash, nodes };
    writeJsonAtomic(join(staging, 'info.json'), info);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
    return info;
  });
}

/** Chain and nodes back to the snapshot; the nodes boot from the restored folders and come online again. */
export async function restoreGridSnapshot(grid: GridControl, name: string): Promise<GridSnapshotInfo> {
  checkSnapshotName(name);
  const info = readInfo(grid.paths, name);
  if (!info) throw new SnapshotError(`no snapshot ${name} in ${grid.paths.root} (see 'gridbox snapshot list')`, 'not_found');
  const chain = chainRpc(grid.state);
  return withNodesStopped(grid, async () => {
    await chain('gridbox_snapshotRestore', [name]);
    for (const node of info.nodes) {
      const dir = join(grid.paths.nodes, node);
      const kept = join(grid.paths.snapshots, name, 'nodes', node);
      // The folder itself stays (its contents are replaced): with Docker it is bind-mounted into the node's
      // container, which would go on seeing a removed folder rather than a new one of the same name.
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      for (const item of existingEntries(dir)) rmSync(join(dir, item), { recursive: true, force: true });
      if (existsSync(kept)) cpSync(kept, dir, { recursive: true });
    }
    return info;
  });
}

export async function deleteGridSnapshot(paths: WorkspacePaths, state: RunState | undefined, name: string): Promise<void> {
  checkSnapshotName(name);
  const dir = join(paths.snapshots, name);
  if (!existsSync(dir)) throw new SnapshotError(`no snapshot ${name} in ${paths.root}`, 'not_found');
  // The chain forgets its image through its RPC while it runs; otherwise its folder goes with ours.
  if (state) await chainRpc(state)('gridbox_snapshotDelete', [name]);
  else rmSync(join(paths.chain, 'snapshots', name), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Back to genesis in one step: the chain resets, the nodes forget their deployments (keeping their identities),
 * the farmer's twin and farm are created again and the nodes register again in name order, so a fresh chain gets
 * the same farm and node ids. Without a running grid, the chain's data (not its snapshots) and the nodes'
 * deployments are removed and the next `gridbox up` starts from genesis.
 */
export async function resetGrid(paths: WorkspacePaths, state: RunState | undefined, onProgress?: (event: ProgressEvent) => void): Promise<void> {
  const config = readWorkspaceConfig(paths);
  if (!state) {
    for (const item of existingEntries(paths.chain)) if (item !== 'snapshots') rmSync(join(paths.chain, item), { recursive: true, force: true });
    forgetDeployments(paths);
    dropNodesOfRemovedFarms(paths, config, () => false, onProgress);
    return;
  }
  const chain = chainRpc(state);
  let dropped: string[] = [];
  await withNodesStopped({ paths, state, ...(onProgress ? { onProgress } : {}) }, async () => {
    await chain('gridbox_reset', []);
    forgetDeployments(paths);
    const activation = state.parts.activation?.url;
    const relay = state.parts.relay?.url;
    if (!activation) throw new SnapshotError('this grid has no activation service to fund the farmer again', 'failed');
    onProgress?.({ step: 'farmer', message: 'creating the farmer twin and farm again' });
    try {
      // Loaded here: @polkadot/api is heavy, and `gridbox up` reaches this module for its error types.
      const { setUpFarmer } = await import('./farmer');
      const { farmId } = await setUpFarmer(state.parts.chain!.url, {
        activationUrl: activation, relay: relay ? new URL(relay).hostname : null, ...(config?.farmName ? { farmName: config.farmName } : {}),
      });
      dropped = dropNodesOfRemovedFarms(paths, config, (id) => id === farmId, onProgress);
      // The grid proxy's twin comes next, as on a fresh grid (services-main announces only once it exists).
      if (state.parts.proxy && relay) {
        const { ensureProxyTwin } = await import('../services/proxy/proxy-twin');
        await ensureProxyTwin({ chainUrl: state.parts.chain!.url, relayUrl: relay, activationUrl: activation });
      }
    } catch (error) {
      throw new SnapshotError(`the chain is back at genesis, but the farmer or the proxy's twin could not be set up again: ${(error as Error).message}`, 'failed');
    }
  }, (name) => !dropped.includes(name));
}

/**
 * A node a farmer booted in a farm of their own (the Farm page's wizard records its farm) cannot come back after a
 * reset: only the grid's own farm is created again. It leaves workspace.json and is not started again (its folder
 * and identity are kept); the wizard boots it again once the farm exists. Registering it would fail, and the reset
 * (or the next start) would wait for it in vain.
 */
function dropNodesOfRemovedFarms(
  paths: WorkspacePaths, config: WorkspaceConfig | undefined, farmStays: (farmId: number) => boolean, onProgress?: (event: ProgressEvent) => void,
): string[] {
  const gone = config?.nodes.filter((n) => n.farmId !== undefined && !farmStays(n.farmId)) ?? [];
  if (!config || !gone.length) return [];
  writeWorkspaceConfig(paths, { ...config, nodes: config.nodes.filter((n) => !gone.includes(n)) });
  for (const n of gone) {
    onProgress?.({ step: 'node', message: `${n.name} was in farm ${n.farmId}, which the reset removed: it is no longer started; boot it again from the Farm page once the farm exists` });
  }
  return gone.map((n) => n.name);
}

/** Stops the running nodes, does the work, then starts them again in name order and waits until they are online. */
async function withNodesStopped<T>(grid: GridControl, work: (nodes: string[]) => Promise<T>, startAgain: (name: string) => boolean = () => true): Promise<T> {
  const control = controlOf(grid.state);
  const progress = grid.onProgress ?? (() => {});
  const all = control ? await control.nodes() : [];
  const names = all.map((n) => n.name).sort(byNodeOrder);
  const running = all.filter((n) => n.state !== 'stopped').map((n) => n.name).sort(byNodeOrder);
  if (control) {
    progress({ step: 'node', message: `stopping ${running.length} node${running.length === 1 ? '' : 's'}` });
    await Promise.all(running.map((name) => control.action(name, 'stop')));
  }
  let result: T;
  try {
    result = await work(names);
  } finally {
    if (control) {
      for (const name of running) if (startAgain(name)) await control.action(name, 'start');
    }
  }
  const restarted = running.filter(startAgain);
  if (control && restarted.length) {
    progress({ step: 'node', message: 'waiting for the nodes to come online' });
    await waitOnline(control, restarted, ONLINE_TIMEOUT_MS, progress);
  }
  return result;
}

function controlOf(state: RunState): ControlClient | undefined {
  return state.control ? new ControlClient(state.control.url, state.control.token) : undefined;
}

/** node2 before node10: the order `gridbox up` added (and registers) them in. */
function byNodeOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function forgetDeployments(paths: WorkspacePaths): void {
  for (const node of existingEntries(paths.nodes)) {
    const dir = join(paths.nodes, node);
    for (const item of existingEntries(dir)) if (item !== 'identity.json') rmSync(join(dir, item), { recursive: true, force: true });
  }
}

function existingEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function notTemporary(source: string): boolean {
  return !source.endsWith('.tmp');
}

function readInfo(paths: WorkspacePaths, name: string): GridSnapshotInfo | undefined {
  try {
    const parsed = infoSchema.safeParse(JSON.parse(readFileSync(join(paths.snapshots, name, 'info.json'), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** JSON-RPC over the chain's HTTP endpoint (same port as its WebSocket): one request, no connection to keep. */
function chainRpc(state: RunState) {
  const ws = state.parts.chain?.url;
  if (!ws) throw new SnapshotError('the run state names no chain', 'no_grid');
  const url = ws.replace(/^ws/, 'http');
  return async <T = unknown>(method: string, params: unknown[]): Promise<T> => {
    let body: { result?: T; error?: { message?: string } };
    try {
      const response = await fetch(url, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
        signal: AbortSignal.timeout(RPC_TIMEOUT_MS),
      });
      body = await response.json() as typeof body;
    } catch (error) {
      throw new SnapshotError(`the chain does not answer at ${url} (${(error as Error).message})`, 'failed');
    }
    if (body.error) throw new SnapshotError(`the chain refused ${method}: ${body.error.message ?? 'unknown error'}`, 'failed');
    return body.result as T;
  };
}

