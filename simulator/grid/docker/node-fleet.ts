/**
 * The node host of the Docker backend: the node host's control API (docs/LOCAL-GRID-SEAMS.md), served in the
 * `gridbox up` process on 127.0.0.1, with each node in a container of its own (host-main.ts with `--node`: a host of one node). Adding a node
 * creates its container (a bounded number at once) and answers at once with the node `booting`; the list is each
 * container's own status, refreshed at most every REFRESH_MS, or what the engine says when a container does not
 * answer (paused, cut from the network, exited). Lifecycle and faults are passed to the node's container; `start`
 * of a node whose container exited starts the container again. Identity lives in `<data>/<name>/`, bind-mounted,
 * so a restarted container (or engine) brings the node back with the same node id. Every container's output goes
 * to one log (`nodes.log`), each line tagged `[node <name>]`, as the process node host writes it.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { readJson, send, tokenMatches } from '../../node/control-server';
import { HostError } from '../../node/host';
import { resolveProfile } from '../../node/profiles';
import { NO_FAULTS, ZERO_CAPACITY, type NodeStatus } from '../../node/types';
import { parseAnnouncement } from '../part-output';
import { CPU_SHARES, createContainer, followContainer, nextEnd, type PublishedPort } from './containers';
import { ROLE_LABEL, workspaceLabels } from './engine';
import { bundleInImage, NODE_IN_IMAGE, PRELOAD_IN_IMAGE } from './image';

const CONTROL_PORT_INSIDE = 8090;
const REFRESH_MS = 250;
/**
 * A node that printed nothing since its last refresh is asked again only after this long. A node logs every change
 * of state, so a state change is seen at the next refresh; only counters (uptime reports, deployments) wait up to
 * this. Asking all twenty containers every 250 ms while a grid starts was 80 requests a second: about 3 s of the
 * CPU the start of a 20-node grid had.
 */
const QUIET_REFRESH_MS = 2000;
const CALL_TIMEOUT_MS = 2000;
const LIST_WAIT_MS = 4000;
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** A node container waits this long for the chain (it may itself be restarting). */
const CHAIN_WAIT_SECS = 60;

export interface NodeFleetOptions {
  readonly docker: Docker;
  readonly image: string;
  readonly network: string;
  readonly token: string;
  readonly workspaceRoot: string;
  /** The part's name (`nodes`). */
  readonly name: string;
  readonly logFile: string;
  readonly containerName: (node: string) => string;
  readonly concurrency: number;
  /** As seen inside the network (alias URLs). */
  readonly nodeArgs: { chain: string; relay: string; data: string; activation?: string; uptimeInterval?: string };
}

interface FleetNode {
  readonly name: string;
  readonly farmId: number;
  readonly profile: unknown;
  readonly uptimeIntervalSecs?: number;
  readonly port: PublishedPort;
  /** Nodes added to the fleet before this one: its createNode waits for them (node ids in the order of adding). */
  readonly nodesBefore: number;
  container?: Docker.Container;
  /** `starting`: created or restarted, not yet announced; `running`: announced its control API. */
  phase: 'queued' | 'starting' | 'running' | 'exited';
  reachable: boolean;
  error?: string;
  last?: NodeStatus;
  /** Lines it has printed; `answered`: how many it had printed when its status was last read, and when. */
  lines: number;
  answered: { lines: number; at: number };
  watching: boolean;
}

export class NodeFleet {
  readonly #nodes = new Map<string, FleetNode>();
  readonly #listeners = new Set<(line: string) => void>();
  readonly #log: WriteStream;
  readonly #queue: (() => Promise<void>)[] = [];
  #active = 0;
  #server: Server | undefined;
  #url = '';
  #closed = false;
  #refreshedAt = 0;
  #refreshing: Promise<void> | undefined;

  constructor(private readonly options: NodeFleetOptions) {
    this.#log = createWriteStream(options.logFile, { flags: 'a', mode: 0o600 });
  }

  get name(): string {
    return this.options.name;
  }

  get url(): string {
    return this.#url;
  }

  /** Listens on 127.0.0.1 (a free port) and resolves with the control URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.#route(req, res).catch((error: unknown) => {
        const status = error instanceof HostError ? error.status : 500;
        if (!res.headersSent) send(res, status, { error: (error as Error).message });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.#url;
  }

  onLog(listener: (line: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  killAll(): void {
    this.#closed = true;
    for (const node of this.#nodes.values()) void node.container?.kill().catch(() => {});
  }

  /** Stops and removes every node container, then stops answering. Safe to call more than once. */
  async close(timeoutMs = 5000): Promise<void> {
    this.#closed = true;
    this.#queue.length = 0;
    await Promise.all([...this.#nodes.values()].map(async (node) => {
      await node.container?.stop({ t: Math.max(1, Math.ceil(timeoutMs / 1000)) }).catch(() => {});
      await node.container?.remove({ force: true, v: true }).catch(() => {});
    }));
    const server = this.#server;
    this.#server = undefined;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    this.#log.end();
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!tokenMatches(req.headers.authorization, this.options.token)) return send(res, 401, { error: 'missing or wrong bearer token' });
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const method = req.method ?? 'GET';
    if (path === '/nodes' && method === 'GET') {
      // Bounded: on a starved machine the list answers with what is known rather than after the caller gave up.
      await Promise.race([this.#refresh(), new Promise((resolve) => setTimeout(resolve, LIST_WAIT_MS).unref())]);
      return send(res, 200, [...this.#nodes.values()].map(statusOf));
    }
    if (path === '/nodes' && method === 'POST') return send(res, 201, statusOf(this.#add(await readJson(req))));
    if (path === '/shutdown' && method === 'POST') {
      send(res, 200, { ok: true });
      void this.close();
      return;
    }
    const match = /^\/nodes\/([^/]+)\/(stop|start|crash|restart|faults)$/.exec(path);
    if (match && method === 'POST') {
      const name = decodeURIComponent(match[1]!);
      const node = this.#nodes.get(name);
      if (!node) throw new HostError(`no node named "${name}"`, 404);
      const body = match[2] === 'faults' ? await readJson(req) : undefined;
      if (match[2] === 'start' && node.phase === 'exited') return send(res, 200, statusOf(await this.#revive(node)));
      if (node.phase !== 'running') throw new HostError(`${name}'s container is ${node.phase === 'exited' ? `not running (${node.error ?? 'exited'})` : 'still starting'}`, 409);
      const { status, body: answer } = await this.#call(node, 'POST', `/nodes/${encodeURIComponent(name)}/${match[2]}`, body);
      if (status === 200) node.last = answer as NodeStatus;
      return send(res, status, answer);
    }
    send(res, 404, { error: `no route ${method} ${path}` });
  }

  #add(raw: unknown): FleetNode {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new HostError('body must be a JSON object', 400);
    const body = raw as Record<string, unknown>;
    if (typeof body.name !== 'string' || !NAME.test(body.name)) throw new HostError('name must be 1-64 characters of [a-zA-Z0-9_-]', 400);
    if (!Number.isInteger(body.farmId) || (body.farmId as number) <= 0) throw new HostError('farmId must be a positive integer', 400);
    const interval = body.uptimeIntervalSecs;
    if (interval !== undefined && (typeof interval !== 'number' || !(interval > 0) || interval > 86_400)) throw new HostError('uptimeIntervalSecs must be in (0, 86400]', 400);
    if (this.#nodes.has(body.name)) throw new HostError(`node "${body.name}" already exists`, 409);
    if (this.#closed) throw new HostError('the node host is shutting down', 503);
    try {
      resolveProfile(body.profile);
    } catch (error) {
      throw new HostError((error as Error).message, 400);
    }
    const node: FleetNode = {
      name: body.name, farmId: body.farmId as number, profile: body.profile, port: { inside: CONTROL_PORT_INSIDE, host: '' },
      nodesBefore: this.#nodes.size,
      ...(interval !== undefined ? { uptimeIntervalSecs: interval as number } : {}),
      phase: 'queued', reachable: false, lines: 0, answered: { lines: -1, at: 0 }, watching: false,
    };
    this.#nodes.set(node.name, node);
    this.#enqueue(() => this.#launch(node));
    return node;
  }

  /** Container creation, a bounded number at once (creating 20 at the same time only makes each slower). */
  #enqueue(job: () => Promise<void>): void {
    this.#queue.push(job);
    this.#drain();
  }

  #drain(): void {
    while (this.#active < this.options.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#active++;
      void job().finally(() => {
        this.#active--;
        this.#drain();
      });
    }
  }

  async #launch(node: FleetNode): Promise<void> {
    if (this.#closed) return;
    const { docker, nodeArgs } = this.options;
    const dir = join(nodeArgs.data, node.name);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const preset = typeof node.profile === 'string';
      const interval = node.uptimeIntervalSecs ?? nodeArgs.uptimeInterval;
      const container = await createContainer(docker, {
        name: this.options.containerName(node.name), image: this.options.image, network: this.options.network, alias: node.name,
        ports: [node.port], binds: [dir], ours: true, cpuShares: CPU_SHARES.node,
        labels: { ...workspaceLabels(this.options.workspaceRoot, node.name), [ROLE_LABEL]: 'node' },
        env: { GRIDBOX_CONTROL_TOKEN: this.options.token, ...(preset ? {} : { GRIDBOX_NODE_PROFILE: JSON.stringify(node.profile) }) },
        cmd: [
          NODE_IN_IMAGE, '--import', PRELOAD_IN_IMAGE, bundleInImage('nodeHost'),
          '--chain', nodeArgs.chain, '--relay', nodeArgs.relay, '--data', nodeArgs.data, '--node', node.name, '--farm', String(node.farmId),
          '--control-port', String(CONTROL_PORT_INSIDE), '--chain-wait', String(CHAIN_WAIT_SECS),
          '--nodes-before', String(node.nodesBefore),
          ...(nodeArgs.activation ? ['--activation', nodeArgs.activation] : []),
          ...(interval !== undefined ? ['--uptime-interval', String(interval)] : []),
          ...(preset ? ['--profile', node.profile as string] : []),
        ],
      });
      node.container = container;
      if (this.#closed) {
        await container.remove({ force: true }).catch(() => {});
        return;
      }
      await this.#run(node);
    } catch (error) {
      node.phase = 'exited';
      node.error = `its container could not start: ${(error as Error).message}`;
      this.#write(node, 'err', `[gridbox] ${node.error}`);
    }
  }

  /** Follows the container's output from now on, starts it, and watches it until it exits for good. */
  async #run(node: FleetNode): Promise<void> {
    const container = node.container!;
    node.phase = 'starting';
    node.error = undefined;
    await followContainer(this.options.docker, container, (stream, line) => this.#record(node, stream, line));
    const info = await container.inspect();
    if (info.State.Paused) await container.unpause();
    else if (!info.State.Running) await container.start();
    if (!node.watching) void this.#watch(node);
  }

  async #revive(node: FleetNode): Promise<FleetNode> {
    if (!node.container) throw new HostError(`${node.name} has no container`, 409);
    await this.#run(node);
    return node;
  }

  async #watch(node: FleetNode): Promise<void> {
    node.watching = true;
    try {
      for (;;) {
        const end = await nextEnd(node.container!, () => this.#closed);
        if (this.#closed) return;
        if (end.kind === 'restarted') {
          this.#write(node, 'err', `[gridbox] container exited (code ${end.code}) and was restarted`);
          node.phase = 'starting';
          node.reachable = false;
          // Asked again at the next list: the node may be back (and quiet) by the time the restart is noticed.
          node.answered = { lines: -1, at: 0 };
          await followContainer(this.options.docker, node.container!, (stream, line) => this.#record(node, stream, line)).catch(() => {});
          continue;
        }
        node.phase = 'exited';
        node.reachable = false;
        node.error = `container exited (code ${end.code})`;
        this.#write(node, 'err', `[gridbox] ${node.error}`);
        return;
      }
    } finally {
      node.watching = false;
    }
  }

  #record(node: FleetNode, stream: 'out' | 'err', line: string): void {
    this.#write(node, stream, line);
    node.lines++;
    if (stream === 'out' && parseAnnouncement(line)) {
      node.phase = 'running';
      node.reachable = true;
      this.#refreshedAt = 0;
    }
  }

  #write(node: FleetNode, stream: 'out' | 'err', line: string): void {
    const tag = `[node ${node.name}]`;
    const tagged = line.includes(tag) ? line : `${tag} ${line}`;
    if (!this.#log.writableEnded) this.#log.write(`${new Date().toISOString()} ${stream === 'err' ? '!' : ' '} ${tagged}\n`);
    for (const listener of this.#listeners) listener(tagged);
  }

  /**
   * Each running node's own status, at most every REFRESH_MS however often the list is asked for, and of a node that
   * printed nothing since its last answer only every QUIET_REFRESH_MS.
   */
  #refresh(): Promise<void> {
    const now = Date.now();
    if (now - this.#refreshedAt < REFRESH_MS) return Promise.resolve();
    // Starting containers too: after a restart the announcement may come before the output is followed again.
    const asked = [...this.#nodes.values()].filter((n) => (n.phase === 'running' || (n.phase === 'starting' && n.container))
      && (n.lines !== n.answered.lines || now - n.answered.at >= QUIET_REFRESH_MS));
    this.#refreshing ??= Promise.all(asked.map(async (node) => {
      const lines = node.lines;
      try {
        const { status, body } = await this.#call(node, 'GET', '/nodes');
        const mine = status === 200 && Array.isArray(body) ? (body as NodeStatus[]).find((s) => s.name === node.name) : undefined;
        if (!mine) throw new Error(`answered ${status}`);
        node.last = mine;
        node.answered = { lines, at: Date.now() };
        node.phase = 'running';
        node.reachable = true;
        node.error = undefined;
      } catch (error) {
        node.reachable = false;
        if (node.phase === 'running') node.error = await this.#whyUnreachable(node, error as Error);
      }
    })).then(() => {
      this.#refreshedAt = Date.now();
    }).finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #whyUnreachable(node: FleetNode, error: Error): Promise<string> {
    const state = await node.container?.inspect().then((i) => i.State, () => undefined);
    if (state?.Paused) return 'container paused';
    if (state && !state.Running) return `container ${state.Status}`;
    return `its container does not answer (${error.message}; cut from the grid network?)`;
  }

  async #call(node: FleetNode, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${node.port.host}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.options.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: text ? JSON.parse(text) : null };
    } catch {
      return { status: response.status, body: { error: text.slice(0, 200) } };
    }
  }
}

/** The node's last own status, or what is known without it (booting; its container's state as the error). */
function statusOf(node: FleetNode): NodeStatus {
  const base: NodeStatus = node.last ?? {
    name: node.name, state: 'booting', address: '', farmId: node.farmId, uptimeReports: 0, relayConnected: false,
    faults: { ...NO_FAULTS }, capacity: { total: { ...ZERO_CAPACITY }, used: { ...ZERO_CAPACITY } }, deployments: 0,
  };
  if (node.phase === 'running' && node.reachable) return base;
  const { error: _previous, ...rest } = base;
  if (node.phase === 'queued' || node.phase === 'starting') return { ...rest, state: 'booting', relayConnected: false };
  if (node.phase === 'exited') return { ...rest, state: 'crashed', relayConnected: false, ...(node.error ? { error: node.error } : {}) };
  return { ...rest, ...(node.error ? { error: node.error } : {}) };
}
