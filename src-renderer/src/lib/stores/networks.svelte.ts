import type { NetworkId, NetworkProfile, ParamsIn } from '../../../../src-main/api/contract';
import { api } from '../api/client';
import { connection } from './connection.svelte';

/**
 * The network profiles and the one the app works against: networks.list once, then every 'networks.changed' (edits,
 * the local grid starting or stopping, another window selecting a network). Pages read `active` from here.
 */
class NetworksStore {
  list = $state.raw<NetworkProfile[]>([]);
  error = $state.raw<unknown>(null);
  #started = false;

  /** The network the app works against; `local` until the list arrived. */
  active = $derived<NetworkProfile | undefined>(this.list.find((n) => n.active) ?? this.list.find((n) => n.id === 'local'));

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.subscribe('networks.changed', {}, (list) => (this.list = list));
    connection.onReconnected(() => void this.reload());
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      this.list = await api.call('networks.list', {});
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  get(id: NetworkId): NetworkProfile | undefined {
    return this.list.find((n) => n.id === id);
  }

  async select(id: NetworkId): Promise<void> {
    this.list = await api.call('networks.select', { id });
  }

  async update(params: ParamsIn<'networks.update'>): Promise<NetworkProfile> {
    return this.#replace(await api.call('networks.update', params));
  }

  async reset(id: NetworkId): Promise<NetworkProfile> {
    return this.#replace(await api.call('networks.reset', { id }));
  }

  #replace(profile: NetworkProfile): NetworkProfile {
    this.list = this.list.map((n) => (n.id === profile.id ? profile : n));
    return profile;
  }
}

export const networks = new NetworksStore();
