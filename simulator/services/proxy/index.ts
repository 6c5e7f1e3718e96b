/**
 * The local grid proxy: the REST API of threefoldtech/tfgrid-sdk-go grid-proxy (grid-services.md §3.2) over the
 * indexer's `GridIndex`, with live node data over RMB through its own twin. `startProxy` listens at once; RMB
 * joins in the background (`rmbReady`), and until then `features` are empty and the live endpoints answer 503.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiPromise } from '@polkadot/api';
import type { GridIndex } from '../indexer/model';
import { LiveInfo, type LiveInfoOptions } from './live-info';
import { startProxyTwin, type ProxyTwin } from './proxy-twin';
import { BadRequest, NotFound, Query } from './query';
import { route, type ProxyContext } from './routes';

export interface ProxyLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface StartProxyOptions {
  readonly index: GridIndex;
  readonly chainUrl: string;
  /** A client of that chain for the proxy's twin to share (left connected on close); else it connects its own. */
  readonly api?: ApiPromise;
  /** ws://host:port of the relay; without one the proxy has no twin (no features, no live endpoints). */
  readonly relayUrl?: string;
  /** Funds the proxy's account (else the dev faucet, //Alice). */
  readonly activationUrl?: string;
  readonly port?: number;
  readonly host?: string;
  /** The proxy's account (default `//GridProxy`). */
  readonly twinSeed?: string;
  /** Its twin is created once this settles (proxy-twin.ts `twinAfter`). */
  readonly twinAfter?: Promise<unknown>;
  readonly live?: LiveInfoOptions;
  readonly logger?: ProxyLogger;
}

export interface RunningProxy {
  readonly url: string;
  readonly port: number;
  /** Resolves once the proxy's twin is connected to the relay (rejects when it could not be set up). */
  readonly rmbReady: Promise<void>;
  close(): Promise<void>;
}

export const PROXY_VERSION = 'gridbox-local-1';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'count, size, pages',
    ...headers,
  });
  res.end(text);
}

export async function startProxy(options: StartProxyOptions): Promise<RunningProxy> {
  const log = options.logger ?? { info() {}, warn() {} };
  const live = new LiveInfo(options.index, options.live);
  let twin: ProxyTwin | undefined;
  let closed = false;
  const ctx: ProxyContext = { index: options.index, live, version: PROXY_VERSION, rmb: () => (twin?.peer.connected ? twin.peer : undefined) };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const handle = async () => {
      if (req.method === 'OPTIONS') return send(res, 204, null, { 'access-control-allow-methods': 'GET', 'access-control-allow-headers': '*' });
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: `method ${req.method} not allowed` });
      const url = new URL(req.url ?? '/', 'http://proxy');
      const answer = await route(ctx, url.pathname.replace(/\/+$/, '') || '/', new Query(url.searchParams));
      send(res, answer.status ?? 200, answer.body, answer.headers);
    };
    handle().catch((error: unknown) => {
      if (error instanceof BadRequest || error instanceof NotFound) return send(res, error.status, { error: error.message });
      log.warn(`proxy: ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';

  const rmbReady = (async () => {
    if (!options.relayUrl) throw new Error('no relay: the proxy runs without a twin');
    const started = await startProxyTwin({
      chainUrl: options.chainUrl, relayUrl: options.relayUrl,
      ...(options.api ? { api: options.api } : {}),
      ...(options.twinAfter ? { twinAfter: options.twinAfter } : {}),
      ...(options.activationUrl ? { activationUrl: options.activationUrl } : {}),
      ...(options.twinSeed ? { seed: options.twinSeed } : {}),
    });
    if (closed) {
      await started.close();
      throw new Error('proxy closed');
    }
    twin = started;
    live.attach(started.peer);
    log.info(`proxy: twin ${started.twinId} connected to the relay`);
  })();
  rmbReady.catch((error: unknown) => log.warn(`proxy: no RMB: ${error instanceof Error ? error.message : String(error)}`));

  return {
    url: `http://${host}:${port}`,
    port,
    rmbReady,
    async close() {
      if (closed) return;
      closed = true;
      live.stop();
      await rmbReady.catch(() => {});
      await twin?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
