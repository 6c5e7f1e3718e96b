// The chain, the relay and the activation service in one process, for `gridbox up`'s default layout:
//   node … simulator/grid/services-main.ts [--chain-port 9944] [--relay-port 8081] [--activation-port 8085]
//                                         [--instant] [--data DIR] [--host 127.0.0.1]
//                                         [--proxy-port 8080] [--graphql-port 4000] [--kyc-port 8086]
// They still talk to each other only over loopback (JSON-RPC over WebSocket), exactly as separate processes do; one
// process saves two Node start-ups and two copies of @polkadot/api (about 120 MiB each). Prints one line
// {"substrate":"ws://…","relay":"ws://…","activation":"http://…","proxy":…,"graphql":…,"kyc":…} once all listen
// (the grid services of grid-services.ts: indexer, grid proxy, GraphQL, KYC); logs on stderr.
import { parseArgs } from 'node:util';
import type { ChainLogger } from '../chain/core/dispatch/env';
import { startChain } from '../chain/index';
import { startActivation } from '../services/activation/index';
import { startRelay } from '../services/relay/index';

function port(text: string | undefined, fallback: number): number {
  const value = Number(text ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`not a port: ${text}`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'chain-port': { type: 'string' }, 'relay-port': { type: 'string' }, 'activation-port': { type: 'string' },
      instant: { type: 'boolean' }, data: { type: 'string' },
      'proxy-port': { type: 'string' }, 'graphql-port': { type: 'string' }, 'kyc-port': { type: 'string' },
      // Another address than loopback (in a container: 0.0.0.0) also turns off the chain's Host filter.
      host: { type: 'string' },
    },
  });
  const line = (part: string) => (level: string) => (message: string, fields?: Record<string, unknown>) =>
    console.error(`[${part}] ${level === 'info' ? '' : `${level}: `}${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`);
  const logger = (part: string): ChainLogger => ({ debug: () => {}, info: line(part)('info'), warn: line(part)('warning'), error: line(part)('error') });

  const chain = await startChain({
    port: port(values['chain-port'], 9944), host: values.host, blockMode: values.instant ? 'instant' : 'interval', logger: logger('chain'),
    ...(values.data ? { dataDir: values.data } : {}),
  });
  const [relay, activation] = await Promise.all([
    startRelay({ chainUrl: chain.url, port: port(values['relay-port'], 8081), host: values.host, logger: logger('relay') }),
    startActivation({ chainUrl: chain.url, port: port(values['activation-port'], 8085), host: values.host, logger: { info: line('activation')('info'), warn: line('activation')('warning') } }),
  ]);
  // Loaded once the chain listens: the node host, started alongside, waits for the chain, not for these modules.
  const { startGridServices } = await import('./grid-services');
  const services = await startGridServices({
    chainUrl: chain.url, relayUrl: relay.url, activationUrl: activation.url, host: values.host,
    ports: { proxy: port(values['proxy-port'], 8080), graphql: port(values['graphql-port'], 4000), kyc: port(values['kyc-port'], 8086) },
    logger: { info: line('grid-services')('info'), warn: line('grid-services')('warning') },
  });
  console.log(JSON.stringify({ substrate: chain.url, relay: relay.url, activation: activation.url, proxy: services.proxy, graphql: services.graphql, kyc: services.kyc }));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void services.close().then(() => Promise.allSettled([relay.close(), activation.close()])).then(() => chain.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[services] error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
