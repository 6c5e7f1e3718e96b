// The activation service from a terminal or the orchestrator:
//   npx tsx simulator/services/activation/main.ts --chain ws://127.0.0.1:9944 [--port 8085] [--host 127.0.0.1]
//                                                 [--funder //Alice] [--amount UNITS]
// Prints one line {"activation":"http://127.0.0.1:P"} on stdout once it listens; logs on stderr. SIGINT/SIGTERM stop it.
import { parseArgs } from 'node:util';
import { startActivation } from './index';

const USAGE = 'usage: tsx simulator/services/activation/main.ts --chain WS [--port P] [--host H] [--funder URI] [--amount UNITS]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      chain: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, funder: { type: 'string' },
      amount: { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port ?? '8085');
  if (!values.chain || !Number.isInteger(port) || port < 0 || port > 65535 || (values.amount !== undefined && !/^\d+$/.test(values.amount))) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const running = await startActivation({
    chainUrl: values.chain,
    port,
    host: values.host,
    funderSeed: values.funder,
    amount: values.amount === undefined ? undefined : BigInt(values.amount),
    logger: { info: (m) => console.error(`[activation] ${m}`), warn: (m) => console.error(`[activation] warning: ${m}`) },
  });
  console.log(JSON.stringify({ activation: running.url }));
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[activation] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
