/**
 * `gridbox time status|mode|advance|jump`: time control of the local grid's chain, over its public JSON-RPC
 * (gridbox_time*, dev_newBlock) at the URL the workspace's run.json records. Nodes follow chain time by themselves.
 */
import { ApiError } from '../../api/errors';
import { ChainRpc, ChainRpcError, MAX_ADVANCE_BLOCKS as MAX_ADVANCE, type BlockMode, type TimeStatusJson } from '../../../simulator/grid/chain-rpc';
import { MAX_BLOCK_TIME_MS, MAX_JUMP_SECS, MIN_BLOCK_TIME_MS } from '../../../simulator/chain/core/time-control';
import type { CliContext, Command } from '../command';
import { commandGroup, parseCommandArgs } from '../command';
import { UsageError } from '../errors';
import { DATA_OPTION, runningGrid, workspaceOf } from './up-workspace';

const NAME = 'gridbox time';
const OPTIONS = { ...DATA_OPTION, json: { type: 'boolean' } } as const;
const COMMON_HELP = `  --data DIR   the workspace folder (default <data dir>/workspaces/default)
  --json       one JSON object on stdout
  -h, --help   this text
`;
const SLOT_SECS = 6;

const UNIT_SECS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * `25h`, `3d`, `90m`, `45s`, `1w`, or parts together (`1d12h`, `2h30m`): seconds. A bare number is refused (is it
 * seconds or blocks?), and so is anything beyond the chain's 30-day bound.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim().toLowerCase();
  const part = /(\d+(?:\.\d+)?)([smhdw])/gy;
  let secs = 0;
  let matched = 0;
  for (let m = part.exec(trimmed); m; m = part.exec(trimmed)) {
    secs += Number(m[1]) * UNIT_SECS[m[2]!]!;
    matched = part.lastIndex;
  }
  if (trimmed === '' || matched !== trimmed.length) {
    throw new UsageError(`bad duration ${JSON.stringify(text.slice(0, 40))}: use a number and a unit, e.g. 90m, 25h, 3d, 1d12h (units s, m, h, d, w)`, NAME);
  }
  if (!(secs > 0)) throw new UsageError('the duration must be longer than 0', NAME);
  if (secs > MAX_JUMP_SECS) throw new UsageError(`at most 30 days per jump (got ${formatDuration(secs)})`, NAME);
  return secs;
}

/** 90000 → "1d 1h", 5400 → "1h 30m", 45 → "45s". */
export function formatDuration(totalSecs: number): string {
  let rest = Math.round(Math.abs(totalSecs));
  const parts: string[] = [];
  for (const [unit, secs] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / secs);
    rest -= n * secs;
    if (n > 0) parts.push(`${n}${unit}`);
  }
  return `${totalSecs < 0 ? '-' : ''}${parts.slice(0, 2).join(' ') || '0s'}`;
}

/** Connects to the chain of the grid running in the workspace (`--data`). */
async function withChain<T>(data: string | undefined, ctx: CliContext, work: (rpc: ChainRpc) => Promise<T>): Promise<T> {
  const state = runningGrid(workspaceOf(data, ctx.env, NAME));
  const url = state.parts.chain?.url;
  if (!url) throw new ApiError('not_found', 'this grid has no chain yet (it is still starting)');
  try {
    return await ChainRpc.with(url, work);
  } catch (error) {
    if (error instanceof ChainRpcError) throw new ApiError(CHAIN_RPC_CODES[error.code], error.message);
    throw error;
  }
}

const CHAIN_RPC_CODES = { unreachable: 'not_found', invalid_params: 'invalid_params', refused: 'internal', closed: 'internal' } as const;

function describeStatus(s: TimeStatusJson): string {
  const ahead = Math.round(s.aheadMs / 1000);
  const mode = s.mode === 'interval' ? `interval (a block every ${s.blockTimeMs} ms)` : s.mode;
  const drift = Math.abs(ahead) < SLOT_SECS ? 'with the wall clock' : `${formatDuration(Math.abs(ahead))} ${ahead > 0 ? 'ahead of' : 'behind'} the wall clock`;
  return [
    `Block mode   ${mode}`,
    `Head         #${s.best.number} ${s.best.hash}`,
    `Chain time   ${new Date(s.best.timestamp).toISOString()} (${drift})`,
    `Wall clock   ${new Date(s.wallClock).toISOString()}`,
    ...(s.jump ? [`Jumping      block ${s.jump.atBlock} of ${s.jump.toBlock}`] : []),
    '',
  ].join('\n');
}

const statusCommand: Command = {
  summary: 'block mode, head block and chain time against the wall clock',
  help: `Usage: ${NAME} status [--data DIR] [--json]

Shows how the grid's chain makes blocks, its head, and how far chain time is from the wall clock.

Options:
${COMMON_HELP}`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, OPTIONS, { command: `${NAME} status` });
    const status = await withChain(values.data, ctx, (rpc) => rpc.timeStatus());
    ctx.io.out(values.json ? `${JSON.stringify(status)}\n` : describeStatus(status));
    return 0;
  },
};

const modeCommand: Command = {
  summary: 'how blocks are made: instant, interval [--block-time MS], manual or batch',
  help: `Usage: ${NAME} mode instant|interval|manual|batch [--block-time MS] [--data DIR] [--json]

  instant    a block as soon as transactions arrive
  interval   a block every --block-time ms (default: unchanged, 6000 at start), empty or not
  manual     blocks only on '${NAME} advance' or '${NAME} jump'
  batch      a block once transactions pause for 50 ms

Chain time moves 6 s per block in every mode.

Options:
  --block-time MS  with interval: ms between blocks (${MIN_BLOCK_TIME_MS} to ${MAX_BLOCK_TIME_MS})
${COMMON_HELP}`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, { ...OPTIONS, 'block-time': { type: 'string' } }, {
      command: `${NAME} mode`, positionals: ['instant|interval|manual|batch'],
    });
    const mode = positionals[0]!.toLowerCase();
    if (!['instant', 'interval', 'manual', 'batch'].includes(mode)) throw new UsageError(`unknown mode: ${mode.slice(0, 40)}`, `${NAME} mode`);
    const blockTime = values['block-time'];
    if (blockTime !== undefined && mode !== 'interval') throw new UsageError('--block-time goes with interval only', `${NAME} mode`);
    const ms = blockTime === undefined ? undefined : Number(blockTime);
    if (ms !== undefined && (!Number.isInteger(ms) || ms < MIN_BLOCK_TIME_MS || ms > MAX_BLOCK_TIME_MS)) {
      throw new UsageError(`--block-time must be a whole number of ms from ${MIN_BLOCK_TIME_MS} to ${MAX_BLOCK_TIME_MS}`, `${NAME} mode`);
    }
    const status = await withChain(values.data, ctx, (rpc) => rpc.timeMode(mode as BlockMode, ms));
    ctx.io.out(values.json ? `${JSON.stringify(status)}\n` : describeStatus(status));
    return 0;
  },
};

const advanceCommand: Command = {
  summary: 'build N blocks now (6 s of chain time each)',
  help: `Usage: ${NAME} advance N [--data DIR] [--json]

Builds N blocks at once (1 to ${MAX_ADVANCE}), with whatever transactions are waiting; chain time moves 6 s per block.

Options:
${COMMON_HELP}`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, { command: `${NAME} advance`, positionals: ['N'] });
    const count = /^\d+$/.test(positionals[0]!) ? Number(positionals[0]) : NaN;
    if (!(count >= 1 && count <= MAX_ADVANCE)) throw new UsageError(`N must be a whole number from 1 to ${MAX_ADVANCE} (for more, use '${NAME} jump')`, `${NAME} advance`);
    const status = await withChain(values.data, ctx, (rpc) => rpc.advance(count));
    ctx.io.out(values.json ? `${JSON.stringify(status)}\n` : `Built ${count} block(s).\n${describeStatus(status)}`);
    return 0;
  },
};

const jumpCommand: Command = {
  summary: 'move chain time forward (25h, 3d, 90m): every block in between is built',
  help: `Usage: ${NAME} jump DURATION [--data DIR] [--json]

Moves the grid's chain time forward by DURATION (e.g. 90m, 25h, 3d, 1d12h; at most 30d). Every block in between is
built, one 6 s slot apart, so billing runs each cycle, grace periods start and end, and nodes report uptime on the
new time, as if that time had passed. A day is 14,400 blocks; progress is shown on stderr.

Options:
${COMMON_HELP}`,
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, { command: `${NAME} jump`, positionals: ['DURATION'] });
    const secs = parseDuration(positionals[0]!);
    const result = await withChain(values.data, ctx, (rpc) => rpc.jump(secs, (done, total) => {
      ctx.io.err(`jumping ${formatDuration(secs)}: block ${done} of ${total} (${Math.floor((100 * done) / total)}%)\n`);
    }));
    if (values.json) {
      ctx.io.out(`${JSON.stringify(result)}\n`);
      return 0;
    }
    ctx.io.out(`Jumped ${formatDuration((result.toTime - result.fromTime) / 1000)}: blocks #${result.fromBlock + 1} to #${result.toBlock} `
      + `(${result.blocks}) in ${(result.ms / 1000).toFixed(1)} s; chain time is now ${new Date(result.toTime).toISOString()}.\n`);
    return 0;
  },
};

export const timeCommand: Command = commandGroup('time', 'control chain time: status, block mode, advance blocks, jump hours or days', {
  status: async () => statusCommand,
  mode: async () => modeCommand,
  advance: async () => advanceCommand,
  jump: async () => jumpCommand,
});
