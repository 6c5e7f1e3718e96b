/**
 * The dev chain's command-line options, shared by `tsx simulator/chain/main.ts` and `gridbox chain`: one option
 * table for node:util parseArgs and one function turning its values into startChain options.
 */
import type { BlockMode } from './core/chain';

/** parseArgs options (all strings or booleans; defaults applied in chainOptionsFromArgs). */
export const CHAIN_ARG_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  instant: { type: 'boolean' },
  manual: { type: 'boolean' },
  batch: { type: 'boolean' },
  'block-time': { type: 'string' },
  'genesis-time': { type: 'string' },
  data: { type: 'string' },
  reset: { type: 'boolean' },
  verbose: { type: 'boolean' },
} as const;

export interface ChainArgValues {
  port?: string;
  host?: string;
  instant?: boolean;
  manual?: boolean;
  batch?: boolean;
  'block-time'?: string;
  'genesis-time'?: string;
  data?: string;
  reset?: boolean;
  verbose?: boolean;
}

export interface ChainArgs {
  readonly host: string;
  readonly port: number;
  readonly blockMode: BlockMode;
  readonly blockTimeMs: number | undefined;
  readonly genesisTime: number | undefined;
  /** Where blocks and state are kept (absent: in memory). */
  readonly dataDir: string | undefined;
  /** Start the kept chain over from genesis. */
  readonly reset: boolean;
  readonly verbose: boolean;
}

export const CHAIN_ARGS_USAGE = '[--port N] [--host H] [--block-time MS | --instant | --manual | --batch] '
  + '[--genesis-time MS|ISO] [--data DIR [--reset]] [--verbose]';

export class ChainArgsError extends Error {
  override readonly name = 'ChainArgsError';
}

/** Validates parsed option values; throws ChainArgsError with a one-line message naming the bad option. */
export function chainOptionsFromArgs(values: ChainArgValues): ChainArgs {
  const portText = values.port ?? '9944';
  const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ChainArgsError(`--port must be a whole number from 0 to 65535 (got ${JSON.stringify(portText.slice(0, 40))})`);
  }
  const host = values.host ?? '127.0.0.1';
  if (host === '') throw new ChainArgsError('--host must not be empty');
  const modes = (['instant', 'manual', 'batch'] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new ChainArgsError(`choose one block mode, not --${modes.join(' and --')}`);
  let blockTimeMs: number | undefined;
  if (values['block-time'] !== undefined) {
    if (modes.length > 0) throw new ChainArgsError(`--block-time applies to timed blocks, not --${modes[0]}`);
    const text = values['block-time'];
    blockTimeMs = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(blockTimeMs > 0)) throw new ChainArgsError(`--block-time must be a positive number of milliseconds (got ${JSON.stringify(text.slice(0, 40))})`);
  }
  let genesisTime: number | undefined;
  if (values['genesis-time'] !== undefined) {
    const text = values['genesis-time'];
    genesisTime = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (Number.isNaN(genesisTime)) throw new ChainArgsError(`--genesis-time must be milliseconds or an ISO date (got ${JSON.stringify(text.slice(0, 40))})`);
  }
  const dataDir = values.data;
  if (dataDir !== undefined && dataDir.trim() === '') throw new ChainArgsError('--data must not be empty');
  if (values.reset && dataDir === undefined) throw new ChainArgsError('--reset starts a --data directory over; without --data the chain is in memory and always starts from genesis');
  return {
    host, port, blockMode: modes[0] ?? 'interval', blockTimeMs, genesisTime, dataDir, reset: values.reset ?? false, verbose: values.verbose ?? false,
  };
}
