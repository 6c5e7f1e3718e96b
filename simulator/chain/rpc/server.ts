/**
 * The chain's JSON-RPC server: WebSocket and HTTP POST on one port, as a Substrate node serves them since
 * polkadot-sdk 1.x. Plain Node (http + ws), so it also runs inside Electron's utilityProcess.
 *
 * Defaults are Substrate's CLI defaults where it has one (`--rpc-port 9944`, `--rpc-max-request-size 15`,
 * `--rpc-max-response-size 15` (MiB), `--rpc-max-connections 100`, `--rpc-max-subscriptions-per-connection 1024`,
 * no batch limit, 30 s pings). Oversized messages:
 * - HTTP: 413 with `{"jsonrpc":"2.0","id":null,"error":{"code":-32007,"message":"Request is too big",…}}`, exactly
 *   jsonrpsee's answer.
 * - WebSocket: the connection is closed with 1009 (Message Too Big, RFC 6455). jsonrpsee instead skips the frame and
 *   answers -32007 with id null, keeping the connection; `ws` cannot skip a frame without buffering it, and an id-null
 *   error cannot be matched to its request anyway (polkadot-js would wait forever), whereas on a close polkadot-js
 *   fails the pending calls and reconnects.
 * Host filtering: bound to a loopback address, requests must name that address in `Host` (as Substrate's host filter
 * does), so a web page cannot reach the dev chain through DNS rebinding.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { RpcConnection, RpcGroup } from './group';
import { handleHttpRequest, type HttpTransportOptions, send } from './http-transport';
import { defaultRpcLogger, type RpcLogger } from './logger';
import { createRpcRegistry, type RpcRegistry } from './registry';
import type { SessionLimits } from './session';
import { serveWebSocket, type WsConnection, type WsConnectionLimits } from './ws-connection';

const MiB = 1024 * 1024;
export const DEFAULT_RPC_PORT = 9944;
export const DEFAULT_MAX_MESSAGE_BYTES = 15 * MiB;
export const DEFAULT_MAX_RESPONSE_BYTES = 15 * MiB;
export const DEFAULT_MAX_CONNECTIONS = 100;
export const DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 1024;
/** Unflushed bytes (plus held notifications) a WebSocket client may lag behind before it is dropped. */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * MiB;
/** Unfinished messages per WebSocket before reading from it pauses. */
export const DEFAULT_MAX_IN_FLIGHT = 256;
export const DEFAULT_PING_INTERVAL_MS = 30_000;
/** How long close() waits for clients to answer the close handshake or for HTTP calls to finish. */
const SHUTDOWN_GRACE_MS = 1000;

export interface RpcServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 9944; 0 picks a free port. */
  port?: number;
  /** The method table: a registry, or groups to build one from. */
  handlers: RpcRegistry | readonly RpcGroup[];
  /** Largest request (a WebSocket message or an HTTP body). Default 15 MiB. */
  maxMessageBytes?: number;
  /** Largest response or notification. Default 15 MiB. */
  maxResponseBytes?: number;
  /** WebSocket connections plus HTTP requests being processed. Default 100. */
  maxConnections?: number;
  maxSubscriptionsPerConnection?: number;
  /** Default: no limit (Substrate's default). */
  maxBatchLength?: number;
  maxBufferedBytes?: number;
  maxInFlightPerConnection?: number;
  /** 0 disables pings. */
  pingIntervalMs?: number;
  /** Check the Host header. Default: on when bound to a loopback address. */
  hostFilter?: boolean;
  /** Decides on the Origin of WebSocket upgrades (browsers only); default: any, like a `--dev` node. */
  originAllowed?: (origin: string | undefined) => boolean;
  logger?: RpcLogger;
}

export interface RpcServer {
  /** ws://host:port */
  readonly url: string;
  /** http://host:port */
  readonly httpUrl: string;
  readonly host: string;
  readonly port: number;
  /** Open WebSocket connections. */
  connectionCount(): number;
  /** The largest backlog of unread bytes among the WebSocket clients (what a time jump paces itself on). */
  backlogBytes(): number;
  /** Ends every subscription and connection, then stops listening. Safe to call twice. */
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** jsonrpsee's host-filter answer, spelling included. */
const HOST_REFUSED = 'Provided Host header is not whitelisted.\n';

export async function startRpcServer(options: RpcServerOptions): Promise<RpcServer> {
  const host = options.host ?? '127.0.0.1';
  const registry = 'lookup' in options.handlers ? options.handlers : createRpcRegistry(options.handlers);
  const logger = options.logger ?? defaultRpcLogger;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const sessionLimits: SessionLimits = {
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    maxBatchLength: options.maxBatchLength ?? Number.POSITIVE_INFINITY,
    maxSubscriptions: options.maxSubscriptionsPerConnection ?? DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION,
  };
  const wsLimits: WsConnectionLimits = {
    ...sessionLimits,
    maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    maxInFlight: options.maxInFlightPerConnection ?? DEFAULT_MAX_IN_FLIGHT,
    pingIntervalMs: options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS,
  };
  const hostFilter = options.hostFilter ?? LOOPBACK.has(host);
  let port = 0;
  let nextConnectionId = 1;
  let closing = false;
  let closed: Promise<void> | undefined;
  const sockets = new Set<WsConnection>();
  const httpCalls = new Set<Promise<void>>();
  // Every TCP socket, upgraded or not, so close() can always finish: `closeAllConnections` only knows HTTP ones.
  const tcpSockets = new Set<Socket>();

  const newConnection = (req: IncomingMessage, transport: 'ws' | 'http'): RpcConnection => ({
    id: nextConnectionId++,
    transport,
    remoteAddress: req.socket.remoteAddress,
    locals: new Map(),
  });
  const hostAllowed = (value: string | undefined): boolean => {
    if (!hostFilter) return true;
    const given = (value ?? '').toLowerCase();
    return given === `127.0.0.1:${port}` || given === `localhost:${port}` || given === `[::1]:${port}`;
  };
  const busy = (): boolean => sockets.size + httpCalls.size >= maxConnections;

  const httpOptions: HttpTransportOptions = {
    registry,
    limits: sessionLimits,
    maxMessageBytes,
    logger,
    newConnection: (req) => newConnection(req, 'http'),
  };

  const server = createServer((req, res) => {
    if (closing) return send(res, 503, 'text/plain', 'Server is shutting down\n');
    if (!hostAllowed(req.headers.host)) return send(res, 403, 'text/plain', HOST_REFUSED);
    if (busy()) return send(res, 429, 'text/plain', 'Too many connections. Please try again later.');
    const call = handleHttpRequest(req, res, httpOptions)
      .catch((error: unknown) => {
        logger.error('HTTP request failed', { error: String(error) });
        send(res, 500, 'text/plain', 'Internal error\n');
      })
      .finally(() => httpCalls.delete(call));
    httpCalls.add(call);
  });

  // No permessage-deflate: on loopback it only costs CPU and a zlib context per connection.
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxMessageBytes,
    perMessageDeflate: false,
    clientTracking: false,
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const reject = (status: string, text: string): void => {
      const headers = `Connection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}`;
      socket.end(`HTTP/1.1 ${status}\r\n${headers}\r\n\r\n${text}`);
    };
    if (closing) return reject('503 Service Unavailable', 'Server is shutting down\n');
    if (!hostAllowed(req.headers.host)) return reject('403 Forbidden', HOST_REFUSED);
    if (options.originAllowed && !options.originAllowed(req.headers.origin)) {
      return reject('403 Forbidden', 'Origin not allowed\n');
    }
    if (busy()) return reject('429 Too Many Requests', 'Too many connections. Please try again later.');
    // Without verifyClient, ws completes (or refuses) the handshake synchronously, so `busy()` stays exact.
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = serveWebSocket(ws, {
        connection: newConnection(req, 'ws'),
        registry,
        limits: wsLimits,
        logger,
        onClosed: () => sockets.delete(connection),
      });
      sockets.add(connection);
      if (closing) void connection.shutdown(SHUTDOWN_GRACE_MS);
    });
  });

  server.on('connection', (socket: Socket) => {
    tcpSockets.add(socket);
    socket.once('close', () => tcpSockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_RPC_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error('RPC server error', { error: error.message }));
  port = (server.address() as AddressInfo).port;
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url: `ws://${authority}`,
    httpUrl: `http://${authority}`,
    host,
    port,
    connectionCount: () => sockets.size,
    backlogBytes: () => {
      let most = 0;
      for (const connection of sockets) most = Math.max(most, connection.backlogBytes());
      return most;
    },
    close: () => {
      closed ??= (async () => {
        closing = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.all([...sockets].map((connection) => connection.shutdown(SHUTDOWN_GRACE_MS)));
        server.closeIdleConnections();
        await Promise.race([Promise.allSettled([...httpCalls]), delay(SHUTDOWN_GRACE_MS)]);
        server.closeAllConnections();
        for (const socket of tcpSockets) socket.destroy();
        wss.close();
        await stopped;
      })();
      return closed;
    },
  };
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
