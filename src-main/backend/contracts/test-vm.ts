/**
 * A test deployment on a local-grid node, done as grid_client does it: the node contract with the deployment's
 * hash on chain, then the signed deployment to the node's twin over RMB (our own peer, simulator/rmb, through the
 * grid's relay), then `zos.deployment.get` until every workload is ok. A failure after the contract exists cancels
 * it again, so nothing half-made is left billing.
 */
import type { ApiPromise } from '@polkadot/api';
import type { DeploymentView, TestVmProgress, TestVmWorkload } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { identityFromPair, RmbPeer } from '../../../simulator/rmb';
import type { LocalChain } from '../chain/local-chain';
import type { TopicBus } from '../events';
import type { LocalGrid } from '../grid/local-grid';
import type { KeyVault } from '../keys/vault';
import { costPerHour, readPrices } from './cost';
import { deploymentHash, signTestVm, TEST_VM, testVmContractData, testVmDeployment } from './vm-deployment';

const PING_TIMEOUT_MS = 5_000;
const DEPLOY_TIMEOUT_MS = 30_000;
const PROVISION_TIMEOUT_MS = 60_000;
const POLL_MS = 300;
const CONNECT_TIMEOUT_MS = 10_000;
const GIB = 1024 ** 3;

interface ZosWorkload {
  name: string;
  type: string;
  result: { state: TestVmWorkload['state']; message?: string; error?: string; data?: unknown };
}
interface ZosCapacity {
  cru: number;
  mru: number;
  sru: number;
  hru: number;
}

export interface TestDeploymentsDeps {
  chain: LocalChain;
  vault: KeyVault;
  grid: LocalGrid;
  bus: TopicBus;
}

export class TestDeployments {
  /** One RMB peer per twin, on the relay it was opened for. */
  readonly #peers = new Map<number, { relay: string; peer: Promise<RmbPeer> }>();

  constructor(private readonly deps: TestDeploymentsDeps) {}

  async deploy(address: string, nodeId: number): Promise<DeploymentView> {
    const progress = (step: TestVmProgress['step'], message: string, contractId?: number) =>
      this.deps.bus.emit('contracts.progress', { address, nodeId, step, message, ...(contractId ? { contractId } : {}) });

    progress('twin', 'Checking the account’s twin and funds');
    const twinId = await this.deps.chain.ensureTwin(address);
    const api = await this.deps.chain.api();
    const nodeTwin = await this.#nodeTwin(api, nodeId);
    await this.#checkFunds(api, address, nodeId);

    progress('node', `Asking node ${nodeId} over RMB`);
    const peer = await this.#peer(address, twinId);
    await this.#ping(peer, nodeTwin, nodeId);
    await this.#checkCapacity(peer, nodeTwin, nodeId);
    const ports = (await peer.call(nodeTwin, 'zos.network.list_wg_ports', null, { timeoutMs: PING_TIMEOUT_MS })) as number[] | null;
    const used = new Set(ports ?? []);
    let port = 3000;
    while (used.has(port)) port++;

    const { deployment, name } = testVmDeployment(twinId, port);
    progress('contract', 'Creating the node contract with the deployment’s hash');
    const included = await this.deps.chain.submit(address, (a) =>
      a.tx.smartContractModule!.createNodeContract!(nodeId, deploymentHash(deployment), testVmContractData(name), 0, null),
    );
    const created = included.events.find((e) => e.event.section === 'smartContractModule' && e.event.method === 'ContractCreated');
    const contractId = Number((created?.event.data[0]?.toPrimitive() as { contractId?: number } | undefined)?.contractId ?? 0);
    if (!contractId) throw new ApiError('internal', 'the chain accepted the node contract but reported no ContractCreated event');

    try {
      progress('deploy', `Sending the signed deployment to node ${nodeId}`, contractId);
      const pair = await this.deps.vault.signer(address);
      await peer.call(nodeTwin, 'zos.deployment.deploy', signTestVm(deployment, contractId, pair), { timeoutMs: DEPLOY_TIMEOUT_MS }).catch((err: unknown) => {
        throw new ApiError('rejected', `node ${nodeId} refused the deployment: ${nodeMessage(err)}`);
      });
      progress('provision', 'Waiting for the node to provision the network and the VM', contractId);
      const view = await this.#waitOk(peer, nodeTwin, nodeId, contractId);
      progress('ok', `The VM runs on node ${nodeId}`, contractId);
      return view;
    } catch (err) {
      // As grid_client rolls back: the contract goes, so nothing half-deployed keeps billing.
      await this.deps.chain.submit(address, (a) => a.tx.smartContractModule!.cancelContract!(contractId)).catch(() => {});
      throw err;
    }
  }

  /** The deployment of a node contract of this account, as its node reports it. */
  async deployment(address: string, contractId: number): Promise<DeploymentView> {
    const twinId = await this.deps.chain.twinId(address);
    if (!twinId) throw new ApiError('not_found', 'this account has no twin on the local grid: it has no deployments');
    const api = await this.deps.chain.api();
    const contract = (await api.query.smartContractModule!.contracts!(contractId)).toPrimitive() as {
      twinId: number;
      contractType: { nodeContract?: { nodeId: number } };
    } | null;
    const nodeId = contract?.contractType.nodeContract?.nodeId;
    if (!contract || contract.twinId !== twinId || !nodeId) throw new ApiError('not_found', `contract ${contractId} is not a node contract of this account`);
    const nodeTwin = await this.#nodeTwin(api, nodeId);
    const peer = await this.#peer(address, twinId);
    await this.#ping(peer, nodeTwin, nodeId);
    return this.#get(peer, nodeTwin, nodeId, contractId);
  }

  async dispose(): Promise<void> {
    const peers = [...this.#peers.values()];
    this.#peers.clear();
    await Promise.all(peers.map(async (p) => (await p.peer.catch(() => null))?.close()));
  }

  async #nodeTwin(api: ApiPromise, nodeId: number): Promise<number> {
    const node = (await api.query.tfgridModule!.nodes!(nodeId)).toPrimitive() as { twinId: number } | null;
    if (!node) throw new ApiError('not_found', `there is no node ${nodeId} on the local grid: pick one of its nodes`);
    const view = await this.deps.grid.status();
    const simulated = view.nodes.find((n) => n.nodeId === nodeId);
    if (simulated && simulated.state !== 'online') {
      throw new ApiError('unavailable', `node ${nodeId} is ${simulated.state}: start it on the Local grid page or pick another node`);
    }
    return node.twinId;
  }

  /** At least one hour of the VM, or the first bill would put it in grace period. */
  async #checkFunds(api: ApiPromise, address: string, nodeId: number): Promise<void> {
    const prices = await readPrices(api);
    if (!prices) return;
    const account = (await api.query.system!.account!(address)) as unknown as { data: { free: { toBigInt(): bigint } } };
    const free = account.data.free.toBigInt();
    // The VM's own resources, priced as the chain will bill them once the node reports them.
    const cost = await costPerHour(api, prices, { kind: 'vm', nodeId, resources: { cru: TEST_VM.cpu, mru: TEST_VM.memory, sru: TEST_VM.rootfs, hru: 0 } });
    const hour = cost ? BigInt(cost.tftPerHour) : undefined;
    if (hour !== undefined && free < hour) {
      throw new ApiError(
        'rejected',
        `the account has ${tft(free)} TFT and the test VM costs ${tft(hour)} TFT an hour: fund the account (on the local grid, from a dev account such as Alice) and try again`,
      );
    }
  }

  async #checkCapacity(peer: RmbPeer, nodeTwin: number, nodeId: number): Promise<void> {
    const stats = (await peer.call(nodeTwin, 'zos.statistics.get', null, { timeoutMs: PING_TIMEOUT_MS })) as { total: ZosCapacity; used: ZosCapacity };
    const free = (k: keyof ZosCapacity) => stats.total[k] - stats.used[k];
    if (free('mru') < TEST_VM.memory || free('sru') < TEST_VM.rootfs) {
      throw new ApiError(
        'unavailable',
        `node ${nodeId} has ${gib(free('mru'))} GiB RAM and ${gib(free('sru'))} GiB SSD free; the test VM needs ${gib(TEST_VM.memory)} GiB and ${gib(TEST_VM.rootfs)} GiB: cancel a deployment on it or pick another node`,
      );
    }
  }

  async #ping(peer: RmbPeer, nodeTwin: number, nodeId: number): Promise<void> {
    try {
      await peer.call(nodeTwin, 'zos.system.version', null, { timeoutMs: PING_TIMEOUT_MS });
    } catch {
      throw new ApiError('unavailable', `node ${nodeId} does not answer over RMB (offline or cut from the relay): restart it on the Local grid page or pick another node`);
    }
  }

  async #waitOk(peer: RmbPeer, nodeTwin: number, nodeId: number, contractId: number): Promise<DeploymentView> {
    const deadline = Date.now() + PROVISION_TIMEOUT_MS;
    for (;;) {
      const view = await this.#get(peer, nodeTwin, nodeId, contractId);
      const failed = view.workloads.find((w) => w.state === 'error');
      if (failed) throw new ApiError('rejected', `node ${nodeId} could not provision ${failed.type} "${failed.name}": ${failed.error ?? 'no reason given'}`);
      if (view.workloads.length > 0 && view.workloads.every((w) => w.state === 'ok')) return view;
      if (Date.now() > deadline) {
        throw new ApiError('unavailable', `node ${nodeId} did not finish the deployment within ${PROVISION_TIMEOUT_MS / 1000} s (${view.workloads.map((w) => `${w.name}: ${w.state}`).join(', ')}); the contract was cancelled: try again or pick another node`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async #get(peer: RmbPeer, nodeTwin: number, nodeId: number, contractId: number): Promise<DeploymentView> {
    const got = (await peer.call(nodeTwin, 'zos.deployment.get', { contract_id: contractId }, { timeoutMs: PING_TIMEOUT_MS }).catch((err: unknown) => {
      throw new ApiError('unavailable', `node ${nodeId} did not return deployment ${contractId}: ${nodeMessage(err)}`);
    })) as { workloads: ZosWorkload[] };
    const workloads = got.workloads.map((w) => ({
      name: w.name,
      type: w.type,
      state: w.result.state,
      ...(w.result.state === 'error' ? { error: w.result.error ?? w.result.message ?? '' } : {}),
    }));
    const vm = got.workloads.find((w) => w.type === 'zmachine' || w.type === 'zmachine-light');
    const data = (vm?.result.data ?? {}) as { ip?: string; console_url?: string };
    return { contractId, nodeId, workloads, ...(data.ip ? { vmIp: data.ip } : {}), ...(data.console_url ? { consoleUrl: data.console_url } : {}) };
  }

  async #peer(address: string, twinId: number): Promise<RmbPeer> {
    const relay = (await this.deps.grid.status()).endpoints?.relay;
    if (!relay) throw new ApiError('unavailable', 'the local grid has no relay running: restart the local grid');
    const known = this.#peers.get(twinId);
    if (known && known.relay === relay) return known.peer;
    this.#peers.delete(twinId);
    void known?.peer.then((p) => p.close()).catch(() => {});
    const peer = (async () => {
      const { cryptoWaitReady } = await import('@polkadot/util-crypto');
      await cryptoWaitReady();
      const p = new RmbPeer({ relayUrl: relay, identity: identityFromPair(twinId, await this.deps.vault.signer(address)) });
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), CONNECT_TIMEOUT_MS).unref());
      await Promise.race([p.start(), timeout]).catch(async () => {
        await p.close();
        throw new ApiError('unavailable', `cannot connect to the local relay at ${relay}: restart the local grid`);
      });
      return p;
    })();
    this.#peers.set(twinId, { relay, peer });
    peer.catch(() => this.#peers.delete(twinId));
    return peer;
  }
}

const tft = (raw: bigint) => (Number(raw) / 1e7).toFixed(3);
const gib = (bytes: number) => Math.max(0, Math.round((bytes / GIB) * 10) / 10);
/** The node's own words, without the RMB wrapping. */
const nodeMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));
