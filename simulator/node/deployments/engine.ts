/**
 * The node's provisioning engine: accepts deploy/update after Zero-OS's checks, moves workloads init → ok (or
 * error with a message) shortly after, keeps per-contract history, and deletes everything when the contract is
 * cancelled on chain. Transport-free: the zos handlers and the agent call it.
 */
import { addCapacity, capacityShortfall, workloadCapacity } from '../capacity';
import type { Capacity } from '../types';
import { ZERO_CAPACITY } from '../types';
import type { ChallengeDeployment } from './challenge';
import { challengeHash } from './challenge';
import type { Deployment, DeploymentInput, Workload, WorkloadState } from './model';
import { parseDeployment } from './model';
import type { DeploymentStore, StoredDeployment } from './store';
import type { ChainContract, TwinKeys } from './validate';
import { checkContract, checkStructure, verifySignatures } from './validate';
import type { ProvisionContext } from './workloads';
import { networkSubnet, provisionResult } from './workloads';
import type { NameOwner } from './workload-rules';
import { gatewayProvisionError } from './workload-rules';

export interface EngineDeps {
  store: DeploymentStore;
  twins: TwinKeys;
  nodeId(): number;
  /** Capacity available to users (total minus what the system keeps). */
  available(): Capacity;
  contract(id: number): Promise<ChainContract | null>;
  provisionContext(): Omit<ProvisionContext, 'publicIps'>;
  /** The twin holding a gateway name's contract on chain (null: none); without it names are not checked. */
  nameOwner?: NameOwner;
  /** Called after workloads of these contracts changed state (the agent reports contract resources). */
  onChange(contractIds: number[]): void;
  now?(): number;
  provisionDelayMs?: number;
}

const LIVE: ReadonlySet<WorkloadState> = new Set(['init', 'ok', 'paused', 'unchanged']);
const BILLED: ReadonlySet<WorkloadState> = new Set(['ok', 'paused']);

export class DeploymentEngine {
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  /** Public IPs reserved per contract, read with the contract at deploy time. */
  readonly #publicIps = new Map<number, { ip: string; gateway: string }[]>();
  #closed = false;
  lastDeploymentAt = 0;

  constructor(private readonly deps: EngineDeps) {}

  #now(): number {
    return Math.floor((this.deps.now?.() ?? Date.now()) / 1000);
  }

  /** Capacity held by workloads that are not deleted or failed. */
  used(): Capacity {
    let used = { ...ZERO_CAPACITY };
    for (const { deployment } of this.deps.store.all()) {
      for (const w of deployment.workloads) if (LIVE.has(w.result.state)) used = addCapacity(used, workloadCapacity(w.type, w.data));
    }
    return used;
  }

  /** What `reportContractResources` carries for one contract: workloads in state ok or paused. */
  contractResources(contractId: number): { hru: number; sru: number; cru: number; mru: number } {
    let used = { ...ZERO_CAPACITY };
    for (const w of this.deps.store.get(contractId)?.deployment.workloads ?? []) {
      if (BILLED.has(w.result.state)) used = addCapacity(used, workloadCapacity(w.type, w.data));
    }
    return { hru: used.hru, sru: used.sru, cru: used.cru, mru: used.mru };
  }

  active(): StoredDeployment[] {
    return this.deps.store.all().filter((s) => s.deployment.workloads.some((w) => w.result.state !== 'deleted'));
  }

  async #validate(payload: unknown, sourceTwin: number): Promise<{ input: DeploymentInput; contract: ChainContract }> {
    const input = parseDeployment(payload);
    checkStructure(input);
    if (input.twin_id !== sourceTwin) throw new Error('twin id mismatch (deployment twin id, rmb source)');
    try {
      await verifySignatures(input, this.deps.twins);
    } catch (error) {
      throw new Error(`failed to verify deployment signature: ${(error as Error).message}`);
    }
    const contract = await this.deps.contract(input.contract_id);
    try {
      checkContract(contract, input, this.deps.nodeId(), challengeHash(input as ChallengeDeployment));
    } catch (error) {
      throw new Error(`failed to validate deployment: ${(error as Error).message}`);
    }
    return { input, contract: contract! };
  }

  #checkCapacity(extra: Capacity, released: Capacity = ZERO_CAPACITY): void {
    const used = this.used();
    const base = { ...used, mru: used.mru - released.mru, sru: used.sru - released.sru, hru: used.hru - released.hru };
    const shortfall = capacityShortfall(this.deps.available(), base, extra);
    if (shortfall) throw new Error(`insufficient capacity: ${shortfall}`);
  }

  #record(stored: StoredDeployment, w: Workload): void {
    stored.history.push(structuredClone(w));
  }

  async deploy(payload: unknown, sourceTwin: number): Promise<null> {
    const { input, contract } = await this.#validate(payload, sourceTwin);
    if (input.version !== 0) throw new Error('invalid version: a new deployment must have version 0');
    const existing = this.deps.store.get(input.contract_id);
    if (existing && existing.deployment.workloads.some((w) => w.result.state !== 'deleted')) throw new Error('deployment already exists');
    let extra = { ...ZERO_CAPACITY };
    for (const w of input.workloads) extra = addCapacity(extra, workloadCapacity(w.type, w.data));
    this.#checkCapacity(extra);
    const created = this.#now();
    const deployment: Deployment = {
      ...input,
      workloads: input.workloads.map((w) => ({ ...w, result: { created, state: 'init', message: '', data: null } })),
    };
    const stored: StoredDeployment = { deployment, history: [] };
    for (const w of deployment.workloads) this.#record(stored, w);
    this.#publicIps.set(input.contract_id, contract.contractType.nodeContract?.publicIpsList ?? []);
    this.deps.store.put(stored);
    this.lastDeploymentAt = created;
    this.#schedule(input.contract_id);
    return null;
  }

  async update(payload: unknown, sourceTwin: number): Promise<null> {
    const { input, contract } = await this.#validate(payload, sourceTwin);
    const stored = this.deps.store.get(input.contract_id);
    if (!stored || stored.deployment.twin_id !== sourceTwin) throw new Error('deployment not found');
    const old = stored.deployment;
    if (input.version !== old.version + 1) throw new Error(`invalid version: expected ${old.version + 1}, got ${input.version}`);
    const oldByName = new Map(old.workloads.map((w) => [w.name, w]));
    let extra = { ...ZERO_CAPACITY };
    let released = { ...ZERO_CAPACITY };
    for (const w of input.workloads) {
      const before = oldByName.get(w.name);
      if (before && w.version !== input.version) continue;
      extra = addCapacity(extra, workloadCapacity(w.type, w.data));
      if (before && LIVE.has(before.result.state)) released = addCapacity(released, workloadCapacity(before.type, before.data));
    }
    const names = new Set(input.workloads.map((w) => w.name));
    for (const w of old.workloads) {
      if (!names.has(w.name) && LIVE.has(w.result.state)) released = addCapacity(released, workloadCapacity(w.type, w.data));
    }
    this.#checkCapacity(extra, released);
    const now = this.#now();
    const workloads: Workload[] = input.workloads.map((w) => {
      const before = oldByName.get(w.name);
      if (before && w.version !== input.version) return { ...w, result: before.result };
      return { ...w, result: { created: now, state: 'init', message: '', data: null } };
    });
    for (const w of old.workloads) {
      if (!names.has(w.name) && w.result.state !== 'deleted') {
        const gone: Workload = { ...w, result: { ...w.result, created: now, state: 'deleted', message: 'deleted by update' } };
        this.#record(stored, gone);
      }
    }
    stored.deployment = { ...input, workloads };
    for (const w of workloads) if (w.result.state === 'init') this.#record(stored, w);
    this.#publicIps.set(input.contract_id, contract.contractType.nodeContract?.publicIpsList ?? []);
    this.deps.store.put(stored);
    this.lastDeploymentAt = now;
    this.#schedule(input.contract_id);
    return null;
  }

  /** The caller's deployment with a result on every workload. */
  get(contractId: number, sourceTwin: number): Deployment {
    const stored = this.deps.store.get(contractId);
    if (!stored || stored.deployment.twin_id !== sourceTwin) throw new Error('deployment not found');
    return stored.deployment;
  }

  list(sourceTwin: number): Deployment[] {
    return this.active().map((s) => s.deployment).filter((d) => d.twin_id === sourceTwin);
  }

  changes(contractId: number, sourceTwin: number): Workload[] {
    const stored = this.deps.store.get(contractId);
    if (!stored || stored.deployment.twin_id !== sourceTwin) throw new Error('deployment not found');
    return stored.history;
  }

  /** NodeContractCanceled (or the contract gone from chain): every workload → deleted, capacity freed. */
  cancel(contractId: number, reason = 'contract canceled'): boolean {
    const stored = this.deps.store.get(contractId);
    if (!stored) return false;
    const now = this.#now();
    let changed = false;
    for (const w of stored.deployment.workloads) {
      if (w.result.state === 'deleted') continue;
      w.result = { created: now, state: 'deleted', message: reason, data: w.result.data };
      this.#record(stored, w);
      changed = true;
    }
    if (changed) {
      this.deps.store.put(stored);
      this.deps.onChange([contractId]);
    }
    return changed;
  }

  /** After a restart: workloads caught in init are provisioned again. */
  resume(): void {
    for (const s of this.deps.store.all()) {
      if (s.deployment.workloads.some((w) => w.result.state === 'init')) this.#schedule(s.deployment.contract_id);
    }
  }

  #schedule(contractId: number): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#provision(contractId);
    }, this.deps.provisionDelayMs ?? 200);
    this.#timers.add(timer);
  }

  /** Gateways first ask the chain about their names; everything else is provisioned in the same tick. */
  async #provision(contractId: number): Promise<void> {
    const stored = this.deps.store.get(contractId);
    if (!stored || this.#closed) return;
    const ctx: ProvisionContext = {
      ...this.deps.provisionContext(), publicIps: this.#publicIps.get(contractId) ?? [],
      twinNetworkSubnet: (twinId, name) => {
        for (const s of this.active()) if (s.deployment.twin_id === twinId) {
          const subnet = networkSubnet(s.deployment, name);
          if (subnet) return subnet;
        }
        return null;
      },
    };
    const gatewayErrors = new Map<string, string>();
    const gateways = stored.deployment.workloads.filter((w) => w.result.state === 'init' && w.type.startsWith('gateway-'));
    for (const w of gateways) {
      const error = await gatewayProvisionError(w, stored.deployment.twin_id, ctx.domain, this.deps.nameOwner);
      if (error) gatewayErrors.set(w.name, error);
    }
    if (this.#closed) return;
    this.#finish(stored, ctx, gatewayErrors);
  }

  #finish(stored: StoredDeployment, ctx: ProvisionContext, gatewayErrors: Map<string, string>): void {
    const now = this.#now();
    let changed = false;
    for (const w of stored.deployment.workloads) {
      if (w.result.state !== 'init') continue;
      const gatewayError = gatewayErrors.get(w.name);
      const outcome = gatewayError ? { error: gatewayError } : provisionResult(stored.deployment, w, ctx);
      w.result = 'error' in outcome
        ? { created: now, state: 'error', message: outcome.error, data: null }
        : { created: now, state: 'ok', message: '', data: outcome.data };
      this.#record(stored, w);
      changed = true;
    }
    if (changed) {
      this.deps.store.put(stored);
      this.deps.onChange([stored.deployment.contract_id]);
    }
  }

  close(): void {
    this.#closed = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }
}
