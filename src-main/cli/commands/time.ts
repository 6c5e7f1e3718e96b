/**
 * `gridbox time status|mode|advance|jump`: time control of the local grid's chain, over its public JSON-RPC
 * (gridbox_time*, dev_newBlock) at the URL the workspace's run.json records. Nodes follow chain time by themselves.
 */
import WebSocket from 'ws';
import { ApiError } from '../../api/errors';
import type { TimeJumpJson, TimeStatusJson } from '../../../simulator/chain/rpc/chain-api';
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
/** dev_newBlock's own bound. */
const MAX_ADVANCE = 10_000;
const SLOT_SECS = 6;
const PROGRESS_EVERY_MS = 1000;
const CONNECT_TIMEOUT_MS = 10_000;

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

// ---- a minimal JSON-RPC client over the chain's WebSocket --------------------------------------------------------

interface RpcReply { id?: number; result?: unknown; error?: { code: number; message: string; data?: unknown }; method?: string; params?: { result?: unknown } }

class ChainRpc {
  #next = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #notify = new Map<string, (result: unknown) => void>();

  private constructor(private readonly ws: WebSocket, private readonly url: string) {
    ws.on('message', (data) => this.#receive(String(data)));
    ws.on('close', () => {
      for (const p of this.#pending.values()) p.reject(new ApiError('internal', `the chain at ${url} closed the connection`));
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
      throw new ApiError('not_found', `the grid's chain at ${url} does not answer (${(error as Error).message}); is the grid still starting?`);
    });
    return new ChainRpc(ws, url);
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
      const code = reply.error.code === -32602 ? 'invalid_params' : 'internal';
      waiting.reject(new ApiError(code, `the chain refused: ${reply.error.message}${detail}`));
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
}

/** Connects to the chain of the grid running in the workspace (`--data`). */
async function gridChain(data: string | undefined, ctx: CliContext): Promise<ChainRpc> {
  const state = runningGrid(workspaceOf(data, ctx.env, NAME));
  const url = state.parts.chain?.url;
  if (!url) throw new ApiError('not_found', 'this grid has no chain yet (it is still starting)');
  return ChainRpc.connect(url);
}

async function withChain<T>(data: string | undefined, ctx: CliContext, work: (rpc: ChainRpc) => Promise<T>): Promise<T> {
  const rpc = await gridChain(data, ctx);
  try {
    return await work(rpc);
  } finally {
    rpc.close();
  }
}

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
    const status = await withChain(values.data, ctx, (rpc) => rpc.call<TimeStatusJson>('gridbox_timeStatus'));
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
    const status = await withChain(values.data, ctx, (rpc) => rpc.call<TimeStatusJson>('gridbox_timeMode', ms === undefined ? [mode] : [mode, ms]));
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
    const status = await withChain(values.data, ctx, async (rpc) => {
      await rpc.call('dev_newBlock', [{ count }]);
      return rpc.call<TimeStatusJson>('gridbox_timeStatus');
    });
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
    const result = await withChain(values.data, ctx, async (rpc) => {
      const { best } = await rpc.call<TimeStatusJson>('gridbox_timeStatus');
      const total = Math.ceil(secs / SLOT_SECS);
      let last = 0;
      await rpc.onHead((number) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        const done = Math.min(total, Math.max(0, number - best.number));
        ctx.io.err(`jumping ${formatDuration(secs)}: block ${done} of ${total} (${Math.floor((100 * done) / total)}%)\n`);
      });
      return rpc.call<TimeJumpJson>('gridbox_timeJump', [secs]);
    });
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
