import type { ChainTimeView, GridEngines, WorkspacesView } from '../../../../src-main/api/contract';
import { api } from '../api/client';
import { connection } from './connection.svelte';

/** The workspaces and the open one's snapshots: workspaces.list once, then every 'workspaces.changed'. */
class WorkspacesStore {
  value = $state.raw<WorkspacesView | null>(null);
  error = $state.raw<unknown>(null);
  engines = $state.raw<GridEngines | null>(null);
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.subscribe('workspaces.changed', {}, (view) => (this.value = view));
    connection.onReconnected(() => void this.reload());
    void this.reload();
    void api.call('grid.engines', {}).then((e) => (this.engines = e), () => (this.engines = { docker: { available: false, reason: 'could not ask the backend' } }));
  }

  async reload(): Promise<void> {
    try {
      this.value = await api.call('workspaces.list', {});
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  /** A call that answers the new view. */
  async apply(work: Promise<WorkspacesView>): Promise<WorkspacesView> {
    const view = await work;
    this.value = view;
    return view;
  }
}

export const workspaces = new WorkspacesStore();

/** Chain time of the running grid: polled while the dashboard shows it, and pushed during a jump. */
class ChainTimeStore {
  value = $state.raw<ChainTimeView | null>(null);
  #subscribed = false;

  /** Follows chain time until the returned function is called (the page unmounts or the grid stops). */
  follow(everyMs = 2000): () => void {
    if (!this.#subscribed) {
      this.#subscribed = true;
      api.subscribe('time.changed', {}, (view) => (this.value = view));
    }
    const poll = () => void api.call('time.status', {}).then((v) => (this.value = v), () => {});
    poll();
    const timer = setInterval(poll, everyMs);
    return () => clearInterval(timer);
  }
}

export const chainTime = new ChainTimeStore();
