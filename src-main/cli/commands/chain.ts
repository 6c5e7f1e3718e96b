/**
 * `gridbox chain`: the TFChain dev chain (simulator/chain) in the foreground, with a log of its blocks and
 * extrinsics. Same chain and option parsing as `tsx simulator/chain/main.ts`.
 */
import { watchChainActivity, formatBlockActivity } from '../../../simulator/chain/activity';
import { CHAIN_ARG_OPTIONS, chainOptionsFromArgs, ChainArgsError, type ChainArgs } from '../../../simulator/chain/args';
import type { ChainLogger } from '../../../simulator/chain/core/dispatch/env';
import { devAccountPublicKeys } from '../../../simulator/chain/core/dev-accounts';
import { initCrypto } from '../../../simulator/chain/core/signature';
import { DataDirLockedError, describeStorage, PersistenceError, startChain } from '../../../simulator/chain/index';
import type { Command } from '../command';
import { parseCommandArgs } from '../command';
import { ApiError } from '../../api/errors';
import { UsageError } from '../errors';

const NAME = 'gridbox chain';

const OPTIONS = CHAIN_ARG_OPTIONS;

/** After close(), the process should end by itself; this bounds the wait if a stray handle keeps it alive. */
const EXIT_GRACE_MS = 3000;

export const chainCommand: Command = {
  summary: 'run a local TFChain dev chain and log its blocks and extrinsics',
  help: `Usage: ${NAME} [--port P] [--host H] [--block-time MS | --instant | --manual | --batch] [--data DIR] [--reset] [--verbose]

Runs the TFChain dev chain (spec 152, dev accounts //Alice … //Ferdie endowed) in the foreground and serves
JSON-RPC over WebSocket and HTTP. Prints its ws:// URL once it accepts connections, then one line per block and
one per signed extrinsic (call, signer, ok or the error). Ctrl-C (SIGINT) or SIGTERM stops it.

Options:
  --port P            port to listen on (default 9944; 0 picks a free one)
  --host H            address to listen on (default 127.0.0.1)
  --block-time MS     a block every MS milliseconds, empty or not (the default mode, 6000)
  --instant           a block as soon as a transaction arrives
  --manual            blocks only on dev_newBlock
  --batch             a block once transactions pause for 50 ms
  --genesis-time T    chain time of block 0, in ms or as an ISO date (default now)
  --data DIR          keep blocks and state in DIR and continue from there on the next start
                      (default: in memory, gone when the chain stops)
  --reset             with --data: forget the chain kept in DIR and start from genesis
  --verbose           also print the chain's debug log
  -h, --help          this text
`,
  async run(argv, ctx) {
    const { values } = parseCommandArgs(argv, OPTIONS, { command: NAME });
    if (values.help) {
      ctx.io.out(this.help);
      return 0;
    }
    let args: ChainArgs;
    try {
      args = chainOptionsFromArgs(values);
    } catch (err) {
      if (err instanceof ChainArgsError) throw new UsageError(err.message, NAME);
      throw err;
    }

    const { io } = ctx;
    const field = (f?: Record<string, unknown>) => (f && Object.keys(f).length ? ` ${JSON.stringify(f)}` : '');
    const logger: ChainLogger = {
      debug: (m, f) => args.verbose && io.err(`[chain] ${m}${field(f)}\n`),
      info: (m, f) => io.out(`[chain] ${m}${field(f)}\n`),
      warn: (m, f) => io.err(`[chain] warning: ${m}${field(f)}\n`),
      error: (m, f) => io.err(`[chain] error: ${m}${field(f)}\n`),
    };

    // Listening before the chain starts: a Ctrl-C during startup then stops it as soon as it is up.
    let onSignal!: (sig: NodeJS.Signals) => void;
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => (onSignal = resolve));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      let running;
      try {
        running = await startChain({
          host: args.host,
          port: args.port,
          blockMode: args.blockMode,
          blockTimeMs: args.blockTimeMs,
          genesisTime: args.genesisTime,
          ...(args.accounts > 0 ? { genesis: { extraEndowed: (await initCrypto(), devAccountPublicKeys(args.accounts)) } } : {}),
          dataDir: args.dataDir,
          reset: args.reset,
          logger,
        });
      } catch (err) {
        if (err instanceof PersistenceError || err instanceof DataDirLockedError) throw new ApiError(err instanceof DataDirLockedError ? 'locked' : 'corrupt_file', `${NAME}: ${err.message}`);
        throw err;
      }
      const unwatch = watchChainActivity(
        running.chain,
        (block) => io.out(`${formatBlockActivity(block).join('\n')}\n`),
        (error) => io.err(`[chain] warning: could not describe a block: ${error instanceof Error ? error.message : String(error)}\n`),
      );
      const mode = args.blockMode === 'interval' ? `a block every ${args.blockTimeMs ?? 6000} ms` : `${args.blockMode} blocks`;
      io.out(`Dev chain listening on ${running.url} (${mode}, genesis ${running.chain.genesisHash}, ${describeStorage(running.chain)})\n`);
      io.out('Press Ctrl-C to stop.\n');

      const signal = await stopSignal;
      io.out(`Stopping the dev chain (${signal})…\n`);
      unwatch();
      await running.close();
      io.out('Dev chain stopped.\n');
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    setTimeout(() => process.exit(process.exitCode ?? 0), EXIT_GRACE_MS).unref();
    return 0;
  },
};
