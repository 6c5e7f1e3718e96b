/**
 * The orchestrator: brings a local grid up in order (chain; relay and activation; the farmer; the node host and its
 * nodes), records what runs in the workspace's run.json, reports progress, and takes it all down again.
 *
 *   const grid = await Grid.up({ workspace: workspacePaths(dataDir), nodes: 3, instant: true, onProgress });
 *   console.log(grid.summary);   // { substrate, relay, activation, farmer, nodes: [{ name, nodeId, twinId, farmId }] }
 *   await grid.down();
 */
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { GridBackend, PartKind, StartedPart } from './backend';
import { ControlClient, type NodeStatus } from './control-client';
import type { Farmer } from './farmer';
import type { ChildLauncher } from './child-launcher';
import type { HardwareProfile } from '../node/profiles';
import { partAvailable, ProcessBackend } from './process-backend';
import { profileMark } from './startup-profile';
import { removeRunState, writeRunState, type RunState, type WorkspacePaths } from './workspace';

/** The design's default ports (docs: ../shared/design.md). */
export const DEFAULT_PORTS = { chain: 9944, relay: 8081, activation: 8085 } as const;
export const NODE_PROFILES = ['small', 'medium', 'large', 'gpu'] as const;
const POLL_MS = 50;
const SLOW_POLL_AFTER_MS = 3000;
const SLOW_POLL_MS = 250;
const SERVICES_START_TIMEOUT_MS = 60_000;

export interface GridUpOptions {
  readonly workspace: WorkspacePaths;
  readonly nodes: number;
  /** A block as soon as a transaction arrives, instead of every 6 s. */
  readonly instant?: boolean;
  readonly profile?: string;
  /** Per node, in order (node1 first), a preset or exact hardware; `profile` for the rest. */
  readonly nodeProfiles?: readonly (string | HardwareProfile)[];
  /** Per node, in order: its name (default node1…nodeN). */
  readonly nodeNames?: readonly string[];
  /** Per node, in order: the farm it joins when not the farmer's (a farmer's own node, from workspace.json). */
  readonly nodeFarmIds?: readonly (number | undefined)[];
  /** The farm the nodes join (default gridbox-farm). */
  readonly farmName?: string;
  readonly uptimeIntervalSecs?: number;
  /** `default`: 9944, 8081, 8085; `free`: any free ports (tests, several grids at once). */
  readonly ports?: 'default' | 'free';
  /** `combined` (default): chain, relay and activation in one process; `separate`: one process each. */
  readonly layout?: 'combined' | 'separate';
  /** How long the nodes may take to come online. Default 60 s in instant mode, 180 s otherwise. */
  readonly readyTimeoutMs?: number;
  readonly backend?: GridBackend;
  /** How the default process backend starts its processes (Electron's utilityProcess in the desktop app). */
  readonly childLauncher?: ChildLauncher;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** A part ended on its own while the grid ran. */
  readonly onPartExit?: (name: string, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface ProgressEvent {
  readonly step: 'chain' | 'relay' | 'activation' | 'farmer' | 'nodeHost' | 'node' | 'ready';
  readonly message: string;
}

export interface GridNodeSummary {
  readonly name: string;
  readonly nodeId: number | undefined;
  readonly twinId: number | undefined;
  readonly farmId: number;
}

export interface GridSummary {
  readonly substrate: string;
  readonly relay?: string;
  readonly activation: string;
  /** The grid services for grid_client (default layout only): grid proxy, GraphQL endpoint, KYC. */
  readonly proxy?: string;
  readonly graphql?: string;
  readonly kyc?: string;
  readonly farmer: Farmer;
  readonly nodes: GridNodeSummary[];
}

export class GridStartError extends Error {
  override readonly name = 'GridStartError';
}

/** Whether this build can run a part, from its source or prebuilt (the packaged app has no sources). */
export function hasPart(kind: PartKind): boolean {
  return partAvailable(kind);
}

export class Grid {
  #stopping: Promise<void> | undefined;

  private constructor(
    private readonly backend: GridBackend,
    private readonly workspace: WorkspacePaths,
    private state: RunState,
    readonly summary: GridSummary,
    readonly control: ControlClient | undefined,
    private readonly lifecycle: { ending: boolean },
  ) {}

  static async up(options: GridUpOptions): Promise<Grid> {
    profileMark('cli', 'Grid.up');
    const { workspace } = options;
    if (!Number.isInteger(options.nodes) || options.nodes < 0) throw new GridStartError('the number of nodes must be a whole number ≥ 0');
    if (options.nodes > 0 && !hasPart('nodeHost')) throw new GridStartError('this build has no node host (simulator/node/host-main.ts)');
    const backend = options.backend ?? new ProcessBackend(workspace.logs, options.childLauncher ? { childLauncher: options.childLauncher } : {});
    const progress = options.onProgress ?? (() => {});
    const port = (name: keyof typeof DEFAULT_PORTS) => String(options.ports === 'free' ? 0 : DEFAULT_PORTS[name]);
    const state: RunState = {
      version: 1, pid: process.pid, startedAt: new Date().toISOString(), state: 'starting', parts: {}, nodes: [],
    };
    const record = (name: string, pid: number | undefined, url: string) => {
      state.parts[name] = { ...(pid === undefined ? {} : { pid }), url };
      writeRunState(workspace, state);
    };
    const layout = options.layout ?? 'combined';
    // Set once the grid is being taken down: a part ending then (the node host exits on POST /shutdown) is expected.
    const lifecycle = { ending: false };
    backend.onExit((name, code, signal) => {
      if (!lifecycle.ending) options.onPartExit?.(name, code, signal);
    });
    const abort = async (error: unknown): Promise<never> => {
      lifecycle.ending = true;
      await stopAll(backend);
      removeRunState(workspace);
      throw error;
    };

    writeRunState(workspace, state);
    // Where the processes share loopback, the services process sets the farmer up (it has @polkadot/api loaded);
    // otherwise this process does, loading @polkadot/api while the services start.
    const farmerInServices = layout === 'combined' && backend.sharesLoopback;
    const farmerTools = farmerInServices ? undefined : import('./farmer');
    farmerTools?.catch(() => {});
    const token = randomBytes(24).toString('hex');
    const startHost = (urls: ServiceUrls, chainWaitSecs = 0) => backend.start({
      name: 'nodes', kind: 'nodeHost', env: { GRIDBOX_CONTROL_TOKEN: token },
      args: [
        '--chain', urls.chain, '--relay', urls.relay ?? '', '--data', workspace.nodes, '--activation', urls.activation,
        '--control-port', '0', '--chain-wait', String(chainWaitSecs),
        ...(options.uptimeIntervalSecs ? ['--uptime-interval', String(options.uptimeIntervalSecs)] : []),
      ],
    });
    let early: Promise<StartedPart> | undefined;
    try {
      let urls: ServiceUrls;
      if (layout === 'combined') {
        // The ports are known before the services listen, so the node host starts (loads, then waits for the
        // chain) at the same time as they do: its start-up no longer adds to the grid's.
        const ports = options.ports === 'free' ? await freePorts() : DEFAULT_PORTS;
        if (options.nodes > 0 && backend.sharesLoopback) {
          early = startHost(expectedUrls(ports), 60);
          early.catch(() => {});
        }
        urls = await startCombined(backend, options, ports, workspace, progress, record, farmerInServices ? new URL(expectedUrls(ports).relay!).hostname : undefined);
        const expected = expectedUrls(ports);
        if (early && (urls.chain !== expected.chain || urls.relay !== expected.relay || urls.activation !== expected.activation)) {
          throw new GridStartError(`the services announced ${JSON.stringify(urls)}, not the ports they were given`);
        }
      } else {
        urls = await startSeparate(backend, options, port, workspace, progress, record);
      }
      const { chain, relay, activation } = urls;
      profileMark('cli', 'services announced');

      // The node host starts while the farmer is set up (if it did not already): both only need the services.
      progress({ step: 'farmer', message: 'funding the farmer and creating its twin and farm' });
      const [farmer, host] = await Promise.all([
        urls.farmer ?? farmerTools!.then(({ setUpFarmer }) => setUpFarmer(chain, { activationUrl: activation, relay: relay ? new URL(relay).hostname : null, ...(options.farmName ? { farmName: options.farmName } : {}) })),
        early ?? (options.nodes > 0 ? startHost(urls) : undefined),
      ]);
      profileMark('cli', 'farmer ready, node host announced');
      state.farmer = farmer;
      writeRunState(workspace, state);
      progress({ step: 'farmer', message: `farmer twin ${farmer.twinId}, farm ${farmer.farmId}` });

      let control: ControlClient | undefined;
      let nodes: NodeStatus[] = [];
      if (host) {
        record(host.name, host.pid, host.url);
        state.control = { url: host.url, token };
        control = new ControlClient(host.url, token);
        progress({ step: 'nodeHost', message: `node host at ${host.url}` });
        const names = Array.from({ length: options.nodes }, (_, i) => options.nodeNames?.[i] ?? `node${i + 1}`);
        state.nodes = names;
        writeRunState(workspace, state);
        const existing = new Set((await control.nodes()).map((n) => n.name));
        // One after the other: the node host registers nodes in the order they were added, so node1 gets the
        // lowest node id on a fresh chain.
        for (const name of names.filter((n) => !existing.has(n))) {
          await control.addNode({
            name, farmId: options.nodeFarmIds?.[names.indexOf(name)] ?? farmer.farmId,
            profile: options.nodeProfiles?.[names.indexOf(name)] ?? options.profile ?? 'small',
            ...(options.uptimeIntervalSecs ? { uptimeIntervalSecs: options.uptimeIntervalSecs } : {}),
          });
        }
        profileMark('cli', 'nodes added');
        nodes = await waitOnline(control, names, options.readyTimeoutMs ?? (options.instant ? 60_000 : 180_000), progress);
        const gatewayId = nodes[0]?.nodeId;
        if (gatewayId) {
          // The farmer makes the first node a gateway: here when this process set the farmer up, else the services
          // process does as the node registers, and the grid proxy shows when it is done.
          const isGateway = farmerTools
            ? await makeGateway(await farmerTools, chain, farmer.farmId, gatewayId).then(() => true)
            : urls.grid ? await proxyShowsDomain(urls.grid.proxy, gatewayId, GATEWAY_WAIT_MS) : false;
          progress({ step: 'node', message: isGateway ? `${nodes[0]!.name} is the gateway (public config with a domain)` : `${nodes[0]!.name} has no gateway domain yet` });
        }
      }

      const summary: GridSummary = {
        substrate: chain,
        ...(relay ? { relay } : {}),
        activation,
        ...urls.grid,
        farmer,
        nodes: nodes.map((n) => ({ name: n.name, nodeId: n.nodeId, twinId: n.twinId, farmId: n.farmId })),
      };
      state.state = 'ready';
      writeRunState(workspace, state);
      progress({ step: 'ready', message: `ready: ${nodes.length} node${nodes.length === 1 ? '' : 's'} online` });
      return new Grid(backend, workspace, state, summary, control, lifecycle);
    } catch (error) {
      return abort(error);
    }
  }

  /** Stops every part (node host first, chain last) and removes run.json. Safe to call more than once. */
  down(): Promise<void> {
    this.#stopping ??= (async () => {
      this.lifecycle.ending = true;
      this.state = { ...this.state, state: 'stopping' };
      writeRunState(this.workspace, this.state);
      await this.control?.shutdown().catch(() => {});
      await stopAll(this.backend);
      removeRunState(this.workspace);
    })();
    return this.#stopping;
  }
}

const GATEWAY_WAIT_MS = 30_000;

async function makeGateway(farmer: typeof import('./farmer'), chainUrl: string, farmId: number, nodeId: number): Promise<void> {
  const { ensureGatewayNode } = await import('./gateway-node');
  const api = await farmer.connectFarmerApi(chainUrl);
  try {
    await ensureGatewayNode(api, { farmId, nodeId });
  } finally {
    await api.disconnect();
  }
}

/** Polls the grid proxy (a public interface, and no @polkadot/api in this process) for the node's domain. */
async function proxyShowsDomain(proxyUrl: string, nodeId: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const node = await fetch(`${proxyUrl}/nodes/${nodeId}`).then((r) => (r.ok ? r.json() : null)).catch(() => null) as { publicConfig?: { domain?: string } } | null;
    if (node?.publicConfig?.domain) return true;
    // Short: once the nodes are online this is all `gridbox up` still waits for.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return false;
}

type RecordPart = (name: string, pid: number | undefined, url: string) => void;
type Port = (name: keyof typeof DEFAULT_PORTS) => string;
interface ServiceUrls { chain: string; relay: string | undefined; activation: string; farmer?: Farmer; grid?: { proxy: string; graphql: string; kyc: string } }

function chainDataArgs(workspace: WorkspacePaths): string[] {
  return ['--data', workspace.chain];
}

type Ports = Readonly<Record<keyof typeof DEFAULT_PORTS, number>>;

/** Three ports free right now on loopback (held together while picked, so they differ). */
async function freePorts(): Promise<Ports> {
  const servers = await Promise.all([0, 1, 2].map(() => new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  })));
  const [chain, relay, activation] = servers.map((s) => (s.address() as AddressInfo).port) as [number, number, number];
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return { chain, relay, activation };
}

/** The URLs the services process announces for these ports (it listens on 127.0.0.1). */
function expectedUrls(ports: Ports): ServiceUrls {
  return { chain: `ws://127.0.0.1:${ports.chain}`, relay: `ws://127.0.0.1:${ports.relay}`, activation: `http://127.0.0.1:${ports.activation}` };
}

/** `farmerRelay`: the services process sets the farmer up too, its twin on this relay host (services-main.ts). */
async function startCombined(
  backend: GridBackend, options: GridUpOptions, ports: Ports, workspace: WorkspacePaths, progress: (e: ProgressEvent) => void, record: RecordPart,
  farmerRelay?: string,
): Promise<ServiceUrls> {
  progress({ step: 'chain', message: 'starting the chain, relay and activation' });
  const services = await backend.start({
    name: 'services', kind: 'services',
    // Its announcement comes after the farmer's blocks too, and a busy machine can take long over all of it.
    startTimeoutMs: SERVICES_START_TIMEOUT_MS,
    args: [
      '--chain-port', String(ports.chain), '--relay-port', String(ports.relay), '--activation-port', String(ports.activation),
      ...(options.instant ? ['--instant'] : []), ...chainDataArgs(workspace),
      ...(farmerRelay === undefined ? [] : ['--farmer-relay', farmerRelay]),
      ...(farmerRelay !== undefined && options.farmName ? ['--farm-name', options.farmName] : []),
      ...(options.ports === 'free' ? ['--proxy-port', '0', '--graphql-port', '0', '--kyc-port', '0'] : []),
    ],
  });
  const urls = services.announced as { substrate?: string; relay?: string; activation?: string; farmer?: Farmer; proxy?: string; graphql?: string; kyc?: string };
  if (!urls.substrate || !urls.relay || !urls.activation) throw new GridStartError(`the services process announced ${JSON.stringify(urls)}`);
  for (const [name, url] of [['chain', urls.substrate], ['relay', urls.relay], ['activation', urls.activation]] as const) {
    record(name, services.pid, url);
    progress({ step: name, message: `${name} at ${url}` });
  }
  if (farmerRelay !== undefined && !isFarmer(urls.farmer)) throw new GridStartError(`the services process announced no farmer: ${JSON.stringify(urls)}`);
  const grid = urls.proxy && urls.graphql && urls.kyc ? { proxy: urls.proxy, graphql: urls.graphql, kyc: urls.kyc } : undefined;
  if (grid) {
    for (const [name, url] of Object.entries(grid)) {
      record(name, services.pid, url);
      progress({ step: 'chain', message: `${name} at ${url}` });
    }
  }
  return { chain: urls.substrate, relay: urls.relay, activation: urls.activation, ...(urls.farmer ? { farmer: urls.farmer } : {}), ...(grid ? { grid } : {}) };
}

function isFarmer(value: unknown): value is Farmer {
  const f = value as Partial<Farmer> | undefined;
  return typeof f?.address === 'string' && Number.isInteger(f.twinId) && Number.isInteger(f.farmId);
}

async function startSeparate(
  backend: GridBackend, options: GridUpOptions, port: Port, workspace: WorkspacePaths, progress: (e: ProgressEvent) => void, record: RecordPart,
): Promise<ServiceUrls> {
  progress({ step: 'chain', message: 'starting the chain' });
  const chain = await backend.start({ name: 'chain', kind: 'chain', args: ['--port', port('chain'), ...(options.instant ? ['--instant'] : []), ...chainDataArgs(workspace)] });
  record(chain.name, chain.pid, chain.url);
  progress({ step: 'chain', message: `chain at ${chain.url}` });
  const withRelay = hasPart('relay');
  if (!withRelay) progress({ step: 'relay', message: 'no relay in this build: skipped' });
  const [relay, activation] = await Promise.all([
    withRelay ? backend.start({ name: 'relay', kind: 'relay', args: ['--chain', chain.url, '--port', port('relay')] }) : undefined,
    backend.start({ name: 'activation', kind: 'activation', args: ['--chain', chain.url, '--port', port('activation')] }),
  ]);
  for (const part of [relay, activation]) {
    if (!part) continue;
    record(part.name, part.pid, part.url);
    progress({ step: part.kind === 'relay' ? 'relay' : 'activation', message: `${part.name} at ${part.url}` });
  }
  return { chain: chain.url, relay: relay?.url, activation: activation.url };
}

/** The node host first (it still talks to the chain while stopping), then the services together, the chain last. */
export async function stopAll(backend: GridBackend): Promise<void> {
  const running = backend.status().map((p) => p.name);
  if (running.includes('nodes')) await backend.stop('nodes');
  await Promise.all(running.filter((n) => n !== 'nodes' && n !== 'chain').map((n) => backend.stop(n)));
  if (running.includes('chain')) await backend.stop('chain');
}

/** Polls the node host until every named node is online; on timeout, names the nodes that are not and why. */
export async function waitOnline(control: ControlClient, names: string[], timeoutMs: number, progress: (e: ProgressEvent) => void): Promise<NodeStatus[]> {
  const started = Date.now();
  const deadline = started + timeoutMs;
  const seen = new Map<string, string>();
  for (;;) {
    const all = await control.nodes();
    const mine = names.map((name) => all.find((n) => n.name === name));
    for (const node of mine) {
      if (!node) continue;
      const label = `${node.state}${node.error ? ` (${node.error})` : ''}`;
      if (seen.get(node.name) !== label) {
        seen.set(node.name, label);
        profileMark('cli', `${node.name} ${node.state}`);
        progress({ step: 'node', message: `${node.name}: ${label}${node.nodeId ? `, node ${node.nodeId}` : ''}` });
      }
    }
    if (mine.every((n) => n?.state === 'online')) return mine as NodeStatus[];
    if (Date.now() > deadline) {
      const stuck = names.map((name, i) => ({ name, node: mine[i] })).filter(({ node }) => node?.state !== 'online')
        .map(({ name, node }) => `${name} is ${node ? `${node.state}${node.error ? `: ${node.error}` : ''}` : 'unknown to the node host'}`);
      throw new GridStartError(`nodes not online after ${Math.round(timeoutMs / 1000)} s: ${stuck.join('; ')}`);
    }
    // Often at first (a few nodes are online within a second or two), then less: each poll asks the node host for
    // every node, and a grid of twenty Docker nodes spent a second and a half of CPU answering 20 polls a second.
    await new Promise((resolve) => setTimeout(resolve, Date.now() - started < SLOW_POLL_AFTER_MS ? POLL_MS : SLOW_POLL_MS));
  }
}
