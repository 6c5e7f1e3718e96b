// The KYC service from a terminal or the orchestrator:
//   npx tsx simulator/services/kyc/main.ts [--port 8086] [--host 127.0.0.1] [--unverified ADDRESS_OR_TWIN,…]
// Prints one line {"kyc":"http://127.0.0.1:P"} on stdout once it listens; logs on stderr. SIGINT/SIGTERM stop it.
import { parseArgs } from 'node:util';
import { DEFAULT_KYC_PORT, startKyc } from './index';

const USAGE = 'usage: tsx simulator/services/kyc/main.ts [--port P] [--host H] [--unverified ADDRESS_OR_TWIN,…]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' }, unverified: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) return void console.log(USAGE);
  const port = Number(values.port ?? String(DEFAULT_KYC_PORT));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const unverified = (values.unverified ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const running = await startKyc({ port, host: values.host, unverified, logger: { info: (m) => console.error(`[kyc] ${m}`) } });
  console.log(JSON.stringify({ kyc: running.url }));
  const stop = () => void running.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[kyc] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
