/**
 * The TFChain dev chain: runtime, blocks, pool and JSON-RPC server in one call.
 *
 *   const { url, chain, close } = await startChain({ port: 0, blockMode: 'instant' });
 *
 * Plain Node with WASM crypto only (no native addons), so it also runs in Electron's utilityProcess.
 */
import { Chain, type BlockMode, type ChainOptions } from './core/chain';
import type { ChainLogger } from './core/dispatch/env';
import { defaultVerifyWorkers } from './core/verify-pool';
import { createChainRpcRegistry, startRpcServer, type RpcLogger, type RpcServer } from './rpc';

export interface StartChainOptions extends Omit<ChainOptions, 'logger'> {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 9944; 0 picks a free port. */
  readonly port?: number;
  readonly blockMode?: BlockMode;
  readonly logger?: ChainLogger;
}

export interface RunningChain {
  /** ws://host:port */
  readonly url: string;
  readonly httpUrl: string;
  readonly port: number;
  readonly chain: Chain;
  readonly server: RpcServer;
  /** Stops block production and the server. */
  close(): Promise<void>;
}

export async function startChain(options: StartChainOptions = {}): Promise<RunningChain> {
  // A served chain verifies admission signatures in worker threads unless told otherwise (verifyWorkers: 0).
  const chain = await Chain.create({ ...options, verifyWorkers: options.verifyWorkers ?? defaultVerifyWorkers() });
  const rpcLogger: RpcLogger | undefined = options.logger && {
    debug: (m, f) => options.logger!.debug(m, f),
    warn: (m, f) => options.logger!.warn(m, f),
    error: (m, f) => options.logger!.error(m, f),
  };
  let server: RpcServer;
  try {
    server = await startRpcServer({
      host: options.host,
      port: options.port,
      handlers: createChainRpcRegistry(chain),
      ...(rpcLogger ? { logger: rpcLogger } : {}),
    });
  } catch (error) {
    chain.close();
    throw error;
  }
  chain.setClientBacklog(() => server.backlogBytes());
  return {
    url: server.url,
    httpUrl: server.httpUrl,
    port: server.port,
    chain,
    server,
    close: async () => {
      chain.close();
      await server.close();
    },
  };
}

/** For the start log line: where the chain lives and whether it was loaded or created there. */
export function describeStorage(chain: Chain): string {
  const kept = chain.persistence;
  if (!kept) return 'in memory';
  return kept.loadedAt === null ? `created in ${kept.dataDir}` : `loaded from ${kept.dataDir} at block #${kept.loadedAt}`;
}

export { Chain } from './core/chain';
export { PersistenceError } from './core/persistence/chain-store';
export { DataDirLockedError } from './core/persistence/lock';
export type { BlockMode, ChainOptions } from './core/chain';
export type { ChainLogger } from './core/dispatch/env';
