// Runs the dev chain from a terminal:
//   npx tsx simulator/chain/main.ts [--port 9944] [--host 127.0.0.1] [--instant | --manual | --batch]
//                                   [--block-time MS] [--genesis-time MS|ISO] [--data DIR [--reset]] [--verbose]
// Prints the WebSocket URL once it listens; Ctrl-C stops it. `gridbox chain` is the same with a block log.
import { parseArgs } from 'node:util';
import { CHAIN_ARG_OPTIONS, CHAIN_ARGS_USAGE, chainOptionsFromArgs, type ChainArgs } from './args';
import { DataDirLockedError, describeStorage, PersistenceError, startChain, type RunningChain } from './index';
import type { ChainLogger } from './core/dispatch/env';

const USAGE = `usage: tsx simulator/chain/main.ts ${CHAIN_ARGS_USAGE}`;

async function main(): Promise<void> {
  let args: ChainArgs;
  try {
    const { values } = parseArgs({ options: { ...CHAIN_ARG_OPTIONS, help: { type: 'boolean' } } });
    if (values.help) {
      console.log(USAGE);
      return;
    }
    args = chainOptionsFromArgs(values);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const { host, port, blockMode, blockTimeMs, genesisTime, dataDir, reset, verbose } = args;
  const logger: ChainLogger = {
    debug: (m, f) => verbose && console.debug(`[chain] ${m}`, f ?? ''),
    info: (m, f) => console.log(`[chain] ${m}`, f ?? ''),
    warn: (m, f) => console.warn(`[chain] ${m}`, f ?? ''),
    error: (m, f) => console.error(`[chain] ${m}`, f ?? ''),
  };
  let running: RunningChain;
  try {
    running = await startChain({ host, port, blockMode, blockTimeMs, genesisTime, dataDir, reset, logger });
  } catch (error) {
    if (!(error instanceof PersistenceError || error instanceof DataDirLockedError)) throw error;
    console.error(`[chain] ${error.message}`);
    process.exitCode = 1;
    return;
  }
  console.log(running.url);
  console.error(`[chain] ${blockMode} blocks, genesis ${running.chain.genesisHash}, ${describeStorage(running.chain)}`);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
