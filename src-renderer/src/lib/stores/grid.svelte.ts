import type { GridNodeAction, GridView, ParamsIn } from '../../../../src-main/api/contract';
import { api } from '../api/client';
import { connection } from './connection.svelte';

/** The local grid: grid.status once, then every 'grid.changed' (the backend pushes progress and node status). */
class GridStore {
  value = $state.raw<GridView | null>(null);
  error = $state.raw<unknown>(null);
  /** node names with an action in flight */
  busyNodes = $state.raw<ReadonlySet<string>>(new Set());
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.subscribe('grid.changed', {}, (view) => (this.value = view));
    connection.onReconnected(() => void this.reload());
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      this.value = await api.call('grid.status', {});
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  async startGrid(params: ParamsIn<'grid.start'>): Promise<GridView> {
    const view = await api.call('grid.start', params);
    this.value = view;
    return view;
  }

  async stopGrid(): Promise<GridView> {
    const view = await api.call('grid.stop', {});
    this.value = view;
    return view;
  }

  async nodeAction(name: string, action: GridNodeAction): Promise<void> {
    this.busyNodes = new Set([...this.busyNodes, name]);
    try {
      const node = await api.call('grid.node', { name, action });
      if (this.value) this.value = { ...this.value, nodes: this.value.nodes.map((n) => (n.name === name ? node : n)) };
    } finally {
      this.busyNodes = new Set([...this.busyNodes].filter((n) => n !== name));
    }
  }
}

export const grid = new GridStore();
