// Bounds and refusals of gridbox_timeJump / gridbox_timeMode. The jump itself lives in chain.ts (it drives block
// production); what is here is what the RPC layer and the CLI must agree on.
import { invalidParams, RpcError, SERVER_IS_BUSY } from '../rpc/errors';

/** TFChain's slot: 6 s. Block timestamps advance by it whatever the real block rate, in a jump too. */
export const SLOT_MS = 6000;

/**
 * The longest jump: 30 days, 432,000 blocks (about 2–4 minutes on a quiet machine). Long enough for the 14-day grace
 * period with room to spare; a month of blocks also keeps the chain's list of block hashes within a few tens of MB.
 */
export const MAX_JUMP_SECS = 30 * 86_400;

/** Interval mode's block time bounds (ms). */
export const MIN_BLOCK_TIME_MS = 50;
export const MAX_BLOCK_TIME_MS = 3_600_000;

/**
 * A jump builds blocks for this long, then writes them (one fdatasync), announces them and lets the event loop run,
 * so RPC calls and subscriptions keep being served while it lasts.
 */
export const JUMP_SLICE_MS = 20;
/** Between slices, wait while some WebSocket client has more than this unread … */
export const JUMP_BACKLOG_BYTES = 1024 * 1024;
/** … but no longer than this per slice (a client that does not read at all is dropped by its own send limit). */
export const JUMP_BACKLOG_WAIT_MS = 2000;

/** The blocks a jump of `seconds` builds: whole slots, rounded up. Bad input is an Invalid params error. */
export function jumpBlocks(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw invalidParams('seconds must be a number');
  if (seconds <= 0) throw invalidParams(`seconds must be positive (got ${seconds})`);
  if (seconds > MAX_JUMP_SECS) throw invalidParams(`at most ${MAX_JUMP_SECS} seconds (30 days) per jump (got ${seconds})`);
  return Math.ceil((seconds * 1000) / SLOT_MS);
}

export function checkBlockTime(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < MIN_BLOCK_TIME_MS || ms > MAX_BLOCK_TIME_MS) {
    throw invalidParams(`block time must be a whole number of ms in [${MIN_BLOCK_TIME_MS}, ${MAX_BLOCK_TIME_MS}]`);
  }
  return ms;
}

export interface JumpProgress {
  readonly fromBlock: number;
  readonly toBlock: number;
}

/** What a block-making or head-moving control answers while a jump runs. */
export const jumpInProgress = (jump: JumpProgress, at: number): RpcError =>
  new RpcError(SERVER_IS_BUSY, undefined, `a time jump is in progress (at block ${at}, jumping to ${jump.toBlock})`);
