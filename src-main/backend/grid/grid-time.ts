/**
 * Time control of the running local grid from the app, over the chain's JSON-RPC (simulator/grid/chain-rpc.ts, as
 * `gridbox time`): block mode, advance N blocks, jump hours or days with progress pushed as 'time.changed'.
 */
import type { ChainTimeView, ParamsOut, TimeJumpView } from '../../api/contract';
import { ApiError } from '../../api/errors';
import { ChainRpc, ChainRpcError, type TimeStatusJson } from '../../../simulator/grid/chain-rpc';
import type { TopicBus } from '../events';
import type { LocalGrid } from './local-grid';

export class GridTime {
  #jump: ChainTimeView['jump'] = null;

  constructor(private readonly options: { grid: LocalGrid; bus: TopicBus }) {}

  status(): Promise<ChainTimeView> {
    return this.#with((rpc) => rpc.timeStatus());
  }

  mode(params: ParamsOut<'time.mode'>): Promise<ChainTimeView> {
    return this.#with((rpc) => rpc.timeMode(params.mode, params.blockTimeMs), true);
  }

  advance(blocks: number): Promise<ChainTimeView> {
    this.#refuseDuringJump();
    return this.#with((rpc) => rpc.advance(blocks), true);
  }

  async jump(seconds: number): Promise<TimeJumpView> {
    this.#refuseDuringJump();
    this.#jump = { seconds, done: 0, total: Math.ceil(seconds / 6) };
    try {
      let last: TimeStatusJson | undefined;
      const result = await this.#call(async (rpc) => {
        last = await rpc.timeStatus();
        this.#emit(last);
        const jumped = await rpc.jump(seconds, (done, total) => {
          this.#jump = { seconds, done, total };
          if (last) this.#emit({ ...last, best: { ...last.best, number: last.best.number + done, timestamp: last.best.timestamp + done * 6000 } });
        });
        this.#jump = null;
        this.#emit(await rpc.timeStatus());
        return jumped;
      });
      return { blocks: result.blocks, fromTime: result.fromTime, toTime: result.toTime, ms: result.ms };
    } finally {
      this.#jump = null;
    }
  }

  async #with(work: (rpc: ChainRpc) => Promise<TimeStatusJson>, publish = false): Promise<ChainTimeView> {
    const view = this.#viewOf(await this.#call(work));
    if (publish) this.options.bus.emit('time.changed', view);
    return view;
  }

  async #call<T>(work: (rpc: ChainRpc) => Promise<T>): Promise<T> {
    const url = this.options.grid.chainUrl();
    try {
      return await ChainRpc.with(url, work);
    } catch (error) {
      if (error instanceof ChainRpcError) {
        throw new ApiError(error.code === 'invalid_params' ? 'invalid_params' : error.code === 'refused' ? 'rejected' : 'unavailable', error.message);
      }
      throw error;
    }
  }

  #emit(status: TimeStatusJson): void {
    this.options.bus.emit('time.changed', this.#viewOf(status));
  }

  #viewOf(s: TimeStatusJson): ChainTimeView {
    return { mode: s.mode, blockTimeMs: s.blockTimeMs, block: s.best.number, chainTime: s.best.timestamp, aheadMs: s.aheadMs, jump: this.#jump };
  }

  #refuseDuringJump(): void {
    if (this.#jump) throw new ApiError('conflict', 'a time jump is under way: wait until it is done');
  }
}
