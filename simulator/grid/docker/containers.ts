/**
 * What every Gridbox container has in common, for the parts (docker-backend.ts) and the per-node containers
 * (node-fleet.ts): created labelled on the workspace network with ports published on 127.0.0.1 only, output
 * followed line by line, and an exit told apart from a restart (the restart policy, or the engine restarting).
 */
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { NODE_IN_IMAGE } from './image';

/**
 * `unless-stopped`: back after a crash and after the engine restarts (on-failure does not restart a container the
 * engine stopped cleanly), but not after `gridbox down` or a `docker stop`.
 */
export const RESTART_POLICY = { Name: 'unless-stopped' } as const;
/** After a container's process ended: how long to wait for the restart policy before calling it an exit. */
const RESTART_SETTLE_MS = 1500;
/** How long an engine that stopped answering (it restarts) is waited for before the container counts as gone. */
const ENGINE_BACK_MS = 120_000;
const ENGINE_POLL_MS = 1000;

export interface PublishedPort {
  readonly inside: number;
  /** The port on the host's 127.0.0.1; '' picks a free one now (stable across restarts, unlike Docker's pick). */
  host: string;
}

export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  /** The image's entrypoint stays; for our image (no entrypoint) this is the whole command line. */
  readonly cmd?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly network: string;
  readonly alias: string;
  readonly ports: PublishedPort[];
  /** Host folders mounted at the same path. */
  readonly binds?: readonly string[];
  /** Our image: runs as the calling user (files in bind mounts stay theirs) with a TCP health check. */
  readonly ours: boolean;
  /** CPU weight against every other process of the machine (`cpuWeights`): parts that all others wait on get more. */
  readonly cpuShares?: number;
}

/**
 * Where a container's CPU weight is counted. With the `cgroupfs` driver every container sits under one `/docker`
 * group whose weight (1024) is that of a single process: on a busy machine twenty node containers together get
 * what one compiler process gets, and the chain inside them starves (measured: the chain container had 1 % of a
 * core with 58 runnable tasks on the machine, and answered no RPC within 10 s). A container directly under the
 * root group weighs as a process does, as the nodes of the process backend do. The systemd driver already gives
 * each container its own scope beside the other services, so it is left alone.
 */
export async function cgroupPlacement(docker: Docker): Promise<{ CgroupParent?: string }> {
  const info = await docker.info().catch(() => undefined) as { CgroupDriver?: string } | undefined;
  return info?.CgroupDriver === 'cgroupfs' ? { CgroupParent: '/' } : {};
}

/** CPU shares by role: every node waits on the chain, and on the relay and activation while it registers. */
export const CPU_SHARES = { chain: 4096, service: 2048, node: 1024 } as const;

/** Replaces any container of the same name with a new one (not started). */
export async function createContainer(docker: Docker, spec: ContainerSpec): Promise<Docker.Container> {
  for (const port of spec.ports) if (port.host === '') port.host = String(await freeLoopbackPort());
  await docker.getContainer(spec.name).remove({ force: true }).catch(() => {});
  placement ??= cgroupPlacement(docker);
  const cgroup = await placement;
  return docker.createContainer({
    name: spec.name,
    Image: spec.image,
    ...(spec.cmd ? { Cmd: [...spec.cmd] } : {}),
    Env: Object.entries(spec.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: { ...spec.labels },
    ...(spec.ours && typeof process.getuid === 'function' ? { User: `${process.getuid()}:${process.getgid?.() ?? 0}` } : {}),
    ExposedPorts: Object.fromEntries(spec.ports.map(({ inside }) => [`${inside}/tcp`, {}])),
    ...(spec.ours ? { Healthcheck: healthcheck(spec.ports[0]?.inside) } : {}),
    HostConfig: {
      NetworkMode: spec.network,
      PortBindings: Object.fromEntries(spec.ports.map(({ inside, host }) => [`${inside}/tcp`, [{ HostIp: '127.0.0.1', HostPort: host }]])),
      RestartPolicy: { ...RESTART_POLICY },
      ...cgroup,
      ...(spec.cpuShares ? { CpuShares: spec.cpuShares } : {}),
      Binds: (spec.binds ?? []).map((dir) => `${dir}:${dir}`),
    },
    NetworkingConfig: { EndpointsConfig: { [spec.network]: { Aliases: [spec.alias] } } },
  });
}

/** Feeds each line of the container's stdout and stderr to `record` until the process ends. */
export async function followContainer(docker: Docker, container: Docker.Container, record: (stream: 'out' | 'err', line: string) => void): Promise<void> {
  const stream = await container.attach({ stream: true, stdout: true, stderr: true });
  const out = new PassThrough();
  const err = new PassThrough();
  docker.modem.demuxStream(stream, out, err);
  stream.on('end', () => {
    out.end();
    err.end();
  });
  createInterface({ input: out, crlfDelay: Infinity }).on('line', (l) => record('out', l));
  createInterface({ input: err, crlfDelay: Infinity }).on('line', (l) => record('err', l));
}

let placement: Promise<{ CgroupParent?: string }> | undefined;

export type ContainerEnd = { kind: 'restarted'; code: number | null } | { kind: 'exited'; code: number | null };

/**
 * Waits until the container's process ends, then tells a restart (policy, `docker restart`, or the engine coming
 * back after a restart) from an exit. `stopping()` true means we ended it: reported as an exit at once.
 */
export async function nextEnd(container: Docker.Container, stopping: () => boolean): Promise<ContainerEnd> {
  const result = (await container.wait().catch(() => ({ StatusCode: null }))) as { StatusCode: number | null };
  const code = result.StatusCode;
  if (stopping()) return { kind: 'exited', code };
  await sleep(RESTART_SETTLE_MS);
  const deadline = Date.now() + ENGINE_BACK_MS;
  for (;;) {
    if (stopping()) return { kind: 'exited', code };
    let state: Docker.ContainerInspectInfo['State'] | undefined;
    try {
      state = (await container.inspect()).State;
    } catch (error) {
      // 404: removed. Anything else: the engine does not answer (it restarts); wait for it, bounded.
      if ((error as { statusCode?: number }).statusCode === 404 || Date.now() > deadline) return { kind: 'exited', code };
      await sleep(ENGINE_POLL_MS);
      continue;
    }
    if (state.Running || state.Restarting) return { kind: 'restarted', code };
    // Stopped while the engine went down: `unless-stopped` starts it when the engine is back.
    if (code === null && Date.now() < deadline) {
      await sleep(ENGINE_POLL_MS);
      continue;
    }
    return { kind: 'exited', code: state.ExitCode ?? code };
  }
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Healthy while the part's first port accepts connections. A probe is a Node start (tens of ms of CPU): with twenty
 * containers on two cores it runs rarely and may take its time.
 */
function healthcheck(port: number | undefined): Docker.ContainerCreateOptions['Healthcheck'] {
  if (port === undefined) return undefined;
  const probe = `require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`;
  // Each probe starts a Node in the container (and a runc exec): about 0.15 s of CPU. Every 60 s keeps them out of
  // a grid's start-up (the first probe runs one interval after the container starts; 20 nodes probed at 30 s cost
  // the start of a 20-node grid ~3 s of CPU) while a hung part is still marked unhealthy within minutes.
  return { Test: ['CMD', NODE_IN_IMAGE, '-e', probe], Interval: 60e9, Timeout: 10e9, Retries: 3, StartPeriod: 60e9 };
}
