/**
 * The Docker backend: each part the orchestrator starts runs in its own container from the simulator image, on a
 * user-defined bridge network named for the workspace, where parts reach each other by container alias. Parts
 * listen on fixed ports inside their container; those ports are published on the host's 127.0.0.1 only (the
 * requested port, or a free one for port 0). The orchestrator keeps speaking in published URLs: arguments naming
 * a published URL are rewritten to the alias URL before they enter a container, and announced URLs are rewritten
 * to the published ones. Logs stream into `<logDir>/<part>.log` exactly as the process backend writes them.
 *
 * The node host is not one container: it is a NodeFleet (node-fleet.ts), one container per node behind the same
 * control API. The chain may come from another image (`chainImage`, e.g. a TFChain dev node): its readiness is
 * its JSON-RPC answering, as nothing else of it is known.
 */
import { mkdirSync, createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import WebSocket from 'ws';
import type { GridBackend, PartKind, PartSpec, PartStatus, StartedPart } from '../backend';
import { CPU_SHARES, createContainer, followContainer, nextEnd, sleep, type PublishedPort } from './containers';
import { workspaceLabels, workspaceSlug } from './engine';
import { bundleInImage, NODE_IN_IMAGE, PRELOAD_IN_IMAGE } from './image';
import { NodeFleet } from './node-fleet';
import { partOutput, type PartOutput } from '../part-output';

/** The port options of each kind of part and the fixed port each gets inside its container. */
const PORT_OPTIONS: Readonly<Record<PartKind, Readonly<Record<string, number>>>> = {
  services: { '--chain-port': 9944, '--relay-port': 8081, '--activation-port': 8085 },
  chain: { '--port': 9944 },
  relay: { '--port': 8081 },
  activation: { '--port': 8085 },
  nodeHost: { '--control-port': 8090 },
};
const DATA_OPTIONS = new Set(['--data']);
/** Parts that take `--host`: bound to all of the container's interfaces (which also ends the chain's loopback Host filter). */
const HOST_OPTION_KINDS: ReadonlySet<PartKind> = new Set(['services', 'chain', 'relay', 'activation']);
const DEFAULT_START_TIMEOUT_MS = 60_000;
/** A real chain image may first create its database and author a block. */
const FOREIGN_CHAIN_TIMEOUT_MS = 180_000;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;
const RPC_POLL_MS = 500;
/** The JSON-RPC port of a Substrate node (and of our chain inside its container). */
export const CHAIN_RPC_PORT = 9944;
/** TFChain's dev node: a dev chain whose RPC the other containers may reach and use in full. */
export const DEFAULT_CHAIN_IMAGE_ARGS = ['--dev', '--rpc-external', '--rpc-cors', 'all', '--rpc-methods', 'unsafe'] as const;

interface RunningContainer {
  readonly spec: PartSpec;
  readonly container: Docker.Container;
  readonly log: WriteStream;
  readonly listeners: Set<(line: string) => void>;
  url: string;
  stopping: boolean;
  alive: boolean;
  exitCode?: number | null;
}

export interface DockerBackendOptions {
  readonly docker: Docker;
  /** The simulator image's tag (image.ts). */
  readonly image: string;
  /** The workspace folder: names the network and containers and labels everything. */
  readonly workspaceRoot: string;
  readonly logDir: string;
  /** Runs this image as the chain (its entrypoint with `args`) instead of the simulator's chain. */
  readonly chainImage?: { readonly image: string; readonly args: readonly string[] };
  /** How many node containers are created at once. Default 4. */
  readonly nodeConcurrency?: number;
}

export class DockerBackend implements GridBackend {
  readonly #parts = new Map<string, RunningContainer>();
  readonly #exitListeners: ((name: string, code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  /** Published URL → the URL the same service has on the bridge network. */
  readonly #internalUrls = new Map<string, string>();
  readonly #docker: Docker;
  readonly #slug: string;
  #network: Promise<string> | undefined;
  #fleet: NodeFleet | undefined;

  constructor(private readonly options: DockerBackendOptions) {
    this.#docker = options.docker;
    this.#slug = workspaceSlug(options.workspaceRoot);
  }

  get docker(): Docker {
    return this.#docker;
  }

  /** The bridge network's name (`gridbox-<workspace>-<hash>`). */
  get networkName(): string {
    return this.#slug;
  }

  containerName(part: string): string {
    return `${this.#slug}-${part}`;
  }

  async start(spec: PartSpec): Promise<StartedPart> {
    if (this.#parts.has(spec.name) || this.#fleet?.name === spec.name) throw new Error(`${spec.name} is already running`);
    const network = await this.#ensureNetwork();
    if (spec.kind === 'nodeHost') return this.#startFleet(spec, network);
    const foreign = spec.kind === 'chain' ? this.options.chainImage : undefined;
    const { args, ports, binds } = foreign ? { args: [], ports: this.#chainPorts(spec), binds: [] } : this.#containerArgs(spec);
    const container = await createContainer(this.#docker, {
      name: this.containerName(spec.name), image: foreign?.image ?? this.options.image, network, alias: spec.name, ports, binds,
      cmd: foreign ? foreign.args : [NODE_IN_IMAGE, '--import', PRELOAD_IN_IMAGE, bundleInImage(spec.kind), ...args],
      env: spec.env ?? {}, labels: workspaceLabels(this.options.workspaceRoot, spec.name), ours: !foreign,
      cpuShares: spec.kind === 'chain' ? CPU_SHARES.chain : CPU_SHARES.service,
    });
    mkdirSync(this.options.logDir, { recursive: true, mode: 0o700 });
    const log = createWriteStream(join(this.options.logDir, `${spec.name}.log`), { flags: 'a', mode: 0o600 });
    const part: RunningContainer = { spec, container, log, listeners: new Set(), url: '', stopping: false, alive: true };
    this.#parts.set(spec.name, part);

    const output = partOutput<StartedPart>({
      name: spec.name, log, listeners: part.listeners, timeoutMs: spec.startTimeoutMs ?? (foreign ? FOREIGN_CHAIN_TIMEOUT_MS : DEFAULT_START_TIMEOUT_MS),
      onFailed: () => void this.stop(spec.name, 1000),
      onAnnounced: async (announced, announcedUrl) => {
        const published = await this.#publish(part, announced);
        const url = Object.values(published).find((v): v is string => typeof v === 'string' && /^(ws|http)s?:\/\//.test(v)) ?? announcedUrl;
        part.url = url;
        return { name: spec.name, kind: spec.kind, pid: undefined, url, announced: published };
      },
    });
    // Another image's output never announces anything of ours: all of it is log (marked as stderr).
    const record = foreign ? (_: 'out' | 'err', line: string) => output.record('err', line) : output.record;
    try {
      // Attached before the start, so the announcement line cannot be missed.
      await followContainer(this.#docker, container, record);
      await container.start();
      void this.#watchExit(part, output, record);
      if (foreign) void this.#announceWhenRpcAnswers(part, output, ports[0]!);
    } catch (error) {
      output.fail(`could not start: ${(error as Error).message}`);
    }
    return output.ready;
  }

  async stop(name: string, timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
    if (this.#fleet?.name === name) {
      const fleet = this.#fleet;
      this.#fleet = undefined;
      await fleet.close(timeoutMs);
      return;
    }
    const part = this.#parts.get(name);
    if (!part) return;
    part.stopping = true;
    await part.container.stop({ t: Math.max(1, Math.ceil(timeoutMs / 1000)) }).catch(() => {});
    await part.container.remove({ force: true, v: true }).catch(() => {});
    part.alive = false;
    part.log.end();
    this.#parts.delete(name);
  }

  kill(name: string): void {
    if (this.#fleet?.name === name) this.#fleet.killAll();
    const part = this.#parts.get(name);
    if (!part) return;
    part.stopping = true;
    void part.container.kill().catch(() => {});
  }

  status(): PartStatus[] {
    const fleet = this.#fleet;
    return [
      ...[...this.#parts.values()].map((p) => ({
        name: p.spec.name, kind: p.spec.kind, pid: undefined, url: p.url, alive: p.alive,
        ...(p.exitCode === undefined ? {} : { exitCode: p.exitCode }),
      })),
      ...(fleet ? [{ name: fleet.name, kind: 'nodeHost' as const, pid: process.pid, url: fleet.url, alive: true }] : []),
    ];
  }

  onLog(name: string, onLine: (line: string) => void): () => void {
    if (this.#fleet?.name === name) return this.#fleet.onLog(onLine);
    const part = this.#parts.get(name);
    if (!part) return () => {};
    part.listeners.add(onLine);
    return () => part.listeners.delete(onLine);
  }

  onExit(listener: (name: string, code: number | null, signal: NodeJS.Signals | null) => void): void {
    this.#exitListeners.push(listener);
  }

  /** Stops every container still running and removes the network (gridbox down removes anything left by label). */
  async close(): Promise<void> {
    await Promise.all([...this.#parts.keys(), ...(this.#fleet ? [this.#fleet.name] : [])].map((name) => this.stop(name, 1000)));
    if (this.#network) await this.#docker.getNetwork(await this.#network).remove().catch(() => {});
    this.#network = undefined;
  }

  #ensureNetwork(): Promise<string> {
    this.#network ??= (async () => {
      const name = this.#slug;
      const existing = await this.#docker.listNetworks({ filters: JSON.stringify({ name: [name] }) });
      if (!existing.some((n) => n.Name === name)) {
        await this.#docker.createNetwork({ Name: name, Driver: 'bridge', CheckDuplicate: true, Labels: workspaceLabels(this.options.workspaceRoot) });
      }
      return name;
    })();
    return this.#network;
  }

  /** The part's arguments as seen inside its container, the ports to publish and the host folders to mount. */
  #containerArgs(spec: PartSpec): { args: string[]; ports: PublishedPort[]; binds: string[] } {
    const portOptions = PORT_OPTIONS[spec.kind];
    const args: string[] = [];
    const ports: PublishedPort[] = [];
    const binds: string[] = [];
    for (let i = 0; i < spec.args.length; i++) {
      const arg = spec.args[i]!;
      const value = spec.args[i + 1];
      const inside = Object.hasOwn(portOptions, arg) ? portOptions[arg] : undefined;
      if (inside !== undefined && value !== undefined) {
        ports.push({ inside, host: value === '0' ? '' : value });
        args.push(arg, String(inside));
        i++;
      } else if (DATA_OPTIONS.has(arg) && value) {
        mkdirSync(value, { recursive: true, mode: 0o700 });
        binds.push(value);
        args.push(arg, value);
        i++;
      } else {
        args.push(this.#internalUrls.get(arg) ?? arg);
      }
    }
    // A part whose port options were not given still listens on its fixed ports: publish them on free host ports.
    for (const [option, inside] of Object.entries(portOptions)) {
      if (!ports.some((p) => p.inside === inside)) {
        ports.push({ inside, host: '' });
        args.push(option, String(inside));
      }
    }
    if (HOST_OPTION_KINDS.has(spec.kind)) args.push('--host', '0.0.0.0');
    return { args, ports, binds };
  }

  /** The announcement with each URL's port replaced by its published one; remembers the alias URL for each. */
  async #publish(part: RunningContainer, announced: Record<string, unknown>): Promise<Record<string, unknown>> {
    const info = await part.container.inspect();
    const bindings = info.NetworkSettings.Ports ?? {};
    const published: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(announced)) {
      if (typeof value !== 'string' || !/^(ws|http)s?:\/\//.test(value)) {
        published[key] = value;
        continue;
      }
      const url = new URL(value);
      const hostPort = bindings[`${url.port}/tcp`]?.[0]?.HostPort;
      if (!hostPort) throw new Error(`port ${url.port} of ${part.spec.name} is not published`);
      const internal = new URL(value);
      internal.hostname = part.spec.name;
      url.hostname = '127.0.0.1';
      url.port = hostPort;
      const outside = strip(url);
      this.#internalUrls.set(outside, strip(internal));
      published[key] = outside;
    }
    return published;
  }

  /** Reports an exit the orchestrator did not ask for, unless the container comes back (restart policy, engine restart). */
  async #watchExit(part: RunningContainer, output: PartOutput<StartedPart>, record: (stream: 'out' | 'err', line: string) => void): Promise<void> {
    for (;;) {
      const end = await nextEnd(part.container, () => part.stopping);
      if (part.stopping) return;
      if (end.kind === 'restarted') {
        part.log.write(`${new Date().toISOString()} ! [gridbox] container exited (code ${end.code}) and was restarted\n`);
        // The attached stream ended with the old process: follow the new one.
        await followContainer(this.#docker, part.container, record).catch(() => {});
        continue;
      }
      part.alive = false;
      part.exitCode = end.code;
      output.fail(`exited (code ${end.code}) before announcing its URL`);
      for (const listener of this.#exitListeners) listener(part.spec.name, end.code, null);
      return;
    }
  }

  /** The chain image's RPC port, published where the orchestrator asked (`--port P`, or a free port for 0). */
  #chainPorts(spec: PartSpec): PublishedPort[] {
    const at = spec.args.indexOf('--port');
    const requested = at >= 0 ? spec.args[at + 1] : undefined;
    return [{ inside: CHAIN_RPC_PORT, host: requested && requested !== '0' ? requested : '' }];
  }

  /**
   * Another image says nothing we understand: it is ready once its JSON-RPC answers on the published port. The
   * announcement our own chain would print is then written on its behalf, so the rest is the same for both.
   */
  async #announceWhenRpcAnswers(part: RunningContainer, output: PartOutput<StartedPart>, port: PublishedPort): Promise<void> {
    const url = `ws://127.0.0.1:${port.host}`;
    const deadline = Date.now() + (part.spec.startTimeoutMs ?? FOREIGN_CHAIN_TIMEOUT_MS);
    while (!part.stopping && part.alive && Date.now() < deadline) {
      if (await rpcAnswers(url)) {
        output.record('out', JSON.stringify({ substrate: `ws://127.0.0.1:${port.inside}` }));
        return;
      }
      await sleep(RPC_POLL_MS);
    }
  }

  /** The node host's control API in this process, each node in a container of its own (node-fleet.ts). */
  async #startFleet(spec: PartSpec, network: string): Promise<StartedPart> {
    const option = (name: string) => {
      const at = spec.args.indexOf(name);
      const value = at >= 0 ? spec.args[at + 1] : undefined;
      return value === undefined || value === '' ? undefined : this.#internalUrls.get(value) ?? value;
    };
    const chain = option('--chain');
    const relay = option('--relay');
    const data = option('--data');
    const token = spec.env?.GRIDBOX_CONTROL_TOKEN;
    if (!chain || !relay || !data || !token) throw new Error('the node host needs --chain, --relay, --data and a control token');
    mkdirSync(this.options.logDir, { recursive: true, mode: 0o700 });
    const activation = option('--activation');
    const interval = option('--uptime-interval');
    const fleet = new NodeFleet({
      docker: this.#docker, image: this.options.image, network, token, workspaceRoot: this.options.workspaceRoot,
      name: spec.name, logFile: join(this.options.logDir, `${spec.name}.log`),
      containerName: (node) => this.containerName(node), concurrency: this.options.nodeConcurrency ?? 4,
      nodeArgs: { chain, relay, data, ...(activation ? { activation } : {}), ...(interval ? { uptimeInterval: interval } : {}) },
    });
    this.#fleet = fleet;
    const url = await fleet.start();
    return { name: spec.name, kind: spec.kind, pid: process.pid, url, announced: { control: url } };
  }
}

/** `ws://host:port` without the trailing slash URL adds, as the parts announce them. */
function strip(url: URL): string {
  return url.href.replace(/\/$/, '');
}

/** Whether a Substrate JSON-RPC server answers `chain_getBlockHash(0)` at `url` within 2 s. */
function rpcAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 2000);
    socket.on('open', () => socket.send(JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'chain_getBlockHash', params: [0] })));
    socket.on('message', (data: WebSocket.RawData) => {
      try {
        done(typeof (JSON.parse(String(data)) as { result?: unknown }).result === 'string');
      } catch {
        done(false);
      }
    });
    socket.on('error', () => done(false));
  });
}
