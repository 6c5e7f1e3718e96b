import type { AccountInfo } from '../../../../src-main/api/contract';
import { api } from '../api/client';
import { connection } from './connection.svelte';

/** Development accounts last; otherwise the backend's order (creation order), so a new account doesn't jump around. */
function ordered(list: AccountInfo[]): AccountInfo[] {
  return [...list.filter((a) => !a.dev), ...list.filter((a) => a.dev)];
}

/** The account list: keys.list once, then every 'keys.changed' event (which carries the whole list). */
class AccountsStore {
  list = $state.raw<AccountInfo[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state.raw<unknown>(null);
  /** bumps whenever the list is replaced, so a slow keys.list answer cannot overwrite a newer event */
  #version = 0;
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.subscribe('keys.changed', {}, (list) => this.#set(list));
    connection.onReconnected(() => void this.reload());
    void this.reload();
  }

  async reload(): Promise<void> {
    const version = this.#version;
    this.loading = true;
    try {
      const list = await api.call('keys.list', {});
      if (version === this.#version) this.#set(list);
      this.error = null;
    } catch (err) {
      this.error = err;
    } finally {
      this.loading = false;
    }
  }

  /** Applies an account a call just returned, ahead of the 'keys.changed' event that will follow. */
  upsert(account: AccountInfo): void {
    const at = this.list.findIndex((a) => a.address === account.address);
    this.#set(at < 0 ? [...this.list, account] : this.list.map((a, i) => (i === at ? account : a)));
  }

  forget(address: string): void {
    this.#set(this.list.filter((a) => a.address !== address));
  }

  find(address: string): AccountInfo | undefined {
    return this.list.find((a) => a.address === address);
  }

  #set(list: AccountInfo[]): void {
    this.#version++;
    this.list = ordered(Array.isArray(list) ? list : []);
    this.loaded = true;
  }
}

export const accounts = new AccountsStore();
