// Runs the local RMB relay:
//   npx tsx simulator/services/relay/main.ts --chain ws://127.0.0.1:9944 [--port 0] [--host 127.0.0.1]
//                                            [--domain relay.local ...] [--verbose]
// Prints {"relay":"ws://127.0.0.1:P"} on stdout once it listens; logs go to stderr, one line each.
import { parseArgs } from 'node:util';
import type { RmbLogger } from '../../rmb/peer';

const USAGE = 'usage: tsx simulator/services/relay/main.ts --chain WS [--port P] [--host H] [--domain D]... [--verbose]';

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        chain: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' },
        domain: { type: 'string', multiple: true }, verbose: { type: 'boolean' }, help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!values.chain || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--chain is required and --port must be 0..65535\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const line = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    console.error(`[relay] ${level === 'info' ? '' : `${level}: `}${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  const logger: RmbLogger = {
    debug: values.verbose ? line('debug') : () => {},
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  };
  // Imported after the arguments are checked: loading @polkadot/api takes a few seconds.
  const { startRelay } = await import('./relay');
  const relay = await startRelay({ chainUrl: values.chain, port, host: values.host, domain: values.domain, logger });
  console.log(JSON.stringify({ relay: relay.url }));
  const stop = (): void => {
    void relay.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[relay] error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
