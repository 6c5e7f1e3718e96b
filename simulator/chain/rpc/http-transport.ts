/**
 * JSON-RPC over HTTP POST, answered as jsonrpsee answers it (status codes and texts included), plus Substrate's
 * `GET /health` and `GET /health/readiness` shortcuts. Subscriptions are refused here: HTTP has no way to push.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorObject, exceededLimit, OVERSIZED_REQUEST, PARSE_ERROR } from './errors';
import type { RpcConnection } from './group';
import { errorResponse } from './jsonrpc';
import type { RpcLogger } from './logger';
import type { RpcRegistry } from './registry';
import { RpcSession, type SessionLimits } from './session';

export interface HttpTransportOptions {
  registry: RpcRegistry;
  limits: SessionLimits;
  maxMessageBytes: number;
  logger: RpcLogger;
  newConnection(req: IncomingMessage): RpcConnection;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain';
const JSON_MEDIA_TYPES = new Set(['application/json', 'application/json-rpc']);
const HEALTH_CALL = '{"jsonrpc":"2.0","id":0,"method":"system_health"}';

export async function handleHttpRequest(
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpTransportOptions,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && (path === '/health' || path === '/health/readiness')) {
    return answerHealth(res, path === '/health/readiness', options);
  }
  if (req.method !== 'POST') {
    return send(res, 405, TEXT_TYPE, 'Used HTTP Method is not allowed. POST is required\n');
  }
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_MEDIA_TYPES.has(mediaType)) {
    const text = 'Supplied content type is not allowed. Content-Type: application/json is required\n';
    return send(res, 415, TEXT_TYPE, text);
  }

  const body = await readBody(req, options.maxMessageBytes);
  if (body.kind === 'aborted') return void res.destroy();
  if (body.kind === 'too-large') {
    const error = errorObject(OVERSIZED_REQUEST, exceededLimit(options.maxMessageBytes));
    return send(res, 413, JSON_TYPE, errorResponse(null, error));
  }
  // Like jsonrpsee: a body that cannot even start a request or a batch is a 400; broken JSON after that is a 200.
  const first = body.text.trimStart()[0];
  if (first !== '{' && first !== '[') return send(res, 400, JSON_TYPE, errorResponse(null, errorObject(PARSE_ERROR)));

  const session = new RpcSession({
    registry: options.registry,
    connection: options.newConnection(req),
    limits: options.limits,
    logger: options.logger,
  });
  const reply = await session.respond(body.text);
  session.close();
  // Only notifications: jsonrpsee acknowledges with an empty 200.
  send(res, 200, JSON_TYPE, reply ?? '');
}

async function answerHealth(res: ServerResponse, readiness: boolean, options: HttpTransportOptions): Promise<void> {
  const session = new RpcSession({
    registry: options.registry,
    connection: { id: 0, transport: 'http', remoteAddress: undefined, locals: new Map() },
    limits: options.limits,
    logger: options.logger,
  });
  const reply = JSON.parse((await session.respond(HEALTH_CALL)) ?? '{}') as { result?: Record<string, unknown> };
  const health = reply.result;
  if (!health) return send(res, 500, JSON_TYPE, '');
  if (!readiness) return send(res, 200, JSON_TYPE, JSON.stringify(health));
  // Substrate's readiness also wants peers > 0; a dev chain has none and is still ready when it should have none.
  const ready = health.isSyncing === false && (Number(health.peers) > 0 || health.shouldHavePeers === false);
  send(res, ready ? 200 : 500, JSON_TYPE, '');
}

type Body = { kind: 'ok'; text: string } | { kind: 'too-large' } | { kind: 'aborted' };

/**
 * Reads at most `limit` bytes. Past the limit the rest is read and discarded rather than left unread: closing a
 * socket with unread input makes the kernel send a reset, and the client would lose our 413 answer.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number(req.headers['content-length'] ?? 0) > limit;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      } else {
        chunks.push(chunk);
      }
    });
    req.once('end', () => {
      resolve(tooLarge ? { kind: 'too-large' } : { kind: 'ok', text: Buffer.concat(chunks).toString('utf8') });
    });
    req.once('error', () => resolve({ kind: 'aborted' }));
    req.once('close', () => {
      if (!req.complete) resolve({ kind: 'aborted' });
    });
  });
}

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
