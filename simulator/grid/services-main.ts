// The chain, the relay and the activation service in one process, for `gridbox up`'s default layout:
//   node … simulator/grid/services-main.ts [--chain-port 9944] [--relay-port 8081] [--activation-port 8085]
//                                         [--instant] [--data DIR] [--host 127.0.0.1] [--farmer-relay HOST]
//                                         [--proxy-port 8080] [--graphql-port 4000] [--kyc-port 8086]
// They still talk to each other only over loopback (JSON-RPC over WebSocket), exactly as separate processes do; one
// process saves two Node start-ups and two copies of @polkadot/api (about 120 MiB each). Its parts share one chain
// client (an ApiPromise over the chain's WebSocket): each client decodes the metadata once, about 0.2 s of CPU, and
// the relay, activation, farmer, indexer and proxy twin each used to connect their own. Prints one line
// {"substrate":"ws://…","relay":"ws://…","activation":"http://…","proxy":…,"graphql":…,"kyc":…} once all listen
// (the grid services of grid-services.ts: indexer, grid proxy, GraphQL, KYC); logs on stderr.
// With --farmer-relay (the relay host the farmer's twin records; empty for none) the line comes once the grid's
// farmer is set up too (farmer.ts, over the same public interfaces) and adds "farmer":{address,twinId,farmId}: this
// process has @polkadot/api loaded anyway, so `gridbox up` need not load it (about 2 s of CPU) just for the farmer.
// The farmer then also makes the farm's first node the gateway once it registers (gateway-node.ts).
import { parseArgs } from 'node:util';
import type { ChainLogger } from '../chain/core/dispatch/env';
import { startChain } from '../chain/index';
import { startActivation } from '../services/activation/index';
import { startRelay } from '../services/relay/index';
import { connectChain } from '../node/chain-client';
import { ensureFarmer } from './farmer';
import { watchGatewayNode } from './gateway-node';
import { profileMark, profileProcessStart } from './startup-profile';

profileProcessStart('services');
profileMark('services', 'modules loaded');

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
      'farmer-relay': { type: 'string' },
      'farm-name': { type: 'string' },
    },
  });
  const farmerRelay = values['farmer-relay'];
  const line = (part: string) => (level: string) => (message: string, fields?: Record<string, unknown>) =>
    console.error(`[${part}] ${level === 'info' ? '' : `${level}: `}${message}${fields && Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''}`);
  const logger = (part: string): ChainLogger => ({ debug: () => {}, info: line(part)('info'), warn: line(part)('warning'), error: line(part)('error') });

  const chain = await startChain({
    port: port(values['chain-port'], 9944), host: values.host, blockMode: values.instant ? 'instant' : 'interval', logger: logger('chain'),
    ...(values.data ? { dataDir: values.data } : {}),
  });
  profileMark('services', 'chain listening');
  const api = await connectChain(chain.url);
  profileMark('services', 'chain client ready');
  const [relay, activation] = await Promise.all([
    startRelay({ chainUrl: chain.url, api, port: port(values['relay-port'], 8081), host: values.host, logger: logger('relay') }),
    startActivation({ chainUrl: chain.url, api, port: port(values['activation-port'], 8085), host: values.host, logger: { info: line('activation')('info'), warn: line('activation')('warning') } }),
  ]);
  profileMark('services', 'relay and activation listening');
  // The farmer and the grid services start together; the proxy's twin waits until the farmer's is in the chain's
  // pool, and the line waits for the proxy's twin too, so twin ids come out the same on every grid: the farmer's, the
  // proxy's, then the nodes'.
  let farmerTwinQueued!: () => void;
  const proxyTwinAfter = new Promise<void>((resolve) => (farmerTwinQueued = resolve));
  const farmerReady = farmerRelay === undefined ? undefined : ensureFarmer(api, {
    activationUrl: activation.url, relay: farmerRelay || null, onTwinQueued: farmerTwinQueued,
    ...(values['farm-name'] ? { farmName: values['farm-name'] } : {}),
  });
  farmerReady?.then(() => profileMark('services', 'farmer set up'), () => {});
  const [farmer, services] = await Promise.all([
    farmerReady,
    import('./grid-services').then(({ startGridServices }) => startGridServices({
      chainUrl: chain.url, api, relayUrl: relay.url, activationUrl: activation.url, host: values.host, waitForProxyTwin: true,
      ...(farmerReady ? { proxyTwinAfter } : {}),
      ports: { proxy: port(values['proxy-port'], 8080), graphql: port(values['graphql-port'], 4000), kyc: port(values['kyc-port'], 8086) },
      logger: { info: line('grid-services')('info'), warn: line('grid-services')('warning') },
    })),
  ]);
  const gateway = farmer ? watchGatewayNode(api, farmer.farmId, logger('farmer')) : undefined;
  profileMark('services', 'grid services listening');
  console.log(JSON.stringify({
    substrate: chain.url, relay: relay.url, activation: activation.url, proxy: services.proxy, graphql: services.graphql, kyc: services.kyc,
    ...(farmer ? { farmer } : {}),
  }));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    gateway?.();
    void services.close().then(() => Promise.allSettled([relay.close(), activation.close()])).then(() => api.disconnect()).then(() => chain.close()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`[services] error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
