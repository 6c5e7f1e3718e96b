// The grid proxy as a process, with its own indexer:
//   node --import tsx simulator/services/proxy/main.ts --chain WS --relay WS [--activation URL] [--port 8080] [--host 127.0.0.1]
// Prints one line {"proxy":"http://127.0.0.1:P"} once it listens (the indexer's first snapshot is in); logs on stderr.
import { parseArgs } from 'node:util';
import { startIndexer } from '../indexer/index';
import { startProxy } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { chain: { type: 'string' }, relay: { type: 'string' }, activation: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  });
  if (!values.chain) throw new Error('--chain ws://… is required');
  const port = Number(values.port ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${values.port}`);
  const logger = { info: (m: string) => console.error(`[proxy] ${m}`), warn: (m: string) => console.error(`[proxy] warning: ${m}`) };
  const indexer = startIndexer({ chainUrl: values.chain, logger });
  await indexer.ready;
  const proxy = await startProxy({
    index: indexer.index, chainUrl: values.chain, port, logger,
    ...(values.relay ? { relayUrl: values.relay } : {}),
    ...(values.activation ? { activationUrl: values.activation } : {}),
    ...(values.host ? { host: values.host } : {}),
  });
  console.log(JSON.stringify({ proxy: proxy.url }));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void proxy.close().then(() => indexer.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[proxy] error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
