/**
 * The node host's control API (docs/LOCAL-GRID-SEAMS.md): HTTP on 127.0.0.1 only, `Authorization: Bearer <token>`
 * compared in constant time, JSON in and out, JSON errors. Used by the orchestrator for lifecycle and faults.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeHost } from './host';
import { HostError } from './host';

export interface ControlServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface ControlServerOptions {
  host: NodeHost;
  token: string;
  port?: number;
  /** Called after `POST /shutdown` answered. */
  onShutdown?: () => void;
}

const MAX_BODY = 64 * 1024;

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

export function tokenMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  // Hashing first gives equal-length buffers, so the comparison time says nothing about the token.
  return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HostError('request body too large', 413);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HostError('request body is not valid JSON', 400);
  }
}

export async function startControlServer(options: ControlServerOptions): Promise<ControlServer> {
  if (!options.token) throw new Error('a control token is required');
  const { host } = options;

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!tokenMatches(req.headers.authorization, options.token)) {
      send(res, 401, { error: 'missing or wrong bearer token' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const method = req.method ?? 'GET';
    if (path === '/nodes' && method === 'GET') return send(res, 200, host.list());
    if (path === '/nodes' && method === 'POST') {
      const raw = await readJson(req);
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new HostError('body must be a JSON object', 400);
      const body = raw as Record<string, unknown>;
      return send(res, 201, await host.addNode({
        name: body.name as string, farmId: body.farmId as number, profile: body.profile,
        ...(body.uptimeIntervalSecs !== undefined ? { uptimeIntervalSecs: body.uptimeIntervalSecs as number } : {}),
      }));
    }
    if (path === '/shutdown' && method === 'POST') {
      send(res, 200, { ok: true });
      options.onShutdown?.();
      return;
    }
    const m = /^\/nodes\/([^/]+)\/(stop|start|crash|restart|faults)$/.exec(path);
    if (m && method === 'POST') {
      const name = decodeURIComponent(m[1]!);
      switch (m[2]) {
        case 'stop': return send(res, 200, await host.stopNode(name));
        case 'start': return send(res, 200, await host.startNode(name));
        case 'crash': return send(res, 200, await host.crashNode(name));
        case 'restart': return send(res, 200, await host.restartNode(name));
        default: return send(res, 200, host.setFaults(name, await readJson(req)));
      }
    }
    send(res, 404, { error: `no route ${method} ${path}` });
  };

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HostError ? error.status : 500;
      if (!res.headersSent) send(res, status, { error: (error as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
