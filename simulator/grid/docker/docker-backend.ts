/**
 * The Docker backend: each part the orchestrator starts runs in its own container from the simulator image, on a
 * user-defined bridge network named for the workspace, where parts reach each other by container alias. Parts
 * listen on fixed ports inside their container; those ports are published on the host's 127.0.0.1 only (the
 * requested port, or a free one for port 0). The orchestrator keeps speaking in published URLs: arguments naming
 * a published URL are rewritten to the alias URL before they enter a container, and announced URLs are rewritten
 * to the published ones. Logs stream into `<logDir>/<part>.log` exactly as the process backend writes them.
 */
import { mkdirSync, createWriteStream, type WriteStream } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { GridBackend, PartKind, PartSpec, PartStatus, StartedPart } from '../backend';
import { workspaceLabels, workspaceSlug } from './engine';
import { bundleInImage, NODE_IN_IMAGE, PRELOAD_IN_IMAGE } from './image';
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
const DEFAULT_STOP_TIMEOUT_MS = 5_000;
/** After a container exits, how long to wait before deciding whether its restart policy brought it back. */
const RESTART_SETTLE_MS = 1500;

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
}

export class DockerBackend implements GridBackend {
  readonly #parts = new Map<string, RunningContainer>();
  readonly #exitListeners: ((name: string, code: number | null, signal: NodeJS.Signals | null) => void)[] = [];
  /** Published URL → the URL the same service has on the bridge network. */
  readonly #internalUrls = new Map<string, string>();
  readonly #docker: Docker;
  readonly #slug: string;
  #network: Promise<string> | undefined;

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
    if (this.#parts.has(spec.name)) throw new Error(`${spec.name} is already running`);
    const network = await this.#ensureNetwork();
    const { args, ports, binds } = this.#containerArgs(spec);
    // Chosen here, not by Docker: a port Docker picks changes when the restart policy restarts the container.
    for (const port of ports) if (port.host === '') port.host = String(await freeLoopbackPort());
    await this.#docker.getContainer(this.containerName(spec.name)).remove({ force: true }).catch(() => {});
    const exposed = Object.fromEntries(ports.map(({ inside }) => [`${inside}/tcp`, {}]));
    const container = await this.#docker.createContainer({
      name: this.containerName(spec.name),
      Image: this.options.image,
      Cmd: [NODE_IN_IMAGE, '--import', PRELOAD_IN_IMAGE, bundleInImage(spec.kind), ...args],
      Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
      Labels: workspaceLabels(this.options.workspaceRoot, spec.name),
      ...(typeof process.getuid === 'function' ? { User: `${process.getuid()}:${process.getgid?.() ?? 0}` } : {}),
      ExposedPorts: exposed,
      Healthcheck: healthcheck(ports[0]?.inside),
      HostConfig: {
        NetworkMode: network,
        PortBindings: Object.fromEntries(ports.map(({ inside, host }) => [`${inside}/tcp`, [{ HostIp: '127.0.0.1', HostPort: host }]])),
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        Binds: binds.map((dir) => `${dir}:${dir}`),
      },
      NetworkingConfig: { EndpointsConfig: { [network]: { Aliases: [spec.name] } } },
    });
    mkdirSync(this.options.logDir, { recursive: true, mode: 0o700 });
    const log = createWriteStream(join(this.options.logDir, `${spec.name}.log`), { flags: 'a', mode: 0o600 });
    const part: RunningContainer = { spec, container, log, listeners: new Set(), url: '', stopping: false, alive: true };
    this.#parts.set(spec.name, part);

    const output = partOutput<StartedPart>({
      name: spec.name, log, listeners: part.listeners, timeoutMs: spec.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
      onFailed: () => void this.stop(spec.name, 1000),
      onAnnounced: async (announced, announcedUrl) => {
        const published = await this.#publish(part, announced);
        const url = Object.values(published).find((v): v is string => typeof v === 'string' && /^(ws|http)s?:\/\//.test(v)) ?? announcedUrl;
        part.url = url;
        return { name: spec.name, kind: spec.kind, pid: undefined, url, announced: published };
      },
    });
    try {
      // Attached before the start, so the announcement line cannot be missed.
      await this.#follow(part, output.record);
      await container.start();
      void this.#watchExit(part, output);
    } catch (error) {
      output.fail(`could not start: ${(error as Error).message}`);
    }
    return output.ready;
  }

  async stop(name: string, timeoutMs = DEFAULT_STOP_TIMEOUT_MS): Promise<void> {
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
    const part = this.#parts.get(name);
    if (!part) return;
    part.stopping = true;
    void part.container.kill().catch(() => {});
  }

  status(): PartStatus[] {
    return [...this.#parts.values()].map((p) => ({
      name: p.spec.name, kind: p.spec.kind, pid: undefined, url: p.url, alive: p.alive,
      ...(p.exitCode === undefined ? {} : { exitCode: p.exitCode }),
    }));
  }

  onLog(name: string, onLine: (line: string) => void): () => void {
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
    await Promise.all([...this.#parts.keys()].map((name) => this.stop(name, 1000)));
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
  #containerArgs(spec: PartSpec): { args: string[]; ports: { inside: number; host: string }[]; binds: string[] } {
    const portOptions = PORT_OPTIONS[spec.kind];
    const args: string[] = [];
    const ports: { inside: number; host: string }[] = [];
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

  async #follow(part: RunningContainer, record: (stream: 'out' | 'err', line: string) => void): Promise<void> {
    const stream = await part.container.attach({ stream: true, stdout: true, stderr: true });
    const out = new PassThrough();
    const err = new PassThrough();
    this.#docker.modem.demuxStream(stream, out, err);
    stream.on('end', () => {
      out.end();
      err.end();
    });
    createInterface({ input: out, crlfDelay: Infinity }).on('line', (l) => record('out', l));
    createInterface({ input: err, crlfDelay: Infinity }).on('line', (l) => record('err', l));
  }

  /** Reports an exit the orchestrator did not ask for, unless the restart policy brings the container back. */
  async #watchExit(part: RunningContainer, output: PartOutput<StartedPart>): Promise<void> {
    for (;;) {
      const result = (await part.container.wait().catch(() => ({ StatusCode: null }))) as { StatusCode: number | null };
      if (part.stopping) return;
      await new Promise((resolve) => setTimeout(resolve, RESTART_SETTLE_MS));
      const state = await part.container.inspect().then((i) => i.State, () => undefined);
      if (state && (state.Running || state.Restarting) && !part.stopping) {
        part.log.write(`${new Date().toISOString()} ! [gridbox] container exited (code ${result.StatusCode}) and was restarted\n`);
        // The attached stream ended with the old process: follow the new one.
        await this.#follow(part, output.record).catch(() => {});
        continue;
      }
      part.alive = false;
      part.exitCode = result.StatusCode;
      output.fail(`exited (code ${result.StatusCode}) before announcing its URL`);
      if (!part.stopping) for (const listener of this.#exitListeners) listener(part.spec.name, result.StatusCode, null);
      return;
    }
  }
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `ws://host:port` without the trailing slash URL adds, as the parts announce them. */
function strip(url: URL): string {
  return url.href.replace(/\/$/, '');
}

/** Healthy while the part's first port accepts connections. */
function healthcheck(port: number | undefined): Docker.ContainerCreateOptions['Healthcheck'] {
  if (port === undefined) return undefined;
  const probe = `require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`;
  return { Test: ['CMD', NODE_IN_IMAGE, '-e', probe], Interval: 5e9, Timeout: 3e9, Retries: 3, StartPeriod: 30e9 };
}
