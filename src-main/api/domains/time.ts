/**
 * Time on the local grid's chain (gridbox_time*, dev_newBlock; simulator/grid/chain-rpc.ts): how blocks are made,
 * building blocks now, and jumping hours or days with every block in between built, so billing, grace periods and
 * uptime windows play out in seconds.
 */
import * as z from 'zod';
import { empty, method, topic } from '../decl';

/** The chain's bounds (simulator/chain/core/time-control.ts; a unit test keeps them equal). */
export const MAX_JUMP_SECS = 30 * 86_400;
export const MAX_ADVANCE_BLOCKS = 10_000;
export const MIN_BLOCK_TIME_MS = 50;
export const MAX_BLOCK_TIME_MS = 3_600_000;
export const TIME_MODES = ['instant', 'interval', 'manual'] as const;

export interface ChainTimeView {
  /** instant: a block as transactions arrive; interval: every blockTimeMs; manual: only on advance or jump (batch: set from the CLI) */
  mode: (typeof TIME_MODES)[number] | 'batch';
  blockTimeMs: number;
  block: number;
  /** chain time (ms) of the head block: 6 s a block, whatever the real block rate */
  chainTime: number;
  /** how far chain time runs ahead of the wall clock (ms; negative: behind) */
  aheadMs: number;
  /** a jump under way: blocks built so far of the total */
  jump: { seconds: number; done: number; total: number } | null;
}

export interface TimeJumpView {
  blocks: number;
  fromTime: number;
  toTime: number;
  /** wall-clock ms the jump took */
  ms: number;
}

export const timeMethods = {
  /** The running local grid's block mode, head and chain time. */
  'time.status': method<ChainTimeView>()(empty),
  'time.mode': method<ChainTimeView>()(
    z.object({
      mode: z.enum(TIME_MODES),
      /** with interval: ms between blocks */
      blockTimeMs: z.number().int().min(MIN_BLOCK_TIME_MS, `at least ${MIN_BLOCK_TIME_MS} ms`).max(MAX_BLOCK_TIME_MS, 'at most an hour').optional(),
    }).strict().refine((p) => p.blockTimeMs === undefined || p.mode === 'interval', 'a block time goes with interval mode only'),
  ),
  /** Builds N blocks now, 6 s of chain time each. */
  'time.advance': method<ChainTimeView>()(
    z.object({ blocks: z.number().int().min(1, 'at least 1 block').max(MAX_ADVANCE_BLOCKS, `at most ${MAX_ADVANCE_BLOCKS} blocks (jump for more)`) }).strict(),
  ),
  /** Moves chain time forward; progress arrives as 'time.changed' events; resolves when the last block is in. */
  'time.jump': method<TimeJumpView>()(
    z.object({ seconds: z.number().int().min(6, 'at least one 6 s block').max(MAX_JUMP_SECS, 'at most 30 days per jump') }).strict(),
  ),
} as const;

export const timeTopics = {
  /** The chain's time after a change from here, and a jump's progress about once a second. */
  'time.changed': topic<ChainTimeView>()(empty),
} as const;
