/**
 * The farmer's flows on any network (docs: src-main/api/domains/farmer.ts): reads and writes go to the network's
 * chain over one reused connection per endpoint, writes are signed by the vault, and mainnet writes need an explicit
 * confirmation. The local grid also boots simulated nodes with the farmer's hardware through its node host.
 */
import { createHash } from 'node:crypto';
import type { ApiPromise } from '@polkadot/api';
import type { BootImage, FarmerStatus, FarmNodeView, FarmView, FundResult, HardwareReport, NetworkProfile, NodeReport, ParamsOut, PreflightCheck } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { ChainConnections } from '../chain/connections';
import { NetworkChains } from '../chain/network-chain';
import type { LocalGrid } from '../grid/local-grid';
import type { KeyVault } from '../keys/vault';
import type { NetworkProfiles } from '../networks/networks';
import { bootImageFor } from './boot-image';
import { bootSimulatedNode } from './boot-node';
import { chainNowMs, farmingPolicy, farmsOfTwin, farmView, freeBalance, nodeFacts, nodeIdsOfFarm, termsAccepted, tftPriceMusd, twinOf, type LastReport } from './chain-views';
import { farmNameProblem, publicIpsProblems } from '../../api/rules/farm-rules';
import { NO_FAUCET, howToGetTft, requestActivation } from './funding';
import { detectHardware } from './hardware';
import { cloudUnits, explain, mintingPeriod, monthlyEstimate, uptimeStanding, type UptimeReport } from './minting';
import { preflight } from './preflight';
import { checkStellarAddress } from '../../api/rules/strkey';
import { uptimeReports } from './uptime-history';

export interface FarmerFlowsOptions {
  vault: KeyVault;
  grid: LocalGrid;
  networks: NetworkProfiles;
  /** the backend's chain connections, shared with the local chain flows */
  connections: ChainConnections;
}

/** The T&C document grid_client accepts (tfchain.md §3.1.1); its hash is the md5 of the document when reachable. */
const TERMS_LINK = 'https://library.threefold.me/info/legal/#/';
const TERMS_FETCH_MS = 3000;
const FUNDS_WAIT_MS = 30_000;
/** How far back to look for a node's last uptime report when only its status is wanted. */
const STATUS_HISTORY_SECS = 24 * 3600;

export class FarmerFlows {
  readonly #chains: NetworkChains;

  constructor(readonly options: FarmerFlowsOptions) {
    this.#chains = new NetworkChains(options);
  }

  async status(p: ParamsOut<'farmer.status'>): Promise<FarmerStatus> {
    const profile = this.#chains.profile(p.network);
    const api = await this.#chains.api(profile);
    const [balance, accepted, twin, nowMs] = await Promise.all([freeBalance(api, p.address), termsAccepted(api, p.address), twinOf(api, p.address), chainNowMs(api)]);
    const farms = await farmsOfTwin(api, twin.id);
    const nodeIds = (await Promise.all(farms.map((f) => nodeIdsOfFarm(api, f.id)))).flat();
    const nodes = await Promise.all(nodeIds.map(async (id) => (await nodeFacts(api, id, await this.#lastReport(profile, id, nowMs), nowMs))?.view));
    return {
      network: profile.id,
      address: p.address,
      balance: balance.toString(),
      termsAccepted: accepted,
      twinId: twin.id,
      ...(twin.relay ? { relay: twin.relay } : {}),
      farms,
      nodes: nodes.filter((n): n is FarmNodeView => n !== undefined),
    };
  }

  async fund(p: ParamsOut<'farmer.fund'>): Promise<FundResult> {
    const profile = this.#chains.profile(p.network);
    const activation = profile.endpoints.activation;
    if (NO_FAUCET.has(profile.id) || !activation) {
      const api = await this.#chains.api(profile);
      return { funded: false, balance: (await freeBalance(api, p.address)).toString(), howToGetTft: howToGetTft(profile, p.address) };
    }
    const api = await this.#chains.api(profile);
    const before = await freeBalance(api, p.address);
    await requestActivation(activation, p.address, profile.label);
    // The service tops up empty or nearly empty accounts only; one that already has funds may see no change.
    const deadline = Date.now() + (before > 0n ? 6000 : FUNDS_WAIT_MS);
    let balance = before;
    while (balance <= before && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      balance = await freeBalance(api, p.address);
    }
    if (balance <= before && before === 0n) {
      throw new ApiError('unavailable', `the ${profile.label} activation service accepted the request but no TFT arrived within ${FUNDS_WAIT_MS / 1000} s: try again`);
    }
    return { funded: balance > before, balance: balance.toString() };
  }

  async acceptTerms(p: ParamsOut<'farmer.acceptTerms'>): Promise<FarmerStatus> {
    const profile = this.#chains.writable(p.network, p.confirmMainnet);
    await this.#ensureTerms(profile, p.address);
    return this.status(p);
  }

  async createTwin(p: ParamsOut<'farmer.createTwin'>): Promise<FarmerStatus> {
    const profile = this.#chains.writable(p.network, p.confirmMainnet);
    const api = await this.#chains.api(profile);
    await this.options.vault.signer(p.address);
    if ((await twinOf(api, p.address)).id === 0) {
      const relay = relayHost(profile);
      const pk = await this.options.vault.rmbPublicKey(p.address);
      await this.#ensureTerms(profile, p.address);
      await this.#chains.submit(profile, p.address, (a) => a.tx.tfgridModule!.createTwin!(relay, pk));
    }
    return this.status(p);
  }

  async createFarm(p: ParamsOut<'farmer.createFarm'>): Promise<FarmView> {
    const profile = this.#chains.writable(p.network, p.confirmMainnet);
    const problems = [
      farmNameProblem(p.name),
      ...publicIpsProblems(p.publicIps),
      ...(p.stellarAddress ? [stellarProblem(p.stellarAddress)] : []),
    ].filter((x): x is string => x !== null);
    if (problems.length > 0) throw new ApiError('invalid_params', problems.join('; '));
    const api = await this.#chains.api(profile);
    await this.options.vault.signer(p.address);
    if ((await twinOf(api, p.address)).id === 0) throw new ApiError('not_found', `this account has no twin on ${profile.label} yet: create the twin first`);
    const existing = Number(((await api.query.tfgridModule!.farmIdByName!(p.name)) as unknown as { toString(): string }).toString());
    if (existing) throw new ApiError('already_exists', `a farm named "${p.name}" already exists on ${profile.label} (farm ${existing}): choose another name`);
    const included = await this.#chains.submit(profile, p.address, (a) => a.tx.tfgridModule!.createFarm!(p.name, p.publicIps.map((ip) => ({ ip: ip.ip, gw: ip.gateway }))));
    const stored = included.events.find((e) => e.event.section === 'tfgridModule' && e.event.method === 'FarmStored');
    const farmId = Number((stored?.event.data[0]?.toPrimitive() as { id?: number } | undefined)?.id ?? 0);
    if (!farmId) throw new ApiError('internal', 'the chain accepted the farm but reported no FarmStored event');
    if (p.stellarAddress) await this.#chains.submit(profile, p.address, (a) => a.tx.tfgridModule!.addStellarPayoutV2address!(farmId, p.stellarAddress));
    return this.#farm(api, profile, farmId);
  }

  async setPayout(p: ParamsOut<'farmer.setPayout'>): Promise<FarmView> {
    const profile = this.#chains.writable(p.network, p.confirmMainnet);
    const problem = stellarProblem(p.stellarAddress);
    if (problem) throw new ApiError('invalid_params', problem);
    const api = await this.#chains.api(profile);
    await this.#ownFarm(api, profile, p.address, p.farmId);
    await this.#chains.submit(profile, p.address, (a) => a.tx.tfgridModule!.addStellarPayoutV2address!(p.farmId, p.stellarAddress.trim()));
    return this.#farm(api, profile, p.farmId);
  }

  detectHardware(): Promise<HardwareReport> {
    return detectHardware();
  }

  preflight(hardware: ParamsOut<'farmer.preflight'>['hardware']): Promise<PreflightCheck[]> {
    return Promise.resolve(preflight(hardware));
  }

  async bootNode(p: ParamsOut<'farmer.bootNode'>): Promise<FarmNodeView> {
    const profile = this.#chains.profile('local');
    const control = this.options.grid.controlClient();
    if (!profile.endpoints.substrate) throw new ApiError('unavailable', 'the local grid is not running: start it on the Local grid page first');
    if (!control) throw new ApiError('unavailable', 'the local grid runs without a node host (it was started with 0 nodes): stop it and start it with at least one node');
    const api = await this.#chains.api(profile);
    await this.#ownFarm(api, profile, p.address, p.farmId);
    const { name, nodeId, profile: hardware } = await bootSimulatedNode({ control, api, farmId: p.farmId, hardware: p.hardware });
    // In workspace.json, so stopping and starting the grid brings the node back with the same identity and node id.
    await this.options.grid.recordFarmerNode({ name, hardware, farmId: p.farmId });
    // The first uptime report reaches the indexer a moment after the node counts as online.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const nowMs = await chainNowMs(api);
      const last = await this.#lastReport(profile, nodeId, nowMs);
      if (last || Date.now() > deadline) {
        const facts = await nodeFacts(api, nodeId, last, nowMs);
        if (!facts) throw new ApiError('internal', `node ${nodeId} registered but is not on chain`);
        return facts.view;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async node(p: ParamsOut<'farmer.node'>): Promise<NodeReport> {
    const profile = this.#chains.profile(p.network);
    const api = await this.#chains.api(profile);
    const nowMs = await chainNowMs(api);
    const nowSecs = Math.floor(nowMs / 1000);
    const period = mintingPeriod(nowSecs);
    let reports: UptimeReport[] = [];
    let historyProblem: string | undefined;
    try {
      reports = await this.#reports(profile, p.nodeId, period.start);
    } catch (err) {
      historyProblem = err instanceof Error ? err.message : String(err);
    }
    const last = reports.at(-1) ?? null;
    const facts = await nodeFacts(api, p.nodeId, last, nowMs);
    if (!facts) throw new ApiError('not_found', `node ${p.nodeId} does not exist on ${profile.label}`);
    const { view } = facts;
    const policy = await farmingPolicy(api, view.farmingPolicyId);
    const standing = uptimeStanding({ reports, nowSecs, createdSecs: facts.createdSecs, certified: view.certification === 'Certified' });
    const units = cloudUnits(view.resources);
    const estimate = monthlyEstimate({
      ...units,
      policy,
      uptimePercent: standing.uptimePercent,
      meetsRule: standing.onTrack && !facts.virtualized,
      tftPriceMusd: await tftPriceMusd(api),
    });
    const online = view.status === 'up';
    const explanation = explain({ online, lastReportSecs: last?.timestamp ?? 0, nowSecs, standing, periodEnd: period.end, policyName: policy.name, ...units, ...estimate, virtualized: facts.virtualized });
    if (historyProblem) explanation.unshift(`The uptime history could not be read from ${profile.label}'s GraphQL (${historyProblem}), so the uptime figures count no reports.`);
    return {
      node: view,
      online,
      period: { start: period.start * 1000, end: period.end * 1000 },
      uptimePercent: standing.uptimePercent,
      requiredPercent: standing.requiredPercent,
      onTrack: standing.onTrack,
      farmingPolicy: { id: policy.id, name: policy.name, cu: policy.cu, su: policy.su, nu: policy.nu, ipv4: policy.ipv4, certification: policy.nodeCertification },
      estimate: { ...units, ...estimate },
      explanation,
    };
  }

  async bootImage(p: ParamsOut<'farmer.bootImage'>): Promise<BootImage> {
    const profile = this.#chains.profile(p.network);
    const api = await this.#chains.api(profile);
    await this.#farm(api, profile, p.farmId);
    return bootImageFor(profile, p.farmId);
  }

  async #ensureTerms(profile: NetworkProfile, address: string): Promise<void> {
    const api = await this.#chains.api(profile);
    await this.options.vault.signer(address);
    if (await termsAccepted(api, address)) return;
    const hash = await termsHash(profile);
    await this.#chains.submit(profile, address, (a) => a.tx.tfgridModule!.userAcceptTc!(TERMS_LINK, hash));
  }

  async #farm(api: ApiPromise, profile: NetworkProfile, farmId: number): Promise<FarmView> {
    const farm = await farmView(api, farmId);
    if (!farm) throw new ApiError('not_found', `farm ${farmId} does not exist on ${profile.label} (${profile.endpoints.substrate}): check the farm id, or create the farm on this network first`);
    return farm;
  }

  async #ownFarm(api: ApiPromise, profile: NetworkProfile, address: string, farmId: number): Promise<FarmView> {
    const [farm, twin] = await Promise.all([this.#farm(api, profile, farmId), twinOf(api, address)]);
    if (!twin.id || farm.twinId !== twin.id) {
      throw new ApiError('forbidden', `farm ${farmId} on ${profile.label} belongs to twin ${farm.twinId}, not to this account${twin.id ? ` (twin ${twin.id})` : ''}`);
    }
    return farm;
  }

  #reports(profile: NetworkProfile, nodeId: number, sinceSecs: number): Promise<UptimeReport[]> {
    const graphql = profile.endpoints.graphql;
    if (!graphql) return Promise.reject(new Error('no GraphQL endpoint is set'));
    return uptimeReports(graphql, nodeId, sinceSecs);
  }

  async #lastReport(profile: NetworkProfile, nodeId: number, nowMs: number): Promise<LastReport | null> {
    try {
      return (await this.#reports(profile, nodeId, nowMs / 1000 - STATUS_HISTORY_SECS)).at(-1) ?? null;
    } catch {
      return null;
    }
  }
}

function stellarProblem(address: string): string | null {
  const check = checkStellarAddress(address);
  return check.ok ? null : `payout address: ${check.reason}`;
}

/** The relay host the twin announces: the network's relay URL without scheme, port or path (the chain's rule). */
function relayHost(profile: NetworkProfile): string {
  const url = profile.endpoints.relay;
  if (!url) throw new ApiError('unavailable', `${profile.label} has no relay endpoint: set it in Settings → Networks`);
  return new URL(url).hostname;
}

/** md5 of the T&C document as grid_client computes it; a fixed value offline and on the local grid. */
async function termsHash(profile: NetworkProfile): Promise<string> {
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  if (profile.id === 'local') return md5(TERMS_LINK);
  try {
    const response = await fetch(TERMS_LINK, { signal: AbortSignal.timeout(TERMS_FETCH_MS) });
    if (response.ok) return md5(await response.text());
  } catch {
    // Offline: the chain only checks the hash's characters.
  }
  return md5(TERMS_LINK);
}
