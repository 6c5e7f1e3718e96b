/**
 * A minimal JSON-RPC client over the local grid chain's WebSocket, and the time control built on it
 * (gridbox_time*, dev_newBlock): what `gridbox time` and the app's dashboard both use, so a jump reports its
 * progress the same way in a terminal and in a window. Errors carry a code the caller maps to its own (CLI, API).
 */
import WebSocket from 'ws';
import type { TimeJumpJson, TimeStatusJson } from '../chain/rpc/chain-api';

export type { TimeJumpJson, TimeStatusJson };

const CONNECT_TIMEOUT_MS = 10_000;
const SLOT_SECS = 6;
/** dev_newBlock's own bound. */
export const MAX_ADVANCE_BLOCKS = 10_000;
export const BLOCK_MODES = ['instant', 'interval', 'manual', 'batch'] as const;
export type BlockMode = (typeof BLOCK_MODES)[number];

export class ChainRpcError extends Error {
  override readonly name = 'ChainRpcError';
  /** unreachable: no answer at the URL; invalid_params: the chain refused the arguments; refused: any other refusal; closed: the connection went away. */
  constructor(message: string, readonly code: 'unreachable' | 'invalid_params' | 'refused' | 'closed') {
    super(message);
  }
}

interface RpcReply { id?: number; result?: unknown; error?: { code: number; message: string; data?: unknown }; method?: string; params?: { result?: unknown } }

export class ChainRpc {
  #next = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #notify = new Map<string, (result: unknown) => void>();

  private constructor(private readonly ws: WebSocket, url: string) {
    ws.on('message', (data) => this.#receive(String(data)));
    ws.on('close', () => {
      for (const p of this.#pending.values()) p.reject(new ChainRpcError(`the chain at ${url} closed the connection`, 'closed'));
      this.#pending.clear();
    });
  }

  static async connect(url: string): Promise<ChainRpc> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timeout')), CONNECT_TIMEOUT_MS);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    }).catch((error: unknown) => {
      ws.terminate();
      throw new ChainRpcError(`the grid's chain at ${url} does not answer (${(error as Error).message}); is the grid still starting?`, 'unreachable');
    });
    return new ChainRpc(ws, url);
  }

  /** Connects, does the work, and closes whatever happens. */
  static async with<T>(url: string, work: (rpc: ChainRpc) => Promise<T>): Promise<T> {
    const rpc = await ChainRpc.connect(url);
    try {
      return await work(rpc);
    } finally {
      rpc.close();
    }
  }

  #receive(text: string): void {
    let reply: RpcReply;
    try {
      reply = JSON.parse(text) as RpcReply;
    } catch {
      return;
    }
    if (reply.method && typeof reply.params === 'object') {
      const sub = (reply.params as { subscription?: string }).subscription;
      if (sub) this.#notify.get(sub)?.(reply.params.result);
      return;
    }
    const waiting = reply.id === undefined ? undefined : this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id!);
    if (reply.error) {
      const detail = reply.error.data === undefined ? '' : `: ${String(reply.error.data)}`;
      waiting.reject(new ChainRpcError(`the chain refused: ${reply.error.message}${detail}`, reply.error.code === -32602 ? 'invalid_params' : 'refused'));
    } else waiting.resolve(reply.result);
  }

  call<T>(method: string, params: unknown[] = []): Promise<T> {
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  /** chain_subscribeNewHeads, as block numbers. */
  async onHead(listener: (number: number) => void): Promise<void> {
    const id = await this.call<string>('chain_subscribeNewHeads');
    this.#notify.set(id, (header) => listener(Number.parseInt((header as { number: string }).number, 16)));
  }

  close(): void {
    this.ws.close();
  }

  timeStatus(): Promise<TimeStatusJson> {
    return this.call<TimeStatusJson>('gridbox_timeStatus');
  }

  timeMode(mode: BlockMode, blockTimeMs?: number): Promise<TimeStatusJson> {
    return this.call<TimeStatusJson>('gridbox_timeMode', blockTimeMs === undefined ? [mode] : [mode, blockTimeMs]);
  }

  /** Builds `count` blocks now (6 s of chain time each) and answers the status after them. */
  async advance(count: number): Promise<TimeStatusJson> {
    await this.call('dev_newBlock', [{ count }]);
    return this.timeStatus();
  }

  /**
   * Moves chain time forward by `secs` (whole 6 s slots, every block built); `onProgress(done, total)` at most
   * every `everyMs` as the blocks arrive, so a 25 h jump (15,000 blocks) shows it is moving.
   */
  async jump(secs: number, onProgress: (done: number, total: number) => void, everyMs = 1000): Promise<TimeJumpJson> {
    const { best } = await this.timeStatus();
    const total = Math.ceil(secs / SLOT_SECS);
    let last = 0;
    await this.onHead((number) => {
      const now = Date.now();
      if (now - last < everyMs) return;
      last = now;
      onProgress(Math.min(total, Math.max(0, number - best.number)), total);
    });
    const result = await this.call<TimeJumpJson>('gridbox_timeJump', [secs]);
    onProgress(total, total);
    return result;
  }
}
