import type { AppInfo } from '../../../../src-main/api/contract';
import { api } from '../api/client';
import { connection } from './connection.svelte';

class AppInfoStore {
  value = $state.raw<AppInfo | null>(null);
  error = $state.raw<unknown>(null);
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    // After a reconnect the backend may be a new process (an upgrade, another data directory).
    connection.onReconnected(() => void this.reload());
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      this.value = await api.call('app.info', {});
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }
}

export const appInfo = new AppInfoStore();
