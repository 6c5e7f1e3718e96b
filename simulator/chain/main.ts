// Runs the dev chain from a terminal:
//   npx tsx simulator/chain/main.ts [--port 9944] [--host 127.0.0.1] [--instant | --manual | --batch]
//                                   [--block-time MS] [--genesis-time MS|ISO] [--verbose]
// Prints the WebSocket URL once it listens; Ctrl-C stops it.
import { parseArgs } from 'node:util';
import { startChain } from './index';
import type { BlockMode } from './core/chain';
import type { ChainLogger } from './core/dispatch/env';

const USAGE = 'usage: tsx simulator/chain/main.ts [--port N] [--host H] [--instant|--manual|--batch] '
  + '[--block-time MS] [--genesis-time MS|ISO] [--verbose]';

function args() {
  return parseArgs({
    options: {
      port: { type: 'string', default: '9944' },
      host: { type: 'string', default: '127.0.0.1' },
      instant: { type: 'boolean', default: false },
      manual: { type: 'boolean', default: false },
      batch: { type: 'boolean', default: false },
      'block-time': { type: 'string' },
      'genesis-time': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}

async function main(): Promise<void> {
  let values: ReturnType<typeof args>['values'];
  try {
    ({ values } = args());
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  const blockTimeMs = values['block-time'] === undefined ? undefined : Number(values['block-time']);
  const genesisTime = values['genesis-time'] === undefined ? undefined
    : /^\d+$/.test(values['genesis-time']) ? Number(values['genesis-time']) : Date.parse(values['genesis-time']);
  const modes = (['instant', 'manual', 'batch'] as const).filter((m) => values[m]);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || modes.length > 1
    || (blockTimeMs !== undefined && !(blockTimeMs > 0)) || (genesisTime !== undefined && Number.isNaN(genesisTime))) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const blockMode: BlockMode = modes[0] ?? 'interval';
  const logger: ChainLogger = {
    debug: (m, f) => values.verbose && console.debug(`[chain] ${m}`, f ?? ''),
    info: (m, f) => console.log(`[chain] ${m}`, f ?? ''),
    warn: (m, f) => console.warn(`[chain] ${m}`, f ?? ''),
    error: (m, f) => console.error(`[chain] ${m}`, f ?? ''),
  };
  const running = await startChain({ host: values.host, port, blockMode, blockTimeMs, genesisTime, logger });
  console.log(running.url);
  console.error(`[chain] ${blockMode} blocks, genesis ${running.chain.genesisHash}`);
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
