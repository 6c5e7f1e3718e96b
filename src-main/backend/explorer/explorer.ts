/**
 * The explorer's backend: follows one chain (the local grid's while it runs) over @polkadot/api, decodes each new
 * block with the chain's metadata, keeps the most recent ones for the renderer, and fetches older ones on demand.
 * All decoding happens here, off the renderer, and new blocks reach it in batches so a fast chain (instant mode,
 * 100 blocks a second) cannot flood the UI.
 */
import type { ApiPromise } from '@polkadot/api';
import type { BlockDetail, BlockSummary, EventView, ExplorerState, ParamsOut, SearchHit } from '../../api/contract';
import { ApiError } from '../../api/errors';
import type { TopicBus } from '../events';
import { decodeBlock } from './decode';

/** Blocks kept decoded in memory (about 1–3 KB each on a busy local chain). */
const KEEP = 10_000;
const FLUSH_MS = 250;
const BATCH_MAX = 50;
/** A new head further ahead than this skips the blocks in between (they are fetched when scrolled to). */
const MAX_CATCH_UP = 200;

export interface ExplorerOptions {
  bus: TopicBus;
  logError?: (context: string, err: unknown) => void;
}

export class Explorer {
  #api: ApiPromise | undefined;
  #endpoint: string | null = null;
  #connected = false;
  #error: string | undefined;
  #head = -1;
  #processed = -1;
  #details = new Map<number, BlockDetail>();
  #pending: BlockSummary[] = [];
  #flushTimer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #work: Promise<void> = Promise.resolve();
  #generation = 0;

  constructor(private readonly options: ExplorerOptions) {}

  status(): ExplorerState {
    return {
      endpoint: this.#endpoint,
      connected: this.#connected,
      head: this.#head,
      ...(this.#error ? { error: this.#error } : {}),
    };
  }

  /** Follows another chain (null: none). Old blocks are forgotten: they belong to the other chain. */
  follow(endpoint: string | null): void {
    if (endpoint === this.#endpoint) return;
    this.#generation++;
    this.#disconnect();
    this.#endpoint = endpoint;
    this.#details.clear();
    this.#pending = [];
    this.#head = -1;
    this.#processed = -1;
    this.#error = undefined;
    this.#flush();
    if (endpoint) void this.#connect(endpoint, this.#generation);
  }

  async blocks(params: ParamsOut<'explorer.blocks'>): Promise<BlockSummary[]> {
    const api = this.#requireApi();
    const top = Math.min(params.before ?? this.#head + 1, this.#head + 1) - 1;
    const numbers: number[] = [];
    for (let n = top; n >= 0 && numbers.length < params.limit; n--) numbers.push(n);
    const details = await Promise.all(numbers.map((n) => this.#detail(api, n)));
    return details.map((d) => d.block);
  }

  async block(id: number | string): Promise<BlockDetail> {
    const api = this.#requireApi();
    if (typeof id === 'number') {
      if (id > this.#head) throw new ApiError('not_found', `block ${id} does not exist yet (the head is ${this.#head})`);
      return this.#detail(api, id);
    }
    const header = await api.rpc.chain.getHeader(id).catch(() => null);
    if (!header) throw new ApiError('not_found', `no block with hash ${id} on this chain`);
    return this.#detail(api, header.number.toNumber());
  }

  events(params: ParamsOut<'explorer.events'>): EventView[] {
    const section = params.section?.toLowerCase();
    const out: EventView[] = [];
    const numbers = [...this.#details.keys()].sort((a, b) => b - a);
    for (const n of numbers) {
      const events = this.#details.get(n)!.events;
      for (let i = events.length - 1; i >= 0; i--) {
        const e = events[i]!;
        if (section && e.section.toLowerCase() !== section) continue;
        if (params.account && !e.accounts.includes(params.account)) continue;
        if (params.twin !== undefined && !e.twins.includes(params.twin)) continue;
        out.push(e);
        if (out.length >= params.limit) return out;
      }
    }
    return out;
  }

  async search(query: string): Promise<SearchHit> {
    const api = this.#requireApi();
    const q = query.trim();
    if (/^\d+$/.test(q)) {
      const n = Number(q);
      if (n > this.#head) throw new ApiError('not_found', `block ${n} does not exist yet (the head is ${this.#head})`);
      return { kind: 'block', block: n };
    }
    if (/^0x[0-9a-fA-F]{64}$/.test(q)) return { kind: 'block', block: (await this.block(q)).block.number };
    const entity = /^(twin|farm|node|contract)\s*#?\s*(\d{1,10})$/i.exec(q);
    if (entity) {
      const kind = entity[1]!.toLowerCase() as 'twin' | 'farm' | 'node' | 'contract';
      const id = Number(entity[2]);
      const query = {
        twin: () => api.query.tfgridModule!.twins!(id),
        farm: () => api.query.tfgridModule!.farms!(id),
        node: () => api.query.tfgridModule!.nodes!(id),
        contract: () => api.query.smartContractModule!.contracts!(id),
      }[kind];
      const value = await query();
      const json = value.toHuman();
      return { kind, id, found: !value.isEmpty, data: JSON.stringify(json) };
    }
    const { decodeAddress } = await import('@polkadot/util-crypto');
    try {
      decodeAddress(q);
      return { kind: 'account', address: q };
    } catch {
      throw new ApiError('invalid_params', 'type a block number or hash, an address, or twin, farm, node or contract followed by its id');
    }
  }

  async dispose(): Promise<void> {
    this.#generation++;
    this.#disconnect();
  }

  #requireApi(): ApiPromise {
    if (!this.#api || !this.#connected) {
      throw new ApiError('unavailable', this.#endpoint ? `not connected to ${this.#endpoint} yet` : 'no chain to explore: start the local grid first');
    }
    return this.#api;
  }

  async #connect(endpoint: string, generation: number): Promise<void> {
    try {
      const { ApiPromise, WsProvider } = await import('@polkadot/api');
      const provider = new WsProvider(endpoint, 1000, {}, 10_000);
      const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
      if (generation !== this.#generation) {
        await api.disconnect();
        return;
      }
      this.#api = api;
      this.#connected = true;
      api.on('disconnected', () => {
        this.#connected = false;
        this.#flush();
      });
      api.on('connected', () => {
        this.#connected = true;
        this.#flush();
      });
      const unsubscribe = await api.rpc.chain.subscribeNewHeads((header) => {
        const n = header.number.toNumber();
        if (n > this.#head) this.#head = n;
        this.#work = this.#work.then(() => this.#catchUp(api, generation)).catch((err: unknown) => this.options.logError?.('explorer', err));
      });
      this.#unsubscribe = () => unsubscribe();
    } catch (err) {
      if (generation !== this.#generation) return;
      this.#error = `cannot reach ${endpoint}: ${err instanceof Error ? err.message : String(err)}`;
      this.#flush();
    }
  }

  /**
   * Decodes the blocks between the last one processed and the head, oldest first. When the chain runs ahead (a time
   * jump builds thousands of blocks in seconds) it skips to the newest MAX_CATCH_UP: older blocks are still fetched
   * on demand when listed or opened, but their events are not in the followed window.
   */
  async #catchUp(api: ApiPromise, generation: number): Promise<void> {
    for (let n = this.#processed + 1; n <= this.#head && generation === this.#generation; n++) {
      n = Math.max(n, this.#head - MAX_CATCH_UP + 1, 0);
      const detail = await this.#detail(api, n);
      this.#processed = n;
      this.#pending.push(detail.block);
      this.#scheduleFlush();
    }
  }

  async #detail(api: ApiPromise, n: number): Promise<BlockDetail> {
    const cached = this.#details.get(n);
    if (cached) return cached;
    const hash = await api.rpc.chain.getBlockHash(n);
    const [signed, records] = await Promise.all([api.rpc.chain.getBlock(hash), api.query.system!.events!.at(hash)]);
    const detail = decodeBlock(api, signed, records as never);
    this.#details.set(n, detail);
    // Evicted in insertion order: the oldest followed block, or an old one fetched once while scrolling.
    if (this.#details.size > KEEP) this.#details.delete(this.#details.keys().next().value!);
    return detail;
  }

  #scheduleFlush(): void {
    this.#flushTimer ??= setTimeout(() => {
      this.#flushTimer = undefined;
      this.#flush();
    }, FLUSH_MS);
  }

  #flush(): void {
    const blocks = this.#pending.slice(-BATCH_MAX).reverse();
    this.#pending = [];
    this.options.bus.emit('explorer.changed', { state: this.status(), blocks });
  }

  #disconnect(): void {
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const api = this.#api;
    this.#api = undefined;
    this.#connected = false;
    void api?.disconnect().catch(() => {});
  }
}
