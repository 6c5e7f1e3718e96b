/**
 * The local grid as the app sees it: one grid per data directory (its default workspace), started here or by
 * `gridbox up` in a terminal. Either way the view comes from the same places the CLI uses (run.json and the node
 * host's control API), so the app and the CLI can watch and control each other's grid.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { GridNodeAction, GridNodeView, GridView } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { ControlClient, ControlError, type NodeFaults } from '../../../simulator/grid/control-client';
import type { GridBackend } from '../../../simulator/grid/backend';
import type { DockerBackend } from '../../../simulator/grid/docker/index';
import type { ChildLauncher } from '../../../simulator/grid/child-launcher';
import type { Grid } from '../../../simulator/grid/grid';
import { nodeLogLines, type LogChunk } from '../../../simulator/grid/log-tail';
import { readWorkspaceConfig, withFarmerNode, writeWorkspaceConfig, type FarmerNode } from '../../../simulator/grid/workspace-config';
import { prepareWorkspaceGrid } from '../../../simulator/grid/workspace-up';
import { lastStartParams, startChoices, type StartParams } from './last-start';
import { isAlive, NoGridError, readRunState, workspacePaths, type RunState, type WorkspacePaths } from '../../../simulator/grid/workspace';
import type { TopicBus } from '../events';
import { asWorkspaceUserError } from './workspace-errors';

const REFRESH_MS = 1000;
const PROGRESS_KEPT = 12;
/** Each node container starts its own Node and chain connection: the slow-chain default, as `gridbox up --docker`. */
const DOCKER_READY_TIMEOUT_MS = 180_000;

export interface LocalGridOptions {
  dataDir: string;
  bus: TopicBus;
  /** `free` picks free ports instead of 9944/8081/8085 (tests run beside other grids). */
  ports?: 'default' | 'free';
  logError?: (context: string, err: unknown) => void;
  /** How the grid's processes start: Electron main passes its utilityProcess launcher; plain Node needs none. */
  childLauncher?: ChildLauncher;
}

export class LocalGrid {
  #workspace: WorkspacePaths;
  #grid: Grid | undefined;
  #docker: DockerBackend | undefined;
  #phase: 'idle' | 'starting' | 'stopping' | 'failed' = 'idle';
  #progress: string[] = [];
  #error: string | undefined;
  #nodes: GridNodeView[] = [];
  #last = '';
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;

  constructor(private readonly options: LocalGridOptions) {
    this.#workspace = workspacePaths(options.dataDir);
  }

  /** The current view; also starts watching (node status is refreshed every second while a grid runs). */
  async status(): Promise<GridView> {
    this.#followCurrent();
    this.#watch();
    await this.#refresh();
    return this.#view();
  }

  /** The open workspace's folders (the grid runs there). */
  get workspace(): WorkspacePaths {
    this.#followCurrent();
    return this.#workspace;
  }

  /** Whether a grid runs (or starts or stops) in the open workspace, here or from `gridbox up`. */
  busy(): boolean {
    return this.#grid !== undefined || this.#phase === 'starting' || this.#phase === 'stopping' || this.#external() !== undefined;
  }

  /** The run state of the grid running in the open workspace (this app's or a `gridbox up`'s), for snapshots and reset. */
  runState(): RunState | undefined {
    if (this.#phase === 'starting' || this.#phase === 'stopping') throw new ApiError('conflict', `the local grid is ${this.#phase}: wait until it is done`);
    return this.#grid ? this.#runState() : this.#external();
  }

  /** The chain's WebSocket URL of the running grid, or an error saying to start one. */
  chainUrl(): string {
    const url = this.#view().endpoints?.substrate;
    const state = this.#view().state;
    if (state !== 'running' || !url) throw new ApiError('unavailable', 'the local grid is not running: start it first');
    return url;
  }

  /** Records a farmer's own node in the open workspace's workspace.json, so the next start brings it back. */
  recordFarmerNode(node: FarmerNode): Promise<void> {
    const workspace = this.workspace;
    return asWorkspaceUserError(() => writeWorkspaceConfig(workspace, withFarmerNode(readWorkspaceConfig(workspace), node)));
  }

  /** A node's log lines (secrets redacted): the last ones, or those written since `after`. */
  logs(name: string, after: number | undefined, maxLines: number): LogChunk {
    return nodeLogLines(this.workspace.logs, name, { ...(after === undefined ? {} : { after }), maxLines });
  }

  /** Starts the open workspace's grid with the options it was last started with (the tray's Start). */
  async startAsLastUsed(): Promise<GridView> {
    const workspace = this.workspace;
    return this.start(lastStartParams(await asWorkspaceUserError(() => readWorkspaceConfig(workspace))));
  }

  async start(params: StartParams): Promise<GridView> {
    this.#followCurrent();
    this.#watch();
    if (this.#phase === 'starting' || this.#phase === 'stopping') throw new ApiError('conflict', `the local grid is ${this.#phase}`);
    const external = this.#external();
    if (this.#grid || external) throw new ApiError('conflict', `the local grid is already running${external ? ` (started by gridbox up, pid ${external.pid})` : ''}`);
    this.#phase = 'starting';
    this.#progress = [];
    this.#error = undefined;
    this.#nodes = [];
    this.#publish();
    const say = (message: string) => {
      this.#progress = [...this.#progress, message].slice(-PROGRESS_KEPT);
      this.#publish();
    };
    try {
      // The workspace keeps the grid's shape, as `gridbox up` does: these choices are saved into its workspace.json.
      const grid = await asWorkspaceUserError(() => prepareWorkspaceGrid(this.#workspace, startChoices(params), say));
      if (params.backend === 'docker') {
        const { dockerBackendFor } = await import('../../../simulator/grid/docker/index');
        this.#docker = await dockerBackendFor(this.#workspace, say);
      }
      const backend: GridBackend | undefined = this.#docker;
      // Loaded on first use: the orchestrator pulls in the chain's argument table and child-process plumbing.
      const { Grid: GridClass } = await import('../../../simulator/grid/grid');
      this.#grid = await GridClass.up({
        workspace: this.#workspace,
        nodes: grid.nodes,
        instant: grid.instant,
        profile: grid.profile,
        nodeProfiles: grid.nodeProfiles,
        nodeNames: grid.nodeNames,
        nodeFarmIds: grid.nodeFarmIds,
        farmName: grid.farmName,
        ...(grid.uptimeIntervalSecs ? { uptimeIntervalSecs: grid.uptimeIntervalSecs } : {}),
        ports: this.options.ports ?? 'default',
        ...(backend ? { backend, layout: 'separate' as const, readyTimeoutMs: DOCKER_READY_TIMEOUT_MS } : {}),
        ...(this.options.childLauncher ? { childLauncher: this.options.childLauncher } : {}),
        onProgress: (event) => say(event.message),
        onPartExit: (name, code, signal) => void this.#partEnded(name, code, signal),
      });
      this.#phase = 'idle';
      await this.#refresh();
      return this.#view();
    } catch (error) {
      await this.#closeDocker();
      this.#phase = 'failed';
      this.#error = startFailure(error);
      this.#publish();
      throw new ApiError(error instanceof ApiError && error.code !== 'internal' ? error.code : 'unavailable', this.#error);
    }
  }

  async stop(): Promise<GridView> {
    if (this.#phase === 'starting') throw new ApiError('conflict', 'the local grid is starting: stop it once it is up');
    if (this.#grid) {
      this.#phase = 'stopping';
      this.#publish();
      const grid = this.#grid;
      this.#grid = undefined;
      try {
        await grid.down();
      } finally {
        await this.#closeDocker();
        this.#phase = 'idle';
        this.#nodes = [];
        this.#publish();
      }
      return this.#view();
    }
    const external = this.#external();
    if (!external) {
      this.#phase = 'idle';
      this.#error = undefined;
      this.#publish();
      return this.#view();
    }
    // `gridbox up` stops everything it started on SIGTERM, exactly as on Ctrl+C in its terminal.
    this.#phase = 'stopping';
    this.#publish();
    process.kill(external.pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (isAlive(external.pid) && Date.now() < deadline) await sleep(100);
    this.#phase = 'idle';
    this.#nodes = [];
    this.#publish();
    if (isAlive(external.pid)) throw new ApiError('unavailable', `gridbox up (pid ${external.pid}) did not stop within 15 s`);
    return this.#view();
  }

  async node(name: string, action: GridNodeAction): Promise<GridNodeView> {
    const control = this.#control();
    if (!control) throw new ApiError('unavailable', 'no local grid with nodes is running');
    try {
      const faults = FAULT_ACTIONS[action];
      if (faults) await control.faults(name, faults);
      else await control.action(name, action as 'stop' | 'start' | 'restart' | 'crash');
    } catch (error) {
      if (error instanceof ControlError) throw new ApiError(error.status === 404 ? 'not_found' : 'unavailable', error.message);
      throw error;
    }
    await this.#refresh();
    const node = this.#nodes.find((n) => n.name === name);
    if (!node) throw new ApiError('not_found', `unknown node: ${name}`);
    return node;
  }

  /** The running grid's node host control API (the app's grid or one from `gridbox up`); undefined when none runs. */
  controlClient(): ControlClient | undefined {
    return this.#control();
  }

  /** Takes down a grid this app started (a grid from `gridbox up` keeps running). */
  async dispose(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const grid = this.#grid;
    this.#grid = undefined;
    await grid?.down().catch((error: unknown) => this.options.logError?.('grid.down', error));
    await this.#closeDocker();
  }

  /** The Docker grid is down: remove whatever container or network of this workspace is left. */
  async #closeDocker(): Promise<void> {
    const docker = this.#docker;
    this.#docker = undefined;
    if (!docker) return;
    const { closeDockerGrid } = await import('../../../simulator/grid/docker/index');
    await closeDockerGrid(docker, this.#workspace.root);
  }

  /** Another workspace was opened (here or with `gridbox workspace use`): watch it, unless this app's grid runs. */
  #followCurrent(): void {
    if (this.#grid || this.#phase === 'starting' || this.#phase === 'stopping') return;
    const next = workspacePaths(this.options.dataDir);
    if (next.root === this.#workspace.root) return;
    this.#workspace = next;
    this.#nodes = [];
    this.#progress = [];
    this.#error = undefined;
    if (this.#phase === 'failed') this.#phase = 'idle';
  }

  #watch(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#refresh(), REFRESH_MS);
    this.#timer.unref();
  }

  /** One refresh at a time; a slow control API must not pile up requests. */
  #refresh(): Promise<void> {
    this.#refreshing ??= this.#readNodes().finally(() => {
      this.#refreshing = undefined;
      this.#publish();
    });
    return this.#refreshing;
  }

  async #readNodes(): Promise<void> {
    const control = this.#control();
    if (!control) {
      if (this.#phase !== 'starting') this.#nodes = [];
      return;
    }
    try {
      this.#nodes = await control.nodes();
    } catch {
      // The node host is starting or going away: keep the last view until it answers again.
    }
  }

  #control(): ControlClient | undefined {
    if (this.#grid) return this.#grid.control;
    const state = this.#phase === 'starting' ? this.#runState() : this.#external();
    return state?.control ? new ControlClient(state.control.url, state.control.token) : undefined;
  }

  /** A grid another process (`gridbox up`) runs in this workspace. */
  #external(): RunState | undefined {
    if (this.#grid || this.#phase === 'starting') return undefined;
    const state = this.#runState();
    return state && state.pid !== process.pid && isAlive(state.pid) ? state : undefined;
  }

  #runState(): RunState | undefined {
    try {
      return readRunState(this.#workspace);
    } catch (error) {
      if (!(error instanceof NoGridError)) this.options.logError?.('grid run state', error);
      return undefined;
    }
  }

  async #partEnded(name: string, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
    const grid = this.#grid;
    if (!grid) return;
    this.#grid = undefined;
    this.#phase = 'failed';
    this.#error = `the ${name} process ended on its own (${signal ?? `exit code ${code}`}), so the grid was stopped; its log is in ${this.#workspace.logs}`;
    this.#publish();
    await grid.down().catch((error: unknown) => this.options.logError?.('grid.down', error));
    await this.#closeDocker();
    this.#nodes = [];
    this.#publish();
  }

  #view(): GridView {
    const external = this.#external();
    const run = this.#grid ? undefined : external;
    const base: GridView = { state: 'stopped', workspace: this.#workspace.root, progress: this.#progress, nodes: this.#nodes };
    if (this.#error) base.error = this.#error;
    if (this.#phase === 'starting') return { ...base, state: 'starting', owner: 'app' };
    if (this.#phase === 'stopping') return { ...base, state: 'stopping' };
    if (this.#grid) {
      const { summary } = this.#grid;
      return {
        ...base,
        state: 'running',
        owner: 'app',
        endpoints: endpointsOf({ ...summary, substrate: summary.substrate }),
        farmer: { address: summary.farmer.address, twinId: summary.farmer.twinId, farmId: summary.farmer.farmId },
      };
    }
    if (run) {
      const urls = Object.fromEntries(Object.entries(run.parts).map(([k, v]) => [k, v.url]));
      const substrate = urls.chain ?? urls.services ?? '';
      return {
        ...base,
        state: run.state === 'starting' ? 'starting' : run.state === 'stopping' ? 'stopping' : 'running',
        owner: 'cli',
        startedAt: run.startedAt,
        ...(substrate ? { endpoints: endpointsOf({ ...urls, substrate }) } : {}),
        ...(run.farmer ? { farmer: run.farmer } : {}),
      };
    }
    return this.#phase === 'failed' ? { ...base, state: 'failed' } : base;
  }

  #publish(): void {
    const view = this.#view();
    const text = JSON.stringify(view);
    if (text === this.#last) return;
    this.#last = text;
    this.options.bus.emit('grid.changed', view);
  }
}

const FAULT_ACTIONS: Partial<Record<GridNodeAction, Partial<NodeFaults>>> = {
  'pause-uptime': { pauseUptime: true },
  'resume-uptime': { pauseUptime: false },
  'relay-cut': { relayCut: true },
  'relay-restore': { relayCut: false },
};

/** Start-up failures name the part and its log; a busy port says which one and what to do. */
function startFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/EADDRINUSE|address already in use/i.test(message)) {
    return `a port the local grid needs is in use (another chain on 9944?): stop what uses it, or run 'gridbox up --free-ports' in a terminal. ${message}`;
  }
  return `the local grid could not start: ${message}`;
}

const OPTIONAL_ENDPOINTS = ['relay', 'activation', 'proxy', 'graphql', 'kyc'] as const;

/** The grid's service URLs that are known, from `gridbox up`'s summary or run.json's parts alike. */
function endpointsOf(urls: { substrate: string } & Partial<Record<(typeof OPTIONAL_ENDPOINTS)[number], string | undefined>>): NonNullable<GridView['endpoints']> {
  const out: NonNullable<GridView['endpoints']> = { substrate: urls.substrate };
  for (const key of OPTIONAL_ENDPOINTS) {
    const url = urls[key];
    if (url) out[key] = url;
  }
  return out;
}
