import type {
  FarmerStatus,
  HardwareInput,
  NetworkId,
  NetworkProfile,
  NodeReport,
  ParamsIn,
} from '../../../../src-main/api/contract';
import { api } from '../../lib/api/client';
import { accounts } from '../../lib/stores/accounts.svelte';
import { fromProfile, type HardwareForm } from './hardware';
import { firstOpenStep, reachable, type StepId, type WizardFacts } from './steps';

interface PendingConfirmation {
  /** what the user is about to do, in words */
  action: string;
  /** typing any of these confirms */
  accepts: string[];
  resolve: (ok: boolean) => void;
}

/**
 * The wizard's state: the network and account it works on, what the chain shows for them, and the choices made on
 * the way (farm, hardware). Steps read it and call its actions; which step shows follows from it (steps.ts).
 */
class FarmWizard {
  network = $state<NetworkId>('local');
  networkConfirmed = $state(false);
  profiles = $state.raw<NetworkProfile[]>([]);
  address = $state('');
  status = $state.raw<FarmerStatus | null>(null);
  statusError = $state.raw<unknown>(null);
  loading = $state(false);
  farmId = $state<number | undefined>(undefined);
  hardware = $state.raw<HardwareInput | null>(null);
  /** the hardware step's form, kept while the user visits other pages */
  hardwareForm = $state<HardwareForm>(fromProfile(null));
  hardwareConfirmed = $state(false);
  nodeId = $state<number | undefined>(undefined);
  nodeOnline = $state(false);
  nodeReport = $state.raw<NodeReport | null>(null);
  /** the step on screen; null: wherever the facts say */
  chosen = $state<StepId | null>(null);
  confirming = $state.raw<PendingConfirmation | null>(null);
  #started = false;
  #statusVersion = 0;

  readonly profile = $derived(this.profiles.find((p) => p.id === this.network));
  readonly account = $derived(accounts.find(this.address));
  readonly facts: WizardFacts = $derived({
    network: this.network,
    networkConfirmed: this.networkConfirmed,
    account: this.account ? { address: this.account.address, canSign: this.account.dev || !this.account.locked } : undefined,
    status: this.status ?? undefined,
    farmId: this.farmId,
    hardwareConfirmed: this.hardwareConfirmed,
    nodeOnline: this.nodeOnline,
  });
  readonly current: StepId = $derived(
    this.chosen && reachable(this.facts, this.chosen) ? this.chosen : firstOpenStep(this.facts),
  );
  readonly farm = $derived(this.status?.farms.find((f) => f.id === this.farmId));

  start(): void {
    if (this.#started) return;
    this.#started = true;
    accounts.start();
    api.subscribe('networks.changed', {}, (list) => (this.profiles = list));
    void this.#loadProfiles();
  }

  async #loadProfiles(): Promise<void> {
    try {
      this.profiles = await api.call('networks.list', {});
    } catch (err) {
      this.statusError = err;
      return;
    }
    // Resume: an account already chosen for the local grid means the farmer was here before.
    const saved = this.profile?.account;
    if (saved) {
      this.address = saved;
      this.networkConfirmed = true;
      await this.refresh();
    }
  }

  /** Re-reads what the chain shows for the network and account; picks the farm when there is one. */
  async refresh(): Promise<void> {
    if (!this.address) return;
    const version = ++this.#statusVersion;
    this.loading = true;
    try {
      const status = await api.call('farmer.status', { network: this.network, address: this.address });
      if (version !== this.#statusVersion) return;
      this.status = status;
      this.statusError = null;
      if (!status.farms.some((f) => f.id === this.farmId)) this.farmId = status.farms[0]?.id;
      const node = status.nodes.find((n) => n.farmId === this.farmId);
      if (node && !this.nodeId) this.nodeId = node.nodeId;
    } catch (err) {
      if (version === this.#statusVersion) {
        this.status = null;
        this.statusError = err;
      }
    } finally {
      if (version === this.#statusVersion) this.loading = false;
    }
  }

  async chooseNetwork(id: NetworkId): Promise<void> {
    if (id !== this.network) {
      this.network = id;
      this.status = null;
      this.farmId = undefined;
      this.nodeId = undefined;
      this.nodeOnline = false;
      this.nodeReport = null;
      const saved = this.profile?.account;
      const keep = this.account && !(id !== 'local' && this.account.dev);
      this.address = saved ?? (keep ? this.address : '');
    }
    this.networkConfirmed = true;
    this.chosen = null;
    await this.refresh();
  }

  async chooseAccount(address: string): Promise<void> {
    this.address = address;
    this.status = null;
    this.farmId = undefined;
    this.nodeId = undefined;
    this.nodeOnline = false;
    this.nodeReport = null;
    await api.call('networks.update', { id: this.network, account: address });
    await this.refresh();
  }

  open(id: StepId): void {
    this.chosen = id;
  }

  /** After a step's work: on to the first step not done (steps already done are skipped). */
  advance(): void {
    this.chosen = null;
  }

  /**
   * Runs a write on the current network. On mainnet it first asks the user to type the farm name or "mainnet", then
   * sends `confirmMainnet: true`; resolves to null when the user backs out.
   */
  async write<T>(action: string, call: (confirm: { confirmMainnet?: boolean }) => Promise<T>, farmName?: string): Promise<T | null> {
    if (this.profile?.mainnet) {
      const ok = await new Promise<boolean>((resolve) => {
        this.confirming = { action, accepts: ['mainnet', ...(farmName ? [farmName] : [])], resolve };
      });
      this.confirming = null;
      if (!ok) return null;
      return call({ confirmMainnet: true });
    }
    return call({});
  }

  onNetwork<T extends object>(params: T): T & { network: NetworkId; address: string } {
    return { ...params, network: this.network, address: this.address };
  }

  setHardware(hardware: ParamsIn<'farmer.preflight'>['hardware'], confirmed: boolean): void {
    this.hardware = hardware;
    this.hardwareConfirmed = confirmed;
  }
}

export const wizard = new FarmWizard();
