/**
 * The local RMB relay (rmb-rs `rmb-relay` without redis and federation): twins connect over WebSocket with a JWT
 * in the raw query, verified against their account on chain; binary envelopes are routed by (twin, session), pings
 * are answered with pongs, routing failures of requests come back as error envelopes, and envelopes for offline
 * twins of this relay's domain wait in a bounded queue until they connect or expire.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import WebSocket, { WebSocketServer } from 'ws';
import { decodeEnvelope, encodeEnvelope, type Envelope, type RmbAddress } from '../../rmb/envelope';
import { JwtError, parseJwt, verifyJwt } from '../../rmb/jwt';
import { silentLogger, type RmbLogger } from '../../rmb/peer';
import { chainTwinLookup, relayHosts, type TwinLookup } from '../../rmb/twin-lookup';
import { OfflineQueue } from './offline-queue';

export interface RelayOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** The chain's WebSocket JSON-RPC URL, for twin lookups. */
  chainUrl: string;
  /**
   * A client of that chain to share (the services process runs one for all its parts: each ApiPromise costs about
   * 0.2 s of CPU to decode the metadata). Left connected on close; without it the relay connects its own.
   */
  api?: ApiPromise;
  /**
   * The relay hostnames this relay serves: a twin whose on-chain relay names one of them is queued while offline.
   * Default: relay.local, localhost and 127.0.0.1.
   */
  domain?: string | string[];
  /** Default 1000. */
  maxQueuePerTwin?: number;
  /** How long a queued envelope may wait at most. Default 300 s. */
  queueTtlSecs?: number;
  /** Default 4 MiB; bigger frames close the connection (1009). */
  maxFrameBytes?: number;
  /** Default 10 000; more are refused with 503. */
  maxConnections?: number;
  logger?: RmbLogger;
}

export interface RelayStats {
  connections: number;
  /** envelopes received from twins */
  received: number;
  /** envelopes written to a twin's connection (routed, pongs, errors, flushed from the queue) */
  delivered: number;
  /** envelopes waiting in the offline queue now */
  queued: number;
  /** queued envelopes dropped because they expired */
  expired: number;
  /** error envelopes sent back to senders */
  errors: number;
  /** WebSocket upgrades refused (bad token, unknown twin, limits) */
  refusedConnections: number;
}

export interface RunningRelay {
  /** ws://host:port */
  readonly url: string;
  readonly port: number;
  stats(): RelayStats;
  close(): Promise<void>;
}

const DEFAULT_DOMAINS = ['relay.local', 'localhost', '127.0.0.1'];
/** rmb-rs `send_error`: the relay's own error envelopes live 300 s. */
const ERROR_EXPIRATION_SECS = 300;
const SWEEP_INTERVAL_MS = 1000;
const TWIN_LOOKUP_TIMEOUT_MS = 10_000;

interface Connection {
  ws: WebSocket;
  twin: number;
  sid: string | undefined;
  key: string;
  /** frames are routed one after another so that a twin's messages keep their order */
  inbox: Promise<void>;
}

/** The relay's session key of an address: `twin` or `twin:sid` (rmb-rs `SessionID`). */
export function sessionKey(twin: number, sid: string | undefined): string {
  return sid ? `${twin}:${sid}` : `${twin}`;
}

class RouteError extends Error {}

export async function startRelay(opts: RelayOptions): Promise<RunningRelay> {
  await cryptoWaitReady();
  const log = opts.logger ?? silentLogger;
  const host = opts.host ?? '127.0.0.1';
  const domains = new Set(opts.domain === undefined ? DEFAULT_DOMAINS : [opts.domain].flat());
  const maxQueuePerTwin = opts.maxQueuePerTwin ?? 1000;
  const queueTtlMs = (opts.queueTtlSecs ?? 300) * 1000;
  const maxConnections = opts.maxConnections ?? 10_000;

  const api = opts.api ?? await connectOwnApi(opts.chainUrl);
  const releaseApi = () => (opts.api ? Promise.resolve() : api.disconnect());
  // Short cache: a twin's relay may be updated on chain right after it connects (rmb_direct_client does so).
  const chainTwins: TwinLookup = chainTwinLookup(api, { ttlMs: 5000 });
  // A chain that went away must not stall a connection's routing forever: @polkadot/api waits for a reconnect.
  const twins: TwinLookup = {
    twin: (id) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the chain did not answer a twin lookup in time')), TWIN_LOOKUP_TIMEOUT_MS);
      chainTwins.twin(id).then(resolve, reject).finally(() => clearTimeout(timer));
    }),
  };

  const sessions = new Map<string, Connection>();
  const queue = new OfflineQueue(maxQueuePerTwin);
  const counters = { received: 0, delivered: 0, expired: 0, errors: 0, refusedConnections: 0 };
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes ?? 4 * 1024 * 1024, perMessageDeflate: false });

  const stats = (): RelayStats => ({ connections: sessions.size, queued: queue.size, ...counters });

  const send = (conn: Connection, frame: Uint8Array): void => {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    counters.delivered++;
    conn.ws.send(frame, { binary: true }, (err) => {
      if (err) log.debug('relay: write failed', { session: conn.key, error: err.message });
    });
  };

  const sendError = (to: Connection | undefined, uid: string, message: string): void => {
    if (!to) return;
    counters.errors++;
    const destination: RmbAddress = { twin: to.twin };
    if (to.sid !== undefined) destination.connection = to.sid;
    const env: Envelope = {
      uid, timestamp: Math.floor(Date.now() / 1000), expiration: ERROR_EXPIRATION_SECS, destination,
      message: { kind: 'error', code: 0, message }, relays: [],
    };
    send(to, encodeEnvelope(env));
  };

  const route = async (conn: Connection, env: Envelope, frame: Uint8Array): Promise<void> => {
    const src = env.source;
    if (!src || src.twin !== conn.twin || (src.connection || undefined) !== conn.sid) {
      throw new RouteError('message wrong source');
    }
    if (env.message?.kind === 'ping') {
      // As rmb-rs: the ping becomes a pong back to its sender, with "hello world" appended to plain.
      const plain = env.payload?.kind === 'plain' ? env.payload.data : new Uint8Array(0);
      const pong: Envelope = {
        ...env, message: { kind: 'pong' }, source: env.destination, destination: env.source,
        payload: { kind: 'plain', data: Buffer.concat([plain, Buffer.from('hello world')]) },
      };
      send(conn, encodeEnvelope(pong));
      return;
    }
    const dst = env.destination;
    if (!dst || dst.twin === 0) throw new RouteError('message with missing destination');
    const twin = await twins.twin(dst.twin);
    if (!twin) throw new RouteError('unknown twin destination');
    const hosts = relayHosts(twin.relay);
    if (hosts.length === 0) throw new RouteError('relay info is not set for this twin');
    const key = sessionKey(dst.twin, dst.connection || undefined);
    const target = sessions.get(key);
    if (target) {
      send(target, frame);
      return;
    }
    if (!hosts.some((h) => domains.has(h))) {
      // The real relay would federate to the twin's own relay; a local grid has only this one.
      throw new RouteError(`twin ${dst.twin} uses relay '${twin.relay}', which this local relay does not federate to`);
    }
    const now = Date.now();
    const ownExpiry = env.expiration ? (env.timestamp + env.expiration) * 1000 : Infinity;
    const expiresAt = Math.min(ownExpiry, now + queueTtlMs);
    if (expiresAt <= now) throw new RouteError('message expired');
    const queued = queue.push(dst.twin, {
      session: key, frame, expiresAt, uid: env.uid, isRequest: env.message?.kind === 'request', sourceSession: conn.key,
    });
    if (!queued) throw new RouteError(`twin ${dst.twin} is offline and its relay queue is full`);
    log.debug('relay: queued for an offline twin', { to: key, from: conn.key, uid: env.uid });
  };

  const onFrame = async (conn: Connection, frame: Uint8Array): Promise<void> => {
    let env: Envelope;
    try {
      env = decodeEnvelope(frame);
    } catch (error) {
      // As rmb-rs: an undecodable envelope ends the connection.
      log.warn('relay: undecodable envelope; disconnecting', { session: conn.key, error: (error as Error).message });
      conn.ws.close(1007, 'failed to load input message');
      return;
    }
    counters.received++;
    try {
      await route(conn, env, frame);
    } catch (error) {
      const message = error instanceof RouteError ? error.message : `relay error: ${(error as Error).message}`;
      if (!(error instanceof RouteError)) log.error('relay: routing failed', { uid: env.uid, error: String(error) });
      else log.debug('relay: not routed', { from: conn.key, uid: env.uid, reason: message });
      // Only requests get an error back: answering a response or an error could bounce between twins.
      if (env.message?.kind === 'request') sendError(conn, env.uid, message);
    }
  };

  const register = (ws: WebSocket, twin: number, sid: string | undefined): void => {
    const conn: Connection = { ws, twin, sid, key: sessionKey(twin, sid), inbox: Promise.resolve() };
    const old = sessions.get(conn.key);
    if (old) {
      log.info('relay: a new connection replaces the session', { session: conn.key });
      old.ws.close(4000, 'replaced by a new connection of the same session');
    }
    sessions.set(conn.key, conn);
    log.info('relay: twin connected', { session: conn.key, connections: sessions.size });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        log.warn('relay: text frame; disconnecting', { session: conn.key });
        ws.close(1003, 'only binary frames are supported');
        return;
      }
      const frame = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const bytes = new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength);
      conn.inbox = conn.inbox.then(() => onFrame(conn, bytes)).catch((error: unknown) => {
        log.error('relay: frame handling failed', { session: conn.key, error: String(error) });
      });
    });
    ws.on('error', (err) => log.debug('relay: websocket error', { session: conn.key, error: err.message }));
    ws.on('close', (code) => {
      if (sessions.get(conn.key) === conn) sessions.delete(conn.key);
      log.info('relay: twin disconnected', { session: conn.key, code });
    });
    for (const entry of queue.take(twin, conn.key, Date.now())) send(conn, entry.frame);
  };

  const refuse = (socket: Duplex, status: number, reason: string): void => {
    counters.refusedConnections++;
    const text = `${reason}\n`;
    socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 503 ? 'Service Unavailable' : 'Bad Request'}\r\n` +
      `Content-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  };

  const authenticate = async (req: IncomingMessage): Promise<{ twin: number; sid: string | undefined }> => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if (q < 0 || q === url.length - 1) throw new JwtError('missing token: connect to <relay>?<jwt>');
    const token = url.slice(q + 1);
    const { claims } = parseJwt(token);
    const twin = await twins.twin(claims.sub);
    if (!twin) throw new JwtError(`twin ${claims.sub} not found`);
    verifyJwt(token, twin.accountId);
    return { twin: claims.sub, sid: claims.sid };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', ...stats() }));
    } else if (req.method === 'GET' && path === '/metrics') {
      const lines = Object.entries(stats()).map(([k, v]) => `gridbox_relay_${k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} ${v}`);
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' }).end(`${lines.join('\n')}\n`);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found (federation is not supported)\n');
    }
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', (err) => log.debug('relay: socket error during upgrade', { error: err.message }));
    if (sessions.size >= maxConnections) {
      log.warn('relay: connection limit reached', { maxConnections });
      refuse(socket, 503, 'too many connections');
      return;
    }
    authenticate(req).then(({ twin, sid }) => {
      if (socket.destroyed) return;
      wss.handleUpgrade(req, socket, head, (ws) => register(ws, twin, sid));
    }, (error: unknown) => {
      const auth = error instanceof JwtError;
      log.info('relay: connection refused', { reason: auth ? error.message : `twin lookup failed: ${String(error)}` });
      refuse(socket, auth ? 401 : 503, auth ? error.message : 'twin lookup failed');
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  const sweeper = setInterval(() => {
    for (const e of queue.sweep(Date.now())) {
      counters.expired++;
      log.debug('relay: queued envelope expired', { to: e.session, uid: e.uid });
      if (e.isRequest) sendError(sessions.get(e.sourceSession), e.uid, `destination ${e.session} is offline: the message expired in the relay queue`);
    }
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    clearInterval(sweeper);
    await releaseApi();
    throw error;
  }
  server.on('error', (err) => log.error('relay: server error', { error: err.message }));
  const port = (server.address() as AddressInfo).port;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  log.info('relay: listening', { url, domains: [...domains] });

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    stats,
    close: () => (closing ??= (async () => {
      clearInterval(sweeper);
      for (const conn of sessions.values()) conn.ws.terminate();
      sessions.clear();
      queue.clear();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await releaseApi();
    })()),
  };
}

async function connectOwnApi(chainUrl: string): Promise<ApiPromise> {
  const provider = new WsProvider(chainUrl);
  try {
    return await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  } catch (error) {
    await provider.disconnect().catch(() => {});
    throw new Error(`cannot reach the chain at ${chainUrl}: ${(error as Error).message}`);
  }
}
