import type { BlockSummary, ExplorerState } from '../../../../src-main/api/contract';
import { api } from '../api/client';
import { connection } from './connection.svelte';

const PAGE = 50;
/** Summaries kept for the list; older ones are fetched again when scrolled back to. */
const KEEP = 20_000;

/**
 * The explorer's block list: the head and a cache of block summaries by number, filled by pushed updates (new
 * blocks) and by pages fetched as the virtual list scrolls. `version` changes whenever the cache does, so rows
 * re-render without the whole cache being reactive.
 */
class ExplorerStore {
  state = $state.raw<ExplorerState | null>(null);
  error = $state.raw<unknown>(null);
  version = $state(0);
  #blocks = new Map<number, BlockSummary>();
  #loading = new Set<number>();
  #started = false;

  start(): void {
    if (this.#started) return;
    this.#started = true;
    api.subscribe('explorer.changed', {}, (update) => {
      if (update.state.endpoint !== this.state?.endpoint) this.#blocks.clear();
      this.state = update.state;
      for (const b of update.blocks) this.#blocks.set(b.number, b);
      this.#trim();
      this.version++;
    });
    connection.onReconnected(() => void this.reload());
    void this.reload();
  }

  async reload(): Promise<void> {
    try {
      this.state = await api.call('explorer.status', {});
      this.error = null;
    } catch (err) {
      this.error = err;
    }
  }

  get(number: number): BlockSummary | undefined {
    return this.#blocks.get(number);
  }

  /** Makes sure the blocks from `top` down (a page) are loaded; called by the list for what it shows. */
  ensure(top: number): void {
    const pageTop = Math.floor(top / PAGE) * PAGE + PAGE - 1;
    if (pageTop < 0 || this.#loading.has(pageTop)) return;
    let missing = false;
    for (let n = Math.min(pageTop, this.state?.head ?? -1); n > pageTop - PAGE && n >= 0; n--) {
      if (!this.#blocks.has(n)) {
        missing = true;
        break;
      }
    }
    if (!missing) return;
    this.#loading.add(pageTop);
    api
      .call('explorer.blocks', { before: pageTop + 1, limit: PAGE })
      .then((blocks) => {
        for (const b of blocks) this.#blocks.set(b.number, b);
        this.#trim();
        this.version++;
      })
      .catch((err: unknown) => (this.error = err))
      .finally(() => this.#loading.delete(pageTop));
  }

  #trim(): void {
    if (this.#blocks.size <= KEEP) return;
    const excess = this.#blocks.size - KEEP;
    let i = 0;
    for (const key of this.#blocks.keys()) {
      if (i++ >= excess) break;
      this.#blocks.delete(key);
    }
  }
}

export const explorer = new ExplorerStore();
