/**
 * One simulated Zero-OS node: identity, funding, registration, uptime, power, deployments and its zos.* API on the
 * relay. Chain access, the relay peer and funding are given by the host, so many agents share one ApiPromise.
 */
import { isChainError } from './chain-calls';
import { systemCapacity, totalCapacity } from './capacity';
import { DeploymentEngine } from './deployments/engine';
import { DeploymentStore } from './deployments/store';
import type { ChainContract, TwinKeys } from './deployments/validate';
import type { Funder } from './funding';
import { ensureFunds } from './funding';
import { freeBalance, type NodeChain } from './node-chain';
import type { NodeIdentity } from './identity';
import { loadOrCreateIdentity } from './identity';
import type { Power } from './power';
import { followPowerTarget, parsePower } from './power';
import type { HardwareProfile } from './profiles';
import { registerNode, registrationArgs, relayHostOf } from './registration';
import type { Capacity, Logger, NodeFaults, NodeState, NodeStatus } from './types';
import { NO_FAULTS } from './types';
import { NO_TURN, type RegistrationTurn } from './registration-order';
import { reportDue, reportUptime, type ChainClock } from './uptime';
import type { ZosHandler, ZosNode } from './zos';
import { zosHandlers } from './zos';

/** The part of the seam's `RmbPeer` an agent uses (docs/LOCAL-GRID-SEAMS.md). */
export interface NodePeer {
  handle(command: string, handler: ZosHandler): void;
  start(): Promise<void>;
  close(): Promise<void>;
  readonly connected: boolean;
  on(event: 'connected' | 'disconnected', fn: () => void): void;
}

export type PeerFactory = (identity: NodeIdentity, twinId: number, logger: Logger) => NodePeer;

export interface AgentOptions {
  name: string;
  dir: string;
  farmId: number;
  profile: HardwareProfile;
  uptimeIntervalSecs: number;
  relayUrl: string;
  /** The host's chain client (node-chain.ts): reads, this node's signed calls, events. */
  chain: NodeChain;
  /** The node's clock: chain time (uptime.ts). */
  clock: ChainClock;
  funder: Funder;
  twins: TwinKeys;
  logger: Logger;
  peerFactory?: PeerFactory;
  faults?: Partial<NodeFaults>;
  /** NRU reports for contracts with public IPs; Zero-OS sends them hourly. Default: the uptime interval. */
  nruIntervalSecs?: number;
  provisionDelayMs?: number;
  /** Where this node's createNode goes in the host's order of nodes (registration-order.ts). */
  registrationTurn?: RegistrationTurn;
  /**
   * Resolves once the host follows the chain's events (onChainEvent); awaited right after registration, before the
   * node reads its public config and power target, so no event about it falls between the two.
   */
  followEvents?: () => Promise<void>;
}

/** The chain events an agent acts on (onChainEvent); the host decodes a block's events only when it may hold one. */
export const AGENT_EVENTS = [
  ['smartContractModule', 'NodeContractCanceled'],
  ['tfgridModule', 'PowerTargetChanged'],
  ['tfgridModule', 'NodePublicConfigStored'],
] as const;

const RETRY_MS = 2000;
const FAULT_POLL_MS = 250;

export class NodeAgent implements ZosNode {
  readonly name: string;
  readonly profile: HardwareProfile;
  faults: NodeFaults;
  state: NodeState = 'stopped';
  error?: string;
  identity?: NodeIdentity;
  twinId?: number;
  nodeId?: number;
  lastUptimeAt?: number;
  uptimeReports = 0;
  power: Power = 'Up';
  readonly nodeIp: string;

  readonly #o: AgentOptions;
  readonly #log: Logger;
  #store!: DeploymentStore;
  #engine?: DeploymentEngine;
  #peer?: NodePeer;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #running = false;
  #generation = 0;
  /** Once released (first createNode sent), a retry or a restart waits on nothing. */
  get #turn(): RegistrationTurn {
    return this.#o.registrationTurn ?? NO_TURN;
  }
  /** Boot time on the node clock (chain time, ms). */
  #bootedAt = 0;
  #stopFollowingClock: () => void = () => {};
  #catchingUp = false;
  #publicConfig: ReturnType<ZosNode['publicConfig']> = null;
  #lastNruAt = 0;

  constructor(options: AgentOptions) {
    this.#o = options;
    this.name = options.name;
    this.profile = options.profile;
    this.#log = options.logger;
    this.faults = { ...NO_FAULTS, ...options.faults };
    this.nodeIp = `10.${(options.farmId >> 8) & 255}.${options.farmId & 255}.${(hashName(options.name) % 250) + 2}`;
    this.#publicConfig = options.profile.publicConfig ?? null;
  }

  get engine(): DeploymentEngine {
    if (!this.#engine) throw new Error('node is not running');
    return this.#engine;
  }

  get noSsd(): boolean {
    return this.faults.noSsd;
  }

  get running(): boolean {
    return this.#running;
  }

  publicConfig(): ReturnType<ZosNode['publicConfig']> {
    return this.#publicConfig;
  }

  capacity(): { total: Capacity; used: Capacity; system: Capacity } {
    const total = totalCapacity(this.profile, this.faults.noSsd);
    const system = systemCapacity(total);
    const users = this.#engine?.used() ?? { cru: 0, mru: 0, sru: 0, hru: 0, ipv4u: 0 };
    return {
      total, system,
      used: { cru: users.cru, mru: users.mru + system.mru, sru: users.sru + system.sru, hru: users.hru, ipv4u: users.ipv4u },
    };
  }

  openConnections(): number {
    return this.#peer?.connected ? 1 : 0;
  }

  status(): NodeStatus {
    const { total, used } = this.capacity();
    return {
      name: this.name, state: this.state, ...(this.error ? { error: this.error } : {}),
      address: this.identity?.address ?? '', farmId: this.#o.farmId,
      ...(this.twinId !== undefined ? { twinId: this.twinId } : {}),
      ...(this.nodeId !== undefined ? { nodeId: this.nodeId } : {}),
      ...(this.lastUptimeAt !== undefined ? { lastUptimeAt: this.lastUptimeAt } : {}),
      uptimeReports: this.uptimeReports,
      relayConnected: this.#peer?.connected ?? false,
      faults: { ...this.faults },
      capacity: { total, used },
      deployments: this.#engine?.active().length ?? 0,
    };
  }

  #setState(state: NodeState, error?: string): void {
    const changed = state !== this.state || error !== this.error;
    this.state = state;
    this.error = error;
    if (!changed) return;
    if (error) this.#log.warn(`${state}: ${error}`);
    else this.#log.info(`state ${state}`);
  }

  /** Boots from the node directory: same identity, deployments and (once registered) node id as before. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    const generation = ++this.#generation;
    this.#bootedAt = this.#o.clock.nowMs();
    this.uptimeReports = 0;
    this.#setState('booting');
    this.identity = await loadOrCreateIdentity(this.#o.dir);
    this.#store = new DeploymentStore(this.#o.dir);
    await this.#store.load();
    this.#engine = new DeploymentEngine({
      store: this.#store,
      twins: this.#o.twins,
      nodeId: () => this.nodeId ?? 0,
      available: () => {
        const { total, system } = this.capacity();
        return { ...total, mru: total.mru - system.mru, sru: total.sru - system.sru };
      },
      contract: (id) => this.#o.chain.query<ChainContract | null>('smartContractModule', 'contracts', id),
      nameOwner: async (name) => {
        const id = Number(await this.#o.chain.query<number | null>('smartContractModule', 'contractIDByNameRegistration', name) ?? 0);
        if (id === 0) return null;
        const contract = await this.#o.chain.query<{ twinId: number; contractType: { nameContract?: unknown } } | null>('smartContractModule', 'contracts', id);
        return contract?.contractType.nameContract ? contract.twinId : null;
      },
      provisionContext: () => ({ nodeId: this.nodeId ?? 0, nodeIp: this.nodeIp, ...(this.#publicConfig?.domain ? { domain: this.#publicConfig.domain } : {}) }),
      onChange: (ids) => this.#reportResources(ids),
      now: () => this.#o.clock.nowMs(),
      ...(this.#o.provisionDelayMs !== undefined ? { provisionDelayMs: this.#o.provisionDelayMs } : {}),
    });
    this.#engine.resume();
    this.#log.info('booted', { address: this.identity.address });
    void this.#run(generation);
  }

  /** Graceful stop: loops end, the relay connection closes, deployments are already on disk. */
  async stop(state: NodeState = 'stopped'): Promise<void> {
    this.#running = false;
    this.#turn.release();
    this.#generation++;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    this.#stopFollowingClock();
    this.#engine?.close();
    const peer = this.#peer;
    this.#peer = undefined;
    await peer?.close().catch(() => {});
    await this.#store?.flushed();
    this.#setState(state);
  }

  setFaults(patch: Partial<NodeFaults>): void {
    const before = this.faults;
    this.faults = { ...before, ...patch };
    for (const key of Object.keys(patch) as (keyof NodeFaults)[]) {
      if (before[key] !== this.faults[key]) this.#log.info(`fault ${key} = ${String(this.faults[key])}`);
    }
    if (before.relayCut !== this.faults.relayCut && this.#running && this.twinId !== undefined) {
      if (this.faults.relayCut) void this.#disconnectRelay();
      else this.#connectRelay(this.#generation);
    }
  }

  #sleep(ms: number, generation: number): Promise<boolean> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        resolve(generation === this.#generation);
      }, ms);
      this.#timers.add(t);
    });
  }

  #alive(generation: number): boolean {
    return this.#running && generation === this.#generation;
  }

  async #run(generation: number): Promise<void> {
    const { chain, funder } = this.#o;
    const identity = this.identity!;
    const turn = this.#turn;
    // Registration, retried until it succeeds or the agent stops; faults hold it where Zero-OS would stay.
    for (;;) {
      if (!this.#alive(generation)) return;
      try {
        if (this.faults.noSsd) {
          turn.release();
          this.#setState('error', 'registration refused: no SSD found (Zero-OS needs an SSD for its cache)');
          await this.#sleep(FAULT_POLL_MS, generation);
          continue;
        }
        this.#setState('funding');
        await ensureFunds((address) => freeBalance(chain, address), funder, identity.address);
        if (!this.#alive(generation)) return;
        this.#setState('registering');
        while (this.faults.stuckRegistration) {
          turn.release();
          if (!(await this.#sleep(FAULT_POLL_MS, generation)) || !this.#alive(generation)) return;
        }
        const registered = await registerNode(
          chain, identity, registrationArgs(this.#o.farmId, this.profile, identity), relayHostOf(this.#o.relayUrl), turn);
        this.twinId = registered.twinId;
        this.nodeId = registered.nodeId;
        this.#log.info(registered.updated ? 'node updated' : 'registered', { twinId: registered.twinId, nodeId: registered.nodeId });
        break;
      } catch (error) {
        turn.release();
        if (!this.#alive(generation)) return;
        this.#setState('error', `registration failed: ${(error as Error).message}`);
        await this.#sleep(RETRY_MS, generation);
      }
    }
    await this.#o.followEvents?.().catch((error: unknown) => this.#log.warn(`following chain events failed: ${(error as Error).message}`));
    await this.#refreshPublicConfig();
    try {
      this.power = await followPowerTarget(chain, identity.pair, this.nodeId!);
    } catch (error) {
      this.#log.warn(`power sync failed: ${(error as Error).message}`);
    }
    await this.#reconcile();
    if (!this.faults.relayCut) this.#connectRelay(generation);
    // Uptime at boot and on the interval; NRU and reconciliation ride on the same tick. Chain time that moves past
    // Zero-OS's interval (a time jump) brings a report at once.
    this.#lastNruAt = this.#o.clock.nowMs();
    this.#stopFollowingClock();
    this.#stopFollowingClock = this.#o.clock.onTick((now) => this.#catchUp(now, generation));
    for (;;) {
      if (!this.#alive(generation)) return;
      await this.#uptimeTick(generation);
      await this.#nruTick();
      if (!(await this.#sleep(this.#o.uptimeIntervalSecs * 1000, generation))) return;
    }
  }

  async #uptimeTick(generation: number): Promise<void> {
    if (this.faults.pauseUptime) {
      this.#log.debug('uptime report skipped (paused)');
      return;
    }
    if (this.power === 'Down') return;
    try {
      const report = await reportUptime(this.#o.clock, this.#o.chain, this.identity!.pair, this.#bootedAt, this.faults.clockSkewSecs);
      if (!this.#alive(generation)) return;
      this.uptimeReports++;
      this.lastUptimeAt = report.chainTimeMs;
      this.#setState('online');
      this.#log.debug('uptime reported', { uptime: report.uptimeSecs });
    } catch (error) {
      if (!this.#alive(generation)) return;
      const reason = isChainError(error, 'InvalidTimestampHint')
        ? `uptime report refused: InvalidTimestampHint (clock skew ${this.faults.clockSkewSecs} s)`
        : `uptime report failed: ${(error as Error).message}`;
      // A node that reported before stays online for the grid until its reports are too old; the error shows why.
      this.#setState(this.uptimeReports > 0 ? 'online' : 'error', reason);
    }
  }

  /** Reports uptime when the node clock has moved Zero-OS's interval past the last report (a time jump). */
  #catchUp(nowMs: number, generation: number): void {
    if (this.#catchingUp || this.lastUptimeAt === undefined || !reportDue(nowMs, this.lastUptimeAt)) return;
    this.#catchingUp = true;
    void this.#uptimeTick(generation).then(() => this.#nruTick()).finally(() => {
      this.#catchingUp = false;
    });
  }

  #connectRelay(generation: number): void {
    const factory = this.#o.peerFactory;
    if (!factory || this.#peer || !this.#alive(generation) || this.twinId === undefined) return;
    const peer = factory(this.identity!, this.twinId, this.#log);
    for (const [command, handler] of Object.entries(zosHandlers(this))) peer.handle(command, handler);
    peer.on('connected', () => this.#log.info('relay connected'));
    peer.on('disconnected', () => this.#log.info('relay disconnected'));
    this.#peer = peer;
    // Not awaited: the peer keeps retrying while the relay is away, and the node's other duties go on.
    peer.start().catch((error: unknown) => this.#log.warn(`relay connection failed: ${(error as Error).message}`));
  }

  async #disconnectRelay(): Promise<void> {
    const peer = this.#peer;
    this.#peer = undefined;
    await peer?.close().catch(() => {});
  }

  async #refreshPublicConfig(): Promise<void> {
    if (this.nodeId === undefined) return;
    try {
      const node = await this.#o.chain.query<{ publicConfig: { ip4: { ip: string; gw: string }; ip6: { ip: string; gw: string } | null; domain: string | null } | null } | null>(
        'tfgridModule', 'nodes', this.nodeId);
      const pc = node?.publicConfig;
      if (pc) this.#publicConfig = { ip4: pc.ip4, ...(pc.ip6 ? { ip6: pc.ip6 } : {}), ...(pc.domain ? { domain: pc.domain } : {}) };
    } catch (error) {
      this.#log.warn(`reading the public config failed: ${(error as Error).message}`);
    }
  }

  /** At boot (and each tick, as Zero-OS does hourly): local deployments whose contract left the chain are deleted. */
  async #reconcile(): Promise<void> {
    for (const s of this.#engine?.active() ?? []) {
      const id = s.deployment.contract_id;
      try {
        const contract = await this.#o.chain.query<unknown>('smartContractModule', 'contracts', id);
        if (!contract) this.#engine?.cancel(id, 'contract not found on chain');
      } catch (error) {
        this.#log.warn(`reconcile of contract ${id} failed: ${(error as Error).message}`);
      }
    }
  }

  #reportResources(contractIds: number[]): void {
    if (this.nodeId === undefined || !this.identity || !this.#engine) return;
    const engine = this.#engine;
    // A cancelled contract is gone from chain with its resources; only live contracts are reported.
    const reports = contractIds
      .filter((id) => engine.active().some((s) => s.deployment.contract_id === id))
      .map((contractId) => ({ contractId, used: engine.contractResources(contractId) }));
    if (reports.length === 0) return;
    this.#o.chain.submit(this.identity.pair, 'smartContractModule', 'reportContractResources', reports)
      .then(() => this.#log.debug('contract resources reported', { contracts: contractIds }))
      .catch((error: unknown) => this.#log.warn(`reporting contract resources failed: ${(error as Error).message}`));
  }

  async #nruTick(): Promise<void> {
    const every = (this.#o.nruIntervalSecs ?? this.#o.uptimeIntervalSecs) * 1000;
    const now = this.#o.clock.nowMs();
    if (now - this.#lastNruAt < every || !this.#engine || !this.identity) return;
    const windowSecs = Math.round((now - this.#lastNruAt) / 1000);
    this.#lastNruAt = now;
    await this.#reconcile();
    const withIp = this.#engine.active().filter((s) => s.deployment.workloads.some((w) => (w.type === 'ip' || w.type === 'ipv4') && w.result.state === 'ok'));
    if (withIp.length === 0) return;
    try {
      const timestamp = Math.floor(this.#o.clock.nowMs() / 1000);
      // A quiet public interface: a few kB per second of traffic, as a VM with nobody talking to it.
      const reports = withIp.map((s) => ({ contractId: s.deployment.contract_id, timestamp, window: windowSecs, nru: windowSecs * 4096 }));
      await this.#o.chain.submit(this.identity.pair, 'smartContractModule', 'addNruReports', reports);
    } catch (error) {
      this.#log.warn(`NRU report failed: ${(error as Error).message}`);
    }
  }

  /** A chain event for this node, dispatched by the host's single `system.events` subscription. */
  onChainEvent(section: string, method: string, data: unknown[]): void {
    if (!this.#running || this.nodeId === undefined) return;
    if (section === 'smartContractModule' && method === 'NodeContractCanceled' && Number(data[1]) === this.nodeId) {
      if (this.#engine?.cancel(Number(data[0]))) this.#log.info(`contract ${Number(data[0])} canceled: workloads deleted`);
    } else if (section === 'tfgridModule' && method === 'PowerTargetChanged' && Number(data[1]) === this.nodeId) {
      const target = parsePower(data[2]);
      followPowerTarget(this.#o.chain, this.identity!.pair, this.nodeId, target)
        .then((p) => {
          this.power = p;
          this.#log.info(`power ${p}`);
        })
        .catch((error: unknown) => this.#log.warn(`changePowerState failed: ${(error as Error).message}`));
    } else if (section === 'tfgridModule' && method === 'NodePublicConfigStored' && Number(data[0]) === this.nodeId) {
      void this.#refreshPublicConfig();
    }
  }
}

function hashName(name: string): number {
  let h = 0;
  for (const c of name) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}
