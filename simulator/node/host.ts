/**
 * The node host: many node agents in one process sharing one chain client (node-chain.ts), one funding source and
 * one `system.events` subscription whose records are dispatched to the agents.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { connectNodeChain, type NodeChain } from './node-chain';
import type { TwinKeys } from './deployments/validate';
import type { Funder } from './funding';
import { ActivationFunder, DevFaucet } from './funding';
import { farmTurn, RegistrationOrder } from './registration-order';
import { farmNodeCount } from './registration';
import type { PeerFactory } from './agent';
import { AGENT_EVENTS, NodeAgent } from './agent';
import { resolveProfile } from './profiles';
import type { Logger, NodeFaults, NodeStatus } from './types';
import { ChainClock, LOCAL_UPTIME_INTERVAL_SECS } from './uptime';

export interface NodeHostOptions {
  chainUrl: string;
  /** How long to keep trying while the chain does not answer yet (default 0: fail at once). */
  chainWaitMs?: number;
  relayUrl: string;
  dataDir: string;
  activationUrl?: string;
  uptimeIntervalSecs?: number;
  peerFactory?: PeerFactory;
  /** Builds the peer factory from the host's chain client (e.g. to verify signatures against chain twins). */
  makePeerFactory?: (chain: NodeChain) => PeerFactory;
  /** Makes a logger for `[node <name>]` or `[host]`; default: lines on stderr. */
  loggerFor?: (prefix: string) => Logger;
  provisionDelayMs?: number;
}

export interface AddNodeRequest {
  name: string;
  farmId: number;
  profile: unknown;
  uptimeIntervalSecs?: number;
  /**
   * For a host of one node among many (a container per node): how many nodes of the farm come before this one. Its
   * createNode then waits for that many in the farm (registration-order.ts `farmTurn`) instead of this host's order.
   */
  nodesBefore?: number;
}

export class HostError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const CRASH_RESTART_MS = 1000;

export function stderrLogger(prefix: string, debug = process.env.GRIDBOX_NODE_DEBUG === '1'): Logger {
  const line = (level: string, msg: string, fields?: Record<string, unknown>): void => {
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    process.stderr.write(`${prefix} ${level === 'info' ? '' : `${level}: `}${msg}${extra}\n`);
  };
  return {
    debug: (m, f) => debug && line('debug', m, f),
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
  };
}

/** Twins' account keys from chain, cached once found (a twin's account never changes). */
export function chainTwinKeys(chain: NodeChain): TwinKeys {
  const cache = new Map<number, Uint8Array>();
  return {
    async accountKey(twinId: number): Promise<Uint8Array | null> {
      const hit = cache.get(twinId);
      if (hit) return hit;
      const twin = await chain.twin(twinId);
      if (!twin) return null;
      const key = twin.accountId;
      cache.set(twinId, key);
      return key;
    },
  };
}

export class NodeHost {
  readonly #agents = new Map<string, NodeAgent>();
  readonly #registrationOrder = new RegistrationOrder();
  readonly #crashTimers = new Set<ReturnType<typeof setTimeout>>();
  readonly #log: Logger;
  readonly #funder: Funder;
  readonly #twins: TwinKeys;
  readonly #peerFactory?: PeerFactory;
  #unsubscribe?: () => void;
  #subscribed: Promise<void> | undefined;
  #closed = false;
  /** The nodes' clock: chain time. */
  #clock!: ChainClock;

  private constructor(
    readonly chain: NodeChain,
    private readonly options: NodeHostOptions,
    private readonly ownsChain: boolean,
  ) {
    this.#log = this.#loggerFor('[host]');
    this.#funder = options.activationUrl ? new ActivationFunder(options.activationUrl) : new DevFaucet(chain);
    this.#twins = chainTwinKeys(chain);
    const peerFactory = options.peerFactory ?? options.makePeerFactory?.(chain);
    if (peerFactory) this.#peerFactory = peerFactory;
  }

  static async start(options: NodeHostOptions, chain?: NodeChain): Promise<NodeHost> {
    const client = chain ?? await connectNodeChain(options.chainUrl, options.chainWaitMs);
    const host = new NodeHost(client, options, !chain);
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    host.#clock = await ChainClock.start((listener) => client.followTime(listener));
    host.#log.debug(`chain client: ${client.kind === 'light' ? 'light (the declared TFChain runtime)' : '@polkadot/api'}`);
    return host;
  }

  #loggerFor(prefix: string): Logger {
    return (this.options.loggerFor ?? stderrLogger)(prefix);
  }

  /**
   * The chain's events, followed from the first node's registration on: until a node has an id no event concerns
   * it, and decoding every block's events is most of an unregistered node's CPU while a grid registers its nodes
   * (with Docker, each container is a host of one node and would decode them all).
   */
  #followEvents(): Promise<void> {
    this.#subscribed ??= this.#subscribe().catch((error: unknown) => {
      this.#subscribed = undefined;
      throw error;
    });
    return this.#subscribed;
  }

  async #subscribe(): Promise<void> {
    const unsubscribe = await this.chain.followEvents(AGENT_EVENTS, (section, method, data) => {
      for (const agent of this.#agents.values()) {
        try {
          agent.onChainEvent(section, method, data);
        } catch (error) {
          this.#log.error(`event ${section}.${method} for ${agent.name}: ${(error as Error).message}`);
        }
      }
    });
    // A host closed while the subscription was being set up must not keep it.
    if (this.#closed) unsubscribe();
    else this.#unsubscribe = unsubscribe;
  }

  #agent(name: string): NodeAgent {
    const agent = this.#agents.get(name);
    if (!agent) throw new HostError(`no node named "${name}"`, 404);
    return agent;
  }

  list(): NodeStatus[] {
    return [...this.#agents.values()].map((a) => a.status());
  }

  get(name: string): NodeAgent {
    return this.#agent(name);
  }

  async addNode(request: AddNodeRequest): Promise<NodeStatus> {
    if (typeof request.name !== 'string' || !NAME.test(request.name)) throw new HostError('name must be 1-64 characters of [a-zA-Z0-9_-]', 400);
    if (!Number.isInteger(request.farmId) || request.farmId <= 0) throw new HostError('farmId must be a positive integer', 400);
    const interval = request.uptimeIntervalSecs ?? this.options.uptimeIntervalSecs ?? LOCAL_UPTIME_INTERVAL_SECS;
    if (typeof interval !== 'number' || !(interval > 0) || interval > 86_400) throw new HostError('uptimeIntervalSecs must be in (0, 86400]', 400);
    if (this.#agents.has(request.name)) throw new HostError(`node "${request.name}" already exists`, 409);
    if (request.nodesBefore !== undefined && !(Number.isInteger(request.nodesBefore) && request.nodesBefore >= 0)) {
      throw new HostError('nodesBefore must be a whole number', 400);
    }
    let profile;
    try {
      profile = resolveProfile(request.profile);
    } catch (error) {
      throw new HostError((error as Error).message, 400);
    }
    const agent = new NodeAgent({
      name: request.name, dir: join(this.options.dataDir, request.name), farmId: request.farmId, profile,
      uptimeIntervalSecs: interval, relayUrl: this.options.relayUrl, chain: this.chain, clock: this.#clock,
      funder: this.#funder, twins: this.#twins, logger: this.#loggerFor(`[node ${request.name}]`),
      ...(this.#peerFactory ? { peerFactory: this.#peerFactory } : {}),
      ...(this.options.provisionDelayMs !== undefined ? { provisionDelayMs: this.options.provisionDelayMs } : {}),
      followEvents: () => this.#followEvents(),
      registrationTurn: request.nodesBefore !== undefined
        ? farmTurn(farmNodeCount(this.chain), request.farmId, request.nodesBefore)
        : this.#registrationOrder.next(),
    });
    this.#agents.set(request.name, agent);
    await agent.start();
    return agent.status();
  }

  async stopNode(name: string): Promise<NodeStatus> {
    const agent = this.#agent(name);
    await agent.stop();
    return agent.status();
  }

  async startNode(name: string): Promise<NodeStatus> {
    const agent = this.#agent(name);
    await agent.start();
    return agent.status();
  }

  async restartNode(name: string): Promise<NodeStatus> {
    const agent = this.#agent(name);
    await agent.stop();
    await agent.start();
    return agent.status();
  }

  /** Drops the node abruptly (state `crashed`) and boots it again from its directory after 1 s. */
  async crashNode(name: string): Promise<NodeStatus> {
    const agent = this.#agent(name);
    await agent.stop('crashed');
    this.#log.warn(`node ${name} crashed; restarting in ${CRASH_RESTART_MS} ms`);
    const timer = setTimeout(() => {
      this.#crashTimers.delete(timer);
      if (agent.state === 'crashed') void agent.start().catch((e: unknown) => this.#log.error(`restart of ${name} failed: ${(e as Error).message}`));
    }, CRASH_RESTART_MS);
    this.#crashTimers.add(timer);
    return agent.status();
  }

  setFaults(name: string, patch: unknown): NodeStatus {
    const agent = this.#agent(name);
    agent.setFaults(parseFaults(patch));
    return agent.status();
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#crashTimers) clearTimeout(t);
    this.#crashTimers.clear();
    await Promise.all([...this.#agents.values()].map((a) => a.stop()));
    this.#unsubscribe?.();
    this.#clock?.close();
    if (this.ownsChain) await this.chain.close();
  }
}

/** The faults body: every field optional, each of the right type. */
export function parseFaults(body: unknown): Partial<NodeFaults> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HostError('faults must be a JSON object', 400);
  const b = body as Record<string, unknown>;
  const out: Partial<NodeFaults> = {};
  for (const key of ['pauseUptime', 'stuckRegistration', 'noSsd', 'relayCut'] as const) {
    if (b[key] === undefined) continue;
    if (typeof b[key] !== 'boolean') throw new HostError(`${key} must be a boolean`, 400);
    out[key] = b[key];
  }
  if (b.clockSkewSecs !== undefined) {
    if (typeof b.clockSkewSecs !== 'number' || !Number.isFinite(b.clockSkewSecs) || Math.abs(b.clockSkewSecs) > 10 * 365 * 86_400) {
      throw new HostError('clockSkewSecs must be a number of seconds', 400);
    }
    out.clockSkewSecs = b.clockSkewSecs;
  }
  const unknown = Object.keys(b).filter((k) => !['pauseUptime', 'stuckRegistration', 'noSsd', 'relayCut', 'clockSkewSecs'].includes(k));
  if (unknown.length > 0) throw new HostError(`unknown fault ${unknown.join(', ')}`, 400);
  return out;
}
