import type { Settings } from '../../../../src-main/api/contract';
import { api } from '../api/client';
import { connection } from './connection.svelte';

/** Preferences: settings.get once, then 'settings.changed' (another window may change them too). */
class SettingsStore {
  value = $state.raw<Settings | null>(null);
  error = $state.raw<unknown>(null);
  #started = false;
  #pending = 0;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.subscribe('settings.changed', {}, (s) => {
      if (this.#pending === 0) this.value = s;
    });
    connection.onReconnected(() => void this.reload());
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      this.value = await api.call('settings.get', {});
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  /** Applies the change at once (the theme switches without a round trip) and rolls back if the backend refuses. */
  async update(patch: Partial<Settings>): Promise<Settings> {
    const before = this.value;
    if (before) this.value = { ...before, ...patch };
    this.#pending++;
    try {
      const saved = await api.call('settings.update', patch);
      this.value = saved;
      return saved;
    } catch (err) {
      this.value = before;
      throw err;
    } finally {
      this.#pending--;
    }
  }
}

export const settings = new SettingsStore();
