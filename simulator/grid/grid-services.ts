/**
 * The grid services grid_client needs besides chain, relay and activation (LOCAL-GRID-SEAMS.md, issue 6): one
 * indexer following the chain, shared by the grid proxy and the GraphQL service, and the KYC service (which resolves
 * Zero-OS's `twin_id` queries through the same index). Each still reaches the chain only over JSON-RPC and the nodes
 * only over RMB, so the real services can replace them.
 */
import type { ApiPromise } from '@polkadot/api';
import { startGraphql } from '../services/graphql/index';
import { startIndexer } from '../services/indexer/index';
import { startKyc } from '../services/kyc/index';
import { startProxy } from '../services/proxy/index';

export interface GridServicesOptions {
  readonly chainUrl: string;
  /** A client of that chain for the indexer and the proxy's twin to share (left connected on close). */
  readonly api?: ApiPromise;
  readonly relayUrl: string;
  readonly activationUrl: string;
  readonly host?: string;
  /** 0 (default) picks free ports. */
  readonly ports?: { readonly proxy?: number; readonly graphql?: number; readonly kyc?: number };
  readonly logger?: { info(message: string): void; warn(message: string): void };
  /** Resolve only once the proxy's twin is on chain and the relay (at most 30 s). */
  readonly waitForProxyTwin?: boolean;
  /** The proxy's twin is created once this settles (its funding goes ahead): the farmer's twin comes first. */
  readonly proxyTwinAfter?: Promise<unknown>;
}

export interface RunningGridServices {
  /** http://host:port of the grid proxy (REST). */
  readonly proxy: string;
  /** http://host:port/graphql */
  readonly graphql: string;
  /** http://host:port (API under /api/v1/) */
  readonly kyc: string;
  close(): Promise<void>;
}

const PROXY_TWIN_WAIT_MS = 30_000;

export async function startGridServices(o: GridServicesOptions): Promise<RunningGridServices> {
  const log = o.logger ?? { info() {}, warn() {} };
  const shared = o.api ? { api: o.api } : {};
  const indexer = startIndexer({ chainUrl: o.chainUrl, ...shared, logger: log });
  const started: { close(): Promise<void> }[] = [indexer];
  const closeAll = () => Promise.allSettled(started.reverse().map((s) => s.close())).then(() => undefined);
  // Not awaited: the services answer from the index while it fills, and the grid announces its URLs sooner.
  indexer.ready.catch((error: unknown) => log.warn(`indexer: ${(error as Error).message}`));
  try {
    const [proxy, graphql, kyc] = await Promise.all([
      startProxy({ index: indexer.index, chainUrl: o.chainUrl, ...shared, ...(o.proxyTwinAfter ? { twinAfter: o.proxyTwinAfter } : {}), relayUrl: o.relayUrl, activationUrl: o.activationUrl, host: o.host, port: o.ports?.proxy ?? 0, logger: log }),
      startGraphql({ index: indexer.index, host: o.host, port: o.ports?.graphql ?? 0 }),
      startKyc({ host: o.host, port: o.ports?.kyc ?? 0, twins: indexer.index.twins, logger: log }),
    ]);
    started.push(proxy, graphql, kyc);
    // The proxy answers from the index at once; node features arrive once its twin is on the relay. Waited for when
    // asked, so that the nodes' twins come after the proxy's (the same ids on every grid).
    const twinReady = proxy.rmbReady.catch((error: unknown) => log.warn(`grid proxy twin: ${(error as Error).message}`));
    if (o.waitForProxyTwin) await Promise.race([twinReady, new Promise((resolve) => setTimeout(resolve, PROXY_TWIN_WAIT_MS))]);
    const graphqlUrl = graphql.url.endsWith('/graphql') ? graphql.url : `${graphql.url.replace(/\/+$/, '')}/graphql`;
    return { proxy: proxy.url, graphql: graphqlUrl, kyc: kyc.url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
