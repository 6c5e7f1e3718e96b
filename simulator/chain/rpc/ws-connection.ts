/**
 * One WebSocket client: feeds its messages to an RpcSession and guards the server against clients that stop
 * reading or vanish.
 *
 * - Send buffer: before each frame, if the bytes the socket has not flushed plus the notifications the session holds
 *   back exceed `maxBufferedBytes`, the client is not keeping up and is dropped (terminate, so the buffer is freed at
 *   once). One frame may overshoot the limit by at most `maxResponseBytes`, so big replies like metadata still go.
 *   jsonrpsee instead stops reading from such a client and lets Substrate drop lagging subscriptions; dropping the
 *   connection is simpler and polkadot-js reconnects and resubscribes by itself.
 * - Requests in flight: at `maxInFlight` unfinished messages the socket is paused (TCP backpressure, as jsonrpsee does
 *   when its per-connection channel is full) and resumed when one finishes, so a flood costs bounded memory.
 * - Dead peers: a ping every `pingIntervalMs`; no pong by the next tick and the connection is terminated. Substrate
 *   pings every 30 s too.
 */
import type { RawData, WebSocket } from 'ws';
import type { RpcConnection } from './group';
import type { RpcLogger } from './logger';
import type { RpcRegistry } from './registry';
import { RpcSession, type SessionLimits } from './session';

export interface WsConnectionLimits extends SessionLimits {
  maxBufferedBytes: number;
  maxInFlight: number;
  /** 0 disables the keep-alive ping. */
  pingIntervalMs: number;
}

export interface WsConnection {
  readonly session: RpcSession;
  /** Bytes the client has not read yet: unflushed by the socket plus notifications the session holds back. */
  backlogBytes(): number;
  /** Ends the subscriptions now and closes with 1001 Going Away; resolves when the socket is closed. */
  shutdown(graceMs: number): Promise<void>;
}

export interface ServeWebSocketOptions {
  connection: RpcConnection;
  registry: RpcRegistry;
  limits: WsConnectionLimits;
  logger: RpcLogger;
  /** Called once, after the socket closed and its subscriptions were cleaned up. */
  onClosed: () => void;
}

export function serveWebSocket(ws: WebSocket, options: ServeWebSocketOptions): WsConnection {
  const { connection, registry, limits, logger, onClosed } = options;
  let held = 0;
  let inFlight = 0;
  let alive = true;
  let dropped = false;

  const open = (): boolean => ws.readyState === ws.OPEN;
  const overLimit = (): boolean => ws.bufferedAmount + held > limits.maxBufferedBytes;
  const drop = (): void => {
    if (dropped) return;
    dropped = true;
    logger.warn('dropping a WebSocket client that does not read its messages', {
      connection: connection.id,
      bufferedBytes: ws.bufferedAmount,
      heldBytes: held,
      limit: limits.maxBufferedBytes,
    });
    ws.terminate();
  };

  const session = new RpcSession({
    registry,
    connection,
    limits,
    logger,
    sink: {
      send: (frame) => {
        if (!open()) return;
        if (overLimit()) return drop();
        ws.send(frame);
      },
      holding: (bytes) => {
        held = bytes;
        if (open() && overLimit()) drop();
      },
    },
  });

  ws.on('message', (data, isBinary) => {
    // jsonrpsee reads binary frames as JSON too; ws has already checked text frames are valid UTF-8.
    const text = rawToText(data);
    if (isBinary) logger.debug('binary frame read as text', { connection: connection.id });
    inFlight += 1;
    if (inFlight >= limits.maxInFlight && !ws.isPaused) ws.pause();
    session
      .receive(text)
      .catch((error: unknown) => {
        logger.error('message handling failed', { connection: connection.id, error: String(error) });
      })
      .finally(() => {
        inFlight -= 1;
        if (ws.isPaused && inFlight < limits.maxInFlight && open()) ws.resume();
      });
  });

  const pinger =
    limits.pingIntervalMs > 0
      ? setInterval(() => {
          if (!alive) {
            logger.debug('no pong: terminating', { connection: connection.id });
            ws.terminate();
            return;
          }
          alive = false;
          if (open()) ws.ping();
        }, limits.pingIntervalMs)
      : undefined;
  pinger?.unref();
  ws.on('pong', () => {
    alive = true;
  });

  // ws closes the socket itself after a protocol error (e.g. 1009 for a frame over maxPayload); just record it.
  ws.on('error', (error) => logger.debug('WebSocket error', { connection: connection.id, error: error.message }));

  const closed = new Promise<void>((resolve) => {
    ws.once('close', () => {
      if (pinger) clearInterval(pinger);
      session.close();
      onClosed();
      resolve();
    });
  });

  return {
    session,
    backlogBytes: () => ws.bufferedAmount + held,
    shutdown: async (graceMs) => {
      session.close();
      if (ws.readyState === ws.CLOSED) return;
      if (open()) ws.close(1001, 'Server shutting down');
      const timer = setTimeout(() => ws.terminate(), graceMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

function rawToText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
